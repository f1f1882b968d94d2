/**
 * Stale cells: a cell's output came from values that a later run changed. When a cell runs,
 * every cell whose latest run came before it and read a name this run bound again, deleted or
 * changed in place (`model.fit(X)`, `df['a'] = 1`), directly or in the body of a function it
 * called, is stale; it stops being stale when it runs again. Not transitive: a cell that read
 * what a stale cell bound agrees with the kernel's values.
 */
import { cellLinks } from './aliases.js';
import { ICellAnalysis } from '../core/index.js';
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
  /**
   * `analyze` gives a source's analysis, e.g. from the notebook's analysis cache; `position`
   * a cell's place in the notebook (undefined for a cell no longer there, or when unknown:
   * then every earlier run counts, whatever its place).
   */
  constructor(
    private readonly _analyze: (source: string) => ICellAnalysis,
    private readonly _position: (cellId: string) => number | undefined = () =>
      undefined
  ) {}

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
    const previous = this._order.get(run.cellId);
    if (previous === undefined) {
      this._previous.delete(run.cellId);
    } else {
      this._previous.set(run.cellId, previous);
    }
    this._order.set(run.cellId, this._count++);
    const analysis = this._analyze(run.source);
    const effects = cellEffects(analysis);
    const reach = this._reach(effects.readsNow);
    const changes = this._changes(analysis, reach.writes);
    const added: IStaleMark[] = [];
    const mark = (cellId: string, name: string, read: string) => {
      if (
        cellId !== run.cellId &&
        !this._marks.has(cellId) &&
        this._reads(cellId, run.cellId, read)
      ) {
        const entry = { cellId, name, byCellId: run.cellId };
        this._marks.set(cellId, entry);
        added.push(entry);
      }
    };
    if (effects.writesUnknown || reach.unknown) {
      this._sources.forEach((_, cellId) => mark(cellId, '*', '*'));
    }
    for (const [name, changed] of changes) {
      this._readers.get(name)?.forEach(cellId => mark(cellId, name, name));
      // `%who`, `globals()`: such a cell may have read any name.
      this._readsAll.forEach(cellId => mark(cellId, name, '*'));
      for (const other of changed ? this._shared(name) : []) {
        this._readers.get(other)?.forEach(cellId => mark(cellId, other, other));
      }
    }
    // Interpreter state (sys.path, the working directory...): readers by kind, not by name; a
    // reader above counts only once this cell ran again since it ran ('*').
    for (const { cellId, key } of this._state.ran(run.cellId, analysis)) {
      mark(cellId, stateLabel(key), '*');
    }
    this._record(
      run,
      reach.reads,
      effects.readsUnknown || reach.unknown || reach.readsAll
    );
    this._link(analysis);
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

  /**
   * What a run changes, the names it rebinds first (the likeliest cause a reason can name):
   * name to whether its object changed in place (then what shares it changed too).
   */
  private _changes(
    analysis: ICellAnalysis,
    callWrites: ReadonlySet<string>
  ): Map<string, boolean> {
    const effects = cellEffects(analysis);
    const out = new Map<string, boolean>();
    analysis.binds.forEach((_, name) =>
      out.set(name, effects.updates.has(name))
    );
    analysis.deletedOuter.forEach(name => out.set(name, false));
    const inPlace = [
      ...effects.mayMutate,
      ...analysis.lateWrites,
      ...callWrites
    ].filter(n => !effects.callRoots.has(n) || !this._isModule(n));
    // A module's state (`np.random.seed`) after the objects.
    inPlace.sort((a, b) => +this._isModule(a) - +this._isModule(b));
    inPlace.forEach(name => out.has(name) || out.set(name, true));
    return out;
  }

  /**
   * Whether cell `cellId`'s run read what `byCellId` just changed. A cell below the one that
   * ran: yes. A cell above it: only once the cell that ran had run since (a top-to-bottom
   * pass runs each cell once, so after Run All nothing is stale; a second run changes what the
   * cell above would read now), or when it read the name from below: no cell above it binds
   * the name, and a cell below bound it before it ran. A name no cell bound (a builtin, a star
   * import's) came from outside the cells: a first run below can't have made it stale.
   */
  private _reads(cellId: string, byCellId: string, name: string): boolean {
    const at = this._position(cellId);
    const by = this._position(byCellId);
    if (at === undefined || by === undefined || at > by) {
      return true;
    }
    const readAt = this._order.get(cellId) ?? -1;
    const since = this._previous.get(byCellId);
    if (since !== undefined && since > readAt) {
      return true;
    }
    if (name === '*') {
      return false;
    }
    let fromBelow = false;
    for (const other of this._bindersOf.get(name) ?? []) {
      const pos = this._position(other);
      if (pos !== undefined && pos < at) {
        return false;
      }
      fromBelow ||= this._ranBefore(other, readAt);
    }
    return fromBelow;
  }

  /** Whether a run of `cellId` before the one now running came before run number `at`. */
  private _ranBefore(cellId: string, at: number): boolean {
    const runs = [this._order.get(cellId), this._previous.get(cellId)];
    return runs.some(n => n !== undefined && n < at && n < this._count - 1);
  }

  private _isModule(name: string): boolean {
    return this._binder.get(name)?.binds.get(name) === 'import';
  }

  /** The names that may share an object with `name` (not itself), by the runs so far. */
  private _shared(name: string): Set<string> {
    const seen = new Set([name]);
    const work = [name];
    while (work.length > 0) {
      for (const other of this._links.get(work.pop()!) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          work.push(other);
        }
      }
    }
    seen.delete(name);
    return seen;
  }

  /** Adds a run's links between names that may share objects (not modules or definitions). */
  private _link(analysis: ICellAnalysis): void {
    const { pairs, definitions } = cellLinks(analysis);
    const { updates } = cellEffects(analysis);
    // A name bound afresh no longer holds its old object; what shared it still share. `v += 1`
    // may keep it.
    analysis.sure.forEach(name => updates.has(name) || this._unlink(name));
    for (const [a, b] of pairs) {
      const skip = [a, b].some(
        n => definitions.has(n) || this._isDefinition(n)
      );
      if (!skip) {
        this._join(a, b);
      }
    }
  }

  private _join(a: string, b: string): void {
    for (const [x, y] of [
      [a, b],
      [b, a]
    ]) {
      let set = this._links.get(x);
      if (!set) {
        set = new Set();
        this._links.set(x, set);
      }
      set.add(y);
    }
  }

  private _unlink(name: string): void {
    const others = [...(this._links.get(name) ?? [])];
    this._links.delete(name);
    others.forEach(o => this._links.get(o)?.delete(name));
    others.forEach((a, i) =>
      others.slice(i + 1).forEach(b => this._join(a, b))
    );
  }

  private _isDefinition(name: string): boolean {
    const kind = this._binder.get(name)?.binds.get(name);
    return kind !== undefined && kind !== 'data';
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
    this._reads_.set(run.cellId, reads);
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
    const binds = [...this._analyze(run.source).binds.keys()];
    this._binds.set(run.cellId, binds);
    for (const name of binds) {
      let binders = this._bindersOf.get(name);
      if (!binders) {
        binders = new Set();
        this._bindersOf.set(name, binders);
      }
      binders.add(run.cellId);
    }
  }

  private _unrecord(cellId: string): void {
    for (const name of this._reads_.get(cellId) ?? []) {
      this._readers.get(name)?.delete(cellId);
    }
    for (const name of this._binds.get(cellId) ?? []) {
      this._bindersOf.get(name)?.delete(cellId);
    }
    this._reads_.delete(cellId);
    this._binds.delete(cellId);
    this._readsAll.delete(cellId);
  }

  /**
   * The names a run reads, with those the bodies of the functions it may call read (as the
   * kernel has them: from the run that last bound each name), and what those bodies change.
   */
  private _reach(names: readonly string[]): {
    reads: Set<string>;
    writes: Set<string>;
    unknown: boolean;
    readsAll: boolean;
  } {
    const reads = new Set(names);
    const writes = new Set<string>();
    const seen = new Set<ICellAnalysis>();
    let unknown = false;
    let readsAll = false;
    const work = [...reads];
    while (work.length > 0) {
      const definer = this._binder.get(work.pop()!);
      if (!definer || definer.lateReads.size === 0 || seen.has(definer)) {
        continue;
      }
      seen.add(definer);
      definer.lateWrites.forEach(name => writes.add(name));
      const late = cellEffects(definer);
      late.lateMutates.forEach(name => writes.add(name));
      unknown ||= late.lateUnknown;
      readsAll ||= late.lateReadsUnknown;
      for (const name of definer.lateReads) {
        if (!reads.has(name)) {
          reads.add(name);
          work.push(name);
        }
      }
    }
    return { reads, writes, unknown, readsAll };
  }

  private _marks = new Map<string, IStaleMark>();
  private _sources = new Map<string, string>();
  private _reads_ = new Map<string, ReadonlySet<string>>();
  private _binds = new Map<string, readonly string[]>();
  private _readers = new Map<string, Set<string>>();
  private _bindersOf = new Map<string, Set<string>>();
  private _readsAll = new Set<string>();
  private _binder = new Map<string, ICellAnalysis>();
  private _state = new StateReaders();
  private _links = new Map<string, Set<string>>();
  /** Each cell's latest run and the one before it, numbered in the order of the runs. */
  private _order = new Map<string, number>();
  private _previous = new Map<string, number>();
  private _count = 0;
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
  const positions = new Map<string, number>();
  cells.forEach(({ id }, k) => id !== null && positions.set(id, k));
  const tracker = new StaleTracker(analyze, id => positions.get(id));
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

