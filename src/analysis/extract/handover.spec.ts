import { planBlock } from './block';
import { analyzeCell } from '../core';
import { codeCells } from '../../testing/analysis';

/** The block plan of all the cells but the last `after` ones (those come after the block). */
function plan(cells: string[], after = 0) {
  return planBlock(codeCells(cells), 0, cells.length - 1 - after);
}

/** The new cell's lines before its `def`: what moved to module level. */
function moved(source: string): string {
  return source.slice(0, source.search(/^def (cell|compute|show|run)_/m));
}

// Cases shrunk from fastcore's 01_basics and 03a_parallel, where the differential tester saw
// blocks of two and three cells change what the notebook computes.
describe('code that a block hands its functions and classes to', () => {
  it('gets a function defined at module level: it may pickle it or read its source', () => {
    const result = plan([
      'xs = range(8)\nparallel(str, xs)',
      'def double(x):\n    return x * 2\n\nparallel(double, xs)'
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(moved(result.source)).toContain('def double(x):');
    }
  });

  it('still keeps a function that is only called inside the new function', () => {
    const result = plan([
      'xs = [1, 2]',
      'def double(x):\n    return x * 2\n\ny = double(xs[0])'
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(moved(result.source)).not.toContain('def double');
    }
  });

  it('refuses, naming it, a function bound twice that is handed over', () => {
    const result = plan([
      'class A: pass\ndef func(a: A): pass\nhints(func)',
      'def func(a: int): pass\nhints(func)'
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('func');
    }
  });
});

describe('classes and decorated functions, which are handed over as they are made', () => {
  it('moves a class the block only calls: its instances hold it (pickle, a dataclass repr)', () => {
    const result = plan([
      'import pickle\nn = 3',
      'class Net:\n    pass\nnet = Net()\nprint(len(pickle.dumps(net)) > 0)'
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(moved(result.source)).toContain('class Net:');
    }
  });

  it('refuses a decorated function that is not first: the decorator may keep it', () => {
    const result = plan([
      'REG = {}\ndef register(f):\n    REG[f.__name__] = f\n    return f\nn = 1',
      "@register\ndef hello():\n    return 'hi'\nprint(REG['hello'].__qualname__)"
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('hello');
    }
  });
});

describe('annotations, which are read later by name in the globals', () => {
  it('count as what the function reads when called', () => {
    const analysis = analyzeCell('def f(x: T, y: int = 1) -> U:\n    pass');
    expect([...analysis.lateReads].sort()).toEqual(['T', 'U', 'int']);
  });

  it('keep the classes they name at module level, or refuse (`@patch` reads `x: _T9` later)', () => {
    const result = plan([
      'class _T8(int): pass\nt = _T8(1)',
      'class _T9(int): pass\n\n@patch\ndef func2(x: _T8 | _T9, a):\n    return x * a\n\nt = _T9(2)'
    ]);
    // `@patch` is handed func2, which can't move above the block's first lines: refused.
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('func2');
    }
  });
});

describe('a name a call is handed as a string', () => {
  it('refuses the block when that call may rebind a name the block bound itself', () => {
    const result = plan([
      "_t = get_class('_t', 'a')\nt = _t()",
      "mk_class('_t', a=1)\nt = _t()"
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('`_t` is spelled in a string');
    }
  });

  it('lets methods, keywords and builtins spell a name the code bound: plt.ylabel("loss")', () => {
    expect(
      plan([
        'loss = [1, 2]\nplt.plot(loss)',
        "plt.ylabel('loss')\ndf.plot(y='loss')\nprint('loss')\nz = loss"
      ]).ok
    ).toBe(true);
  });

  it('lets `P2 = type("P2", ...)` bind its own name', () => {
    expect(plan(["P2 = type('P2', (), {})\np = P2()", 'q = P2()']).ok).toBe(
      true
    );
  });
});
