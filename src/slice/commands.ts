import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import {
  INotebookTracker,
  Notebook,
  NotebookActions,
  NotebookPanel
} from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { NotebookAnalyzer } from '../analysis/index.js';
import { FeatureModel } from '../common/featureModel.js';
import { SettingsOf } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { notebookCells } from '../notebook/cells.js';
import { commandTarget } from '../notebook/navigate.js';
import { loadSliceAnalysis } from './lazyAnalysis.js';

/** The settings, typed from schema/slice.json. */
export type SliceSettings = SettingsOf<typeof SCHEMAS.slice>;

/** The command ids other plugins invoke (the health popover after a restart). */
export namespace CommandIDs {
  export const runNeeded = 'sane:run-needed-cells';
}

export interface IRunNeededOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  feature: FeatureModel<SliceSettings>;
  trans: TranslationBundle;
  /** Whether a notebook's kernel may run Python: a slice of other code means nothing. */
  isPython: (panel: NotebookPanel) => boolean;
}

/** The notebook and code cell the command acts on: the right-clicked one from the menu. */
function target(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  args: ReadonlyPartialJSONObject
): { panel: NotebookPanel; cell: Cell } | null {
  const { panel, cell } = commandTarget(tracker, args, app);
  return panel && cell && cell.model.type === 'code' ? { panel, cell } : null;
}

/** The cells to run for `cell`, in notebook order, the cell last. */
export async function neededCells(
  panel: NotebookPanel,
  cell: Cell
): Promise<Cell[]> {
  const { sliceOf } = await loadSliceAnalysis();
  const widgets = panel.content.widgets;
  const at = widgets.indexOf(cell);
  const model = panel.model;
  if (!model || at < 0) {
    return [];
  }
  const needs = sliceOf(notebookCells(model), at, new NotebookAnalyzer());
  return [...needs.map(i => widgets[i]), cell];
}

/** Runs cells in order as one command; JupyterLab before 4.1 has no runCells: one by one. */
export async function runInOrder(
  panel: NotebookPanel,
  cells: readonly Cell[]
): Promise<boolean> {
  const actions = NotebookActions as typeof NotebookActions & {
    runCells?: (
      notebook: Notebook,
      cells: readonly Cell[],
      sessionContext?: NotebookPanel['sessionContext']
    ) => Promise<boolean>;
  };
  if (actions.runCells) {
    return actions.runCells(panel.content, cells, panel.sessionContext);
  }
  const content = panel.content;
  for (const cell of cells) {
    content.deselectAll();
    content.activeCellIndex = content.widgets.indexOf(cell);
    if (!(await NotebookActions.run(content, panel.sessionContext))) {
      return false;
    }
  }
  return true;
}

/** Registers `sane:run-needed-cells`. */
export function addRunNeededCommand(options: IRunNeededOptions): IDisposable {
  const { app, tracker, feature, trans, isPython } = options;
  const python = (args: ReadonlyPartialJSONObject) => {
    const panel = tracker.currentWidget;
    return panel ? isPython(panel) : true;
  };
  return app.commands.addCommand(CommandIDs.runNeeded, {
    label: args =>
      python(args ?? {})
        ? trans.__('Run What This Cell Needs')
        : trans.__('Run What This Cell Needs (Python kernels only)'),
    caption: trans.__(
      'Run, in notebook order, the earlier cells this cell needs, then the cell'
    ),
    isEnabled: args =>
      feature.enabled &&
      python(args ?? {}) &&
      target(app, tracker, args ?? {}) !== null,
    execute: async args => {
      const found = target(app, tracker, args ?? {});
      if (!found) {
        return;
      }
      const cells = await neededCells(found.panel, found.cell);
      const ok = await runInOrder(found.panel, cells);
      found.panel.content.activeCellIndex = found.panel.content.widgets.indexOf(
        found.cell
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
  });
}
