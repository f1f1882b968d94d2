import * as repeats from '../analysis/repeats';
import { ExecutionLog } from './log';

describe('ExecutionLog', () => {
  it('records a run when the kernel answers, described from the scheduled source', () => {
    const log = new ExecutionLog();
    const changed = jest.fn();
    log.changed.connect((_, path) => changed(path));
    log.scheduled('a.ipynb', 'c1', 'lr = 0.1\nfit(lr)', 100);
    expect(log.runs('a.ipynb')).toEqual([]);
    log.executed('c1', true, 250);
    const [run] = log.runs('a.ipynb');
    expect(run).toEqual(
      expect.objectContaining({
        cellId: 'c1',
        start: 100,
        end: 250,
        success: true
      })
    );
    expect(run.values).toEqual(['lr', '0.1', 'fit', 'lr']);
    expect(changed).toHaveBeenCalledWith('a.ipynb');
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

  it('describes a run when its runs are read, not when the kernel answers', () => {
    const describe = jest.spyOn(repeats, 'describeRun');
    try {
      const log = new ExecutionLog(10);
      for (let i = 0; i < 25; i++) {
        log.scheduled('a.ipynb', `c${i}`, `x = ${i}`, i);
        log.executed(`c${i}`, true, i + 1);
      }
      // Nothing parsed on the execution path, and only the runs kept are ever parsed.
      expect(describe).not.toHaveBeenCalled();
      expect(log.runs('a.ipynb').map(r => r.values)).toEqual(
        Array.from({ length: 10 }, (_, i) => ['x', `${i + 15}`])
      );
      expect(describe).toHaveBeenCalledTimes(10);
      log.scheduled('a.ipynb', 'c25', 'x = 25', 30);
      log.executed('c25', false, 31);
      const runs = log.runs('a.ipynb');
      expect(runs.map(r => r.cellId)).toEqual(
        Array.from({ length: 10 }, (_, i) => `c${i + 16}`)
      );
      expect(runs[9]).toEqual(
        expect.objectContaining({ start: 30, end: 31, success: false })
      );
      expect(describe).toHaveBeenCalledTimes(11);
    } finally {
      describe.mockRestore();
    }
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
