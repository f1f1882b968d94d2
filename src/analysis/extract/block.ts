/**
 * A block of consecutive code cells (markdown between them allowed) planned as one function: the
 * cells are joined into one cell, markdown as comments, each earlier cell's displayed value kept
 * displayed through `display(...)`, and that cell is planned by the single-cell rules in the
 * notebook where it replaces the block, late reads and all.
 */
import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis, topStatements } from '../core/index.js';
import {
  ExtractResult,
  IExtractOptions,
  isDisplayed,
  lastStatement,
  planExtraction
} from './extract.js';
import { freeName } from '../core/index.js';
import { INotebookCell, NotebookAnalyzer } from '../core/index.js';
import { LineIndex } from '../core/index.js';

/** Expressions whose value is never None: `display(...)` of them shows what the cell showed. */
const NEVER_NONE = new Set([
  'Number',
  'String',
  'FormatString',
  'ContinuedString',
  'Boolean',
  'TupleExpression',
  'ArrayExpression',
  'ArrayComprehensionExpression',
  'DictionaryExpression',
  'DictionaryComprehensionExpression',
  'SetExpression',
  'SetComprehensionExpression',
  'LambdaExpression'
]);

/** A block's plan; a refusal names the notebook cell at fault and the line within it. */
export type BlockResult = ExtractResult & { cell: number | null };

interface IJoined {
  source: string;
  /** The notebook index of each line of the joined source. */
  lineCells: number[];
  /** Each line's 1-based line within its own cell. */
  cellLines: number[];
}

/** Plans cells `first`..`last` (notebook indexes, both code cells) as one function. */
export function planBlock(
  cells: readonly INotebookCell[],
  first: number,
  last: number,
  options: IExtractOptions = {},
  analyzer: NotebookAnalyzer = new NotebookAnalyzer()
): BlockResult {
  const block = cells.slice(first, last + 1);
  for (const cell of block.filter(c => c.cellType === 'code')) {
    const analysis = analyzer.cell(cell.source);
    if (
      analysis.ipython.cellMagic !== null ||
      analysis.syntaxErrorLine !== null
    ) {
      // The cell's own refusal, as extracting it alone would give.
      const flow = analyzer
        .analyze(cells)
        .find(f => f.cell.index === cell.index)!;
      return { ...planExtraction(flow), cell: cell.index };
    }
  }
  const joined = join(block, analyzer, cells);
  const merged: INotebookCell = {
    ...cells[first],
    cellType: 'code',
    source: joined.source
  };
  const notebook = [...cells.slice(0, first), merged, ...cells.slice(last + 1)];
  const flow = analyzer.analyze(notebook).find(f => f.cell === merged)!;
  const plan = planExtraction(flow, {
    summary:
      first === last
        ? undefined
        : `Extracted from cells ${first + 1}-${last + 1}.`,
    ...options
  });
  if (plan.ok || plan.line === null) {
    return { ...plan, cell: plan.ok ? null : first };
  }
  return {
    ...plan,
    cell: joined.lineCells[plan.line - 1] ?? first,
    line: joined.cellLines[plan.line - 1] ?? plan.line
  };
}

/** The block's cells as one source, with what each showed still shown. */
function join(
  block: readonly INotebookCell[],
  analyzer: NotebookAnalyzer,
  cells: readonly INotebookCell[]
): IJoined {
  const out: IJoined = { source: '', lineCells: [], cellLines: [] };
  const lines: string[] = [];
  const lastCode = [...block].reverse().find(c => c.cellType === 'code')!;
  const taken = new Set(cells.flatMap(c => c.source.match(/\w+/g) ?? []));
  const shown = freeName('_shown', taken);
  for (const cell of block) {
    let own: string[];
    if (cell.cellType !== 'code') {
      own = cell.source
        .split('\n')
        .map(line => (line.trim() === '' ? '#' : `# ${line}`));
    } else if (cell === lastCode) {
      // As IPython compiles it: a cell's common indentation can't survive the join.
      own = analyzer.cell(cell.source).source.split('\n');
    } else {
      own = withDisplay(analyzer.cell(cell.source), shown);
    }
    own.forEach((line, i) => {
      lines.push(line);
      out.lineCells.push(cell.index);
      out.cellLines.push(i + 1);
    });
  }
  out.source = lines.join('\n');
  return out;
}

/** A cell's lines with its displayed last value displayed by a call, as IPython would. */
function withDisplay(analysis: ICellAnalysis, shown: string): string[] {
  const lines = analysis.source.split('\n');
  const statements = topStatements(analysis);
  if (statements.length === 0) {
    return lines;
  }
  const last = lastStatement(statements);
  if (!isDisplayed(analysis, last)) {
    return lines;
  }
  const python = analysis.ipython.python;
  const index = new LineIndex(python);
  const from = index.lineAt(last.from) - 1;
  const to = index.lineAt(last.to) - 1;
  const magic = analysis.ipython.magics.find(m => m.line === from);
  const start = last.from - lineStartOf(python, from);
  const before = magic ? '' : lines[from].slice(0, start);
  const expression = magic
    ? magic.call
    : [lines[from].slice(start), ...lines.slice(from + 1, to + 1)].join('\n');
  const kept =
    before.trim() === '' ? [] : [before.replace(/;\s*$/, '').trimEnd()];
  return [
    ...lines.slice(0, from),
    ...kept,
    ...displayed(last, expression, shown),
    ...lines.slice(to + 1)
  ];
}

/** `display(value)`, skipping a None value as the cell did. */
function displayed(
  last: SyntaxNode,
  expression: string,
  shown: string
): string[] {
  if (NEVER_NONE.has(last.firstChild?.name ?? '')) {
    return [`display(${expression})`];
  }
  const [head, ...rest] = expression.split('\n');
  return [
    `${shown} = ${head}`,
    ...rest,
    `if ${shown} is not None:`,
    `    display(${shown})`
  ];
}

function lineStartOf(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    at = text.indexOf('\n', at) + 1;
  }
  return at;
}
