import { execFileSync } from 'child_process';
import { analyzeCell } from '../core/index.js';
import {
  findCallThrough,
  findLastCall,
  functionAtLine,
  namesRebound
} from './callSites.js';
import { renderSmokeTest } from '../testcells/index.js';

const parsesInCPython = (source: string) =>
  execFileSync('python3', [
    '-c',
    'import ast, sys; ast.parse(sys.argv[1])',
    source
  ]) !== null;

describe('findLastCall', () => {
  it('finds the last call of the function, with its targets and name arguments', () => {
    const cells = [
      'def fit(x, lr=0.1):\n    return x, lr',
      'a, b = fit(data, lr=0.5)',
      'print(1)\nm, s = fit(train, lr=rate)\nother(1)'
    ].map(analyzeCell);
    const site = findLastCall(cells, 'fit');
    expect(site).toEqual({
      targets: ['m', 's'],
      args: 'train, lr=rate',
      nameArgs: [
        { name: 'train', from: 0, to: 5 },
        { name: 'rate', from: 10, to: 14 }
      ],
      isAwait: false,
      cell: 2
    });
  });

  it('takes bare and awaited calls, and ignores attribute targets and other callees', () => {
    expect(findLastCall([analyzeCell('await load(url)')], 'load')).toEqual(
      expect.objectContaining({ targets: [], args: 'url', isAwait: true })
    );
    expect(findLastCall([analyzeCell('obj.x = load(1)')], 'load')).toBeNull();
    expect(findLastCall([analyzeCell('y = mod.load(1)')], 'load')).toBeNull();
    expect(findLastCall([analyzeCell('def f(:')], 'f')).toBeNull();
  });
});

describe('renderSmokeTest', () => {
  const imports = new Map([
    ['pd', 'pandas'],
    ['np', 'numpy']
  ]);

  it('checks types and shapes through the notebook aliases, with small literals inlined', () => {
    const site = findLastCall(
      [analyzeCell('frame, n = summarise(df, rate)')],
      'summarise'
    )!;
    const source = renderSmokeTest({
      fn: 'summarise',
      site,
      imports,
      values: {
        df: {
          module: 'pandas.core.frame',
          name: 'DataFrame',
          shape: [3, 2],
          dtype: null
        },
        rate: {
          module: 'builtins',
          name: 'float',
          shape: null,
          dtype: null,
          literal: '0.01'
        },
        frame: {
          module: 'pandas.core.frame',
          name: 'DataFrame',
          shape: [3, 2],
          dtype: null
        },
        n: { module: 'builtins', name: 'int', shape: null, dtype: null }
      }
    });
    expect(source.split('\n')).toEqual([
      '# Smoke test: summarise called as its last call was, checked against what that call gave.',
      'def test_summarise_smoke():',
      '    frame, n = summarise(df, 0.01)',
      '    assert isinstance(frame, pd.DataFrame)',
      '    assert tuple(frame.shape) == (3, 2)',
      '    assert isinstance(n, int)'
    ]);
    expect(parsesInCPython(source)).toBe(true);
  });

  it('falls back to the type name, None and an awaited call', () => {
    const site = findLastCall([analyzeCell('a, b = await get(1)')], 'get')!;
    const source = renderSmokeTest({
      fn: 'get',
      site,
      imports: new Map(),
      values: {
        a: { module: 'torch', name: 'Tensor', shape: [4], dtype: null },
        b: { module: 'builtins', name: 'NoneType', shape: null, dtype: null }
      }
    });
    expect(source).toContain('async def test_get_smoke():');
    expect(source).toContain('assert type(a).__name__ == "Tensor"');
    expect(source).toContain('assert tuple(a.shape) == (4,)');
    expect(source).toContain('assert b is None');
    expect(parsesInCPython(source)).toBe(true);
  });

  it('without anything from the kernel, only checks that the call runs', () => {
    const site = findLastCall([analyzeCell('plot(x)')], 'plot')!;
    const source = renderSmokeTest({ fn: 'plot', site, imports, values: {} });
    expect(source).toContain('result = plot(x)');
    expect(source).toContain('must run without an error');
    expect(parsesInCPython(source)).toBe(true);
  });
});

describe('the function under the cursor, and calls through other functions', () => {
  const model = analyzeCell(
    'import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\n@cache\ndef predict_proba(x, w):\n    return sigmoid(x * w)\n'
  );
  const cells = [model, analyzeCell('p = predict_proba(xs, 2.0)')];

  it('finds the def whose lines hold the cursor', () => {
    expect(functionAtLine(model, 0)).toBeNull();
    expect(functionAtLine(model, 3)).toBe('sigmoid');
    expect(functionAtLine(model, 5)).toBe('predict_proba');
    expect(functionAtLine(model, 7)).toBe('predict_proba');
  });

  it('a function only another calls is called through that one', () => {
    expect(findLastCall(cells, 'sigmoid')).toBeNull();
    const through = findCallThrough(cells, 'sigmoid')!;
    expect(through.via).toBe('predict_proba');
    expect(through.site.args).toBe('xs, 2.0');
    const source = renderSmokeTest({
      fn: 'sigmoid',
      site: through.site,
      values: {},
      imports: new Map(),
      via: through.via
    });
    expect(source.split('\n').slice(1)).toEqual([
      'def test_sigmoid_smoke():',
      '    p = predict_proba(xs, 2.0)'
    ]);
    expect(findCallThrough([model], 'sigmoid')).toBeNull();
  });
});

describe('namesRebound', () => {
  it('finds the globals a function writes, itself or through the functions it calls', () => {
    const cells = [
      'def train(X, lr=0.5):\n    global w, b\n    w, b = X * lr, 0',
      'def run(X):\n    train(X)\n    return 1',
      'def pure(x):\n    return x + 1'
    ].map(analyzeCell);
    expect(namesRebound(cells, 'train')).toEqual(['w', 'b']);
    expect(namesRebound(cells, 'run')).toEqual(['w', 'b']);
    expect(namesRebound(cells, 'pure')).toEqual([]);
  });
});
