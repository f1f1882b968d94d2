// Plans blocks of consecutive code cells for the differential tester, many in one process:
// stdin [{"cells": [source, ...], "blocks": [[first, last], ...]}, ...] (code cells only,
// indexes as in the list), stdout [[{ok, source} | {ok: false, reason}, ...], ...].
import { readFileSync } from 'node:fs';
import { planBlock } from '../../lib/analysis/block.js';
import { NotebookAnalyzer } from '../../lib/analysis/notebook.js';

const requests = JSON.parse(readFileSync(0, 'utf-8'));
const analyzer = new NotebookAnalyzer();
const answers = requests.map(({ cells, blocks }) => {
  const notebook = cells.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));
  return blocks.map(([first, last]) => {
    const plan = planBlock(notebook, first, last, {}, analyzer);
    return plan.ok
      ? { ok: true, source: plan.source }
      : { ok: false, reason: plan.reason };
  });
});
process.stdout.write(JSON.stringify(answers));
