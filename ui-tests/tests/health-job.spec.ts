import {
  expect,
  galata,
  IJupyterLabPageFixture,
  test
} from '@jupyterlab/galata';
import * as fs from 'fs';
import * as path from 'path';
import { openCells } from './notebookJSON';

test.setTimeout(120000);
// The slowest cell's time comes from a real run; readings every 2 s, not 10, keep it short.
test.use({
  kernels: null,
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyterlab-sane:health': { refreshSeconds: 2 }
  }
});

const item = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-HealthStatus');
const JOB = process.env.SANE_JOB_DIR!;

/** The server's batch job: its environment, and a squeue that says how long is left. */
function simulateJob(left: string): void {
  const squeue = path.join(JOB, 'bin', 'squeue');
  fs.writeFileSync(
    squeue,
    `#!/bin/sh\necho '4242|gpu|node07|2:00:00|${left}|RUNNING'\n`
  );
  fs.chmodSync(squeue, 0o755);
  fs.writeFileSync(
    path.join(JOB, 'job.env'),
    'SLURM_JOB_ID=4242\nSLURM_CPUS_ON_NODE=8\nSLURM_MEM_PER_NODE=65536\nSLURM_JOB_GPUS=0,1\n'
  );
}

test.afterEach(() => {
  // Outside this test the server runs in no job.
  fs.rmSync(path.join(JOB, 'job.env'), { force: true });
  fs.rmSync(path.join(JOB, 'scratch', 'cache.bin'), { force: true });
});

test('inside a batch job the item shows the clock near the end, and a notification tells what to save at each threshold', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'job.ipynb', [
    ['code', 'import time\ntime.sleep(5)\ntrained = 42'],
    ['code', 'quick = 1'],
    ['code', 'buffer = bytearray(48 * 1024 ** 2)'],
    [
      'code',
      "import os\nwith open(os.path.join(os.environ['SLURM_TMPDIR'], 'cache.bin'), 'wb') as f:\n    f.write(b'x')"
    ]
  ]);
  for (const index of [0, 1, 2, 3]) {
    await page.notebook.runCell(index);
  }
  // Far from the end: a row in the popover, nothing in the item.
  simulateJob('1:30:00');
  await item(page).click();
  const jobRow = page.locator('.jp-sane-HealthPopover tr[data-check="job"]');
  await expect(jobRow).toContainText(
    'slurm job 4242 · gpu · node07 · 1h30m left of 2h00m · given 8 CPUs · 64 GiB · 2 GPUs',
    { timeout: 30000 }
  );
  await expect(jobRow).toHaveAttribute('data-level', 'ok');
  await expect(item(page).locator('[data-check="job"]')).toHaveCount(0);
  await item(page).click();

  // Under the warning's 30 minutes: the clock, and one notification that names the results.
  simulateJob('25:00');
  const part = item(page).locator('[data-check="job"]');
  await expect(part).toContainText('job ends in 25m', { timeout: 30000 });
  await expect(part).toHaveAttribute('data-level', 'warning');
  const warning = page
    .locator('.Toastify__toast')
    .filter({ hasText: 'Job 4242 ends in 25m' });
  await expect(warning).toBeVisible();
  // The slowest result by the execution log, the largest by the kernel's own sizes.
  await expect(warning).toContainText(
    /save the notebook, commit, write out trained \(\d+s\); buffer \(48 MiB\)\./
  );
  // The Data panel's file on the job's scratch, in a notification of its own.
  await expect(
    page
      .locator('.Toastify__toast')
      .filter({ hasText: "Wiped at job 4242's end" })
  ).toContainText(
    "on the node's $SLURM_TMPDIR/$TMPDIR: $SLURM_TMPDIR/cache.bin. Copy what you need to shared storage."
  );

  // Under 10 minutes: critical, and a second notification.
  simulateJob('5:00');
  await expect(part).toContainText('job ends in 5m', { timeout: 30000 });
  await expect(part).toHaveAttribute('data-level', 'critical');
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: 'Job 4242 ends in 5m' })
  ).toBeVisible();
  // The warning was told once, however many readings said so.
  await expect(
    page.locator('.Toastify__toast').filter({ hasText: 'ends in 25m' })
  ).toHaveCount(1);
});
