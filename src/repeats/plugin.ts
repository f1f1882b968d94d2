import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { followSettings } from '../common/settings.js';
import { IExecutionLog } from '../tokens.js';
import { NotebookFlags } from './notebookFlags.js';
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
  requires: [INotebookTracker, IExecutionLog],
  optional: [ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    log: IExecutionLog,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
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
    const watch = (panel: NotebookPanel) => {
      const flags = new NotebookFlags(app, panel, log, feature, trans);
      panel.disposed.connect(() => flags.dispose());
    };
    tracker.forEach(watch);
    tracker.widgetAdded.connect((_, panel) => watch(panel));
  }
};
