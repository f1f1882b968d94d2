import { JupyterFrontEnd } from '@jupyterlab/application';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { commandTarget } from '../notebook/navigate.js';
import { INotebookAnalysis } from '../tokens.js';
import { selectedSpan } from './span.js';

/** The extract settings, typed from schema/extract.json. */
export type ExtractSettings = SettingsOf<typeof SCHEMAS.extract>;

/** Extract's command ids, for other plugins (e.g. a flag's "Extract") to invoke. */
export namespace CommandIDs {
  export const extract = 'sane:extract-to-function';
}

export interface IExtractCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  analysis: INotebookAnalysis;
  editorServices: IEditorServices;
  feature: FeatureModel<ExtractSettings>;
  trans: TranslationBundle;
}

/** The notebook and the cell a command targets (see `commandTarget`). */
export function target(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  args: ReadonlyPartialJSONObject
) {
  const { panel, cell } = commandTarget(tracker, args, app);
  return panel?.model && cell ? { panel, model: panel.model, cell } : null;
}

/** The strings of a command argument that should be a list of them. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
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
