import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { followSettings } from '../common/settings.js';
import { INotebookAnalysis } from '../tokens.js';
import { addExtractCommand, CommandIDs, ExtractSettings } from './commands.js';

/** Turns a code cell into a function plus its call, with a preview and one undo step. */
export const extractPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.extract,
  description:
    'Turns a code cell into a function plus its call, with a preview and one undo step.',
  autoStart: true,
  requires: [INotebookTracker, INotebookAnalysis, IEditorServices],
  optional: [ISettingRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    analysis: INotebookAnalysis,
    editorServices: IEditorServices,
    settingRegistry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const parse = (composite: unknown) =>
      readSettings(SCHEMAS.extract, composite);
    const feature = new FeatureModel<ExtractSettings>(parse(null));
    addExtractCommand({
      app,
      tracker,
      analysis,
      editorServices,
      feature,
      trans
    });
    palette?.addItem({
      command: CommandIDs.extract,
      category: trans.__('Sane')
    });
    if (settingRegistry) {
      void followSettings(settingRegistry, PluginIDs.extract, parse, s => {
        feature.settings = s;
        app.commands.notifyCommandChanged(CommandIDs.extract);
      });
    }
  }
};
