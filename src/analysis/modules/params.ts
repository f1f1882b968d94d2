/**
 * The offer for a function that reads a notebook global: the global becomes a keyword-only
 * parameter of the moved function (`def train(X, *, device)`) and every call in the notebook
 * passes it (`train(X, device=device)`), which reads the global when the call runs, as the
 * function did. Calls the rewrite can't make exact are refused, naming the cell.
 */
import { SyntaxNode } from '@lezer/common';
import { ICellFlow } from '../core/index.js';
import { IUnit, refuse } from './closure.js';

/** A cell's new source. */
export interface ICellEdit {
  index: number;
  source: string;
}

/** The unit with its new parameters in its signature. */
export function withParameters(unit: IUnit, names: readonly string[]): IUnit {
  const match = /^((?:@[^\n]*\n)*\s*(?:async\s+)?def\s+\w+\s*)\(/.exec(
    unit.text
  );
  const open = match ? match[1].length : -1;
  const close = open < 0 ? -1 : closingParen(unit.text, open);
  if (close < 0) {
    refuse(
      'reads-global',
      `the parameters of ${unit.name} are too unusual to add to`,
      unit.name
    );
  }
  const inner = unit.text.slice(open + 1, close);
  const kwargs = /(^|,)\s*\*\*\w+\s*,?\s*$/.exec(inner);
  const head = kwargs
    ? inner.slice(0, kwargs.index)
    : inner.replace(/,?\s*$/, '');
  const tail = kwargs ? inner.slice(kwargs.index) : '';
  const star = /(^|,)\s*\*(\w+)?\s*(,|$)/.test(head);
  const added = (star ? names : ['*', ...names]).join(', ');
  const params = head.trim() ? `${head}, ${added}${tail}` : `${added}${tail}`;
  return {
    ...unit,
    text: unit.text.slice(0, open + 1) + params + unit.text.slice(close)
  };
}

/** The index of the `)` matching the `(` at `open`. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{'.includes(text[i])) {
      depth++;
    } else if (')]}'.includes(text[i]) && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/**
 * Every call of the functions in the notebook's other cells, passing the new parameters.
 * `moving` are the code-cell positions of the cells that leave.
 */
export function callEdits(
  flows: readonly ICellFlow[],
  moving: ReadonlySet<number>,
  params: ReadonlyMap<string, readonly string[]>
): ICellEdit[] {
  const edits: ICellEdit[] = [];
  flows.forEach((flow, at) => {
    if (moving.has(at)) {
      return;
    }
    const inserts = cellInserts(flow, params);
    if (inserts.length > 0) {
      let source = flow.cell.source;
      for (const { at: offset, text } of inserts.sort((a, b) => b.at - a.at)) {
        source = source.slice(0, offset) + text + source.slice(offset);
      }
      edits.push({ index: flow.cell.index, source });
    }
  });
  return edits;
}

const SCOPES = new Set([
  'FunctionDefinition',
  'LambdaExpression',
  'ClassDefinition',
  'ArrayComprehensionExpression',
  'DictionaryComprehensionExpression',
  'SetComprehensionExpression',
  'ComprehensionExpression'
]);

/** Where a cell's calls of the functions get their new arguments. */
function cellInserts(
  flow: ICellFlow,
  params: ReadonlyMap<string, readonly string[]>
): { at: number; text: string }[] {
  const python = flow.analysis.ipython.python;
  const out: { at: number; text: string }[] = [];
  flow.analysis.tree.iterate({
    enter: ref => {
      if (ref.name !== 'VariableName') {
        return;
      }
      const name = python.slice(ref.from, ref.to);
      const names = params.get(name);
      if (!names) {
        return;
      }
      const call = ref.node.parent;
      const args = call?.getChild('ArgList');
      if (
        call?.name !== 'CallExpression' ||
        call.firstChild?.from !== ref.from ||
        !args
      ) {
        refuse(
          'reads-global',
          `cell ${flow.cell.index} hands ${name} to other code: its calls can't all pass ${names.join(', ')}`,
          name
        );
      }
      if (flow.analysis.ipython.magics.length > 0 || nested(call)) {
        refuse(
          'reads-global',
          `cell ${flow.cell.index} calls ${name} where ${names.join(', ')} may mean another name`,
          name
        );
      }
      const inner = python.slice(args.from + 1, args.to - 1);
      const passed = names.map(n => `${n}=${n}`).join(', ');
      const comma = inner.trim() && !inner.trim().endsWith(',') ? ', ' : '';
      out.push({ at: args.to - 1, text: `${comma}${passed}` });
    }
  });
  return out;
}

function nested(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (SCOPES.has(at.name)) {
      return true;
    }
  }
  return false;
}
