import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellSource,
  cellsJSON,
  onCell,
  restartKernel,
  setSource,
  waitForIdleKernel,
  openFlag
} from './notebookJSON';
import { SHOTS } from './screenshots';

/**
 * The demo a newcomer opens with `make start`, walked as its markdown says: Run All, then each
 * numbered step. Each feature it promises must show; a screenshot of each goes to SHOTS.
 */
const DEMO = path.resolve(__dirname, '..', '..', 'examples', 'demo.ipynb');

// Cell positions in examples/demo.ipynb (all cell types).
const TRAINING = 5;
const EVAL_TRAIN = 7;
const EVAL_TEST = 8;
const TESTS = 11;
const ASSERTS = 12;
const DATA = 14;
const CODE = [1, 2, 3, TRAINING, EVAL_TRAIN, EVAL_TEST, TESTS, ASSERTS, DATA];

test.use({ kernels: null });
test.setTimeout(240000);

const shot = (name: string) => path.join(SHOTS, `demo-${name}.png`);
const stale = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-Notebook .jp-sane-Stale');

/** The training cell with another learning rate, run with Shift+Enter as a user would. */
async function trainWith(
  page: IJupyterLabPageFixture,
  lr: string
): Promise<void> {
  const source = (await cellSource(page, TRAINING)).replace(
    /^lr = .*$/m,
    `lr = ${lr}`
  );
  await setSource(page, TRAINING, source);
  await page.notebook.selectCells(TRAINING);
  await page.keyboard.press('Shift+Enter');
  await waitForIdleKernel(page);
}

test('the demo shows every feature its markdown promises', async ({
  page,
  tmpPath
}) => {
  await page.contents.uploadFile(DEMO, `${tmpPath}/demo.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/demo.ipynb`);
  await page.notebook.activate('demo.ipynb');
  await waitForIdleKernel(page);

  // Run All: every code cell ran; health, test markers and the copy flags show; nothing stale.
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect
    .poll(
      async () => (await cellsJSON(page))[ASSERTS].execution_count ?? null,
      { timeout: 60000 }
    )
    .not.toBeNull();
  await waitForIdleKernel(page);
  await expect(page.locator('.jp-sane-HealthStatus')).toBeVisible();
  await expect(onCell(page, TESTS, '.jp-sane-TestMarker')).toBeVisible();
  for (const copy of [EVAL_TRAIN, EVAL_TEST]) {
    await expect(onCell(page, copy, '.jp-sane-Flag')).toHaveAttribute(
      'data-kinds',
      /clone/
    );
  }
  await expect(stale(page)).toHaveCount(0);
  await page.locator('.jp-NotebookPanel').screenshot({ path: shot('run-all') });

  // Step 1: another lr marks the evaluations stale; the toolbar's button brings them up to date.
  await trainWith(page, '0.02');
  const staleEval = onCell(page, EVAL_TRAIN, '.jp-sane-Stale');
  await expect(staleEval).toHaveText('stale');
  await expect(staleEval).toHaveAttribute('title', /`w`/);
  await page.locator('.jp-NotebookPanel').screenshot({ path: shot('stale') });
  await page.locator('.jp-sane-StaleButton').click();
  await expect(stale(page)).toHaveCount(0);
  await expect(page.locator('.jp-sane-StaleButton')).toHaveCount(0);

  // Step 2: a third lr flags the re-runs; Extract makes lr a keyword parameter; undo restores.
  await trainWith(page, '0.03');
  const original = await cellSource(page, TRAINING);
  const flag = onCell(page, TRAINING, '.jp-sane-Flag');
  await expect(flag).toHaveAttribute('aria-label', /lr/);
  await openFlag(page, flag);
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('changing lr');
  await dialog.getByRole('button', { name: 'Extract to function' }).click();
  await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
    'lr=0.03'
  );
  await dialog.screenshot({ path: shot('extract') });
  await dialog.getByRole('button', { name: 'Extract' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => cellSource(page, TRAINING)).toMatch(/lr=0\.03/);
  await page.notebook.selectCells(TRAINING);
  await page.keyboard.press('Escape');
  await page.keyboard.press('z');
  await expect.poll(() => cellSource(page, TRAINING)).toBe(original);

  // Step 3: after a restart, Run What This Cell Needs runs only what the held-out evaluation
  // needs (not the training-set evaluation, nor the tests).
  await restartKernel(page);
  await (await page.notebook.getCellLocator(EVAL_TEST))!
    .locator('.jp-InputPrompt')
    .click({ button: 'right' });
  await page
    .getByRole('menuitem', { name: /Run What This Cell Needs/ })
    .click();
  await expect
    .poll(async () => (await cellsJSON(page))[EVAL_TEST].execution_count, {
      timeout: 60000
    })
    .toBeLessThanOrEqual(CODE.length);
  const counts = (await cellsJSON(page)).map(c => c.execution_count ?? null);
  const ran = CODE.filter(i => (counts[i] ?? 0) <= counts[EVAL_TEST]!);
  expect(ran).toEqual([1, 2, 3, TRAINING, EVAL_TEST]);

  // Step 4: Run All Test Cells: the panel lists each test with its result.
  await page.keyboard.press('Control+Shift+c');
  await page.keyboard.type('Run All Test Cells');
  await page.keyboard.press('Enter');
  const panel = page.locator('#jp-sane-tests');
  await expect(panel.locator('.jp-sane-TestsPanel-test')).not.toHaveCount(0);
  await expect(panel).toContainText('test_slope_is_close_to_three');
  await panel.screenshot({ path: shot('tests') });

  // Step 5: the Data panel lists the file the last cell writes and reads, and jumps to the
  // cell; the environment check lists what the notebook imports.
  await page.evaluate(() =>
    window.jupyterapp.shell.activateById('jp-sane-data')
  );
  const row = page.locator(
    '#jp-sane-data .jp-sane-DataPanel-row[data-path="demo-points.json"]'
  );
  await expect(row).toBeVisible();
  await page.locator('#jp-sane-data').screenshot({ path: shot('data') });
  await row
    .getByRole('button', { name: `cell ${DATA + 1}` })
    .first()
    .click();
  await expect
    .poll(() =>
      page.evaluate(() => {
        const panel = window.jupyterapp.shell.currentWidget as unknown as {
          content?: { activeCellIndex: number };
        };
        return panel.content?.activeCellIndex;
      })
    )
    .toBe(DATA);
  await page.keyboard.press('Control+Shift+c');
  await page.keyboard.type('Check Environment');
  await page.keyboard.press('Enter');
  const environment = page.locator('.jp-Dialog .jp-sane-Environment');
  await expect(environment).toBeVisible();
  await page.locator('.jp-Dialog').screenshot({ path: shot('environment') });
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Close' })
    .click();
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);

  // Health: the popover opens from the status item.
  await page.locator('.jp-sane-HealthStatus').click();
  await expect(page.locator('.jp-sane-HealthPopover')).toBeVisible();
  await page
    .locator('.jp-sane-HealthPopover')
    .screenshot({ path: shot('health') });
});
