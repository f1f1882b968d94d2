import { JupyterFrontEnd } from '@jupyterlab/application';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { commandTarget } from '../notebook/navigate.js';
import { INotebookAnalysis } from '../tokens.js';

// What the command's registration (commands.ts) and its implementation, loaded on first use
// (run.ts), share.

/** The extract settings, typed from schema/extract.json. */
export type ExtractSettings = SettingsOf<typeof SCHEMAS.extract>;

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
