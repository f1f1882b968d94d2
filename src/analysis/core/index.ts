/**
 * The floor every other folder stands on: the Python parse, IPython syntax, frames and scopes,
 * one cell's facts, statements, names, indentation, and the notebook's data flow (dataflow.ts).
 * The only door into this folder; it imports no other analysis folder.
 */
export { ICellFlow, INotebookCell, NotebookAnalyzer } from './dataflow.js';
export {
  ICellAnalysis,
  analyzeCell,
  expressionReads,
  statementBinds,
  statementReads,
  topStatements
} from './cell.js';
export { LineIndex, children, lineOf, parsePython } from './parse.js';
export { pushAll } from './arrays.js';
export { BUILTINS, freeName, isIdentifier, nameFromComment } from './naming.js';
export {
  IMMUTABLE_VALUE_KINDS,
  IStatementFacts,
  isInert,
  onlyKinds,
  statementFacts
} from './statements.js';
export { UNIT, reindenter } from './indent.js';
export { cleanupCell, lineKinds, userPosition } from './cleanup.js';
export { transformIPython } from './ipython.js';
export { namesRebound, notebookFunctions, topFunctions } from './rebinds.js';
