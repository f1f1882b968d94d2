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

/**
 * The execution log: per notebook path, the last `limit` runs. Scheduling a cell only notes
 * what and when; the source is analysed once the kernel has answered, off the kernel's path.
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
    for (const [path, runs] of this._runs) {
      this._runs.set(path, runs.slice(-limit));
    }
  }

  runs(path: string): readonly IRun[] {
    return this._runs.get(path) ?? [];
  }

  /** A cell was scheduled: what and when, nothing more. */
  scheduled(path: string, cellId: string, source: string, now: number): void {
    this._pending.set(cellId, { path, cellId, source, start: now });
  }

  /** The kernel answered for a cell: the run is described and kept. */
  executed(cellId: string, success: boolean, now: number): void {
    const pending = this._pending.get(cellId);
    if (!pending) {
      return;
    }
    this._pending.delete(cellId);
    const run = describeRun(cellId, pending.source, pending.start);
    run.end = now;
    run.success = success;
    let runs = this._runs.get(pending.path);
    if (!runs) {
      runs = [];
      this._runs.set(pending.path, runs);
    }
    runs.push(run);
    if (runs.length > this._limit) {
      runs.splice(0, runs.length - this._limit);
    }
    this._changed.emit(pending.path);
  }

  /** Runs kept from an earlier session, put before any recorded since. */
  restore(path: string, runs: readonly IRun[]): void {
    this._runs.set(path, [...runs, ...this.runs(path)].slice(-this._limit));
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

  private _limit: number;
  private _runs = new Map<string, IRun[]>();
  private _pending = new Map<string, IPending>();
  private _changed = new Signal<this, string>(this);
  private _isDisposed = false;
}
