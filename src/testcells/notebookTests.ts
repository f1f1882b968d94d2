import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';
import { analyzerFor, SlicedWarmup } from '../common/analyzers.js';
import { CodeChanges } from '../common/codeChanges.js';
import { detectTestCell } from '../analysis/testcells.js';
import { FeatureModel } from '../common/featureModel.js';
import {
  codeSources,
  isPythonNotebook,
  notebookCells
} from '../extract/notebook.js';
import { IExecutionLog } from '../tokens.js';
import { runInKernel } from './kernelRun.js';
import { drawMarker } from './markers.js';
import { TestsModel } from './model.js';
import { ITestsSettings } from './settings.js';

/**
 * The test cells of one notebook: found by the analysis whenever the cells or the settings
 * change, marked on their cell, run in the kernel on demand and, when the setting says so,
 * again after a cell they read from runs.
 */
export class NotebookTests implements IDisposable {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _feature: FeatureModel<ITestsSettings>,
    private readonly _log: IExecutionLog | null,
    private readonly _trans: TranslationBundle,
    private readonly _open: (tests: NotebookTests, cellId: string) => void
  ) {
    _feature.stateChanged.connect(this._schedule, this);
    this._code = panel.model ? new CodeChanges(panel.model) : null;
    this._code?.changed.connect(this._schedule, this);
    panel.model?.metadataChanged.connect(this._onMetadata, this);
    this.model.stateChanged.connect(this._onModel, this);
    _log?.changed.connect(this._onRun, this);
    this._warmup = new SlicedWarmup(analyzerFor(panel), () =>
      this._detect(true)
    );
    this._schedule();
  }

  readonly model = new TestsModel();

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Emits when what a view shows changed: the tests, their results, the kernel's language. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Whether tests can run now: a Python kernel is there and no run is going on. */
  get canRun(): boolean {
    const kernel = this.panel.sessionContext.session?.kernel;
    return (
      this._feature.enabled && !!kernel && !this.model.running && this.isPython
    );
  }

  /** Whether the notebook's kernel is Python: the runner is Python code run in the kernel. */
  get isPython(): boolean {
    return isPythonNotebook(this.panel.model);
  }

  /** Runs the tests of the given cells (all test cells by default), in notebook order. */
  async run(cellIds?: readonly string[]): Promise<void> {
    this._detect();
    const kernel = this.panel.sessionContext.session?.kernel;
    if (!kernel || !this.canRun) {
      return;
    }
    const wanted = cellIds ? new Set(cellIds) : null;
    const cells = this.model.cells
      .filter(c => !wanted || wanted.has(c.cellId))
      .map(c => ({
        cellId: c.cellId,
        source: this.panel.model!.cells.get(c.index).sharedModel.getSource()
      }));
    if (cells.length === 0) {
      return;
    }
    await runInKernel({
      kernel,
      cells,
      model: this.model,
      timeoutSeconds: this._feature.settings.timeoutSeconds,
      reasons: {
        died: this._trans.__('not run: kernel died'),
        interrupted: this._trans.__('not run: interrupted')
      }
    });
  }

  /** Runs again the cells with a failed, erroring or not-run test. */
  rerunFailed(): Promise<void> {
    return this.run(this.model.failedCellIds());
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._feature.stateChanged.disconnect(this._schedule, this);
    this._code?.dispose();
    this.panel.model?.metadataChanged.disconnect(this._onMetadata, this);
    this._log?.changed.disconnect(this._onRun, this);
    this._refresh.dispose();
    this._warmup.dispose();
    this.model.setCells([]);
    this.model.dispose();
    Signal.clearData(this);
  }

  /** The kernel's language arrives in the metadata: views showing `isPython` follow it. */
  private _onMetadata(_: unknown, change: { key: string }): void {
    if (change.key === 'kernelspec' || change.key === 'language_info') {
      this._changed.emit();
    }
  }

  private _onModel(): void {
    this._draw();
    this._changed.emit();
  }

  private _schedule(): void {
    void this._refresh.invoke();
  }

  /**
   * Finds the test cells; cheap when few cells changed (analyses are cached by source). In
   * the background, a notebook's first analysis goes in slices; a run waits for nothing.
   */
  private _detect(inSlices = false): void {
    const model = this.panel.model;
    if (!model || this._isDisposed) {
      return;
    }
    if (!this._feature.enabled) {
      this.model.setCells([]);
      return;
    }
    const cells = notebookCells(model);
    if (inSlices && !this._warmup.ready(() => codeSources(cells))) {
      return;
    }
    const options = this._feature.settings.detection;
    const found = [];
    for (const flow of this._analyzer.analyze(cells)) {
      const reason = detectTestCell(flow.analysis, flow.cell.tags, options);
      if (reason && flow.cell.id) {
        found.push({ cellId: flow.cell.id, reason, index: flow.cell.index });
      }
    }
    this.model.setCells(found);
    this._draw();
  }

  private _draw(): void {
    if (this._isDisposed) {
      return;
    }
    for (const cell of this.panel.content.widgets) {
      drawMarker(
        cell,
        this.model.cell(cell.model.id),
        this.model,
        this._trans,
        cellId => this._open(this, cellId)
      );
    }
  }

  /** After a cell runs: the tests that read what it binds run again, when asked for. */
  private _onRun(_: unknown, path: string): void {
    if (
      path !== this.panel.context.path ||
      !this._feature.settings.rerunOnExecute ||
      !this.canRun
    ) {
      return;
    }
    const runs = this._log!.runs(path);
    const last = runs[runs.length - 1];
    // The log changes for every run scheduled or finished: each finished run is seen once.
    if (!last || last.end === null || !last.success || last.end <= this._seen) {
      return;
    }
    this._seen = last.end;
    this._detect();
    const model = this.panel.model!;
    const cells = notebookCells(model);
    const ran = cells.find(c => c.id === last.cellId);
    if (!ran || this.model.cell(last.cellId)) {
      return;
    }
    const binds = this._analyzer.cell(ran.source).binds;
    const exercised = this.model.cells.filter(c =>
      this._analyzer
        .cell(cells[c.index].source)
        .reads.some(name => binds.has(name))
    );
    if (exercised.length > 0) {
      void this.run(exercised.map(c => c.cellId));
    }
  }

  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _code: CodeChanges | null;
  private _seen = Date.now();
  private get _analyzer() {
    return analyzerFor(this.panel);
  }
  private _refresh = new Debouncer(() => this._detect(true), 300);
  private _warmup: SlicedWarmup;
}
