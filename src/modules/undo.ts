import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Contents } from '@jupyterlab/services';
import { TranslationBundle } from '@jupyterlab/translation';
import { changedSince, IFileWritten, restoreAll } from './files.js';
import {
  cellsRestored,
  cellsUnchanged,
  IAppliedCells,
  restoreCells
} from './notebookEdit.js';

/**
 * What a move changed: the notebook (by path), the files it wrote and the notebook's cells.
 * Plain JSON, kept across reloads: the files' earlier content is in their checkpoints.
 */
export interface IMoveRecord {
  notebook: string;
  writes: IFileWritten[];
  cells: IAppliedCells;
}

async function tell(trans: TranslationBundle, body: string): Promise<void> {
  await showDialog({
    title: trans.__('The move cannot be undone'),
    body,
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}

/**
 * Restores the files and the notebook to their exact earlier contents. When either changed
 * since the move (an edit would be lost), nothing is touched and the message says what
 * changed. A notebook already undone in the editor (Ctrl+Z) only needs the files back.
 * Says whether it undid the move.
 */
export async function undoMove(
  contents: Contents.IManager,
  panel: NotebookPanel,
  record: IMoveRecord,
  trans: TranslationBundle
): Promise<boolean> {
  const model = panel.model;
  if (!model) {
    return false;
  }
  const notebookAsMoved = cellsUnchanged(model, record.cells);
  if (!notebookAsMoved && !cellsRestored(model, record.cells)) {
    await tell(
      trans,
      trans.__(
        'The notebook changed since the move: undo those edits first (Edit › Undo), or restore it by hand. Nothing was changed.'
      )
    );
    return false;
  }
  let changed: string[];
  try {
    changed = await changedSince(contents, record.writes);
  } catch (error) {
    changed = [error instanceof Error ? error.message : String(error)];
  }
  if (changed.length > 0) {
    await tell(
      trans,
      trans.__(
        '%1 changed since the move: undoing would lose those edits. Nothing was changed.',
        changed.join(', ')
      )
    );
    return false;
  }
  try {
    await restoreAll(contents, record.writes);
  } catch (error) {
    await tell(trans, error instanceof Error ? error.message : String(error));
    return false;
  }
  if (notebookAsMoved) {
    restoreCells(model, record.cells);
  }
  Notification.info(
    trans.__(
      'Move undone: the notebook and %1 are as before.',
      record.writes[0].path
    ),
    { autoClose: 5000 }
  );
  return true;
}
