import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import { ConsoleMessage, Locator, Page } from '@playwright/test';

/** A cell of the current notebook as nbformat JSON. */
export interface ICellJSON {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: {
    output_type: string;
    text?: string | string[];
    data?: Record<string, unknown>;
  }[];
}

/** The cells of the notebook in the main area, read from its model (windowing aside). */
export async function cellsJSON(
  page: IJupyterLabPageFixture
): Promise<ICellJSON[]> {
  return page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { model: { toJSON(): { cells: ICellJSON[] } } };
    };
    return panel.content.model.toJSON().cells;
  });
}

export const text = (value: unknown): string =>
  Array.isArray(value) ? value.join('') : String(value ?? '');

/** What a cell showed: each output's type with its stream text or plain-text value. */
export function outputText(cell: ICellJSON): string[] {
  return (cell.outputs ?? []).map(
    o => `${o.output_type}:${text(o.text ?? o.data?.['text/plain'])}`
  );
}

/**
 * Writes a notebook with these cells and opens it. Typing sources into the editor would let
 * its auto-indent change them; a file keeps them exactly.
 */
export async function openCells(
  page: IJupyterLabPageFixture,
  tmpPath: string,
  name: string,
  cells: [type: 'code' | 'markdown', source: string][]
): Promise<void> {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3 (ipykernel)',
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells: cells.map(([type, source], i) => ({
      id: `cell-${i}`,
      cell_type: type,
      source,
      metadata: {},
      ...(type === 'code' ? { outputs: [], execution_count: null } : {})
    }))
  };
  await page.contents.uploadContent(
    JSON.stringify(notebook),
    'text',
    `${tmpPath}/${name}`
  );
  await page.notebook.openByPath(`${tmpPath}/${name}`);
  await page.notebook.activate(name);
}

/** Sets a cell's source through the shared model, as a paste would. */
export async function setSource(
  page: IJupyterLabPageFixture,
  index: number,
  source: string
): Promise<void> {
  await page.evaluate(
    ([i, s]) => {
      const panel = window.jupyterapp.shell.currentWidget as unknown as {
        content: {
          model: {
            cells: {
              get(i: number): { sharedModel: { setSource(s: string): void } };
            };
          };
        };
      };
      panel.content.model.cells
        .get(i as number)
        .sharedModel.setSource(s as string);
    },
    [index, source]
  );
}

/**
 * Restarts the notebook's kernel in place and runs all its cells, as "Restart Kernel and Run
 * All Cells" does (without its confirmation dialog). Tests that restart must opt out of
 * Galata's kernel mock (`test.use({ kernels: null })`): it answers the restart request with
 * 201 where JupyterLab expects 200, and the restart never completes.
 */
export async function restartAndRunAll(
  page: IJupyterLabPageFixture
): Promise<void> {
  await restartKernel(page);
  await page.notebook.run();
}

/** Restarts the notebook's kernel in place and waits until it is idle again. */
export async function restartKernel(
  page: IJupyterLabPageFixture
): Promise<void> {
  // A restart sent while the kernel is still starting never completes: wait for it first.
  await waitForIdleKernel(page);
  await page.evaluate(async () => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      sessionContext: { restartKernel(): Promise<void> };
    };
    await panel.sessionContext.restartKernel();
  });
  await waitForIdleKernel(page);
}

/** Opens the Settings Editor on one of our schemas, by its title. */
export async function openSettings(
  page: IJupyterLabPageFixture,
  title: string
): Promise<void> {
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('settingeditor:open')
  );
  // The editor fetches every schema first: slow right after a heavy test run.
  await page
    .locator('.jp-PluginList')
    .getByText(title, { exact: true })
    .click({ timeout: 30000 });
}

/** Waits until the current notebook's kernel is idle. */
export async function waitForIdleKernel(
  page: Pick<Page, 'waitForFunction'>
): Promise<void> {
  await page.waitForFunction(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      sessionContext?: { session: { kernel: { status: string } } | null };
    };
    return panel?.sessionContext?.session?.kernel?.status === 'idle';
  });
}

/** The outputs of each code cell of the current notebook, as `outputText` puts them. */
export async function codeOutputs(
  page: IJupyterLabPageFixture
): Promise<string[][]> {
  return (await cellsJSON(page))
    .filter(c => c.cell_type === 'code')
    .map(outputText);
}

/** The source of a cell of the current notebook, by its index among all cells. */
export async function cellSource(
  page: IJupyterLabPageFixture,
  index: number
): Promise<string> {
  return text((await cellsJSON(page))[index].source);
}

/** The index of the current notebook's active cell. */
export async function activeCell(
  page: IJupyterLabPageFixture
): Promise<number> {
  return page.evaluate(() => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { activeCellIndex: number };
    };
    return panel.content.activeCellIndex;
  });
}

/** What the extension drew on a cell (e.g. `.jp-sane-Flag`), by the cell's index. */
export function onCell(
  page: IJupyterLabPageFixture,
  index: number,
  selector: string
) {
  return page.locator('.jp-Notebook .jp-Cell').nth(index).locator(selector);
}

/**
 * A plugin's setting as the app's registry holds it: the settings editor saves a change after
 * a pause, and the plugin sees it only once saved. A setting with no visible effect of its own
 * is waited for with this before the action that needs it.
 */
export async function settingOf(
  page: IJupyterLabPageFixture,
  plugin: string,
  key: string
): Promise<unknown> {
  return page.evaluate(
    async ({ plugin, key }) => {
      const registry = await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      );
      return (await registry?.load(plugin))?.composite[key];
    },
    { plugin, key }
  );
}

/** Every cell's source, in order. */
export async function sourcesOf(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return (await cellsJSON(page)).map(cell => text(cell.source));
}

/**
 * Waits until the cells' sources differ from `was`: Extract applies its edit after its dialog
 * closes, once the kernel has answered about the new function's names.
 */
export async function editedFrom(
  page: IJupyterLabPageFixture,
  was: string[]
): Promise<void> {
  await expect.poll(() => sourcesOf(page)).not.toEqual(was);
}

/**
 * Clicks a cell's flag until its dialog shows. Under load the notebook can still be moving when
 * the click lands (running the last cell adds one below it), and the dialog's code loads on the
 * first click: a click that hit nothing is made again, never a second one on an opening dialog.
 */
export async function openFlag(
  page: IJupyterLabPageFixture,
  flag: Locator
): Promise<void> {
  const dialog = page.locator('.jp-Dialog');
  // What the page said, for the failure's message (once, a click never opened the dialog).
  const said: string[] = [];
  const note = (message: ConsoleMessage) =>
    message.type() === 'error' && said.push(message.text());
  page.on('console', note);
  await expect(async () => {
    if ((await dialog.count()) === 0) {
      await flag.click();
    }
    await expect(
      dialog,
      `the flag's dialog; the page's errors: ${said.join(' | ') || 'none'}`
    ).toBeVisible({ timeout: 10000 });
  }).toPass({ timeout: 60000 });
  page.off('console', note);
}
