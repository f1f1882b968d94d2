import { codeCells } from '../../testing/analysis';
import { IMovePlan, IMoveRefusal, MoveResult, planMove } from '.';

/** A small training notebook: imports, a constant, helpers, a model, a run and a test. */
const TRAINING = [
  'import numpy as np\nimport math',
  'EPS = 1e-9\nlr = 0.1',
  'def sigmoid(z):\n    return 1 / (1 + np.exp(-z))',
  'def predict(w, X):\n    return sigmoid(X @ w) > 0.5 + EPS',
  'w = np.zeros(3)\nX = np.ones((4, 3))\npredict(w, X)',
  'assert sigmoid(0) == 0.5\nassert predict(np.ones(1), np.ones((1, 1)))[0]'
];

function move(
  sources: string[],
  cells: number[],
  options: Partial<Parameters<typeof planMove>[2]> = {}
): MoveResult {
  return planMove(codeCells(sources), cells, {
    module: 'mlutils.py',
    ...options
  });
}

function plan(result: MoveResult): IMovePlan {
  if (!result.ok) {
    throw new Error(`refused: ${result.reason}`);
  }
  return result;
}

function refusal(result: MoveResult): IMoveRefusal {
  if (result.ok) {
    throw new Error('moved');
  }
  return result;
}

describe('planMove', () => {
  it('moves sigmoid and predict with the imports and constant they use', () => {
    const p = plan(move(TRAINING, [2, 3]));
    expect(p.moduleName).toBe('mlutils');
    expect(p.names).toEqual(['sigmoid', 'predict']);
    expect(p.moduleSource).toBe(
      'import numpy as np\n\n\nEPS = 1e-9\n\n\n' +
        'def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\n\n' +
        'def predict(w, X):\n    return sigmoid(X @ w) > 0.5 + EPS\n'
    );
    expect(p.cells).toEqual({
      replace: 2,
      remove: [3],
      source:
        '%load_ext autoreload\n%autoreload 1\n%aimport mlutils\nfrom mlutils import sigmoid, predict'
    });
    expect(p.tests).toBeNull();
  });

  it('moves along the helpers a function calls, from a cell that only defines', () => {
    const p = plan(move(TRAINING, [3]));
    expect(p.names).toEqual(['sigmoid', 'predict']);
    expect(p.cells.replace).toBe(2);
    expect(p.cells.remove).toEqual([3]);
  });

  it('puts a base class before its subclass and decorators before their use', () => {
    const p = plan(
      move(
        [
          'def register(f):\n    return f',
          'class Net(Base):\n    pass',
          'class Base:\n    pass\n@register\ndef g():\n    return Net()'
        ],
        [1, 2]
      )
    );
    const src = p.moduleSource;
    expect(src.indexOf('class Base')).toBeLessThan(src.indexOf('class Net'));
    expect(src.indexOf('def register')).toBeLessThan(src.indexOf('@register'));
    expect(p.cells.remove).toEqual([1, 2]);
  });

  it('refuses a function reading a global a later cell rebinds, offering a parameter', () => {
    const r = refusal(
      move(
        [
          'device = "cpu"',
          'def train(X):\n    return (X, device)',
          'device = "cuda"'
        ],
        [1]
      )
    );
    expect(r.code).toBe('reads-global');
    expect(r.name).toBe('device');
    expect(r.reason).toContain('train reads the notebook global device');
    expect(r.offer).toEqual({
      kind: 'parameter',
      function: 'train',
      name: 'device'
    });
  });

  it('refuses a function reading data, and a default depending on notebook state', () => {
    const data = refusal(move(['xs = [1, 2]', 'def f():\n    return xs'], [1]));
    expect([data.code, data.name]).toEqual(['reads-global', 'xs']);
    expect(data.reason).toContain('which is data');
    const def = refusal(
      move(['xs = [1, 2]', 'def f(a=xs):\n    return a'], [1])
    );
    expect([def.code, def.name]).toEqual(['definition-state', 'xs']);
  });

  it('names the lines of a cell that also does work, and moves only the definitions when asked', () => {
    const cells = [
      'import math',
      'def f(x):\n    return math.sqrt(x)\ny = f(4)\nprint(y)',
      'y'
    ];
    const r = refusal(move(cells, [1]));
    expect(r.code).toBe('does-work');
    expect(r.lines).toEqual([3, 4]);
    expect(r.reason).toContain('lines 3-4');
    expect(r.offer).toEqual({ kind: 'definitions-only' });
    const p = plan(move(cells, [1], { definitionsOnly: true }));
    expect(p.cells.source.split('\n').slice(-3)).toEqual([
      'from mlutils import f',
      'y = f(4)',
      'print(y)'
    ]);
    expect(p.moduleSource).toContain('import math\n');
  });

  it('refuses magics, __main__ blocks and names only __main__ has', () => {
    expect(
      refusal(move(['%matplotlib inline\ndef f():\n    pass'], [0])).code
    ).toBe('magic');
    expect(
      refusal(
        move(["def f():\n    pass\nif __name__ == '__main__':\n    f()"], [0])
      ).code
    ).toBe('main-only');
    const r = refusal(move(['def f():\n    return Out[1]'], [0]));
    expect([r.code, r.name]).toEqual(['main-only', 'Out']);
  });

  it('refuses a moved name the notebook binds again', () => {
    const r = refusal(
      move(['def f():\n    return 1', 'def f():\n    return 2'], [0])
    );
    expect([r.code, r.name]).toEqual(['rebound', 'f']);
  });

  it('appends to an existing module, reusing an identical definition', () => {
    const existing =
      '"""Helpers."""\nimport os\n\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n';
    const p = plan(move(TRAINING, [2, 3], { existing }));
    expect(
      p.moduleSource.startsWith(
        '"""Helpers."""\nimport os\nimport numpy as np\n'
      )
    ).toBe(true);
    expect(p.moduleSource.match(/def sigmoid/g)).toHaveLength(1);
    expect(
      p.moduleSource.endsWith(
        'def predict(w, X):\n    return sigmoid(X @ w) > 0.5 + EPS\n'
      )
    ).toBe(true);
    expect(p.names).toEqual(['sigmoid', 'predict']);
    const added = p.added.map(s => p.moduleSource.slice(s.from, s.to));
    expect(added[0]).toBe('import numpy as np\n');
    expect(added[1]).toContain('def predict');
    // What was there stays, in order.
    expect(p.moduleSource.replace(added[0], '').replace(added[1], '')).toBe(
      existing.trimEnd() + '\n\n\n'
    );
  });

  it('refuses a name the module already defines differently', () => {
    const existing = 'def sigmoid(z):\n    return z\n';
    const r = refusal(move(TRAINING, [2, 3], { existing }));
    expect([r.code, r.name]).toEqual(['module-defines', 'sigmoid']);
  });

  it('writes four spaces a level, whatever the cells used (a leading space, tabs, CRLF)', () => {
    const source = plan(
      move(
        [
          ' import math\n def sigmoid(x):\n     return 1 / (1 + math.exp(-x))',
          '\f\r\ndef predict(w, x):\r\n\tif w:\r\n\t\treturn sigmoid(w * x)\r\n\treturn 0\r\n'
        ],
        [0, 1]
      )
    ).moduleSource;
    expect(source).toContain(
      'def sigmoid(x):\n    return 1 / (1 + math.exp(-x))'
    );
    expect(source).toContain(
      'def predict(w, x):\n    if w:\n        return sigmoid(w * x)\n    return 0'
    );
    expect(source).not.toMatch(/\t|\r|\f/);
  });

  it('merges and sorts imports', () => {
    const p = plan(
      move(
        [
          'import torch\nfrom os import path\nfrom os import sep\nimport numpy as np',
          'def f():\n    return torch, path, sep, np'
        ],
        [1]
      )
    );
    expect(p.moduleSource.split('\n\n\n')[0]).toBe(
      'import numpy as np\nimport torch\nfrom os import path, sep'
    );
  });

  it('adds autoreload once, and imports from a module in a subfolder', () => {
    const p = plan(
      move(
        ['%load_ext autoreload\n%autoreload 2', 'def f():\n    return 1'],
        [1],
        {
          module: 'lib/ml.py'
        }
      )
    );
    expect(p.cells.source).toBe('%aimport lib.ml\nfrom lib.ml import f');
    expect(
      refusal(move(['def f():\n    pass'], [0], { module: '../x.py' })).code
    ).toBe('bad-module');
  });

  it('moves the test cells that test only moved names into test_<module>.py', () => {
    const p = plan(move(TRAINING, [2, 3], { tests: true }));
    expect(p.tests).toEqual({
      path: 'test_mlutils.py',
      cells: [5],
      source:
        'import numpy as np\nfrom mlutils import sigmoid, predict\n\n\n' +
        'def test_cell_5():\n    assert sigmoid(0) == 0.5\n' +
        '    assert predict(np.ones(1), np.ones((1, 1)))[0]\n'
    });
    expect(p.cells.remove).toEqual([3, 5]);
  });
});

