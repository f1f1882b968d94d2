import { sliceOf } from './slice';
import { codeCells } from '../../testing/analysis';

/** The code cells (by position among `sources`) that the last cell needs. */
function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

describe('sliceOf a cell that only defines', () => {
  it('needs nothing for what its bodies read: they read when called', () => {
    // fastcore 01_basics: `def with_cast(f): ... annotations(f) ...` runs alone; a cell that
    // calls with_cast needs what its body reads, not the cell that defines it.
    expect(
      needs('import numpy as np', 'k = 2', 'def f():\n    return np.zeros(k)')
    ).toEqual([]);
    expect(
      needs(
        'import numpy as np',
        'class A:\n    def g(self):\n        return np.ones(3)'
      )
    ).toEqual([]);
  });

  it('needs what its decorators, defaults, bases and class bodies read now', () => {
    expect(
      needs(
        'import numpy as np',
        'k = 2',
        'def f(a=np.zeros(3)):\n    return a * k'
      )
    ).toEqual([0]);
    expect(
      needs(
        'def deco(f):\n    return f',
        'k = 2',
        '@deco\ndef f():\n    return k'
      )
    ).toEqual([0]);
    expect(
      needs(
        'class Base:\n    pass',
        'k = 2',
        'class A(Base):\n    z = k\n    def g(self):\n        return w'
      )
    ).toEqual([0, 1]);
    // A decorator's body runs now: what it reads is needed.
    expect(
      needs(
        'k = 2',
        'def deco(f):\n    f.k = k\n    return f',
        '@deco\ndef f():\n    return 1'
      )
    ).toEqual([0, 1]);
  });

  it('still gives a cell that calls the function what the body reads', () => {
    expect(
      needs(
        'import numpy as np',
        'k = 2',
        'def f():\n    return np.zeros(k)',
        'f()'
      )
    ).toEqual([0, 1, 2]);
  });

  it('leaves a cell that also runs code as it was', () => {
    expect(needs('k = 2', 'def f():\n    return k\nprint(f())')).toEqual([0]);
  });
});
