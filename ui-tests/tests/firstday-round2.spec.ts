import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import { onCell, openCells } from './notebookJSON';
import { SHOTS } from './screenshots';

// Issue 27, a researcher's first day, round two: a numpy logistic regression as the issue had it.
test.setTimeout(120000);

const DATA =
  'import numpy as np\nrng = np.random.default_rng(0)\nX_train = rng.normal(size=(40, 3))\nX_test = rng.normal(size=(10, 3))\ny_train = (X_train[:, 0] > 0).astype(float)\ny_test = (X_test[:, 0] > 0).astype(float)';
const SIGMOID = 'def sigmoid(z):\n    return 1 / (1 + np.exp(-z))';
const TRAIN =
  'w = np.zeros(3)\nb = 0.0\nlr = 0.5\nfor epoch in range(50):\n    p = sigmoid(X_train @ w + b)\n    w -= lr * X_train.T @ (p - y_train) / len(y_train)\n    b -= lr * np.mean(p - y_train)';
const evaluation = (part: string) =>
  `p_${part} = sigmoid(X_${part} @ w + b)\nacc_${part} = np.mean((p_${part} > 0.5) == y_${part})\nprint(f"${part} accuracy {acc_${part}:.3f}")`;

const dialog = (page: IJupyterLabPageFixture) => page.locator('.jp-Dialog');

test.describe('Extract', () => {
  test('opened from a copy flag, the dialog offers to replace the copies, and says why one stays', async ({
    page,
    tmpPath
  }) => {
    await openCells(page, tmpPath, 'copyflag.ipynb', [
      ['code', DATA],
      ['code', SIGMOID],
      ['code', TRAIN],
      ['code', evaluation('train')],
      ['code', evaluation('test')]
    ]);
    const flag = onCell(page, 3, '.jp-sane-Flag');
    await expect(flag).toHaveAttribute('data-kinds', 'clone');
    await flag.click();
    await dialog(page)
      .getByRole('button', { name: 'Extract to function' })
      .click();
    const option = dialog(page).getByRole('checkbox', {
      name: /Also replace the copy of this cell/
    });
    await expect(option).toBeVisible();
    // Its f-string differs: the copy can't become a call, and the dialog says so.
    await expect(option).toBeDisabled();
    await expect(dialog(page).locator('.jp-sane-ExtractForm-skips')).toHaveText(
      'Cell 5 stays as it is: a multi-line string or an f-string differs.'
    );
    await dialog(page).screenshot({
      path: path.join(SHOTS, 'extract-copy-flag.png')
    });
    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  });
});
