import { ServerConnection } from '@jupyterlab/services';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';
import { FeatureModel } from '../common/featureModel.js';
import { IReadings } from './checks.js';
import { deathKey } from './death.js';
import { kernelStart } from './kernelStart.js';
import { IHealthSettings } from './settings.js';
import { IHealthReply, IKernelInfo, IKernelMemory } from './types.js';

/** What the frontend knows of the server part. */
export type ServerPartState =
  'checking' | 'ok' | 'missing' | 'mismatch' | 'unreachable';

export type { IHealthReply } from './types.js';

const NO_KERNEL: IKernelInfo = {
  id: null,
  status: 'unknown',
  since: null,
  restarts: 0,
  lostCells: [],
  unsaved: false,
  replayFailure: null,
  interrupted: null,
  death: null
};

export namespace HealthModel {
  export interface IOptions {
    settings: IHealthSettings;
    frontendVersion: string;
    /** Fetches the health endpoint for a directory; injected so the model is testable. */
    fetchHealth: (path: string, kernel: string | null) => Promise<IHealthReply>;
    now?: () => number;
  }
}

/**
 * The health item's state: the server's readings for the active notebook's directory, polled
 * (backing off on failures, standing by while the page is hidden), and its kernel's state.
 */
export class HealthModel extends FeatureModel<IHealthSettings> {
  constructor(options: HealthModel.IOptions) {
    super(options.settings);
    this.frontendVersion = options.frontendVersion;
    this._fetchHealth = options.fetchHealth;
    this._now = options.now ?? Date.now;
    this._poll = new Poll({
      factory: () => this.refresh(),
      frequency: this._frequency(),
      standby: 'when-hidden',
      name: 'jupyterlab-sane:health'
    });
    this.stateChanged.connect(this._onState, this);
  }

  readonly frontendVersion: string;

  get serverState(): ServerPartState {
    return this._serverState;
  }

  get serverVersion(): string | null {
    return this._reply?.version ?? null;
  }

  get reply(): IHealthReply | null {
    return this._reply;
  }

  /** The directory of the active notebook, relative to the server root. */
  get directory(): string {
    return this._directory;
  }

  set directory(path: string) {
    if (path !== this._directory) {
      this._directory = path;
      this._reply = null;
      void this._poll.refresh();
    }
  }

  /**
   * The active notebook's kernel, with what the server knows of it: when its process started
   * and how often it was restarted, by any page, before this one loaded too.
   */
  get kernel(): IKernelInfo {
    const seen = this._kernel;
    if (!seen.id) {
      return seen;
    }
    const server = this.kernelStarted(seen.id);
    const remote = this.kernelMemory(seen.id)?.remote === true;
    // A remote kernel's start is known only from a restart this page saw: when the page
    // first saw it is not when it started.
    const since =
      remote && server === null && seen.restarts === 0
        ? null
        : kernelStart(seen.since, seen.restarts > 0, server);
    const known = this._reply?.kernel;
    // The page may have seen a restart the server's last reading predates.
    const restarts = Math.max(
      seen.restarts,
      known?.id === seen.id ? known.restarts : 0
    );
    const death = known?.id === seen.id ? (known.death ?? null) : null;
    const fresh =
      death && !this._acknowledged.has(deathKey(seen.id, death)) ? death : null;
    return since === seen.since &&
      restarts === seen.restarts &&
      remote === (seen.remote ?? false) &&
      !fresh
      ? seen
      : { ...seen, since, restarts, remote, death: fresh };
  }

  /** What the server's last reading says of a kernel's memory, or undefined. */
  kernelMemory(id: string): IKernelMemory | undefined {
    return this._reply?.memory?.kernels?.find(k => k.id === id);
  }

  /**
   * The user acted on the kernel's last death (re-ran what a cell needs, or dismissed it): the
   * item stops raising it. `key` (see deathKey): that death, else the active kernel's. Kept
   * for this page only: a page loaded later tells it once more.
   */
  acknowledgeDeath(key?: string): void {
    const { id, death } = this.kernel;
    const which = key ?? (id && death ? deathKey(id, death) : null);
    if (which && !this._acknowledged.has(which)) {
      this._acknowledged.add(which);
      this.stateChanged.emit(void 0);
    }
  }

