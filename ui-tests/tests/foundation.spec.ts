import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';
import { SHOTS } from './screenshots';

// Screenshots the README shows.

const PLUGINS = [
  'jupyterlab-sane:execution',
  'jupyterlab-sane:notebook-analysis',
  'jupyterlab-sane:repeats',
  'jupyterlab-sane:extract',
  'jupyterlab-sane:tests',
  'jupyterlab-sane:health',
  'jupyterlab-sane:slice'
];
const SCHEMA_TITLES = [
  'Sane: repeated work',
  'Sane: extract cell to function',
  'Sane: test cells',
  'Sane: health',
  'Sane: execution log',
  'Sane: stale cells and what a cell needs'
];

// Console errors from our plugins, collected from the first page load on.
const errors: string[] = [];
test.use({
  autoGoto: false
});

test.beforeEach(async ({ page }) => {
  errors.length = 0;
  page.on('console', message => {
    if (message.type() === 'error' && /sane/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  page.on('pageerror', error => errors.push(error.message));
  await page.goto();
});

test('all plugins activate without console errors', async ({ page }) => {
  const activated = await page.evaluate(
    ids => ids.map(id => window.jupyterapp.isPluginActivated(id)),
    PLUGINS
  );
  expect(activated).toEqual(PLUGINS.map(() => true));
  expect(errors).toEqual([]);
});

test('the health item answers from the server part, whose version agrees', async ({
  page
}) => {
  const item = page.locator('.jp-sane-HealthStatus');
  // A reading came back: the disk part shows; a version mismatch or a missing server part
  // would show their message instead.
  await expect(item).toContainText(' free');
  await expect(item).not.toContainText('server part');
  await expect(item).toHaveAttribute('data-level', /^(ok|warning|critical)$/);
});

test('the Settings Editor lists the six schemas and applies a toggle live', async ({
  page
}) => {
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('settingeditor:open')
  );
  const list = page.locator('.jp-PluginList');
  // The editor fetches every schema first: slow right after a heavy test run.
  for (const title of SCHEMA_TITLES) {
    await expect(list.getByText(title, { exact: true })).toBeVisible({
      timeout: 30000
    });
  }
  await list.getByText('Sane: health', { exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'Sane: health' })
  ).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'settings-editor.png') });

  const enabled = page.getByRole('checkbox', { name: /Enabled/ }).first();
  await enabled.uncheck();
  await expect(page.locator('.jp-sane-HealthStatus')).toBeHidden();
  await enabled.check();
  await expect(page.locator('.jp-sane-HealthStatus')).toBeVisible();
});
