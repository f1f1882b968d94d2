/**
 * Which names may share an object with which, across cells: `g2 = g.reshape(4, 6)` makes `g2` a
 * view of `g`, so changing `g2[1, 2]` in place changes what `g` shows, and the other way round.
 * Counted conservatively from each binding statement: the names bound may share objects with the
 * names its right-hand side reads. Modules, functions and classes are left out: calling
 * `np.array(x)` or `make(x)` links the result to `x`, not to `np` or `make`.
 */
import { SyntaxNode } from '@lezer/common';
import { readCall, resultSources } from '../values/index.js';
import {
  ICellAnalysis,
  statementBinds,
  statementReads,
  topStatements
} from '../core/index.js';

/** One cell's links: pairs of names that may share an object after it ran. */
export interface ICellLinks {
  readonly pairs: readonly (readonly [string, string])[];
  /** The pairs bindings made (`v = g.reshape(...)`), not calls that store (`xs.append(y)`). */
  readonly bound: readonly (readonly [string, string])[];
  /** Names the cell binds by `import`, `def` or `class`. */
  readonly definitions: ReadonlySet<string>;
}

const cache = new WeakMap<ICellAnalysis, ICellLinks>();

export function cellLinks(analysis: ICellAnalysis): ICellLinks {
  let found = cache.get(analysis);
  if (!found) {
    found = computeLinks(analysis);
    cache.set(analysis, found);
  }
  return found;
}

/** Statements whose shared objects are read off their parts; others are counted whole. */
const SIMPLE = new Set([
  'AssignStatement',
  'UpdateStatement',
  'ExpressionStatement'
]);
/** Expressions whose value is a new object holding none of its operands. */
const FRESH = new Set([
  'Number', 'String', 'FormatString', 'Boolean', 'None', 'UnaryExpression', 'LambdaExpression',
  'ContinuedString'
]); // prettier-ignore

function computeLinks(analysis: ICellAnalysis): ICellLinks {
  const definitions = new Set<string>();
  analysis.binds.forEach((kind, name) => {
    if (kind !== 'data') {
      definitions.add(name);
    }
  });
  const python = analysis.ipython.python;
  const source = (node: SyntaxNode) => python.slice(node.from, node.to);
  const text = Object.assign(source, { imports: analysis.imports });
  const pairs: [string, string][] = [];
  const bound: [string, string][] = [];
  const link = (left: string[], right: string[], binding = true) =>
    left.forEach(a =>
      right.forEach(b => {
        if (a !== b) {
          pairs.push([a, b]);
          if (binding) {
            bound.push([a, b]);
          }
        }
      })
    );
  for (const statement of topStatements(analysis)) {
    if (!SIMPLE.has(statement.name)) {
      // `for`, `with`, `if`: whatever it binds may share what it reads.
      link(
        statementBinds(statement, python),
        statementReads(statement, python)
      );
      continue;
    }
    const parts = children(statement);
    const op = parts
      .map(p => p.name)
      .lastIndexOf(
        statement.name === 'UpdateStatement' ? 'UpdateOp' : 'AssignOp'
      );
    if (op < 0) {
      // `xs.append(y)`, `est.fit(X)`: a receiver the call changes may hold its arguments
      // from now on (`a.sort()`, `plt.plot(x)`, `a.min()`: no).
      statement.cursor().iterate(ref => {
        if (
          ref.name === 'CallExpression' &&
          ref.node.firstChild?.name === 'MemberExpression'
        ) {
          const call = readCall(ref.node, text, text.imports);
          if (call.facts.changesReceiver && !call.moduleCall) {
            link(
              shared(ref.node.firstChild, text),
              argumentRoots(ref.node, text),
              false
            );
          }
        }
      });
      continue;
    }
    const value = parts.slice(op + 1).flatMap(p => shared(p, text));
    const targets = parts
      .slice(0, op)
      .filter(p => p.name !== 'TypeDef' && p.name !== 'AssignOp')
      .flatMap(p => shared(p, text));
    link(targets, value);
  }
  return { pairs, bound, definitions };
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    out.push(c);
  }
  return out;
}

/** Reads source text; knows the cell's imports (a call's module). */
type Text = ((n: SyntaxNode) => string) & {
  imports: ReadonlyMap<string, string>;
};

