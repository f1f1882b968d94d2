import { TranslationBundle } from '@jupyterlab/translation';
import { formatBytes, formatDuration } from './format.js';
import { ISlowCell } from './slowest.js';

type Trans = Pick<TranslationBundle, '__'>;

/**
 * The characters a notification shows: JupyterLab cuts the rest, in the toast and in the
 * notification center alike.
 */
const TOAST_MAX = 140;
/** The names get at least this many characters, even if the toast then cuts the end. */
const MIN_NAMES = 16;

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
