import { INotebookCell } from '../analysis';
import {
  cellsToRerun,
  liveInstancesExpression,
  movedTestCount,
  parseLiveInstances
} from './afterMove';

const code = (index: number, source: string): INotebookCell => ({
  index,
  id: `c${index}`,
  cellType: 'code',
  source
});

describe('after a move', () => {
  it('counts the tests it added to the tests file, not those already there', () => {
    const source =
      'from mlutils import f\n\n\ndef test_old():\n    pass\n\n\ndef test_f():\n    assert f()\n\n\ndef test_cell_4():\n    assert f()\n';
    expect(
      movedTestCount(
        { tests: { path: 'test_mlutils.py', source, cells: [3, 4] } },
        'def test_old():\n    pass\n'
      )
    ).toBe(2);
    expect(movedTestCount({ tests: null }, null)).toBe(0);
  });

  it('asks the kernel for instances of the classes as __main__ made them', () => {
    const expression = liveInstancesExpression(['Net', 'train', 'bad name']);
    expect(expression).toContain('["Net","train"]');
    expect(expression).toContain("type(v).__module__ == '__main__'");
    expect(expression).not.toContain('bad name');
  });

  it('reads the answer as Python gives it back, keeping the classes with instances', () => {
    expect(
      parseLiveInstances(`'{"Net": ["model", "best"], "train": []}'`)
    ).toEqual({ Net: ['model', 'best'] });
    expect(parseLiveInstances("'not json'")).toEqual({});
  });

  it('re-runs the cells that made the instances and what they need, the import among them', () => {
    const cells = [
      code(0, 'import numpy as np\n'),
      code(1, 'from mlutils import Net\n'),
      code(2, 'data = np.ones(3)\n'),
      code(3, 'print(data)\n'),
      code(4, 'model = Net(data)\n'),
      code(5, 'other = 1\n')
    ];
    expect(cellsToRerun(cells, ['model'])).toEqual([0, 1, 2, 4]);
    expect(cellsToRerun(cells, ['nowhere'])).toEqual([]);
  });
});
