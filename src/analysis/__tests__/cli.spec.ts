import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from './helpers';

const CLI = join(ROOT, 'lib', 'cli.js');

function run(...args: string[]) {
  return spawnSync('node', [CLI, ...args], { encoding: 'utf-8' });
}

// The CLI is the built lib/cli.js: `make test` builds it before jest runs.
(existsSync(CLI) ? describe : describe.skip)('node lib/cli.js analyze', () => {
  it('prints the JSON contract for the demo notebook', () => {
    const result = run('analyze', join(ROOT, 'examples', 'demo.ipynb'));
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['notebooks', 'clones']);
    const cells = report.notebooks[0].cells;
    expect(cells.map((c: { index: number }) => c.index)).toEqual([
      1, 2, 3, 4, 5, 6, 8, 9
    ]);
    const training = cells.find((c: { id: string }) => c.id === 'training');
    expect(training.extract).toEqual(
      expect.objectContaining({
        ok: true,
        params: ['xs', 'ys'],
        returns: ['w']
      })
    );
    expect(cells.filter((c: { test: boolean }) => c.test)).toHaveLength(2);
  });

  it('says what is wrong with an invalid notebook and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-cli-'));
    const bad = join(dir, 'bad.ipynb');
    writeFileSync(bad, '{"cells": 3}');
    const result = run('analyze', bad);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a notebook');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a missing file and on a wrong command', () => {
    expect(run('analyze', '/nonexistent.ipynb').status).toBe(2);
    expect(run('frobnicate').status).toBe(2);
  });
});
