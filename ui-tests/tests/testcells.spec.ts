import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellsJSON,
  openCells,
  outputText,
  setSource,
  text,
  openSettings,
  activeCell,
  onCell,
  settingOf
} from './notebookJSON';
import { SHOTS } from './screenshots';

test.setTimeout(120000);

const run = (page: IJupyterLabPageFixture, command: string) =>
  page.evaluate(id => window.jupyterapp.commands.execute(id), command);

const summary = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-TestsPanel-summary');

const markerOf = (page: IJupyterLabPageFixture, index: number) =>
  onCell(page, index, '.jp-sane-TestMarker');

test('the panel lists each test: a failure with both values, a jump, and re-run failed after a fix', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'tests.ipynb', [
    ['code', 'def add(a, b):\n    return a + b'],
    ['markdown', 'Checks'],
    [
      'code',
      'def test_small():\n    assert add(1, 2) == 3\n\ndef test_total():\n    assert add(2, 2) == 5'
    ]
  ]);
  await page.notebook.runCell(0);
  const marker = markerOf(page, 2);
  await expect(marker).toHaveText('○ test: not run');

  await run(page, 'sane:run-test-cells');
  await expect(summary(page)).toHaveText(
    '1 passed · 1 failed · 0 errors · 0 not run'
  );
  const failed = page.locator(
    '.jp-sane-TestsPanel-test[data-outcome="failed"]'
  );
  await expect(failed).toContainText('test_total');
  await expect(failed.locator('.jp-sane-TestsPanel-message')).toHaveText(
    'assert add(2, 2) == 5\n  left:  4\n  right: 5'
  );
  await expect(marker).toHaveAttribute('data-status', 'failed');
  await expect(marker).toHaveText('✗ 1 failed, 1 passed');
  await page
    .locator('#jp-sane-tests')
    .screenshot({ path: path.join(SHOTS, 'tests-panel.png') });

  // Nothing the runner did shows in the notebook: no outputs, no execution count.
  const cells = await cellsJSON(page);
  expect(cells[2].outputs).toEqual([]);

  await page.notebook.selectCells(0);
  await failed.locator('.jp-sane-TestsPanel-testLink').click();
  await expect.poll(() => activeCell(page)).toBe(2);

  await setSource(
    page,
    2,
    'def test_small():\n    assert add(1, 2) == 3\n\ndef test_total():\n    assert add(2, 2) == 4'
  );
  await page
    .locator('#jp-sane-tests')
    .getByRole('button', { name: 'Re-run failed' })
    .click();
  await expect(summary(page)).toHaveText(
    '2 passed · 0 failed · 0 errors · 0 not run'
  );
  await expect(marker).toHaveText('✓ 2 passed');
});

test('a kernel killed during a slow test is reported, the rest marked not run', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'killed.ipynb', [
    ['code', 'import os\nprint(os.getpid())'],
    [
      'code',
      'import time\n\ndef test_slow():\n    time.sleep(60)\n\ndef test_after():\n    pass'
    ]
  ]);
  await page.notebook.runCell(0);
  const pid = Number(
    text(outputText((await cellsJSON(page))[0])[0]).split(':')[1]
  );
  expect(pid).toBeGreaterThan(1);
  void run(page, 'sane:run-test-cells');
  const slow = page.locator('.jp-sane-TestsPanel-test', {
    hasText: 'test_slow'
  });
  await expect(slow).toHaveAttribute('data-outcome', 'running');

  process.kill(pid, 'SIGKILL');
  // The server notices the dead kernel within its 3 s check; the panel says so at once.
  await expect(slow).toHaveAttribute('data-outcome', 'notrun', {
    timeout: 5000
  });
  await expect(slow).toContainText('not run: kernel died');
  await expect(
    page.locator('.jp-sane-TestsPanel-test', { hasText: 'test_after' })
  ).toContainText('not run: kernel died');
  await expect(summary(page)).toHaveText(
    '0 passed · 0 failed · 0 errors · 2 not run'
  );
});

test('a smoke test for a function: its last call, checked against what it gave', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'smoke.ipynb', [
    ['code', 'import numpy as np\n\ndef scale(x, k):\n    return x * k'],
    ['code', 'k = 2.5\nout = scale(np.ones((2, 3)), k)']
  ]);
  await page.notebook.run();
  await page.notebook.selectCells(0);
  await run(page, 'sane:add-smoke-test');

  await expect.poll(async () => (await cellsJSON(page)).length).toBe(3);
  const added = (await cellsJSON(page))[2] as unknown as {
    source: string;
    metadata: { tags?: string[] };
  };
  expect(added.metadata.tags).toEqual(['test']);
  expect(text(added.source).split('\n').slice(1)).toEqual([
    'def test_scale_smoke():',
    '    out = scale(np.ones((2, 3)), 2.5)',
    '    assert isinstance(out, np.ndarray)',
    '    assert tuple(out.shape) == (2, 3)'
  ]);
  await run(page, 'sane:run-test-cells');
  await expect(summary(page)).toHaveText(
    '1 passed · 0 failed · 0 errors · 0 not run'
  );
});

