import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis, topStatements } from '../core/index.js';
import { IValueType } from './annotations.js';
import { notebookFunctions, topFunctions } from '../core/index.js';

export { namesRebound } from '../core/index.js';

/** A call of a notebook function, as a cell wrote it: `a, b = f(x, lr=0.1)`. */
export interface ICallSite {
  /** The names the call binds, in order (empty for a bare call). */
  targets: string[];
  /** The arguments as written, between the parentheses. */
  args: string;
  /** Arguments that are plain names, with their offsets in `args`. */
  nameArgs: { name: string; from: number; to: number }[];
  isAwait: boolean;
  /** The position of the calling cell in the cells searched. */
  cell: number;
}

/** What the kernel says of a name now, with its value as a literal when it is a small one. */
export interface IKernelValue extends IValueType {
  literal?: string | null;
}

function callOf(node: SyntaxNode | null, fn: string, python: string) {
  let isAwait = false;
  if (node?.name === 'AwaitExpression') {
    isAwait = true;
    node = node.lastChild;
  }
  const callee = node?.name === 'CallExpression' ? node.firstChild : null;
  if (
    callee?.name !== 'VariableName' ||
    python.slice(callee.from, callee.to) !== fn
  ) {
    return null;
  }
  const list = callee.nextSibling;
  return list?.name === 'ArgList' ? { list, isAwait } : null;
}

function siteOf(
  statement: SyntaxNode,
  fn: string,
  python: string
): Omit<ICallSite, 'cell'> | null {
  const targets: string[] = [];
  let value: SyntaxNode | null = statement.firstChild;
  if (statement.name === 'AssignStatement') {
    const parts: SyntaxNode[] = [];
    for (let c = statement.firstChild; c; c = c.nextSibling) {
      parts.push(c);
    }
    const ops = parts.filter(p => p.name === 'AssignOp');
    if (ops.length !== 1) {
      return null;
    }
    for (const part of parts.slice(0, parts.indexOf(ops[0]))) {
      if (part.name === 'VariableName') {
        targets.push(python.slice(part.from, part.to));
      } else if (part.name !== ',') {
        return null; // attributes, subscripts, starred targets: not a plain binding
      }
    }
    value = parts[parts.length - 1];
  } else if (statement.name !== 'ExpressionStatement') {
    return null;
  }
  const call = callOf(value, fn, python);
  if (!call) {
    return null;
  }
  const start = call.list.from + 1;
  const nameArgs: ICallSite['nameArgs'] = [];
  for (let c = call.list.firstChild; c; c = c.nextSibling) {
    const next = c.nextSibling?.name;
    if (c.name === 'VariableName' && (next === ',' || next === ')')) {
      nameArgs.push({
        name: python.slice(c.from, c.to),
        from: c.from - start,
        to: c.to - start
      });
    }
  }
  return {
    targets,
    args: python.slice(start, call.list.to - 1),
    nameArgs,
    isAwait: call.isAwait
  };
}

/** The last top-level call of `fn` in the cells, searched from the last cell up. */
export function findLastCall(
  cells: readonly ICellAnalysis[],
  fn: string
): ICallSite | null {
  for (let i = cells.length - 1; i >= 0; i--) {
    const analysis = cells[i];
    if (analysis.syntaxErrorLine !== null) {
      continue;
    }
    const statements = topStatements(analysis);
    for (let s = statements.length - 1; s >= 0; s--) {
      const site = siteOf(statements[s], fn, analysis.ipython.python);
      if (site) {
        return { ...site, cell: i };
      }
    }
  }
  return null;
}

/** The 0-based line an offset is on. */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset;) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}

/**
 * The function a cell defines at a 0-based line (the cursor's): the top-level `def` whose
 * lines hold it, or null.
 */
export function functionAtLine(
  analysis: ICellAnalysis,
  line: number
): string | null {
  const python = analysis.ipython.python;
  for (const { name, node } of topFunctions(analysis)) {
    let end = node.to;
    while (end > node.from && /\s/.test(python[end - 1])) {
      end--;
    }
    if (lineAt(python, node.from) <= line && line <= lineAt(python, end)) {
      return name;
    }
  }
  return null;
}

/**
 * The last call that runs `fn` through other notebook functions: the nearest caller (then
 * its callers, and so on) that the notebook calls at the top level. `via` is that caller.
 */
export function findCallThrough(
  cells: readonly ICellAnalysis[],
  fn: string
): { site: ICallSite; via: string } | null {
  const calls = new Map(
    [...notebookFunctions(cells)].map(([name, f]) => [name, f.calls])
  );
  const seen = new Set([fn]);
  let wave = [fn];
  while (wave.length > 0) {
    const callers = [...calls]
      .filter(
        ([caller, called]) => !seen.has(caller) && wave.some(w => called.has(w))
      )
      .map(([caller]) => caller);
    for (const caller of callers) {
      const site = findLastCall(cells, caller);
      if (site) {
        return { site, via: caller };
      }
      seen.add(caller);
    }
    wave = callers;
  }
  return null;
}
