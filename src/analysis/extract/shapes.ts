/**
 * jaxtyping annotations from live values: `Float[np.ndarray, "n 3"]`. A size that several
 * arrays of the function share gets one symbolic name (the rows of `X` (200, 3) and of `y`
 * (200,) become `"n 3"` and `"n"`); other sizes stay literal. Annotations are not checked when
 * the function runs (nothing here adds `@jaxtyped`): they change nothing the notebook computes.
 */
import {
  annotationFor,
  hintFor,
  IParamHint,
  IValueType
} from '../values/index.js';

/** jaxtyping's dtype kinds that the annotations use. */
export type DtypeKind = 'Float' | 'Int' | 'Bool' | 'Shaped';

const SYMBOLS = ['n', 'm', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w'];

/** Array and tensor types, as the kernel names them, with the type jaxtyping wraps. */
function containerOf(value: IValueType): IValueType | null {
  const full = `${value.module}.${value.name}`;
  if (full === 'numpy.ndarray' || full === 'torch.Tensor') {
    return value;
  }
  if (value.module.startsWith('jax') && /Array/.test(value.name)) {
    return { module: 'jax', name: 'Array', shape: null, dtype: null };
  }
  return null;
}

export function dtypeKind(dtype: string | null): DtypeKind {
  const name = (dtype ?? '').replace(/^torch\./, '').toLowerCase();
  if (/^(b?float|half|double)/.test(name)) {
    return 'Float';
  }
  if (/^u?int|^long|^short/.test(name)) {
    return 'Int';
  }
  if (name === 'bool') {
    return 'Bool';
  }
  return 'Shaped';
}

/** What the function's signature gets. */
export interface IShapeHints {
  /** Annotations (and docstring details) by parameter or result name. */
  hints: Record<string, IParamHint>;
  /** The dtype kinds used: the names to import from jaxtyping, sorted. */
  kinds: DtypeKind[];
}

/**
 * jaxtyping hints for the arrays among `values` (the function's parameters and results, in
 * signature order); other values get the plain hint. An array whose type the notebook has no
 * name for (no `import numpy as np`) gets the plain hint too.
 */
export function jaxtypingHints(
  names: readonly string[],
  values: Readonly<Record<string, IValueType & { literal?: string | null }>>,
  imports: ReadonlyMap<string, string>,
  params: readonly string[] = []
): IShapeHints {
  const arrays = names.filter(
    n => values[n] && arrayAnnotation(values[n], imports)
  );
  const symbols = sharedSizes(
    arrays.map(n => values[n].shape ?? []),
    paramSizes(params, values)
  );
  const hints: Record<string, IParamHint> = {};
  const kinds = new Set<DtypeKind>();
  for (const name of names) {
    const value = values[name];
    if (!value) {
      continue;
    }
    const plain = hintFor(value, imports);
    const container = arrayAnnotation(value, imports);
    if (!container || !value.shape) {
      hints[name] = plain;
      continue;
    }
    const kind = dtypeKind(value.dtype);
    kinds.add(kind);
    const dims = value.shape.map(d => symbols.get(d) ?? String(d)).join(' ');
    hints[name] = {
      annotation: `${kind}[${container}, "${dims}"]`,
      detail: plain.detail
    };
  }
  return { hints, kinds: [...kinds].sort() };
}

function arrayAnnotation(
  value: IValueType,
  imports: ReadonlyMap<string, string>
): string | null {
  const container = containerOf(value);
  return container && value.shape ? annotationFor(container, imports) : null;
}

/**
 * The sizes int parameters hold (`d` = 5), named after them: an array's width that is the
 * parameter `d` reads `"n d"`, not a hard-coded `"n 5"`. Two parameters of one value: neither.
 */
function paramSizes(
  params: readonly string[],
  values: Readonly<Record<string, IValueType & { literal?: string | null }>>
): Map<number, string> {
  const out = new Map<number, string>();
  const twice = new Set<number>();
  for (const name of params) {
    const value = values[name];
    const literal = value?.literal ?? '';
    if (value?.module !== 'builtins' || value.name !== 'int') {
      continue;
    }
    const size = /^\d+$/.test(literal) ? Number(literal) : 1;
    if (size > 1 && (out.has(size) || twice.has(size))) {
      out.delete(size);
      twice.add(size);
    } else if (size > 1) {
      out.set(size, name);
    }
  }
  return out;
}

/**
 * Sizes (other than 1) found in more than one array, named in order of first appearance;
 * the sizes of `named` by their names, in any array.
 */
function sharedSizes(
  shapes: readonly number[][],
  named: ReadonlyMap<number, string> = new Map()
): Map<number, string> {
  const holders = new Map<number, Set<number>>();
  shapes.forEach((shape, i) =>
    shape.forEach(size => {
      if (size !== 1) {
        holders.set(size, (holders.get(size) ?? new Set()).add(i));
      }
    })
  );
  const out = new Map(named);
  const free = SYMBOLS.filter(s => ![...named.values()].includes(s));
  for (const [size, arrays] of holders) {
    if (!out.has(size) && arrays.size > 1 && free.length > 0) {
      out.set(size, free.shift()!);
    }
  }
  return out;
}
