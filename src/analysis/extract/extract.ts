import { SyntaxNode } from '@lezer/common';
import {
  analyzeCell,
  expressionReads,
  ICellAnalysis,
  statementBinds,
  topStatements
} from '../core/index.js';
import { IParamHint } from '../values/index.js';
import { IKeepRefusal, keptNames } from './keep.js';
import { DisplayMode, ILiteralParam } from './types.js';
import { freeName, LineIndex, nameFromComment } from '../core/index.js';
import { ICellFlow } from '../core/index.js';
import { renderExtraction } from './render.js';

/**
 * Line magics that run code in the notebook's namespace even when called in a function.
 * `%time` and `%timeit` get the caller's local names from IPython (`needs_local_scope`).
 */
const NAMESPACE_MAGICS = new Set(['prun', 'debug']);

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
  /** Names the function declares `global`: functions read them when called. */
  globals: string[];
  /** Functions and classes of the cell moved above the new function, at module level. */
  definitions: string[];
}

/** Why a cell can't be extracted: for the views to put into words. */
export type RefusalCode =
  | 'cell-magic'
  | 'syntax-error'
  | 'top-level-return'
  | 'top-level-yield'
  | 'star-import'
  | 'scope-statement'
  | 'namespace-magic'
  | 'time-binds'
  | 'only-imports'
  | 'empty'
  | IKeepRefusal['code'];

export interface IExtractRefusal {
  ok: false;
  code: RefusalCode;
  /** The name (or magic) at fault, when there is one. */
  name: string | null;
  /** The same in English, for the CLI and logs. */
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
  /** The docstring's first line; the default comes from the cell's first comment. */
  summary?: string;
  /** Annotations of results, by name: the function gets a return annotation if all have one. */
  returnHints?: Readonly<Record<string, IParamHint>>;
  /** Lines the new cell starts with (the import the annotations need). */
  preamble?: readonly string[];
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
  const imports = leadingImports(statements);
  const importNames = new Set(
    imports.flatMap(node => statementBinds(node, analysis.ipython.python))
  );
  if (imports.length === statements.length) {
    return refusalOf('only-imports');
  }
  const kept = keptNames(
    flow,
    statements.slice(imports.length).filter(s => !isTopGlobal(analysis, s))
  );
  if ('code' in kept) {
    return refusalOf(kept.code, kept.name, kept.line);
  }
  const globals = new Set(kept.globals);
  const excluded = new Set(options.excludeParams ?? []);
  const params = parameters(flow).filter(
    p => !excluded.has(p) && !globals.has(p) && !kept.movedReads.has(p)
  );
  const extra = new Set(options.extraReturns ?? []);
  const neededAfter = (name: string) =>
    usedLater.has(name) || extra.has(name) || kept.lateResults.includes(name);
  const literals = options.literals ?? [];
  const fixed = fixedKeywords(analysis, literals);
  const returns = [...analysis.binds.keys()].filter(
    name =>
      neededAfter(name) &&
      !fixed.has(name) &&
      !importNames.has(name) &&
      !kept.defNames.has(name) &&
      !globals.has(name)
  );
  const boundBefore = [...fixed].filter(neededAfter);
  const name = options.name ?? defaultName(flow, returns);
  const last = lastStatement(statements);
  const display =
    !kept.defs.includes(last) && isDisplayed(analysis, last)
      ? displayMode(analysis, last, returns, globals, boundBefore)
      : 'none';
  const render = () =>
    renderExtraction({
      analysis,
      name,
      params,
      returns,
      hoisted: [...imports, ...kept.defs],
      globals: kept.globals,
      last,
      display,
      isAsync: analysis.flags.topLevelAwait,
      summary: options.summary ?? summaryOf(analysis, flow.cell.index),
      hints: options.hints ?? {},
      literals,
      boundBefore,
      returnAnnotation: returnAnnotation(returns, options.returnHints ?? {}),
      returnHints: options.returnHints ?? {},
      preamble: options.preamble
    });
  let source: string | undefined;
  return {
    ok: true,
    name,
    async: analysis.flags.topLevelAwait,
    params,
    returns,
    display,
    globals: kept.globals,
    definitions: [...kept.defNames],
    // The plan's costliest part, which only a dialog or the CLI's output shows: written when
    // first read (a notebook's analysis plans every cell, and renders none).
    get source() {
      return (source ??= render());
    }
  };
}

/**
 * The keyword parameters that stand for a `name = literal` statement the cell never binds
 * again: the call's keyword argument is their value, so they are no result. A later cell that
 * reads one gets it from a `name = literal` line before the call, which passes `name=name`.
 */
