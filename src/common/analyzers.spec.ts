import { analyzerFor } from './analyzers';

describe('analyzerFor', () => {
  it('gives each notebook one analyzer, whose cache every caller shares', () => {
    const a = {};
    const b = {};
    const first = analyzerFor(a);
    const analysis = first.cell('x = 1\ny = x + 1');
    expect(analyzerFor(a)).toBe(first);
    expect(analyzerFor(a).cell('x = 1\ny = x + 1')).toBe(analysis);
    expect(analyzerFor(b)).not.toBe(first);
  });
});
