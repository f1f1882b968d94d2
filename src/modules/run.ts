import { JupyterFrontEnd } from '@jupyterlab/application';
import { PathExt } from '@jupyterlab/coreutils';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { DocumentWidget } from '@jupyterlab/docregistry';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { definitionNames, IMovePlan } from '../analysis/index.js';
import { INotebookCell } from '../analysis/index.js';
import { notebookCells } from '../notebook/cells.js';
import { commandTarget } from '../notebook/navigate.js';
import { IMoveCommandOptions } from './options.js';
import { MoveBody } from './dialog.js';
import {
  changedBefore,
  existingFiles,
  IFileWrite,
  IFileWritten,
  readText,
  serverPath,
  testsPathOf,
  writeAll
} from './files.js';
import { ICandidate, IExisting, MoveModel } from './model.js';
import { applyMoveToCells } from './notebookEdit.js';
import { importedModulePaths } from './suggestions.js';
import { liveInstances, notifyMoved, noteMovedTests } from './followUps.js';
import { IMoveRecord } from './undo.js';

// What `sane:move-to-module` does once invoked: loaded by the command on first use, so that the
// page load carries neither the dialog nor the move's planning and file writes.

/** The code cells that define functions or classes. */
function candidatesOf(
  options: IMoveCommandOptions,
  panel: NotebookPanel
): ICandidate[] {
  // The notebook as it is now: the command cannot wait for the next pass.
  return options.analysis
    .of(panel)
    .current()
    .map((flow, code) => ({
      index: flow.cell.index,
      names: definitionNames(flow, code)
    }))
    .filter(c => c.names.length > 0);
}

/**
 * The cells the command starts with: the selected ones when the target (right-clicked or
 * active) cell is among them, else the target alone.
 */
function startSelection(
  options: IMoveCommandOptions,
  panel: NotebookPanel,
  args: ReadonlyPartialJSONObject
): number[] {
  const content = panel.content;
  const target = commandTarget(options.tracker, args, options.app).cell;
  const selected = content.widgets.flatMap((cell, index) =>
    content.isSelectedOrActive(cell) ? [{ cell, index }] : []
  );
  if (target && !selected.some(s => s.cell === target)) {
    return [content.widgets.indexOf(target)];
  }
  return selected.map(s => s.index);
}

/** Whether a file is open in the main area with unsaved edits (the move would write over them). */
function openWithEdits(app: JupyterFrontEnd, path: string): boolean {
  return [...app.shell.widgets('main')].some(
    w =>
      w instanceof DocumentWidget &&
      w.context.path === path &&
      w.context.model.dirty
  );
}

/** Reads the module and tests files the plan appends to; says why one can't be used. */
function reader(options: IMoveCommandOptions, panel: NotebookPanel) {
  const { trans, app } = options;
  const contents = app.serviceManager.contents;
  const readOne = async (module: string): Promise<string | null> => {
    const path = serverPath(panel.context.path, module);
    if (path === null) {
      throw new Error(
        trans.__(
          "%1 is outside the server's root folder: the notebook could not import it from there.",
          module
        )
      );
    }
    if (openWithEdits(app, path)) {
      throw new Error(
        trans.__(
          '%1 is open with unsaved edits: save or revert it first.',
          path
        )
      );
    }
    return readText(contents, path);
  };
  return async (module: string): Promise<IExisting> => {
    if (!module.endsWith('.py')) {
      // The engine says why; nothing to read.
      return { module: null, tests: null };
    }
    return {
      module: await readOne(module),
      tests: await readOne(testsPathOf(module))
    };
  };
}

/** What the user should know about the notebook itself before it changes. */
function notebookNotes(
  panel: NotebookPanel,
  trans: TranslationBundle
): string[] {
  const notes: string[] = [];
  if (PathExt.basename(panel.context.path).startsWith('Untitled')) {
    notes.push(
      trans.__(
        'This notebook is untitled: the module is written beside it now, so rename or move the notebook first if it is to live elsewhere.'
      )
    );
  }
  if (panel.model?.dirty) {
    notes.push(
      trans.__(
        'The notebook has unsaved changes. The move writes the module at once and changes the notebook in the editor: save the notebook to keep its new import.'
      )
    );
  }
  return notes;
}

/**
 * Shows the move dialog for the notebook and performs the move the user accepts; `undo` runs
 * Undo move (the notification after the move offers it).
 */
