import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis } from './cell.js';
import type { DisplayMode, ILiteralParam } from './extract.js';
import { IParamHint } from './hints.js';
import { LineIndex } from './parse.js';

export interface IRenderOptions {
  analysis: ICellAnalysis;
  name: string;
  params: string[];
  returns: string[];
  /** Leading import statements, moved above the function unchanged. */
  hoisted: SyntaxNode[];
  /** The cell's last statement. */
  last: SyntaxNode;
  display: DisplayMode;
  isAsync: boolean;
  summary: string;
  hints: Readonly<Record<string, IParamHint>>;
  literals: readonly ILiteralParam[];
}

/**
 * Writes the new cell: hoisted imports, `def name(params):` with a docstring skeleton and the
 * cell's own lines indented in the cell's own style, then the call that replaces the cell.
 * Lines that continue a multi-line string are not re-indented: that would change the string.
 */
export function renderExtraction(options: IRenderOptions): string {
  const { analysis, name, params, isAsync } = options;
  const lines = analysis.source.split('\n');
  const lineIndex = new LineIndex(analysis.ipython.python);
  const range = (node: SyntaxNode): [number, number] => [
    lineIndex.lineAt(node.from) - 1,
    lineIndex.lineAt(node.to) - 1
  ];
  const hoistedLines = new Set<number>();
  options.hoisted.forEach(node => {
    const [a, b] = range(node);
    for (let i = a; i <= b; i++) {
      hoistedLines.add(i);
    }
  });
  const [lastFrom, lastTo] = range(options.last);
  const frozen = linesInsideStrings(analysis, lineIndex);
  const unit = indentUnit(lines, frozen);
  const results = [...options.returns];
  const shownName = `_${name}_shown`;
  if (options.display === 'extra-result') {
    results.push(shownName);
  }

  const sourceLines = new LineIndex(analysis.source);
  const body: string[] = [];
  const after: string[] = [];
  withLiterals(lines, options.literals, sourceLines).forEach((line, i) => {
    if (hoistedLines.has(i)) {
      return;
    }
    const isLast = i >= lastFrom && i <= lastTo;
    if (isLast && options.display === 'after-call') {
      after.push(line);
      return;
    }
    let text = line;
    if (isLast && i === lastFrom && options.display === 'return') {
      text = prefixStatement(line, 'return ');
    } else if (isLast && i === lastFrom && options.display === 'extra-result') {
      text = prefixStatement(line, `${shownName} = `);
    }
    body.push(text.trim() === '' || frozen.has(i) ? text : unit + text);
  });
  trimBlank(body);
  if (results.length > 0) {
    body.push(`${unit}return ${results.join(', ')}`);
  }

  const call = `${isAsync ? 'await ' : ''}${name}(${params.join(', ')})`;
  const callSite =
    results.length === 0 ? call : `${results.join(', ')} = ${call}`;
  const out: string[] = [];
  const imports = [...hoistedLines].sort((a, b) => a - b).map(i => lines[i]);
  if (imports.length > 0) {
    out.push(...imports, '', '');
  }
  const signature = params.map(p => {
    const annotation = options.hints[p]?.annotation;
    return annotation ? `${p}: ${annotation}` : p;
  });
  for (const literal of options.literals) {
    signature.push(
      `${literal.name}=${analysis.source.slice(literal.from, literal.to)}`
    );
  }
  out.push(`${isAsync ? 'async ' : ''}def ${name}(${signature.join(', ')}):`);
  const documented = [...params, ...options.literals.map(l => l.name)];
  out.push(
    ...docstring(
      unit,
      options.summary,
      documented,
      options.returns,
      options.hints
    )
  );
  out.push(...body, '', '', callSite);
  if (options.display === 'extra-result') {
    out.push(shownName);
  }
  out.push(...trimBlank(after));
  return out.join('\n');
}

/** The cell's indentation unit: its smallest indentation, or four spaces. */
function indentUnit(lines: string[], frozen: ReadonlySet<number>): string {
  let unit: string | null = null;
  lines.forEach((line, i) => {
    const indent = /^[ \t]*/.exec(line)![0];
    if (frozen.has(i) || indent === '' || line.trim() === '') {
      return;
    }
    if (indent.startsWith('\t')) {
      unit ??= '\t';
    } else if (
      unit === null ||
      (unit !== '\t' && indent.length < unit.length)
    ) {
      unit = indent;
    }
  });
  return unit ?? '    ';
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

function prefixStatement(line: string, prefix: string): string {
  const indent = /^\s*/.exec(line)![0];
  return indent + prefix + line.slice(indent.length);
}

function docstring(
  unit: string,
  summary: string,
  params: string[],
  returns: string[],
  hints: Readonly<Record<string, IParamHint>>
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
    lines.push('', 'Returns', '-------', ...returns);
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
