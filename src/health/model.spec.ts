import { ServerConnection } from '@jupyterlab/services';
import { evaluate } from './checks';
import { HealthModel, IHealthReply } from './model';
import { DEFAULT_HEALTH_SETTINGS } from './settings';
import { trans } from '../testing';

const models: HealthModel[] = [];

function modelWith(
  fetchHealth: (path: string) => Promise<IHealthReply>,
  now?: () => number
): HealthModel {
  const model = new HealthModel({
    settings: DEFAULT_HEALTH_SETTINGS,
    frontendVersion: '1.2.3',
    fetchHealth,
    now
  });
  models.push(model);
  return model;
}

afterEach(() => models.splice(0).forEach(m => m.dispose()));

function responseError(status: number): ServerConnection.ResponseError {
  return new ServerConnection.ResponseError(
    new Response('{}', { status, statusText: 'x' })
  );
}

describe('HealthModel', () => {
  it('is checking until the server answers', () => {
    expect(modelWith(() => new Promise(() => undefined)).serverState).toBe(
      'checking'
    );
  });

  it('is ok when the versions agree, and asks for the notebook directory', async () => {
    const asked: string[] = [];
    const model = modelWith(async path => {
      asked.push(path);
      return { version: '1.2.3' };
    });
    model.directory = 'work/nb';
    await model.refresh();
    expect(model.serverState).toBe('ok');
    expect(model.serverVersion).toBe('1.2.3');
    expect(asked).toContain('work/nb');
  });

  it('reports a version mismatch', async () => {
    const model = modelWith(async () => ({ version: '1.0.0' }));
    await model.refresh();
    expect(model.serverState).toBe('mismatch');
    expect(model.serverVersion).toBe('1.0.0');
  });

  it('says the server part is missing on a 404, and rejects so the poll backs off', async () => {
    const model = modelWith(() => Promise.reject(responseError(404)));
    await expect(model.refresh()).rejects.toBeInstanceOf(
      ServerConnection.ResponseError
    );
    expect(model.serverState).toBe('missing');
    expect(model.serverVersion).toBeNull();
  });

  it('says the server is unreachable on any other failure', async () => {
    const model = modelWith(() => Promise.reject(responseError(500)));
    await expect(model.refresh()).rejects.toBeDefined();
    expect(model.serverState).toBe('unreachable');
  });

  it('asks nothing while switched off', async () => {
    const fetch = jest.fn(async () => ({ version: '1.2.3' }));
    const model = modelWith(fetch);
    model.settings = { ...DEFAULT_HEALTH_SETTINGS, enabled: false };
    fetch.mockClear();
    await model.refresh();
    expect(fetch).not.toHaveBeenCalled();
  });

  describe('kernel', () => {
    const busy = {
      id: 'k1',
      status: 'busy' as const,
      since: 1000,
      restarts: 0,
      lostCells: [],
      unsaved: false,
      replayFailure: null,
      interrupted: null,
      death: null
    };

    function counting(model: HealthModel) {
      const counts = { state: 0, activity: 0 };
      model.stateChanged.connect(() => counts.state++);
      model.activityChanged.connect(() => counts.activity++);
      return counts;
    }

    it('keeps busy/idle flips from the item, and still reads them fresh', () => {
      const model = modelWith(() => new Promise(() => undefined));
      model.kernel = busy;
      const counts = counting(model);
      model.kernel = { ...busy, status: 'idle' };
      model.kernel = { ...busy, status: 'busy' };
      model.kernel = { ...busy, status: 'idle' };
      model.kernel = { ...busy, status: 'idle' }; // the same again: nothing to tell
      expect(counts).toEqual({ state: 0, activity: 3 });
      expect(model.kernel.status).toBe('idle');
      expect(
        evaluate({ ...model.readings, trans }).find(c => c.id === 'kernel')
          ?.value
      ).toMatch(/^idle/);
    });

    it('tells the item of anything else: death, a restart, lost cells, unsaved work', () => {
      const model = modelWith(() => new Promise(() => undefined));
      model.kernel = busy;
      const counts = counting(model);
      model.kernel = { ...busy, status: 'dead' };
      model.kernel = { ...busy, status: 'idle', restarts: 1, since: 2000 };
      model.kernel = {
        ...busy,
        status: 'busy',
        restarts: 1,
        since: 2000,
        lostCells: [{ id: 'c', index: 2 }]
      };
      model.kernel = {
        ...busy,
        status: 'idle',
        restarts: 1,
        since: 2000,
        lostCells: [{ id: 'c', index: 2 }],
        unsaved: true,
        replayFailure: null,
        interrupted: null,
        death: null
      };
      model.kernel = null;
      expect(counts).toEqual({ state: 5, activity: 0 });
    });

    describe('start, with what the server knows', () => {
      // The page's clock is 5 s ahead of the server's; the server answers at its 1,000 s.
      const pageNow = 1_005_000;
      const reply = (started: number | null): IHealthReply => ({
        version: '1.2.3',
        time: 1000,
        memory: {
          status: 'ok',
          kernels: [{ id: 'k1', name: 'python3', rss: null, started }]
        }
      });

      async function modelAnswering(started: number | null) {
        const model = modelWith(
          async () => reply(started),
          () => pageNow
        );
        await model.refresh();
        return model;
      }

      it('is the process start, on the page clock, for a kernel started before the page', async () => {
        const model = await modelAnswering(400);
        model.kernel = { ...busy, since: pageNow - 2000 }; // first seen 2 s ago
        expect(model.kernelStarted('k1')).toBe(405_000);
        expect(model.kernel.since).toBe(405_000);
        expect(
          evaluate({ ...model.readings, trans }).find(c => c.id === 'kernel')
            ?.short
        ).toBe('10m');
      });

      it('is a restart this page saw when the server still reads the old process', async () => {
        const model = await modelAnswering(400);
        model.kernel = { ...busy, since: pageNow - 2000, restarts: 1 };
        expect(model.kernel.since).toBe(pageNow - 2000);
      });

      it('counts the restarts the server saw, or those this page saw when more', async () => {
        const model = modelWith(
          async () => ({ ...reply(400), kernel: { id: 'k1', restarts: 3 } }),
          () => pageNow
        );
        await model.refresh();
        model.kernel = busy;
        expect(model.kernel.restarts).toBe(3);
        model.kernel = { ...busy, restarts: 4, since: pageNow };
        expect(model.kernel.restarts).toBe(4);
        model.kernel = { ...busy, id: 'k2' };
        expect(model.kernel.restarts).toBe(0);
      });

      it('is what the page saw when the server does not know the kernel', async () => {
        const model = await modelAnswering(null);
        model.kernel = { ...busy, since: pageNow - 2000 };
        expect(model.kernelStarted('k1')).toBeNull();
        expect(model.kernelStarted('other')).toBeNull();
        expect(model.kernel.since).toBe(pageNow - 2000);
      });

      it('is unknown for a remote kernel, unless this page saw it restart', async () => {
        const model = modelWith(
          async () => ({
            version: '1.2.3',
            time: 1000,
            memory: {
              status: 'ok',
              kernels: [
                {
                  id: 'k1',
                  name: 'python3',
                  rss: 2 ** 30,
                  started: null,
                  source: 'kernel',
                  remote: true
                }
              ]
            }
          }),
          () => pageNow
        );
        await model.refresh();
        model.kernel = { ...busy, since: pageNow - 2000 }; // first seen, not started
        expect(model.kernel.since).toBeNull();
        expect(model.kernel.remote).toBe(true);
        const kernelPart = () =>
          evaluate({ ...model.readings, trans }).find(c => c.id === 'kernel');
        expect(kernelPart()?.short).toBe('remote kernel');
        model.kernel = { ...busy, since: pageNow - 2000, restarts: 1 };
        expect(model.kernel.since).toBe(pageNow - 2000);
        expect(kernelPart()?.short).toBe('2s');
      });
    });
  });
});
