// layers: allow: jest spies on describeRun where it lives; a re-export cannot stand in.
import * as repeats from '../analysis/repeats/repeats';
import { RunDescriptions } from './runs';

const run = (cellId: string, source: string, start: number) => ({
  cellId,
  source,
  start,
  end: start + 1,
  success: true
});

describe('RunDescriptions', () => {
  afterEach(() => jest.restoreAllMocks());

  it('describes each source once, however often it ran, and keeps the run times', () => {
    const describe = jest.spyOn(repeats, 'describeRun');
    const runs = new RunDescriptions();
    const log = [run('a', 'lr = 0.1', 1), run('a', 'lr = 0.1', 5)];
    const [first, second] = runs.describe(log);
    expect(first.values).toEqual(['lr', '0.1']);
    expect(second).toEqual(expect.objectContaining({ start: 5, end: 6 }));
    expect(describe).toHaveBeenCalledTimes(1);
    runs.describe([...log, run('a', 'lr = 0.2', 9)]);
    expect(describe).toHaveBeenCalledTimes(2);
  });

  it('forgets sources no longer in the log', () => {
    const describe = jest.spyOn(repeats, 'describeRun');
    const runs = new RunDescriptions();
    runs.describe([run('a', 'x = 1', 1)]);
    runs.describe([run('b', 'y = 1', 2)]);
    runs.describe([run('a', 'x = 1', 3)]);
    expect(describe).toHaveBeenCalledTimes(3);
  });
});