describe('planMove with a global made a keyword parameter', () => {
  const cells = [
    'device = "cpu"',
    'def train(X, **kw):\n    return (X, device, kw)',
    'train(1)\nprint(train(2, a=3,))',
    'device = "cuda"\n[train(x) for x in (1, 2)]'
  ];

  it('adds the parameter and passes it at every call', () => {
    const p = plan(move(cells.slice(0, 3), [1], { parameters: ['device'] }));
    expect(p.moduleSource).toContain('def train(X, *, device, **kw):\n');
    expect(p.edits).toEqual([
      {
        index: 2,
        source: 'train(1, device=device)\nprint(train(2, a=3,device=device))'
      }
    ]);
  });

  it('refuses a call where the name may mean another one, naming the cell', () => {
    const r = refusal(move(cells, [1], { parameters: ['device'] }));
    expect(r.code).toBe('reads-global');
    expect(r.reason).toContain('cell 3 calls train');
  });

  it('refuses a function handed to other code, and one a moved function calls', () => {
    const handed = refusal(
      move(
        ['k = 1', 'def f():\n    return k', 'list(map(f, []))', 'k = 2'],
        [1],
        {
          parameters: ['k']
        }
      )
    );
    expect(handed.reason).toContain('hands f to other code');
    const called = refusal(
      move(
        ['k = 1', 'def f():\n    return k\ndef g():\n    return f()', 'k = 2'],
        [1],
        {
          parameters: ['k']
        }
      )
    );
    expect(called.reason).toContain('g calls f');
  });
});

it('leaves a test cell reading a name a star import may give', () => {
  const p = plan(
    move(
      [
        'from fastcore.test import *',
        'def f():\n    return 1',
        'test_eq(f(), 1)\nassert f() == 1'
      ],
      [1],
      { tests: true }
    )
  );
  expect(p.tests).toBeNull();
  expect(p.cells.remove).toEqual([]);
});

it('compiles the module as the notebook does: from __future__ first', () => {
  const cells = [
    'from __future__ import annotations\nimport os',
    'def f(p: Later) -> os.PathLike:\n    return p'
  ];
  const p = plan(move(cells, [1]));
  expect(p.moduleSource.split('\n').slice(0, 2)).toEqual([
    'from __future__ import annotations',
    'import os'
  ]);
  const r = refusal(move(cells, [1], { existing: 'import sys\n' }));
  expect([r.code, r.name]).toEqual(['bad-module', 'annotations']);
});
