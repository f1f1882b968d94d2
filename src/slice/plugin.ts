import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { activateCommandFeature } from '../common/commandFeature.js';
import { PerNotebook } from '../notebook/perNotebook.js';
import { IExecutionLog, INotebookAnalysis } from '../tokens.js';
import { NotebookStale } from './stale.js';
import { staleButton } from './toolbar.js';
import { PluginIDs } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { addRunNeededCommand, CommandIDs } from './commands.js';

/** Stale cells, and running what a cell needs (in notebook order, then the cell). */
export const slicePlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.slice,
  description:
    'Marks cells whose output is out of date and runs, in notebook order, the earlier cells a cell needs, then the cell.',
  autoStart: true,
  requires: [INotebookTracker, INotebookAnalysis, IExecutionLog],
  optional: [
    ISettingRegistry,
    ICommandPalette,
    ITranslator,
    IToolbarWidgetRegistry
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    analysis: INotebookAnalysis,
    log: IExecutionLog,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null,
    toolbarRegistry: IToolbarWidgetRegistry | null
  ) =>
    activateCommandFeature(
      {
        app,
        pluginId: PluginIDs.slice,
        parse: composite => readSettings(SCHEMAS.slice, composite),
        settingRegistry,
        palette,
        translator,
        commands: [CommandIDs.runNeeded]
      },
      (trans, feature) => {
        addRunNeededCommand({
          app,
          tracker,
          feature,
          trans,
          isPython: panel => analysis.of(panel).isPython
        });
        // One stale-state per notebook, made with the panel, disposed with it.
        const stale = new PerNotebook(
          panel =>
            new NotebookStale(panel, analysis.of(panel), log, feature, trans)
        );
        app.docRegistry.addWidgetExtension('Notebook', stale);
        // The counter's place in the toolbar is declared in schema/slice.json.
        toolbarRegistry?.addFactory<NotebookPanel>(
          'Notebook',
          'sane-stale',
          panel => staleButton(stale.get(panel), trans)
        );
      }
    )
};
