import { ICellModel } from '@jupyterlab/cells';
import { INotebookModel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

type SharedCell = ICellModel['sharedModel'];
type ChangeOf<T> = T extends { changed: ISignal<unknown, infer C> } ? C : never;

/**
 * Tells when what the analysis reads changed in a notebook: the list of cells, a cell's source
 * or metadata (tags, dismissed flags), the notebook's metadata (its kernel's language).
 *
 * Not outputs, execution counts or execution states: they change several times on every run
 * and never change an analysis. The model's `contentChanged` fires for all of them (six times
 * per execution), and each firing cost every listener a debouncer call on the execution's path.
 */
export class CodeChanges implements IDisposable {
  constructor(private readonly _model: INotebookModel) {
    _model.cells.changed.connect(this._onCells, this);
    _model.metadataChanged.connect(this._emit, this);
    this._follow();
  }

  /** Emits when the cells' list, a cell's source or metadata, or the notebook's metadata changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._model.cells.changed.disconnect(this._onCells, this);
    this._model.metadataChanged.disconnect(this._emit, this);
    this._watched.forEach(cell => cell.changed.disconnect(this._onCell, this));
    this._watched.clear();
    Signal.clearData(this);
  }

  private _onCells(): void {
    this._follow();
    this._emit();
  }

  /** Listens to the cells now in the notebook, and to no other. */
  private _follow(): void {
    const now = new Set<SharedCell>();
    for (const cell of this._model.cells) {
      now.add(cell.sharedModel);
    }
    this._watched.forEach(cell => {
      if (!now.has(cell)) {
        cell.changed.disconnect(this._onCell, this);
      }
    });
    now.forEach(cell => {
      if (!this._watched.has(cell)) {
        cell.changed.connect(this._onCell, this);
      }
    });
    this._watched = now;
  }

  private _onCell(_: SharedCell, change: ChangeOf<SharedCell>): void {
    if (change.sourceChange || change.metadataChange) {
      this._emit();
    }
  }

  private _emit(): void {
    this._changed.emit();
  }

  private _isDisposed = false;
  private _watched = new Set<SharedCell>();
  private _changed = new Signal<this, void>(this);
}
