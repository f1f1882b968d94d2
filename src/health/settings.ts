import { readSettings, SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';

const CHECKS = SCHEMAS.health.properties.checks.properties;

/** The checks the item shows, as schema/health.json lists them. */
export type CheckId = keyof typeof CHECKS;

export const CHECK_IDS = Object.keys(CHECKS) as readonly CheckId[];

/**
 * The health settings, typed from schema/health.json: its descriptions say what each means
 * (e.g. the thresholds' units and where critical starts).
 */
export type IHealthSettings = SettingsOf<typeof SCHEMAS.health>;

export function parseHealthSettings(composite: unknown): IHealthSettings {
  return readSettings(SCHEMAS.health, composite);
}

/** The schema's defaults. */
export const DEFAULT_HEALTH_SETTINGS = parseHealthSettings(null);
