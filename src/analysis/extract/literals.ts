/**
 * The literals of a cell that can become keyword parameters of its function, the literal the
 * default: `lr = 0.5` gives `def train(..., lr=0.5)`, `fit(X, epochs=5)` gives `epochs=5`.
 * Only immutable scalars qualify (numbers, strings, booleans, None): a default is evaluated once,
 * when the function is defined, and for those that is the same value the cell computed.
 */
import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis, topStatements } from '../core/index.js';
import { lastStatement } from './extract.js';
import { DisplayMode, ILiteralParam } from './types.js';
import { freeName, isIdentifier } from '../core/index.js';
import { LineIndex } from '../core/index.js';

const SCALARS = new Set(['Number', 'String', 'Boolean', 'None']);

/** Code whose literals stay as they are: it runs at another time, or a name would change it. */
const OPAQUE = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'LambdaExpression',
  'MatchStatement',
  'Decorator',
  'TypeDef',
  'FormatString'
]);

/** A literal the dialog offers as a keyword parameter. */
export interface ILiteralCandidate {
  /** Offsets in the cell's source. */
  from: number;
  to: number;
  /** The literal as written: the parameter's default. */
  text: string;
  /** The name it is assigned or passed to (`lr` in `lr = 0.5`), or ''. */
  label: string;
  /** 1-based line in the cell. */
  line: number;
}

/** The cell's literals that may become keyword parameters, in source order. */
export function literalCandidates(
  analysis: ICellAnalysis
): ILiteralCandidate[] {
  const { source } = analysis;
  const python = analysis.ipython.python;
  const lines = new LineIndex(source);
  const out: ILiteralCandidate[] = [];
  const visit = (node: SyntaxNode): void => {
    if (OPAQUE.has(node.name)) {
      return;
    }
    const literal = literalAt(node, python);
    if (literal) {
      // Magic lines are rewritten for the parser: only text the user wrote is offered.
      if (source.slice(node.from, node.to) === literal) {
        out.push({
          from: node.from,
          to: node.to,
          text: literal,
          label: labelOf(node, python),
          line: lines.lineAt(node.from)
        });
      }
      return;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      visit(child);
    }
  };
  topStatements(analysis).forEach(visit);
  return out.filter(c => !isDocstring(analysis, c));
}

/** A scalar literal (a negative number included) as written, or null. */
function literalAt(node: SyntaxNode, python: string): string | null {
  if (SCALARS.has(node.name)) {
    return python.slice(node.from, node.to);
  }
  if (node.name === 'ContinuedString') {
    return python.slice(node.from, node.to);
  }
  const inner = node.lastChild;
  if (
    node.name === 'UnaryExpression' &&
    inner?.name === 'Number' &&
    /^[-+]$/.test(python.slice(node.from, inner.from).trim())
  ) {
    return python.slice(node.from, node.to);
  }
  return null;
}

/** `lr` for `lr = 0.5` and `epochs` for `f(epochs=5)`; '' otherwise. */
function labelOf(node: SyntaxNode, python: string): string {
  const op = node.prevSibling;
  const name = op?.prevSibling;
  const parent = node.parent?.name;
  if (
    op?.name === 'AssignOp' &&
    python.slice(op.from, op.to) === '=' &&
    name?.name === 'VariableName' &&
    (parent === 'ArgList' ||
      (parent === 'AssignStatement' && name.prevSibling === null))
  ) {
    return python.slice(name.from, name.to);
  }
  return '';
}

