// The analysis CLI's JSON for the whole corpus, to tell that a change kept it byte for byte:
//   node bench/report-dump.mjs LIB CORPUS > after.json
// on both libs, then `cmp`. LIB is a built lib/ inside this checkout, so that its imports
// resolve (main's copied under node_modules/.cache, say). Every notebook together (clones
// across notebooks), then each alone (clones within one), a JSON document a line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [lib, corpus] = process.argv.slice(2);
const { analyzeNotebooks } = await import(
  pathToFileURL(resolve(lib, 'analysis/index.js')).href
);

const inputs = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (name.endsWith('.ipynb')) {
      const nb = JSON.parse(readFileSync(path, 'utf-8'));
      inputs.push({
        path: path.slice(corpus.length),
        cells: nb.cells.map((c, index) => ({
          index,
          id: c.id ?? null,
          cellType: c.cell_type,
          source: Array.isArray(c.source) ? c.source.join('') : c.source,
          tags: c.metadata?.tags
        }))
      });
    }
  }
}
walk(corpus);
console.log(JSON.stringify(analyzeNotebooks(inputs), null, 1));
for (const notebook of inputs) {
  console.log(JSON.stringify(analyzeNotebooks([notebook])));
}
