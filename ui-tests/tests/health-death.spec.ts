import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { cellsJSON, codeOutputs, openCells, outputText } from './notebookJSON';
import { SHOTS } from './screenshots';

test.setTimeout(120000);
// A killed kernel needs the real kernels API, not Galata's mock.
test.use({ kernels: null });

const item = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-HealthStatus');

/** The OOM killer counts a kill in the simulated memory.events the server reads. */
function countAnOomKill(): void {
  const file = process.env.SANE_MEMORY_EVENTS!;
  const count = Number(
    /oom_kill (\d+)/.exec(fs.readFileSync(file, 'utf-8'))?.[1] ?? 0
  );
  fs.writeFileSync(file, `oom ${count + 1}\noom_kill ${count + 1}\n`);
}

test('a kernel killed by the OOM killer is reported as such, and the notification re-runs what the cell needs', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'oom.ipynb', [
    ['code', 'import os, time\nsize = 3'],
    ['code', 'unused = 1'],
    // The first run waits, as a cell filling memory would, until the kernel is killed.
    [
      'code',
      "first = not os.path.exists('hog.started')\nopen('hog.started', 'w').close()\nprint(os.getpid(), flush=True)\nif first:\n    time.sleep(600)\nprint(size * 2)"
    ]
  ]);
  await page.notebook.runCell(0);
  await page.notebook.runCell(1);
  const before = (await cellsJSON(page)).map(c => c.execution_count);
  // Run by hand, as a user would, without waiting for the end.
  await (await page.notebook.getCellLocator(2))!
    .locator('.jp-InputPrompt')
    .click();
  await page.keyboard.press('Control+Enter');
  await expect
    .poll(async () => (await codeOutputs(page))[2].join(''))
    .toMatch(/\d+/);
  const pid = Number(/(\d+)/.exec((await codeOutputs(page))[2].join(''))![1]);
  // Another cell is active when the kernel dies: the action still re-runs the interrupted one.
  await (await page.notebook.getCellLocator(1))!
    .locator('.jp-InputPrompt')
    .click();

  countAnOomKill();
  process.kill(pid, 'SIGKILL');

  // The status item says why, at once after the automatic restart.
  await expect(item(page)).toContainText('killed: out of memory', {
    timeout: 30000
  });
  await expect(item(page)).toHaveAttribute('data-level', 'critical');
  const toast = page
    .locator('.Toastify__toast')
    .filter({ hasText: 'Kernel killed: out of memory' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('smaller batches');

  // JupyterLab's own dialog says the kernel restarts by itself: dismissed, as a user would.
  const dialog = page.locator('.jp-Dialog .jp-mod-accept');
  if (await dialog.count()) {
    await dialog.click();
  }
  // The popover says why and what to do.
  await item(page).click();
  const kernelRow = page.locator(
    '.jp-sane-HealthPopover tr[data-check="kernel"]'
  );
  await expect(kernelRow).toHaveAttribute('data-level', 'critical');
  await expect(kernelRow).toContainText(
    'The kernel was killed for lack of memory'
  );
  await expect(kernelRow).toContainText('free memory with `del`');
  await page.screenshot({ path: path.join(SHOTS, 'health-death.png') });
  await item(page).click();
  await expect(page.locator('.jp-sane-HealthPopover')).toHaveCount(0);

  await toast
    .getByRole('button', { name: 'Re-run what this cell needs' })
    .click();

  // The interrupted cell ran again with what it needs, and nothing more.
  await expect
    .poll(async () => outputText((await cellsJSON(page))[2]).join(''), {
      timeout: 30000
    })
    .toMatch(/6\n$/);
  const after = (await cellsJSON(page)).map(c => c.execution_count);
  // In the new kernel: the cell it needs, then the cell; `unused` kept its count from before.
  expect(after).toEqual([1, before[1], 2]);
  // Acted on: the item no longer raises it, and the notification is gone.
  await expect(item(page)).not.toContainText('out of memory');
  await expect(toast).toHaveCount(0);
});
