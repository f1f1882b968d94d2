/**
 * Which of a cell's top-level `def`/`class` statements move above the new function. A function
 * that other code calls must stay at module level: inside the new function it would close over
 * the function's locals, and later calls would see them, not the notebook's names.
 */
import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis } from '../core/index.js';
import { ICellFlow } from '../core/index.js';
import { lineOf } from '../core/index.js';
import { IStatementFacts } from '../core/index.js';

/** Why a definition can't leave the cell: the name at fault and its 1-based line. */
export interface IDefinitionRefusal {
  code: 'def-depends' | 'def-rebound';
  name: string;
  line: number;
}

const DEFINITIONS = new Set([
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement'
]);

/** The name a `def`/`class` statement binds, or null for any other statement. */
export function definedName(node: SyntaxNode, python: string): string | null {
  if (!DEFINITIONS.has(node.name)) {
    return null;
  }
  const def =
    node.name === 'DecoratedStatement'
      ? (node.getChild('FunctionDefinition') ??
        node.getChild('ClassDefinition'))
      : node;
  const name = def?.getChild('VariableName');
  return name ? python.slice(name.from, name.to) : null;
}

/**
 * The definitions that move: those the cell starts with (after its imports), which keep their
 * order that way, and those code outside the cell's top level may reach by name.
 */
export function movingDefinitions(
  flow: ICellFlow,
  facts: readonly IStatementFacts[]
): SyntaxNode[] | IDefinitionRefusal {
  const python = flow.analysis.ipython.python;
  const out: SyntaxNode[] = [];
  const before = {
    leading: true,
    bound: new Set<string>(),
    touched: new Set<string>(),
    bindings: new Map<string, number>()
  };
  facts.forEach(f =>
    f.binds.forEach(n =>
      before.bindings.set(n, (before.bindings.get(n) ?? 0) + 1)
    )
  );
  for (const fact of facts) {
    const name = definedName(fact.node, python);
    const needed = name !== null && isUsedOutside(flow, name);
    if (name !== null && (before.leading || needed)) {
      const refusal = whyNotMovable(flow.analysis, fact, name, before);
      if (!refusal) {
        out.push(fact.node);
        continue;
      }
      if (needed) {
        return refusal;
      }
    }
    before.leading = false;
    fact.binds.forEach(n => before.bound.add(n));
    [...fact.reads, ...fact.binds, ...fact.late].forEach(n =>
      before.touched.add(n)
    );
  }
  return out;
}

/** Whether code outside the cell's top level may reach a definition by its name. */
function isUsedOutside(flow: ICellFlow, name: string): boolean {
  return (
    flow.usedLater.has(name) ||
    flow.readLateBefore.has(name) ||
    flow.analysis.lateReads.has(name) ||
    escapes(flow.analysis, name)
  );
}

/**
 * Whether the cell hands the function or class itself to other code: passes it to a call
 * (`parallel(f, xs)`, `docments(f)`) or a decorator (`@register`), stores it, or reads an
 * attribute of it (`C.method`). That code may pickle it or read its source or qualified name,
 * which a function nested in the new function can't give (`Can't pickle local object`, an
 * indented source, `cell.<locals>.f`). Calling a function hands nothing over; calling a class
 * does: every instance holds its class (`pickle.dumps(Net())`, a dataclass's repr).
 */
function escapes(analysis: ICellAnalysis, name: string): boolean {
  let names = handedOver.get(analysis);
  if (!names) {
    names = new Set<string>();
    const python = analysis.ipython.python;
    const found = names;
    analysis.tree.iterate({
      enter: ref => {
        if (ref.name !== 'VariableName') {
          return;
        }
        const text = python.slice(ref.from, ref.to);
        const isClass = analysis.binds.get(text) === 'class';
        if (!handsNothing(ref.node, isClass)) {
          found.add(text);
        }
      }
    });
    handedOver.set(analysis, names);
  }
  return names.has(name);
}

/** Each cell's names handed to other code, found once. */
const handedOver = new WeakMap<ICellAnalysis, Set<string>>();

/**
 * A name that is defined (undecorated), called (a function), bound or deleted there: nothing
 * of it goes elsewhere.
 */
function handsNothing(node: SyntaxNode, isClass: boolean): boolean {
  const parent = node.parent;
  if (!parent) {
    return true;
  }
  switch (parent.name) {
    case 'FunctionDefinition':
    case 'ClassDefinition':
      // A decorator is handed what it decorates.
      return parent.parent?.name !== 'DecoratedStatement';
    case 'DeleteStatement':
      return true;
    case 'CallExpression':
      // Nodes are fresh objects each time: compare places, not identities.
      return !isClass && parent.firstChild?.from === node.from;
    case 'AssignStatement':
    case 'UpdateStatement': {
      // A target, before the last `=`.
      for (let at = node.nextSibling; at; at = at.nextSibling) {
        if (at.name === 'AssignOp' || at.name === 'UpdateOp') {
          return true;
        }
      }
      return false;
    }
    default:
      return false;
  }
}

function whyNotMovable(
  analysis: ICellAnalysis,
  fact: IStatementFacts,
  name: string,
  before: {
    leading: boolean;
    /** Names the statements before it bind, and those they bind, read or read when called. */
    bound: ReadonlySet<string>;
    touched: ReadonlySet<string>;
    /** How many top-level statements bind each name. */
    bindings: ReadonlyMap<string, number>;
  }
): IDefinitionRefusal | null {
  const line = lineOf(analysis.ipython.python, fact.node.from);
  if ((before.bindings.get(name) ?? 0) > 1) {
    return { code: 'def-rebound', name, line };
  }
  if (before.leading) {
    return null;
  }
  // Above the function it is defined before the cell's earlier statements run: what it
  // evaluates when defined must not depend on them, nor they on it.
  if (
    callsWhenDefined(fact.node) ||
    before.touched.has(name) ||
    fact.reads.some(n => before.bound.has(n))
  ) {
    return { code: 'def-depends', name, line };
  }
  return null;
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
