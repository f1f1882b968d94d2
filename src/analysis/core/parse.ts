import { NodeType, SyntaxNode, Tree, TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';

/** A parse, with the source it was made from (see `parsePython`). */
export interface IParsed {
  tree: Tree;
  /** The source as parsed: the input, or a same-length patch of it. */
  python: string;
  /** Offsets of bare `yield`s patched away (their node is an empty tuple in the tree). */
  bareYields: number[];
  /** Offset of the first syntax error CPython would also see, or null. */
  errorAt: number | null;
}

/**
 * Parses Python with @lezer/python, JupyterLab's own Python grammar. Where the grammar falls
 * short of CPython, the source is patched without changing its length, so every offset still
 * maps to the cell: `1.` (a float with a trailing dot) becomes `1_`, a bare `yield` becomes
 * `(   )`. Only sources whose first parse has errors pay for this.
 */
export function parsePython(source: string): IParsed {
  const tree = parser.parse(source);
  const errorAt = firstError(tree);
  if (errorAt === null) {
    return { tree, python: source, bareYields: [], errorAt };
  }
  const chars = source.split('');
  const bareYields: number[] = [];
  tree.iterate({
    enter: node => {
      if (node.name === 'Number' && Private.trailingDot(source, node.to)) {
        chars[node.to] = '_';
      } else if (node.name === 'yield' && Private.isBare(source, node.to)) {
        chars.splice(node.from, 5, '(', ' ', ' ', ' ', ')');
        bareYields.push(node.from);
      }
    }
  });
  const python = chars.join('');
  if (python === source) {
    return { tree, python: source, bareYields: [], errorAt };
  }
  const patched = parser.parse(python);
  return { tree: patched, python, bareYields, errorAt: firstError(patched) };
}

/**
 * The offset of a tree's first error; Python 2's print statement counts as one. Every cell
 * pays for this, so it reads the tree's packed node arrays rather than a cursor's nodes: in
 * a buffer, nodes come in document order, each parent before its children.
 */
function firstError(tree: Tree): number | null {
  // A stack of subtrees with their offsets, not recursion: nesting is the source's.
  const stack: [Tree | TreeBuffer, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, offset] = stack.pop()!;
    if (node instanceof TreeBuffer) {
      const { buffer, set } = node;
      for (let i = 0; i < buffer.length; i += 4) {
        if (Private.isBad(set.types[buffer[i]])) {
          return offset + buffer[i + 1];
        }
      }
      continue;
    }
    if (Private.isBad(node.type)) {
      return offset;
    }
    // Last child first, so the first comes off the stack first.
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push([node.children[i], offset + node.positions[i]]);
    }
  }
  return null;
}

/** The 1-based line of an offset. */
export function lineOf(source: string, offset: number): number {
  return new LineIndex(source).lineAt(offset);
}

/** Offsets where lines start: many line lookups in one text for the price of one scan. */
export class LineIndex {
  constructor(source: string) {
    for (
      let i = source.indexOf('\n');
      i >= 0;
      i = source.indexOf('\n', i + 1)
    ) {
      this._starts.push(i + 1);
    }
  }

  /** The 1-based line of an offset. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this._starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this._starts[mid] <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private _starts = [0];
}

/** The children of a node, in order; comments (which may sit between any two) left out. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'Comment') {
      out.push(child);
    }
  }
  return out;
}

namespace Private {
  const IDENTIFIER = /[A-Za-z0-9_]/;

  /** An error node, or Python 2's print statement, which the grammar still knows. */
  export function isBad(type: NodeType): boolean {
    return type.isError || type.name === 'PrintStatement';
  }

  /** `1.` then no digit and no name: CPython's float `1.0`, which the grammar lacks. */
  export function trailingDot(source: string, end: number): boolean {
    return (
      source[end] === '.' &&
      source[end + 1] !== '.' &&
      !IDENTIFIER.test(source[end + 1] ?? '') &&
      !source.slice(end - 1, end).includes('.')
    );
  }

  /** `yield` with no value: followed by the end of the line, `)`, `;` or a comment. */
  export function isBare(source: string, end: number): boolean {
    const rest = /^[ \t]*(.?)/.exec(source.slice(end, end + 80))![1];
    return (
      rest === '' || rest === '\n' || rest === '\r' || ')];#'.includes(rest)
    );
  }
}
