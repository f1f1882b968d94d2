import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { followSettings } from '../common/settings.js';
import { PerNotebook } from '../notebook/perNotebook.js';
import { IExecutionLog, INotebookAnalysis } from '../tokens.js';
import { addRestoreCommand, CommandIDs } from './commands.js';
import { NotebookFlags } from './notebookFlags.js';
import { hintsButton } from './toolbar.js';
import {
  DEFAULT_REPEATS_SETTINGS,
  IRepeatsSettings,
  parseRepeatsSettings
} from './settings.js';

/** Flags, on the cell, manual work worth putting in a function. */
export const repeatsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.repeats,
  description:
    'Flags repeated manual work on the cells: re-runs with edited values, copies, sequences run by hand.',
  autoStart: true,
  requires: [INotebookAnalysis, IExecutionLog, INotebookTracker],
  optional: [
    ISettingRegistry,
    ITranslator,
    IToolbarWidgetRegistry,
    ICommandPalette
  ],
  activate: (
    app: JupyterFrontEnd,
    analysis: INotebookAnalysis,
    log: IExecutionLog,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    palette: ICommandPalette | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const feature = new FeatureModel<IRepeatsSettings>(
      DEFAULT_REPEATS_SETTINGS
    );
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.repeats,
        parseRepeatsSettings,
        s => {
          feature.settings = s;
        }
      );
    }
    // One set of flags per notebook, made with the panel (or by the toolbar, if it asks first).
    const flags = new PerNotebook(
      panel =>
        new NotebookFlags(app, panel, analysis.of(panel), log, feature, trans)
    );
    app.docRegistry.addWidgetExtension('Notebook', flags);
    // The item's place in the toolbar is declared in schema/repeats.json.
    toolbarRegistry?.addFactory<NotebookPanel>(
      'Notebook',
      'sane-hints',
      panel => hintsButton(flags.get(panel), feature, trans)
    );
    // The command's place in the View menu is declared in schema/repeats.json.
    addRestoreCommand(app.commands, tracker, panel => flags.get(panel), trans);
    palette?.addItem({
      command: CommandIDs.restoreHints,
      category: trans.__('Sane')
    });
  }
};
