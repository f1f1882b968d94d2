/**
 * Re-indentation of a cell's lines with four spaces a level, whatever the cell used (tabs, two
 * spaces, a mix by block): an edit's new cell reads the same everywhere. Levels come from
 * CPython's own rule (an indentation stack, tabs to the next multiple of 8). A line that starts
 * inside a string keeps its bytes; a line that continues a bracket or a backslash moves with the
 * line it continues.
 */
import { LineKind, lineKinds } from './cleanup.js';

export const UNIT = '    ';

interface ILineLevel {
  kind: LineKind;
  level: number;
  /** The cell's own indentation of the logical line this line belongs to. */
  ownerIndent: string;
}

/**
 * Re-indents line `i` of the cell (its text may have been edited) at `base` levels deeper;
 * `statement`: the text is a statement split off line `i` (after its `;`), which starts a
 * logical line at the level of the one it was part of.
 */
export type Reindent = (
  i: number,
  text: string,
  base: number,
  statement?: boolean
) => string;

/** A re-indenter for the lines of `python` (the cell as the analysis parsed it). */
export function reindenter(python: string): Reindent {
  const levels = lineLevels(python);
  return (i, text, base, statement = false) => {
    const line = levels[i];
    if (statement && line) {
      return UNIT.repeat(base + line.level) + text.replace(/^[ \t]*/, '');
    }
    if (!line || line.kind === 'string') {
      return text;
    }
    if (line.kind === 'blank') {
      return text.trim() === '' ? '' : text;
    }
    const indent = UNIT.repeat(base + line.level);
    if (line.kind === 'continued') {
      return text.startsWith(line.ownerIndent)
        ? indent + text.slice(line.ownerIndent.length)
        : UNIT.repeat(base) + text;
    }
    return indent + text.replace(/^[ \t]*/, '');
  };
}

function lineLevels(python: string): ILineLevel[] {
  const kinds = lineKinds(python);
  const lines = python.split('\n');
  const stack = [0];
  let owner: ILineLevel = { kind: 'code', level: 0, ownerIndent: '' };
  return kinds.map((kind, i) => {
    const indent = /^[ \t]*/.exec(lines[i] ?? '')![0];
    const width = columns(indent);
    if (kind === 'code') {
      while (stack.length > 1 && stack[stack.length - 1] > width) {
        stack.pop();
      }
      if (stack[stack.length - 1] < width) {
        stack.push(width);
      }
      owner = { kind, level: stack.length - 1, ownerIndent: indent };
      return owner;
    }
    if (kind === 'comment') {
      // A comment does not open or close a block: it takes the level it lines up with.
      const level = stack.filter(w => w > 0 && w <= width).length;
      return { kind, level, ownerIndent: indent };
    }
    if (kind === 'continued') {
      return { ...owner, kind };
    }
    return { kind, level: 0, ownerIndent: '' };
  });
}

/** CPython's column of an indentation: a tab goes to the next multiple of 8. */
function columns(indent: string): number {
  let col = 0;
  for (const ch of indent) {
    col = ch === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
  }
  return col;
}
