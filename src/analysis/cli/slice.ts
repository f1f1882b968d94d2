/**
 * `node lib/cli.js slice NB.ipynb --cell I`: the earlier code cells (indexes in the notebook's
 * cells array, in order) a fresh kernel must run, top to bottom, for cell I to run as in a full
 * top-to-bottom run: `{"cell": I, "needs": [...]}`.
 */
import { INotebookCell } from '../core/index.js';
import { sliceOf } from '../slice/index.js';

/** The slice verb's answer; `fail` turns a bad argument into the CLI's usage error. */
export function sliceCell(
  args: string[],
  read: (path: string) => { cells: INotebookCell[] },
  fail: (message: string) => Error
): { cell: number; needs: number[] } {
  const [path, ...options] = args;
  let cellArg: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    if (options[i] === '--cell') {
      cellArg = options[i + 1];
    } else {
      throw fail(`unknown option ${options[i]}`);
    }
  }
  if (cellArg === undefined) {
    throw fail('slice needs --cell I');
  }
  if (!/^\d+$/.test(cellArg.trim())) {
    throw fail(`--cell: "${cellArg}" is not a cell index`);
  }
  const cell = Number(cellArg);
  const { cells } = read(path);
  if (cell >= cells.length) {
    throw fail(
      `--cell: the notebook has no cell ${cell} (it has ${cells.length})`
    );
  }
  if (cells[cell].cellType !== 'code') {
    throw fail(`--cell: cell ${cell} is not a code cell`);
  }
  return { cell, needs: sliceOf(cells, cell) };
}
