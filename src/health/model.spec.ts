import { ServerConnection } from '@jupyterlab/services';
import { HealthModel, IHealthReply } from './model';

function modelWith(fetchHealth: () => Promise<IHealthReply>): HealthModel {
  return new HealthModel({
    settings: { enabled: true },
    frontendVersion: '1.2.3',
    fetchHealth
  });
}

function responseError(status: number): ServerConnection.ResponseError {
  return new ServerConnection.ResponseError(
    new Response('{}', { status, statusText: 'x' })
  );
}

describe('HealthModel.checkServer', () => {
  it('is checking until the server answers', () => {
    expect(modelWith(() => new Promise(() => undefined)).serverState).toBe(
      'checking'
    );
  });

  it('is ok when the versions agree', async () => {
    const model = modelWith(async () => ({ version: '1.2.3' }));
    const changed = jest.fn();
    model.stateChanged.connect(changed);
    await model.checkServer();
    expect(model.serverState).toBe('ok');
    expect(model.serverVersion).toBe('1.2.3');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('reports a version mismatch', async () => {
    const model = modelWith(async () => ({ version: '1.0.0' }));
    await model.checkServer();
    expect(model.serverState).toBe('mismatch');
    expect(model.serverVersion).toBe('1.0.0');
  });

  it('says the server part is missing on a 404', async () => {
    const model = modelWith(() => Promise.reject(responseError(404)));
    await model.checkServer();
    expect(model.serverState).toBe('missing');
    expect(model.serverVersion).toBeNull();
  });

  it('says the server is unreachable on any other failure', async () => {
    const model = modelWith(() => Promise.reject(responseError(500)));
    await model.checkServer();
    expect(model.serverState).toBe('unreachable');
  });

  it('does nothing once disposed', async () => {
    const model = modelWith(async () => ({ version: '1.2.3' }));
    model.dispose();
    await model.checkServer();
    expect(model.serverState).toBe('checking');
  });
});
