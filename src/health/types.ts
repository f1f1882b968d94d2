import type { TranslationBundle } from '@jupyterlab/translation';
import type { CheckId, IHealthSettings } from './settings.js';

/** The body of `GET /jupyterlab-sane/health?path=DIR` (see jupyterlab_sane/handlers.py). */

/** Every reading says ok, or why it has no value. */
export interface IReading {
  status: 'ok' | 'error' | 'unresponsive';
  error?: string;
}

export interface IDiskReading extends IReading {
  free?: number;
  total?: number;
  used_fraction?: number | null;
}

export interface IStorageReading extends IReading {
  fstype?: string | null;
  source?: string | null;
  mount_point?: string | null;
  remote?: boolean | null;
  writable?: boolean;
  latency_ms?: number | null;
}

export interface IBackupReading extends IReading {
  repo?: boolean;
  branch?: string | null;
  upstream?: string | null;
  ahead?: number;
  behind?: number;
  changed?: number;
  untracked?: number;
  last_commit_age_s?: number | null;
}

export interface IMemoryReading extends IReading {
  server_rss?: number | null;
  kernels?: IKernelMemory[];
  limit?: number | null;
  limit_source?: string | null;
  host_total?: number | null;
}

/** One kernel's memory, as the server read it from its process or the kernel reported it. */
export interface IKernelMemory {
  id: string;
  name: string;
  rss: number | null;
  /** When the kernel's process started, in seconds on the server's clock. */
  started?: number | null;
  /** Where `rss` comes from: the process the server sees, or the kernel's own report. */
  source?: 'process' | 'kernel' | null;
  /** The server can't see the kernel's process (another host, a gateway). */
  remote?: boolean;
  /** The host the kernel reported it runs on, and that host's memory (kernel source only). */
  host?: string | null;
  host_total?: number | null;
}

export interface IGpuReading extends IReading {
  available?: boolean;
  gpus?: { index: number; name: string; used: number; total: number }[];
}

export interface IEnvironmentReading extends IReading {
  manager?: string | null;
  file?: string | null;
  locked?: boolean;
  /** How the kernel's Python was installed, when the request named a kernel. */
  kernel?: { kind: string; prefix: string } | null;
}

/**
 * The batch job the server runs in (see jupyterlab_sane/health/job.py); null outside a job.
 * Times in seconds; `time_left_s` as of the reply, null when the scheduler could not say
 * (`error` says why) or the job has no limit (`unlimited`).
 */
export interface IJobReading extends IReading {
  scheduler?: 'slurm' | 'pbs' | 'lsf';
  id?: string;
  partition?: string | null;
  node?: string | null;
  time_limit_s?: number | null;
  time_left_s?: number | null;
  unlimited?: boolean;
  cpus?: number | null;
  mem_bytes?: number | null;
  gpus?: number | null;
  /** Where the times came from: squeue, scontrol, qstat, bjobs or the environment. */
  source?: string | null;
  /** The job's end on the server's clock, in seconds since the epoch. */
  ends_at?: number | null;
  clock_skew?: boolean;
  /**
   * CPUs each of the server's kernels kept busy on average over `window_s` seconds (the last
   * minutes), by kernel id; `cpus` null until the window is long enough to say.
   */
  kernel_cpu?: Record<string, { cpus: number | null; window_s: number }>;
  /**
   * The job's GPUs as `nvidia-smi` reads them: `idle_s`, how long each has read (about) no
   * utilisation, 0 while busy, null when the driver can't say. Null when the probe failed.
   */
  gpu_use?: {
    available: boolean;
    gpus: {
      index: number;
      utilization: number | null;
      idle_s: number | null;
    }[];
    error: string | null;
  } | null;
}

/** Why the server last saw a kernel die (see jupyterlab_sane/health/death_cause.py). */
export interface IKernelDeath {
  /** 'oom': killed for memory; 'signal': killed by another signal; 'exit': it exited. */
  reason: 'oom' | 'signal' | 'exit' | 'unknown';
  signal: number | null;
  signal_name: string | null;
  /** The exit code, for reason 'exit'. */
  code: number | null;
  /** For 'oom': the OOM killer counted a kill, or only the memory was at its limit. */
  evidence: 'oom_kill' | 'limit' | null;
  /** When the server found it dead, in seconds on the server's clock. */
  at: number;
}

export interface IHealthReply {
  version: string;
  /** The server's clock when it answered, in seconds since the epoch. */
  time?: number;
  /** The kernel the request named, as the server knows it; null when it runs no such kernel. */
  kernel?: {
    id: string;
    restarts: number;
    /** Its last death, kept across the automatic restart; null when it never died. */
    death?: IKernelDeath | null;
  } | null;
  path?: string;
  disk?: IDiskReading;
  storage?: IStorageReading;
  backup?: IBackupReading;
  memory?: IMemoryReading;
  gpu?: IGpuReading;
  environment?: IEnvironmentReading;
  /** The batch job the server runs in; null outside one (older servers: absent). */
  job?: IJobReading | null;
}

/** What the frontend knows of the active notebook's kernel and its work. */
export interface IKernelInfo {
  /** The kernel's id, or null when the notebook has none. */
  id: string | null;
  status: string;
  /**
   * When the kernel was started or last restarted (ms since epoch): as far as this page saw,
   * in a kernel watch's reading; with what the server knows, in the health model's.
   */
  since: number | null;
  /**
   * The server can't see the kernel's process, so it can't tell when it started (in the
   * health model's reading).
   */
  remote?: boolean;
  /** Restarts this page saw; with the server's count, in the health model's reading. */
  restarts: number;
  /** Cells that built the state the last restart lost, in the order they ran. */
  lostCells: { id: string; index: number }[];
  /** The notebook has changes not saved to disk. */
  unsaved: boolean;
  /** Where re-running the lost cells stopped, and why; null when it did not stop. */
  replayFailure: IReplayFailure | null;
  /** The code cell that was running when the kernel last restarted by itself, if known. */
  interrupted: { id: string; index: number } | null;
  /**
   * Why the kernel died, with what the server knows, in the health model's reading: until the
   * user acts on it (re-runs or dismisses). Null in a kernel watch's reading.
   */
  death: IKernelDeath | null;
}

/** The cell a re-run stopped at: the kernel's error, or an empty name when it did not run. */
export interface IReplayFailure {
  index: number;
  ename: string;
  evalue: string;
}

/* The checks' shapes: here, not in checks.ts, so that death.ts and job.ts import no circle. */

export type Level = 'ok' | 'warning' | 'critical';

/** An icon beside a check's part of the status item (the views pick a LabIcon for it). */
export type Mark = 'uptime' | 'clean';

/** One line of the popover: a reading, the threshold it is held to, and what to do. */
export interface ICheck {
  id: CheckId;
  label: string;
  value: string;
  threshold: string;
  level: Level;
  remedy: string;
  /** The few characters the status bar item shows for this check, or '' for none. */
  short: string;
  /** The icon beside `short`, if any; a level icon goes with every check not ok. */
  mark?: Mark;
}

export type Trans = Pick<TranslationBundle, '__' | '_n'>;

/** What the health model holds: data only (the server's reply, codes and numbers). */
export interface IReadings {
  reply: IHealthReply | null;
  kernel: IKernelInfo;
  settings: IHealthSettings;
  now: number;
}

/** The readings and the bundle that puts them into words, in the user's language. */
export interface ICheckInput extends IReadings {
  trans: Trans;
}
