/**
 * `BENCH exec_overhead_ratio`: cell executions with jupyterlab-sane enabled over the same with
 * it disabled, in one run: two servers. Run by `make bench`, not by `make test`.
 *
 * An execution is a kernel round trip (about 75 ms here). What moves it most is the page: two
 * fresh pages of the same server, executions interleaved, even sharing one kernel, differ by up
 * to 10% for their whole life. So the sides take turns over many rounds: ten each, alternating
 * which goes first, each a fresh page, kernel and workspace, alone in the browser. (A shared
 * workspace would restore the notebooks of earlier rounds, each with a kernel, and how many
 * depended on the side: that made the extension look 3-8% slower than it is.) The ratio is of
 * the median executions, which a GC pause or a hiccup does not move; the ratio of the means and
 * each round's median are printed too, to show the spread, and the interval the ratio would
 * likely fall in with other pages. `exec_sane_cpu_ms` is what no ratio
 * can resolve: the CPU time spent in our own scripts per execution, from a sampling
 * profile taken apart from the timed executions.
 */
import { Browser, expect, Page, test } from '@playwright/test';
import { waitForIdleKernel } from '../tests/notebookJSON';

const PORT = Number(process.env.SANE_GALATA_PORT ?? 8931);
const WITHOUT_PORT = PORT + 1;

const RUNS = 100;
const ROUNDS = 10;
const PROFILED = 100;

test.setTimeout(900000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const mean = (values: number[]) =>
  values.reduce((a, b) => a + b, 0) / values.length;

/**
 * The 95% interval of the ratio of medians when the pages themselves are drawn again (a
 * bootstrap over rounds, seeded so that a run prints the same interval for the same times):
 * pages are what varies most, so this is how finely a run can tell the sides apart.
 */
function ratioInterval(
  a: number[][],
  b: number[][],
  draws = 1000
): [number, number] {
  let seed = 12345;
  const pick = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const resample = (rounds: number[][]) =>
    rounds.flatMap(() => rounds[pick(rounds.length)]);
  const ratios = Array.from(
    { length: draws },
    () => median(resample(a)) / median(resample(b))
  ).sort((x, y) => x - y);
  return [ratios[Math.floor(draws * 0.025)], ratios[Math.floor(draws * 0.975)]];
}

/** JupyterLab on `port` with a one-cell notebook open and its kernel idle. */
async function openLab(
  browser: Browser,
  port: number,
  name: string
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  // A workspace of its own: the default one would restore the notebooks of earlier rounds,
  // each starting a kernel, and how many depends on when each page last saved its workspace.
  await page.goto(`http://127.0.0.1:${port}/lab/workspaces/${name}?reset`);
  await page.waitForFunction(() => typeof window.jupyterapp === 'object');
  await page.evaluate(async path => {
    const app = window.jupyterapp;
    await app.started;
    await app.serviceManager.contents.save(path, {
      type: 'notebook',
      format: 'json',
      content: {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: 'python3', display_name: 'Python 3' }
        },
        cells: [
          {
            id: 'bench',
            cell_type: 'code',
            source: 'x = 1\nx + 1',
            metadata: {},
            outputs: [],
            execution_count: null
          }
        ]
      }
    });
    await app.commands.execute('docmanager:open', {
      path,
      factory: 'Notebook',
      kernel: { name: 'python3' }
    });
  }, `sane-bench-${name}.ipynb`);
  await waitForIdleKernel(page);
  expect(await openNow(page)).toEqual({ notebooks: 1, kernels: 1 });
  return page;
}

/** The notebooks open in the page and the kernels running on its server. */
async function openNow(
  page: Page
): Promise<{ notebooks: number; kernels: number }> {
  return page.evaluate(async () => {
    const kernels = window.jupyterapp.serviceManager.kernels;
    await kernels.refreshRunning();
    return {
      notebooks: document.querySelectorAll('.jp-NotebookPanel').length,
      kernels: [...kernels.running()].length
    };
  });
}

/** Shuts the page's kernels down and closes it, so the next round runs alone. */
async function closeLab(page: Page): Promise<void> {
  await page.evaluate(() =>
    window.jupyterapp.serviceManager.sessions.shutdownAll()
  );
  await page.context().close();
}

/** Runs the notebook's cell `runs` times; the time of each execution. */
async function runMany(page: Page, runs: number): Promise<number[]> {
  return page.evaluate(async n => {
    const panel = window.jupyterapp.shell.currentWidget as unknown as {
      content: { activeCellIndex: number };
    };
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      panel.content.activeCellIndex = 0;
      await window.jupyterapp.commands.execute('notebook:run-cell');
      times.push(performance.now() - start);
    }
    return times;
  }, runs);
}

interface IProfile {
  nodes: { id: number; callFrame: { url: string } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Milliseconds of CPU a profile spent in the scripts of our labextension. */
function saneSelfMs(profile: IProfile): number {
  const ours = new Set(
    profile.nodes
      .filter(n => n.callFrame.url.includes('/jupyterlab-sane/'))
      .map(n => n.id)
  );
  let micros = 0;
  (profile.samples ?? []).forEach((id, i) => {
    if (ours.has(id)) {
      micros += profile.timeDeltas?.[i] ?? 0;
    }
  });
  return micros / 1000;
}

/** CPU milliseconds per execution in our scripts, over `PROFILED` executions. */
async function profiledMs(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await runMany(page, PROFILED);
  const { profile } = await cdp.send('Profiler.stop');
  return saneSelfMs(profile) / PROFILED;
}

test('executions with the extension over without', async ({ browser }) => {
  const times = { with: [] as number[], without: [] as number[] };
  const pages = { with: [] as number[][], without: [] as number[][] };
  const rounds: string[] = [];
  let cpuMs = NaN;
  for (let round = 0; round < ROUNDS; round++) {
    const order =
      round % 2
        ? (['without', 'with'] as const)
        : (['with', 'without'] as const);
    for (const kind of order) {
      const port = kind === 'with' ? PORT : WITHOUT_PORT;
      const page = await openLab(browser, port, `${kind}-${round}`);
      expect(
        await page.evaluate(() =>
          window.jupyterapp.hasPlugin('jupyterlab-sane:execution')
        )
      ).toBe(kind === 'with');
      await runMany(page, 20); // warm-up
      const measured = await runMany(page, RUNS);
      times[kind].push(...measured);
      pages[kind].push(measured);
      rounds.push(`${kind} ${median(measured).toFixed(1)}`);
      if (kind === 'with' && round === 0) {
        cpuMs = await profiledMs(page);
      }
      await closeLab(page);
    }
  }
  const ratio = (a: number[], b: number[]) =>
    `${(median(a) / median(b)).toFixed(3)} x (medians; means ${(mean(a) / mean(b)).toFixed(3)} x)`;
  console.log(`BENCH exec_rounds ${rounds.join(', ')} (ms, median of each)`);
  console.log(
    `BENCH exec_ms_with ${median(times.with).toFixed(2)} ms (median)`
  );
  console.log(
    `BENCH exec_ms_without ${median(times.without).toFixed(2)} ms (median)`
  );
  console.log(`BENCH exec_overhead_ratio ${ratio(times.with, times.without)}`);
  const [low, high] = ratioInterval(pages.with, pages.without);
  console.log(
    `BENCH exec_overhead_ratio_ci95 ${low.toFixed(3)}-${high.toFixed(3)} x (pages drawn again)`
  );
  console.log(`BENCH exec_sane_cpu_ms ${cpuMs.toFixed(3)} ms per execution`);
});
