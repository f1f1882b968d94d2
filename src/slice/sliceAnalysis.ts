// The slice analysis the slice features use: slices, stale cells and what to run for them. It is
// the largest part of the analysis (the interpreter's state, call effects, aliases) and only runs
// once a cell has run or a command asks, so it is a chunk of its own: see lazyAnalysis.ts.
export { cellsToRun, sliceOf, staleCells } from '../analysis/index.js';
