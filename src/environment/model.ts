/**
 * One environment check of a notebook: its imports (the analysis, on the cells as they are),
 * the kernel's installed distributions (asked silently), the server's findings.
 */
import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { notebookImports } from '../analysis/index.js';
import { requestAPI } from '../common/server.js';
import { evaluateSilently } from '../extract/kernelTypes.js';
import { isPythonNotebook, notebookCells } from '../notebook/cells.js';

export interface IFinding {
  kind: 'undeclared' | 'transitive' | 'not-installed' | 'version' | 'no-lock';
  module?: string | null;
  distribution?: string | null;
  installed?: string | null;
  message: string;
}

export interface IEnvironmentLocation {
  prefix: string;
  mount: string | null;
  fstype: string | null;
  remote: boolean | null;
  /** The imports' time, once measured (in the background: null until then). */
  imports: { total?: number; error?: string } | null;
  advice: string | null;
}

export interface IEnvironmentReply {
  packages: string[];
  /** Where the kernel's environment lives; null without a kernel on this machine. */
  location: IEnvironmentLocation | null;
  files: { path: string; kind: string; errors: string[] }[];
  locks: { path: string; kind: string }[];
  findings: IFinding[];
  /** Whether the kernel's environment was known. */
  kernel: boolean;
  /** What to ask the kernel (user expression) for its distributions. */
  expression: string;
  fix: { path: string; exists: boolean; add: string[]; text: string } | null;
}

export interface ICheckOptions {
  serverSettings: ServerConnection.ISettings;
  pin: string;
  timeoutMs: number;
}

/** Why a check could not run, in the user's words (translated by the caller). */
export class CheckRefused extends Error {}

/** The findings for the notebook as it is now, with its kernel's environment when it answers. */
export async function checkEnvironment(
  panel: NotebookPanel,
  options: ICheckOptions
): Promise<IEnvironmentReply> {
  const model = panel.model;
  if (!model || !isPythonNotebook(model)) {
    throw new CheckRefused('not-python');
  }
  const found = notebookImports(notebookCells(model));
  const imports = [
    ...new Set(found.imports.flatMap(i => (i.top ? [i.top] : [])))
  ];
  const ask = (environment: unknown) =>
    requestAPI<IEnvironmentReply>(options.serverSettings, 'environment', {
      method: 'POST',
      body: JSON.stringify({
        path: panel.context.path,
        imports,
        environment,
        pin: options.pin
      })
    });
  // The first answer names the expression; the kernel's answer makes the second complete.
  const first = await ask(null);
  const environment = await askKernel(
    panel,
    first.expression,
    options.timeoutMs
  );
  return environment ? ask(environment) : first;
}

async function askKernel(
  panel: NotebookPanel,
  expression: string,
  timeoutMs: number
): Promise<object | null> {
  const kernel = panel.sessionContext.session?.kernel;
  if (!kernel) {
    return null;
  }
  const results = await evaluateSilently(
    kernel,
    { env: expression },
    timeoutMs
  );
  const reply = results?.env as
    { status?: string; data?: { 'text/plain'?: string } } | undefined;
  const text = reply?.status === 'ok' ? reply.data?.['text/plain'] : undefined;
  if (!text) {
    return null;
  }
  try {
    // The repr of a JSON string: Python quotes it; JSON.parse of the inner text after unescaping.
    const inner = text.slice(1, -1).replace(/\\(['"\\])/g, '$1');
    const value = JSON.parse(inner) as { modules?: unknown };
    return typeof value.modules === 'object' ? value : null;
  } catch {
    return null;
  }
}
