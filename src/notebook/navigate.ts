import { JupyterFrontEnd } from '@jupyterlab/application';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

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
 * The apps whose cell context menu is opening or closing in the current task. Lumino shows a
 * menu item's shortcut only when a key binding has the same command and equal args, so the
 * context menu's items carry no args; a command tells it runs from that menu instead by the
 * time it is asked: Lumino renders the menu (labels, isEnabled) inside the `contextmenu`
 * event, and closes it just before executing the item picked, both synchronously.
 */
const menuTasks = new WeakSet<JupyterFrontEnd>();

/**
 * Watches the app's context menu for `commandTarget`: call once, at activation, before any
 * right-click. The returned disposable stops watching.
 */
export function trackContextMenu(app: JupyterFrontEnd): IDisposable {
  const menu = app.contextMenu.menu;
  const mark = () => {
    menuTasks.add(app);
    // Until the end of this task: a later keystroke is not the menu's.
    setTimeout(() => menuTasks.delete(app), 0);
  };
  // Capturing on window: before the application's own listener opens the menu.
  window.addEventListener('contextmenu', mark, true);
  menu.aboutToClose.connect(mark);
  return new DisposableDelegate(() => {
    window.removeEventListener('contextmenu', mark, true);
    menu.aboutToClose.disconnect(mark);
  });
}

/** Whether a command is being asked about or run from the app's context menu. */
function fromContextMenu(app: JupyterFrontEnd): boolean {
  return menuTasks.has(app) || app.contextMenu.menu.isAttached;
}

/**
 * The notebook a command targets (`args.path`, else the current notebook) and its cell
 * (`args.cellId`; from the cell context menu, the cell right-clicked; else the active cell):
 * commands run from a cell's badge name theirs, the palette's and the keyboard's act on the
 * current ones.
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
    app && fromContextMenu(app)
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
