import { CodeCell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IReplayFailure } from './types.js';

/**
 * Runs cells one after the other, in the order given, and stops at the first that fails or
 * does not run: the cells after it were built on what it should have made (until the
 * slice-based recovery lands, the user decides how to go on). Null when every cell ran.
 */
export async function replayCells(
  panel: NotebookPanel,
  cells: readonly { index: number }[]
): Promise<IReplayFailure | null> {
  for (const { index } of cells) {
    const cell = panel.content.widgets[index];
    if (!(cell instanceof CodeCell)) {
      continue;
    }
    const reply = await CodeCell.execute(cell, panel.sessionContext);
    const content = reply?.content;
    if (content?.status === 'ok') {
      continue;
    }
    // No reply: nothing to run (a blank cell), or the kernel went away meanwhile.
    if (!content && !cell.model.sharedModel.getSource().trim()) {
      continue;
    }
    return content?.status === 'error'
      ? { index, ename: content.ename, evalue: content.evalue }
      : { index, ename: '', evalue: '' };
  }
  return null;
}
