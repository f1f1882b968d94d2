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

/** The preview's line numbers the selection's highlight covers. */
async function highlighted(page: IJupyterLabPageFixture): Promise<number[]> {
  return preview(page).evaluate(node => {
    const marks = Array.from(node.querySelectorAll('.cm-selectionBackground'))
      .map(m => m.getBoundingClientRect())
      .filter(r => r.height > 0 && r.width > 0);
    return Array.from(
      node.querySelectorAll('.cm-lineNumbers .cm-gutterElement')
    )
      .filter(g => {
        const r = g.getBoundingClientRect();
        const middle = (r.top + r.bottom) / 2;
        return (
          r.height > 0 && marks.some(m => m.top < middle && m.bottom > middle)
        );
      })
      .map(g => Number(g.textContent));
  });
}

/** The 1-based line of the preview that reads `text`, trimmed. */
async function lineOf(
  page: IJupyterLabPageFixture,
  text: string
): Promise<number> {
  const lines = await preview(page).locator('.cm-line').allTextContents();
  return lines.findIndex(l => l.trim() === text) + 1;
}

test('each value offered as a parameter says its line in the preview, and hovering it highlights that line', async ({
  page,
  tmpPath
}) => {
  await openCells(page, tmpPath, 'eps.ipynb', [
    ['code', 'a = 1'],
    ['code', 'x = a + 1e-12\ny = a * 2\nz = x / (y + 1e-12)\nprint(z)']
  ]);
  await extract(page, 1);
  const values = dialog(page).locator('.jp-sane-ExtractForm-literals label');
  await expect(values).toHaveCount(3);
  const first = await lineOf(page, 'x = a + 1e-12');
  const third = await lineOf(page, 'z = x / (y + 1e-12)');
  expect(first).toBeGreaterThan(1);
  await expect(values.nth(0)).toHaveText(`line ${first}: 1e-12`);
  await expect(values.nth(1)).toHaveText(`line ${first + 1}: 2`);
  await expect(values.nth(2)).toHaveText(`line ${third}: 1e-12`);

  await values.nth(2).hover();
  await expect.poll(() => highlighted(page)).toEqual([third]);
  await page.mouse.move(0, 0);
  await expect.poll(() => highlighted(page)).toEqual([]);

  // Made a parameter, the value is in the def line, as its default.
  await values.nth(0).locator('input').check();
  await expect(preview(page)).toContainText('1e-12):');
  await expect(values.nth(0)).toContainText('line 1: 1e-12');
  // Keyboard focus shows it too: away to the parameter before, and back.
  await page.mouse.move(0, 0);
  await page.keyboard.press('Shift+Tab');
  await expect.poll(() => highlighted(page)).toEqual([]);
  await page.keyboard.press('Tab');
  await expect(values.nth(0).locator('input')).toBeFocused();
  await expect.poll(() => highlighted(page)).toEqual([1]);
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
});
