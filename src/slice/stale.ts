import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';
import { NotebookAnalyzer } from '../analysis/index.js';
import { IRanSource, IStaleMark, IStaleState } from '../analysis/index.js';
import { FeatureModel } from '../common/featureModel.js';
import { notebookCells } from '../notebook/cells.js';
import { showNewestState } from '../notebook/cellState.js';
import { IExecutionLog, INotebookFlows } from '../tokens.js';
import { runInOrder, SliceSettings } from './commands.js';
import { loadSliceAnalysis } from './lazyAnalysis.js';

const MARKER = 'jp-sane-Stale';

/**
 * One notebook's stale cells: replayed from the execution log (so they survive a reload) after
 * every run and every analysis pass, drawn on the cells, counted for the toolbar.
 */
export class NotebookStale implements IDisposable {
  constructor(
    private readonly _panel: NotebookPanel,
    private readonly _flows: INotebookFlows,
    private readonly _log: IExecutionLog,
    private readonly _feature: FeatureModel<SliceSettings>,
    private readonly _trans: TranslationBundle
  ) {
    _log.changed.connect(this._onLog, this);
    _flows.analysed.connect(this._compute, this);
    _feature.stateChanged.connect(this._compute, this);
    this._compute();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Stale or edited cells, by id, in notebook order. */
  get state(): IStaleState {
    return this._state;
  }

  /** How many cells are out of date. */
  get count(): number {
    return new Set([
      ...this._state.stale.map(m => m.cellId),
      ...this._state.edited
    ]).size;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /**
   * Runs the out-of-date cells in notebook order, with the cells below them that their runs
   * make out of date in turn, and the cells they need that never ran in this kernel: then
   * none is out of date.
   */
  async runStale(): Promise<boolean> {
    const model = this._panel.model;
    if (!model) {
      return false;
    }
    const { cellsToRun, sliceOf } = await loadSliceAnalysis();
    const cells = notebookCells(model);
    const runs = this._runs();
    const ids = new Set(
      cellsToRun(
        cells.filter(c => c.cellType === 'code'),
        runs,
        source => this._flows.cell(source)
      )
    );
    const ran = new Set(runs.map(r => r.cellId));
    const analyzer = new NotebookAnalyzer();
    const wanted = new Set<number>();
    cells.forEach((cell, i) => {
      if (cell.id && ids.has(cell.id)) {
        wanted.add(i);
        sliceOf(cells, i, analyzer)
          .filter(k => !ran.has(cells[k].id ?? ''))
          .forEach(k => wanted.add(k));
      }
    });
    const widgets = this._panel.content.widgets;
    return runInOrder(
      this._panel,
      [...wanted].sort((a, b) => a - b).map(i => widgets[i])
    );
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._log.changed.disconnect(this._onLog, this);
    this._flows.analysed.disconnect(this._compute, this);
    this._feature.stateChanged.disconnect(this._compute, this);
    this._panel.content.widgets.forEach(cell => this._draw(cell, null, false));
    Signal.clearData(this);
  }

  private _onLog(_: IExecutionLog, path: string): void {
    if (path === this._panel.context.path) {
      this._compute();
    }
  }

  private _compute(): void {
    const model = this._panel.model;
    const on =
      this._feature.enabled &&
      this._feature.settings.staleMarkers &&
      this._flows.isPython;
    if (!model || this._isDisposed) {
      return;
    }
    // A later compute supersedes one still waiting for the analysis.
    const generation = ++this._generation;
    if (!on || this._runs().length === 0) {
      // Nothing ran (or marks are off): no cell is stale, and the analysis need not load.
      this._show({ stale: [], edited: [] });
      return;
    }
    // Computed once the analysis is loaded, from the notebook and the log as they are then.
    void loadSliceAnalysis().then(({ staleCells }) => {
      const now = this._panel.model;
      if (now && !this._isDisposed && generation === this._generation) {
        this._show(
          staleCells(
            notebookCells(now).filter(c => c.cellType === 'code'),
            this._runs(),
            source => this._flows.cell(source)
          )
        );
      }
    });
  }

  /** Draws a state on the cells and tells the toolbar. */
  private _show(state: IStaleState): void {
    this._state = state;
    const marks = new Map(state.stale.map(m => [m.cellId, m]));
    const edited = new Set(state.edited);
    for (const cell of this._panel.content.widgets) {
      const id = cell.model.id;
      this._draw(cell, marks.get(id) ?? null, edited.has(id));
    }
    this._changed.emit();
  }

  private _runs(): IRanSource[] {
    return this._log
      .runs(this._panel.context.path)
      .map(r => ({ cellId: r.cellId, source: r.source }));
  }

  /** Puts a cell's marker in step with its state. */
  private _draw(cell: Cell, mark: IStaleMark | null, edited: boolean): void {
    let marker = cell.node.querySelector<HTMLElement>(`:scope > .${MARKER}`);
    if (!mark && !edited) {
      marker?.remove();
      showNewestState(cell, null, false);
      return;
    }
    if (!marker) {
      marker = document.createElement('div');
      marker.className = MARKER;
      cell.node.appendChild(marker);
    }
    marker.textContent = edited
      ? this._trans.__('edited since run')
      : this._trans.__('stale');
    const kind = edited ? 'edited' : 'stale';
    const cause = mark ? `${mark.byCellId} ${mark.name}` : '';
    // A new kind or cause of staleness is a new state: newer than the cell's test results.
    showNewestState(
      cell,
      marker,
      marker.dataset.kind !== kind || marker.dataset.cause !== cause
    );
    marker.dataset.kind = kind;
    marker.dataset.cause = cause;
    marker.title = edited
      ? this._trans.__(
          'This cell was edited since it ran: its output is from the old code.'
        )
      : this._why(mark!);
  }

  private _why(mark: IStaleMark): string {
    const at = this._panel.content.widgets.findIndex(
      w => w.model.id === mark.byCellId
    );
    const by =
      at >= 0
        ? this._trans.__('cell %1', at + 1)
        : this._trans.__('a cell no longer here');
    return mark.name === '*'
      ? this._trans.__(
          'Out of date: %1 may have changed what this cell read since it ran.',
          by
        )
      : this._trans.__(
          'Out of date: %1 changed `%2` since this cell ran.',
          by,
          mark.name
        );
  }

  private _isDisposed = false;
  private _generation = 0;
  private _state: IStaleState = { stale: [], edited: [] };
  private _changed = new Signal<this, void>(this);
}
