import { expect, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  onCell,
  openCells,
  outputText,
  restartKernel
} from './notebookJSON';

/** A small numpy training notebook: later cells call numpy and read what earlier ones made. */
const TRAINING: [string, string][] = [
  ['code', 'import numpy as np'],
  ['code', 'rng = np.random.default_rng(0)\nX = rng.normal(size=(50, 2))'],
  ['code', 'y = X @ np.array([1.0, 2.0]) + 0.5\nX.min(axis=0)'],
  ['code', 'w = np.zeros(2)\nb = 0.0\nfor _ in range(200):\n    err = X @ w + b - y\n    w -= 0.1 * X.T @ err / len(y)\n    b -= 0.1 * err.mean()'],
  ['code', 'pred = X @ w + b\nprint(round(float(np.abs(pred - y).mean()), 3))'],
  ['code', 'print(np.ones(2).sum(), X.sum().round(3))']
]; // prettier-ignore

test.describe('Stale marks that mean it', () => {
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('Run All leaves no mark; re-running the training cell marks the evaluation cell naming w; "Run 1 stale cell" clears it', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'training.ipynb', TRAINING);
    await page.notebook.run();
    await expect
      .poll(async () => (await cellsJSON(page))[5].execution_count)
      .toBe(6);
    const marks = page.locator('.jp-NotebookPanel:visible .jp-sane-Stale');
    await expect(marks).toHaveCount(0);
    await expect(page.locator('.jp-sane-StaleButton')).toHaveCount(0);

    await page.notebook.runCell(3);
    const marker = onCell(page, 4, '.jp-sane-Stale');
    await expect(marker).toHaveText('stale');
    await expect(marker).toHaveAttribute('title', /cell 4 changed `w`/);
    await expect(marks).toHaveCount(1);
    const button = page.locator('.jp-sane-StaleButton');
    await expect(button).toHaveText(/^\s*Run 1 stale cell\s*$/);

    await button.click();
    await expect
      .poll(async () => (await cellsJSON(page))[4].execution_count)
      .toBe(8);
    await expect(marks).toHaveCount(0);
    await expect(button).toHaveCount(0);
  });

  test('the four-cell np.zeros / np.ones case: after a restart, Run What This Cell Needs runs only cells 1 and 2', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'zeros.ipynb', [
      ['code', 'import numpy as np'],
      ['code', 'a = np.zeros(3)'],
      ['code', 'b = np.ones(3)'],
      ['code', 'print(a)']
    ]);
    await page.notebook.run();
    await expect
      .poll(async () => (await cellsJSON(page))[3].execution_count)
      .toBe(4);

    await restartKernel(page);
    await (await page.notebook.getCellLocator(3))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Shift+c');
    await page.keyboard.type('Run What This Cell Needs');
    await page.keyboard.press('Enter');

    // A fresh kernel counts from 1: `b = np.ones(3)` kept its count from before the restart.
    await expect
      .poll(async () => (await cellsJSON(page))[3].execution_count)
      .toBe(3);
    const after = await cellsJSON(page);
    expect(after.map(c => c.execution_count)).toEqual([1, 2, 3, 3]);
    expect(outputText(after[3])).toEqual(['stream:[0. 0. 0.]\n']);
  });
});
