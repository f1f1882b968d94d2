/**
 * The cells one cell needs: the earlier code cells a fresh kernel must run, top to bottom, for
 * the cell to run as it does in a full top-to-bottom run. The cells that bind what it reads
 * (directly, or in the bodies of the functions it calls, which read when called), the cells that
 * may change those objects in place or rebind them through a call in between, and what those
 * cells need in turn. A cell whose effects can't be seen (magics, `exec`, `import *`) is kept.
 */
import { ICellAnalysis } from './cell.js';
import { cellEffects, ICellEffects } from './effects.js';
import { INotebookCell, NotebookAnalyzer } from './notebook.js';

interface ICodeCell {
  index: number;
  analysis: ICellAnalysis;
  effects: ICellEffects;
}

/** What the names read at a position lead to through the functions that may be called. */
interface IReach {
  /** The names read, with those the called functions' bodies read. */
  reads: Set<string>;
  /** Names the called functions may rebind (`global`) or change in place. */
  writes: Set<string>;
}

/**
 * The indexes (in `cells`, all cell types) of the earlier code cells cell `at` needs, in
 * notebook order. Throws a RangeError when `at` is not a code cell.
 */
export function sliceOf(
  cells: readonly INotebookCell[],
  at: number,
  analyzer: NotebookAnalyzer = new NotebookAnalyzer()
): number[] {
  if (!Number.isInteger(at) || at < 0 || at >= cells.length) {
    throw new RangeError(`no cell ${at}: the notebook has ${cells.length}`);
  }
  if (cells[at].cellType !== 'code') {
    throw new RangeError(`cell ${at} is not a code cell`);
  }
  const code: ICodeCell[] = [];
  for (const cell of cells.slice(0, at + 1)) {
    if (cell.cellType === 'code') {
      const analysis = analyzer.cell(cell.source);
      code.push({
        index: cell.index,
        analysis,
        effects: cellEffects(analysis)
      });
    }
  }
  return new Slicer(code).needs(code.length - 1).map(k => code[k].index);
}

class Slicer {
  constructor(private readonly _code: readonly ICodeCell[]) {
    _code.forEach(({ analysis }, k) => {
      for (const name of analysis.binds.keys()) {
        let list = this._binders.get(name);
        if (!list) {
          list = [];
          this._binders.set(name, list);
        }
        list.push(k);
      }
    });
  }

  /** Positions in the code cells of those cell `k` needs, ascending. */
  needs(k: number): number[] {
    const target = this._code[k];
    const live = this._reach(target.analysis.reads, k).reads;
    let everything = target.effects.readsUnknown;
    const out: number[] = [];
    for (let j = k - 1; j >= 0; j--) {
      if (everything || this._touches(j, live)) {
        out.push(j);
        if (!everything) {
          everything = this._reads(j, live);
        }
      }
    }
    return out.reverse();
  }

  /** Whether cell `j` may bind, delete or change a live name, or has unseen effects. */
  private _touches(j: number, live: Set<string>): boolean {
    const { analysis, effects } = this._code[j];
    if (effects.opaque || effects.writesUnknown) {
      return true;
    }
    for (const name of analysis.binds.keys()) {
      if (live.has(name)) {
        return true;
      }
    }
    // A function the cell defines may be called by the cell itself.
    for (const names of [
      analysis.deletedOuter,
      effects.mayMutate,
      analysis.lateWrites,
      effects.lateMayMutate
    ]) {
      for (const name of names) {
        if (live.has(name)) {
          return true;
        }
      }
    }
    for (const name of this._reach(effects.readsNow, j).writes) {
      if (live.has(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Updates the live names for a kept cell: what it surely binds afresh is no longer needed from
   * earlier cells; what it reads is. Returns whether it may read any name at all.
   */
  private _reads(j: number, live: Set<string>): boolean {
    const { analysis, effects } = this._code[j];
    const reads = new Set(effects.readsNow);
    for (const name of analysis.sure) {
      if (!reads.has(name) && !effects.mayMutate.has(name)) {
        live.delete(name);
      }
    }
    this._reach(reads, j).reads.forEach(name => live.add(name));
    return effects.readsUnknown;
  }

  /**
   * The names reached from `names` read at position `k`: the bodies of functions any earlier
   * binding of them defined read when called, transitively, and what those bodies may change.
   */
  private _reach(names: Iterable<string>, k: number): IReach {
    const reads = new Set<string>(names);
    const writes = new Set<string>();
    const work = [...reads];
    while (work.length > 0) {
      const name = work.pop()!;
      for (const j of this._binders.get(name) ?? []) {
        if (j >= k) {
          break;
        }
        const { analysis, effects } = this._code[j];
        if (analysis.lateReads.size === 0) {
          continue;
        }
        analysis.lateWrites.forEach(n => writes.add(n));
        effects.lateMayMutate.forEach(n => writes.add(n));
        for (const late of analysis.lateReads) {
          if (!reads.has(late)) {
            reads.add(late);
            work.push(late);
          }
        }
      }
    }
    return { reads, writes };
  }

  private _binders = new Map<string, number[]>();
}
