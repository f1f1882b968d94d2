import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { describeRun, IRun } from '../analysis/repeats.js';
import { IExecutionLog } from '../tokens.js';

interface IPending {
  path: string;
  cellId: string;
  source: string;
  start: number;
}

/** A finished run whose source is not analysed yet. */
interface IFinished extends IPending {
  end: number;
  success: boolean;
}

/** One notebook's runs: described ones, then finished ones waiting to be described. */
interface IRuns {
  described: IRun[];
  waiting: IFinished[];
}

/**
 * The execution log: per notebook path, the last `limit` runs. Scheduling a cell only notes
 * what and when; when the kernel answers, the run is noted too. Its source is analysed (parsed
 * and fingerprinted) only when someone reads the runs: the readers are debounced, so a run's
 * analysis never delays the next execution, and "Run All" analyses its runs in one batch.
 */
export class ExecutionLog implements IExecutionLog, IDisposable {
  constructor(limit = 500) {
    this._limit = limit;
  }

  get changed(): ISignal<this, string> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  set limit(limit: number) {
    this._limit = limit;
    this._runs.forEach(runs => this._trim(runs));
  }

  runs(path: string): readonly IRun[] {
    const runs = this._runs.get(path);
    if (!runs) {
      return [];
    }
    for (const done of runs.waiting) {
      const run = describeRun(done.cellId, done.source, done.start);
      run.end = done.end;
      run.success = done.success;
      runs.described.push(run);
    }
    runs.waiting = [];
    return runs.described;
  }

  /** A cell was scheduled: what and when, nothing more. */
  scheduled(path: string, cellId: string, source: string, now: number): void {
    this._pending.set(cellId, { path, cellId, source, start: now });
  }

  /** The kernel answered for a cell: the run is kept, to be described when read. */
  executed(cellId: string, success: boolean, now: number): void {
    const pending = this._pending.get(cellId);
    if (!pending) {
      return;
    }
    this._pending.delete(cellId);
    const runs = this._runsOf(pending.path);
    runs.waiting.push({ ...pending, end: now, success });
    this._trim(runs);
    this._changed.emit(pending.path);
  }

  /** Runs kept from an earlier session, put before any recorded since. */
  restore(path: string, runs: readonly IRun[]): void {
    const mine = this._runsOf(path);
    mine.described = [...runs, ...mine.described];
    this._trim(mine);
    this._changed.emit(path);
  }

  /** A notebook was renamed or moved. */
  rename(from: string, to: string): void {
    const runs = this._runs.get(from);
    if (runs) {
      this._runs.delete(from);
      this._runs.set(to, runs);
      this._changed.emit(to);
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private _runsOf(path: string): IRuns {
    let runs = this._runs.get(path);
    if (!runs) {
      runs = { described: [], waiting: [] };
      this._runs.set(path, runs);
    }
    return runs;
  }

  /** Keeps the last `limit` runs, the oldest (described) going first. */
  private _trim(runs: IRuns): void {
    const over = runs.described.length + runs.waiting.length - this._limit;
    if (over > 0) {
      const fromDescribed = Math.min(over, runs.described.length);
      runs.described.splice(0, fromDescribed);
      runs.waiting.splice(0, over - fromDescribed);
    }
  }

  private _limit: number;
  private _runs = new Map<string, IRuns>();
  private _pending = new Map<string, IPending>();
  private _changed = new Signal<this, string>(this);
  private _isDisposed = false;
}
