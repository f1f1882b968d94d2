import { planExtraction } from './extract';
import {
  literalCandidates,
  literalParams,
  literalPreviewLines,
  literalType
} from './literals';
import { NotebookAnalyzer } from '../core';

function flowOf(sources: string[], at: number) {
  const cells = sources.map((source, index) => ({
    index,
    id: `c${index}`,
    cellType: 'code',
    source
  }));
  return new NotebookAnalyzer().analyze(cells)[at];
}

/** The plan with the literals labelled `labels` (or written so) as keyword parameters. */
function planWith(sources: string[], at: number, labels: string[]) {
  const flow = flowOf(sources, at);
  const base = planExtraction(flow);
  if (!base.ok) {
    throw new Error(base.reason);
  }
  const chosen = literalCandidates(flow.analysis).filter(
    c => labels.includes(c.label) || labels.includes(c.text)
  );
  return planExtraction(flow, {
    literals: literalParams(flow.analysis, chosen, base)
  });
}

const TRAIN = [
  'X_train = [1.0, 2.0]\ny_train = [2.0, 4.0]',
  '# train\nlr = 0.5\nw = 0.0\nfor x, y in zip(X_train, y_train):\n    w += lr * (y - w * x) * x\nprint(round(w, 3))',
  'print(w)'
];

describe('literalCandidates', () => {
  it('lists assigned, passed and bare scalar literals, with the name they go to', () => {
    const flow = flowOf(['f(a, epochs=5, s="adam")\nx = -1\ny = g(2)'], 0);
    expect(
      literalCandidates(flow.analysis).map(c => [c.label, c.text, c.line])
    ).toEqual([
      ['epochs', '5', 1],
      ['s', '"adam"', 1],
      ['x', '-1', 2],
      ['', '2', 3]
    ]);
  });

  it('leaves out what runs at another time or a name would change', () => {
    const flow = flowOf(
      [
        '"""A note."""\ndef f(k=3):\n    return 4\ng = lambda: 5\nmatch 1:\n    case 2:\n        pass\ns = f"{6}"\nx = 7'
      ],
      0
    );
    expect(literalCandidates(flow.analysis).map(c => c.text)).toEqual(['7']);
  });
});

