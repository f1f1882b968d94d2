import { IDisposable } from '@lumino/disposable';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { IExtractCommandOptions, stringsOf, target } from './options.js';
import { selectedSpan } from './span.js';

/** Extract's command ids, for other plugins (e.g. a flag's "Extract") to invoke. */
export namespace CommandIDs {
  export const extract = 'sane:extract-to-function';
}

/** Registers `sane:extract-to-function`; the returned disposable removes it. */
export function addExtractCommand(
  options: IExtractCommandOptions
): IDisposable {
  const { app, tracker, trans, feature } = options;
  const python = (args: ReadonlyPartialJSONObject) => {
    const panel = target(app, tracker, args)?.panel ?? tracker.currentWidget;
    // No notebook: not known to be another language.
    return panel ? options.analysis.of(panel).isPython : true;
  };

  return app.commands.addCommand(CommandIDs.extract, {
    label: args => {
      const found = target(app, tracker, args);
      const several =
        stringsOf(args.cellIds).length > 1 ||
        (found !== null && selectedSpan(found.panel, found.cell) !== null);
      if (!python(args)) {
        return trans.__('Extract Cell to Function (Python kernels only)');
      }
      return several
        ? trans.__('Extract Cells to Function')
        : trans.__('Extract Cell to Function');
    },
    caption: trans.__('Turn the code cell into a function plus its call'),
    isEnabled: args =>
      feature.enabled && python(args) && target(app, tracker, args) !== null,
    // The implementation (and the analysis it needs) is loaded on first use.
    execute: async args => {
      const { runExtract } = await import('./run.js');
      await runExtract(options, args);
    }
  });
}
