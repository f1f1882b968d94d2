import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { followSettings, parseFeatureSettings } from '../common/settings.js';
import { addExtractCommand } from './commands.js';

/** Turns a code cell into a function plus its call, with a preview and one undo step. */
export const extractPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.extract,
  description:
    'Turns a code cell into a function plus its call, with a preview and one undo step.',
  autoStart: true,
  requires: [INotebookTracker, IEditorServices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    editorServices: IEditorServices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const feature = new FeatureModel<IFeatureSettings>({ enabled: true });
    addExtractCommand({ app, tracker, editorServices, feature, trans });
    palette?.addItem({
      command: 'sane:extract-to-function',
      category: trans.__('Sane')
    });
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.extract,
        parseFeatureSettings,
        s => {
          feature.settings = s;
          app.commands.notifyCommandChanged('sane:extract-to-function');
        }
      );
    }
  }
};
