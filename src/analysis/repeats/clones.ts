import { Tree, TreeBuffer } from '@lezer/common';
import type { ICellAnalysis } from '../core/index.js';
import { parsePython } from '../core/index.js';

/** A cell's clone fingerprints; computed from that cell alone. */
export interface IFingerprint {
  /** Tokens as written (whitespace and comments dropped). */
  exact: string;
  /** Tokens with names and literals replaced by placeholders. */
  renamed: string;
  /** Winnowed hashes of k-grams of the renamed tokens. */
  winnowed: ReadonlySet<number>;
  /** Non-blank, non-comment lines. */
  lines: number;
  tokens: number;
}

export interface ICloneOptions {
  /** Cells shorter than this many lines are ignored. */
  minLines: number;
  /** Cells with fewer tokens are ignored. */
  minTokens: number;
  /** Jaccard similarity of winnowed k-grams for `similar` clones. */
  similarity: number;
}

export const DEFAULT_CLONE_OPTIONS: ICloneOptions = {
  minLines: 3,
  minTokens: 12,
  similarity: 0.8
};

const K = 5;
const WINDOW = 4;
/** A k-gram shared by more cells than this is boilerplate, not evidence of copying. */
const MAX_POSTING = 20;
const LITERALS = new Set([
  'String',
  'FormatString',
  'Number',
  'ContinuedString'
]);

const NOT_BLANK = /\S/;

/** A token of a cell: a leaf of its tree, literals whole. */
export interface IToken {
  kind: 'name' | 'literal' | 'other';
  text: string;
  from: number;
  to: number;
}

/** What a node is to the fingerprints, by node type id: its kind of token, or -1 for a comment. */
const KIND_BY_TYPE: (IToken['kind'] | null | -1)[] = [];

function kindOfType(id: number, name: string): IToken['kind'] | null | -1 {
  let kind = KIND_BY_TYPE[id];
  if (kind === undefined) {
    kind =
      name === 'Comment'
        ? -1
        : LITERALS.has(name)
          ? 'literal'
          : name === 'VariableName'
            ? 'name'
            : null;
    KIND_BY_TYPE[id] = kind;
  }
  return kind;
}

/** Whether a leaf's text is blank (a newline, an indentation token): most are not. */
function isBlank(python: string, from: number, to: number): boolean {
  if (from === to) {
    return true;
  }
  const first = python.charCodeAt(from);
  // Starting with printable ASCII: not blank. Else (rare) tested the long way.
  return (
    !(first > 32 && first < 127) && !NOT_BLANK.test(python.slice(from, to))
  );
}

/** A token's kind and place: the callback slices its text only when it needs it. */
type EachToken = (kind: IToken['kind'], from: number, to: number) => void;

/**
 * Calls `each` for every token of a cell in order, comments and blanks left out. This runs for
 * every cell the analysis sees, so it reads the tree's packed node arrays, not a cursor's
 * nodes: the tokens are the leaves of the named nodes (a literal is one, whole), in document
 * order; anonymous nodes (the grammar's repetitions) only group their children.
 */
function eachToken(python: string, tree: Tree, each: EachToken): void {
  // Subtrees still to walk with their offsets, last child first: nesting is the source's.
  const stack: (Tree | TreeBuffer)[] = [tree];
  const offsets = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const offset = offsets.pop()!;
    if (node instanceof TreeBuffer) {
      eachBufferToken(python, node, offset, each);
      continue;
    }
    const type = node.type;
    if (!type.isAnonymous) {
      const kind = kindOfType(type.id, type.name);
      if (kind === -1) {
        continue;
      }
      if (kind === 'literal' || node.children.length === 0) {
        emit(python, kind, offset, offset + node.length, each);
        continue;
      }
    }
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push(node.children[i]);
      offsets.push(offset + node.positions[i]);
    }
  }
}

