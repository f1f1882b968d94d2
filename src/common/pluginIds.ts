/** Plugin ids; each is also the id of the plugin's schema in the settings registry. */
export namespace PluginIDs {
  export const execution = 'jupyterlab-sane:execution';
  export const repeats = 'jupyterlab-sane:repeats';
  export const extract = 'jupyterlab-sane:extract';
  export const tests = 'jupyterlab-sane:tests';
  export const health = 'jupyterlab-sane:health';
  export const slice = 'jupyterlab-sane:slice';
  export const environment = 'jupyterlab-sane:environment';
  export const data = 'jupyterlab-sane:data';
  export const modules = 'jupyterlab-sane:modules';
}

/** The translation domain of every user-facing string of the extension. */
export const TRANSLATION_DOMAIN = 'jupyterlab_sane';
