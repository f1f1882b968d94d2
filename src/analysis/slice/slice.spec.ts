import { sliceOf } from './slice';
import { cellEffects } from './effects';
import { analyzeCell } from '../core';
import { INotebookCell } from '../core';
import { codeCells, corpusNotebooks } from '../../testing/analysis';

/** The code cells (by position among `sources`) that the last cell needs. */
function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

describe('sliceOf', () => {
  it('keeps the cells that bind what the cell reads, and only those', () => {
    expect(needs('a = 1', 'b = 2', 'c = a + 1', 'print(c)')).toEqual([0, 2]);
  });

  it('takes the latest sure binding and drops what it hides', () => {
    expect(needs('x = 1', 'x = 2', 'x')).toEqual([1]);
    // A binding on some paths only leaves the earlier one needed.
    expect(needs('flag = True', 'x = 1', 'if flag:\n    x = 2', 'x')).toEqual([
      0, 1, 2
    ]);
    expect(needs('x = 1', 'x = x + 1', 'x')).toEqual([0, 1]);
  });

  it('keeps the cells that change an object in place in between', () => {
    expect(needs('df = {}', "df['a'] = 1", 'other = 3', 'df')).toEqual([0, 1]);
    expect(needs('m = Model()', 'm.fit(X)', 'X = 1', 'm.score()')).toEqual([
      0, 1
    ]);
    expect(needs('xs = []', 'xs.append(1)', 'xs[0] += 1', 'xs')).toEqual([
      0, 1, 2
    ]);
    expect(needs('o = C()', 'o.a.b = 2', 'o')).toEqual([0, 1]);
    // Passed to a call, which may change it: `random.shuffle(xs)`.
    expect(needs('xs = [1, 2]', 'shuffle(xs)', 'print(xs)')).toEqual([0, 1]);
  });

  it('follows an alias that is changed in place', () => {
    expect(needs('ms = [A()]', 'm = ms[0]\nm.fit()', 'ms')).toEqual([0, 1]);
  });

  it('keeps a change to an object that a view or a copy of a name shares', () => {
    // handson-ml3 tools_numpy: `g2` is a view of `g`; setting an item of g2 changes g.
    expect(
      needs('g = arange(24)', 'g2 = g.reshape(4, 6)', 'g2[1, 2] = 999', 'g')
    ).toEqual([0, 1, 2]);
    // The other way round: changing g changes what the view shows.
    expect(needs('g = arange(24)', 'v = g[:3]', 'g[0] = 7', 'v')).toEqual([
      0, 1, 2
    ]);
    // A name bound afresh from arithmetic shares nothing.
    expect(needs('a = [1]', 'b = len(a) * 2', 'a.append(2)', 'b')).toEqual([
      0, 1
    ]);
  });

  it('keeps a later change to an object a needed cell read, though the cell reads no such name', () => {
    // fastcore 11_xml: `Body` is built from `FT`; a later `FT._repr_markdown_ = ...` changes
    // how Body's values show.
    expect(
      needs(
        'class FT:\n    pass',
        'def ft(cls=FT):\n    return cls()',
        'Body = partial(ft)',
        'def highlight(s):\n    return "md"',
        'FT._repr_markdown_ = highlight',
        'other = 1',
        'Body()'
      )
    ).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps a later change to a module a needed cell used: np.set_printoptions', () => {
    expect(
      needs(
        'import numpy as np',
        'a = np.array([1.23456789])',
        'np.set_printoptions(precision=2)',
        'print(a)'
      )
    ).toEqual([0, 1, 2]);
  });

  it('keeps a later change to an object a needed call may have stored away', () => {
    expect(
      needs(
        'registry = []\ndef reg(x):\n    registry.append(x)',
        'class O: pass\nobj = O()',
        'reg(obj)',
        'obj.val = 5',
        'print(registry[0].val)'
      )
    ).toEqual([0, 1, 2, 3]);
  });

  it('follows the functions the cell calls, which read when called', () => {
    expect(
      needs('k = 2', 'def f(a):\n    return a * k', 'k = 10', 'j = 1', 'f(3)')
    ).toEqual([1, 2]);
    // Transitively: g calls f, f reads k.
    expect(
      needs(
        'def f():\n    return k',
        'def g():\n    return f()',
        'k = 1',
        'g()'
      )
    ).toEqual([0, 1, 2]);
  });

  it('keeps a call that rebinds or changes a name through a function', () => {
    expect(
      needs('n = 0', 'def bump():\n    global n\n    n += 1', 'bump()', 'n')
    ).toEqual([0, 1, 2]);
    expect(
      needs('log = []', 'def add(x):\n    log.append(x)', 'add(1)', 'log')
    ).toEqual([0, 1, 2]);
  });

  it('keeps a deletion of a name the cell reads', () => {
    expect(needs('x = 1', 'del x', 'x')).toEqual([0, 1]);
  });

  it('keeps cells whose effects it cannot see', () => {
    expect(needs('%matplotlib inline', 'a = 1', 'b = 2', 'a')).toEqual([0, 1]);
    expect(needs('from m import *', 'a = 1', 'a')).toEqual([0, 1]);
    expect(needs('a = 1', "exec('b = 2')", 'b = 3', 'a')).toEqual([0, 1]);
    expect(needs('!touch f.txt', 'a = 1', 'open("f.txt")')).toEqual([0]);
    expect(needs('a = 1', 'b = (', 'a')).toEqual([0, 1]);
  });

  it('keeps everything before a cell that reads what it cannot see', () => {
    expect(needs('a = 1', 'b = 2', 'print(globals())')).toEqual([0, 1]);
    expect(needs('a = 1', 'b = 2', '_')).toEqual([0, 1]);
    expect(needs('a = 1', 'b = 2', '%who')).toEqual([0, 1]);
    // Once a kept cell reads everything, so does the slice.
    expect(needs('a = 1', 'c = vars()', 'c')).toEqual([0, 1]);
  });

  it('counts random generators as changed by each draw', () => {
    expect(
      needs(
        'import numpy as np',
        'np.random.seed(42)',
        'a = np.random.rand()',
        'b = 1',
        'np.random.rand()'
      )
    ).toEqual([0, 1, 2]);
  });

  it('answers in indexes of the cells array, markdown skipped', () => {
    const cells: INotebookCell[] = [
      { index: 0, id: null, cellType: 'markdown', source: '# t' },
      { index: 1, id: null, cellType: 'code', source: 'a = 1' },
      { index: 2, id: null, cellType: 'markdown', source: 'a = 2' },
      { index: 3, id: null, cellType: 'code', source: 'a' }
    ];
    expect(sliceOf(cells, 3)).toEqual([1]);
    expect(() => sliceOf(cells, 2)).toThrow(RangeError);
    expect(() => sliceOf(cells, 4)).toThrow(RangeError);
    expect(() => sliceOf(cells, -1)).toThrow(RangeError);
  });
});

