import { SyntaxNode } from '@lezer/common';
import {
  expressionReads,
  ICellAnalysis,
  statementBinds,
  topStatements
} from './cell.js';
import { IParamHint } from './hints.js';
import { BUILTINS, freeName, nameFromComment } from './naming.js';
import { ICellFlow } from './notebook.js';
import { lineOf } from './parse.js';
import { renderExtraction } from './render.js';

/** Line magics that run or read code in the notebook's namespace: not the function's. */
const NAMESPACE_MAGICS = new Set(['time', 'timeit', 'prun', 'debug']);

export interface IExtractPlan {
  ok: true;
  name: string;
  async: boolean;
  /** Names passed at the call site, in order. */
  params: string[];
  /** Names the call site binds, in order. */
  returns: string[];
  /** The complete new cell source. */
  source: string;
  /** How the value of the cell's last expression stays displayed. */
  display: DisplayMode;
}

/** A literal of the cell (offsets in its source) turned into a keyword parameter. */
export interface ILiteralParam {
  from: number;
  to: number;
  name: string;
}

export interface IExtractRefusal {
  ok: false;
  reason: string;
  /** 1-based line at fault, when there is one. */
  line: number | null;
}

export type ExtractResult = IExtractPlan | IExtractRefusal;

export interface IExtractOptions {
  /** The function's name; the default is derived from the cell. */
  name?: string;
  /** Parameters the user unticked: they stay global names. */
  excludeParams?: readonly string[];
  /** Annotations and docstring details of parameters, from their live values. */
  hints?: Readonly<Record<string, IParamHint>>;
  /** Literals of the cell that become keyword parameters, their value the default. */
  literals?: readonly ILiteralParam[];
  /** Names to return besides those later cells use (other call sites need them). */
  extraReturns?: readonly string[];
}

/** Plans the extraction of a cell into a function plus its call, or says why it can't. */
export function planExtraction(
  flow: ICellFlow,
  options: IExtractOptions = {}
): ExtractResult {
  const refusal = refuse(flow);
  if (refusal) {
    return refusal;
  }
  const { analysis, usedLater } = flow;
  const statements = topStatements(analysis);
  const hoisted = leadingImports(statements);
  const hoistedNames = new Set(
    hoisted.flatMap(node => statementBinds(node, analysis.ipython.python))
  );
  if (hoisted.length === statements.length) {
    return {
      ok: false,
      reason:
        'The cell only imports modules: there is nothing to put in a function.',
      line: null
    };
  }
  const excluded = new Set(options.excludeParams ?? []);
  const params = parameters(flow).filter(p => !excluded.has(p));
  const extra = new Set(options.extraReturns ?? []);
  const returns = [...analysis.binds.keys()].filter(
    name => (usedLater.has(name) || extra.has(name)) && !hoistedNames.has(name)
  );
  const name =
    options.name ??
    defaultName(analysis, returns, flow.cell.index, flow.notebookNames);
  const last = statements[statements.length - 1];
  const display =
    last.name === 'ExpressionStatement' &&
    !isMagicLine(analysis, last) &&
    !isPrintCall(analysis, last)
      ? displayMode(analysis, last, returns)
      : 'none';
  return {
    ok: true,
    name,
    async: analysis.flags.topLevelAwait,
    params,
    returns,
    display,
    source: renderExtraction({
      analysis,
      name,
      params,
      returns,
      hoisted,
      last,
      display,
      isAsync: analysis.flags.topLevelAwait,
      summary: summaryOf(analysis, flow.cell.index),
      hints: options.hints ?? {},
      literals: options.literals ?? []
    })
  };
}

/**
 * Parameters: names the cell reads that earlier cells bind as data (imports, functions and
 * classes stay global), plus names it binds only on some paths that later cells use, whose old
 * value must survive. A global name the cell also rebinds must come in too: inside a function
 * it becomes local.
 */
export function parameters(flow: ICellFlow): string[] {
  const { analysis, earlier, usedLater } = flow;
  const params = analysis.reads.filter(
    name =>
      earlier.has(name) &&
      (earlier.get(name) === 'data' || analysis.binds.has(name))
  );
  for (const name of analysis.binds.keys()) {
    if (
      !analysis.sure.has(name) &&
      usedLater.has(name) &&
      earlier.has(name) &&
      !params.includes(name)
    ) {
      params.push(name);
    }
  }
  return params;
}

