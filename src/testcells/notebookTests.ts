import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { ICellFlow } from '../analysis/notebook.js';
import { detectTestCell } from '../analysis/testcells.js';
import { FeatureModel } from '../common/featureModel.js';
import { IExecutionLog, INotebookFlows } from '../tokens.js';
import { runInKernel } from './kernelRun.js';
import { drawMarker } from './markers.js';
import { TestsModel } from './model.js';
import { ITestsSettings } from './settings.js';

/**
 * The test cells of one notebook: found in each pass of the notebook's analysis and whenever
 * the settings change, marked on their cell, run in the kernel on demand and, when the setting says so,
 * again after a cell they read from runs.
 */
export class NotebookTests implements IDisposable {
  constructor(
    readonly panel: NotebookPanel,
    private readonly _analysis: INotebookFlows,
    private readonly _feature: FeatureModel<ITestsSettings>,
    private readonly _log: IExecutionLog | null,
    private readonly _trans: TranslationBundle,
    private readonly _open: (tests: NotebookTests, cellId: string) => void
  ) {
    _feature.stateChanged.connect(this._onSettings, this);
    _analysis.analysed.connect(this._onAnalysed, this);
    panel.model?.metadataChanged.connect(this._onMetadata, this);
    this.model.stateChanged.connect(this._onModel, this);
    _log?.changed.connect(this._onRun, this);
    this._detect(_analysis.flows);
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
    return this._analysis.isPython;
  }

  /** Runs the tests of the given cells (all test cells by default), in notebook order. */
  async run(cellIds?: readonly string[]): Promise<void> {
    // A run waits for no pass: the notebook as it is now.
    this._detect(this._analysis.current());
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
    this._feature.stateChanged.disconnect(this._onSettings, this);
    this._analysis.analysed.disconnect(this._onAnalysed, this);
    this.panel.model?.metadataChanged.disconnect(this._onMetadata, this);
    this._log?.changed.disconnect(this._onRun, this);
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

  private _onAnalysed(_: unknown, flows: readonly ICellFlow[]): void {
    this._detect(flows);
  }

  /** The detection rules changed: the last pass's flows say which cells are tests now. */
  private _onSettings(): void {
    this._detect(this._analysis.flows);
  }

  /** Finds the test cells among the flows: the analysis did the parsing. */
  private _detect(flows: readonly ICellFlow[]): void {
    if (!this.panel.model || this._isDisposed) {
      return;
    }
    if (!this._feature.enabled) {
      this.model.setCells([]);
      return;
    }
    const options = this._feature.settings.detection;
    const found = [];
    for (const flow of flows) {
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
    const flows = this._analysis.current();
    this._detect(flows);
    const ran = flows.find(f => f.cell.id === last.cellId);
    if (!ran || this.model.cell(last.cellId)) {
      return;
    }
    const binds = ran.analysis.binds;
    const byIndex = new Map(flows.map(f => [f.cell.index, f]));
    const exercised = this.model.cells.filter(c =>
      byIndex.get(c.index)?.analysis.reads.some(name => binds.has(name))
    );
    if (exercised.length > 0) {
      void this.run(exercised.map(c => c.cellId));
    }
  }

  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _seen = Date.now();
}
