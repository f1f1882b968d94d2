import { readFileSync } from 'fs';
import { join } from 'path';
import { planBlock } from './block';
import {
  cpythonFailures,
  codeCells,
  extractAt,
  ROOT,
  venvPython
} from '../../testing/analysis';

interface ICase {
  name: string;
  before: string[];
  cell: string;
  after: string[];
  params?: string[];
  returns?: string[];
  /** Names the function keeps as the notebook's (`global`). */
  globals?: string[];
  async?: boolean;
  refuse?: string;
}

// The same table runs against the CPython reference in tests/test_analysis_reference.py.
const CASES = JSON.parse(
  readFileSync(join(ROOT, 'tests', 'fixtures', 'analysis_cases.json'), 'utf-8')
) as ICase[];

describe('extraction on tricky cells', () => {
  it.each(CASES.map(c => [c.name, c] as const))('%s', (_, c) => {
    const result = extractAt(
      [...c.before, c.cell, ...c.after],
      c.before.length
    );
    if (c.refuse) {
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.reason).toContain(c.refuse);
      return;
    }
    if (!result.ok) {
      throw new Error(`refused: ${result.reason}`);
    }
    expect(result.params).toEqual(c.params);
    expect(result.returns).toEqual(c.returns);
    expect(result.globals).toEqual(c.globals ?? []);
    expect(result.async).toBe(c.async ?? false);
  });

  const python = venvPython();
  (python ? it : it.skip)('every generated cell parses under CPython', () => {
    const sources = CASES.flatMap(c => {
      const r = extractAt([...c.before, c.cell, ...c.after], c.before.length);
      return r.ok ? [r.source] : [];
    });
    expect(sources.length).toBeGreaterThan(30);
    expect(cpythonFailures(python!, sources)).toEqual([]);
  });
});

describe('generated source', () => {
  const plan = (sources: string[], at: number) => {
    const r = extractAt(sources, at);
    if (!r.ok) {
      throw new Error(r.reason);
    }
    return r;
  };

  it('writes the function, its docstring and the call', () => {
    const r = plan(['x = 1', '# Scale the input\ny = x * 2', 'print(y)'], 1);
    expect(r.name).toBe('scale_the_input');
    expect(r.source).toBe(
      [
        'def scale_the_input(x):',
        '    """Scale the input.',
        '',
        '    Parameters',
        '    ----------',
        '    x',
        '',
        '    Returns',
        '    -------',
        '    y',
        '    """',
        '    # Scale the input',
        '    y = x * 2',
        '    return y',
        '',
        '',
        'y = scale_the_input(x)'
      ].join('\n')
    );
  });

  it('indents with four spaces a level whatever the cell used', () => {
    const r = plan(['xs = [1]', 'for v in xs:\n  w = v\n  print(w)'], 1);
    expect(r.source).toContain('\n    for v in xs:\n        w = v\n');
  });

  it('does not re-indent the inside of a multi-line string', () => {
    const r = plan(['s = """first\nsecond"""\nn = len(s)', 'n'], 0);
    expect(r.source).toContain('    s = """first\nsecond"""');
  });

  it('moves leading imports above the function', () => {
    const r = plan(['import math\nr = math.pi', 'r'], 0);
    expect(r.source.startsWith('import math\n\n\ndef ')).toBe(true);
    expect(r.returns).toEqual(['r']);
  });

  it('returns the last expression when nothing else is returned', () => {
    const r = plan(['a = 2', 'b = a * 2\nb + 1'], 1);
    expect(r.source).toContain('    return b + 1\n');
    expect(r.source.endsWith(`\n${r.name}(a)`)).toBe(true);
  });

  it('shows the last expression after the call when it reads only results', () => {
    const r = plan(['m = 1\nm', 'm'], 0);
    expect(r.source.endsWith('m = compute_m()\nm')).toBe(true);
  });

  it('passes the shown value out when it reads a local', () => {
    const r = plan(['a = 1\nb = 2\na + b', 'a'], 0);
    expect(r.returns).toEqual(['a']);
    expect(r.source).toContain(`return a, _${r.name}_shown`);
  });

  it('awaits an async function', () => {
    const r = plan(
      ['async def get():\n    return 1', 'v = await get()', 'v'],
      1
    );
    expect(r.source).toContain('async def ');
    expect(r.source).toContain(`v = await ${r.name}()`);
  });

  it('avoids names the notebook already binds', () => {
    const sources = ['def total():\n    pass', '# total\nt = 1', 't'];
    const flows = extractAt(sources, 1);
    expect(flows.ok && flows.name).not.toBe('total');
  });

  it('says the line of a syntax error', () => {
    const r = extractAt(['x = 1\ny = (', 'z = 2'], 0);
    expect(r).toEqual(expect.objectContaining({ ok: false, line: 2 }));
  });
});