function fixedKeywords(
  analysis: ICellAnalysis,
  literals: readonly ILiteralParam[]
): Set<string> {
  const dropped = literals.filter(l => l.drop);
  if (dropped.length === 0) {
    return new Set();
  }
  // The cell without those statements: what binds or deletes a name there changes it.
  const lines = analysis.source.split('\n');
  const index = new LineIndex(analysis.source);
  dropped.forEach(l => (lines[index.lineAt(l.from) - 1] = 'pass'));
  const rest = analyzeCell(lines.join('\n'));
  return new Set(
    dropped
      .map(l => l.name)
      .filter(n => !rest.binds.has(n) && !rest.deletedOuter.includes(n))
  );
}

/** `T` for one result, `tuple[A, B]` for several; null when a result has no annotation. */
function returnAnnotation(
  returns: readonly string[],
  hints: Readonly<Record<string, IParamHint>>
): string | null {
  const types = returns.map(r => hints[r]?.annotation ?? null);
  if (types.length === 0 || types.some(t => t === null)) {
    return null;
  }
  return types.length === 1 ? types[0] : `tuple[${types.join(', ')}]`;
}

/** Whether IPython displays the value of a cell whose last statement this is. */
export function isDisplayed(
  analysis: ICellAnalysis,
  last: SyntaxNode
): boolean {
  return (
    last.name === 'ExpressionStatement' &&
    !isPrintCall(analysis, last) &&
    !isQuiet(analysis, last) &&
    !isTimeit(analysis, last)
  );
}

/**
 * A `%timeit` line: it prints its timings itself and its value, None (unless `-o`), displays
 * nothing. So it stays where the cell has it, inside the function, wherever it is in the cell.
 */
function isTimeit(analysis: ICellAnalysis, node: SyntaxNode): boolean {
  const line =
    analysis.ipython.python.slice(0, node.from).split('\n').length - 1;
  return analysis.ipython.magics.some(
    m =>
      m.line === line &&
      m.kind === 'magic' &&
      m.name === 'timeit' &&
      !/(^|\s)-\w*o/.test(m.args) &&
      m.call === analysis.ipython.python.slice(node.from, node.to).trim()
  );
}

/** The cell's last statement: in `a = f(); a`, the `a` after the semicolon. */
export function lastStatement(statements: SyntaxNode[]): SyntaxNode {
  let last = statements[statements.length - 1];
  while (last.name === 'StatementGroup' && last.lastChild) {
    let child: SyntaxNode | null = last.lastChild;
    while (child && (child.name === ';' || child.name === 'Comment')) {
      child = child.prevSibling;
    }
    if (!child) {
      break;
    }
    last = child;
  }
  return last;
}

function isTopGlobal(analysis: ICellAnalysis, node: SyntaxNode): boolean {
  return analysis.topGlobals.some(g => g.from === node.from);
}

/**
 * Parameters: names the cell reads that earlier cells bind as data (imports, functions and
 * classes stay global), plus names it binds only on some paths that later cells use, whose old
 * value must survive. A global name the cell also rebinds must come in too: inside a function
 * it becomes local. A name only the cell's functions read is never one: they read it when
 * called, from the notebook, and a parameter would freeze it.
 */
