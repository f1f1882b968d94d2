/**
 * A cell as IPython compiles it. Before IPython's own syntax is looked at, IPython (9.x,
 * `IPython/core/inputtransformer2.py`) cleans the cell up: `leading_empty_lines` drops the
 * leading lines that hold only whitespace (lines split as `str.splitlines` does, so a form feed
 * ends one), and `leading_indent` is `textwrap.dedent`: whitespace-only lines are emptied and
 * the indentation common to every other line (string contents included) is removed. CPython then
 * reads `\r\n` and a lone `\r` as `\n`, and a form feed in a line's indentation sets the column
 * back to 0 (elsewhere it is a blank).
 *
 * The cleaned text keeps the user's lines (split at `\r\n`, `\r`, `\n`, as the editor does): the
 * lines IPython drops stay as empty lines, which Python ignores, so line N of the analysis is
 * line N of the cell; columns map back through `userPosition`.
 */

export interface ICleaned {
  /** The text as CPython compiles it, with `\n` line ends and the user's line count. */
  text: string;
  /** Whether the text differs from the cell's own. */
  changed: boolean;
  /** For a changed text, the cell's offset of each offset of `text` (and of its end). */
  origin: Int32Array | null;
}

/** Separators of Python's `str.splitlines`, which IPython's cleanup splits the cell at. */
const SPLITLINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
/** Python's `str.isspace` for the characters a cell holds. */
const PY_SPACE = /^[\s\x1c-\x1f\x85]*$/;

/** The cell's text as IPython's cleanup transforms and CPython's tokenizer see it. */
export function cleanupCell(source: string): ICleaned {
  // Most cells need nothing: no odd line end or form feed, no blank line made of spaces, and a
  // first line of code that starts at column 0.
  if (
    !/[\r\f\v\x1c-\x1e\x85\u2028\u2029]|^[ \t]+$/m.test(source) &&
    !/^\n*[ \t]/.test(source)
  ) {
    return { text: source, changed: false, origin: null };
  }
  const edits = new Edits(source);
  const start = dropLeadingEmpty(source, edits);
  dedent(source, start, edits);
  edits.lineEnds();
  const first = edits.build();
  const second = formFeeds(first.text);
  const origin = second.origin
    ? second.origin.map(at => first.origin[at])
    : first.origin;
  const text = second.text;
  return { text, changed: text !== source, origin };
}

/** The 1-based line and 0-based column in the user's cell of an offset of the cleaned text. */
export function userPosition(
  cleaned: ICleaned,
  source: string,
  offset: number
): { line: number; column: number } {
  const at = cleaned.origin ? cleaned.origin[offset] : offset;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const ch = source[i];
    if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart };
}

/** What a line of Python is, for re-indenting it. */
export type LineKind = 'code' | 'comment' | 'blank' | 'string' | 'continued';

/**
 * Each line's kind: the start of a logical line, a comment or blank line, a line that starts
 * inside a string (its bytes are the string's), or one that continues a bracket or a backslash.
 * A scan of quotes, brackets and comments, as CPython's tokenizer does it.
 */
