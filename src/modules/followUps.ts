import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IMovePlan } from '../analysis/index.js';
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
  existingTests: string | null
): void {
  const count = movedTestCount(plan, existingTests);
  // The path as the notebook sees it: pytest runs in the notebook's folder.
  const testsPath = plan.tests?.path;
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

/** Notifications are cut at 140 characters: the class names are said only when few. */
function liveMessage(
  live: Record<string, string[]>,
  moduleName: string,
  trans: TranslationBundle
): string {
  const classes = Object.keys(live);
  const globals = classes.flatMap(c => live[c]);
  return globals.length === 1
    ? trans.__(
        '%1 was made before the move: it is a __main__.%2, not a %3.%2 (isinstance, pickle).',
        globals[0],
        classes[0],
        moduleName
      )
    : trans.__(
        '%1 were made before the move: they are instances of __main__ classes, not of %2 (isinstance, pickle).',
        globals.join(', '),
        moduleName
      );
}

/**
 * Says what moved where, with Undo move; and when objects made before the move are still
 * instances of the notebook's classes, says so apart and offers to re-run their cells.
 */
export function notifyMoved(notice: IMovedNotice): void {
  const { panel, plan, modulePath, live, trans } = notice;
  Notification.success(
    trans.__(
      'Moved %1 to %2. Save the notebook to keep its import.',
      plan.names.join(', '),
      modulePath
    ),
    {
      autoClose: 10000,
      actions: [{ label: trans.__('Undo move'), callback: notice.undo }]
    }
  );
  const globals = Object.values(live).flat();
  if (globals.length > 0) {
    Notification.warning(liveMessage(live, plan.moduleName, trans), {
      autoClose: false,
      actions: [
        {
          label: trans.__('Re-run what those cells need'),
          callback: () => void rerunMakers(panel, globals, trans)
        }
      ]
    });
  }
}
