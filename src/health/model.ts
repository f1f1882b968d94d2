import { ServerConnection } from '@jupyterlab/services';
import { FeatureModel } from '../common/featureModel.js';
import { IHealthSettings } from './settings.js';

/** What the frontend knows of the server part. */
export type ServerPartState =
  'checking' | 'ok' | 'missing' | 'mismatch' | 'unreachable';

/** The body of `GET /jupyterlab-sane/health`. */
export interface IHealthReply {
  version: string;
}

export namespace HealthModel {
  export interface IOptions {
    settings: IHealthSettings;
    frontendVersion: string;
    /** Fetches the health endpoint; injected so the model is testable without a server. */
    fetchHealth: () => Promise<IHealthReply>;
  }
}

/** State of the health status item. */
export class HealthModel extends FeatureModel<IHealthSettings> {
  constructor(options: HealthModel.IOptions) {
    super(options.settings);
    this.frontendVersion = options.frontendVersion;
    this._fetchHealth = options.fetchHealth;
  }

  readonly frontendVersion: string;

  get serverState(): ServerPartState {
    return this._serverState;
  }

  /** The server part's version, or null when it did not answer. */
  get serverVersion(): string | null {
    return this._serverVersion;
  }

  /** Asks the server part for its version. Never rejects: failures become a state. */
  async checkServer(): Promise<void> {
    let state: ServerPartState;
    let version: string | null = null;
    try {
      const reply = await this._fetchHealth();
      version = typeof reply.version === 'string' ? reply.version : null;
      state = version === this.frontendVersion ? 'ok' : 'mismatch';
    } catch (error) {
      state = Private.classify(error);
    }
    if (this.isDisposed) {
      return;
    }
    this._serverState = state;
    this._serverVersion = version;
    this.stateChanged.emit(void 0);
  }

  private _fetchHealth: () => Promise<IHealthReply>;
  private _serverState: ServerPartState = 'checking';
  private _serverVersion: string | null = null;
}

namespace Private {
  export function classify(error: unknown): ServerPartState {
    // A server without our extension has no such route: jupyter_server answers 404.
    if (
      error instanceof ServerConnection.ResponseError &&
      error.response.status === 404
    ) {
      return 'missing';
    }
    return 'unreachable';
  }
}