describe('cellEffects', () => {
  it('tells changes in place from mere reads', () => {
    const effects = cellEffects(
      analyzeCell("df['a'] = 1\nm.fit(X)\nprint(y)\no.a = 2\ndel d[0]")
    );
    expect([...effects.mutates].sort()).toEqual(['d', 'df', 'm', 'o']);
    // `est.fit(X)` changes est, not X (the table); an unknown function may change X.
    expect(effects.mayMutate.has('X')).toBe(false);
    expect(cellEffects(analyzeCell('train(X)')).mayMutate.has('X')).toBe(true);
    expect(effects.mayMutate.has('y')).toBe(false);
  });

  it('finds changes in function bodies to names from outside', () => {
    const effects = cellEffects(
      analyzeCell('def f(a):\n    a.append(1)\n    seen.add(a)\n    return a')
    );
    expect([...effects.lateMutates]).toEqual(['seen']);
    expect(effects.mutates.size).toBe(0);
  });
});

describe('sliceOf on the corpus', () => {
  const notebooks = corpusNotebooks();
  (notebooks.length > 0 ? it : it.skip)(
    'answers for every code cell, with earlier code cells in order',
    () => {
      for (const { cells } of notebooks.slice(0, 12)) {
        for (const cell of cells.filter(c => c.cellType === 'code')) {
          const slice = sliceOf(cells, cell.index);
          slice.forEach((at, k) => {
            expect(at).toBeLessThan(cell.index);
            expect(cells[at].cellType).toBe('code');
            expect(k === 0 || slice[k - 1] < at).toBe(true);
          });
        }
      }
    }
  );
});
