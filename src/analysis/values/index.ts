/**
 * Values as the kernel and the calls see them: kernel type annotations (annotations.ts),
 * what calls do to their arguments (calls.ts, callEffects.ts) and where a function is called
 * (callSites.ts); the smoke test that replays a call is testcells/smoke.ts. The only door into
 * this folder.
 */
export {
  IParamHint,
  IValueType,
  annotationFor,
  hintFor,
  importsUpTo
} from './annotations.js';
export { changedArguments, readCall, resultSources } from './calls.js';
export {
  ICallSite,
  IKernelValue,
  findCallThrough,
  findLastCall,
  functionAtLine,
  namesRebound
} from './callSites.js';
