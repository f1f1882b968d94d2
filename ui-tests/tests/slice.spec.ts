import { expect, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  openCells,
  outputText,
  restartKernel
} from './notebookJSON';

test.describe('Run what a cell needs', () => {
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('after a restart, the command runs only the cells the active cell needs, then the cell: its output is as before', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'needs.ipynb', [
      ['code', 'a = 2'],
      ['code', 'b = 100\nprint("b ran")'],
      ['code', 'def times(x):\n    return x * a'],
      ['code', 'c = times(5)'],
      ['code', 'print(c)']
    ]);
    await page.notebook.run();
    const before = await cellsJSON(page);
    expect(outputText(before[4])).toEqual(['stream:10\n']);

    await restartKernel(page);
    await (await page.notebook.getCellLocator(4))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Shift+c');
    await page.keyboard.type('Run What This Cell Needs');
    await page.keyboard.press('Enter');

    // A fresh kernel counts from 1: the needed cells ran in order, `b = 100` did not.
    await expect
      .poll(async () => (await cellsJSON(page))[4].execution_count)
      .toBe(4);
    const after = await cellsJSON(page);
    expect(after.map(c => c.execution_count)).toEqual([
      1,
      before[1].execution_count,
      2,
      3,
      4
    ]);
    expect(outputText(after[4])).toEqual(['stream:10\n']);
  });
});
