/**
 * What a cell may do to the notebook's names beyond binding them: change objects in place, or
 * read and write names the analysis can't see (`exec`, star imports, magics). Counted
 * conservatively: stale markers and slices would rather hold a cell too many than one too few.
 */
import { SyntaxNode } from '@lezer/common';
import {
  ICellAnalysis,
  statementBinds,
  statementReads,
  topStatements
} from './cell.js';

export interface ICellEffects {
  /**
   * The names the cell reads as it runs. A cell that only defines (functions, classes, imports)
   * reads its functions' outside names when they are called, not now; any other cell may call
   * its own functions, so for it these are all its reads.
   */
  readonly readsNow: readonly string[];
  /** Names whose objects the cell's top level changes in place (`df['a'] = 1`, `m.fit()`). */
  readonly mutates: ReadonlySet<string>;
  /** Names from outside whose objects its function bodies change in place when called. */
  readonly lateMutates: ReadonlySet<string>;
  /**
   * `mutates` and more: names passed to calls (`shuffle(x)`), and every name the top level
   * reads when it changes an object it bound itself (`m = models[0]; m.fit(X)`: an alias).
   */
  readonly mayMutate: ReadonlySet<string>;
  /** The same for the function bodies. */
  readonly lateMayMutate: ReadonlySet<string>;
  /** The cell may bind or change names it doesn't spell (`exec`, `import *`, `%run`). */
  readonly writesUnknown: boolean;
  /** The cell may read names it doesn't spell (`globals()`, `%who`, `_`, `Out`). */
  readonly readsUnknown: boolean;
  /**
   * The cell has effects outside the names (shell commands, magics, a non-Python cell magic,
   * a syntax error): a fresh kernel runs it whenever it runs a later cell.
   */
  readonly opaque: boolean;
}

/** Calls that change none of their arguments. */
const PURE_CALLS = new Set([
  'print', 'len', 'str', 'repr', 'int', 'float', 'bool', 'complex', 'list', 'tuple', 'dict',
  'set', 'frozenset', 'sorted', 'sum', 'min', 'max', 'abs', 'round', 'range', 'enumerate',
  'zip', 'isinstance', 'issubclass', 'type', 'id', 'hash', 'format', 'hasattr', 'callable',
  'any', 'all', 'ord', 'chr', 'bin', 'hex', 'oct', 'divmod', 'pow', 'display', 'reversed'
]); // prettier-ignore

/** Builtins through which code reads or writes names by their spelling. */
const REFLECTIVE = new Set([
  'exec', 'eval', 'globals', 'locals', 'vars', 'dir', '__import__', 'execfile', 'get_ipython'
]); // prettier-ignore

/** Names the shell binds as cells run: they depend on what ran before and in which order. */
const HISTORY_NAME = /^(_+|_\d+|_i+|_i\d+|_ii+|In|Out|_oh|_ih|_dh|_exit_code)$/;

/** Magics analysed as the statement they time, or that only print help. */
const TRANSPARENT_MAGICS = new Set([
  'time',
  'timeit',
  'prun',
  'pinfo',
  'pinfo2'
]);
/** Magics that set up the shell or the machine without reading or writing user names. */
const SETUP_MAGICS = new Set([
  'matplotlib', 'config', 'load_ext', 'reload_ext', 'precision', 'env', 'cd', 'pwd', 'pip',
  'conda', 'ls', 'mkdir', 'rm', 'cp', 'mv', 'cat', 'xmode', 'colors', 'system', 'getoutput',
  'pycat', 'pdoc', 'psource', 'pfile', 'sx', 'sc', 'bookmark', 'dhist', 'alias'
]); // prettier-ignore
/** Magics that only read (list or save) the user's names. */
const READING_MAGICS = new Set([
  'who',
  'whos',
  'who_ls',
  'history',
  'save',
  'pastebin'
]);

const cache = new WeakMap<ICellAnalysis, ICellEffects>();

/** The cell's effects, computed once per analysis. */
export function cellEffects(analysis: ICellAnalysis): ICellEffects {
  let effects = cache.get(analysis);
  if (!effects) {
    effects = computeEffects(analysis);
    cache.set(analysis, effects);
  }
  return effects;
}

function computeEffects(analysis: ICellAnalysis): ICellEffects {
  const python = analysis.ipython.python;
  const text = (node: SyntaxNode) => python.slice(node.from, node.to);
  const sets = {
    top: new Set<string>(),
    late: new Set<string>(),
    topMay: new Set<string>(),
    lateMay: new Set<string>()
  };
  let topAlias = false;
  let lateAlias = false;
  const reads = new Set(analysis.reads);
  const note = (node: SyntaxNode | null, direct: boolean) => {
    const root = node && rootName(node);
    if (!root) {
      return;
    }
    const name = text(root);
    if (insideFunction(root)) {
      if (analysis.lateReads.has(name)) {
        (direct ? sets.late : sets.lateMay).add(name);
      } else {
        lateAlias ||= direct;
      }
    } else if (reads.has(name)) {
      (direct ? sets.top : sets.topMay).add(name);
    } else {
      topAlias ||= direct;
    }
  };
  let reflective = false;
  analysis.tree.iterate({
    enter: ref => {
      const node = ref.node;
      switch (node.name) {
        case 'CallExpression':
          onCall(node, text, note);
          break;
        case 'AssignStatement':
          targetsOf(node).forEach(n => note(n, true));
          break;
        case 'UpdateStatement':
        case 'DeleteStatement':
          memberChildren(node).forEach(n => note(n, true));
          break;
        case 'VariableName':
          reflective ||= REFLECTIVE.has(text(node));
          break;
      }
    }
  });
  const topMay = new Set([...sets.top, ...sets.topMay]);
  const lateMay = new Set([...sets.late, ...sets.lateMay]);
  if (topAlias) {
    analysis.reads.forEach(name => topMay.add(name));
  }
  if (lateAlias) {
    analysis.lateReads.forEach(name => lateMay.add(name));
  }
  return {
    readsNow: definesOnly(analysis)
      ? readsOfDefinitions(analysis)
      : analysis.reads,
    mutates: sets.top,
    lateMutates: sets.late,
    mayMutate: topMay,
    lateMayMutate: lateMay,
    ...unknowns(analysis, reflective)
  };
}

