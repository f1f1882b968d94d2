import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { PluginIDs } from '../common/pluginIds.js';
import { followSettings, parseFeatureSettings } from '../common/settings.js';

/** Marks test cells, runs them in the kernel and reports each test in a side panel. */
export const testsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.tests,
  description:
    'Marks test cells, runs them in the kernel and reports each test in a side panel.',
  autoStart: true,
  optional: [ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ) => {
    const model = new FeatureModel<IFeatureSettings>({ enabled: true });
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.tests,
        parseFeatureSettings,
        s => {
          model.settings = s;
        }
      );
    }
  }
};
