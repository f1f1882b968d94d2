/**
 * The analysis of notebook cells: pure TypeScript, no JupyterLab import, so that the CLI, jest,
 * the benchmarks and the frontend all run the same code. This file is the analysis's only door:
 * the features, bench/ and tests/differential/ import from here (`make lint` checks it). The
 * command line (`cli/`) is the one other entry, node-only, kept out of this surface so the
 * frontend bundle never sees `node:fs`.
 */
// The floor every other stands on: parsing, IPython syntax, scopes, one cell's facts, the notebook's data flow.
export {
  analyzeCell,
  ICellAnalysis,
  ICellFlow,
  INotebookCell,
  isIdentifier,
  NotebookAnalyzer
} from './core/index.js';
// What the kernel says of values (type annotations) and where a function is called.
export {
  findCallThrough,
  findLastCall,
  functionAtLine,
  hintFor,
  ICallSite,
  IKernelValue,
  importsUpTo,
  IParamHint,
  IValueType,
  namesRebound
} from './values/index.js';
// Extract to function: plans, blocks, copies, literal parameters.
export {
  BlockResult,
  copiesOf,
  ExtractResult,
  ICopyCall,
  ICopySkip,
  IExtractOptions,
  IExtractRefusal,
  ILiteralCandidate,
  ILiteralParam,
  jaxtypingHints,
  literalCandidates,
  literalParams,
  literalPreviewLines,
  literalType,
  planBlock,
  planExtraction,
  planWithCopies
} from './extract/index.js';
// Repeated work: clones and reruns.
export {
  cellFingerprint,
  cloneDifferences,
  CloneKind,
  describeRun,
  findReruns,
  findSequences,
  fingerprint,
  groupClones,
  ICloneOptions,
  IFingerprint,
  IRun,
  IValueDifference
} from './repeats/index.js';
// Slices and stale cells.
export {
  cellsToRun,
  IRanSource,
  IStaleMark,
  IStaleState,
  sliceOf,
  staleCells,
  StaleTracker,
  stateChangingLines
} from './slice/index.js';
// Test cells.
export {
  cellTitle,
  DEFAULT_TEST_DETECTION,
  detectTestCell,
  ITestDetectionOptions,
  plannedTests,
  renderSmokeTest,
  TestReason
} from './testcells/index.js';
// Data paths.
export { dataPathsByCell, IDataPath } from './data/index.js';
// Imports.
export { notebookImports } from './imports/index.js';
// Move to module.
export {
  definitionNames,
  IMovePlan,
  IMoveRefusal,
  MoveResult,
  planMove
} from './modules/index.js';
// The whole report, as `node lib/cli.js analyze` prints it.
export { analyzeNotebooks, IAnalysisReport, INotebookInput } from './report.js';
