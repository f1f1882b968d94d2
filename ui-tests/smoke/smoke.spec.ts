import { expect, Page } from '@playwright/test';
import {
  execute,
  ISmokeApp,
  openSmokeNotebook,
  pluginIds,
  test
} from './fixtures';

const cell = (page: Page, index: number) =>
  page.locator('.jp-Notebook .jp-Cell').nth(index);

/** Selects a cell in command mode, as a click on its prompt and Escape do. */
async function select(page: Page, index: number): Promise<void> {
  await cell(page, index).locator('.jp-InputArea-editor').click();
  await page.keyboard.press('Escape');
}

test('every plugin activates; extract, a test cell and the health item work', async ({
  page,
  flavour,
  troubles
}) => {
  await openSmokeNotebook(page, flavour);
  const ids = pluginIds();
  expect(ids.length).toBeGreaterThan(5);
  await expect
    .poll(() =>
      page.evaluate(
        wanted =>
          wanted.filter(id => {
            const app = (window as unknown as { jupyterapp?: ISmokeApp })
              .jupyterapp;
            return !app?.isPluginActivated(id);
          }),
        ids
      )
    )
    .toEqual([]);

  // The definition runs in the kernel; then the loop becomes a function.
  await select(page, 0);
  await page.keyboard.press('Shift+Enter');
  await select(page, 1);
  await page.keyboard.press('Control+Alt+e');
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-sane-ExtractPreview')).toContainText('def ');
  await dialog.getByRole('button', { name: 'Extract' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(cell(page, 1).locator('.jp-InputArea-editor')).toContainText(
    /^def \w+\(/
  );

  // The test needs the definition: wait until the kernel has run it.
  await expect(cell(page, 0).locator('.jp-InputPrompt')).toHaveText('[1]:', {
    timeout: 30000
  });
  await execute(page, 'sane:run-test-cells');
  const panel = page.locator('#jp-sane-tests');
  await expect(panel).toBeVisible();
  await expect(panel.locator('.jp-sane-TestsPanel-summary')).toHaveText(
    '1 passed · 0 failed · 0 errors · 0 not run'
  );

  // Lab shows health in its status bar; Notebook 7, which has none, in its top area.
  const item = page.locator(
    flavour === 'lab'
      ? '#jp-main-statusbar .jp-sane-HealthStatus'
      : '#jp-top-panel .jp-sane-HealthStatus, #jp-sane-health-top'
  );
  await expect(item.first()).toBeVisible();
  await expect(item.first()).toContainText(' free');
  await item.first().click();
  const popover = page.locator('.jp-sane-HealthPopover');
  await expect(popover).toBeVisible();
  await expect(popover.locator('tr[data-check="disk"]')).toContainText(
    'free of'
  );
  // The environment plugin's line in the Environment row, in Notebook 7's top area too.
  await expect(
    popover.locator(
      'tr[data-check="environment"] .jp-sane-HealthPopover-imports'
    )
  ).toHaveText('imports not checked yet');
  const box = await popover.boundingBox();
  expect(box && box.y >= 0 && box.height > 0).toBe(true);
  await page.keyboard.press('Escape');

  expect(troubles).toEqual([]);
});
