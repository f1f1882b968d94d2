import { sliceOf } from './slice';
import { cellEffects } from './effects';
import { analyzeCell } from '../core';
import { codeCells } from '../../testing/analysis';

/** The code cells (by position among `sources`) that the last cell needs. */
function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

// fastcore 01_basics: `eval_type` evals annotations on the notebook's namespace, and every
// class that calls `store_attr()` reaches it; all later cells re-ran everything before them.
const HINTS =
  "def hints(f):\n    return eval(f.__annotations__['a'], f.__globals__)";

describe('sliceOf, cells that may read any name', () => {
  it('keeps for a cell calling a function that evals each name as the cells before left it', () => {
    // `y = 1` is hidden by `y = 2`: the eval can only see the second.
    expect(
      needs(
        HINTS,
        'y = 1',
        'y = 2',
        "def f(a: 'int'): pass\nh = hints(f)",
        'z = 5',
        'print(h, z)'
      )
    ).toEqual([0, 2, 3, 4]);
  });

  it('does not keep a cell calling a function that evals for cells that read nothing of it', () => {
    // An evaluated expression binds nothing: `hints(g)` changes no name `y` could hold.
    expect(needs(HINTS, 'y = 1', 'hints(g)', 'print(y)')).toEqual([1]);
  });

  it('counts a look-up in globals() as a read, an item set in it as a write', () => {
    const look = 'def look(n):\n    return globals().get(n, None)';
    expect(needs(look, 'y = 1', "look('y')", 'print(y)')).toEqual([1]);
    const put = 'def put(n):\n    globals()[n] = 1';
    expect(needs(put, 'y = 1', "put('x')", 'print(y)')).toEqual([0, 1, 2]);
    expect(cellEffects(analyzeCell(look)).lateReadsUnknown).toBe(true);
    expect(cellEffects(analyzeCell(look)).lateUnknown).toBe(false);
    expect(cellEffects(analyzeCell(put)).lateUnknown).toBe(true);
    expect(cellEffects(analyzeCell(HINTS)).lateUnknown).toBe(false);
    expect(
      cellEffects(analyzeCell('def run(s):\n    exec(s)')).lateUnknown
    ).toBe(true);
  });

  it('keeps every earlier cell for one that shows what all runs left (`_`, `np.empty`)', () => {
    expect(needs('a = 1', 'a = 2', 'b = 3', 'print(_)')).toEqual([0, 1, 2]);
    expect(
      needs('import numpy as np', 'x = np.zeros(9)', 'np.empty((2, 3))')
    ).toEqual([0, 1]);
    // Names only: `a = 1` is hidden, nothing the listing shows comes from it.
    expect(needs('a = 1', 'a = 2', 'b = 3', '%who')).toEqual([1, 2]);
  });
});
