import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import type { IEnvironmentReply } from './model.js';

// What the command's registration (commands.ts) and its implementation, loaded on first use
// (run.ts), share.

/** The environment settings, typed from schema/environment.json. */
export type EnvironmentSettings = SettingsOf<typeof SCHEMAS.environment>;

export interface IEnvironmentCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  feature: FeatureModel<EnvironmentSettings>;
  trans: TranslationBundle;
  /** Told each check's reply (the health popover's section shows the last one). */
  checked: (path: string, reply: IEnvironmentReply) => void;
}
