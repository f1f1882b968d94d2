import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { requestAPI } from '../common/server.js';
import { followSettings } from '../common/settings.js';
import { VERSION } from '../version.js';
import { HealthModel, IHealthReply } from './model.js';
import { DEFAULT_HEALTH_SETTINGS, parseHealthSettings } from './settings.js';
import { HealthStatus } from './view.js';

/** Health of the runtime and the storage under the work, in the status bar. */
export const healthPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.health,
  description:
    'Shows in the status bar whether the runtime and the storage under the work are healthy.',
  autoStart: true,
  optional: [IStatusBar, ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const serverSettings = app.serviceManager.serverSettings;
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: VERSION,
      fetchHealth: () => requestAPI<IHealthReply>(serverSettings, 'health')
    });
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.health,
        parseHealthSettings,
        s => {
          model.settings = s;
        }
      );
    }
    // In the background: activation never waits on the network.
    void model.checkServer();
    if (statusBar) {
      statusBar.registerStatusItem(PluginIDs.health, {
        item: new HealthStatus(model, trans),
        align: 'left',
        rank: 100,
        isActive: () => model.enabled,
        activeStateChanged: model.stateChanged
      });
    }
  }
};
