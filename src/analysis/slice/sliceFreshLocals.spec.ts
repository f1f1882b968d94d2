import { sliceOf } from './slice';
import { codeCells } from '../../testing/analysis';

/** The code cells (by position among `sources`) that the last cell needs. */
function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

/** `xs`, a function built from `body`, a cell that calls it, then a cell that shows `xs`. */
function afterCall(body: string): number[] {
  return needs('xs = [1]', `def f():\n${body}`, 'y = f()', 'xs');
}

describe('sliceOf and the objects a function makes itself', () => {
  it('knows a change to a list, dict or set the function made changes nothing outside', () => {
    // fastcore 04_dispatch: `res = []` ... `res.append(o)` in sorted_topologically.
    expect(
      afterCall('    res = []\n    res.append(len(xs))\n    return res')
    ).toEqual([0]);
    expect(
      afterCall('    d = {}\n    d[0] = xs[0]\n    d.update(a=1)\n    return d')
    ).toEqual([0]);
    expect(
      afterCall('    s = set(xs)\n    s.add(2)\n    s.discard(1)\n    return s')
    ).toEqual([0]);
    expect(
      afterCall(
        '    c = [o for o in xs]\n    c += [2]\n    c.sort()\n    return c'
      )
    ).toEqual([0]);
    // A nested function is a new object each call: setting its attributes changes nothing.
    expect(
      afterCall(
        '    def g():\n        return xs\n    g.__doc__ = "x"\n    return g'
      )
    ).toEqual([0]);
  });

  it('still keeps a change to what a local may share with the notebook', () => {
    // The notebook's own list under another name.
    expect(afterCall('    res = xs\n    res.append(1)')).toEqual([0, 1, 2]);
    // An item of a new list is the notebook's object.
    expect(afterCall('    res = [xs]\n    res[0].append(1)')).toEqual([
      0, 1, 2
    ]);
    expect(afterCall('    res = [xs]\n    res[0] += [1]')).toEqual([0, 1, 2]);
    // Bound again by a loop, unpacking, `with`, or a decorator's result.
    expect(
      afterCall('    res = []\n    for res in [xs]:\n        res.append(1)')
    ).toEqual([0, 1, 2]);
    expect(
      afterCall('    res = []\n    res, b = xs, 1\n    res.append(1)')
    ).toEqual([0, 1, 2]);
    expect(
      afterCall('    res = []\n    with ctx() as res:\n        res.append(xs)')
    ).toEqual([0, 1, 2]);
    expect(
      afterCall(
        '    @keep\n    def g():\n        return xs\n    g.x = 1\n    return g'
      )
    ).toEqual([0, 1, 2]);
    // A copy that isn't a new container: `tuple(t)` may be `t` itself.
    expect(afterCall('    res = copy(xs)\n    res.append(1)')).toEqual([
      0, 1, 2
    ]);
  });
});

describe('sliceOf and names spelled like reflective builtins', () => {
  it('takes a parameter or a keyword named `globals` for what it is', () => {
    // fastcore 01_basics: `def get_annotations_ex(obj, *, globals=None, locals=None)`.
    expect(
      needs(
        'a = 1',
        'def f(obj, *, globals=None):\n    return globals or obj',
        'y = f(2)',
        'a'
      )
    ).toEqual([0]);
    expect(needs('a = 1', 'g = dict(globals=1, vars=2)', 'a')).toEqual([0]);
    expect(needs('a = 1', 'h = lambda locals: locals', 'a')).toEqual([0]);
  });

  it('still takes the builtin for the builtin', () => {
    expect(
      needs('a = 1', 'def f():\n    return globals()', 'y = f()', 'a')
    ).toEqual([0, 1, 2]);
    expect(
      needs('a = 1', 'def f(g=None):\n    return globals()', 'y = f()', 'a')
    ).toEqual([0, 1, 2]);
  });
});
