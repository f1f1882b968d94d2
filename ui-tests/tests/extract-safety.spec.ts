import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  openCells,
  outputText,
  restartAndRunAll,
  text,
  editedFrom,
  sourcesOf
} from './notebookJSON';

/**
 * Functions read globals when they are called. Extracting a cell must never freeze a name a
 * function reads into a closure, nor hide from it a name the cell rebinds.
 */
const LATE_READS: [type: 'code', source: string][] = [
  ['code', 'k = 2'],
  ['code', 'def f(a):\n    return a * k\nf(1)'],
  ['code', 'k = 10'],
  ['code', 'f(3)']
];

async function outputs(page: IJupyterLabPageFixture): Promise<string[][]> {
  return (await cellsJSON(page)).map(outputText);
}

async function sourceOf(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return text((await cellsJSON(page))[index].source);
}

/** Selects a cell with the keyboard's way in (a click), then extracts it by its shortcut. */
async function extractByKeys(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  await (await page.notebook.getCellLocator(index))!
    .locator('.jp-InputPrompt')
    .click();
  await page.keyboard.press('Control+Alt+e');
}

test.describe('Extraction keeps what the notebook computes', () => {
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('a function defined in the cell stays at module level, a name it reads stays the notebook’s; restart and run all gives the same outputs; undo restores each', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'late.ipynb', LATE_READS);
    await page.notebook.run();
    const before = await outputs(page);
    expect(before[3]).toEqual(['execute_result:30']);
    const original = await cellsJSON(page);

    const dialog = page.locator('.jp-Dialog');
    await extractByKeys(page, 1);
    // `f` stays a module-level function: later calls see the notebook's `k`, not a copy.
    const preview = dialog.locator('.jp-sane-ExtractPreview');
    // The preview is an editor: its lines' text runs together.
    await expect(preview).toContainText(
      /def f\(a\):\s*return a \* k\s*def run_f\(\)/
    );
    await expect(preview).not.toContainText('f = ');
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => sourceOf(page, 1)).toMatch(/^def f\(a\):/);

    await extractByKeys(page, 2);
    // `k` is read by `f` when a later cell calls it: it is a result of the new function.
    await expect(preview).toContainText('k = compute_k()');
    const was = await sourcesOf(page);
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await editedFrom(page, was);

    await restartAndRunAll(page);
    expect(await outputs(page)).toEqual(before);

    // Each extraction comes back with one undo, outputs included.
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('notebook:undo-cell-action')
    );
    await expect.poll(() => sourceOf(page, 2)).toBe('k = 10');
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('notebook:undo-cell-action')
    );
    await expect.poll(() => sourceOf(page, 1)).toBe(text(original[1].source));
    expect((await cellsJSON(page))[1].outputs).toEqual(original[1].outputs);
  });

  test('after the dialog the notebook has the keys: Z undoes the extraction at once', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'undo.ipynb', LATE_READS);
    await extractByKeys(page, 2);
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => sourceOf(page, 2)).toMatch(/^def compute_k/);
    await page.keyboard.press('z');
    await expect.poll(() => sourceOf(page, 2)).toBe('k = 10');
  });

  test('a cell that only defines functions is not wrapped in a factory: the dialog says why', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'defs.ipynb', [
      ['code', 'k = 2'],
      ['code', 'def f(a):\n    return a * k'],
      ['code', 'f(3)']
    ]);
    await extractByKeys(page, 1);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('This cell cannot become a function');
    await expect(dialog).toContainText('reusable as they are');
    await dialog.getByRole('button', { name: 'OK' }).click();
    expect(await sourceOf(page, 1)).toBe('def f(a):\n    return a * k');
  });

  test('a name the cell binds and a function it calls reads stays global: the training-loop case', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'train.ipynb', [
      ['code', 'X_test = [1, 2, 3]'],
      ['code', 'def evaluate():\n    return sum(x * w for x in X_test)'],
      ['code', 'lr = 2\nw = lr * 3\nprint(evaluate())']
    ]);
    await page.notebook.run();
    const before = await outputs(page);
    expect(before[2]).toEqual(['stream:36\n']);
    await extractByKeys(page, 2);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
      'global w'
    );
    const was = await sourcesOf(page);
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await editedFrom(page, was);
    await restartAndRunAll(page);
    expect(await outputs(page)).toEqual(before);
  });
});
