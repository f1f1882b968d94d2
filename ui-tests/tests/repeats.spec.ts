import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import { activeCell, onCell, openSettings, openFlag } from './notebookJSON';
import { SHOTS } from './screenshots';

const A =
  'model = make(X)\nmodel.fit(X, y)\nscore = model.score(X, y)\nprint(score)';
const B = A.replace(/model/g, 'clf');

// Each test runs cells one by one; one reloads the page.
test.setTimeout(150000);

const flagOf = (page: IJupyterLabPageFixture, index: number) =>
  onCell(page, index, '.jp-sane-Flag');

test('a cell re-run with an edited value is flagged, naming what changed', async ({
  page
}) => {
  await page.notebook.createNew('reruns.ipynb');
  for (const lr of ['0.1', '0.01', '0.001']) {
    await page.notebook.setCell(0, 'code', `lr = ${lr}\nscore = lr * 2\nscore`);
    await page.notebook.runCell(0);
  }
  const flag = flagOf(page, 0);
  await expect(flag).toHaveAttribute('aria-label', /lr: 0\.1 → 0\.01 → 0\.001/);
  await page
    .locator('.jp-Notebook')
    .screenshot({ path: path.join(SHOTS, 'repeats-flag.png') });

  await openFlag(page, flag);
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('You ran this cell 3 times, changing lr');
  await dialog.screenshot({ path: path.join(SHOTS, 'repeats-popup.png') });
  await dialog.getByRole('button', { name: 'Extract to function' }).click();
  await expect(page.locator('.jp-Dialog')).toContainText(
    'Extract cell to function'
  );
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Cancel' })
    .click();
});

test('copies are flagged on both cells; a dismissal outlives closing and reopening', async ({
  page,
  tmpPath
}) => {
  await page.notebook.createNew('copies.ipynb');
  await page.notebook.setCell(0, 'code', A);
  await page.notebook.addCell('code', B);
  await expect(flagOf(page, 0)).toHaveAttribute('data-kinds', 'clone');
  await expect(flagOf(page, 1)).toHaveAttribute('data-kinds', 'clone');

  // The toolbar counts the hints and steps to the next flagged cell.
  const hints = page.locator('.jp-sane-Hints');
  await expect(hints).toContainText('2 hints');
  await page.notebook.selectCells(0);
  await hints.getByRole('button').click();
  expect(await activeCell(page)).toBe(1);
  await hints.getByRole('button').click();
  expect(await activeCell(page)).toBe(0);

  await flagOf(page, 0).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('with other names or values');
  await dialog.getByRole('button', { name: 'Dismiss' }).click();
  await expect(flagOf(page, 0)).toHaveCount(0);
  await expect(flagOf(page, 1)).toHaveCount(1);
  await expect(hints).toContainText('1 hint');

  // The dismissal lives in the cell's metadata: it comes back with the file.
  await page.notebook.save();
  await page.notebook.close();
  await page.notebook.openByPath(`${tmpPath}/copies.ipynb`);
  await page.notebook.activate('copies.ipynb');
  await expect(page.locator('.jp-Notebook .jp-Cell')).toHaveCount(2);
  await expect(flagOf(page, 1)).toHaveCount(1);
  await expect(flagOf(page, 0)).toHaveCount(0);
});

test('a sequence of cells run by hand is flagged on its first cell', async ({
  page
}) => {
  await page.notebook.createNew('sequence.ipynb');
  await page.notebook.setCell(0, 'code', 'data = list(range(5))');
  await page.notebook.addCell('code', 'total = sum(data)');
  for (let i = 0; i < 3; i++) {
    await page.notebook.runCell(0);
    await page.notebook.runCell(1);
  }
  await expect(flagOf(page, 0)).toHaveAttribute(
    'aria-label',
    /in this order 3 times/
  );
});

