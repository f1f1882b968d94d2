import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { followSettings } from '../common/settings.js';
import { addRunNeededCommand, CommandIDs } from './commands.js';

/** Runs what a cell needs, in notebook order, then the cell: after a restart, only that. */
export const slicePlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.slice,
  description:
    'Runs, in notebook order, the earlier cells a cell needs, then the cell.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const parse = (composite: unknown) =>
      readSettings(SCHEMAS.slice, composite);
    const feature = new FeatureModel<IFeatureSettings>(parse(null));
    addRunNeededCommand({ app, tracker, feature, trans });
    palette?.addItem({
      command: CommandIDs.runNeeded,
      category: trans.__('Sane')
    });
    if (settingRegistry) {
      void followSettings(settingRegistry, PluginIDs.slice, parse, s => {
        feature.settings = s;
        app.commands.notifyCommandChanged(CommandIDs.runNeeded);
      });
    }
  }
};
