import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  codeOutputs,
  onCell,
  openCells,
  restartAndRunAll,
  text,
  waitForIdleKernel
} from './notebookJSON';

const CELLS: [type: 'code' | 'markdown', source: string][] = [
  ['code', 'import math'],
  ['markdown', '## Geometry'],
  ['code', 'def area(r):\n    return math.pi * r ** 2'],
  ['code', 'print(round(area(2), 3))']
];

const dialog = (page: IJupyterLabPageFixture) => page.locator('.jp-Dialog');

async function sources(page: IJupyterLabPageFixture): Promise<string[]> {
  return (await cellsJSON(page)).map(c => text(c.source));
}

/** Right-clicks a cell's prompt and picks "Move to Module" in the cell context menu. */
async function moveFromMenu(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  await onCell(page, index, '.jp-InputPrompt').click({ button: 'right' });
  await page
    .locator('.lm-Menu')
    .getByText('Move to Module', { exact: true })
    .click();
}

async function setModule(
  page: IJupyterLabPageFixture,
  module: string
): Promise<void> {
  await dialog(page).getByLabel('Module path').fill(module);
  await expect(
    dialog(page).locator('.jp-sane-MovePreview-cells')
  ).toContainText(`from ${module.replace(/\.py$/, '')} import`);
}

