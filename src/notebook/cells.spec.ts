import { NotebookModel } from '@jupyterlab/notebook';
import { notebookModel } from '../testing';
import { isPythonNotebook, notebookCells, replaceCell } from './cells';

function notebook(): NotebookModel {
  return notebookModel([
    { cell_type: 'markdown', source: '# title', metadata: {} },
    {
      cell_type: 'code',
      source: 'x = 1\nx',
      metadata: { tags: ['keep'] },
      outputs: [
        {
          output_type: 'execute_result',
          data: { 'text/plain': '1' },
          metadata: {},
          execution_count: 1
        }
      ],
      execution_count: 1
    }
  ]);
}

describe('the notebook bridge', () => {
  it('reads cells as the analysis takes them', () => {
    const cells = notebookCells(notebook());
    expect(cells.map(c => [c.index, c.cellType, c.source, c.tags])).toEqual([
      [0, 'markdown', '# title', []],
      [1, 'code', 'x = 1\nx', ['keep']]
    ]);
  });

  it('replaces a cell in one undo step that restores it, outputs included', () => {
    const model = notebook();
    const before = model.sharedModel.getCell(1).toJSON();
    replaceCell(model, 1, 'def f():\n    return 1\n\n\nf()');
    expect(model.cells.length).toBe(2);
    expect(model.cells.get(1).sharedModel.getSource()).toMatch(/^def f/);
    expect(model.sharedModel.getCell(1).toJSON()).not.toHaveProperty(
      'outputs',
      before.outputs
    );
    model.sharedModel.undo();
    expect(model.cells.length).toBe(2);
    const restored = model.sharedModel.getCell(1).toJSON();
    expect(restored.source).toBe(before.source);
    expect(restored.outputs).toEqual(before.outputs);
    expect(model.sharedModel.canUndo()).toBe(false);
  });

  it('knows a Python notebook from another language', () => {
    const model = notebook();
    expect(isPythonNotebook(model)).toBe(true);
    model.setMetadata('language_info', { name: 'R' });
    expect(isPythonNotebook(model)).toBe(false);
    model.setMetadata('language_info', { name: 'python' });
    expect(isPythonNotebook(model)).toBe(true);
    // No notebook, no language said: nothing marks it as another language.
    expect(isPythonNotebook(null)).toBe(true);
  });
});
