import { Cell } from '@jupyterlab/cells';
import {
  Notebook,
  NotebookActions,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IStateDB } from '@jupyterlab/statedb';
import { IDisposable } from '@lumino/disposable';
import { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import { Debouncer } from '@lumino/polling';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { IExecutionRun } from '../tokens.js';
import { Batches } from './batch.js';
import { ExecutionLog } from './log.js';

const STATE_PREFIX = 'jupyterlab-sane:execution:';

/**
 * Keeps only well-formed runs from saved state: a hand-edited state loses nothing else. Runs
 * saved by versions that kept parsed runs (no source) are left out: nothing can be derived
 * from them again.
 */
export function validRuns(value: unknown): IExecutionRun[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((r): r is IExecutionRun => {
    const run = r as Partial<IExecutionRun> | null;
    return (
      typeof run === 'object' &&
      run !== null &&
      typeof run.cellId === 'string' &&
      typeof run.source === 'string' &&
      typeof run.start === 'number' &&
      typeof run.end === 'number' &&
      typeof run.success === 'boolean' &&
      (run.batch === undefined || typeof run.batch === 'number')
    );
  });
}

/**
 * Feeds the execution log from `NotebookActions`, and keeps each notebook's runs in the state
 * database across reloads. Dispose disconnects everything it connected.
 */
export class ExecutionHook implements IDisposable {
  constructor(
    private readonly _log: ExecutionLog,
    private readonly _tracker: INotebookTracker,
    private readonly _state: IStateDB | null
  ) {
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    _tracker.widgetAdded.connect(this._onNotebook, this);
    _log.changed.connect(this._onChanged, this);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
    this._tracker.widgetAdded.disconnect(this._onNotebook, this);
    this._log.changed.disconnect(this._onChanged, this);
    this._save.dispose();
  }

  private _onScheduled(
    _: unknown,
    args: { notebook: Notebook; cell: Cell }
  ): void {
    const path = this._tracker.find(p => p.content === args.notebook)?.context
      .path;
    if (path && args.cell.model.type === 'code') {
      this._log.scheduled(
        path,
        args.cell.model.id,
        args.cell.model.sharedModel.getSource(),
        Date.now(),
        this._batches.next()
      );
    }
  }

  private _onExecuted(
    _: unknown,
    args: { cell: Cell; success: boolean }
  ): void {
    this._log.executed(args.cell.model.id, args.success, Date.now());
  }

  private _onNotebook(_: unknown, panel: NotebookPanel): void {
    const context = panel.context;
    this._pathOf.set(context, context.path);
    context.pathChanged.connect(this._onRenamed, this);
    panel.disposed.connect(() => {
      context.pathChanged.disconnect(this._onRenamed, this);
      this._pathOf.delete(context);
    });
    if (this._state) {
      const path = context.path;
      this._state
        .fetch(STATE_PREFIX + path)
        .then(saved => this._log.restore(path, validRuns(saved)))
        .catch(reason =>
          console.warn('jupyterlab-sane: execution log not restored.', reason)
        );
    }
  }

  private _onRenamed(context: DocumentRegistry.Context, to: string): void {
    const from = this._pathOf.get(context);
    if (from && from !== to) {
      this._log.rename(from, to);
    }
    this._pathOf.set(context, to);
  }

  private _onChanged(_: unknown, path: string): void {
    this._dirty.add(path);
    void this._save.invoke();
  }

  private async _persist(): Promise<void> {
    const dirty = [...this._dirty];
    this._dirty.clear();
    if (this._state) {
      await Promise.all(
        dirty.map(path =>
          this._state!.save(
            STATE_PREFIX + path,
            this._log.runs(path) as unknown as ReadonlyPartialJSONValue
          )
        )
      );
    }
  }

  private _isDisposed = false;
  private _batches = new Batches();
  /** Each open notebook's document and its path, to follow renames. */
  private _pathOf = new Map<DocumentRegistry.Context, string>();
  private _dirty = new Set<string>();
  private _save = new Debouncer(() => this._persist(), 1000);
}
