import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { onCell, openCells } from './notebookJSON';

// Issue 27, round two: the extract dialog's preview and the values it offers as parameters.
test.use({ viewport: { width: 1280, height: 1000 } });

const dialog = (page: IJupyterLabPageFixture) => page.locator('.jp-Dialog');
const preview = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-Dialog .jp-sane-ExtractPreview').first();

/** A cell of `lines` lines that reads `a` and sums into `total`. */
function longCell(lines: number): string {
  const body = Array.from({ length: lines - 1 }, () => 'total = total * a + a');
  return ['total = a', ...body].join('\n');
}

/** The preview's lines the user can see without scrolling, and all its lines. */
async function previewLines(
  page: IJupyterLabPageFixture
): Promise<{ visible: number; total: number }> {
  return preview(page).evaluate(node => {
    const box = node.getBoundingClientRect();
    const lines = Array.from(
      node.querySelectorAll('.cm-lineNumbers .cm-gutterElement')
    )
      .map(g => g.getBoundingClientRect())
      .filter(r => r.height > 0);
    const inside = lines.filter(
      r => r.top >= box.top - 1 && r.bottom <= box.bottom + 1
    );
    return { visible: inside.length, total: lines.length };
  });
}

async function extract(page: IJupyterLabPageFixture, index: number) {
  await onCell(page, index, '.jp-InputPrompt').click();
  await page.keyboard.press('Control+Alt+e');
  await expect(preview(page)).toContainText('def ');
}

test('the preview shows a 32-line function whole, and a longer one within the window', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'long.ipynb', [
    ['code', 'a = 1'],
    ['code', longCell(24)],
    ['code', longCell(120)],
    ['code', 'print(total)']
  ]);
  await extract(page, 1);
  // The def, its docstring, 24 lines of body and the call: 32 lines, all drawn (CodeMirror
  // draws a margin beyond what shows).
  await expect
    .poll(async () => (await previewLines(page)).total)
    .toBeGreaterThanOrEqual(32);
  const whole = await previewLines(page);
  expect(whole.visible).toBe(whole.total);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();

  await extract(page, 2);
  const viewport = page.viewportSize()!;
  const box = (await page.locator('.jp-Dialog-content').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  // More of it than the dialog's old 500 pixels held, the rest a scroll away.
  const { visible } = await previewLines(page);
  expect(visible).toBeGreaterThan(20);
  expect(visible).toBeLessThan(120);
  await expect(
    dialog(page).getByRole('button', { name: 'Extract' })
  ).toBeInViewport();
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
});
