import { JupyterFrontEnd } from '@jupyterlab/application';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { INotebookAnalysis } from '../tokens.js';
import { LastMove } from './lastMove.js';

// What the commands' registration (commands.ts) and the move, loaded on first use (run.ts),
// share.

/** The move settings, typed from schema/modules.json. */
export type ModulesSettings = SettingsOf<typeof SCHEMAS.modules>;

export interface IMoveCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  analysis: INotebookAnalysis;
  editorServices: IEditorServices;
  feature: FeatureModel<ModulesSettings>;
  trans: TranslationBundle;
  /** The last move, which Undo move reverses. */
  last: LastMove;
}