export function lineKinds(text: string): LineKind[] {
  const kinds: LineKind[] = [];
  let quote: string | null = null;
  let depth = 0;
  let backslash = false;
  let lineStart = true;
  for (let i = 0; i <= text.length; i++) {
    if (lineStart) {
      lineStart = false;
      kinds.push(startKind(text, i, quote, depth, backslash));
      backslash = false;
    }
    const ch = text[i];
    if (ch === undefined) {
      break;
    }
    if (ch === '\n') {
      lineStart = true;
      if (quote && quote.length === 1) {
        quote = null; // an unterminated string: CPython's error, the parse reports it
      }
      continue;
    }
    if (quote) {
      if (ch === '\\') {
        backslash = text[i + 1] === '\n';
        i++;
        if (backslash) {
          lineStart = true;
        }
      } else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if ('([{'.includes(ch)) {
      depth++;
    } else if (')]}'.includes(ch)) {
      depth = Math.max(0, depth - 1);
    } else if (ch === '\\' && text[i + 1] === '\n') {
      backslash = true;
    }
  }
  return kinds;
}

function startKind(
  text: string,
  at: number,
  quote: string | null,
  depth: number,
  backslash: boolean
): LineKind {
  if (quote) {
    return 'string';
  }
  if (depth > 0 || backslash) {
    return 'continued';
  }
  const rest = /^[ \t\f]*(.?)/.exec(text.slice(at, at + 200))![1];
  if (rest === '' || rest === '\n') {
    return 'blank';
  }
  return rest === '#' ? 'comment' : 'code';
}

/** Removals and replacements on the cell's text, applied at once with an offset map. */
class Edits {
  constructor(readonly source: string) {
    this.drop = new Uint8Array(source.length);
  }

  /** `\r\n` becomes `\n`, a lone `\r` too. */
  lineEnds(): void {
    const s = this.source;
    for (let i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) {
      if (s[i + 1] === '\n') {
        this.drop[i] = 1;
      } else {
        this.replace.set(i, '\n');
      }
    }
  }

  build(): { text: string; origin: Int32Array } {
    const s = this.source;
    const out: string[] = [];
    const origin: number[] = [];
    for (let i = 0; i < s.length; i++) {
      if (!this.drop[i]) {
        out.push(this.replace.get(i) ?? s[i]);
        origin.push(i);
      }
    }
    origin.push(s.length);
    return { text: out.join(''), origin: Int32Array.from(origin) };
  }

  readonly drop: Uint8Array;
  readonly replace = new Map<number, string>();
}

/**
 * `leading_empty_lines`: the leading `splitlines` lines that are only whitespace go, but their
 * `\n`/`\r` stay, so the user's lines keep their numbers. Returns where the rest starts.
 */
function dropLeadingEmpty(source: string, edits: Edits): number {
  let start = 0;
  SPLITLINES.lastIndex = 0;
  for (let m = SPLITLINES.exec(source); ; m = SPLITLINES.exec(source)) {
    const end = m ? m.index : source.length;
    const next = m ? m.index + m[0].length : source.length;
    if (!PY_SPACE.test(source.slice(start, end))) {
      return start;
    }
    for (let i = start; i < next; i++) {
      if (source[i] !== '\n' && source[i] !== '\r') {
        edits.drop[i] = 1;
      }
    }
    start = next;
    if (!m) {
      return start;
    }
  }
}

/** `textwrap.dedent` on the text from `start`, lines split at `\n` only (as its regexes do). */
function dedent(source: string, start: number, edits: Edits): void {
  const lines: [number, number][] = [];
  for (let at = start; at <= source.length;) {
    const end = source.indexOf('\n', at);
    const stop = end < 0 ? source.length : end;
    lines.push([at, stop]);
    at = stop + 1;
  }
  let margin: string | null = null;
  for (const [from, to] of lines) {
    const line = source.slice(from, to);
    if (/^[ \t]+$/.test(line)) {
      edits.drop.fill(1, from, to);
    } else if (line !== '') {
      margin = narrower(margin, /^[ \t]*/.exec(line)![0]);
    }
  }
  if (!margin) {
    return;
  }
  for (const [from, to] of lines) {
    if (source.startsWith(margin, from) && to > from) {
      edits.drop.fill(1, from, from + margin.length);
    }
  }
}

/** The indentation common to `margin` and `indent`, as `textwrap.dedent` narrows it. */
function narrower(margin: string | null, indent: string): string {
  if (margin === null || margin.startsWith(indent)) {
    return indent;
  }
  if (indent.startsWith(margin)) {
    return margin;
  }
  let i = 0;
  while (margin[i] === indent[i]) {
    i++;
  }
  return margin.slice(0, i);
}

/**
 * CPython's tokenizer on form feeds: in a line's indentation one sets the column back to 0, so
 * the indentation up to the last one goes; elsewhere outside strings it is a blank.
 */
function formFeeds(text: string): { text: string; origin: Int32Array | null } {
  if (!text.includes('\f')) {
    return { text, origin: null };
  }
  const kinds = lineKinds(text);
  const edits = new Edits(text);
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    if (kinds[line] !== 'string') {
      const indent = /^[ \t\f]*/.exec(text.slice(at, stop))![0];
      const last = indent.lastIndexOf('\f');
      if (last >= 0) {
        edits.drop.fill(1, at, at + last + 1);
      }
    }
    at = stop + 1;
  }
  blankFormFeeds(text, edits);
  return edits.build();
}

/** Form feeds between tokens become spaces (the grammar knows no form feed). */
function blankFormFeeds(text: string, edits: Edits): void {
  const inString = stringOffsets(text);
  for (let i = text.indexOf('\f'); i >= 0; i = text.indexOf('\f', i + 1)) {
    if (!edits.drop[i] && !inString(i)) {
      edits.replace.set(i, ' ');
    }
  }
}

/** Whether an offset lies in a string or a comment (where a form feed is the text's own). */
function stringOffsets(text: string): (at: number) => boolean {
  const ranges: [number, number][] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      ranges.push([i, end < 0 ? text.length : end]);
      i = end < 0 ? text.length : end;
    } else if (ch === '"' || ch === "'") {
      const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (quote.length === 1 && text[j] === '\n') {
          break;
        }
        j += text[j] === '\\' ? 2 : 1;
      }
      ranges.push([i, j]);
      i = j + quote.length;
    } else {
      i++;
    }
  }
  return at => ranges.some(([a, b]) => a <= at && at < b);
}
