/**
 * What a cell may do to the notebook's names beyond binding them: change objects in place, or
 * read and write names the analysis can't see (`exec`, star imports, magics). Counted
 * conservatively: stale markers and slices would rather hold a cell too many than one too few.
 */
import { SyntaxNode } from '@lezer/common';
import { cellLinks } from './aliases.js';
import { changedArguments, readCall } from '../values/index.js';
import { BUILTINS } from '../core/index.js';
import {
  ICellAnalysis,
  statementBinds,
  statementReads,
  topStatements
} from '../core/index.js';

export interface ICellEffects {
  /**
   * The names the cell reads as it runs. A cell that only defines (functions, classes, imports)
   * reads its functions' outside names when they are called, not now; any other cell may call
   * its own functions, so for it these are all its reads.
   */
  readonly readsNow: readonly string[];
  /**
   * Names whose objects the cell's top level changes in place (`df['a'] = 1`, `m.fit()`,
   * `np.random.seed(0)` by the table), directly or through a name the cell bound to share
   * them (`m = models[0]; m.fit(X)`).
   */
  readonly mutates: ReadonlySet<string>;
  /**
   * The names among `mutates` and `mayMutate` changed only because a method the table doesn't
   * know was called on them (`lib.run()`): when the name is a module, it stays as it was.
   */
  readonly callRoots: ReadonlySet<string>;
  /** Names from outside whose objects its function bodies change in place when called. */
  readonly lateMutates: ReadonlySet<string>;
  /**
   * Names the top level updates by augmented assignment (`v += 1`): rebound, but to the same
   * object changed in place when it is mutable (an array view, a list), so what shares it
   * changes too and it keeps sharing.
   */
  readonly updates: ReadonlySet<string>;
  /** `mutates` and more: names passed to calls the table doesn't know (`shuffle(x)`). */
  readonly mayMutate: ReadonlySet<string>;
  /** The same for the function bodies. */
  readonly lateMayMutate: ReadonlySet<string>;
  /**
   * The cell's functions may read, bind or change names they don't spell when called (their
   * bodies call `exec`, `globals()`): a cell that calls them does.
   */
  readonly lateUnknown: boolean;
  /**
   * The cell's functions may read names they don't spell when called, but bind and change
   * none that way: they `eval` an expression, or look names up in `globals()`
   * (`globals().get(nm)`). A cell that calls them reads every name; the others are unaffected.
   */
  readonly lateReadsUnknown: boolean;
  /** The cell may bind or change names it doesn't spell (`exec`, `import *`, `%run`). */
  readonly writesUnknown: boolean;
  /** The cell may read names it doesn't spell (`globals()`, `%who`, `_`, `Out`). */
  readonly readsUnknown: boolean;
  /**
   * What the cell shows may depend on every cell that ran before, not only on the names they
   * left: the history (`_`, `Out`, `%history`), memory left as it was (`np.empty`), the shell
   * itself (`get_ipython()` by hand, magics the analysis doesn't know). A slice keeps them all.
   */
  readonly readsRuns: boolean;
  /**
   * The cell has effects outside the names (shell commands, magics, a non-Python cell magic,
   * a syntax error): a fresh kernel runs it whenever it runs a later cell.
   */
  readonly opaque: boolean;
}

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
/** Magics that only read (list or save) the user's names or the history. */
const READING_MAGICS = new Set([
  'who',
  'whos',
  'who_ls',
  'history',
  'save',
  'pastebin'
]);
/** Those that read the history: what ran, not only the names it left. */
const HISTORY_MAGICS = new Set(['history', 'save', 'pastebin']);

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
    lateMay: new Set<string>(),
    updates: new Set<string>()
  };
  let topAlias = false;
  let lateAlias = false;
  const reads = new Set(analysis.reads);
  /** Names the cell bound and then changed: what they share changes too. */
  const local = new Set<string>();
  const byCall = new Set<string>();
  const notByCall = new Set<string>();
  /** `target`: `node` is assigned or deleted (`a[k] = v` changes `a`), not changed itself. */
  const note = (
    node: SyntaxNode | null,
    direct: boolean,
    unknown = false,
    target = false
  ) => {
    const root = node && rootName(node);
    if (!root) {
      return;
    }
    const name = text(root);
    (unknown ? byCall : notByCall).add(name);
    if (insideFunction(root)) {
      if (isParameter(root, name, text)) {
        // The caller's object: its call counts it (a receiver or an argument it passes).
        return;
      }
      if (analysis.lateReads.has(name)) {
        (direct ? sets.late : sets.lateMay).add(name);
      } else if (!(shallow(node, target) && freshLocal(root, name, text))) {
        lateAlias ||= direct;
      }
    } else if (reads.has(name)) {
      (direct ? sets.top : sets.topMay).add(name);
    } else if (direct && analysis.binds.has(name)) {
      local.add(name);
    } else {
      // A comprehension's or loop's own name: it may hold any of what the cell read.
      topAlias ||= direct;
    }
  };
  let reflective = false;
  let lateReflective = false;
  let lateLooksUp = false;
  let history = false;
  analysis.tree.iterate({
    enter: ref => {
      const node = ref.node;
      switch (node.name) {
        case 'CallExpression':
          history ||= onCall(node, text, analysis.imports, note);
          break;
        case 'AssignStatement':
          targetsOf(node).forEach(n => note(n, true, false, true));
          break;
        case 'UpdateStatement':
          // Only an object from before the cell: `w = np.zeros(2)` then `w -= g` changes the
          // cell's own new array, which nothing else holds.
          if (
            node.firstChild?.name === 'VariableName' &&
            !insideFunction(node.firstChild) &&
            reads.has(text(node.firstChild))
          ) {
            sets.updates.add(text(node.firstChild));
          }
          memberChildren(node).forEach(n => note(n, true));
          break;
        case 'DeleteStatement':
          memberChildren(node).forEach(n => note(n, true, false, true));
          break;
        case 'VariableName':
          if (
            REFLECTIVE.has(text(node)) &&
            !inspectsObject(node, text) &&
            !namesParameter(node, text)
          ) {
            // In a function's body it reads and writes by spelling when called, not now.
            if (insideFunction(node) && looksUp(node, text)) {
              lateLooksUp = true;
            } else if (insideFunction(node)) {
              lateReflective = true;
            } else {
              reflective = true;
            }
          }
          break;
      }
    }
  });
  sharedWith(analysis, local).forEach(name => sets.top.add(name));
  const changeable = (name: string) =>
    !BUILTINS.has(name) || sets.top.has(name);
  const topMay = new Set([...sets.top, ...sets.topMay].filter(changeable));
  const lateMay = new Set([...sets.late, ...sets.lateMay].filter(changeable));
  // A name that may alias what the code read: any of it, but Python's own functions and
  // types, which can't be changed in place.
  if (topAlias) {
    analysis.reads.filter(changeable).forEach(name => topMay.add(name));
  }
  if (lateAlias) {
    [...analysis.lateReads]
      .filter(changeable)
      .forEach(name => lateMay.add(name));
  }
  const unknown = unknowns(analysis, reflective);
  return {
    readsNow: definesOnly(analysis)
      ? readsOfDefinitions(analysis)
      : analysis.reads,
    mutates: sets.top,
    callRoots: new Set([...byCall].filter(n => !notByCall.has(n))),
    lateMutates: sets.late,
    mayMutate: topMay,
    updates: sets.updates,
    lateMayMutate: lateMay,
    lateUnknown: lateReflective,
    lateReadsUnknown: lateLooksUp,
    ...unknown,
    readsUnknown: unknown.readsUnknown || history,
    readsRuns: unknown.readsRuns || history
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
): Pick<
  ICellEffects,
  'writesUnknown' | 'readsUnknown' | 'readsRuns' | 'opaque'