/** The tokens of one buffer: its nodes come in document order, each before its children. */
function eachBufferToken(
  python: string,
  node: TreeBuffer,
  offset: number,
  each: EachToken
): void {
  const { buffer, set } = node;
  for (let i = 0; i < buffer.length;) {
    const type = set.types[buffer[i]];
    // The index just past the node's last descendant: a leaf's is its own end.
    const end = buffer[i + 3];
    const kind = type.isAnonymous ? -1 : kindOfType(type.id, type.name);
    if (type.isAnonymous && end > i + 4) {
      i += 4;
    } else if (kind === -1) {
      i = end;
    } else if (kind === 'literal' || end === i + 4) {
      emit(python, kind, offset + buffer[i + 1], offset + buffer[i + 2], each);
      i = end;
    } else {
      i += 4;
    }
  }
}

function emit(
  python: string,
  kind: IToken['kind'] | null,
  from: number,
  to: number,
  each: EachToken
): void {
  if (!isBlank(python, from, to)) {
    each(kind ?? 'other', from, to);
  }
}

/** The tokens of a cell in order; comments and blanks left out. */
export function leafTokens(python: string, tree: Tree): IToken[] {
  const out: IToken[] = [];
  eachToken(python, tree, (kind, from, to) =>
    out.push({ kind, text: python.slice(from, to), from, to })
  );
  return out;
}

/**
 * The name a literal is given at token `at`: `lr` for `lr = 0.1` or `fit(lr=0.1)`, else ''.
 */
export function valueLabel(tokens: readonly IToken[], at: number): string {
  const before = tokens[at - 1]?.text === '=' ? tokens[at - 2] : undefined;
  return before?.kind === 'name' && tokens[at].kind === 'literal'
    ? before.text
    : '';
}