const DEFINITIONS = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'ImportStatement'
]);

function definesOnly(analysis: ICellAnalysis): boolean {
  return (
    analysis.lateReads.size > 0 &&
    analysis.ipython.magics.length === 0 &&
    analysis.ipython.cellMagic === null &&
    topStatements(analysis).every(
      s => DEFINITIONS.has(s.name) || isDocstring(s)
    )
  );
}

function isDocstring(node: SyntaxNode): boolean {
  return (
    node.name === 'ExpressionStatement' && node.firstChild?.name === 'String'
  );
}

/** What definitions read now: decorators, defaults, annotations, bases, class bodies. */
function readsOfDefinitions(analysis: ICellAnalysis): string[] {
  const python = analysis.ipython.python;
  const bound = new Set<string>();
  const out = new Set<string>();
  for (const statement of topStatements(analysis)) {
    statementReads(statement, python)
      .filter(name => !bound.has(name))
      .forEach(name => out.add(name));
    // Later statements' reads of what earlier ones bound are the cell's own.
    statementBinds(statement, python).forEach(name => bound.add(name));
  }
  return [...out];
}

/** What the cell's magics, reflective calls and history names make unknowable. */
function unknowns(
  analysis: ICellAnalysis,
  reflective: boolean
): Pick<ICellEffects, 'writesUnknown' | 'readsUnknown' | 'opaque'> {
  const { magics, cellMagic, cellMagicIsPython } = analysis.ipython;
  const names = magics
    .map(m => m.name)
    .filter(name => !TRANSPARENT_MAGICS.has(name));
  const unknownMagic = names.some(
    name => !SETUP_MAGICS.has(name) && !READING_MAGICS.has(name)
  );
  // Magics become `get_ipython()` calls: only a cell without any calls it by hand.
  const handReflective =
    reflective &&
    (magics.length === 0 ||
      [...analysis.reads, ...analysis.lateReads].some(
        n => REFLECTIVE.has(n) && n !== 'get_ipython'
      ));
  const history = [...analysis.reads, ...analysis.lateReads].some(n =>
    HISTORY_NAME.test(n)
  );
  const writesUnknown =
    handReflective || analysis.flags.starImport !== null || unknownMagic;
  return {
    writesUnknown,
    readsUnknown:
      writesUnknown ||
      history ||
      names.some(name => READING_MAGICS.has(name)) ||
      (cellMagic !== null && !cellMagicIsPython),
    opaque:
      writesUnknown ||
      names.length > 0 ||
      (cellMagic !== null && !['time', 'timeit'].includes(cellMagic)) ||
      analysis.syntaxErrorLine !== null
  };
}

/** `x.append(1)`, `np.random.seed(0)`: the object's root; `f(x)`: the arguments' roots. */
function onCall(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string,
  note: (node: SyntaxNode | null, direct: boolean) => void
): void {
  const callee = node.firstChild;
  if (callee?.name === 'MemberExpression') {
    note(callee, true);
  }
  if (callee?.name === 'VariableName' && PURE_CALLS.has(text(callee))) {
    return;
  }
  const args = node.getChild('ArgList');
  for (let arg = args?.firstChild; arg; arg = arg.nextSibling) {
    if (arg.name === 'VariableName' || arg.name === 'MemberExpression') {
      note(arg, false);
    }
  }
}

/** An assignment's targets that are items or attributes (`a[0] = 1`, `a.b = 1`). */
function targetsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let lastOp: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') {
      lastOp = c;
    }
  }
  for (let c = node.firstChild; c && c !== lastOp; c = c.nextSibling) {
    out.push(...memberChildren(c, true));
  }
  return out;
}

/** Member expressions among a node's targets, through tuples and lists. */
function memberChildren(node: SyntaxNode, self = false): SyntaxNode[] {
  if (self && node.name === 'MemberExpression') {
    return [node];
  }
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'MemberExpression') {
      out.push(c);
    } else if (
      [
        'TupleExpression',
        'ArrayExpression',
        'ParenthesizedExpression'
      ].includes(c.name)
    ) {
      out.push(...memberChildren(c));
    }
  }
  return out;
}

/** The name an attribute or item chain starts from: `a` in `a.b[c].d`; null for `f().x`. */
function rootName(node: SyntaxNode): SyntaxNode | null {
  let at: SyntaxNode | null = node;
  while (at && at.name === 'MemberExpression') {
    at = at.firstChild;
  }
  return at?.name === 'VariableName' ? at : null;
}

function insideFunction(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionDefinition' || at.name === 'LambdaExpression') {
      return true;
    }
  }
  return false;
}
