import { Notification } from '@jupyterlab/apputils';
import { evaluate, summary } from './checks';
import { gpuAdvice, jobCheck, jobClock } from './job';
import { jobMessages } from './jobMessages';
import { IJobLosses, JobNotifier } from './jobNotify';
import { HealthModel, IHealthReply } from './model';
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import {
  dataNames,
  lastDurations,
  notebookDataNames,
  slowestCells
} from './slowest';
import { IJobReading, IKernelInfo } from './types';
import { trans } from '../testing';

const GIB = 1024 ** 3;

const kernel: IKernelInfo = {
  id: 'k1',
  status: 'idle',
  since: 0,
  restarts: 0,
  lostCells: [],
  unsaved: false,
  replayFailure: null,
  interrupted: null,
  death: null
};

function job(over: Partial<IJobReading> = {}): IJobReading {
  return {
    status: 'ok',
    scheduler: 'slurm',
    id: '77012',
    partition: 'gpu',
    node: 'gpu-a100-07',
    time_limit_s: 2 * 3600,
    time_left_s: 3600,
    unlimited: false,
    cpus: 8,
    mem_bytes: 64 * GIB,
    gpus: 2,
    source: 'squeue',
    ...over
  };
}

const input = (j: IJobReading | null | undefined) => ({
  reply: { version: '1', job: j } as IHealthReply,
  kernel,
  settings: DEFAULT_HEALTH_SETTINGS,
  now: 0,
  trans
});

describe("the batch job's line", () => {
  it('is absent outside a job, and from an older server', () => {
    expect(jobCheck(input(null))).toBeNull();
    expect(jobCheck(input(undefined))).toBeNull();
    expect(evaluate(input(null)).map(c => c.id)).not.toContain('job');
  });

  it('says the job, where it runs, the time left and what it was given', () => {
    const check = jobCheck(input(job()))!;
    expect(check.value).toBe(
      'slurm job 77012 · gpu · gpu-a100-07 · 1h00m left of 2h00m · given 8 CPUs · 64 GiB · 2 GPUs'
    );
    expect(check.level).toBe('ok');
    // Far from the end: no clock in the status item.
    expect(check.short).toBe('');
    expect(check.threshold).toBe(
      'warn under 30 min left, critical under 10 min'
    );
  });

  it('warns, then is critical, as the end comes, with what to do', () => {
    const warning = jobCheck(input(job({ time_left_s: 25 * 60 })))!;
    expect(warning.level).toBe('warning');
    expect(warning.short).toBe('job ends in 25m');
    expect(warning.remedy).toContain('save the notebook, commit and push');
    expect(warning.remedy).toContain('$SLURM_TMPDIR');
    const critical = jobCheck(input(job({ time_left_s: 9 * 60 + 59 })))!;
    expect(critical.level).toBe('critical');
    expect(summary([critical])[0]).toEqual({
      id: 'job',
      text: 'job ends in 9m',
      level: 'critical',
      mark: undefined
    });
  });

  it('says plainly when there is no limit or the scheduler could not say', () => {
    const unlimited = jobCheck(
      input(job({ unlimited: true, time_left_s: null, time_limit_s: null }))
    )!;
    expect(unlimited.value).toContain('no time limit');
    expect(unlimited.level).toBe('ok');
    const unknown = jobCheck(
      input(job({ time_left_s: null, error: 'squeue did not answer in 5 s' }))
    )!;
    expect(unknown.value).toContain(
      'time left unknown: squeue did not answer in 5 s'
    );
    const hung = jobCheck(input({ status: 'unresponsive' }))!;
    expect(hung.level).toBe('warning');
    expect(hung.value).toContain('the scheduler did not answer in time');
  });

  it('never puts critical above the warning', () => {
    const settings = {
      jobWarningMinutes: 5,
      jobCriticalMinutes: 20
    };
    expect(jobClock(job({ time_left_s: 6 * 60 }), settings).level).toBe('ok');
    expect(jobClock(job({ time_left_s: 4 * 60 }), settings).level).toBe(
      'critical'
    );
  });
});

describe('what the job was given against what the kernel uses', () => {
  const used = (cpus: number | null, window_s = 300) => ({
    kernel_cpu: { k1: { cpus, window_s } }
  });

  it('advises when a computing kernel keeps a quarter of the CPUs busy at most', () => {
    const check = jobCheck(input(job(used(1.02))))!;
    expect(check.level).toBe('ok');
    expect(check.remedy).toBe(
      "The job has 8 CPUs, the kernel used 1.0 over the last 5m: set n_jobs, torch.set_num_threads or the DataLoader's num_workers to use them."
    );
  });

  it('says nothing of an idle kernel, a busy one, a short window or another kernel', () => {
    expect(jobCheck(input(job(used(0.1))))!.remedy).toBe('');
    expect(jobCheck(input(job(used(6.5))))!.remedy).toBe('');
    expect(jobCheck(input(job(used(1, 30))))!.remedy).toBe('');
    expect(jobCheck(input(job(used(null))))!.remedy).toBe('');
    expect(jobCheck(input(job({ cpus: 1, ...used(1) })))!.remedy).toBe('');
    const other = { kernel_cpu: { k2: { cpus: 1, window_s: 300 } } };
    expect(jobCheck(input(job(other)))!.remedy).toBe('');
  });
});