const CODE_AT = /[^\S\n]*[^\s#]/y;

/** How many lines are neither blank nor only a comment. */
function codeLines(python: string): number {
  let count = 0;
  for (let start = 0; ;) {
    CODE_AT.lastIndex = start;
    if (CODE_AT.test(python)) {
      count++;
    }
    const end = python.indexOf('\n', start);
    if (end < 0) {
      return count;
    }
    start = end + 1;
  }
}

/** Fingerprints a cell's Python (IPython syntax already turned into Python). */
export function fingerprint(
  python: string,
  tree: Tree = parsePython(python).tree
): IFingerprint {
  const renamed: string[] = [];
  // The renamed tokens' hashes, for the k-grams: placeholders' hashes are known beforehand.
  const hashes: number[] = [];
  eachToken(python, tree, (kind, from, to) => {
    if (kind === 'other') {
      const text = python.slice(from, to);
      renamed.push(text);
      hashes.push(hash(text));
    } else if (kind === 'name') {
      renamed.push('#V');
      hashes.push(NAME_HASH);
    } else {
      renamed.push('#L');
      hashes.push(LITERAL_HASH);
    }
  });
  // Only cells with the same renamed form are compared as written (`groupClones`): the
  // written form is made when first read, most cells never need it.
  let exact: string | undefined;
  return {
    get exact() {
      return (exact ??= writtenTokens(python, tree));
    },
    renamed: renamed.join(' '),
    winnowed: winnow(hashes),
    lines: codeLines(python),
    tokens: hashes.length
  };
}

/** A cell's tokens as written, a space between each. */
function writtenTokens(python: string, tree: Tree): string {
  const out: string[] = [];
  eachToken(python, tree, (_kind, from, to) =>
    out.push(python.slice(from, to))
  );
  return out.join(' ');
}

/**
 * Whether a cell has the lines `groupClones` asks of a clone (its tokens apart): a scan of the
 * text, so that a notebook's report fingerprints only the cells that may be grouped (a third
 * of the corpus's cells are shorter).
 */
export function longEnoughForClones(
  python: string,
  options: ICloneOptions = DEFAULT_CLONE_OPTIONS
): boolean {
  return codeLines(python) >= options.minLines;
}

const printsOfAnalyses = new WeakMap<ICellAnalysis, IFingerprint>();

/**
 * A cell analysis's fingerprint, computed once: analyses are cached by source, so refreshing
 * a notebook's clones costs time only for the cells that changed.
 */
export function cellFingerprint(analysis: ICellAnalysis): IFingerprint {
  let print = printsOfAnalyses.get(analysis);
  if (!print) {
    print = fingerprint(analysis.ipython.python, analysis.tree);
    printsOfAnalyses.set(analysis, print);
  }
  return print;
}

/** 32-bit FNV-1a of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const NAME_HASH = hash('#V');
const LITERAL_HASH = hash('#L');

/** Winnowing: the smallest k-gram hash of every window (Schleimer et al.), of token hashes. */
function winnow(tokenHashes: readonly number[]): Set<number> {
  const grams: number[] = [];
  for (let i = 0; i + K <= tokenHashes.length; i++) {
    let h = 0;
    for (let j = i; j < i + K; j++) {
      h = (Math.imul(h, 0x01000193) ^ tokenHashes[j]) >>> 0;
    }
    grams.push(h);
  }
  const out = new Set<number>();
  if (grams.length <= WINDOW) {
    grams.forEach(g => out.add(g));
    return out;
  }
  // Neighbouring windows mostly share their smallest: added once, not once per window.
  let last = -1;
  for (let i = 0; i + WINDOW <= grams.length; i++) {
    let min = grams[i];
    for (let j = i + 1; j < i + WINDOW; j++) {
      min = Math.min(min, grams[j]);
    }
    if (min !== last) {
      out.add(min);
      last = min;
    }
  }
  return out;
}

export type CloneKind = 'exact' | 'renamed' | 'similar';

export interface ICloneGroup<T> {
  kind: CloneKind;
  members: T[];
}

/**
 * Groups cells into clone groups, strongest kind first: a set of cells equal to the letter is an
 * `exact` group; cells equal but for names and literals a `renamed` one (with at least two
 * different exact forms); cells whose k-grams overlap enough a `similar` one.
 */
export function groupClones<T>(
  items: { key: T; print: IFingerprint }[],
  options: ICloneOptions = DEFAULT_CLONE_OPTIONS
): ICloneGroup<T>[] {
  const eligible = items.filter(
    i =>
      i.print.lines >= options.minLines && i.print.tokens >= options.minTokens
  );
  const groups: ICloneGroup<T>[] = [];
  const byRenamed = Private.bucket(eligible, i => i.print.renamed);
  // Cells equal as written are equal renamed too: only those that share their renamed form
  // with another are compared as written (their `exact` is made when read).
  const twins = eligible.filter((_, i) => {
    const members = byRenamed.get(eligible[i].print.renamed)!;
    return members.length > 1;
  });
  const byExact = Private.bucket(twins, i => i.print.exact);
  const grouped = new Set<number>();
  for (const members of byExact.values()) {
    if (members.length > 1) {
      groups.push({
        kind: 'exact',
        members: members.map(m => twins[m].key)
      });
    }
  }
  for (const members of byRenamed.values()) {
    if (members.length > 1) {
      members.forEach(m => grouped.add(m));
      const forms = new Set(members.map(m => eligible[m].print.exact));
      if (forms.size > 1) {
        groups.push({
          kind: 'renamed',
          members: members.map(m => eligible[m].key)
        });
      }
    }
  }
  groups.push(...Private.similar(eligible, grouped, options.similarity));
  return groups;
}

namespace Private {
  export function bucket<I>(
    items: I[],
    key: (item: I) => string
  ): Map<string, number[]> {
    const out = new Map<string, number[]>();
    items.forEach((item, i) => {
      const k = key(item);
      const list = out.get(k);
      if (list) {
        list.push(i);
      } else {
        out.set(k, [i]);
      }
    });
    return out;
  }

  /** Similar groups among cells not already in a renamed group, by union-find over pairs. */
  export function similar<T>(
    items: { key: T; print: IFingerprint }[],
    grouped: Set<number>,
    threshold: number
  ): ICloneGroup<T>[] {
    // Most hashes belong to one cell only: that cell is kept as a bare number, and only a
    // hash met again gets a list (an array per hash made most of this function's time).
    const postings = new Map<number, number | number[]>();
    items.forEach((item, i) => {
      if (!grouped.has(i)) {
        for (const h of item.print.winnowed) {
          const known = postings.get(h);
          if (known === undefined) {
            postings.set(h, i);
          } else if (typeof known === 'number') {
            postings.set(h, [known, i]);
          } else {
            known.push(i);
          }
        }
      }
    });
    // Pairs as one number (a * n + b): string keys cost more than the counting itself.
    const n = items.length;
    const shared = new Map<number, number>();
    for (const list of postings.values()) {
      if (typeof list === 'number' || list.length > MAX_POSTING) {
        continue;
      }
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const pair = list[a] * n + list[b];
          shared.set(pair, (shared.get(pair) ?? 0) + 1);
        }
      }
    }
    const parent = items.map((_, i) => i);
    const find = (i: number): number =>
      parent[i] === i ? i : (parent[i] = find(parent[i]));
    for (const [pair, count] of shared) {
      const a = Math.floor(pair / n);
      const b = pair % n;
      const union =
        items[a].print.winnowed.size + items[b].print.winnowed.size - count;
      if (union > 0 && count / union >= threshold) {
        parent[find(a)] = find(b);
      }
    }
    const byRoot = new Map<number, number[]>();
    items.forEach((_, i) => {
      if (!grouped.has(i)) {
        const root = find(i);
        const members = byRoot.get(root);
        if (members) {
          members.push(i);
        } else {
          byRoot.set(root, [i]);
        }
      }
    });
    return [...byRoot.values()]
      .filter(members => members.length > 1)
      .map(members => ({
        kind: 'similar',
        members: members.map(i => items[i].key)
      }));
  }
}

