import { CommandRegistry } from '@lumino/commands';
import { notebookCells } from '../notebook/cells.js';
import { goToCell } from '../notebook/navigate.js';
import { CommandIDs } from '../slice/commands.js';
import {
  loadSliceAnalysis,
  sliceAnalysisIfLoaded
} from '../slice/lazyAnalysis.js';
import { KernelWatch } from './kernelWatch.js';
import type { HealthPopover, IPopoverActions } from './popover.js';

/**
 * The cell "Re-run what this cell needs" is for: the one a death interrupted when known (what
 * the user was running), else the active code cell.
 */
export function neededTarget(
  watch: KernelWatch
): { index: number; id: string } | null {
  const interrupted = watch.info.interrupted;
  if (interrupted) {
    return interrupted;
  }
  const active = watch.panel.content.activeCell;
  if (!active || active.model.type !== 'code') {
    return null;
  }
  return {
    index: watch.panel.content.widgets.indexOf(active),
    id: active.model.id
  };
}

/** Runs what a cell needs, then the cell, through the slice plugin's command. */
export async function runNeeded(
  watch: KernelWatch,
  commands: CommandRegistry
): Promise<void> {
  const target = neededTarget(watch);
  if (!target || !commands.hasCommand(CommandIDs.runNeeded)) {
    return;
  }
  await commands.execute(CommandIDs.runNeeded, {
    path: watch.panel.context.path,
    cellId: target.id
  });
  watch.clearLost();
}

/**
 * The popover's actions on the notebook whose kernel the item shows (status bar or top area).
 * `acknowledge`: the user acted on the kernel's last death.
 */
export function popoverActions(
  current: () => KernelWatch | null,
  commands: CommandRegistry,
  acknowledge: () => void = () => undefined
): IPopoverActions {
  return {
    rerunLost: async () => {
      acknowledge();
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
      const target = watch ? neededTarget(watch) : null;
      if (!model || !target || !commands.hasCommand(CommandIDs.runNeeded)) {
        return null;
      }
      // Loaded before the popover opens (see loadPopover).
      const slice = sliceAnalysisIfLoaded();
      if (!slice) {
        return null;
      }
      const count =
        slice.sliceOf(notebookCells(model), target.index).length + 1;
      return { cell: target.index, count };
    },
    runNeeded: async () => {
      const watch = current();
      if (watch) {
        acknowledge();
        await runNeeded(watch, commands);
      }
    },
    dismissDeath: acknowledge
  };
}

/**
 * The popover and its actions, loaded when the user first opens it, with the slice analysis
 * that counts the cells a cell needs (the popover asks it as it renders, it cannot wait).
 */
export async function loadPopover(
  current: () => KernelWatch | null,
  commands: CommandRegistry,
  acknowledge?: () => void
): Promise<{ Popover: typeof HealthPopover; actions: IPopoverActions }> {
  const [{ HealthPopover: Popover }] = await Promise.all([
    import('./popover.js'),
    loadSliceAnalysis()
  ]);
  return { Popover, actions: popoverActions(current, commands, acknowledge) };
}
