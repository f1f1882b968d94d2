import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  openCells,
  outputText,
  text,
  waitForIdleKernel
} from './notebookJSON';

const TRAINING: [type: 'code' | 'markdown', source: string][] = [
  ['code', 'import math'],
  ['code', 'def sigmoid(z):\n    return 1 / (1 + math.exp(-z))'],
  ['code', 'def predict(w, x):\n    return sigmoid(w * x) > 0.5'],
  [
    'code',
    'class Net:\n    def __init__(self, w):\n        self.w = w\n\n    def __call__(self, x):\n        return predict(self.w, x)'
  ],
  ['code', 'net = Net(2.0)'],
  ['code', 'print(net(1.0), sigmoid(0), type(net).__module__)'],
  ['code', 'def test_sigmoid():\n    assert sigmoid(0) == 0.5']
];

const dialog = (page: IJupyterLabPageFixture) => page.locator('.jp-Dialog');
const toasts = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-Notification-Toast-Container, .Toastify');

async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return (await cellsJSON(page)).map(c => text(c.source));
}

async function outputOf(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return outputText((await cellsJSON(page))[index]).join('');
}

/** A file's text, read through the contents API as the page sees it. */
async function readFile(
  page: IJupyterLabPageFixture,
  path: string
): Promise<string> {
  return page.evaluate(async p => {
    const model = await window.jupyterapp.serviceManager.contents.get(p, {
      type: 'file',
      format: 'text',
      content: true
    });
    return model.content as string;
  }, path);
}

/** Selects cells `from`..`to`, opens Move to Module by its shortcut, and moves them. */
async function moveCells(
  page: IJupyterLabPageFixture,
  from: number,
  to: number,
  module: string,
  tests: boolean
): Promise<void> {
  await page.notebook.selectCells(from, to);
  await page.keyboard.press('Control+Alt+m');
  await dialog(page).getByLabel('Module path').fill(module);
  await expect(
    dialog(page).locator('.jp-sane-MovePreview-cells')
  ).toContainText(`from ${module.replace(/\.py$/, '')} import`);
  if (tests) {
    await dialog(page)
      .getByRole('checkbox', { name: /Move the test cells/ })
      .check();
  }
  await dialog(page).getByRole('button', { name: 'Move' }).click();
  await expect(dialog(page)).toHaveCount(0);
}

test.describe('Move to module, after the move', () => {
  test.describe.configure({ timeout: 180000 });
  test.use({ kernels: null });

  test('a live instance is named and re-made; the tests run under pytest; an edit of the .py shows on rerun', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'training.ipynb', TRAINING);
    await page.notebook.run();
    expect(await outputOf(page, 5)).toBe('stream:True 0.5 __main__\n');

    await moveCells(page, 1, 3, 'mlutils.py', true);
    // The instance made before the move is still __main__.Net: said, with the re-run offer.
    const toast = toasts(page);
    await expect(toast).toContainText(
      'net was made before the move: it is a __main__.Net, not a mlutils.Net'
    );
    // The test panel says where the test went.
    await page.evaluate(() =>
      window.jupyterapp.shell.activateById('jp-sane-tests')
    );
    await expect(
      page.locator('.jp-sane-TestsPanel-notice[data-notice="moved"]')
    ).toContainText('1 test moved to test_mlutils.py — run it with pytest.');

    await toast
      .getByRole('button', { name: 'Re-run what those cells need' })
      .click();
    const after = await sources(page);
    const printAt = after.indexOf(TRAINING[5][1]);
    expect(printAt).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        await waitForIdleKernel(page);
        return (await cellsJSON(page))[printAt - 1].execution_count ?? 0;
      })
      .toBeGreaterThan(TRAINING.length);
    await page.notebook.runCell(printAt);
    await expect
      .poll(() => outputOf(page, printAt))
      .toBe('stream:True 0.5 mlutils\n');

    // The moved test runs under plain pytest in the notebook's folder.
    const pytest = '!python -m pytest -q test_mlutils.py';
    await page.notebook.addCell('code', pytest);
    // Running the last cell added an empty one below it: the new cell is after that.
    const pytestAt = (await sources(page)).indexOf(pytest);
    await page.notebook.runCell(pytestAt);
    // pytest starts a fresh interpreter: slow on a loaded machine.
    await expect
      .poll(() => outputOf(page, pytestAt), { timeout: 60000 })
      .toContain('1 passed');

    // An edit of the module shows up on the next run (autoreload), no restart.
    const path = `${tmpPath}/mlutils.py`;
    const module = await readFile(page, path);
    expect(module).toContain('return sigmoid(w * x) > 0.5');
    await page.contents.uploadContent(
      module.replace('> 0.5', '* 10'),
      'text',
      path
    );
    await page.notebook.runCell(printAt);
    await expect
      .poll(() => outputOf(page, printAt))
      .toMatch(/^stream:8\.8\d* 0\.5 mlutils\n$/);
  });

  test('Undo move after a page reload puts back the module from its checkpoint, and the notebook', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/geometry.py`;
    const earlier =
      'import math\n\n\ndef circumference(r):\n    return 2 * math.pi * r\n';
    await page.contents.uploadContent(earlier, 'text', path);
    await openCells(page, tmpPath, 'reloaded.ipynb', [
      ['code', 'import math'],
      ['code', 'def area(r):\n    return math.pi * r ** 2'],
      ['code', 'print(round(area(2), 3))']
    ]);
    const original = await sources(page);
    await moveCells(page, 1, 1, 'geometry.py', false);
    await expect.poll(() => readFile(page, path)).toContain('def area(r):');
    await page.notebook.save();
    // The move's record reaches the saved workspace before the page goes.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const workspaces = window.jupyterapp.serviceManager.workspaces;
          const { ids } = await workspaces.list();
          const all = await Promise.all(ids.map(id => workspaces.fetch(id)));
          return all.some(
            w => 'jupyterlab-sane:modules:last-move' in (w.data ?? {})
          );
        })
      )
      .toBe(true);

    await page.reload({ waitForIsReady: false });
    await page
      .locator('.lm-TabBar-tab', { hasText: 'reloaded.ipynb' })
      .first()
      .click({ timeout: 60000 });
    await expect(
      page.locator('.jp-NotebookPanel:visible .jp-Notebook .jp-Cell')
    ).toHaveCount(3, { timeout: 60000 });
    await expect
      .poll(() =>
        page.evaluate(() =>
          window.jupyterapp.commands.isEnabled('sane:undo-move')
        )
      )
      .toBe(true);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('sane:undo-move')
    );
    await expect.poll(() => readFile(page, path)).toBe(earlier);
    await expect.poll(() => sources(page)).toEqual(original);
  });
});
