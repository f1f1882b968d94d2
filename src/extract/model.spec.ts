import { NotebookAnalyzer } from '../analysis';
import { ExtractModel, ShapeStyle } from './model';

function modelFor(sources: string[], at: number): ExtractModel {
  const cells = sources.map((source, index) => ({
    index,
    id: `c${index}`,
    cellType: 'code',
    source
  }));
  return new ExtractModel(new NotebookAnalyzer().analyze(cells)[at]);
}

const NOTEBOOK = [
  'data = [1, 2]\nscale = 3',
  '# rescale\nout = [d * scale for d in data]',
  'out'
];

describe('ExtractModel', () => {
  it('starts from the default plan', () => {
    const model = modelFor(NOTEBOOK, 1);
    expect(model.name).toBe('rescale');
    expect(model.parameters).toEqual(['data', 'scale']);
    expect(model.nameProblem).toBeNull();
    expect(model.canApply).toBe(true);
  });

  it('writes a smoke test that calls the new function with the current values', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.smokeTest = true;
    expect(model.smokeNames).toEqual(['data', 'scale', 'out']);
    const source = model.smokeTestFor({
      scale: {
        module: 'builtins',
        name: 'int',
        shape: null,
        dtype: null,
        literal: '3'
      },
      out: { module: 'builtins', name: 'list', shape: null, dtype: null }
    });
    expect(source!.split('\n').slice(1)).toEqual([
      'def test_rescale_smoke():',
      '    out = rescale(data, 3)',
      '    assert isinstance(out, list)'
    ]);
  });

  it('renames the function in the preview', () => {
    const model = modelFor(NOTEBOOK, 1);
    const changed = jest.fn();
    model.stateChanged.connect(changed);
    model.name = 'apply_scale';
    expect(changed).toHaveBeenCalled();
    const plan = model.plan;
    expect(plan.ok && plan.source).toContain('def apply_scale(data, scale):');
    expect(plan.ok && plan.source).toContain('out = apply_scale(data, scale)');
  });

  it('flags an invalid name and keeps the last good preview', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.name = '2fast';
    expect(model.nameProblem).toBe('invalid');
    expect(model.canApply).toBe(false);
    expect(model.plan.ok && model.plan.source).toContain('def rescale(');
    model.name = 'class';
    expect(model.nameProblem).toBe('invalid');
  });

  it('flags a name the notebook already binds', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.name = 'scale';
    expect(model.nameProblem).toBe('taken');
    expect(model.canApply).toBe(false);
  });

  it('keeps an unticked parameter global', () => {
    const model = modelFor(NOTEBOOK, 1);
    model.setIncluded('scale', false);
    expect(model.isIncluded('scale')).toBe(false);
    expect(model.plan.ok && model.plan.params).toEqual(['data']);
    expect(model.plan.ok && model.plan.source).toContain('out = rescale(data)');
    model.setIncluded('scale', true);
    expect(model.plan.ok && model.plan.params).toEqual(['data', 'scale']);
  });

  it('cannot apply a refused cell', () => {
    const model = modelFor(['%%bash\nls'], 0);
    expect(model.plan.ok).toBe(false);
    expect(model.canApply).toBe(false);
    expect(model.parameters).toEqual([]);
  });
});

describe('ExtractModel type hints', () => {
  const sources = [
    'import numpy as np\narr = np.zeros(3)',
    'total = arr.sum()',
    'total'
  ];
  const cells = sources.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));

  it('annotates parameters with what the kernel says they hold', async () => {
    const flows = new NotebookAnalyzer().analyze(cells);
    const askTypes = jest.fn(async () => ({
      arr: { module: 'numpy', name: 'ndarray', shape: [3], dtype: 'float64' }
    }));
    const model = new ExtractModel(flows[1], {
      imports: new Map([['np', 'numpy']]),
      askTypes
    });
    expect(model.hintsAvailable).toBe(true);
    await model.useTypeHints(true);
    expect(model.hintState).toBe('on');
    expect(model.plan.ok && model.plan.source).toContain('(arr: np.ndarray):');
    await model.useTypeHints(false);
    expect(model.plan.ok && model.plan.source).toContain('(arr):');
    await model.useTypeHints(true);
    expect(askTypes).toHaveBeenCalledTimes(1);
  });

  it('says so when the kernel does not answer in time', async () => {
    const flows = new NotebookAnalyzer().analyze(cells);
    const model = new ExtractModel(flows[1], { askTypes: async () => null });
    await model.useTypeHints(true);
    expect(model.hintState).toBe('timeout');
    expect(model.plan.ok && model.plan.source).toContain('(arr):');
  });

  it('offers no hints without a kernel', () => {
    const flows = new NotebookAnalyzer().analyze(cells);
    expect(new ExtractModel(flows[1]).hintsAvailable).toBe(false);
  });
});

