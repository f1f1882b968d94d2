import { DEFAULT_TESTS_SETTINGS, parseTestsSettings } from './settings.js';

describe('parseTestsSettings', () => {
  // The defaults and bounds of every key are checked against the schema in
  // src/common/schemas.spec.ts.
  it('gives the defaults for empty settings', () => {
    expect(parseTestsSettings({})).toEqual(DEFAULT_TESTS_SETTINGS);
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
