import { describeDeath } from './death.js';
import { formatBytes, formatDuration } from './format.js';
import { jobCheck } from './job.js';
import { CheckId } from './settings.js';
import {
  IBackupReading,
  ICheck,
  ICheckInput,
  IReading,
  Level,
  Mark,
  Trans
} from './types.js';

// Where the views and the specs have always found them; defined in types.ts so that death.ts
// and job.ts, which checks.ts calls, need not import checks.ts back.
export type { ICheck, ICheckInput, IReadings, Level, Mark } from './types.js';

/** One part of the status bar item. */
export interface IPart {
  id: CheckId;
  text: string;
  level: Level;
  mark?: Mark;
}

const RANK: Record<Level, number> = { ok: 0, warning: 1, critical: 2 };

export function worst(levels: readonly Level[]): Level {
  return levels.reduce<Level>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
}

/** A reading that has no value: probe failed or timed out. */
function missing(
  id: CheckId,
  label: string,
  reading: IReading | undefined,
  trans: Trans
): ICheck | null {
  if (reading && reading.status === 'ok') {
    return null;
  }
  const unresponsive = reading?.status === 'unresponsive';
  return {
    id,
    label,
    value: unresponsive
      ? trans.__('unresponsive')
      : (reading?.error ?? trans.__('no reading')),
    threshold: '',
    level: unresponsive ? 'critical' : 'warning',
    remedy: unresponsive
      ? trans.__(
          'The check did not answer in time: the storage may hang (a dead network mount?).'
        )
      : trans.__('The check failed; the server log says more.'),
    short: unresponsive ? trans.__('%1 unresponsive', label) : ''
  };
}

export function kernelCheck(input: ICheckInput): ICheck {
  const check = kernelState(input);
  const { kernel, reply, trans } = input;
  if (!kernel.death) {
    return check;
  }
  // Why it died comes first: it decides what to do before re-running anything.
  const limit = reply?.memory?.limit ?? reply?.memory?.host_total ?? null;
  const words = describeDeath(kernel.death, limit, trans);
  return {
    ...check,
    level: worst([check.level, words.level]),
    // Out of memory needs its own advice; otherwise what the restart lost says what to do.
    remedy: [
      words.cause,
      words.level === 'critical' || !check.remedy ? words.advice : '',
      check.remedy
    ]
      .filter(Boolean)
      .join(' '),
    short: words.short,
    mark: undefined
  };
}

function kernelState({ kernel, now, trans }: ICheckInput): ICheck {
  const label = trans.__('Kernel');
  if (!kernel.id) {
    return {
      id: 'kernel',
      label,
      value: trans.__('no kernel'),
      threshold: '',
      level: 'ok',
      remedy: '',
      short: ''
    };
  }
  const uptime =
    kernel.since === null ? '' : formatDuration(now - kernel.since);
  // A remote kernel's start can't be read from its process: say so, not '?'.
  const remoteStart = !uptime && kernel.remote === true;
  const dead = kernel.status === 'dead';
  // Reconnecting after a restart: not dead, not known to be fine either. (Before the first
  // word of a new page's kernel, it is only starting up.)
  const unclear = kernel.status === 'unknown' && kernel.restarts > 0;
  const lost = kernel.lostCells.length;
  const failure = kernel.replayFailure;
  return {
    id: 'kernel',
    label,
    value: remoteStart
      ? trans.__(
          '%1 · remote kernel, start unknown · %2',
          kernel.status,
          trans._n('%1 restart', '%1 restarts', kernel.restarts)
        )
      : trans.__(
          '%1 · %2 since restart · %3',
          kernel.status,
          uptime || '?',
          trans._n('%1 restart', '%1 restarts', kernel.restarts)
        ),
    threshold: '',
    level: dead
      ? 'critical'
      : lost > 0 || failure || unclear
        ? 'warning'
        : 'ok',
    remedy: dead
      ? trans.__(
          'The kernel is dead: restart it, then re-run the cells you need.'
        )
      : failure
        ? failure.ename
          ? trans.__(
              'Re-running stopped at cell [%1]: %2: %3',
              failure.index + 1,
              failure.ename,
              failure.evalue
            )
          : trans.__(
              'Re-running stopped at cell [%1]: it did not run.',
              failure.index + 1
            )
        : lost > 0
          ? trans._n(
              '%1 cell built the state you lost: re-run it.',
              '%1 cells built the state you lost: re-run them.',
              lost
            )
          : unclear
            ? trans.__('No word from the kernel yet: reconnecting to it.')
            : '',
    short: remoteStart ? trans.__('remote kernel') : uptime,
    mark: 'uptime'
  };
}

