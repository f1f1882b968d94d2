// Plans moves to a module for the differential tester, many in one process:
// stdin [{"cells": [source, ...], "selections": [[i, j, ...], ...], "module": "m.py",
// "tests": bool}, ...] (code cells only), stdout [[plan | {ok: false, code, reason}, ...], ...].
import { readFileSync } from 'node:fs';
import { NotebookAnalyzer } from '../../lib/analysis/notebook.js';
import { planMove } from '../../lib/analysis/modules/index.js';

const requests = JSON.parse(readFileSync(0, 'utf-8'));
const analyzer = new NotebookAnalyzer();
const answers = requests.map(({ cells, selections, module, tests }) => {
  const notebook = cells.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));
  return selections.map(selection => {
    const plan = planMove(notebook, selection, { module, tests }, analyzer);
    return plan.ok ? plan : { ok: false, code: plan.code, reason: plan.reason };
  });
});
process.stdout.write(JSON.stringify(answers));