> {
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
      analysis.reads.some(n => REFLECTIVE.has(n) && n !== 'get_ipython'));
  const history = [...analysis.reads, ...analysis.lateReads].some(n =>
    HISTORY_NAME.test(n)
  );
  const writesUnknown =
    handReflective || analysis.flags.starImport !== null || unknownMagic;
  const readsRuns =
    unknownMagic ||
    history ||
    names.some(name => HISTORY_MAGICS.has(name)) ||
    (magics.length === 0 && analysis.reads.includes('get_ipython')) ||
    (cellMagic !== null && !cellMagicIsPython);
  return {
    writesUnknown,
    readsRuns,
    // `from m import *` binds names it doesn't spell, but reads none of the notebook's.
    readsUnknown:
      handReflective ||
      unknownMagic ||
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

/**
 * What a call changes, by the table: `x.append(1)` its receiver, `np.random.seed(0)` numpy's
 * state, `np.random.shuffle(a)` its argument; a call the table doesn't know its receiver and,
 * maybe, its arguments.
 */
function onCall(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string,
  imports: ReadonlyMap<string, string>,
  note: (node: SyntaxNode | null, direct: boolean, unknown?: boolean) => void
): boolean {
  const call = readCall(node, text, imports);
  const unknown = call.facts.mayChangeArgs;
  if (call.facts.changesReceiver) {
    note(call.receiver, true, unknown && !call.moduleCall);
  }
  for (const arg of changedArguments(call)) {
    if (arg.name === 'VariableName' || arg.name === 'MemberExpression') {
      note(arg, !unknown);
    }
  }
  return call.facts.readsHistory;
}

/** The names the cell read that share an object with one it bound (its own links). */
function sharedWith(
  analysis: ICellAnalysis,
  names: ReadonlySet<string>
): Set<string> {
  const out = new Set<string>();
  if (names.size === 0) {
    return out;
  }
  const next = new Map<string, string[]>();
  for (const [a, b] of cellLinks(analysis).bound) {
    next.set(a, [...(next.get(a) ?? []), b]);
    next.set(b, [...(next.get(b) ?? []), a]);
  }
  const seen = new Set(names);
  const work = [...names];
  while (work.length > 0) {
    for (const other of next.get(work.pop()!) ?? []) {
      if (!seen.has(other)) {
        seen.add(other);
        work.push(other);
      }
    }
  }
  const reads = new Set(analysis.reads);
  seen.forEach(name => reads.has(name) && out.add(name));
  return out;
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
  // Nodes are made afresh on each walk: positions, not identity, tell the last `=`.
  const end = lastOp?.from ?? -1;
  for (let c = node.firstChild; c && c.from < end; c = c.nextSibling) {
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

/**
 * Whether `name` at `node` is a parameter of the function around it, without a default that
 * is a notebook object (`def f(a=CONFIG)`: changing `a` changes CONFIG).
 */
function isParameter(
  node: SyntaxNode,
  name: string,
  text: (node: SyntaxNode) => string
): boolean {
  let at = node.parent;
  while (
    at &&
    at.name !== 'FunctionDefinition' &&
    at.name !== 'LambdaExpression'
  ) {
    at = at.parent;
  }
  const params = at?.getChild('ParamList');
  for (let p = params?.firstChild; p; p = p.nextSibling) {
    if (p.name !== 'VariableName' || p.prevSibling?.name === 'AssignOp') {
      continue;
    }
    if (text(p) === name) {
      const value =
        p.nextSibling?.name === 'AssignOp' ? p.nextSibling.nextSibling : null;
      return (
        !value || !['VariableName', 'MemberExpression'].includes(value.name)
      );
    }
  }
  return false;
}

/** Methods of a dict that read it and change nothing. */
const DICT_READS = new Set(['get', 'keys', 'values', 'items', 'copy']);

/**
 * Whether a reflective builtin only reads names by their spelling: `eval(...)` evaluates an
 * expression, which binds nothing (an `exec` would), and `globals().get(nm)`, `globals()[nm]`,
 * `nm in globals()` look a name up. Both still read any name, and what they return may be any
 * object of the notebook, which the slice's pass counts as read, not changed. (An evaluated
 * `:=` would bind: strings built from annotations or data hold none.)
 */
function looksUp(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string
): boolean {
  const call = node.parent;
  if (call?.name !== 'CallExpression' || call.firstChild?.from !== node.from) {
    return false;
  }
  if (text(node) === 'eval') {
    return true;
  }
  if (text(node) !== 'globals') {
    return false;
  }
  const use = call.parent;
  if (use?.name === 'BinaryExpression') {
    // `nm in globals()`
    return call.prevSibling?.name === 'in';
  }
  if (use?.name !== 'MemberExpression') {
    return false;
  }
  const member = use.lastChild?.name === ']' ? null : use.lastChild;
  if (member) {
    // `globals().get(nm)`: called, a reading method.
    return (
      DICT_READS.has(text(member)) &&
      use.parent?.name === 'CallExpression' &&
      use.parent.firstChild?.from === use.from
    );
  }
  // `globals()[nm]` read, not assigned, updated or deleted.
  return !isTargetPosition(use);
}

/** Whether an item or attribute expression is assigned, updated or deleted. */
function isTargetPosition(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) {
    return false;
  }
  if (parent.name === 'DeleteStatement' || parent.name === 'UpdateStatement') {
    return (
      parent.name === 'DeleteStatement' || parent.firstChild?.from === node.from
    );
  }
  if (parent.name === 'AssignStatement') {
    const ops = parent.getChildren('AssignOp');
    const last = ops[ops.length - 1];
    return !!last && node.to <= last.from;
  }
  return TARGET_GROUPS.has(parent.name) && isTargetPosition(parent);
}

/** `dir(obj)`, `vars(obj)`: they look at an object, not at the notebook's names. */
function inspectsObject(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string
): boolean {
  const call = node.parent;
  if (
    !['dir', 'vars'].includes(text(node)) ||
    call?.name !== 'CallExpression'
  ) {
    return false;
  }
  const args = call.getChild('ArgList');
  return !!args && args.firstChild?.nextSibling?.name !== ')';
}

/**
 * `def f(obj, globals=None)` (fastcore's get_annotations_ex) or `f(globals=g)`: the spelling
 * names a parameter of a function around it, or a keyword, not the builtin.
 */
function namesParameter(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string
): boolean {
  if (
    node.parent?.name === 'ArgList' &&
    node.nextSibling?.name === 'AssignOp'
  ) {
    return true;
  }
  const name = text(node);
  for (let at = node.parent; at; at = at.parent) {
    if (at.name !== 'FunctionDefinition' && at.name !== 'LambdaExpression') {
      continue;
    }
    const params = at.getChild('ParamList');
    for (let p = params?.firstChild; p; p = p.nextSibling) {
      if (
        p.name === 'VariableName' &&
        p.prevSibling?.name !== 'AssignOp' &&
        text(p) === name
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Values that are a new object each time they run: a list, dict or set, built or copied. */
const FRESH_VALUES = new Set([
  'ArrayExpression',
  'DictionaryExpression',
  'SetExpression',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression'
]);
/** Builtins that return a new container whatever they are given (`list(xs)` copies `xs`). */
const FRESH_CALLS = new Set(['list', 'dict', 'set']);

/** Nodes through which a name in a target may be bound (`a, b = ...`, `for (a, b) in`). */
const TARGET_GROUPS = new Set([
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression',
  'StarExpression'
]);

/**
 * Whether a change reaches the object a name holds itself (`res.append(x)`, `res[k] = v`, `del
 * res[k]`), not one it holds (`res[0].append(x)`, `res[0].x = v`, `res[0] += [x]` change an
 * item, which may be the notebook's). `target`: the node is assigned or deleted.
 */
function shallow(node: SyntaxNode, target: boolean): boolean {
  return target
    ? node.name === 'MemberExpression' &&
        node.firstChild?.name === 'VariableName'
    : node.name === 'VariableName';
}

/**
 * Whether `name` at `root` is a local of the function around it that only ever holds an object
 * made in the function (`res = []`, `d = {k: v for ...}`, `s = set(xs)`, `res += [x]`): changing
 * it changes no object of the notebook. Any other binding of the name anywhere in the function
 * (a loop or `with` target, unpacking, `global`, `nonlocal`, a nested scope's) counts against.
 */
function freshLocal(
  root: SyntaxNode,
  name: string,
  text: (node: SyntaxNode) => string
): boolean {
  const fn = enclosingFunction(root);
  const body = fn?.name === 'FunctionDefinition' ? fn.getChild('Body') : null;
  if (!body) {
    return false;
  }
  let fresh = false;
  let other = false;
  const visit = (node: SyntaxNode) => {
    if (node.name === 'VariableName' && text(node) === name) {
      const role = bindingRole(node, text);
      fresh ||= role === 'fresh';
      other ||= role === 'other';
    }
    for (let c = node.firstChild; c && !other; c = c.nextSibling) {
      visit(c);
    }
  };
  visit(body);
  return fresh && !other;
}

/**
 * How a name occurs: bound to a new object (`fresh`), updated in place or read (`use`), or
 * bound some other way (`other`).
 */
function bindingRole(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string
): 'fresh' | 'use' | 'other' {
  let at = node;
  while (at.parent && TARGET_GROUPS.has(at.parent.name)) {
    at = at.parent;
  }
  const parent = at.parent;
  if (!parent) {
    return 'use';
  }
  switch (parent.name) {
    case 'AssignStatement':
      return assignRole(parent, at, text);
    case 'UpdateStatement':
      // `res += [x]`: the same object, changed in place or rebound to a new one.
      return 'use';
    case 'FunctionDefinition':
    case 'ClassDefinition':
      // A nested `def` makes a new function each time it runs, unless a decorator replaced it.
      return at.prevSibling?.name === 'def' || at.prevSibling?.name === 'class'
        ? parent.parent?.name === 'DecoratedStatement'
          ? 'other'
          : 'fresh'
        : 'other';
    case 'ForStatement':
    case 'WithStatement':
    case 'NamedExpression':
    case 'ScopeStatement':
    case 'TryStatement':
    case 'ImportStatement':
    case 'ParamList':
    case 'DeleteStatement':
      return isTarget(parent, at) ? 'other' : 'use';
    default:
      if (
        parent.name.endsWith('Pattern') ||
        (parent.name.endsWith('ComprehensionExpression') && afterFor(at))
      ) {
        return 'other';
      }
      return 'use';
  }
}

/** A node's role in an assignment: `name = <new object>`, any other binding, or a read. */
function assignRole(
  statement: SyntaxNode,
  at: SyntaxNode,
  text: (node: SyntaxNode) => string
): 'fresh' | 'use' | 'other' {
  const ops = statement.getChildren('AssignOp');
  const last = ops[ops.length - 1];
  if (!last || at.from > last.from) {
    return 'use'; // in the value
  }
  const value = last.nextSibling;
  // Nodes are made afresh on each walk: positions, not identity, tell the first child.
  const simple =
    ops.length === 1 &&
    at.from === statement.from &&
    at.name === 'VariableName' &&
    !statement.getChild('TypeDef');
  return simple && value && freshValue(value, text) ? 'fresh' : 'other';
}

function freshValue(
  value: SyntaxNode,
  text: (node: SyntaxNode) => string
): boolean {
  if (FRESH_VALUES.has(value.name)) {
    return true;
  }
  const callee = value.name === 'CallExpression' ? value.firstChild : null;
  return callee?.name === 'VariableName' && FRESH_CALLS.has(text(callee));
}

/**
 * Whether `at` is in a binding position of the statement: the targets of `for` and `with`
 * (`as`), `:=`, `global`/`nonlocal`, `except ... as`, imports, a definition's name or
 * parameters, `del`.
 */
function isTarget(statement: SyntaxNode, at: SyntaxNode): boolean {
  switch (statement.name) {
    case 'ForStatement':
      return afterFor(at);
    case 'WithStatement':
    case 'TryStatement':
      return at.prevSibling?.name === 'as';
    case 'NamedExpression':
      return at.from === statement.from;
    default:
      return true;
  }
}

/** Whether `at` is between a `for` and its `in`: a loop's or a comprehension's target. */
function afterFor(at: SyntaxNode): boolean {
  for (let c = at.prevSibling; c; c = c.prevSibling) {
    if (c.name === 'for') {
      return true;
    }
    if (c.name === 'in') {
      return false;
    }
  }
  return false;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionDefinition' || at.name === 'LambdaExpression') {
      return at;
    }
  }
  return null;
}

function insideFunction(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.name === 'FunctionDefinition' || at.name === 'LambdaExpression') {
      return true;
    }
  }
  return false;
}
