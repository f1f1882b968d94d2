import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { IDisposable } from '@lumino/disposable';

/**
 * One object per open notebook, made as a notebook widget extension (the way core's cell
 * toolbar does its per-panel work) and disposed with the panel. Register it with
 * `app.docRegistry.addWidgetExtension('Notebook', perNotebook)`; `get` finds it (or makes it,
 * for a panel opened before the extension was registered).
 */
export class PerNotebook<
  T extends IDisposable
> implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel> {
  constructor(private readonly _create: (panel: NotebookPanel) => T) {}

  createNew(panel: NotebookPanel): IDisposable {
    return this.get(panel);
  }

  /** The panel's object, made now if it has none yet. */
  get(panel: NotebookPanel): T {
    let made = this._made.get(panel);
    if (!made) {
      made = this._create(panel);
      this._made.set(panel, made);
      panel.disposed.connect(this._onDisposed, this);
    }
    return made;
  }

  /** The panel's object if it has one, without making it. */
  find(panel: NotebookPanel | null): T | null {
    return panel ? (this._made.get(panel) ?? null) : null;
  }

  private _onDisposed(panel: NotebookPanel): void {
    panel.disposed.disconnect(this._onDisposed, this);
    this._made.get(panel)?.dispose();
    this._made.delete(panel);
  }

  private _made = new Map<NotebookPanel, T>();
}
