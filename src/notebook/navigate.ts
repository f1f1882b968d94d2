import { JupyterFrontEnd } from '@jupyterlab/application';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';

/**
 * Makes a cell of the notebook active and scrolls to it: by index, or by cell id. Says
 * whether the cell was there.
 */
export function goToCell(panel: NotebookPanel, cell: number | string): boolean {
  const content = panel.content;
  const index =
    typeof cell === 'number'
      ? cell
      : content.widgets.findIndex(w => w.model.id === cell);
  if (index < 0 || index >= content.widgets.length) {
    return false;
  }
  content.activeCellIndex = index;
  void content.scrollToItem(index);
  return true;
}

/** The notebook and the cell a command targets. */
export interface ICommandTarget {
  panel: NotebookPanel | null;
  cell: Cell | null;
}

/**
 * The notebook a command targets (`args.path`, else the current notebook) and its cell
 * (`args.cellId`; from the cell context menu, `{ contextMenu: true }`, the cell right-clicked;
 * else the active cell): commands run from a cell's badge name theirs, the palette's and the
 * keyboard's act on the current ones.
 */
export function commandTarget(
  tracker: INotebookTracker,
  args: ReadonlyPartialJSONObject,
  app?: JupyterFrontEnd
): ICommandTarget {
  const panel =
    typeof args.path === 'string'
      ? (tracker.find(p => p.context.path === args.path) ?? null)
      : tracker.currentWidget;
  const node =
    app && args.contextMenu === true
      ? app.contextMenuHitTest(n => n.classList.contains('jp-Cell'))
      : undefined;
  const clicked = node
    ? (panel?.content.widgets.find(w => w.node === node) ?? null)
    : null;
  const cell =
    typeof args.cellId === 'string'
      ? (panel?.content.widgets.find(w => w.model.id === args.cellId) ?? null)
      : (clicked ?? panel?.content.activeCell ?? null);
  return { panel, cell };
}
