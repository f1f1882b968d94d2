import { analyzeCell } from '../cell';
import { NotebookAnalyzer } from '../notebook';
import { IRanSource, StaleTracker, staleAfter, staleCells } from '../stale';

const analyzer = new NotebookAnalyzer();
const analyze = (source: string) => analyzer.cell(source);

/** Runs `[id, source]` pairs in order; returns the ids the last run made stale. */
function staleBy(...runs: [string, string][]): string[] {
  const log: IRanSource[] = runs.map(([cellId, source]) => ({
    cellId,
    source
  }));
  const last = log.pop()!;
  return staleAfter(log, last, analyze)
    .map(m => m.cellId)
    .sort();
}

describe('staleAfter', () => {
  it('marks the earlier-run cells that read a name bound again', () => {
    expect(
      staleBy(
        ['a', 'x = 1'],
        ['b', 'y = x * 2'],
        ['c', 'z = 3'],
        ['a', 'x = 5']
      )
    ).toEqual(['b']);
  });

  it('marks readers of a deleted name', () => {
    expect(staleBy(['a', 'x = 1'], ['b', 'print(x)'], ['d', 'del x'])).toEqual([
      'b'
    ]);
  });

  it('marks readers of an object changed in place, counted conservatively', () => {
    expect(
      staleBy(['a', 'df = {}'], ['b', "df['n']"], ['c', "df['n'] = 2"])
    ).toEqual(['b']);
    expect(
      staleBy(['a', 'm = M()'], ['b', 'm.score()'], ['c', 'm.fit(X)'])
    ).toEqual(['b']);
  });

  it('is not transitive: a reader of what a stale cell bound is not stale', () => {
    expect(
      staleBy(['a', 'x = 1'], ['b', 'y = x'], ['c', 'print(y)'], ['a', 'x = 2'])
    ).toEqual(['b']);
  });

  it('marks a cell that read a name through a function it called', () => {
    expect(
      staleBy(
        ['d', 'def f():\n    return k'],
        ['a', 'k = 1'],
        ['b', 'f()'],
        ['a', 'k = 2']
      )
    ).toEqual(['b']);
  });

  it('does not mark a cell that only defines a function reading the name', () => {
    expect(
      staleBy(['a', 'k = 1'], ['d', 'def f():\n    return k'], ['a', 'k = 2'])
    ).toEqual([]);
  });

  it('marks readers of names a called function rebinds or changes', () => {
    expect(
      staleBy(
        ['d', 'def bump():\n    global n\n    n += 1'],
        ['a', 'n = 0'],
        ['b', 'print(n)'],
        ['c', 'bump()']
      )
    ).toEqual(['b']);
    expect(
      staleBy(
        ['d', 'def add(x):\n    log.append(x)'],
        ['a', 'log = []'],
        ['b', 'len(log)'],
        ['c', 'add(1)']
      )
    ).toEqual(['b']);
  });

  it('marks everything after a run that may change names it does not spell', () => {
    expect(
      staleBy(['a', 'x = 1'], ['b', 'print(x)'], ['c', "exec('x = 2')"])
    ).toEqual(['a', 'b']);
  });

  it('never marks the cell that ran', () => {
    expect(staleBy(['a', 'x = 1'], ['a', 'x = x + 1'])).toEqual([]);
  });
});

describe('StaleTracker', () => {
  it('clears a mark when the cell runs again, and names why it was set', () => {
    const tracker = new StaleTracker(analyze);
    tracker.ran({ cellId: 'a', source: 'x = 1' });
    tracker.ran({ cellId: 'b', source: 'x + 1' });
    const [mark] = tracker.ran({ cellId: 'a', source: 'x = 2' });
    expect(mark).toEqual({ cellId: 'b', name: 'x', byCellId: 'a' });
    expect([...tracker.marks.keys()]).toEqual(['b']);
    tracker.ran({ cellId: 'b', source: 'x + 1' });
    expect(tracker.marks.size).toBe(0);
  });

  it('keeps a cell stale from its first mark until it runs again', () => {
    const tracker = new StaleTracker(analyzeCell);
    tracker.ran({ cellId: 'a', source: 'x = 1\ny = 1' });
    tracker.ran({ cellId: 'b', source: 'x + y' });
    tracker.ran({ cellId: 'c', source: 'x = 2' });
    expect(tracker.ran({ cellId: 'd', source: 'y = 2' })).toEqual([]);
    expect(tracker.marks.get('b')?.name).toBe('x');
  });
});

describe('staleCells', () => {
  it('replays the log: stale cells and cells edited since their run, in notebook order', () => {
    const log = [
      { cellId: 'a', source: 'x = 1' },
      { cellId: 'b', source: 'y = x' },
      { cellId: 'c', source: 'print(y)' },
      { cellId: 'a', source: 'x = 2' }
    ];
    const cells = [
      { id: 'a', source: 'x = 2' },
      { id: 'c', source: 'print(y, 1)' },
      { id: 'b', source: 'y = x' },
      { id: null, source: 'never ran' }
    ];
    expect(staleCells(cells, log, analyze)).toEqual({
      stale: [{ cellId: 'b', name: 'x', byCellId: 'a' }],
      edited: ['c']
    });
  });
});
