/**
 * A call as the table sees it: a module's function (`np.random.seed(0)`), a method of an object
 * (`est.fit(X)`), or a function by its bare name (`len(x)`), with its arguments; and the table's
 * facts for it (callEffects.ts).
 */
import { SyntaxNode } from '@lezer/common';
import {
  functionCallFacts,
  ICallFacts,
  methodCallFacts,
  moduleCallFacts,
  moduleOf
} from './callEffects.js';

export interface ICallSyntax {
  readonly facts: ICallFacts;
  /** The object a method is called on (`est` in `est.fit(X)`), or null. */
  readonly receiver: SyntaxNode | null;
  /** Whether the receiver is a module (its function was called): facts are the module's. */
  readonly moduleCall: boolean;
  /** Positional arguments in order; a `*xs` argument is in `starred`. */
  readonly positional: readonly SyntaxNode[];
  readonly starred: readonly SyntaxNode[];
  /** Keyword arguments' values by name; `**kw` values are in `starred`. */
  readonly keywords: ReadonlyMap<string, SyntaxNode>;
}

/** Reads a CallExpression; `imports` are the cell's own (name to dotted path). */
export function readCall(
  call: SyntaxNode,
  text: (node: SyntaxNode) => string,
  imports: ReadonlyMap<string, string>
): ICallSyntax {
  const { positional, starred, keywords } = readArgs(call, text);
  const callee = call.firstChild;
  const keywordText = new Map(
    [...keywords].map(([name, value]) => [name, text(value)])
  );
  let facts: ICallFacts = functionCallFacts('');
  let receiver: SyntaxNode | null = null;
  let moduleCall = false;
  if (callee?.name === 'VariableName') {
    const name = text(callee);
    const from = imports.get(name);
    // `from random import shuffle`: the module's function.
    facts = from ? moduleCallFacts(from) : functionCallFacts(name);
  } else if (callee?.name === 'MemberExpression') {
    receiver = callee.firstChild;
    const path = dottedPath(callee, text);
    const module = path && moduleOf(path[0], imports);
    if (path && module) {
      moduleCall = true;
      facts = moduleCallFacts([module, ...path.slice(1)].join('.'));
    } else {
      const method = callee.lastChild;
      facts =
        method?.name === 'PropertyName'
          ? methodCallFacts(text(method), keywordText)
          : methodCallFacts('', keywordText);
    }
  }
  return { facts, receiver, moduleCall, positional, starred, keywords };
}

/** The arguments a call changes in place, by the table (an `out=` argument among them). */
export function changedArguments(call: ICallSyntax): SyntaxNode[] {
  const { facts, positional, starred, keywords } = call;
  if (facts.mayChangeArgs) {
    return [...positional, ...starred, ...keywords.values()];
  }
  const out = facts.changesArgs
    .map(k => positional[k])
    .filter((n): n is SyntaxNode => n !== undefined);
  if (facts.changesArgs.length > 0) {
    out.push(...starred);
  }
  const into = keywords.get('out');
  if (into) {
    out.push(into);
  }
  return out;
}

/** The nodes a call's result may be or hold: its receiver, its arguments, by the table. */
export function resultSources(call: ICallSyntax): SyntaxNode[] {
  const { facts, receiver, moduleCall, positional, starred, keywords } = call;
  const args = [...positional, ...starred];
  // Keyword arguments are options, not data, except `out=` (the result is that array).
  const into = keywords.get('out');
  if (into) {
    args.push(into);
  }
  const own = receiver && !moduleCall ? [receiver] : [];
  switch (facts.result) {
    case 'none':
      return into ? [into] : [];
    case 'receiver':
      return [...own, ...(into ? [into] : [])];
    case 'args':
      return args;
    default:
      return [...own, ...args];
  }
}

/** `np.random.seed` as ['np', 'random', 'seed']; null when a part is not a plain attribute. */
function dottedPath(
  node: SyntaxNode,
  text: (node: SyntaxNode) => string
): string[] | null {
  const out: string[] = [];
  let at: SyntaxNode | null = node;
  while (at?.name === 'MemberExpression') {
    const last: SyntaxNode | null = at.lastChild;
    if (
      last?.name !== 'PropertyName' ||
      at.firstChild?.nextSibling?.name !== '.'
    ) {
      return null;
    }
    out.unshift(text(last));
    at = at.firstChild;
  }
  if (at?.name !== 'VariableName') {
    return null;
  }
  out.unshift(text(at));
  return out;
}

function readArgs(
  call: SyntaxNode,
  text: (node: SyntaxNode) => string
): Pick<ICallSyntax, 'positional' | 'starred' | 'keywords'> {
  const positional: SyntaxNode[] = [];
  const starred: SyntaxNode[] = [];
  const keywords = new Map<string, SyntaxNode>();
  const args = call.getChild('ArgList');
  for (let arg = args?.firstChild; arg; arg = arg.nextSibling) {
    if (['(', ')', ','].includes(arg.name)) {
      continue;
    }
    if (arg.name === '*' || arg.name === '**') {
      arg = arg.nextSibling;
      if (arg) {
        starred.push(arg);
      }
    } else if (arg.nextSibling?.name === 'AssignOp') {
      const value = arg.nextSibling.nextSibling;
      if (value) {
        keywords.set(text(arg), value);
      }
      arg = value ?? arg.nextSibling;
    } else {
      positional.push(arg);
    }
    if (!arg) {
      break;
    }
  }
  return { positional, starred, keywords };
}
