import { ICellFlow } from '../core/index.js';

/** What the kernel says of a value: its type and, for arrays, tensors and frames, its shape. */
export interface IValueType {
  module: string;
  name: string;
  shape: number[] | null;
  dtype: string | null;
}

/** A parameter's annotation and the detail its docstring line gets. */
export interface IParamHint {
  annotation: string | null;
  detail: string | null;
}

/** Public paths of types whose defining module is private. */
const PUBLIC: Record<string, string> = {
  'pandas.core.frame.DataFrame': 'pandas.DataFrame',
  'pandas.core.series.Series': 'pandas.Series',
  'torch.Tensor': 'torch.Tensor',
  'numpy.ndarray': 'numpy.ndarray'
};

/** The import names of the notebook up to and including cell `at`, latest binding winning. */
export function importsUpTo(
  flows: readonly ICellFlow[],
  at: number
): Map<string, string> {
  const out = new Map<string, string>();
  for (const flow of flows) {
    if (flow.cell.index > at) {
      break;
    }
    flow.analysis.imports.forEach((path, name) => out.set(name, path));
  }
  return out;
}

/**
 * How the notebook itself would write a type: through the names it imported (`pd.DataFrame`
 * for `import pandas as pd`, `DataFrame` after `from pandas import DataFrame`), or a builtin's
 * bare name. Null when the notebook has no name for it.
 */
export function annotationFor(
  value: IValueType,
  imports: ReadonlyMap<string, string>
): string | null {
  if (value.module === 'builtins') {
    return value.name;
  }
  const full = `${value.module}.${value.name}`;
  const path = PUBLIC[full] ?? full;
  let best: string | null = null;
  for (const [name, target] of imports) {
    let candidate: string | null = null;
    if (target === path) {
      candidate = name;
    } else if (path.startsWith(`${target}.`)) {
      candidate = name + path.slice(target.length);
    }
    if (candidate && (best === null || candidate.length < best.length)) {
      best = candidate;
    }
  }
  return best;
}

export function hintFor(
  value: IValueType,
  imports: ReadonlyMap<string, string>
): IParamHint {
  const parts: string[] = [];
  if (value.shape) {
    parts.push(
      `shape (${value.shape.join(', ')}${value.shape.length === 1 ? ',' : ''})`
    );
  }
  if (value.dtype) {
    parts.push(`dtype ${value.dtype}`);
  }
  return {
    annotation: annotationFor(value, imports),
    detail: parts.length > 0 ? `${parts.join(', ')}.` : null
  };
}
