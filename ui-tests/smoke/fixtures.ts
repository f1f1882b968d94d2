import { test as base, ConsoleMessage, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** Which front end the project's server runs. */
export interface ISmokeOptions {
  flavour: 'lab' | 'notebook';
}

/** What the smoke tests need of the app the page exposes (expose_app_in_browser). */
export interface ISmokeApp {
  hasPlugin(id: string): boolean;
  isPluginActivated(id: string): boolean;
  commands: { execute(id: string): Promise<unknown> };
}

/** Every plugin id of ours, read from the sources so that a new plugin is checked too. */
export function pluginIds(): string[] {
  const sources = ['common/pluginIds.ts', 'notebook/plugin.ts'].map(file =>
    fs.readFileSync(path.join(__dirname, '../../src', file), 'utf8')
  );
  const ids = sources.join('\n').match(/'jupyterlab-sane:[a-z-]+'/g) ?? [];
  return ids.map(id => id.slice(1, -1));
}

/**
 * Messages that say our extension, or JupyterLab's sharing of packages with it, went wrong.
 * Other extensions' failures are theirs: jupyter-collaboration 5's status bar timeline fails
 * to activate in Notebook 7, which has no status bar.
 */
const TROUBLE =
  /Unsatisfied version|No satisfying version|jupyterlab-sane|jupyterlab_sane/i;

export const test = base.extend<ISmokeOptions & { troubles: string[] }>({
  flavour: ['lab', { option: true }],
  troubles: async ({ page }, use) => {
    const found: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      const text = message.text();
      const bad = ['error', 'warning'].includes(message.type());
      if (bad && TROUBLE.test(text)) {
        found.push(`${message.type()}: ${text}`);
      }
    });
    // Notebook 7.6 itself throws in its shortcuts plugin at load: only our code's errors count.
    page.on('pageerror', error => {
      const where = `${error.message}\n${error.stack ?? ''}`;
      if (TROUBLE.test(where)) {
        found.push(`page error: ${where}`);
      }
    });
    await use(found);
  }
});

/** Opens the smoke notebook the server's config wrote, in Lab or in Notebook. */
export async function openSmokeNotebook(
  page: Page,
  flavour: ISmokeOptions['flavour']
): Promise<void> {
  const url =
    flavour === 'lab' ? 'lab/tree/smoke.ipynb' : 'notebooks/smoke.ipynb';
  await page.goto(url);
  await page.locator('.jp-Notebook .jp-Cell').nth(3).waitFor();
}

/** Runs a command the way the palette or a menu would. */
export async function execute(page: Page, command: string): Promise<void> {
  await page.evaluate(id => {
    const app = (window as unknown as { jupyterapp: ISmokeApp }).jupyterapp;
    void app.commands.execute(id);
  }, command);
}
