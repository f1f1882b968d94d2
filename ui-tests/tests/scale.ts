/** The big notebooks of scale.spec.ts and of the browser bench, and what they measure. */
import { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { openCells, setSource } from './notebookJSON';

const CORPUS = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** `count` code cells: the corpus's own, in order, then made up (all made up without it). */
export function corpusCells(count: number): string[] {
  const sources: string[] = [];
  if (existsSync(CORPUS)) {
    for (const dir of readdirSync(CORPUS).sort()) {
      const folder = path.join(CORPUS, dir);
      if (!statSync(folder).isDirectory()) {
        continue;
      }
      for (const file of readdirSync(folder)
        .filter(f => f.endsWith('.ipynb'))
        .sort()) {
        const notebook = JSON.parse(
          readFileSync(path.join(folder, file), 'utf-8')
        );
        for (const cell of notebook.cells ?? []) {
          if (cell.cell_type === 'code' && sources.length < count) {
            const source = cell.source;
            sources.push(
              Array.isArray(source) ? source.join('') : String(source)
            );
          }
        }
      }
    }
  }
  for (let i = sources.length; i < count; i++) {
    sources.push(
      `# step ${i}\nvalue_${i} = compute(${i}, scale=${i % 7})\nvalue_${i}`
    );
  }
  return sources;
}

/** Edits and runs the first cell three times, as a user would; returns the long tasks (ms). */
export async function exercise(
  page: IJupyterLabPageFixture
): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { saneLongTasks: number[] };
    w.saneLongTasks = [];
    new PerformanceObserver(list =>
      list.getEntries().forEach(e => w.saneLongTasks.push(e.duration))
    ).observe({ type: 'longtask' });
  });
  for (const lr of ['0.1', '0.01', '0.001']) {
    await setSource(page, 0, `lr = ${lr}\nscore = lr * 2`);
    await page.evaluate(async () => {
      const panel = window.jupyterapp.shell.currentWidget as unknown as {
        content: { activeCellIndex: number };
      };
      panel.content.activeCellIndex = 0;
      await window.jupyterapp.commands.execute('notebook:run-cell');
    });
  }
  // Lets the debounced refreshes after the last run happen inside the observed time.
  await page.waitForTimeout(1000);
  return page.evaluate(() =>
    (window as unknown as { saneLongTasks: number[] }).saneLongTasks.map(
      Math.round
    )
  );
}

export async function openBig(
  page: IJupyterLabPageFixture,
  tmpPath: string
): Promise<void> {
  const cells = corpusCells(1000).map(s => ['code', s] as ['code', string]);
  cells[0] = ['code', 'lr = 0.1\nscore = lr * 2'];
  await openCells(page, tmpPath, 'big.ipynb', cells);
}

/** The long tasks (ms) the page runs from now until `until` resolves, and a second after. */
export async function longTasksDuring(
  page: IJupyterLabPageFixture,
  until: () => Promise<void>
): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { saneTasks: number[] };
    w.saneTasks = [];
    new PerformanceObserver(list =>
      list.getEntries().forEach(e => w.saneTasks.push(Math.round(e.duration)))
    ).observe({ type: 'longtask' });
  });
  await until();
  await page.waitForTimeout(1000);
  return page.evaluate(
    () => (window as unknown as { saneTasks: number[] }).saneTasks
  );
}

/** 40 cells of 56 kB, each twice: in one go, their first analysis held the page ~0.85 s. */
export function bigCells(): ['code', string][] {
  const big = (k: number) =>
    Array.from(
      { length: 1500 },
      (_, i) => `value_${k}_${i} = compute(${i}, scale=${k})`
    ).join('\n');
  const cells: ['code', string][] = [];
  for (let k = 0; k < 20; k++) {
    cells.push(['code', big(k)], ['code', big(k)]);
  }
  return cells;
}
