import { ICellAnalysis } from '../core/index.js';
import {
  DEFAULT_CLONE_OPTIONS,
  cellFingerprint,
  IToken,
  leafTokens
} from '../repeats/index.js';
import {
  ExtractResult,
  IExtractOptions,
  IExtractPlan,
  planExtraction
} from './extract.js';
import { ILiteralParam } from './types.js';
import { freeName, isIdentifier } from '../core/index.js';
import { ICellFlow } from '../core/index.js';
import { LineIndex } from '../core/index.js';

/** A copy of the extracted cell, replaced by a call of the new function. */
export interface ICopyCall {
  /** Position of the copy in the notebook's cells. */
  index: number;
  source: string;
}

/** A copy that stays as it is, and why. */
export interface ICopySkip {
  index: number;
  reason: string;
}

export interface IExtractionWithCopies {
  plan: ExtractResult;
  copies: ICopyCall[];
  skipped: ICopySkip[];
}

interface IAlignment {
  flow: ICellFlow;
  tokens: IToken[];
  /** The extracted cell's names to the copy's. */
  names: Map<string, string>;
  /** Token positions whose literal differs from the extracted cell's. */
  differing: number[];
}

function plain(analysis: ICellAnalysis): boolean {
  return (
    analysis.ipython.cellMagic === null && analysis.ipython.magics.length === 0
  );
}

/** The copies of a cell: the same code but for names and literals, big enough to matter. */
export function copiesOf(
  flows: readonly ICellFlow[],
  flow: ICellFlow
): ICellFlow[] {
  if (!plain(flow.analysis)) {
    return [];
  }
  const print = cellFingerprint(flow.analysis);
  if (
    print.lines < DEFAULT_CLONE_OPTIONS.minLines ||
    print.tokens < DEFAULT_CLONE_OPTIONS.minTokens
  ) {
    return [];
  }
  return flows.filter(
    f =>
      f !== flow &&
      plain(f.analysis) &&
      f.analysis.syntaxErrorLine === null &&
      cellFingerprint(f.analysis).renamed === print.renamed
  );
}

/** Lines up a copy's tokens with the cell's; a reason when they do not map one to one. */
function align(original: IToken[], flow: ICellFlow): IAlignment | string {
  const tokens = leafTokens(flow.analysis.ipython.python, flow.analysis.tree);
  const names = new Map<string, string>();
  const back = new Map<string, string>();
  const differing: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const [a, b] = [original[i], tokens[i]];
    if (a.kind === 'name') {
      if (
        (names.get(a.text) ?? b.text) !== b.text ||
        (back.get(b.text) ?? a.text) !== a.text
      ) {
        return `\`${a.text}\` stands for different names in the copy`;
      }
      names.set(a.text, b.text);
      back.set(b.text, a.text);
    } else if (a.kind === 'literal' && a.text !== b.text) {
      if (
        /\n/.test(a.text + b.text) ||
        /^[rRbBuU]*[fF]/.test(a.text + b.text)
      ) {
        return 'a multi-line string or an f-string differs';
      }
      differing.push(i);
    }
  }
  return { flow, tokens, names, differing };
}

/**
 * A keyword parameter's name for a literal, never one the cell reads or binds (the body must
 * not confuse it with another name): `make(lr=0.1)` gives `lr`, `lr = 0.1` gives `lr_value`,
 * anything else `value_k`.
 */
function literalName(
  tokens: IToken[],
  at: number,
  taken: Set<string>,
  k: number
): string {
  const before = tokens[at - 1]?.text === '=' ? tokens[at - 2] : undefined;
  const candidates =
    before?.kind === 'name' ? [before.text, `${before.text}_value`] : [];
  const name =
    candidates.find(c => isIdentifier(c) && !taken.has(c)) ??
    freeName(`value_${k}`, taken);
  taken.add(name);
  return name;
}

