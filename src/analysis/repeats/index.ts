/**
 * Repeated work: clone groups and reruns. The only door into this folder.
 */
export {
  CloneKind,
  DEFAULT_CLONE_OPTIONS,
  ICloneOptions,
  IFingerprint,
  IToken,
  IValueDifference,
  cellFingerprint,
  cloneDifferences,
  fingerprint,
  groupClones,
  longEnoughForClones,
  leafTokens
} from './clones.js';
export { IRun, describeRun, findReruns, findSequences } from './repeats.js';
