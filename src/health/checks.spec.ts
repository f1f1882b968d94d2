import { evaluate, ICheckInput, summary, worst } from './checks';
import { formatBytes, formatDuration } from './format';
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import { IHealthReply, IKernelInfo } from './types';
import { trans } from '../testing';

const NOW = 1_000_000_000;
const GB = 1e9;

const kernel: IKernelInfo = {
  id: 'k1',
  status: 'idle',
  since: NOW - (2 * 3600 + 13 * 60) * 1000,
  restarts: 0,
  lostCells: [],
  unsaved: false,
  replayFailure: null,
  interrupted: null,
  death: null
};

const reply: IHealthReply = {
  version: '0.1.0',
  disk: { status: 'ok', free: 42 * GB, total: 100 * GB, used_fraction: 0.58 },
  storage: {
    status: 'ok',
    fstype: 'nfs4',
    source: 'server:/export',
    mount_point: '/home',
    remote: true,
    writable: true,
    latency_ms: 12
  },
  backup: {
    status: 'ok',
    repo: true,
    branch: 'main',
    upstream: 'origin/main',
    ahead: 0,
    behind: 0,
    changed: 2,
    untracked: 1,
    last_commit_age_s: 600
  },
  memory: {
    status: 'ok',
    server_rss: 0.2 * GB,
    kernels: [{ id: 'k1', name: 'python3', rss: 3.1 * GB }],
    limit: 16 * GB,
    limit_source: 'cgroup v2',
    host_total: 64 * GB
  },
  gpu: { status: 'ok', available: false, gpus: [] },
  environment: {
    status: 'ok',
    manager: 'uv',
    file: 'uv.lock',
    locked: true
  }
};

function input(overrides: Partial<ICheckInput> = {}): ICheckInput {
  return {
    reply,
    kernel,
    settings: DEFAULT_HEALTH_SETTINGS,
    now: NOW,
    trans,
    ...overrides
  };
}

const byId = (i: ICheckInput) =>
  Object.fromEntries(evaluate(i).map(c => [c.id, c]));

