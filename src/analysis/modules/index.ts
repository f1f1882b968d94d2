/**
 * Move to module: the plan of moving a notebook's functions and classes, with what they depend
 * on, into a `.py` beside it, and of the notebook after. Pure: no JupyterLab import.
 */
export { definitionNames } from './names.js';
export { dottedName, planMove } from './plan.js';
export {
  IMoveOptions,
  IMovePlan,
  IMoveRefusal,
  ISpan,
  MoveOffer,
  MoveRefusalCode,
  MoveResult
} from './types.js';
