import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { openCells } from './notebookJSON';
import {
  bigCells,
  corpusCells,
  exercise,
  longTasksDuring,
  openBig
} from './scale';

// How long the page is held is a benchmark (`make bench`: BENCH edit_longest_task_ms and
// analysis_longest_task_ms), not a test: a loaded machine holds every page longer. The tests
// check what does not change with the load (the work done in slices, the flags that follow) and
// note the longest task in the report.

test.setTimeout(180000);

function noteLongest(what: string, tasks: number[]): void {
  test.info().annotations.push({
    type: `longest task ${what}`,
    description: `${Math.max(0, ...tasks)} ms`
  });
}

/** The slices the first analysis went in, as SlicedWarmup marked them. */
function slices(
  page: IJupyterLabPageFixture
): Promise<{ from: number; to: number }[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByName('jupyterlab-sane:analysis-slice')
      .map(mark => (mark as PerformanceMark).detail)
  );
}

test('a 1,000-cell notebook stays responsive while its flags follow the work', async ({
  page,
  tmpPath
}) => {
  await openBig(page, tmpPath);
  await expect(page.locator('.jp-sane-Hints')).toContainText(/\d+ hints?/, {
    timeout: 60000
  });
  // The 1,000 cells' first analysis went in slices, the page served in between.
  // The hints button shows a count ("0 hints") from the start, before the warm-up is done.
  await expect
    .poll(async () => (await slices(page)).at(-1)?.to, { timeout: 60000 })
    .toBe(1000);
  expect((await slices(page)).length).toBeGreaterThan(1);
  noteLongest('while editing', await exercise(page));
  const flag = page
    .locator('.jp-Notebook .jp-Cell')
    .first()
    .locator('.jp-sane-Flag');
  await expect(flag).toHaveAttribute('aria-label', /lr: 0\.1 → 0\.01 → 0\.001/);
});

test('a notebook of big cells is analysed in slices, the page served in between', async ({
  page,
  tmpPath
}) => {
  const cells = bigCells();
  const tasks = await longTasksDuring(page, async () => {
    await openCells(page, tmpPath, 'big-cells.ipynb', cells);
    await expect(page.locator('.jp-sane-Flag').first()).toBeVisible({
      timeout: 60000
    });
  });
  await expect(page.locator('.jp-sane-Flag').first()).toContainText('copy');
  // Every cell analysed once, in order, over several slices: never all in one go.
  const done = await slices(page);
  expect(done.length).toBeGreaterThan(1);
  expect(done.map(s => s.from)).toEqual([
    0,
    ...done.slice(0, -1).map(s => s.to)
  ]);
  expect(done[done.length - 1].to).toBe(cells.length);
  noteLongest('while analysing', tasks);
});

test('a 5,000-cell notebook gets its flags and its test cells', async ({
  page,
  tmpPath
}) => {
  const cells = corpusCells(5000).map(s => ['code', s] as ['code', string]);
  cells[4999] = ['code', 'def test_last():\n    assert 1 + 1 == 2'];
  await openCells(page, tmpPath, 'huge.ipynb', cells);
  await expect(page.locator('.jp-sane-Hints')).toContainText(
    /[1-9]\d* hints?/,
    {
      timeout: 120000
    }
  );
  // The last cell's marker, read on its widget: scrolling 5,000 cells down takes too long.
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const panel = window.jupyterapp.shell.currentWidget as unknown as {
            content: { widgets: { node: HTMLElement }[] };
          };
          return panel.content.widgets[4999].node.querySelector(
            '.jp-sane-TestMarker'
          )?.textContent;
        }),
      { timeout: 60000 }
    )
    .toBe('○ test: not run');
});
