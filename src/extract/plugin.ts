import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { PluginIDs } from '../common/pluginIds.js';
import { followSettings, parseFeatureSettings } from '../common/settings.js';

/** Turns a code cell into a function plus its call, with a preview and one undo step. */
export const extractPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.extract,
  description:
    'Turns a code cell into a function plus its call, with a preview and one undo step.',
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
        PluginIDs.extract,
        parseFeatureSettings,
        s => {
          model.settings = s;
        }
      ).catch(reason => {
        console.error(
          'jupyterlab-sane: extract settings failed to load.',
          reason
        );
      });
    }
  }
};
