import { INotebookModel } from '@jupyterlab/notebook';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';
import { ICellAnalysis } from '../analysis/index.js';
import { ICellFlow, NotebookAnalyzer } from '../analysis/index.js';
import { INotebookFlows } from '../tokens.js';
import { codeSources, isPythonNotebook, notebookCells } from './cells.js';
import { CodeChanges } from './codeChanges.js';
import { SlicedWarmup } from './warmup.js';

/** How long after the last edit a pass runs, in ms: typing analyses once, not per key. */
const DEBOUNCE_MS = 300;

/**
 * The analysis of one open notebook, shared by every feature that reads it (flags, test cells,
 * extract, the smoke test, health): one listener on the cells, one debounced pass after an
 * edit that reads the cells once and analyses them once, one sliced warm-up for a big
 * notebook's first analysis. Features derive their state from the emitted flows and parse
 * nothing themselves.
 */
export class NotebookAnalysis implements INotebookFlows, IDisposable {
  constructor(private readonly _model: INotebookModel | null) {
    this._code = _model ? new CodeChanges(_model) : null;
    this._code?.changed.connect(this.schedule, this);
    this._warmup = new SlicedWarmup(
      this._analyzer,
      () => this._pass(),
      analysis => this._warmHooks.forEach(hook => hook(analysis))
    );
    this.schedule();
  }

  get flows(): readonly ICellFlow[] {
    return this._flows;
  }

  get analysed(): ISignal<this, readonly ICellFlow[]> {
    return this._analysed;
  }

  get isPython(): boolean {
    return isPythonNotebook(this._model);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  current(): readonly ICellFlow[] {
    return this._model
      ? this._analyzer.analyze(notebookCells(this._model))
      : [];
  }

  cell(source: string): ICellAnalysis {
    return this._analyzer.cell(source);
  }

  schedule(): void {
    if (!this._isDisposed) {
      void this._refresh.invoke();
    }
  }

  warmWith(also: (analysis: ICellAnalysis) => void): IDisposable {
    this._warmHooks.add(also);
    return new DisposableDelegate(() => this._warmHooks.delete(also));
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._code?.dispose();
    this._refresh.dispose();
    this._warmup.dispose();
    this._warmHooks.clear();
    Signal.clearData(this);
  }

  /** One pass: the cells read once, analysed once (cached by source), the flows emitted. */
  private _pass(): void {
    const model = this._model;
    if (!model || this._isDisposed) {
      return;
    }
    const cells = notebookCells(model);
    // A big notebook's first analysis goes in slices; the warm-up calls the pass again.
    if (!this._warmup.ready(() => codeSources(cells))) {
      return;
    }
    // Analysing the whole notebook also drops cached analyses of sources no longer there.
    this._flows = this._analyzer.analyze(cells);
    this._analysed.emit(this._flows);
  }

  private _isDisposed = false;
  private _analyzer = new NotebookAnalyzer();
  private _code: CodeChanges | null;
  private _flows: readonly ICellFlow[] = [];
  private _analysed = new Signal<this, readonly ICellFlow[]>(this);
  private _warmHooks = new Set<(analysis: ICellAnalysis) => void>();
  private _refresh = new Debouncer(() => this._pass(), DEBOUNCE_MS);
  private _warmup: SlicedWarmup;
}
