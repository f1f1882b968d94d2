import {
  DEFAULT_TEST_DETECTION,
  ITestDetectionOptions
} from '../analysis/index.js';
import { IFeatureSettings } from '../common/featureModel.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';

export interface ITestsSettings extends IFeatureSettings {
  detection: ITestDetectionOptions;
  /** Seconds one test may run before the runner stops it. */
  timeoutSeconds: number;
  /** Run a cell's tests again when a cell they read from is executed. */
  rerunOnExecute: boolean;
}

/** The settings of schema/tests.json, in the shape the analysis takes them. */
export function parseTestsSettings(composite: unknown): ITestsSettings {
  const raw = readSettings(SCHEMAS.tests, composite);
  return {
    enabled: raw.enabled,
    detection: {
      ...raw.detect,
      helperPatterns: raw.helperPatterns,
      // Not a setting: how much of a cell must be checks to make it a cell of asserts.
      minAssertShare: DEFAULT_TEST_DETECTION.minAssertShare
    },
    timeoutSeconds: raw.timeoutSeconds,
    rerunOnExecute: raw.rerunOnExecute
  };
}

/** The schema's defaults. */
export const DEFAULT_TESTS_SETTINGS = parseTestsSettings(null);