describe('ExtractModel copies', () => {
  it('offers to replace the copies and lists their calls', () => {
    const cell = 'y = f(X)\nz = y + 1\nw = z * 2';
    const sources = [
      'X = 1\nX2 = 2',
      cell,
      cell.replace(/\bX\b/, 'X2'),
      'print(w)'
    ];
    const flows = new NotebookAnalyzer().analyze(
      sources.map((source, index) => ({
        index,
        id: null,
        cellType: 'code',
        source
      }))
    );
    const model = new ExtractModel(flows[1], { flows });
    expect(model.copyCount).toBe(1);
    expect(model.copies).toEqual([]);
    model.replaceCopies = true;
    // The copy's `w` is what the last cell prints: the function returns it for the copy.
    expect(model.copies).toEqual([
      { index: 2, source: `w = ${model.name}(X2)` }
    ]);
    model.replaceCopies = false;
    expect(model.copies).toEqual([]);
  });
});

describe('ExtractModel values as keyword parameters', () => {
  const TRAIN = [
    'X = [1.0, 2.0]',
    '# train\nlr = 0.5\nw = 0.0\nfor x in X:\n    w += lr * x\nprint(w)'
  ];

  function trainModel(options: ExtractModel.IOptions = {}): ExtractModel {
    const cells = TRAIN.map((source, index) => ({
      index,
      id: `c${index}`,
      cellType: 'code',
      source
    }));
    const flows = new NotebookAnalyzer().analyze(cells);
    return new ExtractModel(flows[1], { flows, ...options });
  }

  it("starts with the re-run flag's values as keyword parameters", () => {
    const model = trainModel({ keywords: ['lr'] });
    const plan = model.plan;
    expect(plan.ok && plan.source).toContain('def train(X, lr=0.5):');
    expect(plan.ok && plan.source).toContain('train(X, lr=0.5)');
    expect(model.literalNames.get(0)).toBe('lr');
  });

  it('lets any other value of the cell become one, and back', () => {
    const model = trainModel();
    const zero = model.literals.findIndex(l => l.label === 'w');
    model.setLiteralParam(zero, true);
    expect(model.plan.ok && model.plan.source).toContain(
      'def train(X, w=0.0):'
    );
    model.setLiteralParam(zero, false);
    expect(model.plan.ok && model.plan.source).toContain('def train(X):');
  });
});

describe('ExtractModel smoke-test preview', () => {
  it('shows the smoke-test cell it will add, from what the kernel said', async () => {
    const cells = NOTEBOOK.map((source, index) => ({
      index,
      id: `c${index}`,
      cellType: 'code',
      source
    }));
    const asked: string[][] = [];
    const model = new ExtractModel(new NotebookAnalyzer().analyze(cells)[1], {
      askTypes: async names => {
        asked.push([...names]);
        return {
          data: {
            module: 'builtins',
            name: 'list',
            shape: null,
            dtype: null,
            literal: null
          },
          scale: {
            module: 'builtins',
            name: 'int',
            shape: null,
            dtype: null,
            literal: '3'
          }
        };
      }
    });
    expect(model.smokeSource).toBeNull();
    model.smokeTest = true;
    await model.smokeReady;
    expect(model.smokeSource).toContain('rescale(');
    expect(asked).toEqual([['data', 'scale', 'out']]);
    await model.smokeReady;
    expect(asked.length).toBe(1);
  });
});