test.describe('Move to module', () => {
  // Runs the notebook twice, restarting its kernel in between.
  test.describe.configure({ timeout: 120000 });
  test.use({ kernels: null });

  test('moves a function from the context menu; the notebook computes the same; "Undo move" restores both', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'shapes.ipynb', CELLS);
    await page.notebook.run();
    const before = await codeOutputs(page);
    const original = await sources(page);
    expect(before[2]).toEqual(['stream:12.566\n']);

    await moveFromMenu(page, 2);
    await expect(
      dialog(page).locator('.jp-sane-MovePreview-module')
    ).toContainText('def area(r):');
    await setModule(page, 'geometry.py');
    const modulePreview = dialog(page).locator('.jp-sane-MovePreview-module');
    await expect(modulePreview).toContainText('import math');
    await expect(modulePreview).toContainText('return math.pi * r ** 2');
    await dialog(page).getByRole('button', { name: 'Move' }).click();
    await expect(dialog(page)).toHaveCount(0);

    // The module is in the file browser, and the cell imports it.
    await page.filebrowser.openDirectory(tmpPath);
    await expect(
      page.locator('.jp-DirListing-item', { hasText: 'geometry.py' })
    ).toHaveCount(1);
    const after = await sources(page);
    expect(after[2]).toBe(
      '%load_ext autoreload\n%autoreload 1\n%aimport geometry\nfrom geometry import area'
    );
    expect(after[1]).toBe('## Geometry');
    expect(after).toHaveLength(original.length);

    await restartAndRunAll(page);
    expect(await codeOutputs(page)).toEqual(before);

    await page
      .locator('.jp-Notification-Toast-Container, .Toastify')
      .getByRole('button', { name: 'Undo move' })
      .click();
    await expect.poll(() => sources(page)).toEqual(original);
    await expect
      .poll(() => page.contents.fileExists(`${tmpPath}/geometry.py`))
      .toBe(false);
  });

  test('one undo in the notebook brings the cells back; "Undo move" then removes the module', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'undo.ipynb', CELLS);
    const original = await cellsJSON(page);
    await page.notebook.selectCells(2);
    await page.keyboard.press('Control+Alt+m');
    await setModule(page, 'geo.py');
    await dialog(page).getByRole('button', { name: 'Move' }).click();
    await expect
      .poll(() => page.contents.fileExists(`${tmpPath}/geo.py`))
      .toBe(true);
    // The module is written first, then the notebook is edited: wait for the edit.
    await expect
      .poll(async () => (await sources(page))[2])
      .toContain('from geo import area');

    await page.keyboard.press('z');
    await expect.poll(() => cellsJSON(page)).toEqual(original);

    await page.evaluate(() =>
      window.jupyterapp.commands.execute('sane:undo-move')
    );
    await expect
      .poll(() => page.contents.fileExists(`${tmpPath}/geo.py`))
      .toBe(false);
    await expect.poll(() => cellsJSON(page)).toEqual(original);
  });

  test('a function reading a rebound global is refused, and its parameter offer passes it at every call', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'device.ipynb', [
      ['code', 'device = "cpu"'],
      ['code', 'def train(x):\n    return (x, device)'],
      ['code', 'print(train(1))'],
      ['code', 'device = "cuda"']
    ]);
    await moveFromMenu(page, 1);
    const refusal = dialog(page).locator('.jp-sane-MoveForm-refusal');
    await expect(refusal).toContainText('device');
    await refusal
      .getByRole('button', { name: 'Make device a keyword parameter of train' })
      .click();
    await expect(
      dialog(page).locator('.jp-sane-MovePreview-cells')
    ).toContainText('print(train(1, device=device))');
    await expect(
      dialog(page).locator('.jp-sane-MovePreview-module')
    ).toContainText('def train(x, *, device):');
    await dialog(page).getByRole('button', { name: 'Move' }).click();
    await expect
      .poll(async () => (await sources(page))[2])
      .toBe('print(train(1, device=device))');
  });

  test('a module that cannot be written is reported, and the notebook is untouched', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'readonly.ipynb', CELLS);
    const original = await cellsJSON(page);
    // The server's answer for a folder it may not write to (the tests run as root, for
    // which no folder is read-only).
    await page.route(/\/api\/contents\/.*\/locked\.py/, route =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 403,
            contentType: 'application/json',
            body: JSON.stringify({ message: 'Permission denied: locked.py' })
          })
        : route.continue()
    );
    await moveFromMenu(page, 2);
    await setModule(page, 'locked.py');
    await dialog(page).getByRole('button', { name: 'Move' }).click();
    await expect(dialog(page)).toContainText('The module could not be written');
    await expect(dialog(page)).toContainText('Permission denied');
    await expect(dialog(page)).toContainText('Nothing was changed');
    await dialog(page).getByRole('button', { name: 'OK' }).click();
    expect(await cellsJSON(page)).toEqual(original);
    expect(await page.contents.fileExists(`${tmpPath}/locked.py`)).toBe(false);
  });

  test('tests move along into test_<module>.py, and "Undo move" removes both files', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'tested.ipynb', [
      ...CELLS,
      ['code', 'def test_area():\n    assert round(area(1), 2) == 3.14']
    ]);
    await moveFromMenu(page, 2);
    await setModule(page, 'geometry.py');
    await dialog(page)
      .getByRole('checkbox', { name: /Move the test cells/ })
      .check();
    await expect(
      dialog(page).locator('.jp-sane-MovePreview-cells')
    ).toContainText('# Tests moved to test_geometry.py');
    await dialog(page).getByRole('button', { name: 'Move' }).click();
    await expect
      .poll(() => page.contents.fileExists(`${tmpPath}/test_geometry.py`))
      .toBe(true);
    await expect.poll(() => sources(page)).toHaveLength(CELLS.length);
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('sane:undo-move')
    );
    await expect
      .poll(() => page.contents.fileExists(`${tmpPath}/test_geometry.py`))
      .toBe(false);
    expect(await page.contents.fileExists(`${tmpPath}/geometry.py`)).toBe(
      false
    );
    await expect.poll(() => sources(page)).toHaveLength(CELLS.length + 1);
  });

  test('the imported module is offered; defining the name differently there is refused, naming it; unsaved changes are said', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      'def area(r):\n    return 3 * r * r\n',
      'text',
      `${tmpPath}/geometry.py`
    );
    await openCells(page, tmpPath, 'clash.ipynb', [
      ['code', 'import math\nimport geometry'],
      ...CELLS.slice(1)
    ]);
    await page.notebook.setCell(3, 'code', 'print(area(3))');
    await moveFromMenu(page, 2);
    await expect(dialog(page).getByRole('note')).toContainText(
      'unsaved changes'
    );
    // The module the notebook imports from is offered for the path.
    await expect(
      dialog(page).locator('datalist option[value="geometry.py"]')
    ).toHaveCount(1);
    await dialog(page).getByLabel('Module path').fill('geometry.py');
    await expect(
      dialog(page).locator('.jp-sane-MoveForm-refusal')
    ).toContainText('geometry already defines area differently');
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    expect((await sources(page))[2]).toBe(CELLS[2][1]);
  });

  test('in a notebook of another language the command is off and says why', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'other.ipynb', CELLS);
    // The kernel's info reply writes its language_info: set ours after it, or it is undone.
    await waitForIdleKernel(page);
    await page.evaluate(() => {
      const panel = window.jupyterapp.shell.currentWidget as unknown as {
        content: { model: { setMetadata(k: string, v: unknown): void } };
      };
      panel.content.model.setMetadata('language_info', { name: 'R' });
    });
    const state = () =>
      page.evaluate(() => ({
        label: window.jupyterapp.commands.label('sane:move-to-module'),
        enabled: window.jupyterapp.commands.isEnabled('sane:move-to-module')
      }));
    await expect.poll(state).toEqual({
      label: 'Move to Module (Python kernels only)',
      enabled: false
    });
  });
});