export function parameters(flow: ICellFlow): string[] {
  const { analysis, earlier, usedLater } = flow;
  // A function the cell calls may rebind a name it declares `global`: the cell must read the
  // notebook's. A name only functions it does not call rebind is data like any other.
  const rebound = flow.rebindsByCalls ?? flow.writtenLateBefore;
  const params = analysis.reads.filter(
    name =>
      earlier.has(name) &&
      !analysis.lateReads.has(name) &&
      !rebound.has(name) &&
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

const REASONS: Record<RefusalCode, (name: string, line: number) => string> = {
  'cell-magic': name =>
    `The cell runs the cell magic %%${name}: it is not plain Python code, so it cannot become a function.`,
  'syntax-error': (_, line) =>
    `Syntax error on line ${line}: fix it before extracting.`,
  'top-level-return': () =>
    '`return` at the top level of the cell has no function to return from.',
  'top-level-yield': () =>
    '`yield` at the top level of the cell would turn the function into a generator.',
  'star-import': () =>
    '`import *` binds names nobody can see, so the parameters and results cannot be worked out.',
  'scope-statement': () =>
    '`nonlocal`, or `global` inside a block, would change meaning inside a function.',
  'namespace-magic': name =>
    `%${name} runs its code in the notebook's namespace, where the function's local names do not exist.`,
  'time-binds': name =>
    `%time runs its statement in a copy of the function's local names: \`${name}\` would not be bound.`,
  'only-imports': () =>
    'The cell only imports modules: there is nothing to put in a function.',
  empty: () => 'The cell has no code to extract.',
  'only-definitions': () =>
    'The cell only defines functions and classes: they are reusable as they are, call them from other cells.',
  'def-depends': name =>
    `\`${name}\` is used outside this cell, so it must stay at module level, but what it evaluates when defined (decorators, defaults, its class body) depends on the cell's earlier lines.`,
  'bound-by-name': (name, line) =>
    `\`${name}\` is spelled in a string on line ${line} and read after it: that call may bind it by name in its caller's namespace, which in a function binds nothing its code can read.`,
  'def-rebound': name =>
    `\`${name}\` is used outside this cell, so it must stay at module level, but the cell binds the name again.`
};

function refusalOf(
  code: RefusalCode,
  name: string | null = null,
  line: number | null = null
): IExtractRefusal {
  return {
    ok: false,
    code,
    name,
    reason: REASONS[code](name ?? '', line ?? 0),
    line
  };
}

/** The reason a cell can't be extracted safely, or null. */
export function refuse(flow: ICellFlow): IExtractRefusal | null {
  const { analysis } = flow;
  const { flags, ipython } = analysis;
  if (ipython.cellMagic !== null) {
    return refusalOf('cell-magic', ipython.cellMagic, 1);
  }
  if (analysis.syntaxErrorLine !== null) {
    return refusalOf('syntax-error', null, analysis.syntaxErrorLine);
  }
  if (flags.topLevelReturn !== null) {
    return refusalOf('top-level-return', null, flags.topLevelReturn);
  }
  if (flags.topLevelYield !== null) {
    return refusalOf('top-level-yield', null, flags.topLevelYield);
  }
  if (flags.starImport !== null) {
    return refusalOf('star-import', null, flags.starImport);
  }
  if (flags.scopeStatement !== null) {
    return refusalOf('scope-statement', null, flags.scopeStatement);
  }
  for (const magic of ipython.magics) {
    if (magic.kind !== 'magic') {
      continue;
    }
    if (NAMESPACE_MAGICS.has(magic.name)) {
      return refusalOf('namespace-magic', magic.name, magic.line + 1);
    }
    const bound = magic.name === 'time' ? timedBindings(magic.args) : [];
    if (bound.length > 0) {
      return refusalOf('time-binds', bound[0], magic.line + 1);
    }
  }
  if (topStatements(analysis).length === 0) {
    return refusalOf('empty');
  }
  return null;
}

/** The names `%time stmt` binds (none for an expression). */
function timedBindings(args: string): string[] {
  if (args.startsWith('-')) {
    return [];
  }
  return [...analyzeCell(args).binds.keys()];
}

/** `boundBefore`: the settings the lines before the call bind, as the notebook sees them. */
function displayMode(
  analysis: ICellAnalysis,
  last: SyntaxNode,
  returns: string[],
  globals: ReadonlySet<string>,
  boundBefore: readonly string[]
): DisplayMode {
  if (returns.length === 0 && boundBefore.length === 0) {
    return 'return';
  }
  const reads = expressionReads(last, analysis.ipython.python);
  const visibleAfter = reads.every(
    name =>
      returns.includes(name) ||
      globals.has(name) ||
      boundBefore.includes(name) ||
      !analysis.binds.has(name)
  );
  return visibleAfter ? 'after-call' : 'extra-result';
}

/** A last expression followed by `;`: IPython displays nothing. */
function isQuiet(analysis: ICellAnalysis, last: SyntaxNode): boolean {
  const after = analysis.ipython.python
    .slice(last.to)
    .replace(/#[^\n]*/g, '')
    .trim();
  return after.startsWith(';');
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

function defaultName(flow: ICellFlow, returns: string[]): string {
  const comment = firstComment(flow.analysis);
  const base =
    (comment && nameFromComment(comment)) ??
    nameFromCode(flow, returns) ??
    `cell_${flow.cell.index + 1}`;
  return freeName(base, flow.notebookNames);
}

const LITERAL_VALUES = new Set(['Number', 'String', 'Boolean', 'None']);

/** Calls that print or finish a figure: the cell's main call is the one before them. */
const FINISHERS = new Set([
  'print',
  'display',
  'show',
  'tight_layout',
  'legend',
  'title',
  'suptitle',
  'xlabel',
  'ylabel',
  'set_title',
  'set_xlabel',
  'set_ylabel',
  'grid',
  'colorbar',
  'savefig',
  'close'
]);

const bare = (name: string) => name.replace(/^_+/, '');

/**
 * A name from what the cell makes: the result later cells use (a setting such as `lr = 1.0`
 * is no product; of several, the last a top-level assignment builds), else what it computed
 * last (`show_` when it shows it), else its main call, else the data it shows or checks. Null
 * when the code says nothing.
 */
function nameFromCode(flow: ICellFlow, returns: string[]): string | null {
  const { analysis } = flow;
  const statements = topStatements(analysis);
  const settings = assignedNames(analysis, statements, true);
  const assigned = assignedNames(analysis, statements, false);
  const products = returns.filter(r => !settings.has(r));
  const product =
    products.filter(r => assigned.has(r)).pop() ?? products[0] ?? returns[0];
  if (product) {
    return `compute_${bare(product)}`;
  }
  const last = statements[statements.length - 1];
  const shows =
    last?.name === 'ExpressionStatement' || analysis.reads.includes('print');
  const made = madeName(analysis, assigned, settings);
  if (made) {
    return `${shows ? 'show' : 'compute'}_${bare(made)}`;
  }
  const called = mainCall(analysis, statements);
  if (called) {
    return `run_${bare(called)}`;
  }
  const data = analysis.reads.find(n => flow.earlier.get(n) === 'data');
  if (!data) {
    return null;
  }
  const checks = statements.every(s => s.name === 'AssertStatement');
  return `${checks ? 'check' : shows ? 'show' : 'use'}_${bare(data)}`;
}

/**
 * The data the cell computed last, no setting nor loop variable: the last name a top-level
 * assignment binds (`losses = []` before the loop that fills it), else the last bound at all.
 */
function madeName(
  analysis: ICellAnalysis,
  assigned: ReadonlySet<string>,
  settings: ReadonlySet<string>
): string | null {
  const counters = loopTargets(analysis);
  const data = [...analysis.binds]
    .filter(
      ([name, kind]) =>
        kind === 'data' && !settings.has(name) && !counters.has(name)
    )
    .map(([name]) => name);
  const top = data.filter(name => assigned.has(name));
  return top[top.length - 1] ?? data[data.length - 1] ?? null;
}

/**
 * Names a top-level `name = ...` binds: what the cell builds, not what its loops pass by. With
 * `settings`, only those of `name = literal` (`lr = 1.0`): settings, not products.
 */
function assignedNames(
  analysis: ICellAnalysis,
  statements: SyntaxNode[],
  settings: boolean
): Set<string> {
  const python = analysis.ipython.python;
  const out = new Set<string>();
  for (const s of statements) {
    const target = s.name === 'AssignStatement' ? s.firstChild : null;
    const literal = LITERAL_VALUES.has(s.lastChild?.name ?? '');
    if (target?.name === 'VariableName' && (literal || !settings)) {
      out.add(python.slice(target.from, target.to));
    }
  }
  return out;
}

/** Names `for` statements of the cell bind as their loop variables. */
function loopTargets(analysis: ICellAnalysis): Set<string> {
  const python = analysis.ipython.python;
  const out = new Set<string>();
  analysis.tree.iterate({
    enter: node => {
      if (node.name !== 'ForStatement') {
        return undefined;
      }
      for (
        let c = node.node.firstChild;
        c && c.name !== 'in';
        c = c.nextSibling
      ) {
        if (c.name === 'VariableName') {
          out.add(python.slice(c.from, c.to));
        }
        c.getChildren('VariableName').forEach(v =>
          out.add(python.slice(v.from, v.to))
        );
      }
      return undefined;
    }
  });
  return out;
}

/** The last top-level call of the cell that is no print nor figure finishing, by name. */
function mainCall(
  analysis: ICellAnalysis,
  statements: SyntaxNode[]
): string | null {
  const python = analysis.ipython.python;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i];
    const callee =
      s.name === 'ExpressionStatement' &&
      s.firstChild?.name === 'CallExpression'
        ? s.firstChild.firstChild
        : null;
    const called = callee
      ? python.slice(callee.from, callee.to).split('.').pop()
      : undefined;
    if (called && /^\w+$/.test(called) && !FINISHERS.has(called)) {
      return called;
    }
  }
  return null;
}

function summaryOf(analysis: ICellAnalysis, index: number): string {
  const comment = firstComment(analysis);
  const text = comment?.replace(/^#+\s*/, '').trim();
  if (text) {
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  }
  return `Extracted from cell ${index + 1}.`;
}