describe('ExtractModel shapes in the signature', () => {
  const FIT = [
    'import numpy as np\nX = np.zeros((200, 3))\ny = np.zeros(200)',
    '# fit\nw = np.linalg.lstsq(X, y, rcond=None)[0]',
    'print(w)'
  ];
  const values = {
    X: { module: 'numpy', name: 'ndarray', shape: [200, 3], dtype: 'float64' },
    y: { module: 'numpy', name: 'ndarray', shape: [200], dtype: 'float64' },
    w: { module: 'numpy', name: 'ndarray', shape: [3], dtype: 'float64' }
  };

  function fitModel(jaxtyping: boolean, shapes?: ShapeStyle): ExtractModel {
    const cells = FIT.map((source, index) => ({
      index,
      id: `c${index}`,
      cellType: 'code',
      source
    }));
    const flows = new NotebookAnalyzer().analyze(cells);
    return new ExtractModel(flows[1], {
      flows,
      imports: new Map([['np', 'numpy']]),
      askTypes: async () => values,
      askJaxtyping: async () => jaxtyping,
      shapes
    });
  }

  it('annotates arrays with jaxtyping when the kernel has it, the import above', async () => {
    const model = fitModel(true);
    await model.useTypeHints(true);
    const plan = model.plan;
    expect(plan.ok && plan.source).toContain('from jaxtyping import Float\n');
    expect(plan.ok && plan.source).toContain(
      'def fit(X: Float[np.ndarray, "n m"], y: Float[np.ndarray, "n"]) -> Float[np.ndarray, "m"]:'
    );
  });

  it("leaves PEP 8's two blank lines after jaxtyping's import, and types the results in the docstring", async () => {
    const model = fitModel(true);
    await model.useTypeHints(true);
    const source = model.plan.ok ? model.plan.source : '';
    expect(source).toMatch(/^from jaxtyping import Float\n\n\ndef fit\(/);
    expect(source).toContain(
      '    Returns\n    -------\n    w : Float[np.ndarray, "m"]\n'
    );
  });

  it('annotates a value made a keyword parameter with its own type, as the docstring does', async () => {
    const cells = [
      FIT[0],
      '# fit\nlr = 1.0\nw = X.sum(axis=0) * lr',
      'print(w)'
    ].map((source, index) => ({
      index,
      id: `c${index}`,
      cellType: 'code',
      source
    }));
    const flows = new NotebookAnalyzer().analyze(cells);
    const model = new ExtractModel(flows[1], {
      flows,
      imports: new Map([['np', 'numpy']]),
      askTypes: async () => ({
        ...values,
        lr: { module: 'builtins', name: 'int', shape: null, dtype: null }
      }),
      askJaxtyping: async () => false
    });
    await model.useTypeHints(true);
    model.setLiteralParam(
      model.literals.findIndex(l => l.label === 'lr'),
      true
    );
    const source = model.plan.ok ? model.plan.source : '';
    expect(source).toContain('lr: float = 1.0):');
    expect(source).toContain('    lr : float\n');
  });

  it("keeps today's annotations and docstring shapes without jaxtyping", async () => {
    const model = fitModel(false);
    await model.useTypeHints(true);
    const plan = model.plan;
    expect(plan.ok && plan.source).not.toContain('jaxtyping');
    expect(plan.ok && plan.source).toContain(
      'def fit(X: np.ndarray, y: np.ndarray):'
    );
    expect(plan.ok && plan.source).toContain('shape (200, 3)');
  });

  it('leaves shapes out when the setting says off', async () => {
    const model = fitModel(true, 'off');
    await model.useTypeHints(true);
    const plan = model.plan;
    expect(plan.ok && plan.source).not.toContain('jaxtyping');
    expect(plan.ok && plan.source).not.toContain('shape (200, 3)');
  });
});

describe('ExtractModel and interpreter state', () => {
  it('names the state the extracted code changes, for the dialog to say so', () => {
    const sources = [
      'import sys, os',
      "sys.path.insert(0, '..')\nos.chdir('data')\nx = 1",
      'print(x)'
    ];
    expect(modelFor(sources, 1).stateChanges).toEqual([
      'sys.path.insert',
      'os.chdir'
    ]);
    expect(modelFor(sources, 2).stateChanges).toEqual([]);
  });
});

describe('ExtractModel and %timeit', () => {
  it('says when %timeit lines go inside the function, for the dialog to say so', () => {
    const sources = ['a = [1, 2]', 'b = a * 2\n%timeit sum(b)', 'print(a)'];
    expect(modelFor(sources, 1).timesInside).toBe(true);
    expect(modelFor(sources, 2).timesInside).toBe(false);
  });
});
