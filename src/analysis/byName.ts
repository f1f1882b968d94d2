/**
 * A name spelled in a string and read by a later statement: `mk_class('T')` then `T()`. Such a
 * call may bind the name in its caller's namespace by name (`sys._getframe(1).f_locals`), which
 * in a function binds nothing the function's code can read.
 */
import { SyntaxNode, Tree } from '@lezer/common';
import { ICellAnalysis } from './cell.js';
import { lineOf } from './parse.js';
import { IStatementFacts } from './statements.js';

/** The name spelled then read, and the 1-based line that spells it; or null. */
export function spelledThenRead(
  analysis: ICellAnalysis,
  facts: readonly IStatementFacts[]
): { name: string; line: number } | null {
  const python = analysis.ipython.python;
  const reads = new Set(analysis.reads);
  const spelled = new Map<string, number>();
  const seen = new Set<string>();
  for (let i = 0; i < facts.length; i++) {
    for (const name of facts[i].reads) {
      const at = spelled.get(name);
      // The first read after the statement that spells it (`print('x', x)` reads it there).
      if (at !== undefined && at < i && reads.has(name) && !seen.has(name)) {
        return { name, line: lineOf(python, facts[at].node.from) };
      }
    }
    facts[i].reads.forEach(name => seen.add(name));
    for (const word of identifierStrings(
      analysis.tree,
      facts[i].node,
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
