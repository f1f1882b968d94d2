import { readSettings, SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';

/**
 * The repeated-work settings, typed from schema/repeats.json: its titles and descriptions say
 * what each means (N = minRuns, M = minLines, K = minTimes).
 */
export type IRepeatsSettings = SettingsOf<typeof SCHEMAS.repeats>;

export function parseRepeatsSettings(composite: unknown): IRepeatsSettings {
  return readSettings(SCHEMAS.repeats, composite);
}

/** The schema's defaults. */
export const DEFAULT_REPEATS_SETTINGS = parseRepeatsSettings(null);
