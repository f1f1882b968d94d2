import { CommandRegistry } from '@lumino/commands';
import { sliceOf } from '../analysis/slice.js';
import { notebookCells } from '../notebook/cells.js';
import { goToCell } from '../notebook/navigate.js';
import { KernelWatch } from './kernelWatch.js';
import { IPopoverActions } from './popover.js';

/** The command that runs what a cell needs (the slice plugin's): invoked by its id. */
const RUN_NEEDED = 'sane:run-needed-cells';

/** The popover's actions on the notebook whose kernel the item shows (status bar or top area). */
export function popoverActions(
  current: () => KernelWatch | null,
  commands: CommandRegistry
): IPopoverActions {
  return {
    rerunLost: async () => {
      // Stops at the first error and says so (see KernelWatch.replay).
      await current()?.replay();
    },
    goTo: index => {
      const watch = current();
      if (watch) {
        goToCell(watch.panel, index);
      }
    },
    needed: () => {
      const watch = current();
      const model = watch?.panel.model;
      const active = watch?.panel.content.activeCell;
      if (!watch || !model || !active || active.model.type !== 'code') {
        return null;
      }
      if (!commands.hasCommand(RUN_NEEDED)) {
        return null;
      }
      const index = watch.panel.content.widgets.indexOf(active);
      const count = sliceOf(notebookCells(model), index).length + 1;
      return { cell: index, count };
    },
    runNeeded: async () => {
      const watch = current();
      if (watch) {
        await commands.execute(RUN_NEEDED, { path: watch.panel.context.path });
        watch.clearLost();
      }
    }
  };
}