export function memoryCheck({
  reply,
  kernel,
  settings,
  trans
}: ICheckInput): ICheck {
  const label = trans.__('Memory');
  const m = reply?.memory;
  const gone = missing('memory', label, m, trans);
  if (gone || !m) {
    return gone!;
  }
  const kernels = m.kernels ?? [];
  // A remote kernel's memory is its host's, not this one's: it counts against that host.
  const used =
    (m.server_rss ?? 0) +
    kernels.reduce((sum, k) => sum + (k.remote ? 0 : (k.rss ?? 0)), 0);
  const limit = m.limit ?? m.host_total ?? null;
  const entry = kernels.find(k => k.id === kernel.id);
  const ours = entry?.rss ?? null;
  const remote = entry?.remote === true;
  const away = remote && ours !== null && entry?.host_total ? entry : null;
  const here = limit ? used / limit : 0;
  const fraction = Math.max(here, away ? ours! / away.host_total! : 0);
  const level: Level =
    fraction >= 0.95
      ? 'critical'
      : fraction >= settings.memoryFraction
        ? 'warning'
        : 'ok';
  const oursText = ourMemory(ours, remote, trans);
  const percent = Math.round(settings.memoryFraction * 100);
  const threshold = trans.__(
    'warn at %1% of %2',
    percent,
    m.limit_source ?? trans.__('host memory')
  );
  return {
    id: 'memory',
    label,
    value: limit
      ? trans.__(
          '%1 of %2 (%3%) · this kernel %4',
          formatBytes(used, 'iec'),
          formatBytes(limit, 'iec'),
          Math.round(here * 100),
          oursText
        )
      : remote
        ? trans.__('%1 · this kernel %2', formatBytes(used, 'iec'), oursText)
        : formatBytes(used, 'iec'),
    threshold: away
      ? trans.__(
          "%1; the remote kernel at %2% of its host's %3",
          threshold,
          percent,
          formatBytes(away.host_total!, 'iec')
        )
      : threshold,
    level,
    remedy:
      level === 'ok'
        ? ''
        : trans.__(
            'Delete large objects you no longer need, or save results and restart the kernel.'
          ),
    short: ours === null ? '' : formatBytes(ours, 'iec')
  };
}

/** The active kernel's memory in words: what it reports of itself when it is remote. */
function ourMemory(ours: number | null, remote: boolean, trans: Trans): string {
  if (ours === null) {
    return remote ? trans.__('remote kernel, memory unknown') : '?';
  }
  const size = formatBytes(ours, 'iec');
  return remote ? trans.__('%1 (remote kernel)', size) : size;
}

export function diskCheck({ reply, settings, trans }: ICheckInput): ICheck {
  const label = trans.__('Disk');
  const d = reply?.disk;
  const gone = missing('disk', label, d, trans);
  if (gone || !d) {
    return gone!;
  }
  const free = d.free ?? 0;
  const percent = d.total ? (100 * free) / d.total : 100;
  const critical = percent < settings.freeDiskPercent / 2 || free < 1e9;
  const level: Level = critical
    ? 'critical'
    : percent < settings.freeDiskPercent
      ? 'warning'
      : 'ok';
  return {
    id: 'disk',
    label,
    value: trans.__(
      '%1 free of %2 (%3%)',
      formatBytes(free),
      formatBytes(d.total ?? 0),
      Math.round(percent)
    ),
    threshold: trans.__('warn below %1% free', settings.freeDiskPercent),
    level,
    remedy:
      level === 'ok'
        ? ''
        : trans.__(
            'Free space or move the work: a full disk makes saves and checkpoints fail.'
          ),
    short: trans.__('%1 free', formatBytes(free))
  };
}

