import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellsJSON,
  onCell,
  openCells,
  outputText,
  restartAndRunAll,
  setSource,
  text,
  editedFrom,
  sourcesOf,
  openFlag
} from './notebookJSON';
import { SHOTS } from './screenshots';

/** A small training notebook, as a researcher's first day has it. */
const TRAINING: [type: 'code', source: string][] = [
  ['code', 'X_train = [1.0, 2.0, 3.0]\ny_train = [2.0, 4.0, 6.0]'],
  [
    'code',
    '# train\nlr = 0.1\nw = 0.0\nfor x, y in zip(X_train, y_train):\n    w += lr * (y - w * x) * x\nprint(round(w, 4))'
  ],
  ['code', 'print(round(w * 10, 3))']
];

async function outputs(page: IJupyterLabPageFixture): Promise<string[][]> {
  return (await cellsJSON(page)).map(outputText);
}

const preview = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-Dialog .jp-sane-ExtractPreview').first();

test.describe('Extract, as a new user meets it', () => {
  test.describe.configure({ timeout: 150000 });
  test.use({ kernels: null });

  test("the re-run flag's Extract makes the changed value a keyword parameter, the last value its default; restart and run all gives the same outputs", async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'train.ipynb', TRAINING);
    await page.notebook.runCell(0);
    const train = TRAINING[1][1];
    for (const lr of ['0.1', '0.05', '0.3']) {
      await setSource(page, 1, train.replace('lr = 0.1', `lr = ${lr}`));
      await page.notebook.runCell(1);
    }
    await page.notebook.runCell(2);
    const before = await outputs(page);

    const flag = onCell(page, 1, '.jp-sane-Flag');
    await expect(flag).toHaveAttribute('aria-label', /lr: 0\.1 → 0\.05 → 0\.3/);
    await openFlag(page, flag);
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Extract to function' }).click();
    await expect(dialog).toContainText('Extract cell to function');
    await dialog.screenshot({
      path: path.join(SHOTS, 'extract-rerun-keyword.png')
    });
    await expect(preview(page)).toContainText(
      'def train(X_train, y_train, lr=0.3):'
    );
    await expect(preview(page)).toContainText(
      'w = train(X_train, y_train, lr=0.3)'
    );
    // The value is offered, ticked, among the cell's other values.
    await expect(
      dialog.getByRole('checkbox', { name: 'lr = 0.3' })
    ).toBeChecked();
    await expect(
      dialog.getByRole('checkbox', { name: 'w = 0.0' })
    ).not.toBeChecked();
    const was = await sourcesOf(page);
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await editedFrom(page, was);

    await restartAndRunAll(page);
    expect(await outputs(page)).toEqual(before);
  });

  test('any other value of the cell can become a keyword parameter from the dialog', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'values.ipynb', TRAINING);
    await (await page.notebook.getCellLocator(1))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    await expect(preview(page)).toContainText('def train(X_train, y_train):');
    await dialog.getByRole('checkbox', { name: 'w = 0.0' }).click();
    await expect(preview(page)).toContainText(
      'def train(X_train, y_train, w=0.0):'
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the context menu extracts the cell right-clicked, not the active one', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'menu.ipynb', [
      ['code', 'a = 1'],
      ['code', '# double\nb = a * 2\nprint(b)'],
      ['code', '# triple\nc = a * 3\nprint(c)']
    ]);
    await page.notebook.selectCells(0);
    await (await page.notebook.getCellLocator(2))!
      .locator('.jp-InputPrompt')
      .click({ button: 'right' });
    await page
      .locator('.lm-Menu')
      .getByText('Extract Cell to Function', { exact: true })
      .click();
    await expect(preview(page)).toContainText('def triple(a):');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Extract' })
      .click();
    await expect
      .poll(async () => text((await cellsJSON(page))[2].source))
      .toMatch(/^def triple\(a\):/);
    expect(text((await cellsJSON(page))[1].source)).toBe(
      '# double\nb = a * 2\nprint(b)'
    );
  });

  test("the context menu's item shows the shortcut the palette shows, and still extracts the cell right-clicked", async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'menukeys.ipynb', [
      ['code', 'a = 1'],
      ['code', '# double\nb = a * 2\nprint(b)'],
      ['code', '# triple\nc = a * 3\nprint(c)']
    ]);
    await page.notebook.selectCells(1);
    await onCell(page, 2, '.jp-InputPrompt').click({ button: 'right' });
    const item = page
      .locator('.lm-Menu .lm-Menu-item')
      .filter({ hasText: 'Extract Cell to Function' });
    await expect(item.locator('.lm-Menu-itemShortcut')).toHaveText(
      /^(Ctrl|⌘|Cmd)\W*(Alt|⌥)\W*E$/
    );
    await item.click();
    await expect(preview(page)).toContainText('def triple(a):');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();
    // The shortcut itself, with no menu open, acts on the active cell.
    await page.notebook.selectCells(1);
    await page.keyboard.press('Control+Alt+e');
    await expect(preview(page)).toContainText('def double(a):');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();
  });

  test('the smoke-test option shows its cell in the preview, and adds that cell', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'smoke.ipynb', TRAINING);
    await page.notebook.run();
    await (await page.notebook.getCellLocator(1))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    const smoke = dialog.locator('.jp-sane-ExtractSmokePreview');
    await expect(smoke).toBeHidden();
    await dialog.getByRole('checkbox', { name: /smoke-test cell/ }).click();
    await expect(smoke).toBeVisible();
    await expect(smoke).toContainText('train(');
    // Final once the kernel has told what the call gave.
    await expect(smoke).toContainText('checked against what that call gave');
    const shown = (await smoke.locator('.cm-content').textContent()) ?? '';
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    const cells = await cellsJSON(page);
    expect(cells).toHaveLength(4);
    expect(text(cells[2].source).replace(/\s/g, '')).toBe(
      shown.replace(/\s/g, '')
    );
  });

  test('opened from the copy flag, the dialog offers to replace the copies, ticked', async ({
    page,
    tmpPath
  }) => {
    const cell = (name: string) =>
      `model = [v * 2 for v in ${name}]\nscore = sum(model) / len(model)\nprint(score)`;
    await openCells(page, tmpPath, 'copies.ipynb', [
      ['code', 'X = [1, 2]\nZ = [3, 4]'],
      ['code', cell('X')],
      ['code', cell('Z')]
    ]);
    const flag = onCell(page, 1, '.jp-sane-Flag');
    await expect(flag).toHaveAttribute('data-kinds', 'clone');
    await openFlag(page, flag);
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Extract to function' }).click();
    await expect(
      dialog.getByRole('checkbox', { name: /Also replace the copy/ })
    ).toBeChecked();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