describe('health checks', () => {
  it('make the compact status text', () => {
    const parts = summary(evaluate(input()));
    expect(parts.map(p => p.text).join(' · ')).toBe(
      '2h13m · 2.9 GiB · 39 GiB free · nfs4 · git +3'
    );
    // The icons are the views' (LabIcons): the parts say which, and each part's level.
    expect(parts.map(p => p.mark ?? p.level)).toEqual([
      'uptime',
      'ok',
      'ok',
      'warning',
      'ok'
    ]);
    expect(parts.map(p => p.text).join('')).toMatch(/^[\x20-\x7e]*$/);
  });

  it('warn on network storage and hold each value to its threshold', () => {
    const checks = byId(input());
    expect(checks.storage.level).toBe('warning');
    expect(checks.storage.value).toBe('nfs4, remote at /home · write 12.0 ms');
    expect(checks.disk.level).toBe('ok');
    expect(checks.memory.level).toBe('ok');
    expect(checks.memory.value).toBe(
      '3.1 GiB of 15 GiB (21%) · this kernel 2.9 GiB'
    );
    expect(checks.backup.level).toBe('ok');
    expect(checks.gpu).toBeUndefined();
    expect(worst(evaluate(input()).map(c => c.level))).toBe('warning');
  });

  it('grade disk space: warning below the threshold, critical below half of it', () => {
    const at = (free: number) =>
      byId(
        input({
          reply: { ...reply, disk: { status: 'ok', free, total: 100 * GB } }
        })
      ).disk.level;
    expect(at(20 * GB)).toBe('ok');
    expect(at(8 * GB)).toBe('warning');
    expect(at(4 * GB)).toBe('critical');
    const strict = { ...DEFAULT_HEALTH_SETTINGS, freeDiskPercent: 30 };
    expect(
      byId(
        input({
          settings: strict,
          reply: {
            ...reply,
            disk: { status: 'ok', free: 20 * GB, total: 100 * GB }
          }
        })
      ).disk.level
    ).toBe('warning');
  });

  it('grade latency and memory', () => {
    const local = { ...reply.storage!, fstype: 'ext4', remote: false };
    const storage = (latency_ms: number) =>
      byId(input({ reply: { ...reply, storage: { ...local, latency_ms } } }))
        .storage.level;
    expect(storage(10)).toBe('ok');
    expect(storage(60)).toBe('warning');
    expect(storage(250)).toBe('critical');
    const memory = (rss: number) =>
      byId(
        input({
          reply: {
            ...reply,
            memory: {
              ...reply.memory!,
              server_rss: 0,
              kernels: [{ id: 'k1', name: 'p', rss }]
            }
          }
        })
      ).memory.level;
    expect(memory(12 * GB)).toBe('ok');
    expect(memory(13 * GB)).toBe('warning');
    expect(memory(15.5 * GB)).toBe('critical');
  });

  it('warn on unsaved, stale and unpushed work, and outside git unless switched off', () => {
    const backup = (b: object, settings = DEFAULT_HEALTH_SETTINGS) =>
      byId(
        input({
          settings,
          reply: { ...reply, backup: { ...reply.backup!, ...b } }
        })
      ).backup;
    expect(backup({ last_commit_age_s: 30 * 3600 }).level).toBe('warning');
    expect(backup({ ahead: 2 }).level).toBe('warning');
    // No upstream: said, with the reason, and a warning only when a setting asks for one.
    const alone = backup({ upstream: null, changed: 0, untracked: 0 });
    expect(alone.level).toBe('ok');
    expect(alone.threshold).toBe('no upstream: commits are only on this disk');
    expect(alone.threshold).not.toContain('warn when');
    const asked = { ...DEFAULT_HEALTH_SETTINGS, warnNoUpstream: true };
    expect(backup({ upstream: null }, asked).level).toBe('warning');
    expect(backup({ ahead: 2 }).threshold).toBe(
      '2 commits not pushed: they are only on this disk'
    );
    expect(backup({}).value).toBe(
      'main · 2 changed, 1 untracked · 0 ahead, 0 behind origin/main'
    );
    expect(
      byId(input({ kernel: { ...kernel, unsaved: true } })).backup.value
    ).toMatch(/^unsaved changes/);
    expect(backup({ repo: false }).level).toBe('warning');
    expect(backup({ repo: false }).short).toBe('no git');
    const quiet = { ...DEFAULT_HEALTH_SETTINGS, warnNotGit: false };
    expect(backup({ repo: false }, quiet).level).toBe('ok');
    expect(backup({ repo: false }, quiet).short).toBe('');
  });

  it('say what a restart lost, and a dead kernel is critical', () => {
    const lost = byId(
      input({
        kernel: {
          ...kernel,
          restarts: 1,
          lostCells: [
            { id: 'a', index: 0 },
            { id: 'b', index: 2 }
          ]
        }
      })
    ).kernel;
    expect(lost.level).toBe('warning');
    expect(lost.remedy).toBe('2 cells built the state you lost: re-run them.');
    expect(lost.value).toMatch(/ · 1 restart$/);
    const one = byId(
      input({
        kernel: { ...kernel, restarts: 2, lostCells: [{ id: 'a', index: 0 }] }
      })
    ).kernel;
    expect(one.remedy).toBe('1 cell built the state you lost: re-run it.');
    expect(one.value).toMatch(/ · 2 restarts$/);
    expect(
      byId(input({ kernel: { ...kernel, status: 'dead' } })).kernel.level
    ).toBe('critical');
    // Reconnecting after an automatic restart is not death.
    const unclear = byId(
      input({ kernel: { ...kernel, status: 'unknown', restarts: 1 } })
    );
    expect(unclear.kernel.level).toBe('warning');
    expect(unclear.kernel.remedy).not.toContain('dead');
  });

  it('say where re-running the lost cells stopped, and why', () => {
    const stopped = byId(
      input({
        kernel: {
          ...kernel,
          lostCells: [{ id: 'b', index: 1 }],
          replayFailure: {
            index: 1,
            ename: 'NameError',
            evalue: "name 'x' is not defined"
          }
        }
      })
    ).kernel;
    expect(stopped.level).toBe('warning');
    expect(stopped.remedy).toBe(
      "Re-running stopped at cell [2]: NameError: name 'x' is not defined"
    );
  });

  it('report an unresponsive probe as critical, and leave out switched-off checks', () => {
    const checks = byId(
      input({
        reply: { ...reply, storage: { status: 'unresponsive' } },
        settings: {
          ...DEFAULT_HEALTH_SETTINGS,
          checks: { ...DEFAULT_HEALTH_SETTINGS.checks, disk: false }
        }
      })
    );
    expect(checks.storage.level).toBe('critical');
    expect(checks.storage.value).toBe('unresponsive');
    expect(checks.disk).toBeUndefined();
  });

  it('name how the kernel was installed beside the lock file', () => {
    const env = byId(
      input({
        reply: {
          ...reply,
          environment: {
            ...reply.environment!,
            kernel: { kind: 'uv', prefix: '/p/.venv' }
          }
        }
      })
    ).environment;
    expect(env.value).toBe('kernel Python from uv · uv, locked by uv.lock');
    expect(env.level).toBe('ok');
  });

  it('show GPUs when there are some', () => {
    const gpu = byId(
      input({
        reply: {
          ...reply,
          gpu: {
            status: 'ok',
            available: true,
            gpus: [{ index: 0, name: 'A100', used: 36 * GB, total: 40 * GB }]
          }
        }
      })
    ).gpu;
    expect(gpu.value).toBe('0: 34 GiB / 37 GiB');
    expect(gpu.level).toBe('warning');
  });
});

