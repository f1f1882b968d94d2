import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { PluginIDs } from '../common/pluginIds.js';
import { followSettings, parseFeatureSettings } from '../common/settings.js';

/** Flags repeated manual work on the cells: re-runs with edited values, copies, sequences run by hand. */
export const repeatsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.repeats,
  description:
    'Flags repeated manual work on the cells: re-runs with edited values, copies, sequences run by hand.',
  autoStart: true,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ) => {
    const model = new FeatureModel<IFeatureSettings>({ enabled: true });
    if (settingRegistry) {
      followSettings(
        settingRegistry,
        PluginIDs.repeats,
        parseFeatureSettings,
        s => {
          model.settings = s;
        }
      ).catch(reason => {
        console.error(
          'jupyterlab-sane: repeats settings failed to load.',
          reason
        );
      });
    }
  }
};
