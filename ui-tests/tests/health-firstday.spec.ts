import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellsJSON,
  codeOutputs,
  openCells,
  setSource,
  waitForIdleKernel
} from './notebookJSON';
import { SHOTS } from './screenshots';

test.setTimeout(120000);
// Restarts and a killed kernel need the real kernels API, not Galata's mock.
test.use({ kernels: null });

const item = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-HealthStatus');

/** A theme colour variable as the browser computes it for `color` (rgb(…)). */
async function themeColour(
  page: IJupyterLabPageFixture,
  variable: string
): Promise<string> {
  return page.evaluate(name => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);
}

/** Shoots the status bar's left part, where the health item sits. */
async function shootItem(
  page: IJupyterLabPageFixture,
  name: string
): Promise<void> {
  const box = await item(page).boundingBox();
  if (box) {
    await page.screenshot({
      path: path.join(SHOTS, name),
      clip: {
        x: Math.max(0, box.x - 8),
        y: box.y - 4,
        width: box.width + 16,
        height: box.height + 8
      }
    });
  }
}

test('at warning the status item shows its colour and an icon, in the light and the dark theme', async ({
  page,
  tmpPath
}) => {
  // The temporary folder is no git repository: the backup check warns.
  await openCells(page, tmpPath, 'colour.ipynb', [['code', 'x = 1']]);
  await expect(item(page)).toHaveAttribute('data-level', 'warning');
  await expect(item(page)).toContainText('no git');
  await waitForIdleKernel(page);
  await shootItem(page, 'health-warning-light.png');
  const text = item(page).getByText('no git');
  expect(await text.evaluate(e => getComputedStyle(e).color)).toBe(
    await themeColour(page, '--jp-warn-color0')
  );
  await expect(item(page).locator('svg').first()).toBeVisible();

  await page.menu.clickMenuItem('Settings>Theme>JupyterLab Dark');
  await page.waitForSelector('body[data-jp-theme-light="false"]', {
    state: 'attached'
  });
  await expect(item(page)).toHaveAttribute('data-level', 'warning');
  await shootItem(page, 'health-warning-dark.png');
  expect(await text.evaluate(e => getComputedStyle(e).color)).toBe(
    await themeColour(page, '--jp-warn-color0')
  );
  await page.menu.clickMenuItem('Settings>Theme>JupyterLab Light');
  await page.waitForSelector('body[data-jp-theme-light="true"]', {
    state: 'attached'
  });
});

const row = (page: IJupyterLabPageFixture, check: string) =>
  page.locator(`.jp-sane-HealthPopover tr[data-check="${check}"]`);

/** Clicks a restart button of the notebook's toolbar, then the dialog's Restart. */
async function toolbarRestart(
  page: IJupyterLabPageFixture,
  name: 'Restart the kernel' | 'Restart the kernel and run all cells'
): Promise<void> {
  await waitForIdleKernel(page);
  await page
    .locator('.jp-NotebookPanel-toolbar')
    .getByRole('button', { name, exact: true })
    .click();
  await page.locator('.jp-Dialog .jp-mod-accept').click();
}

const executionCounts = async (page: IJupyterLabPageFixture) =>
  (await cellsJSON(page)).map(
    c => (c as unknown as { execution_count: number | null }).execution_count
  );

test('right after Restart & Run All the popover says nothing was lost', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'runall.ipynb', [
    ['code', 'a = 1'],
    ['code', 'b = a + 1'],
    ['code', 'print(b)']
  ]);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  await page.notebook.runCell(2);
  await toolbarRestart(page, 'Restart the kernel and run all cells');
  await expect
    .poll(async () => (await executionCounts(page)).slice(0, 3), {
      timeout: 30000
    })
    .toEqual([1, 2, 3]);
  await waitForIdleKernel(page);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText(/· 1 restart(?!s)/);
  await expect(row(page, 'kernel')).toHaveAttribute('data-level', 'ok');
  await expect(row(page, 'kernel')).not.toContainText('you lost');
  await expect(page.locator('.jp-sane-HealthPopover-lost')).toHaveCount(0);
});

test('re-running the lost cells stops at the first error and says which cell and what error', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'replay.ipynb', [
    ['code', 'a = 1'],
    ['code', 'b = a + 1'],
    ['code', 'c = b + 1']
  ]);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  await page.notebook.runCell(2);
  await toolbarRestart(page, 'Restart the kernel');
  await waitForIdleKernel(page);
  // The second cell no longer runs as it did (as after an extraction and its undo).
  await setSource(page, 1, 'b = missing + 1');
  // Execution counts survive a restart: cleared, they show which cells the re-run ran.
  await page.menu.clickMenuItem('Edit>Clear Outputs of All Cells');
  await expect
    .poll(async () => (await executionCounts(page)).slice(0, 3))
    .toEqual([null, null, null]);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText('3 cells built the state');
  await page.getByRole('button', { name: 'Re-run them' }).click();
  await expect(row(page, 'kernel')).toContainText(
    "Re-running stopped at cell [2]: NameError: name 'missing' is not defined"
  );
  await expect(row(page, 'kernel')).toHaveAttribute('data-level', 'warning');
  const counts = await executionCounts(page);
  expect(counts[0]).toBe(1);
  expect(counts[1]).toBe(2);
  // The cell after the failing one was not run.
  expect(counts[2]).toBeNull();
});

test('after kill -9 of the kernel, the popover follows its automatic restart', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'killed.ipynb', [
    ['code', 'import os\nprint(os.getpid())']
  ]);
  await page.notebook.runCell(0);
  const printed = (await codeOutputs(page))[0].join('');
  const pid = Number(/(\d+)/.exec(printed)?.[1]);
  expect(pid).toBeGreaterThan(0);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText('idle');
  process.kill(pid, 'SIGKILL');
  // The server restarts the kernel by itself; the open popover follows its status.
  await expect(row(page, 'kernel')).toContainText(/· 1 restart(?!s)/, {
    timeout: 20000
  });
  await expect(row(page, 'kernel')).toContainText('idle', { timeout: 10000 });
  await expect(row(page, 'kernel')).not.toContainText('dead');
  // Not dead: a warning, for the state the restart lost.
  await expect(row(page, 'kernel')).toHaveAttribute('data-level', 'warning');
  await expect(row(page, 'kernel')).toContainText(
    '1 cell built the state you lost'
  );
  // JupyterLab's own dialog says the kernel restarts by itself: dismissed, as a user would.
  await page.locator('.jp-Dialog .jp-mod-accept').click();
  // Closed (a click elsewhere closes it too) and opened again, it says the same.
  const popover = page.locator('.jp-sane-HealthPopover');
  if (await popover.count()) {
    await item(page).click();
  }
  await expect(popover).toHaveCount(0);
  await item(page).click();
  await expect(row(page, 'kernel')).toContainText('idle');
  await expect(row(page, 'kernel')).not.toContainText('dead');
});
