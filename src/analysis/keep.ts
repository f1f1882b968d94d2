/**
 * What must stay the notebook's when a cell becomes a function. Functions read globals when they
 * are called, not when they are defined: a function defined in the cell that other code calls
 * stays at module level, and a name that some function reads when called stays a global of the
 * notebook (a `global` declaration in the new function), never a local that callers can't see.
 */
import { SyntaxNode, Tree } from '@lezer/common';
import { ICellAnalysis, statementBinds, statementReads } from './cell.js';
import { CellFrame } from './frames.js';
import { ICellFlow } from './notebook.js';
import { lineOf } from './parse.js';
import { ScopeWalker } from './scope.js';

export interface IKeptNames {
  /** Top-level `def`/`class` statements that move above the new function, in order. */
  defs: SyntaxNode[];
  /** The names those statements bind. */
  defNames: ReadonlySet<string>;
  /** Names the new function declares `global`, in the order the cell binds them. */
  globals: string[];
  /** Names some function reads when called that the cell binds plainly: returned as results. */
  lateResults: string[];
}

/** Why a definition can't leave the cell: the name at fault and its 1-based line. */
export interface IKeepRefusal {
  code: 'def-depends' | 'def-rebound' | 'only-definitions' | 'bound-by-name';
  name: string | null;
  line: number | null;
}

/** Modules that find classes and functions by their module-level name (`__main__.C`). */
const BY_NAME = new Set([
  'pickle',
  'dill',
  'cloudpickle',
  'joblib',
  'shelve',
  'copyreg'
]);

const DEFINITIONS = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement'
]);

/**
 * Node kinds of a cell whose code can run nothing of the user's: plain bindings of literals and
 * names, and arithmetic. A function that reads a name such a cell binds can't be called while the
 * cell runs, so the name can be returned as a result instead of declared global.
 */
const INERT = new Set([
  'Script',
  'AssignStatement',
  'ExpressionStatement',
  'StatementGroup',
  'PassStatement',
  'pass',
  'VariableName',
  'AssignOp',
  'TypeDef',
  'Number',
  'String',
  'Boolean',
  'None',
  'Ellipsis',
  'TupleExpression',
  'ArrayExpression',
  'ParenthesizedExpression',
  'DictionaryExpression',
  'SetExpression',
  'UnaryExpression',
  'BinaryExpression',
  'ArithOp',
  'BitOp',
  'Comment',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ';'
]);

function definedName(node: SyntaxNode, python: string): string | null {
  const def =
    node.name === 'DecoratedStatement'
      ? (node.getChild('FunctionDefinition') ??
        node.getChild('ClassDefinition'))
      : node;
  const name = def?.getChild('VariableName');
  return name ? python.slice(name.from, name.to) : null;
}

/** What a statement reads and binds when it runs (function bodies apart). */
function effects(node: SyntaxNode, python: string) {
  const frame = new CellFrame();
  new ScopeWalker(python).statement(node, frame);
  return {
    reads: frame.reads,
    binds: [...frame.binds.keys()],
    late: frame.deferred
  };
}

/** Whether a definition runs a call when it is defined: decorators, defaults, class bodies. */
function callsWhenDefined(node: SyntaxNode): boolean {
  let found = false;
  const cursor = node.cursor();
  const walk = (): void => {
    do {
      const name = cursor.name;
      if (name === 'CallExpression' || name === 'Decorator') {
        found = true;
        return;
      }
      const isBody =
        name === 'Body' && cursor.node.parent?.name === 'FunctionDefinition';
      if (!isBody && name !== 'LambdaExpression' && cursor.firstChild()) {
        walk();
        cursor.parent();
      }
    } while (!found && cursor.nextSibling());
  };
  if (cursor.firstChild()) {
    walk();
  }
  return found;
}

function isInert(statements: readonly SyntaxNode[]): boolean {
  return statements.every(statement => {
    let inert = true;
    statement.toTree().iterate({
      enter: node => {
        if (!INERT.has(node.name)) {
          inert = false;
        }
        return inert;
      }
    });
    return inert;
  });
}

/**
 * Chooses the definitions that move above the new function and the names it keeps global.
 * `statements` are the cell's top-level statements after its leading imports.
 */
export function keptNames(
  flow: ICellFlow,
  statements: readonly SyntaxNode[]
): IKeptNames | IKeepRefusal {
  const { analysis } = flow;
  const python = analysis.ipython.python;
  const byName = spelledThenRead(analysis, statements);
  if (byName) {
    return byName;
  }
  const defs = chooseDefinitions(flow, statements);
  if (!Array.isArray(defs)) {
    return defs;
  }
  const defNames = new Set(defs.map(d => definedName(d, python)!));
  const rest = statements.filter(s => !defs.includes(s));
  if (rest.length === 0) {
    return { code: 'only-definitions', name: null, line: null };
  }
  const globals = new Set<string>();
  analysis.topGlobals.forEach(g => g.names.forEach(n => globals.add(n)));
  analysis.deletedOuter.forEach(n => globals.add(n));
  const inert = isInert(rest);
  // Pickling looks objects' classes and functions up by their name in `__main__`.
  const pickles = analysis.reads.some(name => BY_NAME.has(name));
  const lateResults: string[] = [];
  for (const name of analysis.binds.keys()) {
    if (defNames.has(name) || globals.has(name)) {
      continue;
    }
    if (pickles || mustStayGlobal(flow, name, inert)) {
      globals.add(name);
    } else if (flow.readLateBefore.has(name)) {
      lateResults.push(name);
    }
  }
  const order = [...analysis.binds.keys()];
  return {
    defs,
    defNames,
    globals: [...globals].sort(
      (a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b)
    ),
    lateResults
  };
}