/** The names whose objects an expression's value may be or hold. */
function shared(node: SyntaxNode, text: Text): string[] {
  switch (node.name) {
    case 'VariableName':
      return [text(node)];
    case 'MemberExpression':
      // `x[0]`, `x.a`, `x[1:3]`: part of x's object, or a view of it.
      return node.firstChild ? shared(node.firstChild, text) : [];
    case 'CallExpression':
      // By the table: `g.reshape(...)` is a view of g, `len(x)` and `a.min()` share nothing,
      // `np.asarray(x)` may be x; an unknown `f(x)` may return x or hold it.
      return resultSources(readCall(node, text, text.imports)).flatMap(n =>
        shared(n, text)
      );
    case 'BinaryExpression': {
      // `a or b` is one of them; `a + b` is a new object.
      const logic = children(node).some(
        c => c.name === 'or' || c.name === 'and'
      );
      return logic ? children(node).flatMap(c => shared(c, text)) : [];
    }
    default:
      if (FRESH.has(node.name) || node.name.endsWith('Op')) {
        return [];
      }
      // Tuples, lists, dicts, conditionals, comprehensions, `await`, `*xs`: what they hold.
      return children(node).flatMap(c => shared(c, text));
  }
}

/** The shared names of a call's arguments (`f(x, key=y)`: x and y, not the keyword). */
function argumentRoots(call: SyntaxNode, text: Text): string[] {
  const args = call.getChild('ArgList');
  const out: string[] = [];
  for (let arg = args?.firstChild; arg; arg = arg.nextSibling) {
    if (arg.nextSibling?.name === 'AssignOp') {
      continue;
    }
    out.push(...shared(arg, text));
  }
  return out;
}

/** The alias groups of a notebook's cells, in order: which names may share objects. */
export class Aliases {
  constructor(analyses: readonly ICellAnalysis[]) {
    const definitions = this._definitions;
    const all = analyses.map(a => cellLinks(a));
    const other = new Set<string>();
    for (const { binds } of analyses) {
      binds.forEach((kind, name) =>
        (kind === 'import' ? this._modules : other).add(name)
      );
    }
    other.forEach(name => this._modules.delete(name));
    all.forEach(l => l.definitions.forEach(n => definitions.add(n)));
    for (const { pairs } of all) {
      for (const [a, b] of pairs) {
        if (!definitions.has(a) && !definitions.has(b)) {
          this._join(a, b);
        }
      }
    }
  }

  /** Whether some cell binds `name` by `import`, `def` or `class`. */
  isDefinition(name: string): boolean {
    return this._definitions.has(name);
  }

  /** Whether every cell that binds `name` binds it by `import`: a module. */
  isModule(name: string): boolean {
    return this._modules.has(name);
  }

  /** The names that may share an object with `name`, itself included. */
  group(name: string): ReadonlySet<string> {
    const root = this._find(name);
    return this._members.get(root) ?? new Set([name]);
  }

  /** One name of the group of `name`, the same for every name of it. */
  root(name: string): string {
    return this._find(name);
  }

  private _find(name: string): string {
    let at = name;
    while (this._parent.has(at) && this._parent.get(at) !== at) {
      at = this._parent.get(at)!;
    }
    return at;
  }

  private _join(a: string, b: string): void {
    const ra = this._find(a);
    const rb = this._find(b);
    if (ra === rb) {
      return;
    }
    const ma = this._members.get(ra) ?? new Set([ra]);
    const mb = this._members.get(rb) ?? new Set([rb]);
    // The smaller group joins the larger: finds stay short.
    const [big, small, bigRoot, smallRoot] =
      ma.size >= mb.size ? [ma, mb, ra, rb] : [mb, ma, rb, ra];
    small.forEach(n => big.add(n));
    this._parent.set(smallRoot, bigRoot);
    this._parent.set(bigRoot, bigRoot);
    this._members.set(bigRoot, big);
    this._members.delete(smallRoot);
  }

  private _definitions = new Set<string>();
  private _modules = new Set<string>();
  private _parent = new Map<string, string>();
  private _members = new Map<string, Set<string>>();
}
