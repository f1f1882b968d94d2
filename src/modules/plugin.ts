import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator } from '@jupyterlab/translation';
import { activateCommandFeature } from '../common/commandFeature.js';
import { PluginIDs } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { INotebookAnalysis } from '../tokens.js';
import { addMoveCommands, CommandIDs } from './commands.js';
import { LastMove } from './lastMove.js';

/**
 * Moves a notebook's functions and classes, with what they depend on, into a `.py` module the
 * notebook imports, with previews, one undo step and "Undo move".
 */
export const modulesPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.modules,
  description:
    "Moves a notebook's functions and classes, with what they depend on, into a .py module the notebook imports.",
  autoStart: true,
  requires: [INotebookTracker, INotebookAnalysis, IEditorServices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    analysis: INotebookAnalysis,
    editorServices: IEditorServices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    state: IStateDB | null
  ) =>
    activateCommandFeature(
      {
        app,
        pluginId: PluginIDs.modules,
        parse: composite => readSettings(SCHEMAS.modules, composite),
        settingRegistry,
        palette,
        translator,
        commands: [CommandIDs.move, CommandIDs.undo]
      },
      (trans, feature) => {
        const last = new LastMove(state);
        addMoveCommands({
          app,
          tracker,
          analysis,
          editorServices,
          feature,
          trans,
          last
        });
        // A move made before a reload can still be undone once its notebook is open again.
        void app.restored
          .then(() => last.load())
          .then(() => app.commands.notifyCommandChanged(CommandIDs.undo));
        tracker.widgetAdded.connect(() =>
          app.commands.notifyCommandChanged(CommandIDs.undo)
        );
      }
    )
};
