import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from '../../testing/analysis';

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
      1, 2, 3, 5, 7, 8, 11, 12, 14
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
    // The demo's two evaluation cells are a copy with other names: the first thing a newcomer
    // should see flagged.
    expect(report.clones).toEqual([
      expect.objectContaining({
        kind: 'renamed',
        cells: [
          expect.objectContaining({ index: 7 }),
          expect.objectContaining({ index: 8 })
        ]
      })
    ]);
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

// Issue 15: malformed input is exit 2 and one line on stderr, never a stack trace or exit 1.
(existsSync(CLI) ? describe : describe.skip)(
  'node lib/cli.js on bad input',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-cli-bad-'));
    const notebook = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const code = (source: string) =>
      JSON.stringify({
        cells: [
          { cell_type: 'code', source, metadata: {} },
          { cell_type: 'code', source: 'print(y)', metadata: {} }
        ]
      });

    it.each([
      ['null', 'null', 'not a notebook'],
      ['an array', '[]', 'not a notebook'],
      ['an empty object', '{}', 'no "cells" list'],
      ['a null cell', '{"cells": [null]}', 'cell 0 is not an object'],
      ['a number cell', '{"cells": [3]}', 'cell 0 is not an object'],
      [
        'a source of numbers',
        '{"cells": [{"cell_type": "code", "source": [1]}]}',
        'has no valid'
      ],
      [
        'a 3,000-deep nested call',
        code('y = ' + 'f('.repeat(3000) + '1' + ')'.repeat(3000)),
        'nested too deeply'
      ]
    ])('%s: exit 2, one line', (name, text, says) => {
      const result = run('analyze', notebook(`${name}.ipynb`, text));
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(says);
      expect(result.stderr).not.toContain('    at ');
    });

    it('reads a cell whose metadata is null', () => {
      const text = JSON.stringify({
        cells: [{ cell_type: 'code', source: 'x = 1', metadata: null }]
      });
      const result = run('analyze', notebook('meta.ipynb', text));
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout).notebooks[0].cells).toHaveLength(1);
    });
  }
);
