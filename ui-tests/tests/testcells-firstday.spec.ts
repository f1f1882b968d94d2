import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { cellsJSON, onCell, openCells, text } from './notebookJSON';

test.setTimeout(120000);
// These tests restart the kernel: Galata's kernel mock never completes a restart.
test.use({ kernels: null });

const summary = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-TestsPanel-summary');

const markerOf = (page: IJupyterLabPageFixture, index: number) =>
  onCell(page, index, '.jp-sane-TestMarker');

const openPanel = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-SideBar [title="Test cells"]').click();

test('Run All from the menu shows its results; an edited test cell is no longer current', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'firstday.ipynb', [
    ['code', 'def add(a, b):\n    return a + b'],
    ['code', 'assert add(1, 2) == 3\nassert add(0, 0) == 0'],
    [
      'code',
      'def test_add():\n    assert add(2, 2) == 4\n\ndef test_wrong():\n    assert add(2, 2) == 5'
    ]
  ]);
  await openPanel(page);
  // Before any run: three tests listed not run, three counted.
  await expect(summary(page)).toHaveText(
    '0 passed · 0 failed · 0 errors · 3 not run'
  );
  const asserts = page.locator('.jp-sane-TestsPanel-cell').first();
  await expect(asserts.locator('.jp-sane-TestsPanel-name')).toHaveText(
    'assert add(1, 2) == 3'
  );

  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect(markerOf(page, 1)).toHaveText('✓ 1 passed');
  await expect(markerOf(page, 2)).toHaveText('✗ 1 failed, 1 passed');
  await expect(summary(page)).toHaveText(
    '2 passed · 1 failed · 0 errors · 0 not run'
  );
  // The run was the notebook's: the cells' outputs and counts are its own.
  expect((await cellsJSON(page))[1].execution_count).toBeGreaterThan(0);

  await onCell(page, 1, '.jp-InputArea-editor').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nassert add(1, 1) == 2');
  await expect
    .poll(async () => text((await cellsJSON(page))[1].source))
    .toContain('assert add(1, 1) == 2');
  await expect(markerOf(page, 1)).toHaveText('○ edited since run');
  await expect(asserts).toContainText('edited since its last run: not run');
  await expect(
    asserts.locator('.jp-sane-TestsPanel-test[data-outcome="notrun"]')
  ).toContainText('(was passed)');
  await expect(summary(page)).toHaveText(
    '1 passed · 1 failed · 0 errors · 1 not run'
  );
});

test('after a restart by the Kernel menu, the panel no longer says everything passed', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'restart.ipynb', [
    ['code', 'x = 2'],
    ['code', '# x is two\nassert x == 2']
  ]);
  await openPanel(page);
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect(summary(page)).toHaveText(
    '1 passed · 0 failed · 0 errors · 0 not run'
  );
  await expect(page.locator('.jp-sane-TestsPanel-name')).toHaveText('x is two');

  await page.menu.clickMenuItem('Kernel>Restart Kernel…');
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Confirm Kernel Restart' })
    .click();
  await expect(summary(page)).toHaveText(
    '0 passed · 0 failed · 0 errors · 1 not run'
  );
  await expect(markerOf(page, 1)).toHaveText('○ not run in this kernel');
  await expect(
    page.locator('.jp-sane-TestsPanel-notice[data-notice="kernel"]')
  ).toBeVisible();

  // Run All again in the new kernel: the results are current again.
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect(markerOf(page, 1)).toHaveText('✓ 1 passed');
  await expect(
    page.locator('.jp-sane-TestsPanel-notice[data-notice="kernel"]')
  ).toHaveCount(0);
});

/** Puts the cursor on a line of a cell's editor by a click, then adds a smoke test from the palette. */
async function smokeTestAt(
  page: IJupyterLabPageFixture,
  cell: number,
  line: string
): Promise<void> {
  await onCell(page, cell, '.cm-line').filter({ hasText: line }).click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+C');
  await page
    .locator('.lm-CommandPalette-input')
    .fill('Add Smoke Test for Function');
  await page.keyboard.press('Enter');
}

test('a smoke test is for the function under the cursor; one only another calls is tested through it', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'sigmoid.ipynb', [
    [
      'code',
      'import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\ndef predict_proba(x, w):\n    return sigmoid(x * w)'
    ],
    ['code', 'p = predict_proba(np.zeros(3), 2.0)']
  ]);
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect
    .poll(async () => (await cellsJSON(page))[1].execution_count)
    .toBe(2);

  await smokeTestAt(page, 0, 'def predict_proba(x, w):');
  await expect.poll(async () => (await cellsJSON(page)).length).toBe(3);
  expect(
    text((await cellsJSON(page))[2].source)
      .split('\n')
      .slice(1)
  ).toEqual([
    'def test_predict_proba_smoke():',
    '    p = predict_proba(np.zeros(3), 2.0)',
    '    assert isinstance(p, np.ndarray)',
    '    assert tuple(p.shape) == (3,)'
  ]);

  await smokeTestAt(page, 0, 'return 1 / (1 + np.exp(-z))');
  await expect.poll(async () => (await cellsJSON(page)).length).toBe(4);
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  const sigmoid = text((await cellsJSON(page))[2].source).split('\n');
  expect(sigmoid[0]).toContain('sigmoid, through predict_proba');
  expect(sigmoid.slice(1, 3)).toEqual([
    'def test_sigmoid_smoke():',
    '    p = predict_proba(np.zeros(3), 2.0)'
  ]);
});

test('a cell shows one state, the newest: stale after a change it reads, passed after its tests re-run', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'onestate.ipynb', [
    ['code', 'a = 1'],
    ['code', 'assert a == 1']
  ]);
  const stale = onCell(page, 1, '.jp-sane-Stale');
  await page.menu.clickMenuItem('Run>Run All Cells');
  await expect(markerOf(page, 1)).toHaveText('✓ 1 passed');
  await expect(markerOf(page, 1)).toBeVisible();

  // Cell 1 runs again: cell 2's output (and its test result) read the old `a`.
  await onCell(page, 0, '.jp-InputPrompt').click();
  await page.keyboard.press('Control+Enter');
  await expect(stale).toHaveText('stale');
  await expect(stale).toBeVisible();
  await expect(markerOf(page, 1)).toBeHidden();

  // The tests run again: their result is the newest state.
  await page.menu.clickMenuItem('Run>Run All Test Cells');
  await expect(markerOf(page, 1)).toBeVisible();
  await expect(markerOf(page, 1)).toHaveText('✓ 1 passed');
  await expect(stale).toBeHidden();
});
