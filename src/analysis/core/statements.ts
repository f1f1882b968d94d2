/** Facts about the top-level statements of a cell, each from one walk of it. */
import { SyntaxNode } from '@lezer/common';
import { CellFrame, IPassedUp } from './frames.js';
import { ScopeWalker } from './scope.js';

export interface IStatementFacts {
  node: SyntaxNode;
  /** Names it reads when it runs (function bodies apart), in order. */
  reads: readonly string[];
  binds: readonly string[];
  /** Names its function bodies read when called. */
  late: ReadonlySet<string>;
}

/**
 * What the cell's walk learnt of its function bodies, by analysis (see `ScopeWalker`): a
 * statement's walk replays them rather than walking them again.
 */
const bodiesOf = new WeakMap<object, Map<number, IPassedUp>>();

/** Keeps the function bodies a cell's walk met, for the statement walks of that analysis. */
export function keepBodies(
  analysis: object,
  bodies: Map<number, IPassedUp>
): void {
  bodiesOf.set(analysis, bodies);
}

/** `analysis`: the cell's analysis when `node` is of its tree (and `python` its Python). */
export function statementFacts(
  node: SyntaxNode,
  python: string,
  analysis?: object
): IStatementFacts {
  const frame = new CellFrame();
  const bodies = analysis ? bodiesOf.get(analysis) : undefined;
  new ScopeWalker(python, bodies).statement(node, frame);
  return {
    node,
    reads: frame.reads,
    binds: [...frame.binds.keys()],
    late: frame.deferred
  };
}

/**
 * Node kinds of statements that bind names to values no one can change in place: numbers,
 * strings, tuples, names and arithmetic on them.
 */
export const IMMUTABLE_VALUE_KINDS: readonly string[] = [
  'Script',
  'AssignStatement',
  'ExpressionStatement',
  'VariableName',
  'AssignOp',
  'Number',
  'String',
  'Boolean',
  'None',
  'Ellipsis',
  'TupleExpression',
  'ParenthesizedExpression',
  'UnaryExpression',
  'BinaryExpression',
  'ArithOp',
  'BitOp',
  'Comment',
  ',',
  '(',
  ')'
];

/**
 * Node kinds of code that can run nothing of the user's: plain bindings of literals (lists,
 * dicts and sets too) and names, and arithmetic. A function that reads a name such code binds
 * can't be called while it runs.
 */
const INERT = new Set([
  ...IMMUTABLE_VALUE_KINDS,
  'StatementGroup',
  'PassStatement',
  'pass',
  'TypeDef',
  'ArrayExpression',
  'DictionaryExpression',
  'SetExpression',
  '[',
  ']',
  '{',
  '}',
  ':',
  ';'
]);

/** Whether every node of a statement's tree is of one of the kinds given. */
export function onlyKinds(
  statement: SyntaxNode,
  kinds: ReadonlySet<string>
): boolean {
  let only = true;
  statement.toTree().iterate({
    enter: node => {
      if (!kinds.has(node.name)) {
        only = false;
      }
      return only;
    }
  });
  return only;
}

export function isInert(statements: readonly SyntaxNode[]): boolean {
  return statements.every(statement => onlyKinds(statement, INERT));
}
