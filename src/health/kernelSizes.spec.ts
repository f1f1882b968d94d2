import { execFileSync } from 'child_process';
import { Kernel } from '@jupyterlab/services';
import { askSizes, largestValues, sizeExpression } from './kernelSizes';

const MIB = 1024 ** 2;

/** A kernel that answers each user expression with `answers[name]`, or never answers. */
function kernel(
  status: string,
  answers: Record<string, string | null> | null
): { kernel: Kernel.IKernelConnection; sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  const fake = {
    status,
    requestExecute: (content: Record<string, unknown>) => {
      sent.push(content);
      const expressions: Record<string, unknown> = {};
      for (const [name, text] of Object.entries(answers ?? {})) {
        expressions[name] =
          text === null
            ? { status: 'error', ename: 'NameError' }
            : { status: 'ok', data: { 'text/plain': text } };
      }
      return {
        done:
          answers === null
            ? new Promise(() => undefined) // a kernel that never answers
            : Promise.resolve({
                content: { status: 'ok', user_expressions: expressions }
              }),
        dispose: () => undefined
      };
    }
  };
  return { kernel: fake as unknown as Kernel.IKernelConnection, sent };
}

describe("the kernel's sizes", () => {
  it('are asked silently, one expression a name, and read back as bytes', async () => {
    const { kernel: k, sent } = kernel('idle', {
      df: '8000132',
      gone: null,
      odd: "'a string'"
    });
    const sizes = await askSizes(k, ['df', 'gone', 'odd']);
    expect(sizes).toEqual({ df: 8000132 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      code: '',
      silent: true,
      store_history: false,
      allow_stdin: false
    });
    const expressions = sent[0].user_expressions as Record<string, string>;
    expect(Object.keys(expressions)).toEqual(['df', 'gone', 'odd']);
    expect(expressions.df).toBe(sizeExpression('df'));
  });

  it('are what Python says of a frame, an array, a tensor and a plain object, binding nothing', () => {
    const code = [
      'class Frame:',
      '    columns = ["a"]',
      '    def memory_usage(self, deep): return Sum(800 if not deep else 10**9)',
      'class Sum:',
      '    def __init__(self, n): self.n = n',
      '    def sum(self): return self.n',
      'class Array: nbytes = 8000',
      'class Tensor:',
      '    def element_size(self): return 4',
      '    def nelement(self): return 250',
      'frame, array, tensor, blob = Frame(), Array(), Tensor(), b"x" * 5000',
      'before = set(globals())',
      'sizes = [eval(e) for e in [' +
        ['frame', 'array', 'tensor', 'blob']
          .map(name => JSON.stringify(sizeExpression(name)))
          .join(', ') +
        ']]',
      'print(sizes, set(globals()) - before == {"before", "sizes"})'
    ].join('\n');
    const out = execFileSync('python3', ['-c', code], { encoding: 'utf8' });
    expect(out.trim()).toBe('[800, 8000, 1000, 5033] True');
  });

  it('are not asked of a busy kernel, whose queue would hold the request', async () => {
    const { kernel: k, sent } = kernel('busy', { df: '1' });
    expect(await askSizes(k, ['df'])).toBeNull();
    expect(sent).toHaveLength(0);
  });

  it('are abandoned when the kernel does not answer in time', async () => {
    const { kernel: k } = kernel('idle', null);
    expect(await askSizes(k, ['df'], 20)).toBeNull();
  });

  it('name the largest values worth writing out, largest first', () => {
    expect(
      largestValues({ a: 2 * MIB, b: 100, c: 900 * MIB, d: 5 * MIB, e: MIB })
    ).toEqual([
      { name: 'c', bytes: 900 * MIB },
      { name: 'd', bytes: 5 * MIB },
      { name: 'a', bytes: 2 * MIB }
    ]);
    expect(largestValues({ small: 10 })).toEqual([]);
  });
});
