import { StateDB } from '@jupyterlab/statedb';
import { LastMove } from './lastMove';
import { IMoveRecord } from './undo';

const record: IMoveRecord = {
  notebook: 'work/train.ipynb',
  writes: [
    {
      path: 'work/mlutils.py',
      after: 'def f():\n    pass\n',
      checkpoint: 'checkpoint'
    }
  ],
  cells: {
    originals: [
      {
        index: 1,
        cell: {
          cell_type: 'code',
          source: 'def f():\n    pass\n',
          metadata: {}
        },
        removed: false
      }
    ],
    written: [{ index: 1, id: 'abc', source: 'from mlutils import f\n' }],
    lengthAfter: 3
  }
};

describe('the last move', () => {
  it('is still there for Undo move after a reload', async () => {
    const state = new StateDB();
    await new LastMove(state).set(record);
    const reloaded = new LastMove(state);
    expect(reloaded.record).toBeNull();
    await reloaded.load();
    expect(reloaded.record).toEqual(record);
  });

  it('is gone once undone, and a fresh move wins over the kept one', async () => {
    const state = new StateDB();
    const last = new LastMove(state);
    await last.set(record);
    await last.set(null);
    const reloaded = new LastMove(state);
    await reloaded.load();
    expect(reloaded.record).toBeNull();
    await last.set(record);
    const newer = { ...record, notebook: 'other.ipynb' };
    const page = new LastMove(state);
    await page.set(newer);
    await page.load();
    expect(page.record).toEqual(newer);
  });
});
