import { SyntaxNode } from '@lezer/common';
import { ICellAnalysis, topStatements } from './cell.js';

/**
 * Which notebook names a call of a notebook function may rebind: what its body (or any
 * notebook function it calls) declares `global`. Smoke tests refuse such
 * functions; the name index counts a cell that calls one as binding those names.
 */

/** A top-level function definition of a cell, decorators included, with its name. */
export function topFunctions(
  analysis: ICellAnalysis
): { name: string; node: SyntaxNode }[] {
  const python = analysis.ipython.python;
  const out: { name: string; node: SyntaxNode }[] = [];
  for (const statement of topStatements(analysis)) {
    const def =
      statement.name === 'DecoratedStatement'
        ? statement.getChild('FunctionDefinition')
        : statement;
    const name =
      def?.name === 'FunctionDefinition' ? def.getChild('VariableName') : null;
    if (name) {
      out.push({ name: python.slice(name.from, name.to), node: statement });
    }
  }
  return out;
}

export interface IFunctionFacts {
  /** The plain names the body calls. */
  calls: Set<string>;
  /** The names the body declares `global`: a call may rebind them. */
  rebinds: Set<string>;
}

/** What each function a cell defines calls and rebinds; walked once per cell analysis. */
function cellFunctions(analysis: ICellAnalysis): Map<string, IFunctionFacts> {
  const cached = CACHE.get(analysis);
  if (cached) {
    return cached;
  }
  const facts = new Map<string, IFunctionFacts>();
  if (analysis.syntaxErrorLine === null) {
    const python = analysis.ipython.python;
    for (const { name, node } of topFunctions(analysis)) {
      const found: IFunctionFacts = { calls: new Set(), rebinds: new Set() };
      analysis.tree.iterate({
        from: node.from,
        to: node.to,
        enter: n => {
          if (n.from < node.from || n.to > node.to) {
            return;
          }
          const callee = n.name === 'CallExpression' ? n.node.firstChild : null;
          if (callee?.name === 'VariableName') {
            found.calls.add(python.slice(callee.from, callee.to));
          }
          if (
            n.name === 'ScopeStatement' &&
            n.node.firstChild?.name === 'global'
          ) {
            for (const v of n.node.getChildren('VariableName')) {
              found.rebinds.add(python.slice(v.from, v.to));
            }
          }
        }
      });
      facts.set(name, found);
    }
  }
  CACHE.set(analysis, facts);
  return facts;
}

const CACHE = new WeakMap<ICellAnalysis, Map<string, IFunctionFacts>>();

/** What each notebook function's body calls and rebinds, by function (its last definition). */
export function notebookFunctions(
  cells: readonly ICellAnalysis[]
): Map<string, IFunctionFacts> {
  const facts = new Map<string, IFunctionFacts>();
  for (const analysis of cells) {
    for (const [name, found] of cellFunctions(analysis)) {
      facts.set(name, found);
    }
  }
  return facts;
}

/**
 * The notebook names a call of `fn` may rebind: those its body declares `global`, and those of the notebook functions it calls, through any depth. A smoke test
 * of such a function would change the notebook's state.
 */
export function namesRebound(
  cells: readonly ICellAnalysis[],
  fn: string
): string[] {
  return [...reboundThrough(notebookFunctions(cells), fn)];
}

/** The names a call of `fn` may rebind, through the functions it calls, at any depth. */
function reboundThrough(
  facts: ReadonlyMap<string, IFunctionFacts>,
  fn: string
): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    const found = facts.get(name);
    if (!found || seen.has(name)) {
      return;
    }
    seen.add(name);
    found.rebinds.forEach(n => out.add(n));
    found.calls.forEach(visit);
  };
  visit(fn);
  return out;
}

/**
 * The notebook functions whose call may rebind notebook names (`global` in their body or in
 * what they call), with those names. Empty at no cost when no cell declares a `global` in a
 * function: only then are function bodies walked.
 */
export function rebindingFunctions(
  cells: readonly ICellAnalysis[]
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!cells.some(c => c.lateWrites.size > 0)) {
    return out;
  }
  const facts = notebookFunctions(cells);
  for (const name of facts.keys()) {
    const names = reboundThrough(facts, name);
    if (names.size > 0) {
      out.set(name, names);
    }
  }
  return out;
}

/** The plain names a cell calls when it runs (function bodies apart: they run when called). */
export function callsOfCell(analysis: ICellAnalysis): Set<string> {
  const python = analysis.ipython.python;
  const out = new Set<string>();
  analysis.tree.iterate({
    enter: n => {
      if (n.name === 'FunctionDefinition' || n.name === 'LambdaExpression') {
        return false;
      }
      const callee = n.name === 'CallExpression' ? n.node.firstChild : null;
      if (callee?.name === 'VariableName') {
        out.add(python.slice(callee.from, callee.to));
      }
      return undefined;
    }
  });
  return out;
}