export async function runMove(
  options: IMoveCommandOptions,
  panel: NotebookPanel,
  args: ReadonlyPartialJSONObject,
  undo: () => void
): Promise<IMoveRecord | null> {
  const { trans, feature } = options;
  const cells = notebookCells(panel.model!);
  const model = new MoveModel({
    cells,
    candidates: candidatesOf(options, panel),
    selection: startSelection(options, panel, args),
    module: feature.settings.defaultModule,
    tests: feature.settings.moveTests,
    read: reader(options, panel),
    notes: notebookNotes(panel, trans)
  });
  void existingFiles(
    options.app.serviceManager.contents,
    panel.context.path,
    importedModulePaths(options.analysis.of(panel).current())
  ).then(found => {
    if (!model.isDisposed) {
      model.suggestions = found;
    }
  });
  const body = new MoveBody(model, options.editorServices, trans);
  let record: IMoveRecord | null = null;
  // The dialog comes back while the plan is refused or not ready: the user's choices stay.
  for (;;) {
    const result = await showDialog({
      title: trans.__('Move to module'),
      body,
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Move') })
      ],
      focusNodeSelector: 'input[aria-label]'
    });
    if (!result.button.accept) {
      break;
    }
    await model.ready;
    const plan = model.plan;
    if (plan?.ok && model.existing && !model.fileProblem) {
      record = await perform(options, panel, plan, model.existing, cells, undo);
      break;
    }
  }
  body.dispose();
  model.dispose();
  panel.content.mode = 'command';
  panel.content.activate();
  return record;
}

async function nothingChanged(
  trans: TranslationBundle,
  title: string,
  reason: string
): Promise<void> {
  await showDialog({
    title,
    body: trans.__(
      '%1\n\nNothing was changed: the notebook and the files are as they were.',
      reason
    ),
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}

/**
 * Why the plan no longer fits, when the notebook or the files changed while the dialog was
 * open (a collaborator, another tab): writing it would lose those edits.
 */
async function changedMeanwhile(
  options: IMoveCommandOptions,
  panel: NotebookPanel,
  planned: readonly INotebookCell[],
  writes: readonly IFileWrite[]
): Promise<string | null> {
  const { trans } = options;
  const now = notebookCells(panel.model!);
  if (JSON.stringify(now) !== JSON.stringify(planned)) {
    return trans.__(
      'The notebook changed while the dialog was open: run Move to Module again.'
    );
  }
  let changed: string[];
  try {
    changed = await changedBefore(options.app.serviceManager.contents, writes);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return changed.length > 0
    ? trans.__(
        '%1 changed while the dialog was open: run Move to Module again.',
        changed.join(', ')
      )
    : null;
}

/**
 * Writes the module (and tests file) through the contents API, then edits the notebook in
 * one transaction. A write that fails leaves everything as it was, and says so.
 */
async function perform(
  options: IMoveCommandOptions,
  panel: NotebookPanel,
  plan: IMovePlan,
  existing: IExisting,
  planned: readonly INotebookCell[],
  undo: () => void
): Promise<IMoveRecord | null> {
  const { app, trans } = options;
  const contents = app.serviceManager.contents;
  const at = (p: string) => serverPath(panel.context.path, p)!;
  const writes = [
    { path: at(plan.module), before: existing.module, after: plan.moduleSource }
  ];
  if (plan.tests) {
    writes.push({
      path: at(plan.tests.path),
      before: existing.tests,
      after: plan.tests.source
    });
  }
  // Asked before anything changes, so that the files and the cells change together.
  const live = await liveInstances(
    panel,
    plan.names,
    options.analysis.of(panel).isPython
  );
  const problem = await changedMeanwhile(options, panel, planned, writes);
  if (problem) {
    await nothingChanged(trans, trans.__('The move was not made'), problem);
    return null;
  }
  let written: IFileWritten[];
  try {
    written = await writeAll(contents, writes);
  } catch (error) {
    await nothingChanged(
      trans,
      trans.__('The module could not be written'),
      error instanceof Error ? error.message : String(error)
    );
    return null;
  }
  const cells = applyMoveToCells(panel.model!, plan);
  panel.content.activeCellIndex = cells.written[0]?.index ?? 0;
  noteMovedTests(app, panel, plan, existing.tests);
  notifyMoved({
    panel,
    plan,
    modulePath: writes[0].path,
    live,
    undo,
    trans
  });
  return { notebook: panel.context.path, writes: written, cells };
}
