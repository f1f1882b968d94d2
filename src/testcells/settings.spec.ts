import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_TESTS_SETTINGS, parseTestsSettings } from './settings.js';

describe('parseTestsSettings', () => {
  it('gives the defaults for empty settings, and they equal the schema defaults', () => {
    expect(parseTestsSettings({})).toEqual(DEFAULT_TESTS_SETTINGS);
    const schema = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'schema', 'tests.json'), 'utf8')
    );
    const p = schema.properties;
    expect(p.timeoutSeconds.default).toBe(
      DEFAULT_TESTS_SETTINGS.timeoutSeconds
    );
    expect(p.rerunOnExecute.default).toBe(
      DEFAULT_TESTS_SETTINGS.rerunOnExecute
    );
    expect(p.helperPatterns.default).toEqual(
      DEFAULT_TESTS_SETTINGS.detection.helperPatterns
    );
  });

  it('applies the rules, patterns and bounds a user set', () => {
    const s = parseTestsSettings({
      enabled: false,
      detect: { tagged: true, testFunctions: false, asserts: false },
      helperPatterns: ['check_*', 7],
      timeoutSeconds: 99999,
      rerunOnExecute: true
    });
    expect(s.enabled).toBe(false);
    expect(s.detection).toEqual(
      expect.objectContaining({
        tagged: true,
        testFunctions: false,
        asserts: false,
        helperPatterns: ['check_*']
      })
    );
    expect(s.timeoutSeconds).toBe(3600);
    expect(s.rerunOnExecute).toBe(true);
  });
});
