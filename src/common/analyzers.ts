import { NotebookAnalyzer } from '../analysis/notebook.js';

const analyzers = new WeakMap<object, NotebookAnalyzer>();

/**
 * The analyzer of one notebook widget, shared by every feature that reads it (flags, test
 * cells, extract): a cell is parsed once however many features look at it. Forgotten with the
 * widget.
 */
export function analyzerFor(notebook: object): NotebookAnalyzer {
  let analyzer = analyzers.get(notebook);
  if (!analyzer) {
    analyzer = new NotebookAnalyzer();
    analyzers.set(notebook, analyzer);
  }
  return analyzer;
}
