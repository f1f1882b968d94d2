import { DEFAULT_HEALTH_SETTINGS, parseHealthSettings } from './settings';

describe('parseHealthSettings', () => {
  // The defaults and bounds of every key are checked against the schema in
  // src/common/schemas.spec.ts.
  it('gives the defaults for empty settings', () => {
    expect(parseHealthSettings({})).toEqual(DEFAULT_HEALTH_SETTINGS);
  });

  it('keeps user values inside the schema bounds', () => {
    const s = parseHealthSettings({
      checks: { disk: false, gpu: 'no' },
      freeDiskPercent: 99,
      refreshSeconds: 0.5,
      memoryFraction: 0.9
    });
    expect(s.checks.disk).toBe(false);
    expect(s.checks.gpu).toBe(true);
    expect(s.freeDiskPercent).toBe(50);
    expect(s.refreshSeconds).toBe(2);
    expect(s.memoryFraction).toBe(0.9);
  });
});
