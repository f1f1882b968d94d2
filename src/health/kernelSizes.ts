import { Kernel } from '@jupyterlab/services';
import { JSONObject } from '@lumino/coreutils';
import { evaluateSilently } from '../extract/kernelTypes.js';

/** At most this many names are asked: a notebook's data names, not every global. */
const MAX_NAMES = 200;
/** Values smaller than this are quick to write out and not worth naming. */
const WORTH_BYTES = 1024 ** 2;

/**
 * The Python expression for the bytes a value holds, cheap whatever its size: a frame's
 * columns without looking into objects (`deep=False`), an array's or tensor's buffer, else the
 * object itself (`sys.getsizeof`: a list's pointers, not what they point to). It binds nothing.
 */
export function sizeExpression(name: string): string {
  return (
    '(lambda v: int(v.memory_usage(deep=False).sum()) ' +
    "if hasattr(v, 'columns') and callable(getattr(v, 'memory_usage', None)) " +
    "else int(v.nbytes) if isinstance(getattr(v, 'nbytes', None), int) " +
    "else int(v.element_size() * v.nelement()) if hasattr(v, 'element_size') and hasattr(v, 'nelement') " +
    `else __import__('sys').getsizeof(v))(${name})`
  );
}

/** A user expression's result to bytes: null for an error (the name is not bound) or garbage. */
function bytesOf(result: unknown): number | null {
  const reply = result as { status?: string; data?: { 'text/plain'?: string } };
  const text = reply?.status === 'ok' ? reply.data?.['text/plain'] : undefined;
  return text && /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * The bytes each name's value holds in the kernel, asked silently (no history, no output,
 * nothing bound) and only while the kernel is idle: a busy kernel would queue the request
 * behind the running cell. Null when it is busy, fails, or does not answer in `timeoutMs`
 * (the request is then abandoned, never waited for).
 */
export async function askSizes(
  kernel: Kernel.IKernelConnection,
  names: readonly string[],
  timeoutMs = 2000
): Promise<Record<string, number> | null> {
  if (kernel.status !== 'idle' || names.length === 0) {
    return null;
  }
  const asked = names.slice(0, MAX_NAMES);
  const expressions: JSONObject = {};
  asked.forEach(name => (expressions[name] = sizeExpression(name)));
  const results = await evaluateSilently(kernel, expressions, timeoutMs);
  if (!results) {
    return null;
  }
  const out: Record<string, number> = {};
  for (const name of asked) {
    const bytes = bytesOf(results[name]);
    if (bytes !== null) {
      out[name] = bytes;
    }
  }
  return out;
}

/** The largest values worth writing out, largest first. */
export function largestValues(
  sizes: Record<string, number>,
  count = 3
): { name: string; bytes: number }[] {
  return Object.entries(sizes)
    .filter(([, bytes]) => bytes >= WORTH_BYTES)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => ({ name, bytes }));
}
