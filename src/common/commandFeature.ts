import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';
import { FeatureModel, IFeatureSettings } from './featureModel.js';
import { TRANSLATION_DOMAIN } from './pluginIds.js';
import { followSettings } from './settings.js';

/** What a feature made of commands needs from its plugin's `activate`. */
export interface ICommandFeatureOptions<T extends IFeatureSettings> {
  app: JupyterFrontEnd;
  /** The plugin whose settings the feature follows. */
  pluginId: string;
  /** The settings from the registry's composite (null: the schema's defaults). */
  parse: (composite: unknown) => T;
  settingRegistry: ISettingRegistry | null;
  palette: ICommandPalette | null;
  translator: ITranslator | null;
  /** The feature's commands: in the palette, told when the settings change (label, enabled). */
  commands: readonly string[];
}

/**
 * The set-up every command feature's plugin shares: its words, its settings (the schema's
 * defaults until the registry answers, then followed live), its commands registered by
 * `register` and put in the palette. Returns what `register` returns.
 */
export function activateCommandFeature<T extends IFeatureSettings, R>(
  options: ICommandFeatureOptions<T>,
  register: (trans: TranslationBundle, feature: FeatureModel<T>) => R
): R {
  const { app, parse, commands } = options;
  const trans = (options.translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
  const feature = new FeatureModel<T>(parse(null));
  const result = register(trans, feature);
  for (const command of commands) {
    options.palette?.addItem({ command, category: trans.__('Sane') });
  }
  if (options.settingRegistry) {
    void followSettings(options.settingRegistry, options.pluginId, parse, s => {
      feature.settings = s;
      commands.forEach(command => app.commands.notifyCommandChanged(command));
    });
  }
  return result;
}
