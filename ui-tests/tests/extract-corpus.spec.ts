import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import {
  activeCell,
  cellsJSON,
  outputText,
  restartAndRunAll
} from './notebookJSON';

const ROOT = path.resolve(__dirname, '..', '..');
const NOTEBOOK = path.resolve(
  ROOT,
  '..',
  'shared',
  'corpus',
  'handson-ml3',
  'tools_numpy.ipynb'
);
const NAME = 'tools_numpy.ipynb';

async function outputs(page: IJupyterLabPageFixture): Promise<string[]> {
  return (await cellsJSON(page)).map(c => outputText(c).join('\n'));
}

/** Restarts the notebook's kernel in place and runs it from the top. */
async function runFresh(page: IJupyterLabPageFixture): Promise<string[]> {
  await restartAndRunAll(page);
  return outputs(page);
}

/** The extractable code cell nearest the middle that takes and gives data, by the CLI. */
function middleCell(): number {
  const report = JSON.parse(
    execFileSync(
      'node',
      [path.join(ROOT, 'lib', 'cli.js'), 'analyze', NOTEBOOK],
      {
        encoding: 'utf-8'
      }
    )
  ) as {
    notebooks: {
      cells: {
        index: number;
        extract: { ok: boolean; params?: string[]; returns?: string[] };
      }[];
    }[];
  };
  const cells = report.notebooks[0].cells;
  const candidates = cells.filter(
    c =>
      c.extract.ok &&
      c.extract.params!.length > 0 &&
      c.extract.returns!.length > 0
  );
  const middle = cells[Math.floor(cells.length / 2)].index;
  candidates.sort(
    (a, b) => Math.abs(a.index - middle) - Math.abs(b.index - middle)
  );
  return candidates[0].index;
}

test.skip(!existsSync(NOTEBOOK), `no corpus notebook at ${NOTEBOOK}`);
test.setTimeout(300000);
// Restarts need the real kernels API: Galata's mock answers a restart with 201, not 200.
test.use({ kernels: null });

test('a corpus notebook still runs the same after a middle cell is extracted', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadFile(NOTEBOOK, `${tmpPath}/${NAME}`);
  await page.notebook.openByPath(`${tmpPath}/${NAME}`);
  await page.notebook.activate(NAME);
  // Two clean runs tell which outputs are deterministic (the notebook draws random numbers).
  const first = await runFresh(page);
  const second = await runFresh(page);
  const stable = first.map((o, i) => o === second[i]);
  expect(stable.filter(Boolean).length).toBeGreaterThan(100);

  const index = middleCell();
  // The click lands where the cell was drawn: right after a Run All of 312 cells the
  // windowed notebook can still be settling its scroll, and the click then selects another.
  await expect(async () => {
    await page.notebook.selectCells(index);
    expect(await activeCell(page)).toBe(index);
  }).toPass({ timeout: 60000 });
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('sane:extract-to-function');
  });
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Extract' })
    .click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  const source = await page.evaluate(i => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: {
        model: {
          cells: { get(n: number): { sharedModel: { getSource(): string } } };
        };
      };
    };
    return panel.content.model.cells.get(i).sharedModel.getSource();
  }, index);
  expect(source).toMatch(/^(import .*\n)*\n*def \w+\(/);

  const after = await runFresh(page);
  expect(after).toHaveLength(first.length);
  const changed = after
    .map((o, i) =>
      stable[i] && o !== first[i] ? `cell ${i}: ${first[i]} -> ${o}` : null
    )
    .filter(Boolean);
  expect(changed).toEqual([]);
});
