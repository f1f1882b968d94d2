// Stale marks for the stale tester, many notebooks in one process, from the very function the
// extension draws its markers with (staleCells over the execution log).
// stdin:  [{"cells": [source, ...], "logs": [[i, j, ...], ...]}, ...]   (code cells only; a log
//         is the cells run, oldest first)
// stdout: [[[{"cell": i, "name": "...", "by": j}, ...] for each log], ...]   (in cell order)
import { readFileSync } from 'node:fs';
import { NotebookAnalyzer, staleCells } from '../../lib/analysis/index.js';

const requests = JSON.parse(readFileSync(0, 'utf-8'));
const analyzer = new NotebookAnalyzer();
const analyze = source => analyzer.cell(source);
const id = i => `c${i}`;
const index = cellId => Number(cellId.slice(1));

const answers = requests.map(({ cells, logs }) => {
  const current = cells.map((source, i) => ({ id: id(i), source }));
  return logs.map(log => {
    const runs = log.map(i => ({ cellId: id(i), source: cells[i] }));
    return staleCells(current, runs, analyze).stale.map(mark => ({
      cell: index(mark.cellId),
      name: mark.name,
      by: index(mark.byCellId)
    }));
  });
});
process.stdout.write(JSON.stringify(answers));
