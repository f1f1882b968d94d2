import { CommandRegistry } from '@lumino/commands';
import { IDisposable } from '@lumino/disposable';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { commandTarget } from '../notebook/navigate.js';
import { NotebookFlags } from './notebookFlags.js';

/** Repeated work's command ids, declared in schema/repeats.json's menus. */
export namespace CommandIDs {
  export const restoreHints = 'sane:restore-hints';
}

/**
 * Registers `sane:restore-hints`: the notebook (`args.path`, else the current one) shows again
 * the hints dismissed on its cells. The returned disposable removes the command.
 */
export function addRestoreCommand(
  commands: CommandRegistry,
  tracker: INotebookTracker,
  flagsOf: (panel: NotebookPanel) => NotebookFlags,
  trans: TranslationBundle
): IDisposable {
  return commands.addCommand(CommandIDs.restoreHints, {
    label: trans.__('Show Dismissed Hints'),
    caption: trans.__(
      'Show again the repeated-work hints dismissed on the cells of this notebook'
    ),
    describedBy: {
      args: {
        type: 'object',
        properties: { path: { type: 'string' } }
      }
    },
    isEnabled: args => commandTarget(tracker, args).panel !== null,
    execute: args => {
      const { panel } = commandTarget(tracker, args);
      return panel ? flagsOf(panel).restoreDismissed() : 0;
    }
  });
}
