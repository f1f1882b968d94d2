// Plans moves to a module for the differential tester, many in one process:
// stdin [{"cells": [source, ...], "selections": [[i, j, ...], ...], "module": "m.py",
// "tests": bool}, ...] (code cells only), stdout [[plan | {ok: false, code, reason}, ...], ...].
// A refusal offering a global as a keyword parameter is planned again with the offer taken.
import { readFileSync } from 'node:fs';
import { NotebookAnalyzer, planMove } from '../../lib/analysis/index.js';

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
    // A refusal that offers a keyword parameter is taken up, as a user would (a few times).
    const parameters = [];
    let plan = planMove(notebook, selection, { module, tests }, analyzer);
    while (
      !plan.ok &&
      plan.offer?.kind === 'parameter' &&
      !parameters.includes(plan.offer.name) &&
      parameters.length < 3
    ) {
      parameters.push(plan.offer.name);
      plan = planMove(
        notebook,
        selection,
        { module, tests, parameters },
        analyzer
      );
    }
    return plan.ok ? plan : { ok: false, code: plan.code, reason: plan.reason };
  });
});
process.stdout.write(JSON.stringify(answers));
