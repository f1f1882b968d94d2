import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { formatDuration } from './format.js';
import { jobClock } from './job.js';
import { HealthModel } from './model.js';
import { ISlowCell } from './slowest.js';

/** The characters a toast shows (JupyterLab cuts the rest). */
const TOAST_MAX = 140;
/** The names get at least this many characters, even if the toast then cuts the end. */
const MIN_NAMES = 16;

/**
 * Tells once per threshold (warning, then critical) that the batch job ends soon, with what
 * to save: the notebook, the commits, and the results of the slowest cells by name.
 */
export class JobNotifier implements IDisposable {
  constructor(
    private readonly _model: HealthModel,
    private readonly _trans: TranslationBundle,
    private readonly _slowest: () => ISlowCell[]
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
    const emit =
      level === 'critical' ? Notification.error : Notification.warning;
    emit(this._message(job.id, left), { autoClose: false });
  }

  /**
   * A toast shows the first 140 characters only: what to do comes first, and the names are
   * cut to fit (the notification center keeps the whole message).
   */
  private _message(id: string, left: number): string {
    const trans = this._trans;
    const names = this._slowest()
      .map(cell =>
        trans.__(
          '%1 (%2)',
          cell.names.join(', '),
          formatDuration(cell.seconds * 1000)
        )
      )
      .join('; ');
    const ends = formatDuration(left * 1000);
    if (!names) {
      return trans.__(
        'Job %1 ends in %2: save the notebook and commit. $SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.',
        id,
        ends
      );
    }
    const words = (what: string) =>
      trans.__(
        'Job %1 ends in %2: save the notebook, commit, write out %3. $SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.',
        id,
        ends,
        what
      );
    const room = Math.max(MIN_NAMES, TOAST_MAX - words('').length);
    return words(names.length > room ? names.slice(0, room - 1) + '…' : names);
  }

  private _isDisposed = false;
  private _told = new Set<string>();
}
