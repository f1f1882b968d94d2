import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import {
  cellsJSON,
  openCells,
  outputText,
  restartAndRunAll
} from './notebookJSON';

const FIT: [type: 'code', source: string][] = [
  [
    'code',
    'import numpy as np\nrng = np.random.default_rng(0)\nX = rng.random((200, 3))\ny = rng.random(200)'
  ],
  ['code', '# fit\nw = np.linalg.lstsq(X, y, rcond=None)[0]'],
  ['code', 'print(w.shape, round(float(w.sum()), 6))']
];

async function outputs(page: IJupyterLabPageFixture): Promise<string[][]> {
  return (await cellsJSON(page)).map(outputText);
}

/** Opens the dialog on the fit cell with type hints on; returns the preview. */
async function hintedPreview(page: IJupyterLabPageFixture) {
  await (await page.notebook.getCellLocator(1))!
    .locator('.jp-InputPrompt')
    .click();
  await page.keyboard.press('Control+Alt+e');
  const dialog = page.locator('.jp-Dialog');
  await dialog
    .getByRole('checkbox', { name: 'Type hints from the kernel' })
    .click();
  return dialog.locator('.jp-sane-ExtractPreview').first();
}

test.describe('Shapes in the signature', () => {
  test.describe.configure({ timeout: 150000 });
  test.use({ kernels: null });

  test('with jaxtyping in the kernel, arrays sharing a size get one symbol; the import comes in the same edit; the notebook runs the same', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'shapes.ipynb', FIT);
    await page.notebook.run();
    const before = await outputs(page);
    const preview = await hintedPreview(page);
    await expect(preview).toContainText('from jaxtyping import Float');
    await expect(preview).toContainText(
      'def fit(X: Float[np.ndarray, "n m"], y: Float[np.ndarray, "n"]) -> Float[np.ndarray, "m"]:'
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Extract' })
      .click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    await restartAndRunAll(page);
    expect(await outputs(page)).toEqual(before);
  });

  test("without jaxtyping, today's annotations and the docstring's shapes", async ({
    page,
    tmpPath
  }) => {
    // The kernel cannot import jaxtyping: a module set to None in sys.modules is not found.
    await openCells(page, tmpPath, 'noshapes.ipynb', [
      ['code', FIT[0][1] + "\nimport sys\nsys.modules['jaxtyping'] = None"],
      FIT[1],
      FIT[2]
    ]);
    await page.notebook.run();
    const preview = await hintedPreview(page);
    await expect(preview).toContainText(
      'def fit(X: np.ndarray, y: np.ndarray):'
    );
    await expect(preview).toContainText('shape (200, 3)');
    await expect(preview).not.toContainText('jaxtyping');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();
  });
});
