import { describeRun, findReruns, findSequences, IRun } from './repeats';
import { corpusNotebooks, HAS_CORPUS } from '../../testing/analysis';

const TRAIN =
  'lr = 0.1\nmodel = fit(X, lr=lr, epochs=10)\nscore = model.score(X)';

function runs(cells: [string, string][]): IRun[] {
  return cells.map(([id, source], i) => describeRun(id, source, i));
}

describe('re-runs with edited values', () => {
  it('names what varied, in order', () => {
    const log = runs([
      ['a', TRAIN],
      ['a', TRAIN.replace('0.1', '0.01')],
      ['a', TRAIN.replace('0.1', '0.001').replace('10', '20')]
    ]);
    expect(findReruns(log, 3)).toEqual([
      {
        cellId: 'a',
        runs: 3,
        changes: [
          { label: 'lr', values: ['0.1', '0.01', '0.001'] },
          { label: 'epochs', values: ['10', '20'] }
        ]
      }
    ]);
  });

  it('counts only the latest streak of the same code, and needs a change', () => {
    const log = runs([
      ['a', 'x = 1\ny = x'],
      ['a', TRAIN],
      ['a', TRAIN],
      ['a', TRAIN.replace('0.1', '0.2')]
    ]);
    expect(findReruns(log, 4)).toEqual([]);
    expect(findReruns(log, 3)[0].runs).toBe(3);
    expect(
      findReruns(
        runs([
          ['b', TRAIN],
          ['b', TRAIN],
          ['b', TRAIN]
        ]),
        3
      )
    ).toEqual([]);
  });

  it('reports a renamed name too', () => {
    const log = runs([
      ['a', 'm = fit(X_small)'],
      ['a', 'm = fit(X_medium)'],
      ['a', 'm = fit(X_large)']
    ]);
    expect(findReruns(log, 3)[0].changes).toEqual([
      { label: 'X_large', values: ['X_small', 'X_medium', 'X_large'] }
    ]);
  });
});

describe('sequences run by hand', () => {
  it('finds the longest sequence run again and again', () => {
    const ids = [
      'load',
      'prep',
      'train',
      'load',
      'prep',
      'train',
      'x',
      'load',
      'prep',
      'train'
    ];
    const log = runs(ids.map(id => [id, 'pass']));
    expect(findSequences(log, 3)).toEqual([
      { cellIds: ['load', 'prep', 'train'], times: 3 }
    ]);
  });

  it('ignores sequences run fewer times, and re-runs of one cell', () => {
    const log = runs(
      ['a', 'b', 'a', 'b', 'c', 'c', 'c'].map(id => [id, 'pass'])
    );
    expect(findSequences(log, 3)).toEqual([]);
    expect(findSequences(log, 2)).toEqual([{ cellIds: ['a', 'b'], times: 2 }]);
  });

  it('gives a loop run by hand one finding, from the cell it starts at, with its count', () => {
    // 7, 8 run five times also reads as 8, 7 four times: one pipeline, not two.
    const ids = Array.from({ length: 5 }, () => ['c7', 'c8']).flat();
    expect(findSequences(runs(ids.map(id => [id, 'pass'])), 3)).toEqual([
      { cellIds: ['c7', 'c8'], times: 5 }
    ]);
    const abc = Array.from({ length: 4 }, () => ['a', 'b', 'c']).flat();
    expect(findSequences(runs(abc.map(id => [id, 'pass'])), 3)).toEqual([
      { cellIds: ['a', 'b', 'c'], times: 4 }
    ]);
    // Started from its second cell, the loop is found from there.
    const from8 = ['c8', ...ids, 'c7'];
    expect(findSequences(runs(from8.map(id => [id, 'pass'])), 3)).toEqual([
      { cellIds: ['c8', 'c7'], times: 6 }
    ]);
  });

  it('leaves out runs one command made over several cells, and does not join across them', () => {
    const batch = (ids: string[]): IRun[] =>
      ids.map((id, i) => ({
        ...describeRun(id, 'pass', i),
        batch: ids.length
      }));
    const runAll = () => batch(['a', 'b', 'c']);
    const log = [...runAll(), ...runAll(), ...runAll()];
    expect(findSequences(log, 3)).toEqual([]);
    // By hand, the same cells still count; a Run All between two halves joins nothing.
    const byHand = runs(['a', 'b', 'c'].map(id => [id, 'pass']));
    expect(findSequences([...log, ...byHand, ...byHand, ...byHand], 3)).toEqual(
      [{ cellIds: ['a', 'b', 'c'], times: 3 }]
    );
    const split = [
      ...runs([['a', 'pass']]),
      ...runAll(),
      ...runs([['b', 'pass']])
    ];
    expect(findSequences([...split, ...split, ...split], 3)).toEqual([]);
  });
});

(HAS_CORPUS ? describe : describe.skip)('on corpus cells', () => {
  const cells = corpusNotebooks('handson-ml3')
    .flatMap(nb => nb.cells)
    .filter(c => c.cellType === 'code' && /=\s*0\.\d+/.test(c.source))
    .slice(0, 50);

  it('finds the edited literal of every real cell re-run three times', () => {
    expect(cells.length).toBeGreaterThan(20);
    for (const cell of cells) {
      const literal = /=\s*(0\.\d+)/.exec(cell.source)![1];
      const edited = (value: string) => cell.source.replace(literal, value);
      const log = runs([
        ['c', cell.source],
        ['c', edited('0.123')],
        ['c', edited('0.456')]
      ]);
      const found = findReruns(log, 3);
      expect(found).toHaveLength(1);
      expect(found[0].changes.some(c => c.values.includes('0.456'))).toBe(true);
    }
  });
});
