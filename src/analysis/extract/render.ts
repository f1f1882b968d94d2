import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis } from '../core/index.js';
import type { DisplayMode, ILiteralParam } from './types.js';
import { IParamHint } from '../values/index.js';
import { reindenter, UNIT } from '../core/index.js';
import { LineIndex, pushAll } from '../core/index.js';

export interface IRenderOptions {
  analysis: ICellAnalysis;
  name: string;
  params: string[];
  returns: string[];
  /** Leading imports and the definitions that stay at module level, moved above unchanged. */
  hoisted: SyntaxNode[];
  /** Names the function declares `global`. */
  globals: readonly string[];
  /** The cell's last statement. */
  last: SyntaxNode;
  display: DisplayMode;
  isAsync: boolean;
  summary: string;
  hints: Readonly<Record<string, IParamHint>>;
  literals: readonly ILiteralParam[];
  /** Keyword parameters bound before the call (`lr = 1.0`) and passed as `lr=lr`. */
  boundBefore?: readonly string[];
  /** The function's return annotation, if any. */
  returnAnnotation?: string | null;
  /** The results' annotations, for the docstring's Returns section. */
  returnHints?: Readonly<Record<string, IParamHint>>;
  /** Lines above everything else (the import the annotations need). */
  preamble?: readonly string[];
}

/** What becomes of each line of the cell. */
type LineRole = 'hoisted' | 'body' | 'last' | 'drop';

/**
 * Writes the new cell: hoisted imports and definitions, `def name(params):` with a docstring
 * skeleton and the cell's own lines re-indented four spaces a level (whatever the cell used),
 * then the call that replaces the cell. Lines that continue a multi-line string are not
 * re-indented: that would change the string. Magics become the `get_ipython()` calls IPython
 * itself makes of them.
 */
export function renderExtraction(options: IRenderOptions): string {
  const { analysis, name, params, isAsync } = options;
  const { lines, roles, frozen, origins } = cellLines(options);
  const unit = UNIT;
  const reindent = reindenter(analysis.ipython.python);
  const results = [...options.returns];
  const shownName = `_${name}_shown`;
  if (options.display === 'extra-result') {
    results.push(shownName);
  }
  const body: string[] = [];
  const after: string[] = [];
  let firstLast = true;
  lines.forEach((line, i) => {
    const role = roles[i];
    if (role === 'hoisted' || role === 'drop') {
      return;
    }
    if (role === 'last' && options.display === 'after-call') {
      after.push(line);
      return;
    }
    let text = line;
    if (role === 'last' && firstLast) {
      firstLast = false;
      if (options.display === 'return') {
        text = prefixStatement(text, 'return ');
      } else if (options.display === 'extra-result') {
        text = prefixStatement(text, `${shownName} = `);
      }
    }
    const split = i > 0 && origins[i - 1] === origins[i];
    body.push(frozen.has(i) ? text : reindent(origins[i], text, 1, split));
  });
  trimBlank(body);
  if (results.length > 0) {
    body.push(`${unit}return ${results.join(', ')}`);
  }
  if (body.length === 0) {
    body.push(`${unit}pass`);
  }

  const boundBefore = new Set(options.boundBefore ?? []);
  const settings = options.literals
    .filter(l => boundBefore.has(l.name))
    .map(l => `${l.name} = ${analysis.source.slice(l.from, l.to)}`);
  const keywords = options.literals
    .filter(l => l.inCall)
    .map(l =>
      boundBefore.has(l.name)
        ? `${l.name}=${l.name}`
        : `${l.name}=${analysis.source.slice(l.from, l.to)}`
    );
  const args = [...params, ...keywords].join(', ');
  const call = `${isAsync ? 'await ' : ''}${name}(${args})`;
  const callSite = [
    ...settings,
    results.length === 0 ? call : `${results.join(', ')} = ${call}`
  ].join('\n');
  const out = hoistedBlocks(
    analysis.source.split('\n').map((line, i) => reindent(i, line, 0)),
    options.hoisted,
    analysis.ipython.python
  );
  const signature = params.map(p => {
    const annotation = options.hints[p]?.annotation;
    return annotation ? `${p}: ${annotation}` : p;
  });
  for (const literal of options.literals) {
    const text = analysis.source.slice(literal.from, literal.to);
    const annotation = options.hints[literal.name]?.annotation;
    // PEP 8: spaces around `=` only when the parameter is annotated.
    signature.push(
      annotation
        ? `${literal.name}: ${annotation} = ${text}`
        : `${literal.name}=${text}`
    );
  }
  out.unshift(...preambleLines(options.preamble ?? [], out));
  const arrow =
    options.returnAnnotation &&
    (options.display === 'none' || options.display === 'after-call')
      ? ` -> ${options.returnAnnotation}`
      : '';
  out.push(
    `${isAsync ? 'async ' : ''}def ${name}(${signature.join(', ')})${arrow}:`
  );
  const documented = [...params, ...options.literals.map(l => l.name)];
  out.push(
    ...docstring(
      unit,
      options.summary,
      documented,
      options.returns,
      options.hints,
      options.returnHints ?? {}
    )
  );
  if (options.globals.length > 0) {
    out.push(`${unit}global ${options.globals.join(', ')}`);
  }
  pushAll(out, body).push('', '', callSite);
  if (options.display === 'extra-result') {
    out.push(shownName);
  }
  pushAll(out, trimBlank(after));
  return out.join('\n');
}

