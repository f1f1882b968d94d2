// Slices for the slice tester, many notebooks in one process: stdin [[source, ...], ...] (code
// cells only), stdout [[[j, ...] for each cell], ...]: the earlier cells each cell needs.
import { readFileSync } from 'node:fs';
import { NotebookAnalyzer, sliceOf } from '../../lib/analysis/index.js';

const notebooks = JSON.parse(readFileSync(0, 'utf-8'));
const analyzer = new NotebookAnalyzer();
const answers = notebooks.map(sources => {
  const cells = sources.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));
  return cells.map(cell => sliceOf(cells, cell.index, analyzer));
});
process.stdout.write(JSON.stringify(answers));