describe("the job's GPUs left idle", () => {
  const idle = (...seconds: (number | null)[]) => ({
    gpu_use: {
      available: true,
      gpus: seconds.map((idle_s, index) => ({
        index,
        utilization: idle_s === 0 ? 97 : 0,
        idle_s
      })),
      error: null
    }
  });

  it('advises when every GPU the job got has computed nothing for the setting', () => {
    const check = jobCheck(input(job(idle(25 * 60, 31 * 60))))!;
    expect(check.level).toBe('ok');
    expect(check.remedy).toBe(
      '2 GPUs allocated, idle for 25m: if the work no longer needs them, end the job or ask for fewer next time, so that others can use them.'
    );
  });

  it('names how many of them when only some are idle', () => {
    expect(
      gpuAdvice(job(idle(0, 40 * 60)), DEFAULT_HEALTH_SETTINGS, trans)
    ).toMatch(/^1 of the 2 GPUs allocated, idle for 40m:/);
  });

  it('says nothing under the setting, for unknown use, without nvidia-smi or without GPUs', () => {
    const settings = DEFAULT_HEALTH_SETTINGS;
    expect(gpuAdvice(job(idle(19 * 60, 19 * 60)), settings, trans)).toBe('');
    expect(gpuAdvice(job(idle(null, null)), settings, trans)).toBe('');
    expect(gpuAdvice(job({ gpu_use: null }), settings, trans)).toBe('');
    const missing = {
      gpu_use: { available: false, gpus: [], error: 'no nvidia-smi' }
    };
    expect(gpuAdvice(job(missing), settings, trans)).toBe('');
    expect(gpuAdvice(job({ gpus: 0, ...idle(3600) }), settings, trans)).toBe(
      ''
    );
    // The setting moves the line.
    expect(
      gpuAdvice(job(idle(6 * 60)), { jobGpuIdleMinutes: 5 }, trans)
    ).toMatch(/^1 GPU allocated, idle for 6m/);
  });
});

describe('the slowest cells to compute again', () => {
  const run = (cellId: string, start: number, end: number, success = true) => ({
    cellId,
    source: '',
    start,
    end,
    success
  });

  it("counts a run scheduled with others from the previous one's end", () => {
    // Run all at t=0: a waits for nothing, b for a.
    const durations = lastDurations([
      run('a', 0, 20_000),
      run('b', 0, 80_000),
      run('c', 0, 81_000)
    ]);
    expect(durations.get('a')).toBe(20);
    expect(durations.get('b')).toBe(60);
    expect(durations.get('c')).toBe(1);
  });

  it('names the data the slow cells bind, slowest first; a failed last run counts for none', () => {
    const flows = [
      { cell: { id: 'a' }, analysis: { binds: new Map([['df', 'data']]) } },
      {
        cell: { id: 'b' },
        analysis: {
          binds: new Map([
            ['model', 'data'],
            ['torch', 'import']
          ])
        }
      },
      { cell: { id: 'c' }, analysis: { binds: new Map([['x', 'data']]) } }
    ];
    const slow = slowestCells(
      [
        run('a', 0, 20_000),
        run('b', 20_000, 80_000),
        run('c', 80_000, 200_000),
        run('c', 200_000, 201_000, false)
      ],
      id => dataNames(flows, id)
    );
    expect(slow).toEqual([
      { cellId: 'b', seconds: 60, names: ['model'] },
      { cellId: 'a', seconds: 20, names: ['df'] }
    ]);
  });
});

