import { IEnvironmentCommandOptions } from './options.js';

export namespace CommandIDs {
  export const check = 'sane:check-environment';
}

/** `sane:check-environment`: the findings in a dialog, with Add to requirements. */
export function addCheckCommand(options: IEnvironmentCommandOptions): void {
  const { app, tracker, feature, trans, checked } = options;
  app.commands.addCommand(CommandIDs.check, {
    label: trans.__('Check Environment: Every Import Declared'),
    caption: trans.__(
      "Whether every package this notebook imports is declared in the project's files"
    ),
    isEnabled: () => feature.settings.enabled && tracker.currentWidget !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (panel) {
        // The check (the imports' analysis, the dialog) is loaded on first use.
        const { checkAndShow } = await import('./run.js');
        await checkAndShow(app, panel, feature.settings, trans, checked);
      }
    }
  });
}
