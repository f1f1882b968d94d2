import type * as SliceAnalysis from './sliceAnalysis.js';

/** The slice analysis module, once loaded. */
export type SliceAnalysisModule = typeof SliceAnalysis;

let loaded: SliceAnalysisModule | null = null;
let loading: Promise<SliceAnalysisModule> | null = null;

/**
 * The slice analysis, loaded by the first caller: a notebook whose cells ran, a command. The
 * page load does without it (a notebook no cell of which ran has no stale cell).
 */
export function loadSliceAnalysis(): Promise<SliceAnalysisModule> {
  loading ??= import('./sliceAnalysis.js').then(module => (loaded = module));
  return loading;
}

/** The slice analysis if it is loaded already, for code that cannot wait; else null. */
export function sliceAnalysisIfLoaded(): SliceAnalysisModule | null {
  return loaded;
}
