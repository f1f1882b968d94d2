import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from '../../testing/analysis';

const CLI = join(ROOT, 'lib', 'cli.js');

function notebook(dir: string, sources: string[]): string {
  const path = join(dir, 'train.ipynb');
  const cells = sources.map(source => ({
    cell_type: 'code',
    source,
    metadata: {},
    outputs: [],
    execution_count: null
  }));
  writeFileSync(
    path,
    JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 })
  );
  return path;
}

function run(...args: string[]) {
  return spawnSync('node', [CLI, 'move', ...args], { encoding: 'utf-8' });
}

const SOURCES = [
  'import math',
  'def area(r):\n    return math.pi * r * r',
  'area(2)',
  'assert area(1) == math.pi'
];

// The CLI is the built lib/cli.js: `make test` builds it before jest runs.
(existsSync(CLI) ? describe : describe.skip)('node lib/cli.js move', () => {
  it('prints the contract, reading the existing module and tests from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-move-'));
    const nb = notebook(dir, SOURCES);
    writeFileSync(join(dir, 'geo.py'), 'import os\n\nHOME = os.sep\n');
    const result = run(nb, '--cells', '1', '--module', 'geo.py', '--tests');
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(Object.keys(answer)).toEqual([
      'ok',
      'module',
      'moduleSource',
      'names',
      'cells',
      'tests'
    ]);
    expect(answer.moduleSource).toBe(
      'import os\nimport math\n\nHOME = os.sep\n\n\ndef area(r):\n    return math.pi * r * r\n'
    );
    expect(answer.names).toEqual(['area']);
    expect(answer.cells).toEqual({
      replace: 1,
      remove: [3],
      source:
        '%load_ext autoreload\n%autoreload 1\n%aimport geo\nfrom geo import area'
    });
    expect(answer.tests.path).toBe('test_geo.py');
    expect(answer.tests.source).toContain('from geo import area\n');
  });

  it('refuses with the reason and the name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-move-'));
    const nb = notebook(dir, ['r0 = 2', 'def f():\n    return r0', 'r0 = 3']);
    const result = run(nb, '--cells', '1', '--module', 'geo.py');
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(Object.keys(answer)).toEqual(['ok', 'reason', 'name']);
    expect(answer.name).toBe('r0');
  });

  it('exits 2 for bad arguments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-move-'));
    const nb = notebook(dir, SOURCES);
    for (const args of [
      [nb, '--cells', '1'],
      [nb, '--cells', 'x', '--module', 'a.py'],
      [nb, '--cells', '9', '--module', 'a.py'],
      [nb, '--cells', '1', '--module', 'a.py', '--bogus']
    ]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/^error: /);
    }
  });
});