describe('a remote kernel', () => {
  const GIB = 2 ** 30;
  const remote = (rss: number | null): IHealthReply => ({
    ...reply,
    memory: {
      ...reply.memory!,
      kernels: [
        {
          id: 'k1',
          name: 'python3',
          rss,
          started: null,
          source: rss === null ? null : 'kernel',
          remote: true,
          host: 'node-7',
          host_total: rss === null ? null : 8 * GIB
        },
        { id: 'k2', name: 'python3', rss: GIB, source: 'process' }
      ]
    }
  });

  it('shows the memory the kernel reports, apart from this host', () => {
    const memory = byId(input({ reply: remote(3 * GIB) })).memory;
    // This host: the server and the local kernel k2, not the remote kernel.
    expect(memory.value).toBe(
      `${formatBytes(0.2 * GB + GIB, 'iec')} of 15 GiB (8%) · this kernel 3.0 GiB (remote kernel)`
    );
    expect(memory.short).toBe('3.0 GiB');
    expect(memory.threshold).toBe(
      "warn at 80% of cgroup v2; the remote kernel at 80% of its host's 8.0 GiB"
    );
    expect(memory.level).toBe('ok');
  });

  it("warns when the kernel fills its own host's memory", () => {
    const memory = byId(input({ reply: remote(7 * GIB) })).memory;
    expect(memory.level).toBe('warning');
    expect(memory.remedy).not.toBe('');
  });

  it('says remote kernel for what cannot be known', () => {
    const checks = byId(
      input({
        reply: remote(null),
        kernel: { ...kernel, since: null, remote: true }
      })
    );
    expect(checks.memory.value).toContain(
      'this kernel remote kernel, memory unknown'
    );
    expect(checks.memory.short).toBe('');
    expect(checks.kernel.value).toBe(
      'idle · remote kernel, start unknown · 0 restarts'
    );
    expect(checks.kernel.short).toBe('remote kernel');
    const noLimit = remote(null);
    noLimit.memory = { ...noLimit.memory!, limit: null, host_total: null };
    expect(byId(input({ reply: noLimit })).memory.value).toBe(
      `${formatBytes(0.2 * GB + GIB, 'iec')} · this kernel remote kernel, memory unknown`
    );
  });
});

describe('format', () => {
  it('bytes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    // One unit system, as df -h and free -h count: powers of 1024.
    expect(formatBytes(3.14e9)).toBe('2.9 GiB');
    expect(formatBytes(270.6e9)).toBe('252 GiB');
    expect(formatBytes(42e9, 'si')).toBe('42 GB');
    expect(formatBytes(8 * 2 ** 30, 'iec')).toBe('8.0 GiB');
    expect(formatBytes(512 * 2 ** 20, 'iec')).toBe('512 MiB');
    expect(formatBytes(2500, 'si')).toBe('2.5 kB');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(12 * 60_000)).toBe('12m');
    expect(formatDuration((2 * 3600 + 13 * 60) * 1000)).toBe('2h13m');
    expect(formatDuration(76 * 3600_000)).toBe('3d4h');
  });
});
