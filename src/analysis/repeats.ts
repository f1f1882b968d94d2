import { fingerprint, IToken, leafTokens } from './clones.js';
import { transformIPython } from './ipython.js';
import { parsePython } from './parse.js';

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
}

function label(tokens: IToken[], at: number): string {
  const before = tokens[at - 1]?.text === '=' ? tokens[at - 2] : undefined;
  return before?.kind === 'name' && tokens[at].kind === 'literal'
    ? before.text
    : '';
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
    labels: varying.map(i => label(tokens, i)),
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

/**
 * The longest sequences of at least two distinct cells (up to `maxLength`) that the log shows
 * run in the same order at least `minTimes` times, not overlapping; a re-run of the same cell
 * right after itself counts once.
 */
export function findSequences(
  runs: readonly IRun[],
  minTimes: number,
  maxLength = 6
): ISequenceFinding[] {
  const ids = runs
    .map(r => r.cellId)
    .filter((id, i, all) => i === 0 || id !== all[i - 1]);
  for (
    let length = Math.min(maxLength, Math.floor(ids.length / minTimes));
    length >= 2;
    length--
  ) {
    const found = new Map<
      string,
      { cellIds: string[]; times: number; next: number }
    >();
    for (let i = 0; i + length <= ids.length; i++) {
      const window = ids.slice(i, i + length);
      if (new Set(window).size !== length) {
        continue;
      }
      const key = window.join('\u0000');
      const entry = found.get(key) ?? { cellIds: window, times: 0, next: 0 };
      if (i >= entry.next) {
        entry.times++;
        entry.next = i + length;
      }
      found.set(key, entry);
    }
    const hits = [...found.values()].filter(f => f.times >= minTimes);
    if (hits.length > 0) {
      return hits.map(({ cellIds, times }) => ({ cellIds, times }));
    }
  }
  return [];
}
