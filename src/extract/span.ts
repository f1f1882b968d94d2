import { NotebookPanel } from '@jupyterlab/notebook';
import { Cell } from '@jupyterlab/cells';

/** Notebook indexes of a block of cells, both ends included. */
export interface ISpan {
  first: number;
  last: number;
}

/**
 * The block of selected cells the command acts on: the selection (more than one cell) that holds
 * the target cell, its markdown ends left out; null for one cell.
 */
export function selectedSpan(panel: NotebookPanel, target: Cell): ISpan | null {
  const content = panel.content;
  const picked = content.widgets
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => content.isSelectedOrActive(cell));
  if (picked.length < 2 || !picked.some(p => p.cell === target)) {
    return null;
  }
  return codeEnds(panel, picked[0].index, picked[picked.length - 1].index);
}

/** `first`..`last` narrowed to its first and last code cells; null when fewer than two. */
export function codeEnds(
  panel: NotebookPanel,
  first: number,
  last: number
): ISpan | null {
  const widgets = panel.content.widgets;
  const code = (i: number) => widgets[i]?.model.type === 'code';
  while (first < last && !code(first)) {
    first++;
  }
  while (last > first && !code(last)) {
    last--;
  }
  return first < last && code(first) && code(last) ? { first, last } : null;
}

/** The cells of these ids: the block from the first to the last, and whether it holds only them. */
export function spanOfIds(
  panel: NotebookPanel,
  cellIds: readonly string[]
): (ISpan & { contiguous: boolean }) | null {
  const widgets = panel.content.widgets;
  const indexes = cellIds
    .map(id => widgets.findIndex(w => w.model.id === id))
    .filter(i => i >= 0)
    .sort((a, b) => a - b);
  if (indexes.length < 2 || indexes.length < cellIds.length) {
    return null;
  }
  const first = indexes[0];
  const last = indexes[indexes.length - 1];
  const wanted = new Set(indexes);
  // Markdown between the cells does not break the block; another code cell does.
  let contiguous = true;
  for (let i = first; i <= last; i++) {
    if (!wanted.has(i) && widgets[i].model.type === 'code') {
      contiguous = false;
    }
  }
  return { first, last, contiguous };
}
