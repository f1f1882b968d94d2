import { codeCells } from '../testing/analysis';
import { IExisting, MoveModel } from './model';

const CELLS = [
  'import numpy as np',
  'device = "cpu"',
  'def sigmoid(z):\n    return 1 / (1 + np.exp(-z))',
  'def train(X):\n    return (sigmoid(X), device)',
  'train(1)',
  'device = "cuda"'
];

function model(
  selection: number[],
  read: (module: string) => Promise<IExisting> = async () => ({
    module: null,
    tests: null
  })
): MoveModel {
  return new MoveModel({
    cells: codeCells(CELLS),
    candidates: [
      { index: 2, names: ['sigmoid'] },
      { index: 3, names: ['train'] }
    ],
    selection,
    module: 'mlutils.py',
    tests: false,
    read
  });
}

describe('MoveModel', () => {
  it('plans the selected cells against the module read from disk', async () => {
    const m = model([2, 4]);
    expect(m.plan).toBeNull();
    await m.ready;
    expect(m.isSelected(2)).toBe(true);
    // Not a candidate: a cell that defines nothing is not ticked.
    expect(m.isSelected(4)).toBe(false);
    const plan = m.plan;
    expect(plan?.ok && plan.names).toEqual(['sigmoid']);
    expect(plan?.ok && plan.moduleSource).toContain('import numpy as np');
  });

  it('appends to the module as it is on disk', async () => {
    const m = model([2], async () => ({
      module: 'X = 1\n',
      tests: null
    }));
    await m.ready;
    const plan = m.plan;
    expect(plan?.ok && plan.moduleSource).toMatch(
      /^import numpy as np\n[^]*X = 1\n[^]*def sigmoid/
    );
  });

  it('re-reads when the module changes and ignores a stale answer', async () => {
    const asked: string[] = [];
    let release = () => {};
    const m = model([2], module => {
      asked.push(module);
      if (module === 'slow.py') {
        return new Promise(resolve => {
          release = () => resolve({ module: 'SLOW = 1\n', tests: null });
        });
      }
      return Promise.resolve({ module: null, tests: null });
    });
    m.module = 'slow.py';
    m.module = 'fast.py';
    await m.ready;
    release();
    await Promise.resolve();
    expect(asked).toEqual(['mlutils.py', 'slow.py', 'fast.py']);
    const plan = m.plan;
    expect(plan?.ok && plan.module).toBe('fast.py');
    expect(plan?.ok && plan.moduleSource).not.toContain('SLOW');
  });

  it('shows why the module cannot be read, with no plan', async () => {
    const m = model([2], async () => {
      throw new Error('mlutils.py exists and is not a text file');
    });
    await m.ready;
    expect(m.plan).toBeNull();
    expect(m.fileProblem).toBe('mlutils.py exists and is not a text file');
  });

  it('takes the offer to make a rebound global a keyword parameter', async () => {
    const m = model([3]);
    await m.ready;
    const refused = m.plan;
    expect(refused?.ok === false && refused.offer).toEqual({
      kind: 'parameter',
      function: 'train',
      name: 'device'
    });
    m.acceptOffer();
    expect(m.parameters).toEqual(['device']);
    const plan = m.plan;
    expect(plan?.ok && plan.names).toEqual(['sigmoid', 'train']);
    expect(plan?.ok && plan.edits).toEqual([
      { index: 4, source: 'train(1, device=device)' }
    ]);
  });

  it('re-plans when a cell is unticked', async () => {
    const m = model([2]);
    await m.ready;
    m.setSelected(2, false);
    expect(m.plan?.ok === false && m.plan.code).toBe('nothing-to-move');
  });
});
