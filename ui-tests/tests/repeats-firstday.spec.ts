import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { onCell, openCells, waitForIdleKernel } from './notebookJSON';

// Restart & Run All needs the real kernel API: Galata's mock never completes a restart.
test.use({ kernels: null });
test.setTimeout(180000);

const flagOf = (page: IJupyterLabPageFixture, index: number) =>
  onCell(page, index, '.jp-sane-Flag');

const hints = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-NotebookPanel-toolbar .jp-sane-Hints');

/** The last cell prints a stamp of its run: a new stamp means the whole notebook ran again. */
const PIPELINE: [type: 'code', source: string][] = [
  ['code', 'data = list(range(5))'],
  ['code', 'total = sum(data)'],
  ['code', "print(total, __import__('time').time_ns())"]
];

async function lastStamp(page: IJupyterLabPageFixture): Promise<string> {
  return (await onCell(page, 2, '.jp-OutputArea-output').allInnerTexts()).join(
    ''
  );
}

/** Does what a user does to run everything again, and waits until it all ran. */
async function runAgain(
  page: IJupyterLabPageFixture,
  act: () => Promise<void>
): Promise<void> {
  const before = await lastStamp(page);
  await act();
  await expect.poll(() => lastStamp(page), { timeout: 60000 }).not.toBe(before);
  await waitForIdleKernel(page);
}

/** Runs cells 0 to `count - 1` by hand from the first: Shift+Enter, Ctrl+Enter on the last. */
async function byHand(
  page: IJupyterLabPageFixture,
  count: number,
  times: number
): Promise<void> {
  for (let round = 0; round < times; round++) {
    await page.notebook.selectCells(0);
    for (let i = 0; i < count - 1; i++) {
      await page.keyboard.press('Shift+Enter');
    }
    await page.keyboard.press('Control+Enter');
    await waitForIdleKernel(page);
  }
}

test('Run All and Restart & Run All are not cells run by hand; Shift+Enter still is', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'runall.ipynb', PIPELINE);
  await waitForIdleKernel(page);
  await runAgain(page, () => page.menu.clickMenuItem('Run>Run All Cells'));
  for (let i = 0; i < 2; i++) {
    await runAgain(page, async () => {
      await page.notebook.clickToolbarItem('restart-and-run');
      await page
        .locator('.jp-Dialog')
        .getByRole('button', { name: 'Confirm Kernel Restart' })
        .click();
    });
  }
  await expect(hints(page)).toContainText('0 hints');
  await expect(page.locator('.jp-sane-Flag')).toHaveCount(0);

  // The same cells by hand, three times: the hint counts these runs and only these.
  await byHand(page, 3, 3);
  await expect(flagOf(page, 0)).toHaveAttribute(
    'aria-label',
    /You ran these 3 cells in this order 3 times by hand/
  );
  await expect(hints(page)).toContainText('1 hint');
});

test('one pipeline run by hand again and again is one hint, with its count', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'loop.ipynb', PIPELINE.slice(0, 2));
  await waitForIdleKernel(page);
  // 0, 1 five times also reads as 1, 0 four times: the same loop.
  await byHand(page, 2, 5);
  await expect(flagOf(page, 0)).toHaveAttribute(
    'aria-label',
    /You ran these 2 cells in this order 5 times by hand/
  );
  await expect(hints(page)).toContainText('1 hint');
  await expect(flagOf(page, 1)).toHaveCount(0);
});

const TRAIN =
  'lr = 0.1\nepochs = 3\nmodel = fit(X, lr=lr, epochs=epochs)\nscore = model.score(X)';

test('the copy popup says which names and values differ from each copy', async ({
  page,
  tmpPath
}) => {
  const copy = TRAIN.replace('0.1', '0.05').replace('= 3', '= 5');
  await openCells(page, tmpPath, 'copies.ipynb', [
    ['code', TRAIN],
    ['code', copy]
  ]);
  await flagOf(page, 0).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('Go to cell 2');
  await expect(dialog.locator('.jp-sane-FlagPopup-differs')).toHaveText(
    'differs in: lr 0.1 / 0.05, epochs 3 / 5'
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await flagOf(page, 1).click();
  await expect(dialog.locator('.jp-sane-FlagPopup-differs')).toHaveText(
    'differs in: lr 0.05 / 0.1, epochs 5 / 3'
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('dismissed hints come back with "Show Dismissed Hints" from the palette', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'restore.ipynb', [
    ['code', TRAIN],
    ['code', TRAIN.replace(/model/g, 'clf')]
  ]);
  await expect(hints(page)).toContainText('2 hints');
  await flagOf(page, 0).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Dismiss' })
    .click();
  await expect(flagOf(page, 0)).toHaveCount(0);
  await expect(hints(page)).toContainText('1 hint');

  await page.keyboard.press('Control+Shift+C');
  const palette = page.locator('#command-palette');
  await palette
    .locator('.lm-CommandPalette-input')
    .fill('Show Dismissed Hints');
  await expect(
    palette.locator('.lm-CommandPalette-item').first()
  ).toContainText('Show Dismissed Hints');
  await page.keyboard.press('Enter');
  await expect(flagOf(page, 0)).toHaveAttribute('data-kinds', 'clone');
  await expect(hints(page)).toContainText('2 hints');
  // The View menu has it too, as the schema declares.
  await page.menu.open('View');
  await expect(
    page.locator('.lm-Menu-item', { hasText: 'Show Dismissed Hints' })
  ).toHaveCount(1);
  await page.keyboard.press('Escape');
});
