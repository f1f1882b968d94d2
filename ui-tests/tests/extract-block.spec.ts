import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import {
  cellsJSON,
  onCell,
  openCells,
  outputText,
  restartAndRunAll,
  text,
  openFlag
} from './notebookJSON';
import { SHOTS } from './screenshots';

/** Load, clean, fit, report: the cells people run again and again by hand. */
const PIPELINE: [type: 'code' | 'markdown', source: string][] = [
  ['code', 'raw = [3.0, None, 5.0, 7.0]\nscale = 2'],
  ['code', '# clean\nclean = [v for v in raw if v is not None]\nlen(clean)'],
  ['markdown', 'Fit a mean, scaled.'],
  ['code', 'fit = sum(clean) / len(clean) * scale\nprint(fit)'],
  ['code', 'report = f"fit={fit:.2f}"\nreport'],
  ['code', 'print(report.upper())']
];

async function outputs(page: IJupyterLabPageFixture): Promise<string[][]> {
  return (await cellsJSON(page)).map(outputText);
}

const shown = (outputs: string[][]): string =>
  outputs
    .flat()
    .map(o => o.replace(/^[a-z_]+:/, ''))
    .join('');

async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return (await cellsJSON(page)).map(c => text(c.source));
}

test.describe('Several cells, one function', () => {
  test.describe.configure({ timeout: 150000 });
  test.use({ kernels: null });

  test('three cells selected with the keyboard become one function; restart and run all gives the same outputs; Z brings the three back', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'block.ipynb', PIPELINE);
    await page.notebook.run();
    const before = await outputs(page);
    const original = await cellsJSON(page);

    // Cells 2 to 5 (from 1): the markdown between them goes into the function as a comment.
    await (await page.notebook.getCellLocator(1))!
      .locator('.jp-InputPrompt')
      .click();
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+ArrowDown');
    }
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Extract cells 2-5 to function');
    const preview = dialog.locator('.jp-sane-ExtractPreview').first();
    await expect(preview).toContainText(/def clean_2\(raw, scale\):/);
    await expect(preview).toContainText('# Fit a mean, scaled.');
    await expect(preview).toContainText('display(');
    await dialog.screenshot({ path: path.join(SHOTS, 'extract-block.png') });
    await dialog.getByRole('button', { name: 'Extract' }).click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(async () => (await sources(page)).length).toBe(3);

    await restartAndRunAll(page);
    // One cell now shows what the four showed, in order (displays and streams run together).
    expect(shown(await outputs(page))).toBe(shown(before));

    await page.keyboard.press('Escape');
    await page.keyboard.press('z');
    await expect.poll(() => sources(page)).toEqual(PIPELINE.map(c => c[1]));
    const back = await cellsJSON(page);
    // The block's own outputs come back with it.
    expect(back[1].outputs).toEqual(original[1].outputs);
  });

  test("a flagged sequence's Extract takes the whole sequence", async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'seq.ipynb', [
      ['code', 'data = [1, 2, 3]'],
      ['code', 'total = sum(data)'],
      ['code', 'print(total * 2)']
    ]);
    await page.notebook.runCell(0);
    for (let i = 0; i < 3; i++) {
      await page.notebook.runCell(1);
      await page.notebook.runCell(2);
    }
    const flag = onCell(page, 1, '.jp-sane-Flag');
    await expect(flag).toHaveAttribute('data-kinds', /sequence/);
    await openFlag(page, flag);
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Extract to function' }).click();
    await expect(dialog).toContainText('Extract cells 2-3 to function');
    await dialog.getByRole('button', { name: 'Extract' }).click();
    // The two cells are one now (running the last cell by hand had added an empty one).
    await expect
      .poll(async () => (await sources(page))[1])
      .toMatch(/^def show_total\(data\):[^]*print\(total \* 2\)/);
    expect((await sources(page)).slice(2)).toEqual(['']);
  });

  test('a sequence with another code cell between its cells: the popup says so and offers the block that holds them', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'apart.ipynb', [
      ['code', 'data = [1, 2, 3]'],
      ['code', 'note = "run once"'],
      ['code', 'print(sum(data))']
    ]);
    for (let i = 0; i < 3; i++) {
      await page.notebook.runCell(0);
      await page.notebook.runCell(2);
    }
    const flag = onCell(page, 0, '.jp-sane-Flag');
    await expect(flag).toHaveAttribute('data-kinds', /sequence/);
    await openFlag(page, flag);
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByRole('button', { name: 'Extract to function' }).click();
    await expect(dialog).toContainText(
      'These cells are not next to each other'
    );
    await dialog.getByRole('button', { name: 'Extract cells 1-3' }).click();
    await expect(dialog).toContainText('Extract cells 1-3 to function');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect((await sources(page)).slice(0, 3)).toEqual([
      'data = [1, 2, 3]',
      'note = "run once"',
      'print(sum(data))'
    ]);
  });

  test('a block that cannot be one function is refused, naming the cell', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'refused.ipynb', [
      ['code', 'x = 1'],
      ['code', 'y = x + 1'],
      ['code', '%%bash\necho hi']
    ]);
    await (await page.notebook.getCellLocator(1))!
      .locator('.jp-InputPrompt')
      .click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(
      'These cells cannot become one function'
    );
    await expect(dialog).toContainText('Cell 3:');
    await dialog.getByRole('button', { name: 'OK' }).click();
    expect(await sources(page)).toEqual([
      'x = 1',
      'y = x + 1',
      '%%bash\necho hi'
    ]);
  });
});
