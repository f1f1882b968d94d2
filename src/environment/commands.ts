import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import type { IEnvironmentReply } from './model.js';

export type EnvironmentSettings = SettingsOf<typeof SCHEMAS.environment>;

export namespace CommandIDs {
  export const check = 'sane:check-environment';
}

export interface IEnvironmentCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  feature: FeatureModel<EnvironmentSettings>;
  trans: TranslationBundle;
  /** Told each check's reply (the health popover's section shows the last one). */
  checked: (path: string, reply: IEnvironmentReply) => void;
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
