import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import { activateCommandFeature } from '../common/commandFeature.js';
import { PluginIDs } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { IHealthSection } from '../tokens.js';
import { EnvironmentSection } from './section.js';
import { addCheckCommand, CommandIDs } from './commands.js';

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
  ): IHealthSection =>
    activateCommandFeature(
      {
        app,
        pluginId: PluginIDs.environment,
        parse: composite => readSettings(SCHEMAS.environment, composite),
        settingRegistry,
        palette,
        translator,
        commands: [CommandIDs.check]
      },
      (trans, feature) => {
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
        return section;
      }
    )
};
