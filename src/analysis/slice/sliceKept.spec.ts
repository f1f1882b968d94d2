import { NotebookAnalyzer } from '../core';
import { INotebookCell } from '../core';
import { codeCells, corpusNotebooks } from '../../testing/analysis';
import { sliceOf } from './slice';

/**
 * What a slice finds about the cells up to one (their reaches, their state bits, their paths) is
 * kept for the next slice with the same analyzer: the answers must be those of a fresh analyzer,
 * whatever was sliced before, and after an edit.
 */
function fresh(cells: readonly INotebookCell[], at: number): number[] {
  return sliceOf(cells, at, new NotebookAnalyzer());
}

function codeIndexes(cells: readonly INotebookCell[]): number[] {
  return cells.filter(c => c.cellType === 'code').map(c => c.index);
}

describe('sliceOf with one analyzer for many slices', () => {
  it('follows an edit of a function body above', () => {
    const analyzer = new NotebookAnalyzer();
    const before = codeCells([
      'def f():\n    return a',
      'a = 1',
      'b = 2',
      'f()'
    ]);
    expect(sliceOf(before, 3, analyzer)).toEqual([0, 1]);
    const after = codeCells([
      'def f():\n    return b',
      'a = 1',
      'b = 2',
      'f()'
    ]);
    expect(sliceOf(after, 3, analyzer)).toEqual([0, 2]);
    expect(sliceOf(before, 3, analyzer)).toEqual([0, 1]);
  });

  it('follows an edit that moves a path between cells', () => {
    const analyzer = new NotebookAnalyzer();
    const sources = [
      "p = 'a.csv'",
      "open(p, 'w').write('1')",
      "q = 'b.csv'",
      "open(q, 'w').write('2')",
      "open('b.csv').read()"
    ];
    expect(sliceOf(codeCells(sources), 4, analyzer)).toEqual([2, 3]);
    const edited = ["p = 'b.csv'", ...sources.slice(1)];
    expect(sliceOf(codeCells(edited), 4, analyzer)).toEqual(
      fresh(codeCells(edited), 4)
    );
    expect(sliceOf(codeCells(edited), 4, analyzer)).toEqual([0, 1, 2, 3]);
  });

  it('answers for a cell whose source repeats above as for any other', () => {
    const analyzer = new NotebookAnalyzer();
    const cells = codeCells([
      'def g():\n    return x',
      'x = 1',
      'g()',
      'x = 2',
      'g()'
    ]);
    for (const at of [4, 2, 0, 4]) {
      expect(sliceOf(cells, at, analyzer)).toEqual(fresh(cells, at));
    }
  });

  // Two small ones (a fresh analyzer parses every cell above again): functions, then files.
  const notebooks = corpusNotebooks().filter(({ path }) =>
    /(000_tour|01_the_machine_learning_landscape)\.ipynb$/.test(path)
  );
  (notebooks.length > 0 ? it : it.skip)(
    'answers for the corpus cells, last cell first, as a fresh analyzer does',
    () => {
      expect(notebooks).toHaveLength(2);
      for (const { cells } of notebooks) {
        const analyzer = new NotebookAnalyzer();
        for (const at of codeIndexes(cells).reverse()) {
          expect(sliceOf(cells, at, analyzer)).toEqual(fresh(cells, at));
        }
      }
    }
  );
});
