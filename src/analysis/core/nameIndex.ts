import { ICellAnalysis } from './cell.js';
import { BindKind } from './frames.js';
import { callsOfCell, rebindingFunctions } from './rebinds.js';

interface IPositions {
  /** Cells that bind the name, with the kind, ascending. */
  binds: { at: number; kind: BindKind }[];
  /** Cells that read it before surely binding it, ascending. */
  reads: number[];
  /** Cells that surely bind it without reading it first, ascending. */
  kills: number[];
}

/** The first element of an ascending list greater than `after`, or Infinity. */
function firstAfter(list: number[], after: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= after) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < list.length ? list[lo] : Infinity;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Where each name of a notebook is bound and read, cell by cell. */
export class NameIndex {
  constructor(analyses: readonly ICellAnalysis[]) {
    const writers = rebindingFunctions(analyses);
    analyses.forEach((analysis, at) => {
      for (const name of analysis.lateReads) {
        if (!this._firstLateRead.has(name)) {
          this._firstLateRead.set(name, at);
        }
      }
      for (const name of analysis.lateWrites) {
        if (!this._firstLateWrite.has(name)) {
          this._firstLateWrite.set(name, at);
        }
      }
      for (const name of analysis.reads) {
        this._entry(name).reads.push(at);
      }
      for (const [name, kind] of analysis.binds) {
        const entry = this._entry(name);
        this._names.add(name);
        entry.binds.push({ at, kind });
        if (analysis.sure.has(name) && !analysis.reads.includes(name)) {
          entry.kills.push(at);
        }
      }
      this._bindByCalls(analysis, at, writers);
    });
  }

  /**
   * A cell that calls a function declaring `global w` binds `w` as data: later cells read
   * the `w` it leaves, and extracting them must pass it in.
   */
  private _bindByCalls(
    analysis: ICellAnalysis,
    at: number,
    writers: ReadonlyMap<string, ReadonlySet<string>>
  ): void {
    if (writers.size === 0) {
      return;
    }
    const rebound = new Set<string>();
    for (const fn of callsOfCell(analysis)) {
      writers.get(fn)?.forEach(name => rebound.add(name));
    }
    for (const name of rebound) {
      if (!analysis.binds.has(name)) {
        this._names.add(name);
        this._entry(name).binds.push({ at, kind: 'data' });
      }
    }
    if (rebound.size > 0) {
      this._callBinds.set(at, rebound);
    }
  }

  /** Names the functions a cell calls may rebind (`global` in their bodies). */
  rebindsByCalls(at: number): ReadonlySet<string> {
    return this._callBinds.get(at) ?? EMPTY;
  }

  /** Every name some cell binds. */
  get names(): ReadonlySet<string> {
    return this._names;
  }

  /** The kind of the latest binding of a name by a cell before `at`. */
  kindBefore(name: string, at: number): BindKind | undefined {
    const binds = this._index.get(name)?.binds;
    if (!binds) {
      return undefined;
    }
    let lo = 0;
    let hi = binds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (binds[mid].at < at) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo > 0 ? binds[lo - 1].kind : undefined;
  }

  /** Whether a cell after `at` reads the name before a cell in between surely rebinds it. */
  usedAfter(name: string, at: number): boolean {
    const entry = this._index.get(name);
    if (!entry) {
      return false;
    }
    const read = firstAfter(entry.reads, at);
    return read !== Infinity && read <= firstAfter(entry.kills, at);
  }

  /** Whether a function, lambda or method defined in a cell before `at` reads the name. */
  lateReadBefore(name: string, at: number): boolean {
    return (this._firstLateRead.get(name) ?? Infinity) < at;
  }

  /** Whether a function defined in a cell before `at` declares the name `global`. */
  lateWriteBefore(name: string, at: number): boolean {
    return (this._firstLateWrite.get(name) ?? Infinity) < at;
  }

  private _callBinds = new Map<number, ReadonlySet<string>>();

  private _entry(name: string): IPositions {
    let entry = this._index.get(name);
    if (!entry) {
      entry = { binds: [], reads: [], kills: [] };
      this._index.set(name, entry);
    }
    return entry;
  }

  private _index = new Map<string, IPositions>();
  private _names = new Set<string>();
  private _firstLateRead = new Map<string, number>();
  private _firstLateWrite = new Map<string, number>();
}
