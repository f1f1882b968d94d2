/**
 * Extract to function: the plan, its rendering, literal parameters, what to keep, blocks and
 * copies. The only door into this folder.
 */
export { BlockResult, planBlock } from './block.js';
export {
  ExtractResult,
  IExtractOptions,
  IExtractPlan,
  IExtractRefusal,
  planExtraction
} from './extract.js';
export { definedName } from './definitions.js';
export { ICopyCall, ICopySkip, copiesOf, planWithCopies } from './copies.js';
export {
  ILiteralCandidate,
  literalCandidates,
  literalParams,
  literalPreviewLines,
  literalType
} from './literals.js';
export { jaxtypingHints } from './shapes.js';
export { ILiteralParam } from './types.js';
