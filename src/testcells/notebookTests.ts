import { Cell } from '@jupyterlab/cells';
import { Kernel } from '@jupyterlab/services';
import {
  KernelError,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { ICellFlow } from '../analysis/index.js';
import { cellTitle, detectTestCell, plannedTests } from '../analysis/index.js';
import { FeatureModel } from '../common/featureModel.js';
import { IExecutionLog, INotebookFlows } from '../tokens.js';
import { executionEvents } from './executions.js';
import type { ITestCellSource } from './kernelRun.js';
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
    panel.sessionContext.statusChanged.connect(this._onStatus, this);
    panel.sessionContext.kernelChanged.connect(this._onKernel, this);
    NotebookActions.executionScheduled.connect(this._onScheduled, this);
    NotebookActions.executed.connect(this._onExecuted, this);
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
    await this._runSources(cells);
  }

  /** Runs the cells' tests in the kernel; then those of cells the notebook ran meanwhile. */
  private async _runSources(cells: readonly ITestCellSource[]): Promise<void> {
    const kernel = this.panel.sessionContext.session?.kernel;
    if (!kernel || !this.canRun || cells.length === 0) {
      return;
    }
    for (const cell of cells) {
      // A notebook run stamped its cell when it ran it: the tests' source and kernel.
      if (!cell.defined) {
        this.model.stamp(cell.cellId, cell.source);
      }
    }
    // The runner (its Python source with it) is loaded by the first run, not with the page.
    const { runInKernel } = await import('./kernelRun.js');
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
    this._runDefined();
  }

  /** The test functions of cells the notebook ran, called once no run is going on. */
  private _runDefined(): void {
    if (this._defined.size === 0 || !this.canRun) {
      return;
    }
    const cells = [...this._defined].map(([cellId, source]) => ({
      cellId,
      source,
      defined: true
    }));
    this._defined.clear();
    void this._runSources(cells);
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
    this.panel.sessionContext.statusChanged.disconnect(this._onStatus, this);
    this.panel.sessionContext.kernelChanged.disconnect(this._onKernel, this);
    NotebookActions.executionScheduled.disconnect(this._onScheduled, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
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

  /** The kernel's state is gone: results so far are from an earlier kernel. */
  private _onStatus(_: unknown, status: Kernel.Status): void {
    if (['dead', 'autorestarting', 'restarting'].includes(status)) {
      this.model.newKernel();
    }
  }

  private _onKernel(
    _: unknown,
    change: { oldValue: Kernel.IKernelConnection | null }
  ): void {
    if (change.oldValue) {
      this.model.newKernel();
    }
  }

  /** The source a cell of this notebook runs with, kept until its run ends. */
  private _onScheduled(_: unknown, args: { notebook: Notebook; cell: Cell }) {
    if (
      args.notebook === this.panel.content &&
      args.cell.model.type === 'code'
    ) {
      this._scheduled.set(
        args.cell.model.id,
        args.cell.model.sharedModel.getSource()
      );
    }
  }

  /** The notebook ran a test cell (Run All, Shift+Enter): its tests' results are that run's. */
  private _onExecuted(
    _: unknown,
    args: {
      notebook: Notebook;
      cell: Cell;
      success: boolean;
      error?: KernelError | null;
    }
  ): void {
    const id = args.cell.model.id;
    const source = this._scheduled.get(id);
    if (args.notebook !== this.panel.content || source === undefined) {
      return;
    }
    this._scheduled.delete(id);
    if (!this.model.cell(id) && this._feature.enabled) {
      this._detect(this._analysis.current());
    }
    const tests = this.model.cell(id);
    if (
      !tests ||
      !this.isPython ||
      tests.state === 'queued' ||
      tests.state === 'running'
    ) {
      return;
    }
    const planned = plannedTests(this._analysis.cell(source));
    const events = executionEvents(
      id,
      planned,
      {
        success: args.success,
        errorName: args.error?.errorName,
        errorValue: args.error?.errorValue
      },
      {
        cellFailed: this._trans.__('not run: the cell itself failed'),
        interrupted: this._trans.__('not run: interrupted')
      }
    );
    if (events) {
      this.model.stamp(id, source);
      events.forEach(event => this.model.apply(event));
    } else if (args.success) {
      this.model.stamp(id, source);
      this._defined.set(id, source);
      this._runDefined();
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
        const source = flow.analysis.source;
        found.push({
          cellId: flow.cell.id,
          reason,
          index: flow.cell.index,
          source,
          planned: plannedTests(flow.analysis),
          title: cellTitle(source)
        });
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

  private _scheduled = new Map<string, string>();
  private _defined = new Map<string, string>();
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
  private _seen = Date.now();
}
