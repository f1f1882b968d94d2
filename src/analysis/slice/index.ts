/**
 * Slices and stale cells: what a cell needs, what a run made stale, aliasing, effects and the
 * interpreter's own state. The only door into this folder.
 */
export { sliceOf } from './slice.js';
export { cellLinks } from './aliases.js';
export { cellEffects } from './effects.js';
export { stateChangingLines } from './interpreterState.js';
export {
  IRanSource,
  IStaleMark,
  IStaleState,
  cellsToRun,
  StaleTracker,
  staleCells
} from './staleCells.js';
