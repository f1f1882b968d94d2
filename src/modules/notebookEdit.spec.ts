import { notebookModel } from '../testing';
import {
  applyMoveToCells,
  cellsRestored,
  cellsUnchanged,
  restoreCells
} from './notebookEdit';

const OUTPUT = {
  output_type: 'stream',
  name: 'stdout',
  text: 'hi\n'
};

function notebook() {
  return notebookModel([
    'import numpy as np',
    { cell_type: 'markdown', source: '# helpers', metadata: {} },
    'def f(x):\n    return x',
    {
      cell_type: 'code',
      source: 'def g(x):\n    return f(x)',
      metadata: { tags: ['keep'] },
      outputs: [OUTPUT],
      execution_count: 3
    },
    'train(1)',
    'assert f(1) == 1'
  ]);
}

const PLAN = {
  cells: { replace: 2, remove: [3, 5], source: 'from m import f, g' },
  edits: [{ index: 4, source: 'train(1, device=device)' }]
};

const json = (m: ReturnType<typeof notebook>) => m.sharedModel.toJSON().cells;

describe('the notebook side of a move', () => {
  it('replaces, edits and removes cells in one undo step', () => {
    const m = notebook();
    const before = json(m);
    const applied = applyMoveToCells(m, PLAN);
    expect(m.sharedModel.cells.map(c => c.getSource())).toEqual([
      'import numpy as np',
      '# helpers',
      'from m import f, g',
      'train(1, device=device)'
    ]);
    expect(cellsUnchanged(m, applied)).toBe(true);
    m.sharedModel.undo();
    expect(json(m)).toEqual(before);
    expect(cellsRestored(m, applied)).toBe(true);
  });

  it('"Undo move" restores every cell exactly: ids, tags, outputs', () => {
    const m = notebook();
    const before = json(m);
    const applied = applyMoveToCells(m, PLAN);
    restoreCells(m, applied);
    expect(json(m)).toEqual(before);
  });

  it('knows when the notebook changed since the move', () => {
    const m = notebook();
    const applied = applyMoveToCells(m, PLAN);
    m.sharedModel.getCell(2).setSource('from m import f');
    expect(cellsUnchanged(m, applied)).toBe(false);
    expect(cellsRestored(m, applied)).toBe(false);
  });
});
