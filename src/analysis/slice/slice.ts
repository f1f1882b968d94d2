/**
 * The cells one cell needs: the earlier code cells a fresh kernel must run, top to bottom, for
 * the cell to run as it does in a full top-to-bottom run. The cells that bind what it reads
 * (directly, or in the bodies of the functions it calls, which read when called), the cells that
 * may change those objects in place or rebind them through a call in between, and what those
 * cells need in turn. A cell whose effects can't be seen (magics, `exec`, `import *`) is kept.
 * A cell that only defines functions runs the same whatever its bodies read: they read when
 * called, and the cells that call them need those names. A cell that may read any name
 * (`globals()`, a function that `eval`s) needs each name as the cells before it left it, not
 * every cell: names bound afresh below hide the cells above; only a cell whose output depends on
 * all that ran (`_`, `np.empty`) needs every earlier cell.
 *
 * Objects outlive the names that reached them: a needed cell that read `FT` built something that
 * holds FT's object, so a later `FT.x = ...` changes what the cell needs even where the cell reads
 * no `FT` itself; and `g2 = g.reshape(...)` shares g's data, so `g2[0] = 9` changes `g`. Both
 * count (`Aliases`), found by running the tester over every corpus cell.
 */
import { ICellAnalysis } from '../core/index.js';
import { Aliases } from './aliases.js';
import { cellEffects, ICellEffects } from './effects.js';
import { LiveFiles, NotebookFiles } from './files.js';
import {
  IStateBits,
  IStateBitsKept,
  LiveState,
  NotebookState
} from './interpreterState.js';
import { INotebookCell, NotebookAnalyzer } from '../core/index.js';

interface ICodeCell {
  index: number;
  analysis: ICellAnalysis;
  effects: ICellEffects;
  /** The code cells up to this one. */
  prefix: Prefix;
}

/** What the names read at a position lead to through the functions that may be called. */
interface IReach {
  /** The names read, with those the called functions' bodies read. */
  readonly reads: ReadonlySet<string>;
  /** Names the called functions may rebind (`global`) or change in place. */
  readonly writes: ReadonlySet<string>;
  /** A called function may read or write names it doesn't spell (`exec` in its body). */
  readonly unknown: boolean;
  /** A called function may read names it doesn't spell, only read them (`eval` in its body). */
  readonly readsAll: boolean;
  /** The cells that defined the functions that may be called: their bodies run. */
  readonly definers: ReadonlySet<number>;
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
  let prefix = Prefix.NONE;
  for (const cell of cells.slice(0, at + 1)) {
    if (cell.cellType === 'code') {
      const analysis = analyzer.cell(cell.source);
      prefix = prefix.then(analysis);
      code.push({
        index: cell.index,
        analysis,
        effects: cellEffects(analysis),
        prefix
      });
    }
  }
  return new Slicer(code).needs(code.length - 1).map(k => code[k].index);
}

/**
 * The code cells of a notebook up to one, as analysed, interned: the same analyses in the same
 * order are the same object. What depends only on the cells up to a point (a cell's reach) is
 * kept there, for the next slice of the notebook: the stale marks slice each stale cell, and an
 * edit leaves what is above it.
 */
class Prefix {
  static readonly NONE = new Prefix();

  /** These cells, then a cell analysed as `analysis`. */
  then(analysis: ICellAnalysis): Prefix {
    let next = this._next.get(analysis);
    if (!next) {
      next = new Prefix();
      this._next.set(analysis, next);
    }
    return next;
  }

  /** The reach of what the last cell reads, once found. */
  reach: IReach | null = null;
  /** The last cell's state bits, where figures don't persist and where they do. */
  readonly stateBits: [IStateBits | undefined, IStateBits | undefined] = [
    undefined,
    undefined
  ];

  private _next = new WeakMap<ICellAnalysis, Prefix>();
}

