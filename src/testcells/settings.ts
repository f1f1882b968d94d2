import { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  DEFAULT_TEST_DETECTION,
  ITestDetectionOptions
} from '../analysis/testcells.js';
import { IFeatureSettings } from '../common/featureModel.js';
import { readBoolean, readNumber, readStringList } from '../common/settings.js';

export interface ITestsSettings extends IFeatureSettings {
  detection: ITestDetectionOptions;
  /** Seconds one test may run before the runner stops it. */
  timeoutSeconds: number;
  /** Run a cell's tests again when a cell they read from is executed. */
  rerunOnExecute: boolean;
}

export const DEFAULT_TESTS_SETTINGS: ITestsSettings = {
  enabled: true,
  detection: DEFAULT_TEST_DETECTION,
  timeoutSeconds: 60,
  rerunOnExecute: false
};

export function parseTestsSettings(
  composite: ISettingRegistry.ISettings['composite']
): ITestsSettings {
  const raw = (composite ?? {}) as Record<string, unknown>;
  const d = DEFAULT_TESTS_SETTINGS;
  const rules = (raw.detect ?? {}) as Record<string, unknown>;
  return {
    enabled: readBoolean(raw.enabled, d.enabled),
    detection: {
      tagged: readBoolean(rules.tagged, d.detection.tagged),
      testFunctions: readBoolean(
        rules.testFunctions,
        d.detection.testFunctions
      ),
      asserts: readBoolean(rules.asserts, d.detection.asserts),
      helperPatterns: readStringList(raw.helperPatterns, [
        ...d.detection.helperPatterns
      ]),
      minAssertShare: d.detection.minAssertShare
    },
    timeoutSeconds: readNumber(raw.timeoutSeconds, d.timeoutSeconds, 1, 3600),
    rerunOnExecute: readBoolean(raw.rerunOnExecute, d.rerunOnExecute)
  };
}
