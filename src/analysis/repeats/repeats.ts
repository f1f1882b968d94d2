import { fingerprint, leafTokens, valueLabel } from './clones.js';
import { transformIPython } from '../core/index.js';
import { parsePython } from '../core/index.js';

/** One execution of a cell, as the execution log keeps it. */
export interface IRun {
  cellId: string;
  /** The source's tokens as written (whitespace and comments aside). */
  exact: string;
  /** The tokens with names and literals as placeholders: equal for runs that differ in values. */
  renamed: string;
  /** The names and literals, in order: what a re-run may have changed. */
  values: string[];
  /** For each value, the name it is assigned or passed to (`lr` in `lr = 0.1`), or ''. */
  labels: string[];
  start: number;
  end: number | null;
  success: boolean | null;
  /** How many cells one command ran with this one (run all, restart and run all): 1 by hand. */
  batch?: number;
}

/** Describes a run of a cell's source. Costs time in proportion to that source only. */
export function describeRun(
  cellId: string,
  source: string,
  start: number
): IRun {
  const { tree, python } = parsePython(transformIPython(source).python);
  const tokens = leafTokens(python, tree);
  const print = fingerprint(python, tree);
  const varying = tokens.flatMap((t, i) => (t.kind === 'other' ? [] : [i]));
  return {
    cellId,
    exact: print.exact,
    renamed: print.renamed,
    values: varying.map(i => tokens[i].text),
    labels: varying.map(i => valueLabel(tokens, i)),
    start,
    end: null,
    success: null
  };
}

/** A cell re-run with only values changed: which values, and the values they took. */
export interface IRerunFinding {
  cellId: string;
  runs: number;
  changes: { label: string; values: string[] }[];
}

/**
 * Cells whose latest runs, at least `minRuns` of them in a row, have the same code but for
 * names and literals, with at least one of those changed: the would-be parameters.
 */
export function findReruns(
  runs: readonly IRun[],
  minRuns: number
): IRerunFinding[] {
  const byCell = new Map<string, IRun[]>();
  for (const run of runs) {
    const list = byCell.get(run.cellId);
    if (list) {
      list.push(run);
    } else {
      byCell.set(run.cellId, [run]);
    }
  }
  const out: IRerunFinding[] = [];
  for (const [cellId, cellRuns] of byCell) {
    const last = cellRuns[cellRuns.length - 1];
    let first = cellRuns.length - 1;
    while (first > 0 && cellRuns[first - 1].renamed === last.renamed) {
      first--;
    }
    const streak = cellRuns.slice(first);
    if (streak.length < minRuns) {
      continue;
    }
    const changes = last.values.flatMap((_, i) => {
      const values = streak
        .map(r => r.values[i])
        .filter((v, k, all) => k === 0 || v !== all[k - 1]);
      return values.length > 1
        ? [{ label: last.labels[i] || last.values[i], values }]
        : [];
    });
    if (changes.length > 0) {
      out.push({ cellId, runs: streak.length, changes });
    }
  }
  return out;
}

/** Cells run again and again in the same order by hand. */
export interface ISequenceFinding {
  cellIds: string[];
  times: number;
}

interface ICount {
  cellIds: string[];
  times: number;
  next: number;
}

/**
 * The cells run by hand, in order, a re-run of the same cell right after itself once. A run
 * that one command made with other cells (run all, restart and run all) is a null: it breaks
 * any sequence, so neither it nor the runs around it join up into one done by hand.
 */
function manualIds(runs: readonly IRun[]): (string | null)[] {
  return runs
    .map(r => ((r.batch ?? 1) > 1 ? null : r.cellId))
    .filter((id, i, all) => i === 0 || id !== all[i - 1]);
}

/** Each window of `length` distinct cells, counted where it does not overlap its last count. */
function countWindows(
  ids: readonly (string | null)[],
  length: number
): Map<string, ICount> {
  const found = new Map<string, ICount>();
  for (let i = 0; i + length <= ids.length; i++) {
    const window = ids.slice(i, i + length);
    if (window.includes(null) || new Set(window).size !== length) {
      continue;
    }
    const cellIds = window as string[];
    const key = cellIds.join('\u0000');
    const entry = found.get(key) ?? { cellIds, times: 0, next: 0 };
    if (i >= entry.next) {
      entry.times++;
      entry.next = i + length;
    }
    found.set(key, entry);
  }
  return found;
}

/** The same cells in the same cyclic order: 7→8 and 8→7 of 7, 8, 7, 8 are one loop. */
function cycleKey(cellIds: readonly string[]): string {
  const rotations = cellIds.map((_, i) =>
    [...cellIds.slice(i), ...cellIds.slice(0, i)].join('\u0000')
  );
  return rotations.sort()[0];
}

/**
 * The longest sequences of at least two distinct cells (up to `maxLength`) that the log shows
 * run by hand in the same order at least `minTimes` times, not overlapping. A loop is found
 * once, from the cell it was run from most often, with that count: running 7, 8 five times
 * also shows 8, 7 four times, which is the same loop seen from its second cell.
 */
export function findSequences(
  runs: readonly IRun[],
  minTimes: number,
  maxLength = 6
): ISequenceFinding[] {
  const ids = manualIds(runs);
  for (
    let length = Math.min(maxLength, Math.floor(ids.length / minTimes));
    length >= 2;
    length--
  ) {
    const loops = new Map<string, ICount>();
    for (const count of countWindows(ids, length).values()) {
      const key = cycleKey(count.cellIds);
      const best = loops.get(key);
      if (!best || count.times > best.times) {
        loops.set(key, count);
      }
    }
    const hits = [...loops.values()].filter(f => f.times >= minTimes);
    if (hits.length > 0) {
      return hits.map(({ cellIds, times }) => ({ cellIds, times }));
    }
  }
  return [];
}
