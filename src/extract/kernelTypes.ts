import { Kernel } from '@jupyterlab/services';
import { JSONObject } from '@lumino/coreutils';
import { IKernelValue } from '../analysis/index.js';

/**
 * The Python expression that describes a value as JSON. It binds nothing: `json` comes in
 * through `__import__`, and user expressions leave no trace in history or outputs.
 */
function describe(name: string): string {
  return (
    `__import__('json').dumps(dict(module=type(${name}).__module__, ` +
    `name=type(${name}).__qualname__, ` +
    `shape=[int(d) for d in ${name}.shape] if isinstance(getattr(${name}, 'shape', None), tuple) else None, ` +
    `dtype=str(${name}.dtype) if hasattr(${name}, 'dtype') else None, ` +
    // Small plain values come back as literals: a smoke test can call with them as they were.
    `literal=repr(${name}) if type(${name}) in (int, float, str, bool) and len(repr(${name})) <= 200 ` +
    `and __import__('ast').literal_eval(repr(${name})) == ${name} else None))`
  );
}

/** `'{"a": 1}'` (Python's repr of a str) to the str itself. */
function unrepr(text: string): string | null {
  if (
    text.length < 2 ||
    !["'", '"'].includes(text[0]) ||
    text[0] !== text[text.length - 1]
  ) {
    return null;
  }
  return text.slice(1, -1).replace(/\\(['"\\])/g, '$1');
}

function parse(result: unknown): IKernelValue | null {
  const reply = result as { status?: string; data?: { 'text/plain'?: string } };
  const text =
    reply?.status === 'ok' ? unrepr(reply.data?.['text/plain'] ?? '') : null;
  if (!text) {
    return null;
  }
  try {
    const value = JSON.parse(text) as IKernelValue;
    return typeof value.module === 'string' && typeof value.name === 'string'
      ? value
      : null;
  } catch {
    return null;
  }
}

/**
 * Evaluates `expressions` in the kernel silently (no history, no outputs, nothing bound):
 * their raw results by key, or null when the kernel fails or does not answer in `timeoutMs`.
 */
export async function evaluateSilently(
  kernel: Kernel.IKernelConnection,
  expressions: JSONObject,
  timeoutMs: number
): Promise<Record<string, unknown> | null> {
  const future = kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    allow_stdin: false,
    stop_on_error: false,
    user_expressions: expressions
  });
  let timer = 0;
  const timeout = new Promise<null>(resolve => {
    timer = window.setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const reply = await Promise.race([future.done, timeout]);
    return reply && reply.content.status === 'ok'
      ? (reply.content.user_expressions as Record<string, unknown>)
      : null;
  } catch {
    return null;
  } finally {
    window.clearTimeout(timer);
    future.dispose();
  }
}

/**
 * Asks the kernel, silently, the type of the value each name holds now. Resolves to null when
 * the kernel does not answer within `timeoutMs`; names it cannot describe are left out.
 */
export async function askValueTypes(
  kernel: Kernel.IKernelConnection,
  names: readonly string[],
  timeoutMs = 2000
): Promise<Record<string, IKernelValue> | null> {
  const expressions: JSONObject = {};
  names.forEach(name => (expressions[name] = describe(name)));
  const results = await evaluateSilently(kernel, expressions, timeoutMs);
  if (!results) {
    return null;
  }
  const out: Record<string, IKernelValue> = {};
  for (const name of names) {
    const value = parse(results[name]);
    if (value) {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Whether the kernel can import `module`, asked silently and without importing it: an error,
 * no answer within `timeoutMs` or a missing module all say no.
 */
export async function askImportable(
  kernel: Kernel.IKernelConnection,
  module: string,
  timeoutMs = 2000
): Promise<boolean> {
  const results = await evaluateSilently(
    kernel,
    {
      found: `__import__('importlib.util').util.find_spec(${JSON.stringify(module)}) is not None`
    },
    timeoutMs
  );
  const found = results?.found as
    { status?: string; data?: { 'text/plain'?: string } } | undefined;
  return found?.status === 'ok' && found.data?.['text/plain'] === 'True';
}
