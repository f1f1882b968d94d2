import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IMovePlan } from '../analysis/modules/index.js';
import { evaluateSilently } from '../extract/kernelTypes.js';
import { notebookCells } from '../notebook/cells.js';
import { runInOrder } from '../slice/commands.js';
import { CommandIDs as TestCommandIDs } from '../testcells/commands.js';
import {
  cellsToRerun,
  liveInstancesExpression,
  movedTestCount,
  parseLiveInstances
} from './afterMove.js';

/** How long the kernel may take to say which objects are instances of the moved classes. */
const LIVE_TIMEOUT_MS = 2000;

/**
 * The globals that hold instances of the moved classes as `__main__` defined them, by class;
 * empty when there are none, the kernel is busy or gone, or it is not Python.
 */
export async function liveInstances(
  panel: NotebookPanel,
  names: readonly string[],
  isPython: boolean
): Promise<Record<string, string[]>> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel || !isPython || names.length === 0) {
    return {};
  }
  const results = await evaluateSilently(
    kernel,
    { live: liveInstancesExpression(names) },
    LIVE_TIMEOUT_MS
  );
  const reply = results?.live as
    { status?: string; data?: { 'text/plain'?: string } } | undefined;
  const text = reply?.status === 'ok' ? reply.data?.['text/plain'] : undefined;
  return text ? parseLiveInstances(text) : {};
}

/** Tells the test panel where the moved tests went, when the test cells plugin is there. */
export function noteMovedTests(
  app: JupyterFrontEnd,
  panel: NotebookPanel,
  plan: IMovePlan,
  existingTests: string | null,
  testsPath: string | undefined
): void {
  const count = movedTestCount(plan, existingTests);
  if (
    count > 0 &&
    testsPath &&
    app.commands.hasCommand(TestCommandIDs.noteMoved)
  ) {
    void app.commands.execute(TestCommandIDs.noteMoved, {
      notebook: panel.context.path,
      count,
      path: testsPath
    });
  }
}

/** Runs again the cells that made `globals` and what they need, the import cell among them. */
export async function rerunMakers(
  panel: NotebookPanel,
  globals: readonly string[],
  trans: TranslationBundle
): Promise<void> {
  if (!panel.model || panel.isDisposed) {
    return;
  }
  const indexes = cellsToRerun(notebookCells(panel.model), globals);
  const widgets = panel.content.widgets;
  const ok = await runInOrder(
    panel,
    indexes.map(i => widgets[i])
  );
  if (!ok) {
    await showDialog({
      title: trans.__('A needed cell failed'),
      body: trans.__(
        'Running stopped at the first error: the cell and those after it did not run.'
      ),
      buttons: [Dialog.okButton({ label: trans.__('OK') })]
    });
  }
}

export interface IMovedNotice {
  panel: NotebookPanel;
  plan: IMovePlan;
  modulePath: string;
  live: Record<string, string[]>;
  undo: () => void;
  trans: TranslationBundle;
}

/**
 * The success notification: what moved where, with Undo move; and when objects made before the
 * move are still instances of the notebook's classes, says so and offers to re-run their cells.
 */
export function notifyMoved(notice: IMovedNotice): void {
  const { panel, plan, modulePath, live, trans } = notice;
  const actions = [{ label: trans.__('Undo move'), callback: notice.undo }];
  let message = trans.__(
    'Moved %1 to %2. Save the notebook to keep its import.',
    plan.names.join(', '),
    modulePath
  );
  const classes = Object.keys(live);
  if (classes.length > 0) {
    const globals = classes.flatMap(c => live[c]);
    message +=
      ' ' +
      trans.__(
        "%1 still hold instances of the notebook's %2 (__main__), not of %3's: isinstance and pickle tell them apart.",
        globals.join(', '),
        classes.join(', '),
        plan.moduleName
      );
    actions.push({
      label: trans.__('Re-run what those cells need'),
      callback: () => void rerunMakers(panel, globals, trans)
    });
  }
  Notification.success(message, {
    autoClose: classes.length > 0 ? false : 10000,
    actions
  });
}
