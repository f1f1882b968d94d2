import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { followSettings } from '../common/settings.js';
import { IHealthSection } from '../tokens.js';
import { EnvironmentSection } from './section.js';
import {
  addCheckCommand,
  CommandIDs,
  EnvironmentSettings
} from './commands.js';

/** Every import declared: the findings for the current notebook, and Add to requirements. */
export const environmentPlugin: JupyterFrontEndPlugin<IHealthSection> = {
  id: PluginIDs.environment,
  description:
    "Checks that every package a notebook imports is declared in the project's files, with the kernel's own environment; adds the missing ones to the requirements.",
  autoStart: true,
  requires: [INotebookTracker],
  provides: IHealthSection,
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): IHealthSection => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const parse = (composite: unknown) =>
      readSettings(SCHEMAS.environment, composite);
    const feature = new FeatureModel<EnvironmentSettings>(parse(null));
    const section = new EnvironmentSection(
      tracker,
      app.commands,
      CommandIDs.check,
      trans
    );
    addCheckCommand({
      app,
      tracker,
      feature,
      trans,
      checked: (path, reply) => section.record(path, reply)
    });
    palette?.addItem({ command: CommandIDs.check, category: trans.__('Sane') });
    if (settingRegistry) {
      void followSettings(settingRegistry, PluginIDs.environment, parse, s => {
        feature.settings = s;
        app.commands.notifyCommandChanged(CommandIDs.check);
      });
    }
    return section;
  }
};