describe('names a called function writes', () => {
  const TRAIN =
    'def train(X, lr=0.5):\n    global w, b\n    w = X * lr\n    b = 0.0';

  it('are bound by the calling cell: a later cell gets them as parameters', () => {
    const r = extractAt(
      [
        'X = 2.0',
        TRAIN,
        'train(X)',
        'p = w * X + b\nq = p + 1\nprint(q)',
        'print(p)'
      ],
      3
    );
    expect(r.ok && r.params).toEqual(['w', 'X', 'b']);
  });

  it('stay the notebook names in a cell that calls the function itself', () => {
    const r = extractAt(
      ['X = 2.0', TRAIN, 'w = 1\ntrain(X)\np = w * X\nprint(p)', 'print(p)'],
      2
    );
    expect(r.ok && r.params).not.toContain('w');
  });
});

describe('%timeit in an extraction', () => {
  const A = 'import numpy as np\na = np.arange(10)';

  it('stays inside the function wherever it is, first or last: it displays no value', () => {
    const r = extractAt([A, 'b = a * 2\n%timeit sum(b)\n%timeit np.sum(b)'], 1);
    if (!r.ok) {
      throw new Error(r.reason);
    }
    expect(r.display).toBe('none');
    const [body, call] = r.source.split(/\n\n(?=\S)/);
    expect(body).toContain(
      "    get_ipython().run_line_magic('timeit', 'sum(b)')"
    );
    expect(body).toContain(
      "    get_ipython().run_line_magic('timeit', 'np.sum(b)')"
    );
    expect(call).not.toContain('timeit');
  });

  it("in a block, the first cell's and the last cell's alike", () => {
    const r = planBlock(
      codeCells([
        A,
        'b = a * 2\n%timeit sum(b)',
        'c = b + 1\n%timeit np.sum(c)'
      ]),
      1,
      2
    );
    if (!r.ok) {
      throw new Error(r.reason);
    }
    expect(r.source).not.toContain('display(');
    const call = r.source.slice(r.source.lastIndexOf('\n\n'));
    expect(call).not.toContain('timeit');
    expect(r.source.match(/run_line_magic\('timeit'/g)).toHaveLength(2);
  });

  it('with -o, its result is displayed as any value is', () => {
    const r = extractAt([A, 'b = a * 2\n%timeit -o np.sum(b)'], 1);
    expect(r.ok && r.display).not.toBe('none');
  });
});

describe("a function's default name", () => {
  const name = (sources: string[], at: number) => {
    const r = extractAt(sources, at);
    return r.ok ? r.name : r.reason;
  };
  const X = 'X = [1.0, 2.0]';
  const LOOP = 'lr = 1.0\nlosses = []\nfor x in X:\n    losses.append(lr * x)';

  it('is what later cells use: the last result the cell builds, no setting', () => {
    expect(name([X, LOOP, 'print(lr, losses[-1])'], 1)).toBe('compute_losses');
    expect(
      name([X, 'n = len(X)\nmodel = [v / n for v in X]', 'print(n, model)'], 1)
    ).toBe('compute_model');
  });

  it("with nothing used later, what the cell builds, not its loop's variable", () => {
    expect(name([X, LOOP], 1)).toBe('compute_losses');
  });

  it('for a cell that prints or shows data, the data it shows', () => {
    expect(name([X, LOOP, 'print(lr, losses[-1])'], 2)).toBe('show_lr');
    expect(name([X, LOOP, 'losses[-1]'], 2)).toBe('show_losses');
  });

  it('is the main call, not the figure-finishing calls after it', () => {
    const plt = 'import matplotlib.pyplot as plt\nlosses = [1, 2]';
    expect(
      name([plt, 'plt.plot(losses)\nplt.title("loss")\nplt.show()'], 1)
    ).toBe('run_plot');
  });

  it('for a cell of assertions, the data it checks', () => {
    expect(name([X, 'assert len(X) == 2\nassert X[0] < X[1]'], 1)).toBe(
      'check_X'
    );
  });
});
