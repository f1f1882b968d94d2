/**
 * Stale cells: a cell's output came from values that a later run changed. When a cell runs,
 * every cell whose latest run came before it and read a name this run bound again, deleted or
 * changed in place (`model.fit(X)`, `df['a'] = 1`), directly or in the body of a function it
 * called, is stale; it stops being stale when it runs again. Not transitive: a cell that read
 * what a stale cell bound agrees with the kernel's values.
 */
import { ICellAnalysis } from './cell.js';
import { cellEffects } from './effects.js';
import { stateLabel, StateReaders } from './interpreterState.js';

/** One run as the execution log keeps it (the log's runs have more fields). */
export interface IRanSource {
  cellId: string;
  /** The source the cell had when it ran. */
  source: string;
}

/** Why a cell is stale: the name whose value changed and the cell whose run changed it. */
export interface IStaleMark {
  cellId: string;
  /** The name, or `*` when the run may have changed names it doesn't spell (`exec`). */
  name: string;
  byCellId: string;
}

/** The stale cells of a notebook and the cells edited since their latest run. */
export interface IStaleState {
  /** In the notebook's order. */
  stale: IStaleMark[];
  /** Ids of cells whose source is not the one they last ran with, in the notebook's order. */
  edited: string[];
}

/** Follows a notebook's runs one by one and keeps the stale marks. */
export class StaleTracker {
  /** `analyze` gives a source's analysis, e.g. from the notebook's analysis cache. */
  constructor(private readonly _analyze: (source: string) => ICellAnalysis) {}

  /** The marks now, by cell id. */
  get marks(): ReadonlyMap<string, IStaleMark> {
    return this._marks;
  }

  /** The source of each cell's latest run, by cell id. */
  get sources(): ReadonlyMap<string, string> {
    return this._sources;
  }

  /** Records a run; returns the marks it added (cells already stale keep their first mark). */
  ran(run: IRanSource): IStaleMark[] {
    const analysis = this._analyze(run.source);
    const effects = cellEffects(analysis);
    const { reads, writes } = this._reach(effects.readsNow);
    analysis.binds.forEach((_, name) => writes.add(name));
    analysis.deletedOuter.forEach(name => writes.add(name));
    effects.mutates.forEach(name => writes.add(name));
    analysis.lateWrites.forEach(name => writes.add(name));
    const added: IStaleMark[] = [];
    const mark = (cellId: string, name: string) => {
      if (cellId !== run.cellId && !this._marks.has(cellId)) {
        const entry = { cellId, name, byCellId: run.cellId };
        this._marks.set(cellId, entry);
        added.push(entry);
      }
    };
    if (effects.writesUnknown) {
      this._sources.forEach((_, cellId) => mark(cellId, '*'));
    }
    for (const name of writes) {
      this._readers.get(name)?.forEach(cellId => mark(cellId, name));
    }
    // Interpreter state (sys.path, the working directory...): readers by kind, not by name.
    for (const { cellId, key } of this._state.ran(run.cellId, analysis)) {
      mark(cellId, stateLabel(key));
    }
    const first = writes.values().next();
    if (!first.done) {
      // `%who`, `globals()`: such a cell may have read any name.
      this._readsAll.forEach(cellId => mark(cellId, first.value));
    }
    this._record(run, reads, effects.readsUnknown);
    for (const name of analysis.binds.keys()) {
      this._binder.set(name, analysis);
    }
    analysis.deletedOuter.forEach(name => this._binder.delete(name));
    return added;
  }

  /** Forgets a cell that left the notebook. */
  forget(cellId: string): void {
    this._unrecord(cellId);
    this._state.forget(cellId);
    this._marks.delete(cellId);
    this._sources.delete(cellId);
  }

  /** Replaces the reads indexed for a cell by those of its new run, and clears its mark. */
  private _record(
    run: IRanSource,
    reads: ReadonlySet<string>,
    readsAll: boolean
  ): void {
    this._unrecord(run.cellId);
    this._marks.delete(run.cellId);
    this._sources.set(run.cellId, run.source);
    this._reads.set(run.cellId, reads);
    for (const name of reads) {
      let readers = this._readers.get(name);
      if (!readers) {
        readers = new Set();
        this._readers.set(name, readers);
      }
      readers.add(run.cellId);
    }
    if (readsAll) {
      this._readsAll.add(run.cellId);
    }
  }

  private _unrecord(cellId: string): void {
    for (const name of this._reads.get(cellId) ?? []) {
      this._readers.get(name)?.delete(cellId);
    }
    this._reads.delete(cellId);
    this._readsAll.delete(cellId);
  }

  /**
   * The names a run reads, with those the bodies of the functions it may call read (as the
   * kernel has them: from the run that last bound each name), and what those bodies change.
   */
  private _reach(names: readonly string[]): {
    reads: Set<string>;
    writes: Set<string>;
  } {
    const reads = new Set(names);
    const writes = new Set<string>();
    const seen = new Set<ICellAnalysis>();
    const work = [...reads];
    while (work.length > 0) {
      const definer = this._binder.get(work.pop()!);
      if (!definer || definer.lateReads.size === 0 || seen.has(definer)) {
        continue;
      }
      seen.add(definer);
      definer.lateWrites.forEach(name => writes.add(name));
      cellEffects(definer).lateMutates.forEach(name => writes.add(name));
      for (const name of definer.lateReads) {
        if (!reads.has(name)) {
          reads.add(name);
          work.push(name);
        }
      }
    }
    return { reads, writes };
  }

  private _marks = new Map<string, IStaleMark>();
  private _sources = new Map<string, string>();
  private _reads = new Map<string, ReadonlySet<string>>();
  private _readers = new Map<string, Set<string>>();
  private _readsAll = new Set<string>();
  private _binder = new Map<string, ICellAnalysis>();
  private _state = new StateReaders();
}

/** The marks one run adds after the runs of `log` (oldest first). */
export function staleAfter(
  log: readonly IRanSource[],
  run: IRanSource,
  analyze: (source: string) => ICellAnalysis
): IStaleMark[] {
  const tracker = new StaleTracker(analyze);
  log.forEach(r => tracker.ran(r));
  return tracker.ran(run);
}

/**
 * The stale and edited cells of a notebook after the runs of `log` (oldest first), for the
 * notebook's code cells as they are now (`cells`: id and source, in order). Runs of cells no
 * longer in the notebook count: their values are still in the kernel.
 */
export function staleCells(
  cells: readonly { id: string | null; source: string }[],
  log: readonly IRanSource[],
  analyze: (source: string) => ICellAnalysis
): IStaleState {
  const tracker = new StaleTracker(analyze);
  log.forEach(r => tracker.ran(r));
  const stale: IStaleMark[] = [];
  const edited: string[] = [];
  for (const { id, source } of cells) {
    const mark = id === null ? undefined : tracker.marks.get(id);
    if (mark) {
      stale.push(mark);
    }
    const ran = id === null ? undefined : tracker.sources.get(id);
    if (id !== null && ran !== undefined && ran !== source) {
      edited.push(id);
    }
  }
  return { stale, edited };
}
