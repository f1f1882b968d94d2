/**
 * The analysis of notebook cells: pure TypeScript, no JupyterLab import, so that the CLI, jest,
 * the benchmarks and the frontend all run the same code.
 */
export { analyzeCell, ICellAnalysis } from './cell.js';
export {
  fingerprint,
  groupClones,
  ICloneOptions,
  IFingerprint
} from './clones.js';
export { ExtractResult, IExtractOptions, planExtraction } from './extract.js';
export { INotebookCell, ICellFlow, NotebookAnalyzer } from './notebook.js';
export {
  detectTestCell,
  ITestDetectionOptions,
  TestReason
} from './testcells.js';
export { analyzeNotebooks, INotebookInput, IAnalysisReport } from './report.js';
