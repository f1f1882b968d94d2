import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { activateCommandFeature } from '../common/commandFeature.js';
import { PluginIDs } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { INotebookAnalysis } from '../tokens.js';
import { addExtractCommand, CommandIDs } from './commands.js';

/** Turns a code cell into a function plus its call, with a preview and one undo step. */
export const extractPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.extract,
  description:
    'Turns a code cell into a function plus its call, with a preview and one undo step.',
  autoStart: true,
  requires: [INotebookTracker, INotebookAnalysis, IEditorServices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    analysis: INotebookAnalysis,
    editorServices: IEditorServices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) =>
    activateCommandFeature(
      {
        app,
        pluginId: PluginIDs.extract,
        parse: composite => readSettings(SCHEMAS.extract, composite),
        settingRegistry,
        palette,
        translator,
        commands: [CommandIDs.extract]
      },
      (trans, feature) => {
        addExtractCommand({
          app,
          tracker,
          analysis,
          editorServices,
          feature,
          trans
        });
      }
    )
};
