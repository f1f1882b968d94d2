import { planWithCopies } from './copies';
import { NotebookAnalyzer } from '../core';
import { codeCells, cpythonFailures, venvPython } from '../../testing/analysis';

const TRAIN =
  '# train\nlr = 0.1\nmodel = [x * lr for x in X]\nscore = sum(model)\nprint(score)';

function plan(sources: string[], at: number) {
  const flows = new NotebookAnalyzer().analyze(codeCells(sources));
  return planWithCopies(flows, flows[at]);
}

describe('replacing the copies of a cell by calls', () => {
  it('turns differing literals into keyword parameters and calls with each value', () => {
    const r = plan(
      [
        'X = [1, 2]\nX2 = [3]',
        TRAIN,
        'lr = 0.01\nmodel2 = [x * lr for x in X2]\nscore2 = sum(model2)\nprint(score2)',
        'print(model, model2)'
      ],
      1
    );
    expect(r.plan.ok && r.plan.source).toContain('def train(X, lr_value=0.1):');
    expect(r.plan.ok && r.plan.source).toContain('    lr = lr_value\n');
    expect(r.copies).toEqual([
      { index: 2, source: 'model2 = train(X2, lr_value=0.01)' }
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('uses a keyword argument name as the parameter', () => {
    const cell = 'm = make(X, rate=0.5)\nm.fit(X)\nout = m.score(X)';
    const r = plan(
      ['X = 1', cell, cell.replace('0.5', '0.7').replace(/\bm\b/g, 'k'), 'out'],
      1
    );
    expect(r.plan.ok && r.plan.source).toContain('(X, rate=0.5):');
    expect(r.copies[0].source).toBe('out = compute_out(X, rate=0.7)');
  });

  it('keeps a copy that calls other functions', () => {
    const a = 'y = first(X)\nz = y + 1\nw = z * 2';
    const r = plan(['X = 1', a, a.replace('first', 'second')], 1);
    expect(r.copies).toEqual([]);
    expect(r.skipped[0].reason).toContain(
      'uses `second` where the cell uses `first`'
    );
  });

  it('returns what the later cells of a copy need', () => {
    const a = 'y = f(X)\nz = y + 1\nw = z * 2';
    const r = plan(['X = 1', a, a.replace(/\by\b/g, 'y2'), 'print(y2)'], 1);
    expect(r.plan.ok && r.plan.returns).toEqual(['y']);
    expect(r.copies).toEqual([{ index: 2, source: 'y2 = compute_y(X)' }]);
  });

  it('keeps a copy whose names do not map one to one', () => {
    const a = 'y = f(X)\nz = f(X) + y\nw = z * 2';
    const b = 'y = f(X)\nz = f(Y) + y\nw = z * 2';
    const r = plan(['X = 1\nY = 2', a, b], 1);
    expect(r.copies).toEqual([]);
    expect(r.skipped[0].reason).toContain('stands for different names');
  });

  it('finds no copies for a small or magic cell', () => {
    expect(plan(['x = 1', 'x = 1'], 0).copies).toEqual([]);
  });

  const python = venvPython();
  (python ? it : it.skip)('writes Python that CPython parses', () => {
    const r = plan(
      [
        'X = [1, 2]\nX2 = [3]',
        TRAIN,
        TRAIN.replace('0.1', '0.2').replace(/\bX\b/, 'X2')
      ],
      1
    );
    const sources = [
      r.plan.ok ? r.plan.source : '',
      ...r.copies.map(c => c.source)
    ];
    expect(r.copies).toHaveLength(1);
    expect(cpythonFailures(python!, sources)).toEqual([]);
  });
});