describe('literal parameters', () => {
  it("makes the re-run flag's value a keyword parameter named as the value's name", () => {
    const plan = planWith(TRAIN, 1, ['lr']);
    expect(plan.ok && plan.source).toContain(
      'def train(X_train, y_train, lr=0.5):'
    );
    expect(plan.ok && plan.source).not.toMatch(/^\s+lr = 0\.5$/m);
    expect(plan.ok && plan.source).toContain(
      'w = train(X_train, y_train, lr=0.5)'
    );
  });

  it('hands no keyword parameter back: a later reader gets it from a line before the call', () => {
    const cells = [
      'X = [1.0, 2.0]',
      'lr = 1.0\nlosses = []\nfor x in X:\n    losses.append(lr * x)',
      'print(lr, losses[-1])'
    ];
    const plan = planWith(cells, 1, ['lr']);
    expect(plan.ok && plan.returns).toEqual(['losses']);
    expect(plan.ok && plan.source).toMatch(
      /\n\nlr = 1\.0\nlosses = compute_losses\(X, lr=lr\)$/
    );
    // No later reader: the call alone, the value where the user changes it.
    const alone = planWith(cells.slice(0, 2), 1, ['lr']);
    expect(alone.ok && alone.source).toMatch(/\n\n\w+\(X, lr=1\.0\)$/);
  });

  it('hands a keyword parameter back when the cell changes it after its first binding', () => {
    const plan = planWith(
      [
        'X = [1.0, 2.0]',
        'lr = 1.0\nlosses = []\nfor x in X:\n    losses.append(lr * x)\n    lr *= 0.5',
        'print(lr, losses[-1])'
      ],
      1,
      ['lr']
    );
    expect(plan.ok && plan.returns).toEqual(['losses', 'lr']);
    expect(plan.ok && plan.source).toMatch(
      /\n\nlosses, lr = compute_losses\(X, lr=1\.0\)$/
    );
  });

  it('keeps a later-read setting visible to the value shown after the call', () => {
    const plan = planWith(['lr = 1.0\nlr * 2', 'print(lr)'], 0, ['lr']);
    expect(plan.ok && plan.returns).toEqual([]);
    expect(plan.ok && plan.display).toBe('after-call');
    expect(plan.ok && plan.source).toMatch(
      /\n\nlr = 1\.0\n\w+\(lr=lr\)\nlr \* 2$/
    );
  });

  it('keeps the statement and takes another name when the name is mentioned before', () => {
    const plan = planWith(['k = 1', 'print(k)\nk = 2\nprint(k * 3)'], 1, ['k']);
    expect(plan.ok && plan.source).toMatch(/def \w+\(k, k_2=2\):/);
    expect(plan.ok && plan.source).toContain('k = k_2');
  });

  it('takes the name when only a comment mentions it before (the demo: "another lr")', () => {
    const cells = [...TRAIN];
    cells[1] = cells[1].replace(
      '# train',
      '# train: run me again with another lr'
    );
    const plan = planWith(cells, 1, ['lr']);
    expect(plan.ok && plan.source).toContain(
      'def train(X_train, y_train, lr=0.5):'
    );
    expect(plan.ok && plan.source).not.toContain('lr_2');
  });

  it('keeps a name that a function of the cell reads when called global, its literal renamed', () => {
    const plan = planWith(
      ['lr = 0.5\ndef step(w):\n    return w * lr\nprint(step(2))'],
      0,
      ['lr']
    );
    // `step` moves to module level and reads the notebook's `lr`: that binding stays.
    expect(plan.ok && plan.source).toContain('lr = lr_2');
  });

  it('passes a keyword argument through under its own name', () => {
    const plan = planWith(
      ['data = [3, 1]', 'out = sorted(data, reverse=True)'],
      1,
      ['reverse']
    );
    expect(plan.ok && plan.source).toContain(
      'out = sorted(data, reverse=reverse)'
    );
    expect(plan.ok && plan.source).toMatch(/\(data, reverse=True\)/);
  });
});

describe('literalPreviewLines', () => {
  it("finds each value on the preview's line: in the body, or where its parameter's default is", () => {
    const flow = flowOf(TRAIN, 1);
    const candidates = literalCandidates(flow.analysis);
    expect(candidates.map(c => c.text)).toEqual(['0.5', '0.0', '3']);
    const plan = planWith(TRAIN, 1, ['lr']);
    if (!plan.ok) {
      throw new Error(plan.reason);
    }
    const lines = plan.source.split('\n');
    const at = literalPreviewLines(
      flow.analysis.source,
      candidates,
      new Map([[0, 'lr']]),
      plan.source
    );
    expect(lines[at[0]! - 1]).toMatch(/^def train\(.*lr=0\.5/);
    expect(lines[at[1]! - 1].trim()).toBe('w = 0.0');
    expect(lines[at[2]! - 1].trim()).toBe('print(round(w, 3))');
  });

  it('tells equal lines apart by their order, and says null for a line the preview lacks', () => {
    const source = 'x = 1\ny = 2\nx = 1';
    const candidates = literalCandidates(flowOf([source], 0).analysis);
    expect(
      literalPreviewLines(
        source,
        candidates,
        new Map(),
        'def f():\n    x = 1\n    y = 2\n    x = 1'
      )
    ).toEqual([2, 3, 4]);
    expect(
      literalPreviewLines(source, candidates, new Map(), 'def f():\n    pass')
    ).toEqual([null, null, null]);
  });
});

describe('literalType', () => {
  it('says the type of a scalar as written', () => {
    expect(
      [
        '1',
        '-3',
        '1e-12',
        '0.5',
        '.5',
        '1_000.0',
        'True',
        '"adam"',
        "b'x'",
        '0x1f',
        'None'
      ].map(literalType)
    ).toEqual([
      'int',
      'int',
      'float',
      'float',
      'float',
      'float',
      'bool',
      'str',
      'bytes',
      null,
      null
    ]);
  });
});
