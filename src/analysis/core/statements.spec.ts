import { analyzeCell, topStatements } from './cell';
import { FunctionFrame } from './frames';
import { statementFacts } from './statements';

// Issue 33: a statement's facts come from the cell's walk where it met the function bodies
// already: the same facts, without walking a body again.
describe('statementFacts of an analysed cell', () => {
  const source = [
    'import numpy as np',
    'def f(a, b=np.pi):',
    '    global seen',
    '    def g():',
    '        return scale * a',
    '    return g() + b + offset',
    'y = f(1)'
  ].join('\n');

  it('replays function bodies the cell walk met, with the same facts', () => {
    const analysis = analyzeCell(source);
    const python = analysis.ipython.python;
    const statements = topStatements(analysis);
    const walked = statements.map(s => statementFacts(s, python));
    const close = jest.spyOn(FunctionFrame.prototype, 'close');
    const replayed = statements.map(s => statementFacts(s, python, analysis));
    expect(close).not.toHaveBeenCalled();
    close.mockRestore();
    expect(replayed.map(f => [f.reads, f.binds, [...f.late]])).toEqual(
      walked.map(f => [f.reads, f.binds, [...f.late]])
    );
    expect([...replayed[1].late].sort()).toEqual(['offset', 'scale', 'seen']);
    expect(replayed[1].reads).toEqual(['np']);
  });
});
