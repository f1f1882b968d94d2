// Every slice the analysis gives, as one JSON line per notebook: the 1,000-cell notebook of
// bench/analysis.mjs, then each corpus notebook, every code cell sliced with one analyzer per
// notebook. A change meant to make slicing faster must leave this output byte-identical:
//   node bench/slices.mjs CORPUS > before.jsonl; (change, jlpm build:lib); ... > after.jsonl
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotebookAnalyzer, sliceOf } from '../lib/analysis/index.js';

const corpus = process.argv[2];

function notebooks() {
  const out = [];
  for (const dir of readdirSync(corpus, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(corpus, dir.name)).sort()) {
      if (!name.endsWith('.ipynb')) continue;
      const nb = JSON.parse(
        readFileSync(join(corpus, dir.name, name), 'utf-8')
      );
      const cells = nb.cells.map((cell, index) => ({
        index,
        id: null,
        cellType: cell.cell_type,
        source: Array.isArray(cell.source) ? cell.source.join('') : cell.source
      }));
      out.push({ path: `${dir.name}/${name}`, cells });
    }
  }
  return out;
}

const all = notebooks();
// As bench/analysis.mjs builds it: the corpus's first 1,000 code cells.
const benchCells = all
  .flatMap(nb => nb.cells.filter(c => c.cellType === 'code'))
  .slice(0, 1000)
  .map((cell, index) => ({ ...cell, index }));
for (const { path, cells } of [{ path: 'bench', cells: benchCells }, ...all]) {
  const analyzer = new NotebookAnalyzer();
  analyzer.analyze(cells);
  const slices = cells
    .filter(c => c.cellType === 'code')
    .map(c => [c.index, sliceOf(cells, c.index, analyzer)]);
  console.log(JSON.stringify({ path, slices }));
}
