import { ISessionContext } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { IExecutionLog, IExecutionRun, INotebookFlows } from '../tokens.js';
import { kernelStart, ServerStart } from './kernelStart.js';
import { replayCells } from './replay.js';
import { IKernelInfo, IReplayFailure } from './types.js';

/** Statuses that say nothing of a connected kernel: the page may have missed its word. */
const UNCLEAR: readonly string[] = ['unknown', 'starting'];

/**
 * The cells whose runs built a kernel's state, from the execution log: the successful runs
 * since `since`, each cell once, in the order of its last run (re-running them in that order
 * rebuilds the state).
 */
export function cellsSince(
  runs: readonly Pick<IExecutionRun, 'cellId' | 'start' | 'success'>[],
  since: number
): string[] {
  const last = new Map<string, number>();
  runs.forEach((run, i) => {
    if (run.start >= since && run.success !== false) {
      last.set(run.cellId, i);
    }
  });
  return [...last.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/**
 * The lost cells that still are: a cell run with success since the restart (by Run All after
 * Restart, by hand, or by a re-run) rebuilt its part of the state.
 */
export function stillLost(
  lost: readonly string[],
  runs: readonly Pick<IExecutionRun, 'cellId' | 'start' | 'success'>[],
  restartedAt: number
): string[] {
  const rebuilt = new Set(
    runs
      .filter(run => run.start >= restartedAt && run.success !== false)
      .map(run => run.cellId)
  );
  return lost.filter(id => !rebuilt.has(id));
}

/** Watches one notebook's kernel: its status, its restarts and what each restart lost. */
export class KernelWatch implements IDisposable {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _log: IExecutionLog | null,
    private readonly _serverStart: ServerStart = () => null,
    private readonly _now: () => number = Date.now,
    private readonly _analysis: INotebookFlows | null = null
  ) {
    // A lost cell's place in the notebook is where the analysis last saw it.
    _analysis?.analysed.connect(this._emit, this);
    const session = panel.sessionContext;
    session.statusChanged.connect(this._onStatus, this);
    session.kernelChanged.connect(this._onKernel, this);
    session.connectionStatusChanged.connect(this._onConnection, this);
    panel.model?.stateChanged.connect(this._emit, this);
    _log?.changed.connect(this._onRuns, this);
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    this._kernelId = session.session?.kernel?.id ?? null;
    this._since = this._kernelId ? this._now() : null;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  get info(): IKernelInfo {
    const kernel = this.panel.sessionContext.session?.kernel ?? null;
    const runs = this._log?.runs(this.panel.context.path) ?? [];
    const lost = stillLost(this._lost, runs, this._restartedAt);
    const failure = this._failure;
    const interrupted = this._interrupted;
    const interruptedIndex = interrupted ? this._indexOf(interrupted) : -1;
    let status = kernel?.status ?? 'unknown';
    // The kernel answered since its status last went unclear: it is there, and not busy.
    if (this._answered && UNCLEAR.includes(status)) {
      status = 'idle';
    }
    return {
      id: kernel?.id ?? null,
      status,
      since: this._since,
      restarts: this._restarts,
      lostCells: lost
        .map(id => ({ id, index: this._indexOf(id) }))
        .filter(c => c.index >= 0),
      unsaved: this.panel.model?.dirty ?? false,
      replayFailure:
        failure && lost.includes(failure.id)
          ? { ...failure, index: this._indexOf(failure.id) }
          : null,
      interrupted:
        interrupted && interruptedIndex >= 0
          ? { id: interrupted, index: interruptedIndex }
          : null,
      death: null
    };
  }

  /** The lost cells were run again (or the user does not want to): forget them. */
  clearLost(): void {
    this._lost = [];
    this._failure = null;
    this._interrupted = null;
    this._emit();
  }

  /** Runs the lost cells again in the order they ran; stops at the first that fails. */
  async replay(): Promise<void> {
    this._failure = null;
    this._emit();
    const failure = await replayCells(this.panel, this.info.lostCells);
    if (this._isDisposed) {
      return;
    }
    if (failure) {
      const id = this.panel.content.widgets[failure.index]?.model.id ?? '';
      this._failure = { ...failure, id };
      this._emit();
    } else {
      this.clearLost();
    }
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    const session = this.panel.sessionContext;
    session.statusChanged.disconnect(this._onStatus, this);
    session.kernelChanged.disconnect(this._onKernel, this);
    session.connectionStatusChanged.disconnect(this._onConnection, this);
    this.panel.model?.stateChanged.disconnect(this._emit, this);
    this._log?.changed.disconnect(this._onRuns, this);
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._analysis?.analysed.disconnect(this._emit, this);
    Signal.clearData(this);
  }

  private _onStatus(_: ISessionContext, status: Kernel.Status): void {
    this._answered = false;
    if (status === 'restarting' || status === 'autorestarting') {
      this._restarted();
    } else if (
      this._since === null &&
      this.panel.sessionContext.session?.kernel
    ) {
      this._since = this._now();
    }
    this._askIfUnclear();
    this._emit();
  }

  private _onConnection(
    _: ISessionContext,
    status: Kernel.ConnectionStatus
  ): void {
    if (status === 'connected') {
      this._askIfUnclear();
    }
    this._emit();
  }

  /**
   * The cells sent to this notebook's kernel and not finished. A restart cancels them without
   * any `executed` signal: the first of them was running when the kernel died.
   */
  private _onScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    if (args.notebook === this.panel.content) {
      this._running.push(args.cell.model.id);
    }
  }

  private _onExecuted(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    if (args.notebook === this.panel.content) {
      const at = this._running.indexOf(args.cell.model.id);
      if (at >= 0) {
        this._running.splice(at, 1);
      }
    }
  }

  private _onRuns(_: IExecutionLog, path: string): void {
    if (path === this.panel.context.path && this._lost.length > 0) {
      this._emit();
    }
  }

  /**
   * After an automatic restart (kill -9, out of memory) the page reconnects and may miss the
   * kernel's status messages sent meanwhile: it would say `unknown` or `starting` for good. A
   * kernel-info request makes the kernel answer (and say its status again).
   */
  private _askIfUnclear(): void {
    const kernel = this.panel.sessionContext.session?.kernel;
    if (
      !kernel ||
      this._asking ||
      kernel.connectionStatus !== 'connected' ||
      !UNCLEAR.includes(kernel.status)
    ) {
      return;
    }
    this._asking = true;
    kernel.requestKernelInfo().then(
      reply => {
        this._asking = false;
        const same = this.panel.sessionContext.session?.kernel === kernel;
        if (reply && same && UNCLEAR.includes(kernel.status)) {
          this._answered = true;
          this._emit();
        }
      },
      () => {
        this._asking = false;
      }
    );
  }

  private _onKernel(
    _: ISessionContext,
    change: {
      oldValue: Kernel.IKernelConnection | null;
      newValue: Kernel.IKernelConnection | null;
    }
  ): void {
    // Another kernel for the same notebook (changed by hand, or a new one after a shutdown).
    if (
      change.oldValue &&
      change.newValue &&
      change.oldValue.id !== change.newValue.id
    ) {
      this._restarted();
    } else if (change.newValue && this._since === null) {
      this._since = this._now();
    }
    this._kernelId = change.newValue?.id ?? null;
    this._emit();
  }

  /** Where a cell is now, as the notebook's analysis last read it; -1 when it is gone. */
  private _indexOf(id: string): number {
    if (this._analysis) {
      return this._analysis.flows.find(f => f.cell.id === id)?.cell.index ?? -1;
    }
    return this.panel.content.widgets.findIndex(c => c.model.id === id);
  }

  private _restarted(): void {
    const now = this._now();
    // One restart shows as several status changes: count it once.
    if (now - this._lastRestart < 2000) {
      return;
    }
    const runs = this._log?.runs(this.panel.context.path) ?? [];
    // The runs since the kernel's start, even the ones before this page loaded.
    const server = this._kernelId ? this._serverStart(this._kernelId) : null;
    const start = kernelStart(this._since, this._restarts > 0, server);
    this._lost = cellsSince(runs, start ?? 0);
    this._failure = null;
    // A cell deleted while it ran never reports either: the first that still is.
    this._interrupted =
      this._running.find(id => this._indexOf(id) >= 0) ?? null;
    this._running = [];
    this._restartedAt = now;
    this._restarts++;
    this._lastRestart = now;
    this._since = now;
  }

  private _emit(): void {
    if (!this._isDisposed) {
      this._changed.emit();
    }
  }

  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _kernelId: string | null;
  private _since: number | null;
  private _restarts = 0;
  private _lastRestart = -Infinity;
  private _lost: string[] = [];
  private _restartedAt = -Infinity;
  private _failure: (IReplayFailure & { id: string }) | null = null;
  private _asking = false;
  private _running: string[] = [];
  private _interrupted: string | null = null;
  private _answered = false;
}