/**
 * The cell's lines (literal parameters in place, a last statement that shares its line with
 * an earlier one put on a line of its own) and what becomes of each.
 */
function cellLines(options: IRenderOptions): {
  lines: string[];
  roles: LineRole[];
  frozen: Set<number>;
  /** The cell's own line each line comes from (twice for a line split at its last `;`). */
  origins: number[];
} {
  const { analysis } = options;
  const lineIndex = new LineIndex(analysis.ipython.python);
  const range = (node: SyntaxNode): [number, number] =>
    lineRange(analysis.ipython.python, lineIndex, node);
  const lines = withLiterals(
    analysis.source.split('\n'),
    options.literals.filter(l => !l.drop),
    new LineIndex(analysis.source)
  );
  magicCalls(analysis).forEach((call, i) => (lines[i] = call));
  const roles: LineRole[] = lines.map(() => 'body');
  const origins = lines.map((_, i) => i);
  const mark = (node: SyntaxNode, role: LineRole) => {
    const [a, b] = range(node);
    for (let i = a; i <= b; i++) {
      roles[i] = role;
    }
  };
  options.hoisted.forEach(node => mark(node, 'hoisted'));
  for (const g of analysis.topGlobals) {
    const [a, b] = [lineIndex.lineAt(g.from) - 1, lineIndex.lineAt(g.to) - 1];
    for (let i = a; i <= b; i++) {
      roles[i] = 'drop';
    }
  }
  for (const magic of analysis.ipython.magics) {
    for (let i = magic.line + 1; i <= magic.endLine; i++) {
      roles[i] = 'drop';
    }
  }
  mark(options.last, 'last');
  for (const literal of options.literals.filter(l => l.drop)) {
    // `lr = 0.5` alone on its line: the parameter `lr=0.5` binds it now.
    roles[lineIndex.lineAt(literal.from) - 1] = 'drop';
  }
  const frozen = linesInsideStrings(analysis, lineIndex);
  const [lastFrom] = range(options.last);
  // Names put in place of literals earlier on the line move the last statement's column.
  const moved = options.literals
    .filter(
      l =>
        !l.drop &&
        l.to <= options.last.from &&
        lineIndex.lineAt(l.from) - 1 === lastFrom
    )
    .reduce((sum, l) => sum + l.name.length - (l.to - l.from), 0);
  const start =
    options.last.from - lineStart(analysis.ipython.python, lastFrom) + moved;
  const before = lines[lastFrom].slice(0, start);
  if (before.trim() !== '' && !frozen.has(lastFrom)) {
    // `x = f(); x`: the statements before the last one keep their place in the body.
    const indent = /^\s*/.exec(before)![0];
    lines.splice(
      lastFrom,
      1,
      before.replace(/;\s*$/, ''),
      indent + lines[lastFrom].slice(start)
    );
    roles.splice(lastFrom, 0, 'body');
    origins.splice(lastFrom, 0, lastFrom);
    shift(frozen, lastFrom);
  }
  return { lines, roles, frozen, origins };
}

/**
 * The 0-based first and last lines of a node. A compound statement's node ends after the
 * newline (and indentation) that closes its body: that is not its line.
 */
function lineRange(
  python: string,
  lineIndex: LineIndex,
  node: SyntaxNode
): [number, number] {
  let end = node.to;
  while (end > node.from && /\s/.test(python[end - 1])) {
    end--;
  }
  return [lineIndex.lineAt(node.from) - 1, lineIndex.lineAt(end) - 1];
}

function lineStart(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    at = text.indexOf('\n', at) + 1;
  }
  return at;
}

/** Moves the line numbers after `at` one down, for a line inserted there. */
function shift(set: Set<number>, at: number): void {
  const moved = [...set].map(i => (i > at ? i + 1 : i));
  set.clear();
  moved.forEach(i => set.add(i));
}

