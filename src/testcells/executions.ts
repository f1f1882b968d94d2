import { TestEvent } from './protocol.js';

/** What the notebook's own run of a cell said: JupyterLab's `executed` signal, in short. */
export interface ICellExecution {
  success: boolean;
  /** The kernel's error name and value; no name when the kernel aborted the request. */
  errorName?: string;
  errorValue?: string;
}

/** The words for a test the notebook's run did not get to. */
export interface IExecutionReasons {
  cellFailed: string;
  interrupted: string;
}

/**
 * The runner's events for a test cell the notebook itself ran (Run All, Shift+Enter): a cell
 * that is one test passed or failed with the run; a cell of test functions whose run failed
 * did not get to its tests. Null when the run says nothing of the tests: the kernel aborted
 * it, or it defined test functions that are still to be called.
 */
export function executionEvents(
  cellId: string,
  planned: readonly string[],
  run: ICellExecution,
  reasons: IExecutionReasons
): TestEvent[] | null {
  const whole = planned.length === 0 || planned[0] === 'cell';
  if (run.success ? !whole : run.errorName === undefined) {
    return null;
  }
  const tests = whole ? ['cell'] : [...planned];
  const events: TestEvent[] = [{ kind: 'plan', cell: cellId, tests }];
  const interrupted = run.errorName === 'KeyboardInterrupt';
  if (run.success) {
    events.push({
      kind: 'result',
      cell: cellId,
      name: 'cell',
      outcome: 'passed'
    });
  } else if (interrupted) {
    const notRun = whole ? tests : ['cell (set-up)', ...tests];
    for (const name of notRun) {
      events.push({
        kind: 'result',
        cell: cellId,
        name,
        outcome: 'notrun',
        message: reasons.interrupted
      });
    }
  } else {
    const failed = run.errorName === 'AssertionError';
    events.push({
      kind: 'result',
      cell: cellId,
      name: whole ? 'cell' : 'cell (set-up)',
      outcome: failed ? 'failed' : 'error',
      message: failed
        ? run.errorValue || 'assert failed'
        : `${run.errorName}: ${run.errorValue ?? ''}`
    });
    if (!whole) {
      for (const name of tests) {
        events.push({
          kind: 'result',
          cell: cellId,
          name,
          outcome: 'notrun',
          message: reasons.cellFailed
        });
      }
    }
  }
  events.push({ kind: 'end', cell: cellId, interrupted });
  return events;
}
