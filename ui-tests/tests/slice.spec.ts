import { expect, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  onCell,
  openCells,
  outputText,
  restartKernel,
  setSource
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

  test('after a restart, the command runs the cell that put a folder on sys.path, so the import from it works (issue 35)', async ({
    page,
    tmpPath
  }) => {
    await page.contents.createDirectory(`${tmpPath}/lib`);
    await page.contents.uploadContent(
      'VALUE = 42\n',
      'text',
      `${tmpPath}/lib/helper_mod.py`
    );
    await openCells(page, tmpPath, 'needs-path.ipynb', [
      ['code', 'import sys'],
      ['code', "sys.path.insert(0, 'lib')"],
      ['code', 'unrelated = 1'],
      ['code', 'from helper_mod import VALUE\nprint(VALUE)']
    ]);
    await page.notebook.run();
    const before = await cellsJSON(page);
    expect(outputText(before[3])).toEqual(['stream:42\n']);

    await restartKernel(page);
    await (await page.notebook.getCellLocator(3))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Control+Shift+c');
    await page.keyboard.type('Run What This Cell Needs');
    await page.keyboard.press('Enter');

    // The import path cell ran before the import, the unrelated cell did not.
    await expect
      .poll(async () => (await cellsJSON(page))[3].execution_count)
      .toBe(3);
    const after = await cellsJSON(page);
    expect(after.map(c => c.execution_count)).toEqual([
      1,
      2,
      before[2].execution_count,
      3
    ]);
    expect(outputText(after[3])).toEqual(['stream:42\n']);
  });

  test('a cell that read a value an upstream cell changed is marked stale, and only it; "Run stale cells" runs it and the mark goes', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'stale.ipynb', [
      ['code', 'a = 1'],
      ['code', 'b = a + 1\nprint(b)'],
      ['code', 'c = 5\nprint(c)']
    ]);
    await page.notebook.run();
    const marker = (i: number) => onCell(page, i, '.jp-sane-Stale');
    await expect(marker(1)).toHaveCount(0);

    await setSource(page, 0, 'a = 10');
    await page.notebook.runCell(0);
    await expect(marker(1)).toHaveText('stale');
    await expect(marker(1)).toHaveAttribute('title', /cell 1 changed `a`/);
    await expect(marker(2)).toHaveCount(0);

    await page.locator('.jp-sane-StaleButton').click();
    await expect(marker(1)).toHaveCount(0);
    await expect
      .poll(async () => outputText((await cellsJSON(page))[1]))
      .toEqual(['stream:11\n']);
    await expect(page.locator('.jp-sane-StaleButton')).toHaveCount(0);

    // An edit not run yet: its output is from the old code.
    await setSource(page, 2, 'c = 6\nprint(c)');
    await expect(marker(2)).toHaveText('edited since run');
  });

  test('stale marks outlive a page reload: they are replayed from the saved execution log', async ({
    page,
    tmpPath
  }) => {
    const name = 'stale-reload.ipynb';
    await openCells(page, tmpPath, name, [
      ['code', 'a = 1'],
      ['code', 'b = a + 1\nprint(b)'],
      ['code', 'c = 5\nprint(c)']
    ]);
    await page.notebook.run();
    await setSource(page, 0, 'a = 10');
    // The log reaches the workspace a moment after the run: wait for the save that holds the
    // fourth run (cell 1 read `a` before cell 0 bound it again).
    const key = `jupyterlab-sane:execution:${tmpPath}/${name}`;
    const saved = page.waitForRequest(request => {
      if (
        request.method() !== 'PUT' ||
        !request.url().includes('/api/workspaces')
      ) {
        return false;
      }
      const body = request.postDataJSON() as {
        data?: Record<string, unknown[]>;
      };
      return (body.data?.[key]?.length ?? 0) >= 4;
    });
    await page.notebook.runCell(0);
    await expect(onCell(page, 1, '.jp-sane-Stale')).toHaveText('stale');
    await saved;
    await page.notebook.save();

    await page.reload({ waitForIsReady: false });
    // Playwright's own waits: Galata's page proxy can miss a page that reloaded.
    await page
      .locator('.lm-TabBar-tab', { hasText: name })
      .first()
      .click({ timeout: 60000 });
    const cells = page.locator(
      '.jp-NotebookPanel:visible .jp-Notebook .jp-Cell:visible'
    );
    await expect(cells).toHaveCount(3, { timeout: 60000 });
    const stale = cells.nth(1).locator('.jp-sane-Stale');
    await expect(stale).toHaveText('stale');
    await expect(stale).toHaveAttribute('title', /cell 1 changed `a`/);
    await expect(cells.nth(0).locator('.jp-sane-Stale')).toHaveCount(0);
    await expect(cells.nth(2).locator('.jp-sane-Stale')).toHaveCount(0);
  });

  test('after a restart the health popover offers to re-run what the active cell needs, saying how many cells of those that ran', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'after-restart.ipynb', [
      ['code', 'a = 2'],
      ['code', 'b = 100'],
      ['code', 'print(a * 3)']
    ]);
    for (const i of [0, 1, 2]) {
      await page.notebook.runCell(i);
    }
    const counts = async () =>
      (await cellsJSON(page)).map(c => c.execution_count);
    const before = await counts();
    await restartKernel(page);
    await (await page.notebook.getCellLocator(2))!
      .locator('.jp-InputPrompt')
      .click();
    await page.locator('.jp-sane-HealthStatus').click();
    const offer = page.getByRole('button', {
      name: 'Re-run what cell 3 needs (2 of 3 cells)'
    });
    await offer.click();
    await expect
      .poll(async () => outputText((await cellsJSON(page))[2]))
      .toEqual(['stream:6\n']);
    // `b = 100` did not run again: its count is the one from before the restart.
    expect((await counts())[1]).toBe(before[1]);
  });
});
