import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';
import { openCells } from './notebookJSON';
import { SHOTS } from './screenshots';

test.setTimeout(120000);
// Restarts and a killed kernel need the real kernels API, not Galata's mock.
test.use({ kernels: null });

const item = (page: IJupyterLabPageFixture) =>
  page.locator('.jp-sane-HealthStatus');

/** A theme colour variable as the browser computes it for `color` (rgb(…)). */
async function themeColour(
  page: IJupyterLabPageFixture,
  variable: string
): Promise<string> {
  return page.evaluate(name => {
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);
}

/** Shoots the status bar's left part, where the health item sits. */
async function shootItem(
  page: IJupyterLabPageFixture,
  name: string
): Promise<void> {
  const box = await item(page).boundingBox();
  if (box) {
    await page.screenshot({
      path: path.join(SHOTS, name),
      clip: {
        x: Math.max(0, box.x - 8),
        y: box.y - 4,
        width: box.width + 16,
        height: box.height + 8
      }
    });
  }
}

test('at warning the status item shows its colour and an icon, in the light and the dark theme', async ({
  page,
  tmpPath
}) => {
  // The temporary folder is no git repository: the backup check warns.
  await openCells(page, tmpPath, 'colour.ipynb', [['code', 'x = 1']]);
  await expect(item(page)).toHaveAttribute('data-level', 'warning');
  await expect(item(page)).toContainText('no git');
  await shootItem(page, 'health-warning-light.png');
  const text = item(page).getByText('no git');
  expect(await text.evaluate(e => getComputedStyle(e).color)).toBe(
    await themeColour(page, '--jp-warn-color0')
  );
  await expect(item(page).locator('svg').first()).toBeVisible();

  await page.menu.clickMenuItem('Settings>Theme>JupyterLab Dark');
  await page.waitForSelector('body[data-jp-theme-light="false"]');
  await expect(item(page)).toHaveAttribute('data-level', 'warning');
  await shootItem(page, 'health-warning-dark.png');
  expect(await text.evaluate(e => getComputedStyle(e).color)).toBe(
    await themeColour(page, '--jp-warn-color0')
  );
  await page.menu.clickMenuItem('Settings>Theme>JupyterLab Light');
  await page.waitForSelector('body[data-jp-theme-light="true"]');
});