test('switching a detector off hides its flags without a reload', async ({
  page
}) => {
  await page.notebook.createNew('toggle.ipynb');
  await page.notebook.setCell(0, 'code', A);
  await page.notebook.addCell('code', B);
  await expect(flagOf(page, 0)).toHaveCount(1);

  await openSettings(page, 'Sane: repeated work');
  await page.getByRole('checkbox', { name: /Flag copied cells/ }).uncheck();
  await page.getByRole('tab', { name: 'toggle.ipynb' }).click();
  await expect(flagOf(page, 0)).toHaveCount(0);
  await expect(flagOf(page, 1)).toHaveCount(0);
});

test('a dismissal outlives a page reload', async ({ page, tmpPath }) => {
  await page.notebook.createNew('reload.ipynb');
  await page.notebook.setCell(0, 'code', A);
  await page.notebook.addCell('code', B);
  await expect(flagOf(page, 0)).toHaveCount(1);
  await flagOf(page, 0).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Dismiss' })
    .click();
  await expect(flagOf(page, 0)).toHaveCount(0);
  await page.notebook.save();

  await page.reload({ waitForIsReady: false });
  // Playwright's own waits: Galata's page proxy can miss a page that reloaded. The restored
  // workspace may bring back other notebooks too: only the one shown is looked at.
  await page
    .locator('.lm-TabBar-tab', { hasText: 'reload.ipynb' })
    .first()
    .click({ timeout: 60000 });
  const cells = page.locator(
    '.jp-NotebookPanel:visible .jp-Notebook .jp-Cell:visible'
  );
  await expect(cells).toHaveCount(2, { timeout: 60000 });
  await expect(cells.nth(1).locator('.jp-sane-Flag')).toHaveCount(1);
  await expect(cells.nth(0).locator('.jp-sane-Flag')).toHaveCount(0);
});

test('a notebook of another language gets exact copies only, and says so; test cells say they need Python', async ({
  page,
  tmpPath
}) => {
  const cell = (source: string) => ({
    cell_type: 'code',
    source,
    metadata: {},
    outputs: [],
    execution_count: null
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'ir', display_name: 'R', language: 'R' },
      language_info: { name: 'R' }
    },
    cells: [cell(A), cell(B), cell(A)]
  };
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/other.ipynb`
  );
  await page.notebook.openByPath(`${tmpPath}/other.ipynb`);
  // No such kernel here: JupyterLab asks which to use; the notebook stays without one.
  const dialog = page.locator('.jp-Dialog');
  if (
    await dialog
      .waitFor({ timeout: 5000 })
      .then(() => true)
      .catch(() => false)
  ) {
    await dialog
      .getByRole('button', { name: /No Kernel|Cancel/ })
      .first()
      .click();
  }
  await expect(flagOf(page, 0)).toHaveAttribute('data-kinds', 'clone');
  await expect(flagOf(page, 2)).toHaveAttribute('data-kinds', 'clone');
  // The renamed copy is not flagged: without Python, names mean nothing to the analysis.
  await expect(flagOf(page, 1)).toHaveCount(0);
  await expect(page.locator('.jp-sane-Hints')).toContainText(
    '2 hints (exact copies only)'
  );
  const label = await page.evaluate(() =>
    window.jupyterapp.commands.label('sane:extract-to-function')
  );
  expect(label).toBe('Extract Cell to Function (Python kernels only)');
  // Test cells too: the run commands say why they are off, and so does the panel.
  const runLabel = await page.evaluate(() =>
    window.jupyterapp.commands.label('sane:run-test-cells')
  );
  expect(runLabel).toBe('Run All Test Cells (Python kernels only)');
  await page.evaluate(() =>
    window.jupyterapp.shell.activateById('jp-sane-tests')
  );
  await expect(page.locator('.jp-sane-TestsPanel-notice')).toContainText(
    'Python kernels only'
  );
  await expect(
    page.locator('.jp-sane-TestsPanel').getByRole('button', { name: 'Run all' })
  ).toBeDisabled();
});
