import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { SCHEMAS } from '../common/schemas.js';
import { IExecutionLog, IExecutionRun } from '../tokens.js';
import { IBatch, SINGLE } from './batch.js';

interface IPending {
  path: string;
  cellId: string;
  source: string;
  start: number;
  batch: IBatch;
}

/**
 * The execution log: per notebook path, the last `limit` runs. Scheduling a cell only notes
 * what and when; when the kernel answers, the run is kept as it happened. Nothing is parsed
 * here: the features that read the runs derive what they need, debounced, off the execution's
 * path.
 */
export class ExecutionLog implements IExecutionLog, IDisposable {
  constructor(
    limit: number = SCHEMAS.execution.properties.historyLimit.default
  ) {
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

  runs(path: string): readonly IExecutionRun[] {
    return this._runs.get(path) ?? [];
  }

  /** A cell was scheduled: what, when, and with which other cells of the same command. */
  scheduled(
    path: string,
    cellId: string,
    source: string,
    now: number,
    batch: IBatch = SINGLE
  ): void {
    this._pending.set(cellId, { path, cellId, source, start: now, batch });
  }

  /** The kernel answered for a cell: the run is kept. */
  executed(cellId: string, success: boolean, now: number): void {
    const pending = this._pending.get(cellId);
    if (!pending) {
      return;
    }
    this._pending.delete(cellId);
    const { path, source, start, batch } = pending;
    const runs = this._runsOf(path);
    runs.push({ cellId, source, start, end: now, success, batch: batch.size });
    this._trim(runs);
    this._changed.emit(path);
  }

  /** Runs kept from an earlier session, put before any recorded since. */
  restore(path: string, runs: readonly IExecutionRun[]): void {
    const mine = this._runsOf(path);
    mine.unshift(...runs);
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

  private _runsOf(path: string): IExecutionRun[] {
    let runs = this._runs.get(path);
    if (!runs) {
      runs = [];
      this._runs.set(path, runs);
    }
    return runs;
  }

  /** Keeps the last `limit` runs, the oldest going first. */
  private _trim(runs: IExecutionRun[]): void {
    const over = runs.length - this._limit;
    if (over > 0) {
      runs.splice(0, over);
    }
  }

  private _limit: number;
  private _runs = new Map<string, IExecutionRun[]>();
  private _pending = new Map<string, IPending>();
  private _changed = new Signal<this, string>(this);
  private _isDisposed = false;
}
