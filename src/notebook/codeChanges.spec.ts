import { CodeCellModel } from '@jupyterlab/cells';
import { NotebookModel } from '@jupyterlab/notebook';
import { notebookModel } from '../testing';
import { CodeChanges } from './codeChanges';

function watched(): {
  model: NotebookModel;
  changes: CodeChanges;
  count: () => number;
} {
  const model = notebookModel(['x = 1', 'x + 1']);
  const changes = new CodeChanges(model);
  let n = 0;
  changes.changed.connect(() => n++);
  return { model, changes, count: () => n };
}

describe('CodeChanges', () => {
  it('tells source, cell metadata, cell list and notebook metadata changes', () => {
    const { model, count } = watched();
    model.cells.get(0).sharedModel.setSource('x = 2');
    expect(count()).toBe(1);
    model.cells.get(1).setMetadata('tags', ['test']);
    expect(count()).toBe(2);
    model.sharedModel.insertCell(2, { cell_type: 'code', source: 'y = 3' });
    expect(count()).toBe(3);
    // A cell added later is followed too.
    model.cells.get(2).sharedModel.setSource('y = 4');
    expect(count()).toBe(4);
    model.setMetadata('kernelspec', { name: 'ir', display_name: 'R' });
    expect(count()).toBe(5);
  });

  it('ignores what a run changes: outputs, execution count, execution state', () => {
    const { model, count } = watched();
    const cell = model.cells.get(1) as CodeCellModel;
    cell.executionCount = 3;
    cell.outputs.add({
      output_type: 'execute_result',
      data: { 'text/plain': '2' },
      metadata: {},
      execution_count: 3
    });
    cell.outputs.clear();
    cell.sharedModel.executionState = 'running';
    expect(count()).toBe(0);
    // The model's own signal fired for all of them: the reason this class exists.
    let content = 0;
    model.contentChanged.connect(() => content++);
    cell.executionCount = 4;
    expect(content).toBeGreaterThan(0);
    expect(count()).toBe(0);
  });

  it('lets go of removed cells, and of all cells when disposed', () => {
    const { model, changes, count } = watched();
    const removed = model.cells.get(0).sharedModel;
    model.sharedModel.deleteCell(0);
    expect(count()).toBe(1);
    removed.setSource('gone');
    expect(count()).toBe(1);
    const kept = model.cells.get(0).sharedModel;
    changes.dispose();
    kept.setSource('x + 2');
    expect(count()).toBe(1);
    expect(changes.isDisposed).toBe(true);
  });
});
