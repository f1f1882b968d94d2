// Helpers the jest tests share. Not part of the extension: tsconfig.json leaves src/testing/
// out of lib/, so nothing here is built or published.
import { NotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { nullTranslator, TranslationBundle } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { TRANSLATION_DOMAIN } from '../common/pluginIds';

type CellInput = Parameters<NotebookModel['sharedModel']['insertCells']>[1][0];

/** The English bundle of the extension's domain, as the plugins load it. */
export const trans: TranslationBundle = nullTranslator.load(TRANSLATION_DOMAIN);

/**
 * A real notebook model holding these cells: a string is a code cell's source. Its undo
 * history starts after them.
 */
export function notebookModel(
  cells: readonly (string | CellInput)[]
): NotebookModel {
  const model = new NotebookModel();
  model.sharedModel.insertCells(
    0,
    cells.map(cell =>
      typeof cell === 'string'
        ? { cell_type: 'code', source: cell, metadata: {} }
        : cell
    )
  );
  model.sharedModel.clearUndoHistory();
  return model;
}

/**
 * The parts of a notebook panel the per-notebook features read (model, cell widgets, path,
 * session), for a model without a page: no cell widgets, no kernel.
 */
export function panelOf(model: NotebookModel, path = 'a.ipynb'): NotebookPanel {
  const fake = {
    model,
    content: { widgets: [] },
    context: { path },
    sessionContext: {
      session: null,
      statusChanged: new Signal(model),
      kernelChanged: new Signal(model)
    }
  };
  return fake as unknown as NotebookPanel;
}
