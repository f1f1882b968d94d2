import { TranslationBundle } from '@jupyterlab/translation';
import { analyzeCell, ICellAnalysis } from '../analysis/index.js';
import {
  cellFingerprint,
  cloneDifferences,
  CloneKind,
  groupClones,
  IValueDifference
} from '../analysis/index.js';
import { INotebookCell } from '../analysis/index.js';
import { findReruns, findSequences, IRun } from '../analysis/index.js';
import { IGNORE_TAG } from '../notebook/constants.js';
import { IRepeatsSettings } from './settings.js';

/** What a flag on a cell says, as data: the view puts it into words. */
export type Flag =
  | {
      kind: 'rerun';
      runs: number;
      changes: { label: string; values: string[] }[];
    }
  | {
      kind: 'clone';
      cloneKind: CloneKind;
      others: string[];
      /**
       * What differs from each other cell, by its id, the first few others only: filled when
       * the popup opens (`withDifferences`), not on every pass.
       */
      differs?: Record<string, IValueDifference[]>;
    }
  | { kind: 'sequence'; cellIds: string[]; times: number };

export interface IFlagInput {
  cells: readonly (INotebookCell & { dismissed?: readonly string[] })[];
  runs: readonly IRun[];
  /** Non-Python kernels: only exact copies are flagged. */
  python: boolean;
  settings: IRepeatsSettings;
  /** A cell's analysis; a notebook's cache avoids parsing unchanged cells again. */
  analyze?: (source: string) => ICellAnalysis;
}

/** A copy's popup says what differs from this many other cells; the rest are only linked. */
const MAX_COMPARED = 8;

/** The flags of each cell, by cell id; dismissed kinds and ignored cells left out. */
export function flagsFor(input: IFlagInput): Map<string, Flag[]> {
  const { cells, runs, python, settings } = input;
  const out = new Map<string, Flag[]>();
  if (!settings.enabled) {
    return out;
  }
  const live = new Map(
    cells.filter(c => c.id && c.cellType === 'code').map(c => [c.id!, c])
  );
  const add = (id: string, flag: Flag) => {
    const cell = live.get(id);
    const skipped = settings.skipTagged && cell?.tags?.includes(IGNORE_TAG);
    if (cell && !skipped && !cell.dismissed?.includes(flag.kind)) {
      out.set(id, [...(out.get(id) ?? []), flag]);
    }
  };
  if (python && settings.reruns) {
    for (const f of findReruns(runs, settings.minRuns)) {
      add(f.cellId, { kind: 'rerun', runs: f.runs, changes: f.changes });
    }
  }
  if (python && settings.sequences) {
    for (const f of findSequences(runs, settings.minTimes)) {
      add(f.cellIds[0], {
        kind: 'sequence',
        cellIds: f.cellIds,
        times: f.times
      });
    }
  }
  if (settings.clones) {
    const analyze = input.analyze ?? analyzeCell;
    const prints = [...live.values()].map(c => {
      const analysis = analyze(c.source);
      return {
        key: c.id!,
        print: cellFingerprint(analysis)
      };
    });
    const groups = groupClones(prints, {
      minLines: settings.minLines,
      minTokens: 12,
      similarity: settings.similarity
    });
    for (const group of groups) {
      if (!python && group.kind !== 'exact') {
        continue;
      }
      for (const id of group.members) {
        add(id, {
          kind: 'clone',
          cloneKind: group.kind,
          others: group.members.filter(m => m !== id)
        });
      }
    }
  }
  return out;
}

/**
 * A cell's flags with what differs between it and its copies, for its popup. `analysisOf`
 * gives a cell's analysis by id (null for a cell gone meanwhile).
 */
export function withDifferences(
  cellId: string,
  flags: readonly Flag[],
  analysisOf: (cellId: string) => ICellAnalysis | null
): Flag[] {
  const mine = analysisOf(cellId);
  return flags.map(flag => {
    if (flag.kind !== 'clone' || !mine) {
      return flag;
    }
    const differs: Record<string, IValueDifference[]> = {};
    for (const other of flag.others.slice(0, MAX_COMPARED)) {
      const theirs = analysisOf(other);
      if (theirs) {
        differs[other] = cloneDifferences(mine, theirs);
      }
    }
    return { ...flag, differs };
  });
}

/** One sentence per flag: why the cell is worth a function. */
export function reasonOf(flag: Flag, trans: TranslationBundle): string {
  switch (flag.kind) {
    case 'rerun':
      return trans.__(
        'You ran this cell %1 times, changing %2: make them parameters.',
        flag.runs,
        flag.changes.map(c => `${c.label}: ${c.values.join(' → ')}`).join(', ')
      );
    case 'clone':
      if (flag.cloneKind === 'exact') {
        return trans._n(
          'This cell is a copy of another cell.',
          'This cell is a copy of %1 other cells.',
          flag.others.length
        );
      }
      return flag.cloneKind === 'renamed'
        ? trans._n(
            'This cell is a copy of another cell, with other names or values.',
            'This cell is a copy of %1 other cells, with other names or values.',
            flag.others.length
          )
        : trans._n(
            'This cell is nearly the same as another cell.',
            'This cell is nearly the same as %1 other cells.',
            flag.others.length
          );
    case 'sequence':
      return trans.__(
        'You ran these %1 cells in this order %2 times by hand: a pipeline worth a function.',
        flag.cellIds.length,
        flag.times
      );
  }
}