/** Why a copy can't become a call of the cell's function, or null. */
function mismatch(
  alignment: IAlignment,
  original: ICellFlow,
  plan: IExtractPlan
): string | null {
  const { flow, names } = alignment;
  const local = original.analysis.binds;
  if (plan.definitions.length > 0) {
    return `the cell's \`${plan.definitions[0]}\` moves to module level: the copy would no longer define its own`;
  }
  for (const name of plan.globals) {
    if ((names.get(name) ?? name) !== name) {
      return `the function keeps \`${name}\` as the notebook's name, where the copy uses \`${names.get(name)}\``;
    }
  }
  // What functions read when called must stay the notebook's at the copy's place too.
  const late = [...flow.analysis.binds.keys()].find(
    name =>
      (flow.readLateBefore.has(name) || flow.analysis.lateReads.has(name)) &&
      !plan.globals.includes(name)
  );
  if (late) {
    return `a function reads \`${late}\` when called, and the call would bind it only when it returns`;
  }
  for (const [from, to] of names) {
    // Globals the body uses (functions, modules) must be the very same in the copy.
    if (!plan.params.includes(from) && !local.has(from) && from !== to) {
      return `the copy uses \`${to}\` where the cell uses \`${from}\``;
    }
  }
  const results = new Set(plan.returns.map(r => names.get(r) ?? r));
  const missing = [...flow.analysis.binds.keys()].find(
    name => flow.usedLater.has(name) && !results.has(name)
  );
  return missing
    ? `a later cell uses \`${missing}\`, which the function does not return`
    : null;
}

/** The call that replaces a copy: its own names and, where they differ, its own values. */
function callFor(
  alignment: IAlignment,
  plan: IExtractPlan,
  literals: Map<number, string>
): string {
  const { flow, names, tokens } = alignment;
  const map = (name: string) => names.get(name) ?? name;
  const args = plan.params.map(map);
  for (const at of alignment.differing) {
    args.push(`${literals.get(at)}=${tokens[at].text}`);
  }
  const results = plan.returns.map(map);
  const shown = `_${plan.name}_shown`;
  if (plan.display === 'extra-result') {
    results.push(shown);
  }
  const call = `${plan.async ? 'await ' : ''}${plan.name}(${args.join(', ')})`;
  const lines = [results.length > 0 ? `${results.join(', ')} = ${call}` : call];
  const source = flow.analysis.source;
  if (plan.display === 'extra-result') {
    lines.push(shown);
  } else if (plan.display === 'after-call') {
    const statements = flow.analysis.tree.topNode.getChildren(
      'ExpressionStatement'
    );
    const last = statements[statements.length - 1];
    const index = new LineIndex(source);
    const all = source.split('\n');
    lines.push(
      ...all.slice(index.lineAt(last.from) - 1, index.lineAt(last.to))
    );
  }
  return lines.join('\n');
}

/**
 * Plans the extraction of a cell together with the replacement of its copies by calls. The
 * literals that differ between the cell and any copy become keyword parameters whose default is
 * the cell's own value; each copy's call passes its names and its values.
 */
export function planWithCopies(
  flows: readonly ICellFlow[],
  flow: ICellFlow,
  options: IExtractOptions = {}
): IExtractionWithCopies {
  const original = leafTokens(flow.analysis.ipython.python, flow.analysis.tree);
  const skipped: ICopySkip[] = [];
  const alignments: IAlignment[] = [];
  for (const copy of copiesOf(flows, flow)) {
    const alignment = align(original, copy);
    if (typeof alignment === 'string') {
      skipped.push({ index: copy.cell.index, reason: alignment });
    } else {
      alignments.push(alignment);
    }
  }
  const taken = new Set([
    ...flow.analysis.reads,
    ...flow.analysis.binds.keys()
  ]);
  const literals = new Map<number, string>();
  [...new Set(alignments.flatMap(a => a.differing))]
    .sort((a, b) => a - b)
    .forEach((at, k) =>
      literals.set(at, literalName(original, at, taken, k + 1))
    );
  const literalParams: ILiteralParam[] = [...literals].map(([at, name]) => ({
    from: original[at].from,
    to: original[at].to,
    name
  }));
  // The function returns what any call site needs: a copy's later-used results too.
  const extraReturns = alignments.flatMap(({ flow: copy, names }) => {
    const back = new Map([...names].map(([a, b]) => [b, a]));
    return [...copy.analysis.binds.keys()]
      .filter(name => copy.usedLater.has(name))
      .map(name => back.get(name) ?? name)
      .filter(name => flow.analysis.binds.has(name));
  });
  const plan = planExtraction(flow, {
    ...options,
    literals: literalParams,
    extraReturns
  });
  const copies: ICopyCall[] = [];
  if (plan.ok) {
    for (const alignment of alignments) {
      const reason = mismatch(alignment, flow, plan);
      if (reason) {
        skipped.push({ index: alignment.flow.cell.index, reason });
      } else {
        copies.push({
          index: alignment.flow.cell.index,
          source: callFor(alignment, plan, literals)
        });
      }
    }
  }
  return { plan, copies, skipped };
}
