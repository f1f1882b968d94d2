// BENCH lines for the analysis, in node, on a 1,000-cell notebook assembled from the corpus:
// the notebook's analysis as a notebook's load has it (scopes and flow, test detection, clone
// fingerprints and groups) against a bare @lezer/python parse of the same cells, in the same
// run; the same with every cell's extraction planned (the UI plans a cell when its dialog
// opens), and with every plan's new cell written out too; re-analysing one changed cell;
// stale marking after one execution and the slice of the last cell.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@lezer/python';
import {
  analyzeNotebooks,
  describeRun,
  NotebookAnalyzer,
  planExtraction,
  sliceOf,
  StaleTracker
} from '../lib/analysis/index.js';

const corpus = process.argv[2];
const CELLS = 1000;
const RUNS = 15;

function corpusSources() {
  const out = [];
  for (const dir of readdirSync(corpus, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(join(corpus, dir.name)).sort()) {
      if (!name.endsWith('.ipynb')) continue;
      const nb = JSON.parse(
        readFileSync(join(corpus, dir.name, name), 'utf-8')
      );
      for (const cell of nb.cells) {
        if (cell.cell_type === 'code') {
          out.push(
            Array.isArray(cell.source) ? cell.source.join('') : cell.source
          );
        }
      }
    }
  }
  return out;
}

function median(fn) {
  const times = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const start = performance.now();
    fn(i);
    if (i >= 3) times.push(performance.now() - start); // the first runs warm the JIT
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const sources = corpusSources().slice(0, CELLS);
const cells = sources.map((source, index) => ({
  index,
  id: null,
  cellType: 'code',
  source
}));
const notebook = [{ path: 'bench.ipynb', cells }];

// Interleaved, so that warm-up and machine load fall on both alike. The process's CPU time
// too: on a machine others share, wall times wait for a core, CPU time (GC threads included)
// does not.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const parseTimes = [];
const analysisTimes = [];
const parseCpu = [];
const analysisCpu = [];
for (let i = 0; i < RUNS + 3; i++) {
  let start = performance.now();
  let cpu = cpuMs();
  sources.forEach(s => parser.parse(s));
  const parse = performance.now() - start;
  const parseCpuMs = cpuMs() - cpu;
  start = performance.now();
  cpu = cpuMs();
  analyzeNotebooks(notebook);
  const analysis = performance.now() - start;
  if (i >= 3) {
    parseTimes.push(parse);
    analysisTimes.push(analysis);
    parseCpu.push(parseCpuMs);
    analysisCpu.push(cpuMs() - cpu);
  }
}
const mid = list => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
const parseMs = mid(parseTimes);
const analysisMs = mid(analysisTimes);
const cpuRatio = mid(analysisCpu) / mid(parseCpu);

// The same, plus every cell's extraction planned; and plus every plan's new cell written out,
// as `node lib/cli.js analyze` prints them. The UI plans and writes one, when its dialog opens
// (the report plans a cell when its extraction is first read, a plan renders when its source is).
function ratioWith(read) {
  const ratios = [];
  for (let i = 0; i < RUNS + 3; i++) {
    let start = performance.now();
    sources.forEach(s => parser.parse(s));
    const parse = performance.now() - start;
    start = performance.now();
    analyzeNotebooks(notebook).notebooks[0].cells.forEach(read);
    if (i >= 3) {
      ratios.push((performance.now() - start) / parse);
    }
  }
  return mid(ratios);
}
const plannedRatio = ratioWith(c => c.extract.ok);
const renderedRatio = ratioWith(c => c.extract.ok && c.extract.source);

const analyzer = new NotebookAnalyzer();
analyzer.analyze(cells);
const at = Math.floor(cells.length / 2);
const updateMs = median(run => {
  const edited = cells.slice();
  edited[at] = { ...cells[at], source: `${cells[at].source}\n# edit ${run}` };
  const flows = analyzer.analyze(edited);
  planExtraction(flows[at]);
});

// The execution hook's work per run: describing the cell that ran (the rest is a push).
const hookTimes = [];
for (let round = 0; round < 3; round++) {
  sources.forEach((source, i) => {
    const start = performance.now();
    describeRun(`c${i}`, source, start);
    if (round > 0) hookTimes.push(performance.now() - start);
  });
}
const hookMs = mid(hookTimes);

console.log(`BENCH analysis_cells ${cells.length} cells`);
console.log(`BENCH analysis_parse_ms ${parseMs.toFixed(1)} ms`);
console.log(`BENCH analysis_notebook_ms ${analysisMs.toFixed(1)} ms`);
console.log(
  `BENCH analysis_parse_ratio ${(analysisMs / parseMs).toFixed(2)} x`
);
console.log(`BENCH analysis_parse_cpu_ratio ${cpuRatio.toFixed(2)} x`);
console.log(`BENCH analysis_planned_parse_ratio ${plannedRatio.toFixed(2)} x`);
console.log(
  `BENCH analysis_rendered_parse_ratio ${renderedRatio.toFixed(2)} x`
);
console.log(`BENCH analysis_cell_update_ms ${updateMs.toFixed(2)} ms`);
console.log(`BENCH hook_ms ${hookMs.toFixed(3)} ms`);

// Stale marking after one execution: the notebook's runs recorded, then one more run (one cell
// bound again), timed alone; and the slice of the last cell. Analyses come from the cache, as in
// the browser, where the notebook's analysis service holds them.
const sliceAnalyzer = new NotebookAnalyzer();
sliceAnalyzer.analyze(cells);
const tracker = new StaleTracker(source => sliceAnalyzer.cell(source));
cells.forEach((cell, i) =>
  tracker.ran({ cellId: `c${i}`, source: cell.source })
);
const staleTimes = [];
for (let run = 0; run < RUNS + 3; run++) {
  const i = (run * 37) % cells.length;
  const start = performance.now();
  tracker.ran({ cellId: `c${i}`, source: cells[i].source });
  if (run >= 3) staleTimes.push(performance.now() - start);
}
const staleMs = mid(staleTimes);
const sliceMs = median(() => sliceOf(cells, cells.length - 1, sliceAnalyzer));
console.log(`BENCH stale_ms ${staleMs.toFixed(3)} ms`);
console.log(`BENCH slice_ms ${sliceMs.toFixed(2)} ms`);
