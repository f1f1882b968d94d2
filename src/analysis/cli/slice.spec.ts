import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from '../../testing/analysis';

const CLI = join(ROOT, 'lib', 'cli.js');

function run(...args: string[]) {
  return spawnSync('node', [CLI, ...args], { encoding: 'utf-8' });
}

function notebook(
  sources: [string, string][] = [
    ['markdown', '# data'],
    ['code', 'xs = [3, 1, 2]'],
    ['code', 'unrelated = 1'],
    ['code', 'xs.sort()'],
    ['code', 'print(xs)']
  ]
): string {
  const cell = (cell_type: string, source: string) => ({
    cell_type,
    source,
    metadata: {},
    ...(cell_type === 'code' ? { outputs: [], execution_count: null } : {})
  });
  const path = join(mkdtempSync(join(tmpdir(), 'sane-slice-')), 'nb.ipynb');
  writeFileSync(
    path,
    JSON.stringify({
      cells: sources.map(([type, source]) => cell(type, source)),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    })
  );
  return path;
}

(existsSync(CLI) ? describe : describe.skip)('node lib/cli.js slice', () => {
  it('prints the earlier code cells the cell needs, as indexes of the cells array', () => {
    const result = run('slice', notebook(), '--cell', '4');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ cell: 4, needs: [1, 3] });
  });

  it.each([['9'], ['0'], ['x'], ['-1']])(
    'says what is wrong with --cell %s on stderr and exits 2',
    index => {
      const result = run('slice', notebook(), '--cell', index);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: --cell: .+\n$/);
    }
  );

  it('keeps the cell that puts the parent folder on sys.path (issue 35)', () => {
    const path = notebook([
      ['code', 'import sys'],
      ['markdown', 'The helper module is one folder up.'],
      ['code', "sys.path.insert(0, '..')"],
      ['code', "d = {'numpy': '1.21.2'}"],
      ['code', 'other = 2'],
      [
        'code',
        'from python_environment_check import check_packages\ncheck_packages(d)'
      ]
    ]);
    const result = run('slice', path, '--cell', '5');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ cell: 5, needs: [0, 2, 3] });
  });

  it('exits 2 without --cell', () => {
    const result = run('slice', notebook());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--cell');
  });
});
