import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { formatBytes, formatDuration } from './format.js';
import { jobClock } from './job.js';
import { HealthModel } from './model.js';
import { ISlowCell } from './slowest.js';

type Trans = Pick<TranslationBundle, '__'>;

/** The characters a toast shows (JupyterLab cuts the rest). */
const TOAST_MAX = 140;
/**
 * The names get at least this many characters, even if the toast then cuts the sentence on
 * scratch (the notification center keeps it): a slow cell and a large value fit.
 */
const MIN_NAMES = 40;

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

/** What the job's end takes with it, for the message. */
export interface IJobMessage {
  id: string;
  left: number;
  slowest: readonly ISlowCell[];
  largest: readonly { name: string; bytes: number }[];
  wiped: readonly string[];
}

/** The names worth writing out: the slow cells' results with their times, then the largest. */
function namesToSave({ slowest, largest }: IJobMessage, trans: Trans): string {
  const named = new Set(slowest.flatMap(cell => cell.names));
  const slow = slowest.map(cell =>
    trans.__(
      '%1 (%2)',
      cell.names.join(', '),
      formatDuration(cell.seconds * 1000)
    )
  );
  const big = largest
    .filter(value => !named.has(value.name))
    .map(value =>
      trans.__('%1 (%2)', value.name, formatBytes(value.bytes, 'iec'))
    );
  return [...slow, ...big].join('; ');
}

/**
 * A toast shows the first 140 characters only: what to do comes first, and the names are cut
 * to fit; the files on the node's scratch come last (the notification center keeps them all).
 */
export function jobMessage(message: IJobMessage, trans: Trans): string {
  const names = namesToSave(message, trans);
  const ends = formatDuration(message.left * 1000);
  const scratch = message.wiped.length
    ? trans.__(
        '$SLURM_TMPDIR/$TMPDIR on the node is wiped at the end: copy %1 to shared storage.',
        message.wiped.join(', ')
      )
    : trans.__('$SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.');
  if (!names) {
    return trans.__(
      'Job %1 ends in %2: save the notebook and commit. %3',
      message.id,
      ends,
      scratch
    );
  }
  const words = (what: string, last: string) =>
    trans.__(
      'Job %1 ends in %2: save the notebook, commit, write out %3. %4',
      message.id,
      ends,
      what,
      last
    );
  // The room is what the toast leaves with the generic sentence: the files may run past it.
  const room = Math.max(
    MIN_NAMES,
    TOAST_MAX -
      words(
        '',
        trans.__('$SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.')
      ).length
  );
  return words(
    names.length > room ? names.slice(0, room - 1) + '…' : names,
    scratch
  );
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
    if (this._isDisposed) {
      return;
    }
    const emit = critical ? Notification.error : Notification.warning;
    const message = { id, left, slowest, largest, wiped };
    emit(jobMessage(message, this._trans), { autoClose: false });
  }

  private _isDisposed = false;
  private _told = new Set<string>();
}
