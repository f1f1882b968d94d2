import { IExecutionRun } from '../tokens.js';

/** A cell whose last successful run took long, and the data names it binds. */
export interface ISlowCell {
  cellId: string;
  seconds: number;
  names: string[];
}

/** Runs shorter than this are cheap to redo: not worth naming. */
const WORTH_S = 5;

/**
 * How long each cell's last successful run computed, from the execution log. A run scheduled
 * with others (run all) waited for the ones before it: its time starts when the one before
 * ended, not when it was scheduled.
 */
export function lastDurations(
  runs: readonly IExecutionRun[]
): Map<string, number> {
  const sorted = [...runs].sort((a, b) => a.end - b.end);
  const out = new Map<string, number>();
  let previousEnd = -Infinity;
  for (const run of sorted) {
    const start = Math.max(run.start, previousEnd);
    previousEnd = Math.max(previousEnd, run.end);
    if (run.success) {
      out.set(run.cellId, Math.max(0, run.end - start) / 1000);
    } else {
      out.delete(run.cellId);
    }
  }
  return out;
}

/**
 * The slowest cells to compute again, slowest first, with the names each binds (as the
 * notebook's analysis reads the cell now): what to write out before the runtime goes.
 */
export function slowestCells(
  runs: readonly IExecutionRun[],
  bindsOf: (cellId: string) => readonly string[] | null,
  count = 3
): ISlowCell[] {
  const slow: ISlowCell[] = [];
  for (const [cellId, seconds] of lastDurations(runs)) {
    const names = bindsOf(cellId);
    if (seconds >= WORTH_S && names && names.length) {
      slow.push({ cellId, seconds, names: [...names] });
    }
  }
  return slow.sort((a, b) => b.seconds - a.seconds).slice(0, count);
}

/** What a notebook's analysis says of a cell: its id and the kinds of the names it binds. */
export interface IBindingCell {
  cell: { id: string | null };
  analysis: { binds: ReadonlyMap<string, string> };
}

/** The data names (not imports, functions or classes) a cell binds, or null if unknown. */
export function dataNames(
  flows: readonly IBindingCell[],
  cellId: string
): string[] | null {
  const flow = flows.find(f => f.cell.id === cellId);
  if (!flow) {
    return null;
  }
  return [...flow.analysis.binds]
    .filter(([, kind]) => kind === 'data')
    .map(([name]) => name);
}

/** Every data name the notebook's cells bind, once each, in notebook order. */
export function notebookDataNames(flows: readonly IBindingCell[]): string[] {
  const names = new Set<string>();
  for (const flow of flows) {
    for (const [name, kind] of flow.analysis.binds) {
      if (kind === 'data') {
        names.add(name);
      }
    }
  }
  return [...names];
}
