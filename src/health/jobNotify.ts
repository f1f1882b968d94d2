import { Notification } from '@jupyterlab/apputils';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { formatBytes, formatDuration } from './format.js';
import { jobClock } from './job.js';
import { HealthModel } from './model.js';
import { ISlowCell } from './slowest.js';

type Trans = Pick<TranslationBundle, '__'>;

/**
 * The characters a notification shows: JupyterLab cuts the rest, in the toast and in the
 * notification center alike.
 */
const TOAST_MAX = 140;
/** The names get at least this many characters, even if the toast then cuts the end. */
const MIN_NAMES = 16;

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

/** `text` cut to `room` characters, an ellipsis ending what was cut. */
function cut(text: string, room: number): string {
  return text.length > room ? text.slice(0, Math.max(1, room - 1)) + '…' : text;
}

/**
 * The notifications to show, each within what JupyterLab shows of one (140 characters): what
 * to save, with the names cut to fit; and, when the notebook's data files live on the node's
 * scratch, a second one that names them, cut to fit too.
 */
export function jobMessages(message: IJobMessage, trans: Trans): string[] {
  const names = namesToSave(message, trans);
  const ends = formatDuration(message.left * 1000);
  const files = message.wiped.length > 0;
  const scratch = files
    ? ''
    : ' ' + trans.__('$SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.');
  const words = (what: string) =>
    what
      ? trans.__(
          'Job %1 ends in %2: save the notebook, commit, write out %3.',
          message.id,
          ends,
          what
        ) + scratch
      : trans.__(
          'Job %1 ends in %2: save the notebook and commit.',
          message.id,
          ends
        ) + scratch;
  const room = Math.max(MIN_NAMES, TOAST_MAX - words('…').length + 1);
  const out = [words(cut(names, room))];
  if (files) {
    const where = (list: string) =>
      trans.__(
        "Wiped at job %1's end, on the node's $SLURM_TMPDIR/$TMPDIR: %2. Copy what you need to shared storage.",
        message.id,
        list
      );
    const list = message.wiped.join(', ');
    out.push(
      where(cut(list, Math.max(MIN_NAMES, TOAST_MAX - where('').length)))
    );
  }
  return out;
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
    for (const text of jobMessages(message, this._trans)) {
      emit(text, { autoClose: false });
    }
  }

  private _isDisposed = false;
  private _told = new Set<string>();
}
