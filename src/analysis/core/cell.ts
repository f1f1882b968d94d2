import { SyntaxNode, Tree } from '@lezer/common';
import { cleanupCell, ICleaned } from './cleanup.js';
import { BindKind, CellFrame, IPassedUp } from './frames.js';
import { keepBodies } from './statements.js';
import { ITransformed, transformIPython } from './ipython.js';
import { lineOf, parsePython } from './parse.js';
import { ITopGlobal, IWalkFlags, ScopeWalker } from './scope.js';

/** Everything the analysis knows of one code cell on its own. */
export interface ICellAnalysis {
  /**
   * The cell as IPython compiles it (see cleanup.ts): its common indentation, form feeds in
   * indentation and `\r` line ends gone, its lines where the user has them.
   */
  readonly source: string;
  /** How `source` maps back to the user's own text (`userPosition`). */
  readonly cleaned: ICleaned;
  readonly ipython: ITransformed;
  readonly tree: Tree;
  /** 1-based line of the first syntax error, or null. */
  readonly syntaxErrorLine: number | null;
  /** Names the cell reads before surely binding them: from earlier cells, builtins or nowhere. */
  readonly reads: readonly string[];
  /** Names the cell binds at its top level (on some path), with the kind of the last binding. */
  readonly binds: ReadonlyMap<string, BindKind>;
  /** Names surely bound when the cell ends. */
  readonly sure: ReadonlySet<string>;
  /** Names deleted while not bound by the cell: they belong to the notebook. */
  readonly deletedOuter: readonly string[];
  /**
   * Names the bodies of the cell's functions, lambdas and methods read or declare `global`:
   * they are looked up in the notebook when those are called, not when the cell runs.
   */
  readonly lateReads: ReadonlySet<string>;
  /** The names among them that those bodies declare `global`: a call may rebind them. */
  readonly lateWrites: ReadonlySet<string>;
  /** The cell's top-level `global` statements. */
  readonly topGlobals: readonly ITopGlobal[];
  readonly flags: IWalkFlags;
  /** Names bound by import at the top level, with the dotted path each refers to. */
  readonly imports: ReadonlyMap<string, string>;
}

/** Analyses one cell's source: IPython syntax, parse, scopes and flow. */
export function analyzeCell(text: string): ICellAnalysis {
  const cleaned = cleanupCell(text);
  const source = cleaned.text;
  const ipython = transformIPython(source);
  const { tree, python, bareYields, errorAt } = parsePython(ipython.python);
  const frame = new CellFrame();
  const bodies = new Map<number, IPassedUp>();
  const walker = new ScopeWalker(python, bodies);
  walker.statements(tree.topNode, frame);
  for (const at of bareYields) {
    if (!insideFunction(tree, at)) {
      walker.flags.topLevelYield ??= lineOf(python, at);
    }
  }
  const reads = [...frame.reads];
  const seen = new Set(reads);
  const addRead = (name: string) => {
    if (!seen.has(name) && !frame.binds.has(name)) {
      seen.add(name);
      reads.push(name);
    }
  };
  // Function bodies run later: what they take from outside the cell is read by the cell.
  frame.deferred.forEach(addRead);
  for (const { line, code } of ipython.readOnlyCode) {
    // `%timeit` reads when its line runs: a name the cell binds only later is read too.
    const bound = boundBefore(tree, python, line);
    readOnlyReads(code)
      .filter(name => !bound.has(name))
      .forEach(name => {
        if (!seen.has(name)) {
          seen.add(name);
          reads.push(name);
        }
      });
  }
  const syntaxErrorLine =
    ipython.cellMagic !== null && !ipython.cellMagicIsPython
      ? null
      : errorAt === null
        ? ipython.cellMagic === null
          ? unexpectedIndent(python)
          : null
        : lineOf(python, errorAt);
  const analysis: ICellAnalysis = {
    source,
    cleaned,
    ipython,
    tree,
    syntaxErrorLine,
    reads,
    binds: frame.binds,
    sure: frame.sure,
    deletedOuter: frame.deletedOuter,
    lateReads: frame.deferred,
    lateWrites: frame.deferredWrites,
    topGlobals: walker.topGlobals,
    flags: walker.flags,
    imports: walker.imports
  };
  keepBodies(analysis, bodies);
  return analysis;
}

/**
 * The 1-based line of a first statement that is indented, which CPython refuses ("unexpected
 * indent") and the grammar lets through: IPython removes only the indentation common to every
 * line, so a cell whose string or later line starts at column 0 keeps its first line's.
 */
function unexpectedIndent(python: string): number | null {
  let line = 1;
  for (let at = 0; at < python.length; line++) {
    const end = python.indexOf('\n', at);
    const text = python.slice(at, end < 0 ? python.length : end);
    const start = /^[ \t\f]*(.?)/.exec(text)!;
    if (start[1] !== '' && start[1] !== '#') {
      return start[0].length > 1 ? line : null;
    }
    if (end < 0) {
      break;
    }
    at = end + 1;
  }
  return null;
}

/** Whether an offset lies in the body of a function or lambda. */
function insideFunction(tree: Tree, at: number): boolean {
  for (
    let node: SyntaxNode | null = tree.resolveInner(at, 1);
    node;
    node = node.parent
  ) {
    if (
      node.name === 'FunctionDefinition' ||
      node.name === 'LambdaExpression'
    ) {
      return true;
    }
  }
  return false;
}

/** Names bound by the top-level statements that end before a 0-based line. */
function boundBefore(tree: Tree, python: string, line: number): Set<string> {
  const out = new Set<string>();
  for (let s = tree.topNode.firstChild; s; s = s.nextSibling) {
    // A compound statement's node ends after the newline that closes its body.
    let end = s.to;
    while (end > s.from && /\s/.test(python[end - 1])) {
      end--;
    }
    if (lineOf(python, end) - 1 >= line) {
      break;
    }
    statementBinds(s, python).forEach(name => out.add(name));
  }
  return out;
}

/** The names code that only reads (`%timeit stmt`) takes from the namespace. */
function readOnlyReads(code: string): string[] {
  const inner = analyzeCell(code);
  return [...inner.reads];
}

/** The top-level statements of a cell, comments left out. */
export function topStatements(analysis: ICellAnalysis): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (
    let child = analysis.tree.topNode.firstChild;
    child;
    child = child.nextSibling
  ) {
    if (child.name !== 'Comment') {
      out.push(child);
    }
  }
  return out;
}

/** The names an expression reads (comprehension targets and lambda parameters left out). */
export function expressionReads(node: SyntaxNode, python: string): string[] {
  const frame = new CellFrame();
  const walker = new ScopeWalker(python);
  walker.expr(node, frame);
  return [
    ...frame.reads,
    ...[...frame.deferred].filter(n => !frame.reads.includes(n))
  ];
}

/** The names one statement binds. */
export function statementBinds(node: SyntaxNode, python: string): string[] {
  const frame = new CellFrame();
  new ScopeWalker(python).statement(node, frame);
  return [...frame.binds.keys()];
}

/** The names one statement reads when it runs (function bodies apart). */
export function statementReads(node: SyntaxNode, python: string): string[] {
  const frame = new CellFrame();
  new ScopeWalker(python).statement(node, frame);
  return frame.reads;
}
