import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  openCells,
  outputText,
  restartAndRunAll,
  text
} from './notebookJSON';

async function outputs(page: IJupyterLabPageFixture): Promise<string[][]> {
  return (await cellsJSON(page)).map(outputText);
}

test.describe('Cells typed the way IPython accepts them (issue #34)', () => {
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('a cell typed one space in, with a tab inside, extracts into four-space code that runs the same', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'indent.ipynb', [
      ['code', 'x = 2'],
      // IPython removes the space common to every line before it compiles the cell.
      ['code', ' y = x + 1\n if y:\n \tz = y * 2\n z'],
      ['code', 'print(y, z)']
    ]);
    await page.notebook.run();
    const before = await outputs(page);
    expect(before[1]).toEqual(['execute_result:6']);

    await (await page.notebook.getCellLocator(1))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    // The preview is an editor: its lines' text runs together.
    await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText(
      /y = x \+ 1\s*if y:\s*z = y \* 2/
    );
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await expect
      .poll(async () => text((await cellsJSON(page))[1].source))
      .toContain('\n    if y:\n        z = y * 2\n');
    const source = text((await cellsJSON(page))[1].source);
    expect(source).not.toContain('\t');

    await restartAndRunAll(page);
    expect(await outputs(page)).toEqual(before);
  });
});