test('extract with a smoke-test cell: both in one step, one undo removes both', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'extract-smoke.ipynb', [
    ['code', 'import numpy as np\nx = np.arange(6)'],
    ['code', '# double\ny = x * 2'],
    ['code', 'print(y.sum())']
  ]);
  await page.notebook.run();
  const before = await cellsJSON(page);

  await page.notebook.selectCells(1);
  // The command resolves only when its dialog closes: not awaited.
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('sane:extract-to-function');
  });
  const dialog = page.locator('.jp-Dialog');
  await dialog
    .getByLabel('Add a smoke-test cell that calls it with the current values')
    .check();
  await dialog.getByRole('button', { name: 'Extract' }).click();

  await expect.poll(async () => (await cellsJSON(page)).length).toBe(4);
  const cells = await cellsJSON(page);
  expect(text(cells[1].source)).toContain('def double(x):');
  expect(text(cells[2].source).split('\n').slice(1)).toEqual([
    'def test_double_smoke():',
    '    y = double(x)',
    '    assert isinstance(y, np.ndarray)',
    '    assert tuple(y.shape) == (6,)'
  ]);
  await expect(markerOf(page, 2)).toHaveText('○ test: not run');

  await page.evaluate(() =>
    window.jupyterapp.commands.execute('notebook:undo-cell-action')
  );
  await expect.poll(async () => (await cellsJSON(page)).length).toBe(3);
  const restored = await cellsJSON(page);
  expect(restored.map(c => c.source)).toEqual(before.map(c => c.source));
  expect(restored[1].outputs).toEqual(before[1].outputs);
});

test('toggling the test tag marks a cell; switching the feature off removes the markers live', async ({
  page
}) => {
  await page.notebook.createNew('toggle.ipynb');
  await page.notebook.setCell(0, 'code', 'x = 1');
  await expect(markerOf(page, 0)).toHaveCount(0);
  await run(page, 'sane:toggle-test-cell');
  await expect(markerOf(page, 0)).toHaveText('○ test: not run');

  await openSettings(page, 'Sane: test cells');
  const enabled = page.getByRole('checkbox', { name: /^Enabled/ });
  await enabled.uncheck();
  await page.getByRole('tab', { name: 'toggle.ipynb' }).click();
  await expect(markerOf(page, 0)).toHaveCount(0);
  await page.getByRole('tab', { name: 'Settings' }).click();
  await enabled.check();
  await page.getByRole('tab', { name: 'toggle.ipynb' }).click();
  await expect(markerOf(page, 0)).toHaveCount(1);
  await run(page, 'sane:toggle-test-cell');
  await expect(markerOf(page, 0)).toHaveCount(0);
});

test('an interrupted run says so; with the setting on, running a cell re-runs the tests that read it', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'rerun.ipynb', [
    ['code', 'import os\nlimit = 3\nprint(os.getpid())'],
    ['code', 'assert limit < 5'],
    ['code', 'import time\n\ndef test_wait():\n    time.sleep(60)']
  ]);
  await page.notebook.runCell(0);
  void run(page, 'sane:run-test-cells');
  const wait = page.locator('.jp-sane-TestsPanel-test', {
    hasText: 'test_wait'
  });
  await expect(wait).toHaveAttribute('data-outcome', 'running');
  // What the server's interrupt does for ipykernel: SIGINT to the kernel process.
  const pid = Number(
    text(outputText((await cellsJSON(page))[0])[0]).split(':')[1]
  );
  process.kill(pid, 'SIGINT');
  await expect(wait).toContainText('not run: interrupted');
  await expect(wait).toHaveAttribute('data-outcome', 'notrun');
  await expect(markerOf(page, 1)).toHaveText('✓ 1 passed');

  await openSettings(page, 'Sane: test cells');
  await page
    .getByRole('checkbox', { name: /^Re-run tests when what they test runs/ })
    .check();
  await expect
    .poll(() => settingOf(page, 'jupyterlab-sane:tests', 'rerunOnExecute'))
    .toBe(true);
  await page.getByRole('tab', { name: 'rerun.ipynb' }).click();
  await setSource(page, 0, 'limit = 7');
  await page.notebook.selectCells(0);
  await page.notebook.runCell(0);
  await expect(markerOf(page, 1)).toHaveText('✗ 1 failed, 0 passed');
  await expect(markerOf(page, 2)).toHaveText('○ 1 not run');
});
