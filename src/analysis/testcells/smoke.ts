/**
 * The smoke test a test cell plans for a notebook function: its last call replayed, with what
 * the kernel said of the values it bound asserted. Where the call is comes from values/.
 */
import { annotationFor, ICallSite, IKernelValue } from '../values/index.js';

/** `x` as written at the call, or the literal value the kernel says it had. */
function argsWithLiterals(
  site: ICallSite,
  values: Readonly<Record<string, IKernelValue>>
): string {
  let args = site.args;
  for (const arg of [...site.nameArgs].reverse()) {
    const literal = values[arg.name]?.literal;
    if (literal) {
      args = args.slice(0, arg.from) + literal + args.slice(arg.to);
    }
  }
  return args;
}

const BUILTIN_TYPES = new Set([
  'bool',
  'bytes',
  'complex',
  'dict',
  'float',
  'frozenset',
  'int',
  'list',
  'range',
  'set',
  'str',
  'tuple'
]);

function checks(
  name: string,
  value: IKernelValue,
  imports: ReadonlyMap<string, string>
): string[] {
  if (value.module === 'builtins' && value.name === 'NoneType') {
    return [`assert ${name} is None`];
  }
  // Builtins such as `function` or `dict_keys` have no name a test could use.
  const usable = value.module !== 'builtins' || BUILTIN_TYPES.has(value.name);
  const type = usable ? annotationFor(value, imports) : null;
  const lines = [
    type
      ? `assert isinstance(${name}, ${type})`
      : `assert type(${name}).__name__ == ${JSON.stringify(value.name)}`
  ];
  if (value.shape) {
    const shape =
      value.shape.join(', ') + (value.shape.length === 1 ? ',' : '');
    lines.push(`assert tuple(${name}.shape) == (${shape})`);
  }
  return lines;
}

export interface ISmokeOptions {
  fn: string;
  site: ICallSite;
  /** What the kernel said of the call's arguments and targets; empty without a kernel. */
  values: Readonly<Record<string, IKernelValue>>;
  imports: ReadonlyMap<string, string>;
  indent?: string;
  /** The function the test calls when `fn` is only called through it (see findCallThrough). */
  via?: string;
}

/**
 * A test cell that calls `fn` as its last call did, with literal values where the kernel had
 * small ones, and asserts the type (and shape) of what the call bound then. Its names are
 * local to the test function: running it changes nothing in the notebook's namespace.
 */
export function renderSmokeTest(options: ISmokeOptions): string {
  const { fn, site, values, imports, via } = options;
  const pad = options.indent ?? '    ';
  const callee = via ?? fn;
  const call = `${site.isAwait ? 'await ' : ''}${callee}(${argsWithLiterals(site, values)})`;
  const targets = site.targets.length > 0 ? site.targets : ['result'];
  const body = [`${targets.join(', ')} = ${call}`];
  let known = 0;
  for (const target of site.targets) {
    const value = values[target];
    if (value) {
      body.push(...checks(target, value, imports));
      known++;
    }
  }
  const subject = via
    ? `${fn}, through ${via} (which calls it), called as ${via}'s last call was`
    : `${fn} called as its last call was`;
  const note =
    known > 0
      ? `# Smoke test: ${subject}, checked against what that call gave.`
      : `# Smoke test: ${subject}; it must run without an error.`;
  return [
    note,
    `${site.isAwait ? 'async ' : ''}def test_${fn}_smoke():`,
    ...body.map(line => pad + line)
  ].join('\n');
}
