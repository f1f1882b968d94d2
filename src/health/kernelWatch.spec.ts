import { cellsSince, stillLost } from './kernelWatch';

describe('the cells a restart lost', () => {
  const before = [
    { cellId: 'a', start: 10, success: true },
    { cellId: 'b', start: 20, success: true },
    { cellId: 'c', start: 30, success: true }
  ];

  it('are none once Restart & Run All ran them all again', () => {
    const lost = cellsSince(before, 0);
    expect(lost).toEqual(['a', 'b', 'c']);
    const runAll = [
      ...before,
      { cellId: 'a', start: 110, success: true },
      { cellId: 'b', start: 111, success: true },
      { cellId: 'c', start: 112, success: true }
    ];
    expect(stillLost(lost, runAll, 100)).toEqual([]);
  });

  it('keep the cells not run since, or run with an error', () => {
    const after = [
      ...before,
      { cellId: 'a', start: 110, success: true },
      { cellId: 'b', start: 111, success: false }
    ];
    expect(stillLost(['a', 'b', 'c'], after, 100)).toEqual(['b', 'c']);
    // Runs before the restart rebuilt nothing.
    expect(stillLost(['a', 'b', 'c'], before, 100)).toEqual(['a', 'b', 'c']);
  });
});