/**
 * The cells "Run stale cells" runs, by id in notebook order: the stale and edited ones, and
 * the cells below them that their runs would make stale in turn (found by replaying the runs),
 * so that none is stale when they are done.
 */
export function cellsToRun(
  cells: readonly { id: string | null; source: string }[],
  log: readonly IRanSource[],
  analyze: (source: string) => ICellAnalysis
): string[] {
  const positions = new Map<string, number>();
  cells.forEach(({ id }, k) => id !== null && positions.set(id, k));
  const replay = () => {
    const tracker = new StaleTracker(analyze, id => positions.get(id));
    log.forEach(r => tracker.ran(r));
    return tracker;
  };
  const wanted = new Set<string>();
  // A run may mark cells above it that it had run since: they join, and the pass starts over.
  for (let pass = 0; pass <= cells.length; pass++) {
    const tracker = replay();
    const out: string[] = [];
    for (const { id, source } of cells) {
      if (id === null) {
        continue;
      }
      const ran = tracker.sources.get(id);
      const edited = ran !== undefined && ran !== source;
      if (wanted.has(id) || tracker.marks.has(id) || edited) {
        wanted.add(id);
        out.push(id);
        tracker.ran({ cellId: id, source });
      }
    }
    const left = [...tracker.marks.keys()].filter(id => positions.has(id));
    if (left.every(id => wanted.has(id)) || left.length === 0) {
      return out;
    }
    left.forEach(id => wanted.add(id));
  }
  return [...wanted];
}
