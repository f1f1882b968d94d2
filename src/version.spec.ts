import { readFileSync } from 'fs';
import { join } from 'path';
import { VERSION } from './version';

describe('VERSION', () => {
  it("equals package.json's version, which the Python package takes too", () => {
    const pkg = JSON.parse(
      readFileSync(join(__dirname, '..', 'package.json'), 'utf-8')
    ) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
