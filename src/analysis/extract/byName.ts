/**
 * A name spelled in a string and read by a later statement: `mk_class('T')` then `T()`. Such a
 * call may bind the name in its caller's namespace by name (`sys._getframe(1).f_locals`), which
 * in a function binds nothing the function's code can read.
 */
import { SyntaxNode, Tree } from '@lezer/common';
import { ICellAnalysis } from '../core/index.js';
import { lineOf } from '../core/index.js';
import { IStatementFacts } from '../core/index.js';

/** The name spelled then read, and the 1-based line that spells it; or null. */
export function spelledThenRead(
  analysis: ICellAnalysis,
  facts: readonly IStatementFacts[]
): { name: string; line: number } | null {
  const python = analysis.ipython.python;
  const reads = new Set(analysis.reads);
  // `rebinds`: handed to a call while the code had bound it already.
  const spelled = new Map<string, { at: number; rebinds: boolean }>();
  const seen = new Set<string>();
  const bound = new Set<string>();
  for (let i = 0; i < facts.length; i++) {
    for (const name of facts[i].reads) {
      const word = spelled.get(name);
      // The first read after the statement that spells it (`print('x', x)` reads it there).
      // A name the code bound itself counts too when a call was handed its spelling: the
      // call rebinds it (`_t = make()` ... `mk_class('_t')` ... `_t()`, several cells in one).
      if (
        word !== undefined &&
        word.at < i &&
        ((reads.has(name) && !seen.has(name)) || word.rebinds)
      ) {
        return { name, line: lineOf(python, facts[word.at].node.from) };
      }
    }
    facts[i].reads.forEach(name => seen.add(name));
    facts[i].binds.forEach(name => bound.add(name));
    for (const found of identifierStrings(
      analysis.tree,
      facts[i].node,
      python
    )) {
      // `P2 = type('P2', ...)` binds the name it spells by assignment, not by name.
      const rebinds =
        found.argument &&
        bound.has(found.word) &&
        !facts[i].binds.includes(found.word);
      const known = spelled.get(found.word);
      if (!known || (rebinds && !known.rebinds)) {
        spelled.set(found.word, { at: i, rebinds });
      }
    }
  }
  return null;
}

/**
 * The string literals of a statement that spell an identifier: `'T'`, `"model"`; `argument`:
 * handed to a call as one of its arguments.
 */
function identifierStrings(
  tree: Tree,
  node: SyntaxNode,
  python: string
): { word: string; argument: boolean }[] {
  const out: { word: string; argument: boolean }[] = [];
  tree.iterate({
    from: node.from,
    to: node.to,
    enter: n => {
      if (n.name === 'String' && n.from >= node.from && n.to <= node.to) {
        const m = /^(['"])([A-Za-z_]\w*)\1$/.exec(python.slice(n.from, n.to));
        if (m) {
          out.push({ word: m[2], argument: byNameArgument(n.node, python) });
        }
        return false;
      }
      return undefined;
    }
  });
  return out;
}

/** Calls that never bind a name they are handed as a string. */
const NOT_BY_NAME = new Set([
  'print', 'getattr', 'hasattr', 'setattr', 'delattr', 'open', 'dict', 'str', 'repr',
  'format', 'isinstance', 'type', 'namedtuple', 'TypeVar', 'NewType', 'Enum', 'display'
]); // prettier-ignore

/**
 * A string handed as a positional argument to a function called by its bare name, as code that
 * binds a name in its caller's frame is (`mk_class('_t', a=1)`). Methods (`plt.ylabel('loss')`,
 * `df.plot(y='price')`), keywords and builtins are not.
 */
function byNameArgument(string: SyntaxNode, python: string): boolean {
  const args = string.parent;
  const callee = args?.parent?.firstChild;
  return (
    args?.name === 'ArgList' &&
    args.parent?.name === 'CallExpression' &&
    string.prevSibling?.name !== 'AssignOp' &&
    callee?.name === 'VariableName' &&
    !NOT_BY_NAME.has(python.slice(callee.from, callee.to))
  );
}