/** Each magic's line as IPython runs it, with the line's own indentation. */
function magicCalls(analysis: ICellAnalysis): Map<number, string> {
  const out = new Map<number, string>();
  const lines = analysis.source.split('\n');
  for (const magic of analysis.ipython.magics) {
    const indent = /^\s*/.exec(lines[magic.line] ?? '')![0];
    out.set(magic.line, indent + magic.call);
  }
  return out;
}

/** The hoisted statements, in the cell's order: definitions apart as PEP 8 has them. */
function hoistedBlocks(
  lines: string[],
  nodes: readonly SyntaxNode[],
  python: string
): string[] {
  const lineIndex = new LineIndex(python);
  const out: string[] = [];
  let previous: SyntaxNode | null = null;
  for (const node of [...nodes].sort((a, b) => a.from - b.from)) {
    const isImport = node.name === 'ImportStatement';
    if (previous && !(isImport && previous.name === 'ImportStatement')) {
      out.push('', '');
    }
    const [first, last] = lineRange(python, lineIndex, node);
    pushAll(out, lines.slice(first, last + 1));
    previous = node;
  }
  return out.length > 0 ? [...out, '', ''] : out;
}

/** 0-based lines that start inside a multi-line string literal. */
function linesInsideStrings(
  analysis: ICellAnalysis,
  lines: LineIndex
): Set<number> {
  const out = new Set<number>();
  // Only a triple quote or a backslash-newline lets a string span lines.
  if (!/'''|"""|\\\r?\n/.test(analysis.ipython.python)) {
    return out;
  }
  analysis.tree.iterate({
    enter: node => {
      if (node.name === 'String' || node.name === 'FormatString') {
        const first = lines.lineAt(node.from) - 1;
        const last = lines.lineAt(node.to) - 1;
        for (let i = first + 1; i <= last; i++) {
          out.add(i);
        }
        return false;
      }
      return undefined;
    }
  });
  return out;
}

/**
 * The preamble's imports, then PEP 8's two blank lines before what follows, unless that is
 * an import of the cell (the same group) or the hoisted lines' own blank lines already are.
 */
function preambleLines(preamble: readonly string[], after: string[]): string[] {
  if (preamble.length === 0) {
    return [];
  }
  const next = after[0] ?? '';
  return /^(import|from)\s/.test(next) ? [...preamble] : [...preamble, '', ''];
}

function prefixStatement(line: string, prefix: string): string {
  const indent = /^\s*/.exec(line)![0];
  return indent + prefix + line.slice(indent.length);
}

function docstring(
  unit: string,
  summary: string,
  params: string[],
  returns: string[],
  hints: Readonly<Record<string, IParamHint>>,
  returnHints: Readonly<Record<string, IParamHint>>
): string[] {
  const safe = summary.replace(/\\/g, '/').replace(/"""/g, "'''");
  const lines = [`"""${safe}`];
  if (params.length > 0) {
    lines.push('', 'Parameters', '----------');
    for (const p of params) {
      const hint = hints[p];
      lines.push(hint?.annotation ? `${p} : ${hint.annotation}` : p);
      if (hint?.detail) {
        lines.push(`${unit}${hint.detail}`);
      }
    }
  }
  if (returns.length > 0) {
    lines.push('', 'Returns', '-------');
    for (const r of returns) {
      const annotation = returnHints[r]?.annotation;
      lines.push(annotation ? `${r} : ${annotation}` : r);
    }
  }
  lines.push(lines.length > 1 ? '"""' : '');
  if (lines.length === 2) {
    return [`${unit}"""${safe}"""`];
  }
  return lines.map(l => (l === '' ? '' : unit + l));
}

function trimBlank(lines: string[]): string[] {
  while (lines.length > 0 && lines[0].trim() === '') {
    lines.shift();
  }
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
    lines.pop();
  }
  return lines;
}

/** The cell's lines with its literal parameters' names in place of their values. */
function withLiterals(
  lines: string[],
  literals: readonly ILiteralParam[],
  index: LineIndex
): string[] {
  const out = [...lines];
  const starts: number[] = [];
  lines.forEach((line, i) =>
    starts.push(i === 0 ? 0 : starts[i - 1] + lines[i - 1].length + 1)
  );
  [...literals]
    .sort((a, b) => b.from - a.from)
    .forEach(literal => {
      const line = index.lineAt(literal.from) - 1;
      const from = literal.from - starts[line];
      const to = literal.to - starts[line];
      out[line] = out[line].slice(0, from) + literal.name + out[line].slice(to);
    });
  return out;
}