export function storageCheck({ reply, settings, trans }: ICheckInput): ICheck {
  const label = trans.__('Storage');
  const s = reply?.storage;
  const gone = missing('storage', label, s, trans);
  if (gone || !s) {
    return gone!;
  }
  const latency = s.latency_ms ?? null;
  const slow = latency !== null && latency > settings.latencyMs;
  const level: Level =
    s.writable === false ||
    (latency !== null && latency > 4 * settings.latencyMs)
      ? 'critical'
      : s.remote || slow
        ? 'warning'
        : 'ok';
  const kind = s.fstype ?? '?';
  const where = s.remote
    ? trans.__('%1, remote', kind)
    : trans.__('%1, local', kind);
  return {
    id: 'storage',
    label,
    value: trans.__(
      '%1 at %2 · write %3',
      where,
      s.mount_point ?? '?',
      latency === null ? trans.__('not possible') : `${latency.toFixed(1)} ms`
    ),
    threshold: trans.__(
      'warn on network storage or above %1 ms',
      settings.latencyMs
    ),
    level,
    remedy:
      s.writable === false
        ? trans.__(
            'The directory is read-only: save the notebook somewhere writable.'
          )
        : level === 'ok'
          ? ''
          : trans.__(
              'Network or slow storage: copy the data to a local disk for the heavy reads, and keep the notebooks in git.'
            ),
    short: s.remote || level !== 'ok' ? kind : ''
  };
}

export function backupCheck({
  reply,
  kernel,
  settings,
  trans
}: ICheckInput): ICheck {
  const label = trans.__('Backup');
  const b = reply?.backup;
  const gone = missing('backup', label, b, trans);
  if (gone || !b) {
    return gone!;
  }
  const unsaved = kernel.unsaved ? trans.__('unsaved changes · ') : '';
  if (!b.repo) {
    return {
      id: 'backup',
      label,
      value: unsaved + trans.__('not a git repository'),
      threshold: '',
      level: settings.warnNotGit || kernel.unsaved ? 'warning' : 'ok',
      remedy: trans.__(
        'Put the work under git (git init) and push it to a remote.'
      ),
      short: settings.warnNotGit ? trans.__('no git') : ''
    };
  }
  const changes = (b.changed ?? 0) + (b.untracked ?? 0);
  const ageHours = (b.last_commit_age_s ?? 0) / 3600;
  const stale = changes > 0 && ageHours > settings.uncommittedHours;
  const ahead = b.ahead ?? 0;
  const noUpstream = !b.upstream;
  const level: Level =
    stale ||
    ahead > 0 ||
    kernel.unsaved ||
    (noUpstream && settings.warnNoUpstream)
      ? 'warning'
      : 'ok';
  const value =
    unsaved +
    trans.__(
      '%1 · %2 changed, %3 untracked',
      b.branch ?? trans.__('detached'),
      b.changed ?? 0,
      b.untracked ?? 0
    ) +
    (noUpstream
      ? ''
      : trans.__(
          ' · %1 ahead, %2 behind %3',
          ahead,
          b.behind ?? 0,
          b.upstream!
        ));
  return {
    id: 'backup',
    label,
    value,
    // Why the level is what it is, in words: each reason that holds.
    threshold: backupReasons(b, stale, kernel.unsaved, trans).join('; '),
    level,
    remedy:
      level === 'ok'
        ? ''
        : trans.__(
            'Save, commit and push: git add -A && git commit && git push.'
          ),
    short: changes > 0 ? `git +${changes}` : 'git',
    mark: changes > 0 ? undefined : 'clean'
  };
}