/** A string that is a statement of its own: a docstring or a note, not data. */
function isDocstring(
  analysis: ICellAnalysis,
  candidate: ILiteralCandidate
): boolean {
  return topStatements(analysis).some(
    s =>
      s.name === 'ExpressionStatement' &&
      s.from === candidate.from &&
      s.to === candidate.to &&
      /^[rbuf]*['"]/i.test(candidate.text)
  );
}

/** What the plan of the cell without literal parameters says of names. */
export interface ILiteralContext {
  params: readonly string[];
  globals: readonly string[];
  /** How the plan shows the cell's value: 'after-call' keeps the last statement outside. */
  display: DisplayMode;
}

/**
 * The keyword parameters for the chosen literals. A top-level `name = literal` that is the
 * first mention of `name` in the cell, `name` neither global nor read late, is dropped and the
 * parameter takes the name itself: from the function's start `name` holds what the statement
 * bound. Any other literal is replaced by a parameter of a name the cell does not use.
 */
export function literalParams(
  analysis: ICellAnalysis,
  chosen: readonly ILiteralCandidate[],
  context: ILiteralContext
): ILiteralParam[] {
  const taken = new Set<string>([
    ...analysis.reads,
    ...analysis.binds.keys(),
    ...analysis.lateReads,
    ...context.params,
    ...context.globals
  ]);
  const named = new Set<string>();
  const out: ILiteralParam[] = [];
  const statements = topStatements(analysis);
  const last = statements.length > 0 ? lastStatement(statements) : null;
  const outside = (c: ILiteralCandidate) =>
    context.display === 'after-call' &&
    last !== null &&
    c.from >= last.from &&
    c.to <= last.to;
  for (const c of [...chosen].sort((a, b) => a.from - b.from)) {
    if (outside(c)) {
      // That statement runs after the call, where no parameter exists.
      continue;
    }
    if (c.label && canDrop(analysis, c, context) && !named.has(c.label)) {
      named.add(c.label);
      out.push({
        from: c.from,
        to: c.to,
        name: c.label,
        drop: true,
        inCall: true
      });
      continue;
    }
    const base = isIdentifier(c.label) ? c.label : 'value';
    const name =
      taken.has(base) || named.has(base) ? freeName(base, taken) : base;
    taken.add(name);
    named.add(name);
    out.push({ from: c.from, to: c.to, name, inCall: true });
  }
  return out;
}

function canDrop(
  analysis: ICellAnalysis,
  candidate: ILiteralCandidate,
  context: ILiteralContext
): boolean {
  const name = candidate.label;
  const statement = topStatements(analysis).find(
    s =>
      s.name === 'AssignStatement' &&
      s.lastChild?.from === candidate.from &&
      s.lastChild.to === candidate.to
  );
  if (
    !statement ||
    context.globals.includes(name) ||
    context.params.includes(name) ||
    analysis.lateReads.has(name) ||
    analysis.topGlobals.some(g => g.names.includes(name))
  ) {
    return false;
  }
  const python = analysis.ipython.python;
  const lines = new LineIndex(python);
  const first = lines.lineAt(statement.from);
  const last = lines.lineAt(statement.to);
  const text = python.split('\n');
  const alone =
    text[first - 1].slice(0, columnOf(python, statement.from)).trim() === '' &&
    !/;\s*\S/.test(python.slice(statement.to, lineEnd(python, statement.to)));
  // The statement's own lines hold nothing else, and no code before it names it (a comment that
  // says "run me again with another lr" is no use of `lr`).
  return (
    alone && first === last && !namedBefore(analysis, name, statement.from)
  );
}

/** Whether code before `end` names `name` (a variable, not an attribute nor text). */
function namedBefore(
  analysis: ICellAnalysis,
  name: string,
  end: number
): boolean {
  const python = analysis.ipython.python;
  let found = false;
  analysis.tree.iterate({
    to: end,
    enter: node => {
      if (found || node.from >= end) {
        return false;
      }
      if (
        node.name === 'VariableName' &&
        python.slice(node.from, node.to) === name
      ) {
        found = true;
      }
      return undefined;
    }
  });
  return found;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

/** `text` as a regular expression matching it literally. */
function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The 1-based line of the extracted `preview` where each of the cell's literals now is, or
 * null: a value kept in the body, on its own line (the cell's line as the preview writes it,
 * the chosen values' names in place; the k-th of equal lines for the k-th); a value made a
 * keyword parameter, where its default or its keyword argument is (`name=value`).
 */
export function literalPreviewLines(
  source: string,
  literals: readonly ILiteralCandidate[],
  names: ReadonlyMap<number, string>,
  preview: string
): (number | null)[] {
  const cellLines = source.split('\n');
  const starts = cellLines.map((_, n) =>
    cellLines.slice(0, n).reduce((sum, l) => sum + l.length + 1, 0)
  );
  const lines = preview.split('\n');
  const trimmed = lines.map(l => l.trim());
  // The cell's line `line` as the body writes it: the chosen values on it replaced by names.
  const written = (line: number): string => {
    const start = starts[line - 1];
    let text = cellLines[line - 1];
    const onLine = literals
      .map((c, i) => ({ c, name: names.get(i) }))
      .filter(({ c, name }) => name && c.line === line)
      .sort((a, b) => b.c.from - a.c.from);
    for (const { c, name } of onLine) {
      text = text.slice(0, c.from - start) + name + text.slice(c.to - start);
    }
    return text.trim();
  };
  return literals.map((c, i) => {
    const name = names.get(i);
    if (name) {
      const pattern = new RegExp(
        `\\b${escaped(name)}\\b[^,()=]*=\\s*${escaped(c.text)}(?![\\w.])`
      );
      const at = lines.findIndex(l => pattern.test(l));
      return at < 0 ? null : at + 1;
    }
    const text = written(c.line);
    let nth = 0;
    for (let line = 1; line < c.line; line++) {
      nth += written(line) === text ? 1 : 0;
    }
    const matches = trimmed
      .map((t, at) => (t === text ? at + 1 : 0))
      .filter(at => at > 0);
    return matches[nth] ?? null;
  });
}

/** The type of a scalar literal as written (`1e-12` float, `"adam"` str), or null. */
export function literalType(text: string): string | null {
  const value = text.replace(/^[-+]/, '');
  if (/^\d[\d_]*$/.test(value)) {
    return 'int';
  }
  if (/^(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/.test(value)) {
    return 'float';
  }
  if (value === 'True' || value === 'False') {
    return 'bool';
  }
  if (/^[rRuU]?['"]/.test(value)) {
    return 'str';
  }
  return /^[bB][rR]?['"]|^[rR][bB]['"]/.test(value) ? 'bytes' : null;
}
