import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellsJSON,
  openCells,
  openSettings,
  restartKernel
} from './notebookJSON';
import { SHOTS } from './screenshots';

test.setTimeout(120000);
// The restart test needs the real kernels API: Galata's mock answers a restart with 201.
test.use({ kernels: null });

const item = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-HealthStatus');
const row = (page: IJupyterLabPageFixture, check: string) =>
  page.locator(`.jp-sane-HealthPopover tr[data-check="${check}"]`);

test('the item shows the readings; its popover explains each check', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'health.ipynb', [
    ['code', 'x = 1'],
    ['code', 'import time\ntime.sleep(2)']
  ]);
  await page.notebook.runCell(0);
  await expect(item(page).locator('[data-check="kernel"] svg')).toBeVisible();
  await expect(item(page)).toContainText(' free');
  await expect(item(page)).toContainText('no git');
  await expect(item(page)).toHaveAttribute('data-level', 'warning');
  await page
    .locator('#jp-main-statusbar')
    .screenshot({ path: path.join(SHOTS, 'status-item.png') });

  await item(page).click();
  const popover = page.locator('.jp-sane-HealthPopover');
  await expect(popover).toBeVisible();
  await expect(row(page, 'disk')).toContainText('free of');
  await expect(row(page, 'disk')).toContainText('warn below 10% free');
  await expect(row(page, 'storage')).toContainText('local at');
  await expect(row(page, 'memory')).toContainText(/this kernel \d/);
  await expect(row(page, 'backup')).toContainText('not a git repository');
  await expect(row(page, 'backup')).toHaveAttribute('data-level', 'warning');
  await expect(row(page, 'backup')).toContainText('git init');
  await expect(row(page, 'environment')).toContainText(
    /kernel Python from \w+ · no environment file/
  );
  await expect(row(page, 'kernel')).toContainText('idle');
  await popover.screenshot({ path: path.join(SHOTS, 'health-popover.png') });

  // The item skips the kernel's busy/idle flips; the open popover follows them.
  await page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { activeCellIndex: number };
    };
    panel.content.activeCellIndex = 1;
    void window.jupyterapp.commands.execute('notebook:run-cell');
  });
  await expect(row(page, 'kernel')).toContainText('busy');
  await expect(row(page, 'kernel')).toContainText('idle');
});

test('a restart resets the timer, is counted, and the lost cells can be re-run', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'restart.ipynb', [
    ['code', 'a = 1'],
    ['code', 'b = a + 1'],
    ['code', 'print(b)']
  ]);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText('0 restarts');
  await item(page).click();
  await expect(page.locator('.jp-sane-HealthPopover')).toHaveCount(0);

  await restartKernel(page);
  await expect(item(page)).toContainText(/^[0-9]s ·/);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText(/· 1 restart(?!s)/);
  await expect(row(page, 'kernel')).toContainText(
    '2 cells built the state you lost: re-run them.'
  );
  await page.getByRole('button', { name: 'Re-run them' }).click();
  await expect(row(page, 'kernel')).not.toContainText('you lost');
  const counts = (await cellsJSON(page)).map(
    c => (c as unknown as { execution_count: number | null }).execution_count
  );
  expect(counts).toEqual([1, 2, null]);
});

test("the time since restart is the kernel's own, across a page reload; so are the cells a restart loses and the restarts", async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'uptime.ipynb', [
    ['code', 'a = 1'],
    ['code', 'b = a + 1']
  ]);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  const old = /^(2\d|[3-5]\d)s ·/;
  // The kernel gets older than a reloaded page could count in the time the next check waits.
  await expect(item(page)).toContainText(old, { timeout: 60000 });
  await page.notebook.save();

  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  // The server says when the kernel's process started; the page alone would start from 0s.
  await expect(item(page)).toContainText(old, { timeout: 15000 });

  // The cells run before the reload built the state a restart now loses.
  await restartKernel(page);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText(
    '2 cells built the state you lost: re-run them.'
  );
  await expect(row(page, 'kernel')).toContainText(/· 1 restart(?!s)/);

  // The server counted the restart: a page loaded after it still says so.
  await page.reload({ waitForIsReady: false });
  await page.waitForSelector('.jp-Notebook .jp-Cell');
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText(/· 1 restart(?!s)/);
});

test('switching a check off hides its part of the item live', async ({
  page
}) => {
  await expect(item(page)).toContainText(' free');
  await openSettings(page, 'Sane: health');
  await page.getByRole('checkbox', { name: /^Disk/ }).uncheck();
  await expect(item(page)).not.toContainText(' free');
  await page.getByRole('checkbox', { name: /^Warn outside git/ }).uncheck();
  await expect(item(page)).not.toContainText('no git');
});
