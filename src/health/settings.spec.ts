import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_HEALTH_SETTINGS, parseHealthSettings } from './settings';

describe('parseHealthSettings', () => {
  it('gives the schema defaults for empty settings', () => {
    expect(parseHealthSettings({})).toEqual(DEFAULT_HEALTH_SETTINGS);
    const schema = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'schema', 'health.json'), 'utf8')
    );
    for (const [key, value] of Object.entries(DEFAULT_HEALTH_SETTINGS)) {
      expect([key, schema.properties[key].default]).toEqual([key, value]);
    }
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
