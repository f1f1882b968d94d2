import { NotebookAnalyzer } from './dataflow';

/** A clock that moves on by `step` each time it is read. */
function ticking(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

const sources = Array.from(
  { length: 10 },
  (_, i) => `x${i} = f(x${i - 1 < 0 ? 0 : i - 1})`
);

describe('NotebookAnalyzer.warm', () => {
  it('analyses until the deadline, at least one source per call, and says where to go on', () => {
    const analyzer = new NotebookAnalyzer();
    const seen: string[] = [];
    const now = ticking(10);
    // The clock reads 10, 20, 30 after each analysis: the deadline 25 stops after three.
    expect(analyzer.warm(sources, 0, 25, a => seen.push(a.source), now)).toBe(
      3
    );
    // A deadline already past still analyses one.
    expect(analyzer.warm(sources, 3, 0, a => seen.push(a.source), now)).toBe(4);
    expect(analyzer.warm(sources, 4, Infinity, a => seen.push(a.source))).toBe(
      10
    );
    expect(seen).toEqual(sources);
    // Warmed analyses are the ones a full analysis uses.
    const cells = sources.map((source, index) => ({
      index,
      id: null,
      cellType: 'code',
      source
    }));
    const flows = analyzer.analyze(cells);
    flows.forEach((flow, i) =>
      expect(flow.analysis).toBe(analyzer.cell(sources[i]))
    );
  });

  it('has nothing to do for no sources', () => {
    expect(new NotebookAnalyzer().warm([], 0, 0)).toBe(0);
  });
});
