import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IFeatureSettings } from '../common/featureModel.js';
import { readBoolean, readInteger, readNumber } from '../common/settings.js';

export interface IRepeatsSettings extends IFeatureSettings {
  reruns: boolean;
  clones: boolean;
  sequences: boolean;
  /** N: runs of a cell with only values changed before it is flagged. */
  minRuns: number;
  /** M: lines a copied cell must have. */
  minLines: number;
  /** K: times a sequence of cells must be run by hand. */
  minTimes: number;
  similarity: number;
  /** Leave cells tagged `no-sane` alone. */
  skipTagged: boolean;
}

export const DEFAULT_REPEATS_SETTINGS: IRepeatsSettings = {
  enabled: true,
  reruns: true,
  clones: true,
  sequences: true,
  minRuns: 3,
  minLines: 3,
  minTimes: 3,
  similarity: 0.8,
  skipTagged: true
};

export function parseRepeatsSettings(
  composite: ISettingRegistry.ISettings['composite']
): IRepeatsSettings {
  const raw = (composite ?? {}) as Record<string, unknown>;
  const d = DEFAULT_REPEATS_SETTINGS;
  return {
    enabled: readBoolean(raw.enabled, d.enabled),
    reruns: readBoolean(raw.reruns, d.reruns),
    clones: readBoolean(raw.clones, d.clones),
    sequences: readBoolean(raw.sequences, d.sequences),
    minRuns: readInteger(raw.minRuns, d.minRuns, 2, 100),
    minLines: readInteger(raw.minLines, d.minLines, 1, 1000),
    minTimes: readInteger(raw.minTimes, d.minTimes, 2, 100),
    similarity: readNumber(raw.similarity, d.similarity, 0.5, 1),
    skipTagged: readBoolean(raw.skipTagged, d.skipTagged)
  };
}