/** The reason a cell can't be extracted safely, or null. */
export function refuse(flow: ICellFlow): IExtractRefusal | null {
  const { analysis, earlier } = flow;
  const { flags, ipython } = analysis;
  const no = (reason: string, line: number | null = null): IExtractRefusal => ({
    ok: false,
    reason,
    line
  });
  if (ipython.cellMagic !== null) {
    return no(
      `The cell runs the cell magic %%${ipython.cellMagic}: it is not plain Python code, so it cannot become a function.`,
      1
    );
  }
  if (analysis.syntaxErrorLine !== null) {
    return no(
      `Syntax error on line ${analysis.syntaxErrorLine}: fix it before extracting.`,
      analysis.syntaxErrorLine
    );
  }
  if (flags.topLevelReturn !== null) {
    return no(
      '`return` at the top level of the cell has no function to return from.',
      flags.topLevelReturn
    );
  }
  if (flags.topLevelYield !== null) {
    return no(
      '`yield` at the top level of the cell would turn the function into a generator.',
      flags.topLevelYield
    );
  }
  if (flags.starImport !== null) {
    return no(
      '`import *` binds names nobody can see, so the parameters and results cannot be worked out.',
      flags.starImport
    );
  }
  if (flags.scopeStatement !== null) {
    return no(
      '`global` or `nonlocal` at the top level of the cell would change meaning inside a function.',
      flags.scopeStatement
    );
  }
  const magic = ipython.magics.find(
    m => m.kind === 'magic' && NAMESPACE_MAGICS.has(m.name)
  );
  if (magic) {
    return no(
      `%${magic.name} runs its code in the notebook's namespace, where the function's local names do not exist.`,
      magic.line + 1
    );
  }
  if (analysis.deletedOuter.length > 0) {
    const name = analysis.deletedOuter[0];
    return no(
      `\`del ${name}\` deletes a notebook name; inside a function it would only delete a local one.`
    );
  }
  // Read, then rebound: inside a function the name is local from the start, so the read no
  // longer reaches the builtin it reached before.
  const shadow = analysis.reads.find(
    name => analysis.binds.has(name) && !earlier.has(name) && BUILTINS.has(name)
  );
  if (shadow) {
    return no(
      `\`${shadow}\` is read as the builtin before the cell rebinds it: inside a function it would be unbound.`
    );
  }
  if (topStatements(analysis).length === 0) {
    return no('The cell has no code to extract.');
  }
  return null;
}

/** How the value of a last expression keeps being displayed after the extraction. */
export type DisplayMode = 'none' | 'return' | 'after-call' | 'extra-result';

function displayMode(
  analysis: ICellAnalysis,
  last: SyntaxNode,
  returns: string[]
): DisplayMode {
  if (returns.length === 0) {
    return 'return';
  }
  const reads = expressionReads(last, analysis.ipython.python);
  const visibleAfter = reads.every(
    name => returns.includes(name) || !analysis.binds.has(name)
  );
  return visibleAfter ? 'after-call' : 'extra-result';
}

/** `print(...)` shows its text itself; its value, None, displays nothing. */
function isPrintCall(analysis: ICellAnalysis, node: SyntaxNode): boolean {
  const call = node.firstChild;
  const callee = call?.name === 'CallExpression' ? call.firstChild : null;
  return (
    callee?.name === 'VariableName' &&
    analysis.ipython.python.slice(callee.from, callee.to) === 'print'
  );
}

function isMagicLine(analysis: ICellAnalysis, node: SyntaxNode): boolean {
  const line = lineOf(analysis.ipython.python, node.from) - 1;
  return analysis.ipython.magics.some(m => m.line === line);
}

/** The imports before any other statement: they can move above the function unchanged. */
function leadingImports(statements: SyntaxNode[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of statements) {
    if (node.name !== 'ImportStatement') {
      break;
    }
    out.push(node);
  }
  return out;
}

function firstComment(analysis: ICellAnalysis): string | null {
  const source = analysis.source;
  // Line by line from the top, without splitting the whole cell: the answer is near the top.
  for (let start = 0; start <= source.length;) {
    const newline = source.indexOf('\n', start);
    const end = newline < 0 ? source.length : newline;
    const trimmed = source.slice(start, end).trim();
    start = end + 1;
    if (
      trimmed.startsWith('#') &&
      !trimmed.startsWith('#|') &&
      !trimmed.startsWith('#!')
    ) {
      return trimmed;
    }
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      return null;
    }
  }
  return null;
}

function defaultName(
  analysis: ICellAnalysis,
  returns: string[],
  index: number,
  taken: ReadonlySet<string>
): string {
  const comment = firstComment(analysis);
  const base =
    (comment && nameFromComment(comment)) ??
    (returns.length > 0
      ? `compute_${returns[0].replace(/^_+/, '')}`
      : `cell_${index}`);
  return freeName(base, taken);
}

function summaryOf(analysis: ICellAnalysis, index: number): string {
  const comment = firstComment(analysis);
  const text = comment?.replace(/^#+\s*/, '').trim();
  if (text) {
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return `Extracted from cell ${index}.`;
}
