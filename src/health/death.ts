import { TranslationBundle } from '@jupyterlab/translation';
import { formatBytes } from './format.js';
import { IKernelDeath, Level } from './types.js';

type Trans = Pick<TranslationBundle, '__'>;

/** A kernel's death in words: for the status item, the popover and a notification. */
export interface IDeathWords {
  level: Level;
  /** A few words for the status bar. */
  short: string;
  /** Why it died, as far as it is known. */
  cause: string;
  /** What to do about it. */
  advice: string;
  /** The notification's text: JupyterLab cuts it beyond 140 characters. */
  message: string;
}

/**
 * Why a kernel died and what to do. Out of memory is critical: running the same cells again
 * the same way kills it again, so the user must change something first. Other deaths are
 * warnings: the state is lost, but re-running what a cell needs is the whole remedy.
 */
export function describeDeath(
  death: IKernelDeath,
  limit: number | null,
  trans: Trans
): IDeathWords {
  const rerun = trans.__('Its variables are lost: re-run what the cell needs.');
  switch (death.reason) {
    case 'oom':
      return {
        level: 'critical',
        short: trans.__('killed: out of memory'),
        cause: outOfMemory(death, limit, trans),
        advice: trans.__(
          'Its variables are lost. Before running the cell again: work in smaller batches, free memory with `del` on large objects you no longer need, or ask for a larger memory limit. Then re-run what the cell needs.'
        ),
        message: trans.__(
          'Kernel killed: out of memory. Use smaller batches, `del` large objects, or a larger memory limit.'
        )
      };
    case 'signal': {
      const name =
        death.signal_name ?? trans.__('signal %1', death.signal ?? '?');
      return {
        level: 'warning',
        short: trans.__('killed by %1', name),
        cause: trans.__(
          'The kernel was killed by %1 (signal %2): something outside the notebook stopped it, such as a kill command, a job scheduler or a watchdog.',
          name,
          death.signal ?? '?'
        ),
        advice: rerun,
        message: trans.__('Kernel killed by %1; its variables are lost.', name)
      };
    }
    case 'exit':
      return {
        level: 'warning',
        short: trans.__('exited (%1)', death.code ?? '?'),
        cause:
          death.code === 0
            ? trans.__(
                'The kernel exited by itself (code 0): the code it ran ended it, with exit() or sys.exit().'
              )
            : trans.__(
                'The kernel exited with code %1: the code it ran ended it (sys.exit, os._exit) or a native library crashed it.',
                death.code ?? '?'
              ),
        advice: rerun,
        message: trans.__(
          'Kernel exited with code %1; its variables are lost.',
          death.code ?? '?'
        )
      };
    default:
      return {
        level: 'warning',
        short: trans.__('died'),
        cause: trans.__(
          'The kernel died; why is not known (the server does not hold its process).'
        ),
        advice: rerun,
        message: trans.__('The kernel died; its variables are lost.')
      };
  }
}

function outOfMemory(
  death: IKernelDeath,
  limit: number | null,
  trans: Trans
): string {
  const bound = limit
    ? trans.__(' (the limit is %1)', formatBytes(limit, 'iec'))
    : '';
  return death.evidence === 'oom_kill'
    ? trans.__(
        'The kernel was killed for lack of memory%1: the out-of-memory killer stopped it.',
        bound
      )
    : trans.__(
        'The kernel was killed (SIGKILL) with memory at its limit%1: most likely for lack of memory.',
        bound
      );
}

/** Tells deaths apart: a kernel keeps its id across restarts, so its id and when it died. */
export function deathKey(kernelId: string, death: IKernelDeath): string {
  return `${kernelId}@${death.at}`;
}
