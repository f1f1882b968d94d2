import { Dialog, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { importsUpTo } from '../analysis/index.js';
import { ICellFlow } from '../analysis/index.js';
import {
  findCallThrough,
  findLastCall,
  functionAtLine,
  ICallSite,
  IKernelValue,
  namesRebound,
  renderSmokeTest
} from '../analysis/index.js';
import { askValueTypes } from '../extract/kernelTypes.js';
import { TAGS_KEY, TEST_TAG } from '../notebook/constants.js';
import { INotebookFlows } from '../tokens.js';

/** A smoke test to insert, or why there is none. */
export type SmokePlan =
  | { ok: true; fn: string; source: string; after: number; fromKernel: boolean }
  | { ok: false; reason: 'no-function' | 'no-call'; fn?: string }
  | {
      ok: false;
      reason: 'rebinds';
      fn: string;
      callee: string;
      names: string[];
    };

/**
 * The function a cell is about: the one it defines under the cursor, else the first it
 * defines, else the first notebook function it calls.
 */
function functionOf(
  flows: readonly ICellFlow[],
  cellIndex: number,
  cursorLine?: number
): string | null {
  const flow = flows.find(f => f.cell.index === cellIndex);
  if (!flow) {
    return null;
  }
  const atCursor =
    cursorLine === undefined ? null : functionAtLine(flow.analysis, cursorLine);
  if (atCursor) {
    return atCursor;
  }
  for (const [name, kind] of flow.analysis.binds) {
    if (kind === 'def') {
      return name;
    }
  }
  return (
    flow.analysis.reads.find(name => flow.earlier.get(name) === 'def') ?? null
  );
}

/**
 * Plans a smoke test for a notebook function: its last call, with what the kernel holds now
 * for the call's arguments and results (2 s at most; without a kernel, the test only checks
 * that the call runs).
 */
export async function planSmokeTest(
  panel: NotebookPanel,
  analysis: INotebookFlows,
  cellIndex: number,
  name?: string,
  cursorLine?: number
): Promise<SmokePlan> {
  // The notebook as it is now: the command cannot wait for the next pass.
  const flows = analysis.current();
  const fn = name ?? functionOf(flows, cellIndex, cursorLine);
  if (!fn) {
    return { ok: false, reason: 'no-function' };
  }
  const cells = flows.map(f => f.analysis);
  // A function only other functions call is tested through the nearest one the notebook calls.
  const direct: ICallSite | null = findLastCall(cells, fn);
  const through = direct ? null : findCallThrough(cells, fn);
  const site = direct ?? through?.site;
  if (!site) {
    return { ok: false, reason: 'no-call', fn };
  }
  // A smoke test never changes the notebook's state: a call that rebinds its names is refused.
  const callee = through?.via ?? fn;
  const rebound = namesRebound(cells, callee);
  if (rebound.length > 0) {
    return { ok: false, reason: 'rebinds', fn, callee, names: rebound };
  }
  const kernel = panel.sessionContext.session?.kernel;
  const names = [...site.targets, ...site.nameArgs.map(a => a.name)];
  let values: Record<string, IKernelValue> | null = null;
  if (kernel && kernel.status === 'idle' && names.length > 0) {
    values = await askValueTypes(kernel, names);
  }
  const at = flows[site.cell].cell.index;
  return {
    ok: true,
    fn,
    after: at,
    fromKernel: values !== null,
    source: renderSmokeTest({
      fn,
      site,
      values: values ?? {},
      imports: importsUpTo(flows, at),
      via: through?.via
    })
  };
}

/** Inserts the test cell after the call, tagged as a test cell, in one undoable step; runs nothing. */
export function insertSmokeTest(panel: NotebookPanel, plan: SmokePlan): void {
  if (!plan.ok || !panel.model) {
    return;
  }
  panel.model.sharedModel.insertCell(plan.after + 1, {
    cell_type: 'code',
    source: plan.source,
    metadata: { [TAGS_KEY]: [TEST_TAG] }
  });
  panel.content.activeCellIndex = plan.after + 1;
}

/** Why no smoke test was added, in words. */
function smokeRefusal(
  plan: Exclude<SmokePlan, { ok: true }>,
  trans: TranslationBundle
): string {
  switch (plan.reason) {
    case 'no-function':
      return trans.__(
        'Select a cell that defines or calls a function of this notebook.'
      );
    case 'no-call':
      return trans.__(
        '%1 is never called in this notebook: call it once, then add its smoke test.',
        plan.fn ?? ''
      );
    case 'rebinds':
      return trans.__(
        "A smoke test must not change the notebook's state, and %1 rebinds the notebook's %2 (global): running the test would overwrite them. Make them its results instead, then add its smoke test.",
        plan.callee,
        plan.names.join(', ')
      );
  }
}

/** Where `sane:add-smoke-test` acts: the notebook, the cell, the function's name or line. */
export interface ISmokeTarget {
  panel: NotebookPanel;
  flows: INotebookFlows;
  index: number;
  name?: string;
  line?: number;
}

/** Plans the smoke test and inserts it, or says in a dialog why there is none. */
export async function addSmokeTest(
  target: ISmokeTarget,
  trans: TranslationBundle
): Promise<void> {
  const { panel, flows, index, name, line } = target;
  const plan = await planSmokeTest(panel, flows, index, name, line);
  if (!plan.ok) {
    await showDialog({
      title: trans.__('No smoke test added'),
      body: smokeRefusal(plan, trans),
      buttons: [Dialog.okButton({ label: trans.__('OK') })]
    });
    return;
  }
  insertSmokeTest(panel, plan);
}