class Slicer {
  constructor(private readonly _code: readonly ICodeCell[]) {
    this._aliases = new Aliases(_code.map(c => c.analysis));
    const kept: IStateBitsKept = {
      get: (k, persist) => _code[k].prefix.stateBits[persist ? 1 : 0],
      set: (k, persist, bits) => {
        _code[k].prefix.stateBits[persist ? 1 : 0] = bits;
      }
    };
    this._state = new NotebookState(
      _code.map(c => c.analysis),
      kept
    );
    this._files = new NotebookFiles(_code.map(c => c.analysis));
  }

  /** Positions in the code cells of those cell `k` needs, ascending. */
  needs(k: number): number[] {
    // Kept cells' objects may be changed by cells after them that the pass passed by: those
    // are kept too, and the pass runs again for what they need, until nothing more is kept.
    const forced = new Set<number>();
    for (;;) {
      const kept = this._pass(k, forced);
      const more = this._changersAfter(kept, k).filter(m => !forced.has(m));
      if (more.length === 0) {
        return kept;
      }
      more.forEach(m => forced.add(m));
    }
  }

  /** One backward pass from cell `k`, keeping the `forced` cells whatever they touch. */
  private _pass(k: number, forced: ReadonlySet<number>): number[] {
    const target = this._code[k];
    // What the cell reads as it runs: a cell that only defines functions needs what its
    // decorators, defaults and class bodies read, not its bodies' names (a later cell that calls
    // the functions needs those, through the same reach).
    const reach = this._callReach(k);
    const live = new LiveNames(reach.reads);
    if (target.effects.readsUnknown || reach.unknown || reach.readsAll) {
      live.readAll();
    }
    // What it shows depends on all that ran (`_`, `np.empty`): every earlier cell.
    let everything = target.effects.readsRuns;
    // Interpreter state (sys.path, the working directory...): kept by kind, not by name.
    const state = new LiveState(this._state, k);
    // Files a cell above wrote (`savefig` then `imread`): kept by path.
    const files = this._files.any ? new LiveFiles(this._files) : null;
    files?.keep(this._running(k));
    const out: number[] = [];
    for (let j = k - 1; j >= 0; j--) {
      if (
        everything ||
        forced.has(j) ||
        this._touches(j, live) ||
        state.needs(j) ||
        files?.needs(this._running(j))
      ) {
        out.push(j);
        state.keep(j);
        files?.keep(this._running(j));
        everything ||= this._reads(j, live);
      }
    }
    return out.reverse();
  }

  /**
   * The cells after a kept cell (and before `k`) that may change in place an object its results
   * hold: the classes and functions it read (an instance holds its class, a `partial` its
   * function), and all it read where it defines functions or classes (defaults, decorators,
   * class bodies). Data it read is held through aliases, which the pass follows already.
   */
  private _changersAfter(kept: readonly number[], k: number): number[] {
    if (kept.length === k) {
      return []; // every earlier cell is kept already
    }
    // A name's changers after its earliest reader are those after every later reader too;
    // names that may share an object count as one: by their alias group.
    const earliest = new Map<string, number>();
    for (const j of kept) {
      for (const name of this._held(j)) {
        const group = this._aliases.root(name);
        if (!earliest.has(group)) {
          earliest.set(group, j);
        }
      }
    }
    const keptSet = new Set(kept);
    const out: number[] = [];
    // Only the cells the pass left out are looked at: few, where a slice matters.
    for (let m = 0; m < k; m++) {
      if (!keptSet.has(m) && this._changesAfter(m, earliest)) {
        out.push(m);
      }
    }
    return out;
  }

