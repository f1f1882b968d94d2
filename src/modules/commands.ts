import { NotebookPanel } from '@jupyterlab/notebook';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { IDisposable } from '@lumino/disposable';
import { commandTarget } from '../notebook/navigate.js';
import { IMoveCommandOptions } from './options.js';

/** Move to module's command ids. */
export namespace CommandIDs {
  export const move = 'sane:move-to-module';
  export const undo = 'sane:undo-move';
}

/** Registers the move and undo-move commands; the returned disposables remove them. */
export function addMoveCommands(options: IMoveCommandOptions): IDisposable[] {
  const { app, tracker, trans, feature } = options;
  const panelOf = (args: ReadonlyPartialJSONObject) =>
    commandTarget(tracker, args, app).panel;
  const python = (panel: NotebookPanel | null) =>
    panel ? options.analysis.of(panel).isPython : true;
  const last = options.last;
  const undoPanel = () => {
    const record = last.record;
    return record
      ? (tracker.find(p => p.context.path === record.notebook) ?? null)
      : null;
  };
  const move = app.commands.addCommand(CommandIDs.move, {
    label: args =>
      python(panelOf(args))
        ? trans.__('Move to Module')
        : trans.__('Move to Module (Python kernels only)'),
    caption: trans.__(
      "Move the cell's functions and classes, with what they need, into a .py module the notebook imports"
    ),
    isEnabled: args => {
      const panel = panelOf(args);
      return feature.enabled && panel !== null && python(panel);
    },
    // The implementation (dialog, planning, file writes) is loaded on first use.
    execute: async args => {
      const panel = panelOf(args);
      if (panel?.model) {
        const { runMove } = await import('./run.js');
        const record = await runMove(
          options,
          panel,
          args,
          () => void app.commands.execute(CommandIDs.undo)
        );
        if (record) {
          await last.set(record);
          app.commands.notifyCommandChanged(CommandIDs.undo);
        }
      }
    }
  });
  const undo = app.commands.addCommand(CommandIDs.undo, {
    label: trans.__('Undo Move to Module'),
    caption: trans.__('Restore the notebook and the module as they were'),
    isEnabled: () => undoPanel() !== null,
    execute: async () => {
      const panel = undoPanel();
      const record = last.record;
      if (!panel || !record) {
        return;
      }
      const { undoMove } = await import('./undo.js');
      if (await undoMove(app.serviceManager.contents, panel, record, trans)) {
        await last.set(null);
        app.commands.notifyCommandChanged(CommandIDs.undo);
      }
    }
  });
  return [move, undo];
}
