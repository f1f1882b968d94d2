import { NotebookAnalyzer } from '../core';
import { planExtraction } from './extract';
import * as render from './render';

// Issue 33: a notebook's analysis plans every cell; the new cell's text is written only when
// something reads it (the dialog, the CLI's output).
describe('the rendered extraction', () => {
  it('is written when first read, once', () => {
    const spy = jest.spyOn(render, 'renderExtraction');
    const flows = new NotebookAnalyzer().analyze([
      { index: 0, id: null, cellType: 'code', source: 'x = 1\ny = x + 1' },
      { index: 1, id: null, cellType: 'code', source: 'print(y)' }
    ]);
    const plan = planExtraction(flows[0]);
    expect(plan.ok).toBe(true);
    expect(spy).not.toHaveBeenCalled();
    const source = plan.ok ? plan.source : '';
    expect(source).toContain('def compute_y():');
    expect(plan.ok && plan.source).toBe(source);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
