import { describeRun } from '../analysis';
import { analyzeCell } from '../analysis';
import { flagsFor, IFlagInput, withDifferences } from './findings';
import { DEFAULT_REPEATS_SETTINGS } from './settings';

const A =
  'model = make(X)\nmodel.fit(X, y)\nscore = model.score(X, y)\nprint(score)';
const B = A.replace(/model/g, 'clf');

function input(overrides: Partial<IFlagInput> = {}): IFlagInput {
  const cells = [
    { index: 0, id: 'a', cellType: 'code', source: A },
    { index: 1, id: 'b', cellType: 'code', source: B },
    { index: 2, id: 'c', cellType: 'code', source: 'lr = 0.1' }
  ];
  const runs = ['0.1', '0.01', '0.001'].map((v, i) =>
    describeRun('c', `lr = ${v}`, i)
  );
  return {
    cells,
    runs,
    python: true,
    settings: DEFAULT_REPEATS_SETTINGS,
    ...overrides
  };
}

describe('flagsFor', () => {
  it('flags copies on both cells and a re-run with its changes', () => {
    const flags = flagsFor(input());
    expect(flags.get('a')).toEqual([
      { kind: 'clone', cloneKind: 'renamed', others: ['b'] }
    ]);
    expect(flags.get('b')).toEqual([
      { kind: 'clone', cloneKind: 'renamed', others: ['a'] }
    ]);
    expect(flags.get('c')).toEqual([
      {
        kind: 'rerun',
        runs: 3,
        changes: [{ label: 'lr', values: ['0.1', '0.01', '0.001'] }]
      }
    ]);
  });

  it('leaves out dismissed kinds and cells tagged no-sane', () => {
    const base = input();
    const cells = [
      { ...base.cells[0], dismissed: ['clone'] },
      { ...base.cells[1], tags: ['no-sane'] },
      base.cells[2]
    ];
    const flags = flagsFor({ ...base, cells });
    expect(flags.has('a')).toBe(false);
    expect(flags.has('b')).toBe(false);
    expect(flags.has('c')).toBe(true);
    const tagged = flagsFor({
      ...base,
      cells,
      settings: { ...DEFAULT_REPEATS_SETTINGS, skipTagged: false }
    });
    expect(tagged.has('b')).toBe(true);
  });

  it('flags only exact copies for other kernels', () => {
    const flags = flagsFor(input({ python: false }));
    expect([...flags.keys()]).toEqual([]);
    const base = input({ python: false });
    const exact = {
      ...base,
      cells: base.cells.map(c => (c.id === 'b' ? { ...c, source: A } : c))
    };
    expect(flagsFor(exact).get('b')).toEqual([
      { kind: 'clone', cloneKind: 'exact', others: ['a'] }
    ]);
  });

  it('follows the switches', () => {
    const off = { ...DEFAULT_REPEATS_SETTINGS, clones: false, reruns: false };
    expect(flagsFor(input({ settings: off })).size).toBe(0);
    expect(
      flagsFor(
        input({ settings: { ...DEFAULT_REPEATS_SETTINGS, enabled: false } })
      ).size
    ).toBe(0);
  });

  it('says, for the popup, what differs from each copy', () => {
    const base = input();
    const flags = flagsFor(base).get('a')!;
    const source = new Map(base.cells.map(c => [c.id, c.source]));
    const analysisOf = (id: string) =>
      source.has(id) ? analyzeCell(source.get(id)!) : null;
    expect(withDifferences('a', flags, analysisOf)).toEqual([
      {
        kind: 'clone',
        cloneKind: 'renamed',
        others: ['b'],
        differs: { b: [{ label: '', mine: 'model', theirs: 'clf' }] }
      }
    ]);
    // A copy deleted meanwhile is left out; other kinds of flag stay as they are.
    const gone = (id: string) => (id === 'b' ? null : analysisOf(id));
    expect(withDifferences('a', flags, gone)[0]).toEqual(
      expect.objectContaining({ differs: {} })
    );
    const rerun = flagsFor(base).get('c')!;
    expect(withDifferences('c', rerun, analysisOf)).toEqual(rerun);
  });
});
