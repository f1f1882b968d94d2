/**
 * `BENCH exec_overhead_ratio`: 200 executions of a cell with jupyterlab-sane enabled, over the
 * same with it disabled, in one run of one server. Run by `make bench`, not by `make test`.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { openCells, waitForIdleKernel } from '../tests/notebookJSON';

const WITHOUT_PORT = Number(process.env.SANE_GALATA_PORT ?? 8931) + 1;

const RUNS = 200;
// Tests with another baseURL run in another worker: the figures go through a file.
const FIGURES = path.resolve(
  __dirname,
  '..',
  'test-results',
  'exec-overhead.json'
);

function record(kind: 'with' | 'without', ms: number): void {
  const all = existsSync(FIGURES)
    ? JSON.parse(readFileSync(FIGURES, 'utf-8'))
    : [];
  mkdirSync(path.dirname(FIGURES), { recursive: true });
  writeFileSync(FIGURES, JSON.stringify([...all, { kind, ms }]));
}

function report(): void {
  const all = JSON.parse(readFileSync(FIGURES, 'utf-8')) as {
    kind: string;
    ms: number;
  }[];
  const sum = (kind: string) =>
    all.filter(f => f.kind === kind).reduce((a, f) => a + f.ms, 0);
  const count = (kind: string) =>
    all.filter(f => f.kind === kind).length * RUNS;
  console.log(
    `BENCH exec_ms_with ${(sum('with') / count('with')).toFixed(2)} ms`
  );
  console.log(
    `BENCH exec_ms_without ${(sum('without') / count('without')).toFixed(2)} ms`
  );
  console.log(
    `BENCH exec_overhead_ratio ${(sum('with') / sum('without')).toFixed(3)} x`
  );
}

test.setTimeout(120000);
test.describe.configure({ mode: 'serial' });

async function runMany(
  page: IJupyterLabPageFixture,
  runs: number
): Promise<number> {
  await waitForIdleKernel(page);
  return page.evaluate(async n => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { activeCellIndex: number };
    };
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      panel.content.activeCellIndex = 0;
      await window.jupyterapp.commands.execute('notebook:run-cell');
    }
    return performance.now() - start;
  }, runs);
}

async function measure(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string
) {
  await openCells(page, tmpPath, `${name}.ipynb`, [['code', 'x = 1\nx + 1']]);
  await runMany(page, 20); // warm-up
  return runMany(page, RUNS);
}

// Two rounds each, interleaved, so drift on a shared machine hits both sides alike.
for (const round of [1, 2]) {
  test(`with the extension, round ${round}`, async ({ page, tmpPath }) => {
    const loaded = await page.evaluate(() =>
      window.jupyterapp.hasPlugin('jupyterlab-sane:execution')
    );
    expect(loaded).toBe(true);
    if (round === 1) {
      rmSync(FIGURES, { force: true });
    }
    record('with', await measure(page, tmpPath, `with-${round}`));
  });

  test.describe(`without the extension, round ${round}`, () => {
    // The second server, where jupyterlab-sane is disabled.
    test.use({ baseURL: `http://127.0.0.1:${WITHOUT_PORT}` });
    test('runs', async ({ page, tmpPath }) => {
      const loaded = await page.evaluate(() =>
        window.jupyterapp.hasPlugin('jupyterlab-sane:execution')
      );
      expect(loaded).toBe(false);
      record('without', await measure(page, tmpPath, `without-${round}`));
      if (round === 2) {
        report();
      }
    });
  });
}
