import { NotebookAnalyzer } from '../analysis';
import { ISlice, SlicedWarmup } from './warmup';

describe('SlicedWarmup', () => {
  const sources = Array.from({ length: 10 }, (_, i) => `x${i} = ${i}`);

  /** A clock that moves on by 10 ms each time it is read: three analyses per 25 ms slice. */
  function ticking(): () => number {
    let t = 0;
    return () => (t += 10);
  }

  it('analyses a notebook in slices, yielding in between, reading its sources once', async () => {
    const analyzer = new NotebookAnalyzer();
    const warm = jest.spyOn(analyzer, 'warm');
    const read = jest.fn(() => sources);
    const also = jest.fn();
    const marks: ISlice[] = [];
    const mark = (slice: ISlice) => void marks.push(slice);
    let warmup!: SlicedWarmup;
    const done = new Promise<void>(resolve => {
      warmup = new SlicedWarmup(analyzer, resolve, also, ticking(), mark);
    });

    expect(warmup.ready(read)).toBe(false);
    // Asked again while under way: not started again, not done.
    expect(warmup.ready(read)).toBe(false);
    // Nothing more happens before the page has had its turn.
    expect(warm).toHaveBeenCalledTimes(1);
    await done;

    expect(warm.mock.calls.map(call => call[1])).toEqual([0, 3, 6, 9]);
    // Each slice leaves a mark saying which cells it analysed: the browser tests count them.
    expect(marks).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 9 },
      { from: 9, to: 10 }
    ]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(also).toHaveBeenCalledTimes(10);
    // Once warm, a notebook is ready at once: cached analyses take no time to speak of.
    const warmed = new SlicedWarmup(
      analyzer,
      () => {
        throw new Error('not expected');
      },
      undefined,
      () => 0,
      mark
    );
    expect(warmed.ready(read)).toBe(true);
    // ... and leaves no mark: a warm notebook's passes don't pile marks up.
    expect(marks).toHaveLength(4);
    warmup.dispose();
    warmed.dispose();
  });

  it('stops when disposed', async () => {
    jest.useFakeTimers();
    const done = jest.fn();
    const warmup = new SlicedWarmup(
      new NotebookAnalyzer(),
      done,
      undefined,
      ticking(),
      () => undefined
    );
    expect(warmup.ready(() => sources)).toBe(false);
    warmup.dispose();
    expect(warmup.isDisposed).toBe(true);
    await jest.runAllTimersAsync();
    expect(done).not.toHaveBeenCalled();
    jest.useRealTimers();
  });
});
