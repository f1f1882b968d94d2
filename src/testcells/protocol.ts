import { RUNNER_SOURCE } from './runnerSource.js';

/**
 * What the kernel-side runner (jupyterlab_sane/testing/testrunner.py) reports, one display message of
 * its own MIME type per event. Parsed from structured data, never from printed text.
 */
export const TEST_EVENT_MIME =
  'application/vnd.jupyterlab-sane.test-event+json';

const MODULE = '_jupyterlab_sane_runner';
const RUNNER_FILE = '<jupyterlab-sane runner>';

export type Outcome = 'passed' | 'failed' | 'error' | 'notrun';

export interface ICompared {
  op: string;
  left: string;
  right: string;
}

export interface ITestResult {
  name: string;
  outcome: Outcome;
  message?: string;
  traceback?: string;
  duration?: number;
  output?: string;
  compared?: ICompared;
}

export type TestEvent =
  | { kind: 'plan'; cell: string; tests: string[] }
  | ({ kind: 'result'; cell: string } & ITestResult)
  | { kind: 'end'; cell: string; interrupted: boolean };

const OUTCOMES: readonly string[] = ['passed', 'failed', 'error', 'notrun'];

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function compared(value: unknown): ICompared | undefined {
  const c = value as Partial<ICompared> | null;
  return c &&
    typeof c.op === 'string' &&
    typeof c.left === 'string' &&
    typeof c.right === 'string'
    ? { op: c.op, left: c.left, right: c.right }
    : undefined;
}

/** A runner event from a display message's data, or null when it is not one. */
export function parseEvent(data: unknown): TestEvent | null {
  const e = data as Record<string, unknown> | null;
  if (!e || typeof e !== 'object' || typeof e.cell !== 'string') {
    return null;
  }
  if (e.kind === 'plan' && Array.isArray(e.tests)) {
    const tests = e.tests.filter((t): t is string => typeof t === 'string');
    return { kind: 'plan', cell: e.cell, tests };
  }
  if (e.kind === 'end') {
    return { kind: 'end', cell: e.cell, interrupted: e.interrupted === true };
  }
  if (
    e.kind === 'result' &&
    typeof e.name === 'string' &&
    typeof e.outcome === 'string' &&
    OUTCOMES.includes(e.outcome)
  ) {
    return {
      kind: 'result',
      cell: e.cell,
      name: e.name,
      outcome: e.outcome as Outcome,
      message: optionalString(e.message),
      traceback: optionalString(e.traceback),
      output: optionalString(e.output),
      duration: typeof e.duration === 'number' ? e.duration : undefined,
      compared: compared(e.compared)
    };
  }
  return null;
}

/** A Python string literal for any text (JSON's escapes are all valid in Python). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Code that loads the runner as a module in the kernel. It runs in a throw-away namespace, so
 * it binds nothing in the user's.
 */
export function installCode(source: string = RUNNER_SOURCE): string {
  const boot =
    'import sys, types\n' +
    `m = types.ModuleType(${pyString(MODULE)})\n` +
    `m.__file__ = ${pyString(RUNNER_FILE)}\n` +
    `exec(compile(${pyString(source)}, m.__file__, 'exec'), m.__dict__)\n` +
    'sys.modules[m.__name__] = m\n';
  return `exec(${pyString(boot)}, {})`;
}

/** Code that runs one test cell's tests, publishing the events; it evaluates to None. */
export function runCode(
  source: string,
  cellId: string,
  timeoutSeconds: number
): string {
  return (
    `__import__(${pyString(MODULE)}).run_published(` +
    `${pyString(source)}, ${pyString(cellId)}, timeout=${timeoutSeconds})`
  );
}

/**
 * Code that calls the tests of a cell the notebook just ran, as the notebook's run defined
 * them: the cell itself does not run again.
 */
export function definedCode(
  source: string,
  cellId: string,
  timeoutSeconds: number
): string {
  return (
    `__import__(${pyString(MODULE)}).run_defined_published(` +
    `${pyString(source)}, ${pyString(cellId)}, timeout=${timeoutSeconds})`
  );
}
