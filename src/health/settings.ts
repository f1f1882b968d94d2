import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IFeatureSettings } from '../common/featureModel.js';
import { readBoolean, readNumber } from '../common/settings.js';

export type CheckId =
  'kernel' | 'memory' | 'disk' | 'storage' | 'backup' | 'gpu' | 'environment';

export const CHECK_IDS: readonly CheckId[] = [
  'kernel',
  'memory',
  'disk',
  'storage',
  'backup',
  'gpu',
  'environment'
];

export interface IHealthSettings extends IFeatureSettings {
  checks: Record<CheckId, boolean>;
  /** Warn when the notebook's directory is not in a git repository. */
  warnNotGit: boolean;
  /** Warn below this share of free disk, in percent (critical below half of it). */
  freeDiskPercent: number;
  /** Warn above this write latency, in ms (critical above four times it). */
  latencyMs: number;
  /** Warn when changes are older than this many hours since the last commit. */
  uncommittedHours: number;
  /** Warn above this share of the memory limit (critical above 0.95). */
  memoryFraction: number;
  /** Seconds between two readings. */
  refreshSeconds: number;
}

export const DEFAULT_HEALTH_SETTINGS: IHealthSettings = {
  enabled: true,
  checks: {
    kernel: true,
    memory: true,
    disk: true,
    storage: true,
    backup: true,
    gpu: true,
    environment: true
  },
  warnNotGit: true,
  freeDiskPercent: 10,
  latencyMs: 50,
  uncommittedHours: 24,
  memoryFraction: 0.8,
  refreshSeconds: 10
};

export function parseHealthSettings(
  composite: ISettingRegistry.ISettings['composite']
): IHealthSettings {
  const raw = (composite ?? {}) as Record<string, unknown>;
  const d = DEFAULT_HEALTH_SETTINGS;
  const checks = (raw.checks ?? {}) as Record<string, unknown>;
  return {
    enabled: readBoolean(raw.enabled, d.enabled),
    checks: Object.fromEntries(
      CHECK_IDS.map(id => [id, readBoolean(checks[id], d.checks[id])])
    ) as Record<CheckId, boolean>,
    warnNotGit: readBoolean(raw.warnNotGit, d.warnNotGit),
    freeDiskPercent: readNumber(raw.freeDiskPercent, d.freeDiskPercent, 1, 50),
    latencyMs: readNumber(raw.latencyMs, d.latencyMs, 1, 10000),
    uncommittedHours: readNumber(
      raw.uncommittedHours,
      d.uncommittedHours,
      0,
      8760
    ),
    memoryFraction: readNumber(raw.memoryFraction, d.memoryFraction, 0.1, 0.99),
    refreshSeconds: readNumber(raw.refreshSeconds, d.refreshSeconds, 2, 600)
  };
}
