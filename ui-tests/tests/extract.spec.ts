import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellSource,
  cellsJSON,
  codeOutputs,
  restartAndRunAll
} from './notebookJSON';
import { SHOTS } from './screenshots';

const DEMO = path.resolve(__dirname, '..', '..', 'examples', 'demo.ipynb');
const FEATURES = 3; // the demo's "# features" cell

/** What each code cell showed, in order. */
async function openDemo(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  await page.contents.uploadFile(DEMO, `${tmpPath}/demo.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/demo.ipynb`);
  await page.notebook.activate('demo.ipynb');
}

/** Starts the command without waiting: it resolves only when its dialog closes. */
async function startExtract(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('sane:extract-to-function');
  });
}

test.describe('Extract cell to function', () => {
  // Runs the notebook twice, restarting its kernel in between.
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('extracts a middle cell; restarting the kernel and running all shows the same outputs', async ({
    page,
    tmpPath
  }) => {
    await openDemo(page, tmpPath);
    await page.notebook.run();
    const before = await codeOutputs(page);
    expect(before.flat().length).toBeGreaterThan(3);

    await page.notebook.selectCells(FEATURES);
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
      'def features(data):'
    );
    await dialog.screenshot({ path: path.join(SHOTS, 'extract-dialog.png') });
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await expect
      .poll(() => cellSource(page, FEATURES))
      .toMatch(/^def features\(data\):/);

    // Restart the kernel in place and run all: the same outputs as before the change.
    await restartAndRunAll(page);
    expect(await cellSource(page, FEATURES)).toMatch(/^def features\(data\):/);
    expect(await codeOutputs(page)).toEqual(before);
  });

  test('one undo restores the original cell, outputs included', async ({
    page,
    tmpPath
  }) => {
    await openDemo(page, tmpPath);
    await page.notebook.run();
    const cells = await cellsJSON(page);
    await page.notebook.selectCells(FEATURES);
    await startExtract(page);
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Extract' })
      .click();
    await expect
      .poll(() => cellSource(page, FEATURES))
      .toMatch(/^def features/);

    await page.evaluate(() =>
      window.jupyterapp.commands.execute('notebook:undo-cell-action')
    );
    const restored = await cellsJSON(page);
    expect(restored[FEATURES].source).toEqual(cells[FEATURES].source);
    expect(restored[FEATURES].outputs).toEqual(cells[FEATURES].outputs);
    expect(restored).toHaveLength(cells.length);
  });

  test('a cell magic is refused with its reason and nothing changes', async ({
    page,
    tmpPath
  }) => {
    await openDemo(page, tmpPath);
    await page.notebook.setCell(FEATURES, 'code', '%%time\nx = 1');
    await page.notebook.selectCells(FEATURES);
    await startExtract(page);
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('This cell cannot become a function');
    await expect(dialog).toContainText('cell magic %%time');
    await dialog.getByRole('button', { name: 'OK' }).click();
    expect(await cellSource(page, FEATURES)).toBe('%%time\nx = 1');
  });

  test('a name the notebook binds shows an inline error', async ({
    page,
    tmpPath
  }) => {
    await openDemo(page, tmpPath);
    await page.notebook.selectCells(FEATURES);
    await startExtract(page);
    const dialog = page.locator('.jp-Dialog');
    const name = dialog.getByLabel('Function name');
    await name.fill('data');
    await expect(dialog.getByRole('alert')).toContainText(
      'already binds "data"'
    );
    await name.fill('summarise');
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
      'def summarise(data):'
    );
    await dialog.getByRole('checkbox').first().uncheck();
    await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
      'def summarise():'
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await cellSource(page, FEATURES)).toMatch(/^# features/);
  });
});

test('type hints come from the values the kernel holds', async ({ page }) => {
  await page.notebook.createNew('hints.ipynb');
  await page.notebook.setCell(
    0,
    'code',
    "import numpy as np\nimport pandas as pd\narr = np.zeros((3, 2))\ndf = pd.DataFrame({'a': [1, 2]})"
  );
  await page.notebook.addCell('code', "total = arr.sum() + df['a'].sum()");
  await page.notebook.addCell('code', 'total');
  await page.notebook.run();
  const before = await page.notebook.getCellTextOutput(2);
  expect(before?.length).toBe(1);
  await page.notebook.selectCells(1);
  await startExtract(page);
  const dialog = page.locator('.jp-Dialog');
  const preview = dialog.locator('.jp-sane-ExtractPreview');
  await expect(preview).toContainText('(arr, df):');
  await dialog.getByLabel('Type hints from the kernel').check();
  // jaxtyping is in the test kernel: the array gets its dtype kind and shape.
  await expect(preview).toContainText(
    '(arr: Float[np.ndarray, "3 2"], df: pd.DataFrame) -> np.float64:'
  );
  await expect(preview).toContainText('shape (3, 2), dtype float64.');
  await dialog.screenshot({ path: path.join(SHOTS, 'extract-type-hints.png') });
  await dialog.getByRole('button', { name: 'Extract' }).click();
  await page.notebook.run();
  expect(await page.notebook.getCellTextOutput(2)).toEqual(before);
});

test('the copies of a cell become calls too, and one undo restores them all', async ({
  page
}) => {
  await page.notebook.createNew('copies.ipynb');
  const train =
    '# train\nlr = 0.1\nmodel = [x * lr for x in X]\nscore = sum(model)\nprint(score)';
  const copy =
    'lr = 0.01\nmodel2 = [x * lr for x in X2]\nscore2 = sum(model2)\nprint(score2)';
  await page.notebook.setCell(0, 'code', 'X = [1, 2, 3]\nX2 = [4, 5]');
  await page.notebook.addCell('code', train);
  await page.notebook.addCell('code', copy);
  await page.notebook.addCell('code', 'print(model, model2)');
  await page.notebook.run();
  const before = await codeOutputs(page);

  await page.notebook.selectCells(1);
  await startExtract(page);
  const dialog = page.locator('.jp-Dialog');
  await dialog
    .getByLabel('Also replace the copy of this cell with a call')
    .check();
  await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
    'def train(X, lr_value=0.1):'
  );
  await dialog.screenshot({ path: path.join(SHOTS, 'extract-copies.png') });
  await dialog.getByRole('button', { name: 'Extract' }).click();
  // The edit lands a moment after the click: wait for it, don't read at once.
  await expect
    .poll(() => cellSource(page, 2))
    .toBe('model2 = train(X2, lr_value=0.01)');

  await page.notebook.run();
  expect(await codeOutputs(page)).toEqual(before);

  await page.evaluate(() =>
    window.jupyterapp.commands.execute('notebook:undo-cell-action')
  );
  await expect.poll(() => cellSource(page, 1)).toBe(train);
  expect(await cellSource(page, 2)).toBe(copy);
});