describe('the notification before the end', () => {
  const models: HealthModel[] = [];
  afterEach(() => {
    models.splice(0).forEach(m => m.dispose());
    jest.restoreAllMocks();
  });
  /** The notifier awaits the kernel's sizes before it tells. */
  const settle = () => new Promise(resolve => setTimeout(resolve, 0));
  const losses = (over: Partial<IJobLosses> = {}): IJobLosses => ({
    slowest: () => [],
    largest: async () => [],
    wiped: () => [],
    ...over
  });

  it('comes once at each threshold, with the slowest results named', async () => {
    const warning = jest.spyOn(Notification, 'warning').mockReturnValue('w');
    const error = jest.spyOn(Notification, 'error').mockReturnValue('e');
    const replies: IHealthReply[] = [{ version: '1', job: job() }];
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: '1',
      fetchHealth: async () => replies[0]
    });
    models.push(model);
    const notifier = new JobNotifier(
      model,
      trans,
      losses({
        slowest: () => [
          { cellId: 'b', seconds: 754, names: ['model', 'history'] }
        ]
      })
    );
    await model.refresh();
    await settle();
    expect(warning).not.toHaveBeenCalled();

    replies[0] = { version: '1', job: job({ time_left_s: 29 * 60 }) };
    await model.refresh();
    await model.refresh();
    await settle();
    expect(warning).toHaveBeenCalledTimes(1);
    expect(warning.mock.calls[0][0]).toBe(
      'Job 77012 ends in 29m: save the notebook, commit, write out model, history (12m). $SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.'
    );

    replies[0] = { version: '1', job: job({ time_left_s: 5 * 60 }) };
    await model.refresh();
    await model.refresh();
    await settle();
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toContain('Job 77012 ends in 5m:');
    expect(warning).toHaveBeenCalledTimes(1);

    notifier.dispose();
    // Many names are cut so that the message fits the 140 characters JupyterLab shows.
    const long = new JobNotifier(
      model,
      trans,
      losses({
        slowest: () => [
          {
            cellId: 'a',
            seconds: 3600,
            names: ['x'.repeat(30), 'y'.repeat(30)]
          }
        ]
      })
    );
    replies[0] = { version: '1', job: job({ id: 'long', time_left_s: 60 }) };
    await model.refresh();
    await settle();
    const message = error.mock.calls[1][0];
    expect(message).toMatch(/write out x{20,}…\. \$SLURM_TMPDIR/);
    expect(message.length).toBe(140);
    long.dispose();
    replies[0] = { version: '1', job: job({ id: 'other', time_left_s: 60 }) };
    await model.refresh();
    await settle();
    expect(error).toHaveBeenCalledTimes(2);
  });

  it("names the kernel's largest values and the data files on the node's scratch", async () => {
    const warning = jest.spyOn(Notification, 'warning').mockReturnValue('w');
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: '1',
      fetchHealth: async () => ({
        version: '1',
        job: job({ time_left_s: 20 * 60 })
      })
    });
    models.push(model);
    let asked = 0;
    const notifier = new JobNotifier(
      model,
      trans,
      losses({
        slowest: () => [{ cellId: 'b', seconds: 754, names: ['model'] }],
        largest: async () => {
          asked++;
          return [
            { name: 'model', bytes: 2 * GIB },
            { name: 'features', bytes: 3.5 * GIB }
          ];
        },
        wiped: () => ['$SLURM_TMPDIR/cache.npy', 'out/']
      })
    );
    await model.refresh();
    await settle();
    expect(asked).toBe(1);
    expect(warning.mock.calls.map(call => call[0])).toEqual([
      'Job 77012 ends in 20m: save the notebook, commit, write out model (12m); features (3.5 GiB).',
      "Wiped at job 77012's end, on the node's $SLURM_TMPDIR/$TMPDIR: $SLURM_TMPDIR/cache.npy, out/. Copy what you need to shared storage."
    ]);
    notifier.dispose();
  });

  it('tells without the sizes when the kernel does not say them', async () => {
    const warning = jest.spyOn(Notification, 'warning').mockReturnValue('w');
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: '1',
      fetchHealth: async () => ({
        version: '1',
        job: job({ time_left_s: 20 * 60 })
      })
    });
    models.push(model);
    const notifier = new JobNotifier(
      model,
      trans,
      losses({ largest: () => Promise.reject(new Error('kernel gone')) })
    );
    await model.refresh();
    await settle();
    expect(warning.mock.calls[0][0]).toBe(
      'Job 77012 ends in 20m: save the notebook and commit. $SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.'
    );
    notifier.dispose();
  });
});

describe('the words of the notification', () => {
  const base = { id: '9', left: 600, slowest: [], largest: [], wiped: [] };

  it('names the largest values only, when nothing was slow', () => {
    expect(
      jobMessages(
        { ...base, largest: [{ name: 'df', bytes: 5 * 1024 ** 2 }] },
        trans
      )
    ).toEqual([
      'Job 9 ends in 10m: save the notebook, commit, write out df (5.0 MiB). $SLURM_TMPDIR/$TMPDIR on the node is wiped at the end.'
    ]);
  });

  it('keeps each message within the 140 characters JupyterLab shows', () => {
    const messages = jobMessages(
      {
        ...base,
        largest: [{ name: 'z'.repeat(200), bytes: GIB }],
        wiped: Array.from({ length: 20 }, (_, i) => `$TMPDIR/part-${i}.parquet`)
      },
      trans
    );
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/write out z+…\.$/);
    expect(messages[1]).toMatch(
      /^Wiped at job 9's end, on the node's \$SLURM_TMPDIR\/\$TMPDIR: \$TMPDIR\/part-0\.parquet, .*…\. Copy what you need to shared storage\.$/
    );
    messages.forEach(m => expect(m.length).toBe(140));
  });
});

describe('the data names of a notebook', () => {
  it('are every data name its cells bind, once each', () => {
    const flows = [
      {
        cell: { id: 'a' },
        analysis: {
          binds: new Map([
            ['df', 'data'],
            ['np', 'import']
          ])
        }
      },
      {
        cell: { id: null },
        analysis: {
          binds: new Map([
            ['df', 'data'],
            ['f', 'function'],
            ['model', 'data']
          ])
        }
      }
    ];
    expect(notebookDataNames(flows)).toEqual(['df', 'model']);
  });
});
