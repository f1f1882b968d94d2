import { INotebookModel } from '@jupyterlab/notebook';
import { IMovePlan } from '../analysis/index.js';

/** A cell as it was before the move, at its index then. */
interface IOriginal {
  index: number;
  cell: ReturnType<
    ReturnType<INotebookModel['sharedModel']['getCell']>['toJSON']
  >;
  removed: boolean;
}

/** What a move did to the notebook: enough to check it is still there and to reverse it. */
export interface IAppliedCells {
  originals: IOriginal[];
  /** The new cells, by their index after the move, with their id and source. */
  written: { index: number; id: string; source: string }[];
  lengthAfter: number;
}

/**
 * Replaces the moved cells by the import cell, the edited calls by their new source, and
 * removes the other moved cells (and moved test cells), in one transaction of the shared
 * model: one undo in the notebook brings every cell back as it was, outputs included.
 */
export function applyMoveToCells(
  model: INotebookModel,
  plan: Pick<IMovePlan, 'cells' | 'edits'>
): IAppliedCells {
  const shared = model.sharedModel;
  const sources = new Map<number, string>([
    [plan.cells.replace, plan.cells.source],
    ...plan.edits.map((e): [number, string] => [e.index, e.source])
  ]);
  const removed = new Set(plan.cells.remove.filter(i => !sources.has(i)));
  const originals = [...sources.keys(), ...removed]
    .sort((a, b) => a - b)
    .map(index => ({
      index,
      cell: shared.getCell(index).toJSON(),
      removed: removed.has(index)
    }));
  shared.transact(() => {
    sources.forEach((source, index) => {
      shared.deleteCell(index);
      shared.insertCell(index, { cell_type: 'code', source, metadata: {} });
    });
    [...removed].sort((a, b) => b - a).forEach(i => shared.deleteCell(i));
  });
  const after = (i: number) => i - [...removed].filter(r => r < i).length;
  return {
    originals,
    written: [...sources].map(([index, source]) => ({
      index: after(index),
      id: shared.getCell(after(index)).id,
      source
    })),
    lengthAfter: shared.cells.length
  };
}

/** Whether the notebook is still as the move left it (its new cells untouched). */
export function cellsUnchanged(
  model: INotebookModel,
  applied: IAppliedCells
): boolean {
  const shared = model.sharedModel;
  return (
    shared.cells.length === applied.lengthAfter &&
    applied.written.every(w => {
      const cell = shared.getCell(w.index);
      return cell.id === w.id && cell.getSource() === w.source;
    })
  );
}

/**
 * Puts back the cells the move replaced or removed, exactly as they were (ids, outputs,
 * metadata), in one transaction. Going up the original indexes, everything above a cell is
 * already restored, so each one's index is its original one.
 */
export function restoreCells(
  model: INotebookModel,
  applied: IAppliedCells
): void {
  const shared = model.sharedModel;
  shared.transact(() => {
    for (const { index, cell, removed } of applied.originals) {
      if (!removed) {
        shared.deleteCell(index);
      }
      shared.insertCell(index, cell);
    }
  });
}

/** Whether the notebook is back as it was before the move (undone in the editor). */
export function cellsRestored(
  model: INotebookModel,
  applied: IAppliedCells
): boolean {
  const shared = model.sharedModel;
  const removed = applied.originals.filter(o => o.removed).length;
  return (
    shared.cells.length === applied.lengthAfter + removed &&
    applied.originals.every(o => {
      const cell = shared.getCell(o.index);
      return cell.id === o.cell.id && cell.getSource() === sourceOf(o.cell);
    })
  );
}

function sourceOf(cell: { source?: unknown }): string {
  const source = cell.source;
  return Array.isArray(source) ? source.join('') : String(source ?? '');
}
