/** Facts about the top-level statements of a cell, each from one walk of it. */
import { SyntaxNode } from '@lezer/common';
import { CellFrame } from './frames.js';
import { ScopeWalker } from './scope.js';

export interface IStatementFacts {
  node: SyntaxNode;
  /** Names it reads when it runs (function bodies apart), in order. */
  reads: readonly string[];
  binds: readonly string[];
  /** Names its function bodies read when called. */
  late: ReadonlySet<string>;
}

export function statementFacts(
  node: SyntaxNode,
  python: string
): IStatementFacts {
  const frame = new CellFrame();
  new ScopeWalker(python).statement(node, frame);
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
