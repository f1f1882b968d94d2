import { TranslationBundle } from '@jupyterlab/translation';
import { formatBytes, formatDuration } from './format.js';
import { IHealthSettings } from './settings.js';
import { ICheck, ICheckInput, IJobReading, Level } from './types.js';

type Trans = Pick<TranslationBundle, '__' | '_n'>;

/** Seconds left in the job and the level that makes, from the reply's reading. */
export interface IJobClock {
  /** Seconds left as of the reply; null when unknown or unlimited. */
  left: number | null;
  level: Level;
}

/** How close the job is to its end, against the settings (critical never above warning). */
export function jobClock(
  job: IJobReading,
  settings: Pick<IHealthSettings, 'jobWarningMinutes' | 'jobCriticalMinutes'>
): IJobClock {
  const left =
    job.status === 'ok' && typeof job.time_left_s === 'number'
      ? Math.max(0, job.time_left_s)
      : null;
  if (left === null) {
    return { left, level: 'ok' };
  }
  const warning = settings.jobWarningMinutes * 60;
  const critical =
    Math.min(settings.jobCriticalMinutes, settings.jobWarningMinutes) * 60;
  const level: Level =
    left <= critical ? 'critical' : left <= warning ? 'warning' : 'ok';
  return { left, level };
}

/** What the job was given, in words: `8 CPUs · 64.0 GiB · 2 GPUs`. */
export function jobResources(job: IJobReading, trans: Trans): string {
  const parts: string[] = [];
  if (job.cpus) {
    parts.push(trans._n('%1 CPU', '%1 CPUs', job.cpus));
  }
  if (job.mem_bytes) {
    parts.push(formatBytes(job.mem_bytes, 'iec'));
  }
  if (job.gpus) {
    parts.push(trans._n('%1 GPU', '%1 GPUs', job.gpus));
  }
  return parts.join(' · ');
}

/** The time part of the job's line: left of the limit, unlimited, or why it is unknown. */
function jobTime(job: IJobReading, left: number | null, trans: Trans): string {
  if (job.status !== 'ok') {
    return trans.__('the scheduler did not answer in time');
  }
  if (job.unlimited) {
    return trans.__('no time limit');
  }
  if (left === null) {
    return trans.__('time left unknown: %1', job.error ?? '?');
  }
  const limit = job.time_limit_s;
  return typeof limit === 'number'
    ? trans.__(
        '%1 left of %2',
        formatDuration(left * 1000),
        formatDuration(limit * 1000)
      )
    : trans.__('%1 left', formatDuration(left * 1000));
}

/** What to do before the job ends, in one sentence (the notification adds the names). */
export function jobRemedy(trans: Trans): string {
  return trans.__(
    'Before the job ends: save the notebook, commit and push, and write to shared storage what took long to compute. Files in $SLURM_TMPDIR or $TMPDIR on the node are wiped at the end.'
  );
}

/** A kernel busy this long on average is computing, not waiting for its user. */
const BUSY_CPUS = 0.5;
/** The shortest span the advice is given on. */
const ADVICE_WINDOW_S = 60;

/**
 * Advice when the job got several CPUs and the active kernel, while computing, kept at most a
 * quarter of them busy: '' otherwise. Advice only: nothing is changed.
 */
export function cpuAdvice(
  job: IJobReading,
  kernelId: string | null,
  trans: Trans
): string {
  const given = job.cpus ?? 0;
  const use = kernelId ? job.kernel_cpu?.[kernelId] : undefined;
  if (
    given < 2 ||
    !use ||
    use.cpus === null ||
    use.window_s < ADVICE_WINDOW_S ||
    use.cpus < BUSY_CPUS ||
    use.cpus > given / 4
  ) {
    return '';
  }
  return trans.__(
    "The job has %1 CPUs, the kernel used %2 over the last %3: set n_jobs, torch.set_num_threads or the DataLoader's num_workers to use them.",
    given,
    use.cpus.toFixed(1),
    formatDuration(use.window_s * 1000)
  );
}

/**
 * Advice when GPUs the job got have computed nothing for `jobGpuIdleMinutes` (as nvidia-smi
 * reads them): '' otherwise. Advice only: nothing is changed.
 */
export function gpuAdvice(
  job: IJobReading,
  settings: Pick<IHealthSettings, 'jobGpuIdleMinutes'>,
  trans: Trans
): string {
  const gpus = job.gpu_use?.available ? job.gpu_use.gpus : [];
  const least = settings.jobGpuIdleMinutes * 60;
  const idle = gpus
    .map(gpu => gpu.idle_s ?? 0)
    .filter(seconds => seconds >= least);
  if (!job.gpus || idle.length === 0) {
    return '';
  }
  // The shortest idle time holds for every GPU named.
  const since = formatDuration(Math.min(...idle) * 1000);
  const which =
    idle.length === gpus.length
      ? trans._n('%1 GPU allocated', '%1 GPUs allocated', idle.length)
      : trans.__('%1 of the %2 GPUs allocated', idle.length, gpus.length);
  return trans.__(
    '%1, idle for %2: if the work no longer needs them, end the job or ask for fewer next time, so that others can use them.',
    which,
    since
  );
}

/**
 * The popover's line for the batch job, and the item's clock when the end is near; null
 * outside a job (the reply says null, or an older server says nothing).
 */
export function jobCheck({
  reply,
  kernel,
  settings,
  trans
}: ICheckInput): ICheck | null {
  const job = reply?.job;
  if (!job) {
    return null;
  }
  const { left, level } = jobClock(job, settings);
  const where = [job.partition, job.node].filter(Boolean).join(' · ');
  const given = jobResources(job, trans);
  const value = [
    trans.__('%1 job %2', job.scheduler ?? '?', job.id ?? '?'),
    where,
    jobTime(job, left, trans),
    given ? trans.__('given %1', given) : ''
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    id: 'job',
    label: trans.__('Job'),
    value,
    threshold: trans.__(
      'warn under %1 min left, critical under %2 min',
      settings.jobWarningMinutes,
      Math.min(settings.jobCriticalMinutes, settings.jobWarningMinutes)
    ),
    level: job.status === 'ok' ? level : 'warning',
    remedy: [
      level === 'ok' ? '' : jobRemedy(trans),
      cpuAdvice(job, kernel.id, trans),
      gpuAdvice(job, settings, trans)
    ]
      .filter(Boolean)
      .join(' '),
    // The clock shows in the item only when the end is near.
    short:
      level === 'ok' || left === null
        ? ''
        : trans.__('job ends in %1', formatDuration(left * 1000))
  };
}
