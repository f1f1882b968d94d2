import { SyntaxNode } from '@lezer/common';
import { children } from '../core/index.js';
import { decodeBody, splitLiteral, stringValue } from './strings.js';

/** A string or path the analysis could spell, fully or in part. */
export interface IPathValue {
  /** The path as written: `~` and `$VAR` kept for the server; unknown parts as `*`. */
  text: string;
  /** False when a part is unknown (a prefix, a pattern). */
  exact: boolean;
}

/** What the evaluation needs besides the node: the source, names, and how calls resolve. */
export interface IValueContext {
  python: string;
  /** Names bound to path values earlier in the notebook. */
  names: ReadonlyMap<string, IPathValue>;
  /** The dotted name a callee refers to (`os.path.join`, `pathlib.Path`), or null. */
  resolve(node: SyntaxNode): string | null;
}

/** Unknown part of a path: what a glob would match. */
const UNKNOWN = '*';

const JOINS = new Set([
  'os.path.join',
  'posixpath.join',
  'pathlib.Path',
  'pathlib.PurePath',
  'pathlib.PosixPath',
  'upath.UPath'
]);
/** Calls that give their first argument back, as far as where the data lives goes. */
const SAME = new Set([
  'str',
  'os.fspath',
  'os.path.expanduser',
  'os.path.expandvars',
  'os.path.abspath',
  'os.path.realpath',
  'os.path.normpath'
]);
const SAME_METHODS = new Set(['expanduser', 'resolve', 'absolute', 'as_posix']);

/** Joins like os.path.join: an absolute part starts over. */
export function joinPaths(parts: readonly IPathValue[]): IPathValue {
  let text = '';
  for (const part of parts) {
    if (part.text.startsWith('/') || text === '') {
      text = part.text;
    } else {
      text = text.endsWith('/') ? text + part.text : `${text}/${part.text}`;
    }
  }
  return { text, exact: parts.every(p => p.exact) };
}

