import { analyzeNotebooks } from './report';
import { codeCells, extractAt } from '../testing/analysis';

describe('analyzeNotebooks', () => {
  const sources = ['x = load()', 'y = x * 2\nprint(y)', 'z = y + 1'];
  const inputs = () => [{ path: 'a.ipynb', cells: codeCells(sources) }];

  it('plans a cell’s extraction when it is first read, once', () => {
    const cell = analyzeNotebooks(inputs()).notebooks[0].cells[1];
    // The UI plans a cell when its dialog opens: a notebook's analysis plans none up front.
    expect(Object.getOwnPropertyDescriptor(cell, 'extract')?.get).toEqual(
      expect.any(Function)
    );
    expect(cell.extract).toBe(cell.extract);
  });

  it('writes out each cell’s plan as planning that cell gives it', () => {
    const written = JSON.parse(JSON.stringify(analyzeNotebooks(inputs())));
    const plan = extractAt(sources, 1);
    if (!plan.ok) {
      throw new Error(plan.reason);
    }
    expect(written.notebooks[0].cells[1]).toEqual({
      index: 1,
      id: null,
      test: false,
      extract: {
        ok: true,
        name: plan.name,
        async: false,
        params: ['x'],
        returns: ['y'],
        source: plan.source
      }
    });
  });
});
