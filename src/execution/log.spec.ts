// layers: allow: jest spies on describeRun where it lives; a re-export cannot stand in.
import * as repeats from '../analysis/repeats/repeats';
import { Batches } from './batch';
import { validRuns } from './hook';
import { ExecutionLog } from './log';

describe('ExecutionLog', () => {
  it('records a run when the kernel answers, with the scheduled source', () => {
    const log = new ExecutionLog();
    const changed = jest.fn();
    log.changed.connect((_, path) => changed(path));
    log.scheduled('a.ipynb', 'c1', 'lr = 0.1\nfit(lr)', 100);
    expect(log.runs('a.ipynb')).toEqual([]);
    log.executed('c1', true, 250);
    const [run] = log.runs('a.ipynb');
    expect(run).toEqual({
      cellId: 'c1',
      source: 'lr = 0.1\nfit(lr)',
      start: 100,
      end: 250,
      success: true,
      batch: 1
    });
    expect(changed).toHaveBeenCalledWith('a.ipynb');
  });

  it('notes how many cells one command scheduled together; a later turn is a run of its own', async () => {
    const log = new ExecutionLog();
    const batches = new Batches();
    // Run All schedules its cells in one loop, before it awaits anything.
    for (const id of ['a', 'b', 'c']) {
      log.scheduled('n.ipynb', id, 'pass', 1, batches.next());
    }
    await Promise.resolve();
    log.scheduled('n.ipynb', 'd', 'pass', 2, batches.next());
    for (const id of ['a', 'b', 'c', 'd']) {
      log.executed(id, true, 3);
    }
    expect(log.runs('n.ipynb').map(r => [r.cellId, r.batch])).toEqual([
      ['a', 3],
      ['b', 3],
      ['c', 3],
      ['d', 1]
    ]);
  });

  it('ignores an answer for a cell it never saw scheduled', () => {
    const log = new ExecutionLog();
    log.executed('nope', true, 1);
    expect(log.runs('a.ipynb')).toEqual([]);
  });

  it('keeps the last runs up to its limit', () => {
    const log = new ExecutionLog(10);
    for (let i = 0; i < 25; i++) {
      log.scheduled('a.ipynb', `c${i}`, `x = ${i}`, i);
      log.executed(`c${i}`, true, i);
    }
    expect(log.runs('a.ipynb').map(r => r.cellId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `c${i + 15}`)
    );
    log.limit = 3;
    expect(log.runs('a.ipynb')).toHaveLength(3);
  });

  it('parses nothing: recording, reading and persisting the runs', () => {
    const describe = jest.spyOn(repeats, 'describeRun');
    try {
      const log = new ExecutionLog(10);
      for (let i = 0; i < 25; i++) {
        log.scheduled('a.ipynb', `c${i}`, `x = ${i}`, i);
        log.executed(`c${i}`, i % 2 === 0, i + 1);
      }
      const saved = JSON.parse(JSON.stringify(log.runs('a.ipynb')));
      expect(validRuns(saved)).toEqual(log.runs('a.ipynb'));
      expect(describe).not.toHaveBeenCalled();
    } finally {
      describe.mockRestore();
    }
  });

  it('restores only well-formed runs (not the parsed runs older versions saved)', () => {
    const run = { cellId: 'a', source: 'x', start: 1, end: 2, success: true };
    const old = {
      cellId: 'b',
      exact: 'x',
      renamed: 'N',
      values: [],
      labels: []
    };
    const batched = { ...run, batch: 3 };
    expect(
      validRuns([run, old, null, 3, batched, { ...run, batch: '3' }])
    ).toEqual([run, batched]);
    expect(validRuns({})).toEqual([]);
  });

  it('puts restored runs before new ones and follows a rename', () => {
    const log = new ExecutionLog();
    log.scheduled('a.ipynb', 'new', 'y = 2', 5);
    log.executed('new', false, 6);
    const old = new ExecutionLog();
    old.scheduled('a.ipynb', 'old', 'x = 1', 1);
    old.executed('old', true, 2);
    log.restore('a.ipynb', old.runs('a.ipynb'));
    expect(log.runs('a.ipynb').map(r => r.cellId)).toEqual(['old', 'new']);
    log.rename('a.ipynb', 'b.ipynb');
    expect(log.runs('a.ipynb')).toEqual([]);
    expect(log.runs('b.ipynb')).toHaveLength(2);
  });
});