  /**
   * Whether cell `m` may change an object that a cell before it read (`readers`: the earliest
   * reader of each alias group).
   */
  private _changesAfter(
    m: number,
    readers: ReadonlyMap<string, number>
  ): boolean {
    for (const changed of this._changed(m)) {
      for (const name of changed) {
        const j = readers.get(this._aliases.root(name));
        if (j !== undefined && j < m) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * What cell `j`'s results may hold of what it read: the classes, functions and modules it
   * read (`np.set_printoptions(...)` later changes how an array made now shows); everything it
   * read where it defines functions or classes, or calls a function that changes notebook
   * names (`reg(obj)` may store obj in a registry).
   */
  private _held(j: number): Set<string> {
    const { analysis, effects } = this._code[j];
    const changing = this._changingFunctions();
    const all =
      [...analysis.binds.values()].some(k => k === 'def' || k === 'class') ||
      effects.readsNow.some(n => changing.has(n));
    return new Set(
      effects.readsNow.filter(n => all || this._aliases.isDefinition(n))
    );
  }

  /** Whether cell `j` may bind, delete or change a live name, or has unseen effects. */
  private _touches(j: number, live: LiveNames): boolean {
    const { analysis, effects } = this._code[j];
    if (effects.opaque || effects.writesUnknown || this._callsUnknown(j)) {
      return true;
    }
    for (const name of analysis.binds.keys()) {
      if (live.has(name)) {
        return true;
      }
    }
    for (const name of analysis.deletedOuter) {
      if (live.has(name)) {
        return true;
      }
    }
    return this._changes(j, live);
  }

  /** Whether cell `j` may change in place an object some of `names` hold, or rebind one. */
  private _changes(j: number, names: LiveNames): boolean {
    const { effects } = this._code[j];
    if (effects.opaque || effects.writesUnknown || this._callsUnknown(j)) {
      return true;
    }
    for (const changed of this._changed(j)) {
      for (const name of changed) {
        if (this._shares(name, names)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The names whose objects cell `j` may change in place or rebind: at its top level, in the
   * functions it defines (it may call them itself) and in those it calls.
   */
  private _changed(j: number): Iterable<string>[] {
    const { analysis, effects } = this._code[j];
    // A method the table doesn't know, called on a module: a module's function.
    const mayMutate = [...effects.mayMutate].filter(
      n => !effects.callRoots.has(n) || !this._aliases.isModule(n)
    );
    return [
      mayMutate,
      analysis.lateWrites,
      effects.lateMayMutate,
      this._callWrites(j)
    ];
  }

  private _shares(name: string, names: LiveNames): boolean {
    if (names.has(name)) {
      return true;
    }
    for (const other of this._aliases.group(name)) {
      if (names.has(other)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The functions of the notebook that may change or rebind notebook names when called,
   * directly or through the functions they call (by name, wherever defined: counted wide).
   */
  private _changingFunctions(): ReadonlySet<string> {
    if (this._changing) {
      return this._changing;
    }
    const changing = new Set<string>();
    for (let grew = true; grew;) {
      grew = false;
      for (const { analysis, effects } of this._code) {
        const changes =
          analysis.lateWrites.size > 0 ||
          effects.lateMayMutate.size > 0 ||
          [...analysis.lateReads].some(n => changing.has(n));
        if (!changes) {
          continue;
        }
        analysis.binds.forEach((kind, name) => {
          if (kind === 'def' && !changing.has(name)) {
            changing.add(name);
            grew = true;
          }
        });
      }
    }
    this._changing = changing;
    return changing;
  }

  /** What the functions cell `j` calls may rebind or change, once per cell. */
  private _callWrites(j: number): ReadonlySet<string> {
    return this._callReach(j).writes;
  }

  /** Whether a function cell `j` calls may read or write names it doesn't spell. */
  private _callsUnknown(j: number): boolean {
    return this._callReach(j).unknown;
  }

  /** Cell `j` and the cells whose function bodies it may run. */
  private _running(j: number): number[] {
    return [j, ...this._callReach(j).definers];
  }

  private _callReach(j: number): IReach {
    const { prefix, effects } = this._code[j];
    prefix.reach ??= this._reach(effects.readsNow, j);
    return prefix.reach;
  }

  /**
   * Updates the live names for a kept cell: what it surely binds afresh is no longer needed from
   * earlier cells; what it reads is, and every name where it may read any (`globals()`, a
   * function that `eval`s): each name as the cells before it left it. Returns whether it
   * depends on every cell that ran before it (`readsRuns`).
   */
  private _reads(j: number, live: LiveNames): boolean {
    const { analysis, effects } = this._code[j];
    const reads = new Set(effects.readsNow);
    for (const name of analysis.sure) {
      if (!reads.has(name) && !effects.mayMutate.has(name)) {
        live.delete(name);
      }
    }
    const reach = this._callReach(j); // the reach of what it reads, as above
    reach.reads.forEach(name => live.add(name));
    if (effects.readsUnknown || reach.unknown || reach.readsAll) {
      live.readAll();
    }
    return effects.readsRuns;
  }

  /**
   * The names reached from `names` read at position `k`: the bodies of functions any earlier
   * binding of them defined read when called, transitively, and what those bodies may change.
   */
  private _reach(names: Iterable<string>, k: number): IReach {
    const reads = new Set<string>(names);
    const writes = new Set<string>();
    let unknown = false;
    let readsAll = false;
    const definers = new Set<number>();
    const work = [...reads];
    while (work.length > 0) {
      const name = work.pop()!;
      for (const j of this._binders().get(name) ?? []) {
        if (j >= k) {
          break;
        }
        const { analysis, effects } = this._code[j];
        const kind = analysis.binds.get(name);
        if (kind === 'def' || kind === 'class') {
          definers.add(j);
        }
        if (analysis.lateReads.size === 0) {
          continue;
        }
        analysis.lateWrites.forEach(n => writes.add(n));
        effects.lateMayMutate.forEach(n => writes.add(n));
        unknown ||= effects.lateUnknown;
        readsAll ||= effects.lateReadsUnknown;
        for (const late of analysis.lateReads) {
          if (!reads.has(late)) {
            reads.add(late);
            work.push(late);
          }
        }
      }
    }
    return { reads, writes, unknown, readsAll, definers };
  }

  /**
   * The cells (positions) whose binding of a name a reach goes through, ascending: a function
   * or class defined (its body may run), or any binding of a cell whose function bodies read
   * names. Most cells bind plain values, which a reach would pass by at every name read.
   */
  private _binders(): ReadonlyMap<string, readonly number[]> {
    if (this._bindersByName) {
      return this._bindersByName;
    }
    const binders = new Map<string, number[]>();
    this._code.forEach(({ analysis }, k) => {
      const late = analysis.lateReads.size > 0;
      for (const [name, kind] of analysis.binds) {
        if (late || kind === 'def' || kind === 'class') {
          let list = binders.get(name);
          if (!list) {
            list = [];
            binders.set(name, list);
          }
          list.push(k);
        }
      }
    });
    this._bindersByName = binders;
    return binders;
  }

  private _bindersByName: ReadonlyMap<string, readonly number[]> | null = null;
  private _aliases: Aliases;
  private _state: NotebookState;
  private _files: NotebookFiles;
  private _changing: ReadonlySet<string> | null = null;
}

/**
 * The names whose objects, as the cells before a point left them, the slice needs: a set, or
 * every name but those surely bound afresh after the point, where a kept cell may read any.
 */
class LiveNames {
  constructor(names: Iterable<string>) {
    this._names = new Set(names);
  }

  has(name: string): boolean {
    return this._all ? !this._bound.has(name) : this._names.has(name);
  }

  add(name: string): void {
    if (this._all) {
      this._bound.delete(name);
    } else {
      this._names.add(name);
    }
  }

  delete(name: string): void {
    if (this._all) {
      this._bound.add(name);
    } else {
      this._names.delete(name);
    }
  }

  /** Every name is needed from here up, as the cells before left it. */
  readAll(): void {
    this._all = true;
    this._bound.clear();
  }

  private _all = false;
  private _names: Set<string>;
  /** With `_all` (the names apart, then): the names surely bound afresh below, not needed. */
  private _bound = new Set<string>();
}
