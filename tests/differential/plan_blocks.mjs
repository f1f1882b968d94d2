// Plans blocks of consecutive code cells for the differential tester, many in one process:
// stdin [{"cells": [source, ...], "blocks": [[first, last], ...]}, ...] (code cells only,
// indexes as in the list), stdout [[{ok, source} | {ok: false, reason}, ...], ...].
// With "literals": true, each block is one cell, planned with every value the dialog offers
// made a keyword parameter.
import { readFileSync } from 'node:fs';
import {
  literalCandidates,
  literalParams,
  NotebookAnalyzer,
  planBlock,
  planExtraction
} from '../../lib/analysis/index.js';

function planLiterals(flow) {
  const base = planExtraction(flow);
  const candidates = literalCandidates(flow.analysis);
  if (!base.ok || candidates.length === 0) {
    return base.ok
      ? { ok: false, reason: 'no values to make parameters' }
      : base;
  }
  return planExtraction(flow, {
    literals: literalParams(flow.analysis, candidates, base)
  });
}

const requests = JSON.parse(readFileSync(0, 'utf-8'));
const analyzer = new NotebookAnalyzer();
const answers = requests.map(({ cells, blocks, literals }) => {
  const notebook = cells.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));
  const flows = literals ? analyzer.analyze(notebook) : [];
  return blocks.map(([first, last]) => {
    const plan = literals
      ? planLiterals(flows[first])
      : planBlock(notebook, first, last, {}, analyzer);
    return plan.ok
      ? { ok: true, source: plan.source }
      : { ok: false, reason: plan.reason };
  });
});
process.stdout.write(JSON.stringify(answers));
