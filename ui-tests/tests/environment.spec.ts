import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { openCells } from './notebookJSON';

const REQUIREMENTS = '# what the analysis needs\nnumpy  # arrays\n';

/** The text of a file, read through the contents API as the frontend sees it. */
async function fileText(
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

async function checkEnvironment(page: IJupyterLabPageFixture): Promise<void> {
  await page.keyboard.press('Control+Shift+c');
  await page.keyboard.type('Check Environment');
  await page.keyboard.press('Enter');
  await expect(page.locator('.jp-Dialog .jp-sane-Environment')).toBeVisible();
}

test.describe('Environment: every import declared', () => {
  test.describe.configure({ timeout: 120000 });
  // The check asks the real kernel which distribution provides each module.
  test.use({ kernels: null });

  test('a package the requirements lack is shown with its distribution; Add to requirements fixes the file, Undo restores it, and the finding clears', async ({
    page,
    tmpPath
  }) => {
    const path = `${tmpPath}/requirements.txt`;
    await page.contents.uploadContent(REQUIREMENTS, 'text', path);
    await openCells(page, tmpPath, 'deps.ipynb', [
      ['code', 'import numpy as np\nimport yaml']
    ]);
    await page.notebook.run();

    await checkEnvironment(page);
    const undeclared = page.locator(
      '.jp-Dialog section[data-kind="undeclared"] .jp-sane-Environment-finding'
    );
    await expect(undeclared).toHaveText(/`yaml` \(PyYAML [\d.]+\) is imported/);
    await expect(
      page.locator('.jp-Dialog .jp-sane-Environment-location')
    ).toContainText('is on local disk');
    await page.getByRole('button', { name: 'Add to requirements' }).click();
    await expect
      .poll(() => fileText(page, path))
      .toMatch(
        /^# what the analysis needs\nnumpy {2}# arrays\npyyaml>=[\d.]+\n$/
      );

    // Undo puts back every byte.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => fileText(page, path)).toBe(REQUIREMENTS);

    await checkEnvironment(page);
    await expect(undeclared).toHaveCount(1);
    await page.getByRole('button', { name: 'Add to requirements' }).click();
    await expect.poll(() => fileText(page, path)).toMatch(/pyyaml>=/);

    await checkEnvironment(page);
    await expect(page.locator('.jp-sane-Environment-summary')).toHaveText(
      'Every import is declared.'
    );
    await expect(undeclared).toHaveCount(0);
  });

  test("the health popover's Environment row says which imports are not declared and where the environment lives, checks again from there and expands to the findings", async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      'numpy\n',
      'text',
      `${tmpPath}/requirements.txt`
    );
    await openCells(page, tmpPath, 'popover.ipynb', [
      ['code', 'import numpy, yaml']
    ]);
    await page.notebook.run();

    const row = page.locator(
      '.jp-sane-HealthPopover tr[data-check="environment"]'
    );
    const imports = row.locator('.jp-sane-HealthPopover-imports');
    await page.locator('.jp-sane-HealthStatus').click();
    await expect(imports).toHaveText('imports not checked yet');
    await expect(imports).toHaveAttribute('data-level', 'ok');
    // The health probe's part of the row stays: how the kernel's Python was installed.
    await expect(row.locator('.jp-sane-HealthPopover-value')).toContainText(
      'kernel Python from'
    );
    await row.getByRole('button', { name: 'Check environment' }).click();
    await expect(
      page.locator('.jp-Dialog .jp-sane-Environment-summary')
    ).toHaveText('1 import is not declared.');
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    await page.locator('.jp-sane-HealthStatus').click();
    await expect(imports).toHaveText('1 import not declared: yaml');
    await expect(imports).toHaveAttribute('data-level', 'warning');
    await expect(row).toHaveAttribute('data-level', 'warning');
    await expect(row.locator('.jp-sane-HealthPopover-where')).toContainText(
      'environment on local disk'
    );

    // The findings wait, closed, under the row's line until asked for.
    const finding = row.locator(
      'section[data-kind="undeclared"] .jp-sane-Environment-finding'
    );
    await expect(finding).toBeHidden();
    await row.locator('summary', { hasText: 'Findings' }).click();
    await expect(finding).toHaveText(/`yaml` \(PyYAML [\d.]+\) is imported/);
  });
});
