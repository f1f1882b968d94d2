import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { jobClock } from './job.js';
import { HealthModel } from './model.js';
import { ISlowCell } from './slowest.js';

/** What the active notebook would lose with the job, each part asked when the end is near. */
export interface IJobLosses {
  /** The slowest cells to compute again, with the names they bind. */
  slowest(): ISlowCell[];
  /**
   * The largest values in the kernel, largest first, by the kernel's own sizes: [] when it
   * can't say in time (busy, no kernel, no answer).
   */
  largest(): Promise<{ name: string; bytes: number }[]>;
  /** The notebook's data files that live where the job's end wipes them (the Data panel's). */
  wiped(): readonly string[];
}

/**
 * Tells once per threshold (warning, then critical) that the batch job ends soon, with what
 * to save: the notebook, the commits, the slowest and largest results by name, and the data
 * files on the node's scratch.
 */
export class JobNotifier implements IDisposable {
  constructor(
    private readonly _model: HealthModel,
    private readonly _trans: TranslationBundle,
    private readonly _losses: IJobLosses
  ) {
    _model.stateChanged.connect(this._onState, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._model.stateChanged.disconnect(this._onState, this);
  }

  private _onState(): void {
    const job = this._model.reply?.job;
    if (!job?.id || !this._model.settings.checks.job) {
      return;
    }
    const { left, level } = jobClock(job, this._model.settings);
    if (left === null || level === 'ok') {
      return;
    }
    const key = `${job.scheduler}:${job.id}:${level}`;
    if (this._told.has(key)) {
      return;
    }
    this._told.add(key);
    // Reaching critical first (a page opened late) tells once, not twice.
    this._told.add(`${job.scheduler}:${job.id}:warning`);
    void this._tell(job.id, left, level === 'critical');
  }

  /** The kernel's sizes are awaited (they time out on their own), the rest read now. */
  private async _tell(id: string, left: number, critical: boolean) {
    const slowest = this._losses.slowest();
    const wiped = this._losses.wiped();
    const largest = await this._losses.largest().catch(() => []);
    // The wording loads when a job first nears its end: most sessions run no batch job.
    const { jobMessages } = await import('./jobMessages.js');
    if (this._isDisposed) {
      return;
    }
    const emit = critical ? Notification.error : Notification.warning;
    const message = { id, left, slowest, largest, wiped };
    for (const text of jobMessages(message, this._trans)) {
      emit(text, { autoClose: false });
    }
  }

  private _isDisposed = false;
  private _told = new Set<string>();
}