/** `a/./b//c/../d` -> `a/b/d`; a leading `..` stays (it leaves the notebook's folder). */
export function normalizePath(text: string): string {
  const absolute = text.startsWith('/');
  const out: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (part !== '..' || !absolute) {
      out.push(part);
    }
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** The value of an expression as a path, or null when nothing of it is known. */
export function pathValue(
  node: SyntaxNode,
  context: IValueContext
): IPathValue | null {
  const text = context.python.slice(node.from, node.to);
  switch (node.name) {
    case 'String': {
      const value = stringValue(text);
      return value === null ? null : { text: value, exact: true };
    }
    case 'FormatString':
      return formatValue(node, context);
    case 'ContinuedString':
      return concat(children(node).map(n => pathValue(n, context)));
    case 'VariableName':
      return context.names.get(text) ?? null;
    case 'ParenthesizedExpression': {
      const inner = children(node).filter(
        n => n.name !== '(' && n.name !== ')'
      );
      return inner.length === 1 ? pathValue(inner[0], context) : null;
    }
    case 'BinaryExpression':
      return binaryValue(node, context);
    case 'CallExpression':
      return callValue(node, context);
    case 'MemberExpression':
      return memberValue(node, context);
    default:
      return null;
  }
}

/** Values side by side (`'a' 'b'`, `a + b`): unknown parts become `*`. */
function concat(parts: (IPathValue | null)[]): IPathValue | null {
  if (parts.every(p => p === null)) {
    return null;
  }
  return {
    text: parts.map(p => p?.text ?? UNKNOWN).join(''),
    exact: parts.every(p => p?.exact === true)
  };
}

/** An f-string: its literal parts, and the replacements the analysis can spell. */
function formatValue(
  node: SyntaxNode,
  context: IValueContext
): IPathValue | null {
  const text = context.python.slice(node.from, node.to);
  const parts = splitLiteral(text);
  if (!parts) {
    return null;
  }
  const raw = parts.prefix.includes('r');
  const out: (IPathValue | null)[] = [];
  let at = node.from + parts.bodyFrom;
  const bodyEnd = node.from + parts.bodyFrom + parts.body.length;
  const literal = (to: number) => {
    const piece = context.python.slice(at, to).replace(/\{\{|\}\}/g, m => m[0]);
    out.push({ text: decodeBody(piece, raw), exact: true });
  };
  for (const child of children(node)) {
    if (child.name !== 'FormatReplacement') {
      continue;
    }
    literal(child.from);
    const inner = children(child).filter(
      n => !['{', '}', 'FormatConversion', 'FormatSpec', '='].includes(n.name)
    );
    const value = inner.length === 1 ? pathValue(inner[0], context) : null;
    out.push(
      value && !/[:!]/.test(context.python.slice(inner[0].to, child.to - 1))
        ? value
        : null
    );
    at = child.to;
  }
  literal(bodyEnd);
  return concat(out);
}

function binaryValue(
  node: SyntaxNode,
  context: IValueContext
): IPathValue | null {
  const [left, op, right] = children(node);
  const opText = op ? context.python.slice(op.from, op.to) : '';
  if (!left || !right || (opText !== '/' && opText !== '+')) {
    return null;
  }
  const a = pathValue(left, context);
  if (a === null) {
    return null;
  }
  const b = pathValue(right, context) ?? { text: UNKNOWN, exact: false };
  return opText === '/' ? joinPaths([a, b]) : concat([a, b]);
}

/** The arguments of a call, positional ones only (keywords and stars left out). */
export function positionalArgs(call: SyntaxNode): SyntaxNode[] {
  const args = call.getChild('ArgList');
  if (!args) {
    return [];
  }
  const out: SyntaxNode[] = [];
  const items = children(args).filter(n => n.name !== '(' && n.name !== ')');
  let current: SyntaxNode[] = [];
  const flush = () => {
    if (current.length === 1) {
      out.push(current[0]);
    } else if (current.length > 1 && current[0].name !== 'VariableName') {
      // `*args` or a generator: no positional argument the analysis can count on.
    }
    current = [];
  };
  for (const item of items) {
    if (item.name === ',') {
      flush();
    } else if (
      item.name === 'AssignOp' ||
      item.name === '*' ||
      item.name === '**'
    ) {
      // A keyword or a star: what follows is not positional, and neither are later ones.
      return out;
    } else {
      current.push(item);
    }
  }
  flush();
  return out;
}

/** The value node of keyword argument `name`, or null. */
export function keywordArg(
  call: SyntaxNode,
  name: string,
  python: string
): SyntaxNode | null {
  const args = call.getChild('ArgList');
  if (!args) {
    return null;
  }
  const items = children(args);
  for (let i = 0; i + 2 < items.length; i++) {
    if (
      items[i].name === 'VariableName' &&
      items[i + 1].name === 'AssignOp' &&
      python.slice(items[i].from, items[i].to) === name
    ) {
      return items[i + 2];
    }
  }
  return null;
}

/** `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`: `$X`, which the server expands. */
function envValue(
  nameNode: SyntaxNode | undefined,
  context: IValueContext
): IPathValue | null {
  const name = nameNode ? pathValue(nameNode, context) : null;
  return name && name.exact && /^\w+$/.test(name.text)
    ? { text: `$${name.text}`, exact: true }
    : null;
}

function callValue(
  node: SyntaxNode,
  context: IValueContext
): IPathValue | null {
  const callee = node.firstChild;
  if (!callee) {
    return null;
  }
  const dotted = context.resolve(callee);
  const args = positionalArgs(node);
  if (dotted && JOINS.has(dotted)) {
    const values = args.map(a => pathValue(a, context));
    return values.length > 0 && values[0] !== null
      ? joinPaths(values.map(v => v ?? { text: UNKNOWN, exact: false }))
      : null;
  }
  if (dotted && SAME.has(dotted)) {
    return args[0] ? pathValue(args[0], context) : null;
  }
  if (dotted === 'os.getenv' || dotted === 'os.environ.get') {
    return envValue(args[0], context);
  }
  if (dotted === 'os.path.dirname') {
    const inner = args[0] ? pathValue(args[0], context) : null;
    return inner ? parentOf(inner) : null;
  }
  if (callee.name !== 'MemberExpression') {
    return null;
  }
  // Methods of a path: `p.expanduser()`, `p.joinpath('a', 'b')`, `p.with_suffix('.x')`.
  const receiver = callee.firstChild;
  const method = callee.lastChild;
  const base = receiver ? pathValue(receiver, context) : null;
  if (!base || !method || method.name !== 'PropertyName') {
    return null;
  }
  const name = context.python.slice(method.from, method.to);
  if (SAME_METHODS.has(name)) {
    return base;
  }
  if (name === 'joinpath') {
    return joinPaths([
      base,
      ...args.map(a => pathValue(a, context) ?? { text: UNKNOWN, exact: false })
    ]);
  }
  if (name === 'with_suffix' || name === 'with_name') {
    const arg = args[0] ? pathValue(args[0], context) : null;
    if (!arg) {
      return null;
    }
    const dir = parentOf(base);
    const last = base.text.split('/').pop() ?? '';
    const stem =
      name === 'with_suffix'
        ? last.replace(/\.[^./]*$/, '') + arg.text
        : arg.text;
    return joinPaths([dir, { text: stem, exact: arg.exact }]);
  }
  return null;
}

function parentOf(value: IPathValue): IPathValue {
  const cut = value.text.lastIndexOf('/');
  return {
    text: cut < 0 ? '.' : cut === 0 ? '/' : value.text.slice(0, cut),
    exact: value.exact
  };
}

function memberValue(
  node: SyntaxNode,
  context: IValueContext
): IPathValue | null {
  const parts = children(node);
  const receiver = parts[0];
  if (parts[1]?.name === '[') {
    return receiver && context.resolve(receiver) === 'os.environ'
      ? envValue(parts[2], context)
      : null;
  }
  const property = parts[parts.length - 1];
  if (
    property?.name === 'PropertyName' &&
    context.python.slice(property.from, property.to) === 'parent'
  ) {
    const base = pathValue(receiver, context);
    return base ? parentOf(base) : null;
  }
  return null;
}
