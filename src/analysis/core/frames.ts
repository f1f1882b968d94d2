/**
 * Scopes met while walking a cell. The cell's own scope is flow-sensitive (which names are
 * surely bound at each point); class, comprehension and function scopes follow Python's rules
 * for where a name is looked up.
 */

export type BindKind = 'import' | 'def' | 'class' | 'data';

/** Which names are surely bound at a point of the cell. */
export type FlowState = Set<string> | null;

export interface IFrame {
  /** A name is read here. */
  read(name: string): void;
  /** A name is bound here. */
  bind(name: string, kind: BindKind): void;
  /** `del name`. */
  unbind(name: string): void;
  /** A name read by code that runs later (a function or lambda body). */
  defer(name: string): void;
  /** A name code that runs later (a function body) declares `global` and may rebind. */
  deferWrite(name: string): void;
  /** The frame a walrus (`:=`) binds in: comprehensions pass it on to their parent. */
  walrusTarget(): IFrame;
  save(): FlowState;
  restore(state: FlowState): void;
  /** After branches: surely bound only where every branch bound it. */
  merge(states: FlowState[]): void;
}

/** What a function body's frame passes to its enclosing frame when it closes, in order. */
export interface IPassedUp {
  /** Names read when called (`defer`). */
  late: string[];
  /** Names declared `global` (`deferWrite`). */
  writes: string[];
}

/** Tells a frame what a function body passes up, as closing the body's frame does. */
export function replay(up: IPassedUp, frame: IFrame): void {
  up.late.forEach(name => frame.defer(name));
  up.writes.forEach(name => frame.deferWrite(name));
}

/** The cell's top level: flow-sensitive. */
export class CellFrame implements IFrame {
  /** Names read before they are surely bound, in order of first read. */
  readonly reads: string[] = [];
  /** Names bound anywhere at the cell's top level, with the kind of their last binding. */
  readonly binds = new Map<string, BindKind>();
  /** Names read later by function bodies defined in the cell. */
  readonly deferred = new Set<string>();
  /** Names function bodies defined in the cell declare `global`: calls may rebind them. */
  readonly deferredWrites = new Set<string>();
  /** Names deleted at the top level while not surely bound by the cell. */
  readonly deletedOuter: string[] = [];

  read(name: string): void {
    if (!this._sure.has(name) && !this._readSet.has(name)) {
      this._readSet.add(name);
      this.reads.push(name);
    }
  }

  bind(name: string, kind: BindKind): void {
    this._sure.add(name);
    this.binds.delete(name); // keep insertion order = order of last binding
    this.binds.set(name, kind);
  }

  unbind(name: string): void {
    if (!this._sure.has(name)) {
      this.read(name);
      this.deletedOuter.push(name);
    }
    this._sure.delete(name);
  }

  defer(name: string): void {
    this.deferred.add(name);
  }

  deferWrite(name: string): void {
    this.deferred.add(name);
    this.deferredWrites.add(name);
  }

  /**
   * Undoes the binding record of a name that lived only inside a block (an `except ... as`
   * name, which Python deletes when the handler ends), giving back its earlier kind, if any.
   */
  forget(name: string, prior: BindKind | undefined): void {
    if (prior === undefined) {
      this.binds.delete(name);
    } else {
      this.binds.set(name, prior);
    }
  }

  walrusTarget(): IFrame {
    return this;
  }

  /** Names surely bound now (at the end of the walk: at the end of the cell). */
  get sure(): ReadonlySet<string> {
    return this._sure;
  }

  save(): FlowState {
    return new Set(this._sure);
  }

  restore(state: FlowState): void {
    this._sure = new Set(state ?? []);
  }

  merge(states: FlowState[]): void {
    const [first, ...rest] = states.filter((s): s is Set<string> => s !== null);
    if (!first) {
      return;
    }
    this._sure = new Set([...first].filter(n => rest.every(s => s.has(n))));
  }

  private _sure = new Set<string>();
  private _readSet = new Set<string>();
}

/** Base of the nested scopes: flow does not matter inside them. */
abstract class NestedFrame implements IFrame {
  constructor(readonly parent: IFrame) {}

  readonly locals = new Set<string>();

  abstract read(name: string): void;

  bind(name: string): void {
    this.locals.add(name);
  }

  unbind(name: string): void {
    this.read(name);
  }

  defer(name: string): void {
    this.parent.defer(name);
  }

  deferWrite(name: string): void {
    this.parent.deferWrite(name);
  }

  walrusTarget(): IFrame {
    return this;
  }

  save(): FlowState {
    return null;
  }

  restore(): void {
    // Flow inside nested scopes is not tracked.
  }

  merge(): void {
    // Flow inside nested scopes is not tracked.
  }
}

/** A class body: runs now; names it has not bound are looked up in the enclosing scope. */
export class ClassFrame extends NestedFrame {
  read(name: string): void {
    if (!this.locals.has(name)) {
      this.parent.read(name);
    }
  }
}

/** A comprehension: runs now; its targets are local, a walrus binds in the enclosing scope. */
export class ComprehensionFrame extends NestedFrame {
  read(name: string): void {
    if (!this.locals.has(name)) {
      this.parent.read(name);
    }
  }

  walrusTarget(): IFrame {
    return this.parent.walrusTarget();
  }

  defer(name: string): void {
    if (!this.locals.has(name)) {
      this.parent.defer(name);
    }
  }
}

/**
 * A function or lambda body: runs later, when called. Python makes a name local to the whole
 * body if it is bound anywhere in it, so reads are sorted out at the end (`close`).
 */
export class FunctionFrame extends NestedFrame {
  readonly declaredOuter = new Set<string>();

  read(name: string): void {
    this._reads.add(name);
  }

  bind(name: string): void {
    if (!this.declaredOuter.has(name)) {
      this.locals.add(name);
    }
  }

  defer(name: string): void {
    this._reads.add(name);
  }

  /**
   * Passes the names the body takes from outside to the enclosing scope, as later reads. A
   * name the body declares `global` counts too, read or only written: the notebook's binding of
   * it is what a call touches.
   */
  close(): IPassedUp {
    const up: IPassedUp = { late: [], writes: [...this.declaredOuter] };
    for (const name of this._reads) {
      if (!this.locals.has(name)) {
        up.late.push(name);
      }
    }
    replay(up, this.parent);
    return up;
  }

  private _reads = new Set<string>();
}
