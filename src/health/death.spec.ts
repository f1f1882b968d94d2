import { evaluate, kernelCheck } from './checks';
import { deathKey, describeDeath } from './death';
import { HealthModel, IHealthReply } from './model';
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import { IKernelDeath, IKernelInfo } from './types';
import { trans } from '../testing';

const GIB = 1024 ** 3;

function death(over: Partial<IKernelDeath>): IKernelDeath {
  return {
    reason: 'oom',
    signal: 9,
    signal_name: 'SIGKILL',
    code: null,
    evidence: 'oom_kill',
    at: 1000,
    ...over
  };
}

const kernel: IKernelInfo = {
  id: 'k1',
  status: 'idle',
  since: 1_000_000,
  restarts: 1,
  lostCells: [],
  unsaved: false,
  replayFailure: null,
  interrupted: null,
  death: null
};

describe('a kernel death in words', () => {
  it('out of memory is critical, names the limit and says what to change', () => {
    const words = describeDeath(death({}), 2 * GIB, trans);
    expect(words.level).toBe('critical');
    expect(words.short).toBe('killed: out of memory');
    expect(words.cause).toBe(
      'The kernel was killed for lack of memory (the limit is 2.0 GiB): the out-of-memory killer stopped it.'
    );
    expect(words.advice).toMatch(/smaller batches/);
    expect(words.advice).toMatch(/`del`/);
    expect(words.advice).toMatch(/larger memory limit/);
    expect(words.advice).toMatch(/re-run what the cell needs/);
  });

  it('out of memory from the last reading only says it is likely', () => {
    const words = describeDeath(death({ evidence: 'limit' }), null, trans);
    expect(words.level).toBe('critical');
    expect(words.cause).toMatch(/with memory at its limit: most likely/);
  });

  it('another signal is a warning that names it', () => {
    const words = describeDeath(
      death({
        reason: 'signal',
        signal: 15,
        signal_name: 'SIGTERM',
        evidence: null
      }),
      null,
      trans
    );
    expect(words.level).toBe('warning');
    expect(words.short).toBe('killed by SIGTERM');
    expect(words.cause).toMatch(/killed by SIGTERM \(signal 15\)/);
    expect(words.message).toBe(
      'Kernel killed by SIGTERM; its variables are lost.'
    );
  });

  it('an exit tells its code', () => {
    const exit = (code: number) =>
      describeDeath(
        death({
          reason: 'exit',
          signal: null,
          signal_name: null,
          code,
          evidence: null
        }),
        null,
        trans
      );
    expect(exit(3).short).toBe('exited (3)');
    expect(exit(3).cause).toMatch(/exited with code 3/);
    expect(exit(0).cause).toMatch(/exited by itself \(code 0\)/);
  });

  it('fits every notification into the 140 characters JupyterLab shows', () => {
    const all: IKernelDeath[] = [
      death({}),
      death({ evidence: 'limit' }),
      death({ reason: 'signal', signal: 15, signal_name: 'SIGTERM' }),
      death({ reason: 'exit', code: 137 }),
      death({ reason: 'unknown' })
    ];
    for (const d of all) {
      expect(
        describeDeath(d, 64 * GIB, trans).message.length
      ).toBeLessThanOrEqual(140);
    }
  });
});

describe('the kernel check after a death', () => {
  const reply: IHealthReply = {
    version: '1',
    memory: { status: 'ok', kernels: [], limit: 2 * GIB, server_rss: 1 }
  };

  it('is critical for memory and shows why in the status bar', () => {
    const input = {
      reply,
      kernel: { ...kernel, death: death({}) },
      settings: DEFAULT_HEALTH_SETTINGS,
      now: 2_000_000,
      trans
    };
    const check = kernelCheck(input);
    expect(check.level).toBe('critical');
    expect(check.short).toBe('killed: out of memory');
    expect(check.remedy).toMatch(
      /^The kernel was killed for lack of memory \(the limit is 2\.0 GiB\)/
    );
  });

  it('is as before once the death is no longer news', () => {
    const input = {
      reply,
      kernel,
      settings: DEFAULT_HEALTH_SETTINGS,
      now: 2_000_000,
      trans
    };
    const check = evaluate(input).find(c => c.id === 'kernel')!;
    expect(check.level).toBe('ok');
    expect(check.short).toBe('16m');
  });
});

describe('the health model and a death', () => {
  const models: HealthModel[] = [];
  afterEach(() => models.splice(0).forEach(m => m.dispose()));

  function modelAnswering(replies: IHealthReply[]): HealthModel {
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: '1',
      fetchHealth: async () => replies[0]
    });
    models.push(model);
    return model;
  }

  const withDeath = (d: IKernelDeath | null, id = 'k1'): IHealthReply => ({
    version: '1',
    kernel: { id, restarts: 1, death: d }
  });

  it('holds the death of the active kernel until the user acts on it', async () => {
    const replies = [withDeath(death({}))];
    const model = modelAnswering(replies);
    model.kernel = kernel;
    await model.refresh();
    expect(model.kernel.death?.reason).toBe('oom');

    let changes = 0;
    model.stateChanged.connect(() => changes++);
    model.acknowledgeDeath();
    expect(model.kernel.death).toBeNull();
    expect(changes).toBe(1);

    // The same kernel dies again: that is news.
    replies[0] = withDeath(death({ at: 2000, reason: 'exit', code: 1 }));
    await model.refresh();
    expect(model.kernel.death?.code).toBe(1);
    model.acknowledgeDeath(deathKey('k1', replies[0].kernel!.death!));
    expect(model.kernel.death).toBeNull();
  });

  it("never shows another kernel's death", async () => {
    const model = modelAnswering([withDeath(death({}), 'other')]);
    model.kernel = kernel;
    await model.refresh();
    expect(model.kernel.death).toBeNull();
  });
});
