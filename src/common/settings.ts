import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IDisposable } from '@lumino/disposable';

/**
 * Readers that turn untrusted composite settings into typed values. The schema already rejects
 * bad values in the Settings Editor; these guard against hand-edited overrides and old files.
 */
export function readBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

export function readNumber(
  value: unknown,
  fallback: number,
  min: number,
  max: number
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, value));
}

export function readInteger(
  value: unknown,
  fallback: number,
  min: number,
  max: number
): number {
  return Math.round(readNumber(value, fallback, min, max));
}

export function readStringList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) {
    return fallback;
  }
  return value.filter((item): item is string => typeof item === 'string');
}

/**
 * Loads a plugin's settings, applies them once, then again on every change, so the feature
 * follows the Settings Editor live. Runs in the background: `activate` never awaits it. A
 * failure to load is reported on the console and the feature keeps its defaults. Resolves to
 * a disposable that stops following, or null when the settings could not be loaded.
 */
export function followSettings<T>(
  registry: ISettingRegistry,
  pluginId: string,
  parse: (composite: ISettingRegistry.ISettings['composite']) => T,
  apply: (settings: T) => void
): Promise<IDisposable | null> {
  return registry
    .load(pluginId)
    .then(settings => {
      const onChanged = () => apply(parse(settings.composite));
      onChanged();
      settings.changed.connect(onChanged);
      let disposed = false;
      return {
        get isDisposed() {
          return disposed;
        },
        dispose() {
          if (!disposed) {
            disposed = true;
            settings.changed.disconnect(onChanged);
          }
        }
      };
    })
    .catch(reason => {
      console.error(
        `jupyterlab-sane: settings of ${pluginId} failed to load.`,
        reason
      );
      return null;
    });
}