function backupReasons(
  b: IBackupReading,
  stale: boolean,
  unsaved: boolean,
  trans: Trans
): string[] {
  const reasons: string[] = [];
  if (unsaved) {
    reasons.push(trans.__('the notebook has changes not saved to disk'));
  }
  if (stale) {
    reasons.push(
      trans.__(
        'changes not committed, last commit %1 ago',
        formatDuration((b.last_commit_age_s ?? 0) * 1000)
      )
    );
  }
  if (!b.upstream) {
    reasons.push(trans.__('no upstream: commits are only on this disk'));
  } else if ((b.ahead ?? 0) > 0) {
    reasons.push(
      trans._n(
        '%1 commit not pushed: it is only on this disk',
        '%1 commits not pushed: they are only on this disk',
        b.ahead ?? 0
      )
    );
  }
  return reasons;
}

export function gpuCheck({
  reply,
  settings,
  trans
}: ICheckInput): ICheck | null {
  const g = reply?.gpu;
  if (g?.status === 'ok' && !g.available) {
    return null; // no GPU: nothing to say
  }
  const label = trans.__('GPU');
  const gone = missing('gpu', label, g, trans);
  if (gone || !g) {
    return gone;
  }
  const gpus = g.gpus ?? [];
  const top = Math.max(0, ...gpus.map(x => (x.total ? x.used / x.total : 0)));
  return {
    id: 'gpu',
    label,
    value: gpus
      .map(
        x =>
          `${x.index}: ${formatBytes(x.used, 'iec')} / ${formatBytes(x.total, 'iec')}`
      )
      .join(' · '),
    threshold: trans.__(
      'warn at %1% of a GPU',
      Math.round(settings.memoryFraction * 100)
    ),
    level: top >= settings.memoryFraction ? 'warning' : 'ok',
    remedy:
      top >= settings.memoryFraction
        ? trans.__(
            'Free GPU memory: delete tensors and models you no longer need.'
          )
        : '',
    short: ''
  };
}

export function environmentCheck({ reply, trans }: ICheckInput): ICheck {
  const label = trans.__('Environment');
  const e = reply?.environment;
  const gone = missing('environment', label, e, trans);
  if (gone || !e) {
    return gone!;
  }
  const kernel = e.kernel
    ? trans.__('kernel Python from %1 · ', e.kernel.kind)
    : '';
  return {
    id: 'environment',
    label,
    value:
      kernel +
      (e.file
        ? e.locked
          ? trans.__('%1, locked by %2', e.manager ?? '?', e.file)
          : trans.__('%1 in %2, not locked', e.manager ?? '?', e.file)
        : trans.__('no environment file')),
    threshold: '',
    level: e.locked ? 'ok' : 'warning',
    remedy: e.locked
      ? ''
      : trans.__(
          'Pin the environment so the results can be reproduced: uv lock, poetry lock, or pip freeze > requirements.txt.'
        ),
    short: ''
  };
}

/**
 * Every enabled check of the readings, in the popover's order, in words: the views call it
 * with their bundle, so the model never holds a sentence.
 */
export function evaluate(input: ICheckInput): ICheck[] {
  const all: [CheckId, (i: ICheckInput) => ICheck | null][] = [
    ['kernel', kernelCheck],
    ['job', jobCheck],
    ['memory', memoryCheck],
    ['disk', diskCheck],
    ['storage', storageCheck],
    ['backup', backupCheck],
    ['gpu', gpuCheck],
    ['environment', environmentCheck]
  ];
  return all
    .filter(([id]) => input.settings.checks[id])
    .map(([id, check]) =>
      id === 'kernel' || input.reply ? check(input) : null
    )
    .filter((c): c is ICheck => c !== null);
}

/** The status bar item's parts: the short texts of the enabled checks, with their levels. */
export function summary(checks: readonly ICheck[]): IPart[] {
  return checks
    .filter(c => c.short)
    .map(c => ({ id: c.id, text: c.short, level: c.level, mark: c.mark }));
}