function rank(order: string[], name: string): number {
  const at = order.indexOf(name);
  return at < 0 ? order.length : at;
}

/** Whether a name the cell binds must be the notebook's own name inside the new function. */
function mustStayGlobal(
  flow: ICellFlow,
  name: string,
  inert: boolean
): boolean {
  const { analysis, earlier, usedLater } = flow;
  const sure = analysis.sure.has(name);
  return (
    // A function of this cell reads it when called: while the cell runs, or later.
    analysis.lateReads.has(name) ||
    // A function of an earlier cell reads it, and the cell may call it while it runs.
    (flow.readLateBefore.has(name) && !(inert && sure)) ||
    // Later cells read it but the cell may leave it unbound: a local would be unbound.
    (usedLater.has(name) && !sure && !earlier.has(name)) ||
    // Read before the cell binds it, from no earlier cell: a builtin or a name made where the
    // analysis can't see (`exec`, `%run`); a local would be unbound at that read.
    (analysis.reads.includes(name) && !earlier.has(name))
  );
}

/** The top-level definitions that leave the function, or why one can't. */
function chooseDefinitions(
  flow: ICellFlow,
  statements: readonly SyntaxNode[]
): SyntaxNode[] | IKeepRefusal {
  const { analysis } = flow;
  const python = analysis.ipython.python;
  const out: SyntaxNode[] = [];
  const bound = new Set<string>();
  const touched = new Set<string>();
  let leading = true;
  const bindings = new Map<string, number>();
  statements.forEach(s =>
    statementBinds(s, python).forEach(n =>
      bindings.set(n, (bindings.get(n) ?? 0) + 1)
    )
  );
  for (const statement of statements) {
    const name = DEFINITIONS.has(statement.name)
      ? definedName(statement, python)
      : null;
    const needed = name !== null && isUsedOutside(flow, name);
    if (name !== null && (leading || needed)) {
      const refusal = whyNotMovable(analysis, statement, name, {
        leading,
        bound,
        touched,
        bindings
      });
      if (!refusal) {
        out.push(statement);
        continue;
      }
      if (needed) {
        return refusal;
      }
    }
    leading = false;
    const { reads, binds, late } = effects(statement, python);
    binds.forEach(n => bound.add(n));
    [...reads, ...binds, ...late].forEach(n => touched.add(n));
  }
  return out;
}

/** Whether code outside the cell's top level may reach a definition by its name. */
function isUsedOutside(flow: ICellFlow, name: string): boolean {
  return (
    flow.usedLater.has(name) ||
    flow.readLateBefore.has(name) ||
    flow.analysis.lateReads.has(name)
  );
}

function whyNotMovable(
  analysis: ICellAnalysis,
  statement: SyntaxNode,
  name: string,
  before: {
    leading: boolean;
    bound: ReadonlySet<string>;
    touched: ReadonlySet<string>;
    /** How many top-level statements bind each name. */
    bindings: ReadonlyMap<string, number>;
  }
): IKeepRefusal | null {
  const python = analysis.ipython.python;
  const line = lineOf(python, statement.from);
  if ((before.bindings.get(name) ?? 0) > 1) {
    return { code: 'def-rebound', name, line };
  }
  if (before.leading) {
    return null;
  }
  // Above the function it is defined before the cell's earlier statements run: what it
  // evaluates when defined must not depend on them, nor they on it.
  const { reads } = effects(statement, python);
  if (
    callsWhenDefined(statement) ||
    before.touched.has(name) ||
    reads.some(n => before.bound.has(n))
  ) {
    return { code: 'def-depends', name, line };
  }
  return null;
}

/**
 * A name spelled in a string and read by a later statement: `mk_class('T')` then `T()`. Such a
 * call may bind the name in its caller's namespace by name (`sys._getframe(1).f_locals`), which
 * in a function binds nothing the function's code can read.
 */
function spelledThenRead(
  analysis: ICellAnalysis,
  statements: readonly SyntaxNode[]
): IKeepRefusal | null {
  const python = analysis.ipython.python;
  const reads = new Set(analysis.reads);
  const spelled = new Map<string, number>();
  const seen = new Set<string>();
  for (let i = 0; i < statements.length; i++) {
    const read = statementReads(statements[i], python);
    for (const name of read) {
      const at = spelled.get(name);
      // First read after the statement that spells it (`print('x', x)` reads it there).
      if (at !== undefined && at < i && reads.has(name) && !seen.has(name)) {
        return {
          code: 'bound-by-name',
          name,
          line: lineOf(python, statements[at].from)
        };
      }
    }
    read.forEach(name => seen.add(name));
    for (const word of identifierStrings(
      analysis.tree,
      statements[i],
      python
    )) {
      if (!spelled.has(word)) {
        spelled.set(word, i);
      }
    }
  }
  return null;
}

/** The string literals of a statement that spell an identifier: `'T'`, `"model"`. */
function identifierStrings(
  tree: Tree,
  node: SyntaxNode,
  python: string
): string[] {
  const out: string[] = [];
  tree.iterate({
    from: node.from,
    to: node.to,
    enter: n => {
      if (n.name === 'String' && n.from >= node.from && n.to <= node.to) {
        const m = /^(['"])([A-Za-z_]\w*)\1$/.exec(python.slice(n.from, n.to));
        if (m) {
          out.push(m[2]);
        }
        return false;
      }
      return undefined;
    }
  });
  return out;
}