  /**
   * When the server last said a kernel's process started, in ms on this page's clock (the
   * server's may differ), or null when it did not say.
   */
  kernelStarted(id: string): number | null {
    const started = this.kernelMemory(id)?.started;
    return typeof started === 'number'
      ? started * 1000 + this._clockOffset
      : null;
  }

  /**
   * The kernel went busy or idle and nothing else changed. That happens twice per execution
   * and changes nothing the item shows, so only views that show the activity (the popover)
   * follow it.
   */
  get activityChanged(): ISignal<this, void> {
    return this._activityChanged;
  }

  set kernel(info: IKernelInfo | null) {
    const previous = this._kernel;
    this._kernel = info ?? NO_KERNEL;
    if (Private.sameForTheItem(previous, this._kernel)) {
      if (previous.status !== this._kernel.status) {
        this._activityChanged.emit();
      }
      return;
    }
    this.stateChanged.emit(void 0);
    // Another kernel: its memory is read now rather than at the next tick. A restart: the
    // server may know why the kernel died, and says it now.
    if (
      (this._kernel.id !== previous.id && this._kernel.id) ||
      this._kernel.restarts > previous.restarts
    ) {
      void this._poll.refresh();
    }
  }

  /**
   * What the checks are made of, now: the server's reply, the kernel's state, the settings
   * and the time, as data. The views put them into words (`evaluate` in checks.ts).
   */
  get readings(): IReadings {
    return {
      reply: this._reply,
      kernel: this.kernel,
      settings: this.settings,
      now: this._now()
    };
  }

  /**
   * Reads the server once. Failures become a state, then reject so the poll backs off; a
   * server without our extension (404) is asked again only rarely.
   */
  async refresh(): Promise<void> {
    if (!this.enabled) {
      return;
    }
    try {
      const reply = await this._fetchHealth(this._directory, this._kernel.id);
      if (this.isDisposed) {
        return;
      }
      this._reply = reply;
      this._clockOffset =
        typeof reply.time === 'number' ? this._now() - reply.time * 1000 : 0;
      this._serverState =
        reply.version === this.frontendVersion ? 'ok' : 'mismatch';
      this.stateChanged.emit(void 0);
    } catch (error) {
      if (this.isDisposed) {
        return;
      }
      this._serverState = Private.classify(error);
      this._reply = null;
      this.stateChanged.emit(void 0);
      throw error;
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
    super.dispose();
  }

  private _frequency() {
    const interval = this.settings.refreshSeconds * 1000;
    return { interval, backoff: true, max: Math.max(interval, 300_000) };
  }

  /** Settings may change the interval: the poll follows. */
  private _onState(): void {
    const next = this._frequency();
    if (next.interval !== this._poll.frequency.interval) {
      this._poll.frequency = next;
    }
  }

  private _fetchHealth: (
    path: string,
    kernel: string | null
  ) => Promise<IHealthReply>;
  private _now: () => number;
  private _poll: Poll;
  private _directory = '';
  private _reply: IHealthReply | null = null;
  private _kernel: IKernelInfo = NO_KERNEL;
  /** Add to a time on the server's clock to get it on this page's. */
  private _clockOffset = 0;
  private _serverState: ServerPartState = 'checking';
  private _activityChanged = new Signal<this, void>(this);
  private _acknowledged = new Set<string>();
}

namespace Private {
  const ACTIVITY: readonly string[] = ['busy', 'idle'];

  /**
   * Whether two readings of one kernel look the same in the item: equal, or differing only in
   * the kernel going busy or idle.
   */
  export function sameForTheItem(a: IKernelInfo, b: IKernelInfo): boolean {
    return (
      (a.status === b.status ||
        (ACTIVITY.includes(a.status) && ACTIVITY.includes(b.status))) &&
      a.id === b.id &&
      a.since === b.since &&
      a.remote === b.remote &&
      a.restarts === b.restarts &&
      a.unsaved === b.unsaved &&
      a.interrupted?.id === b.interrupted?.id &&
      JSON.stringify(a.replayFailure) === JSON.stringify(b.replayFailure) &&
      a.lostCells.length === b.lostCells.length &&
      a.lostCells.every(
        (cell, i) =>
          cell.id === b.lostCells[i].id && cell.index === b.lostCells[i].index
      )
    );
  }

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