/** A name or value that differs between a cell and a copy; `label` names a value (`lr`). */
export interface IValueDifference {
  label: string;
  mine: string;
  theirs: string;
}

/** Above this many token pairs, near copies are not lined up: the table would cost too much. */
const MAX_ALIGNED_PAIRS = 250_000;

const tokensOfAnalyses = new WeakMap<ICellAnalysis, IToken[]>();

function tokensOf(analysis: ICellAnalysis): IToken[] {
  let tokens = tokensOfAnalyses.get(analysis);
  if (!tokens) {
    tokens = leafTokens(analysis.ipython.python, analysis.tree);
    tokensOfAnalyses.set(analysis, tokens);
  }
  return tokens;
}

const shapeOf = (t: IToken): string => (t.kind === 'other' ? t.text : t.kind);

/**
 * The positions of `b` lined up with those of `a`, token by token where the code is the same
 * but for names and literals, else by the longest common subsequence of their shapes.
 */
function alignTokens(a: IToken[], b: IToken[]): [number, number][] {
  const sa = a.map(shapeOf);
  const sb = b.map(shapeOf);
  if (sa.length === sb.length && sa.every((s, i) => s === sb[i])) {
    return sa.map((_, i) => [i, i]);
  }
  const n = sa.length;
  const m = sb.length;
  if (n * m > MAX_ALIGNED_PAIRS) {
    return [];
  }
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        sa[i] === sb[j]
          ? table[(i + 1) * width + j + 1] + 1
          : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (sa[i] === sb[j]) {
      pairs.push([i++, j++]);
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/**
 * The names and values that differ between a cell and a copy of it, in the cell's order, each
 * once: what would become the arguments of a shared function.
 */
export function cloneDifferences(
  mine: ICellAnalysis,
  theirs: ICellAnalysis
): IValueDifference[] {
  // Analyses are cached by source: a pair is lined up again only when one of them changed.
  let known = differencesOfAnalyses.get(mine);
  if (!known) {
    known = new WeakMap();
    differencesOfAnalyses.set(mine, known);
  }
  let found = known.get(theirs);
  if (!found) {
    found = differences(mine, theirs);
    known.set(theirs, found);
  }
  return found;
}

const differencesOfAnalyses = new WeakMap<
  ICellAnalysis,
  WeakMap<ICellAnalysis, IValueDifference[]>
>();

function differences(
  mine: ICellAnalysis,
  theirs: ICellAnalysis
): IValueDifference[] {
  const a = tokensOf(mine);
  const b = tokensOf(theirs);
  const seen = new Set<string>();
  const out: IValueDifference[] = [];
  for (const [i, j] of alignTokens(a, b)) {
    if (a[i].kind === 'other' || a[i].text === b[j].text) {
      continue;
    }
    const label = valueLabel(a, i) || valueLabel(b, j);
    const key = [label, a[i].text, b[j].text].join('\u0000');
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ label, mine: a[i].text, theirs: b[j].text });
    }
  }
  return out;
}
