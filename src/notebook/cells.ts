import { INotebookModel } from '@jupyterlab/notebook';
import { INotebookCell } from '../analysis/index.js';
import { TAGS_KEY, tagList, TEST_TAG } from './constants.js';

/** The notebook's cells as the analysis takes them, read from the shared model. */
export function notebookCells(model: INotebookModel): INotebookCell[] {
  const cells: INotebookCell[] = [];
  for (let index = 0; index < model.cells.length; index++) {
    const cell = model.cells.get(index);
    cells.push({
      index,
      id: cell.id,
      cellType: cell.type,
      source: cell.sharedModel.getSource(),
      tags: tagList(cell.getMetadata(TAGS_KEY))
    });
  }
  return cells;
}

/** The sources of the code cells among `cells`, in order. */
export function codeSources(cells: readonly INotebookCell[]): string[] {
  return cells.filter(c => c.cellType === 'code').map(c => c.source);
}

/** A cell to replace by a new code cell. */
export interface ICellEdit {
  index: number;
  source: string;
}

/**
 * Replaces cells by new code cells, all in one transaction of the shared model: one undo
 * brings every original cell back as it was, outputs included, and collaborators see a single
 * change. Nothing is executed.
 */
export function replaceCells(
  model: INotebookModel,
  edits: readonly ICellEdit[],
  testCell?: ICellEdit
): void {
  const shared = model.sharedModel;
  shared.transact(() => {
    for (const { index, source } of edits) {
      shared.deleteCell(index);
      shared.insertCell(index, { cell_type: 'code', source, metadata: {} });
    }
    // A new test cell (tagged as one) goes in the same step: one undo removes it too.
    if (testCell) {
      shared.insertCell(testCell.index, {
        cell_type: 'code',
        source: testCell.source,
        metadata: { [TAGS_KEY]: [TEST_TAG] }
      });
    }
  });
}

/**
 * Replaces cells `first`..`last` by one new code cell (and, if given, a test cell after it) in
 * one transaction: one undo brings the whole block back, outputs included.
 */
export function replaceBlock(
  model: INotebookModel,
  first: number,
  last: number,
  source: string,
  testSource?: string
): void {
  const shared = model.sharedModel;
  shared.transact(() => {
    for (let index = last; index > first; index--) {
      shared.deleteCell(index);
    }
    replaceCells(
      model,
      [{ index: first, source }],
      testSource === undefined
        ? undefined
        : { index: first + 1, source: testSource }
    );
  });
}

/** Replaces one cell: see `replaceCells`. */
export function replaceCell(
  model: INotebookModel,
  index: number,
  source: string
): void {
  replaceCells(model, [{ index, source }]);
}

/** Whether the notebook's kernel may run Python, as far as its metadata says. */
export function isPythonNotebook(model: INotebookModel | null): boolean {
  const spec = model?.getMetadata('kernelspec') as
    { language?: string } | undefined;
  const info = model?.getMetadata('language_info') as
    { name?: string } | undefined;
  const language = info?.name || spec?.language;
  // Unknown (a new notebook before its kernel said): not known to be another language.
  return !language || language.toLowerCase() === 'python';
}
