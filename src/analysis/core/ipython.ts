/**
 * IPython syntax in a cell, turned into plain Python for the analysis, line for line (the same
 * number of lines, so positions in the parse tree map back to the cell's own lines).
 *
 * Escaped lines become the `get_ipython()` calls IPython itself makes. `%time stmt` runs `stmt`
 * in the user namespace, so it is analysed as `stmt`; `%timeit stmt` only reads, so its reads
 * are reported apart (`readOnlyCode`). Cell magics are recognised, never rewritten.
 */

/** Cell magics whose body is Python run in the user namespace. */
const PYTHON_CELL_MAGICS = new Set(['time', 'capture', 'prun']);
/** Cell magics whose body is Python that only reads the namespace. */
const READ_ONLY_CELL_MAGICS = new Set(['timeit']);
/** Line magics that run their argument as a statement in the user namespace. */
const STATEMENT_MAGICS = new Set(['time', 'prun', 'debug']);
const READ_ONLY_MAGICS = new Set(['timeit']);

export interface IMagicLine {
  /** 0-based line of the cell where the escaped command starts. */
  line: number;
  /** `%` line magic, `!` shell command, `?` help. */
  kind: 'magic' | 'shell' | 'help';
  /** The magic's name (`time`, `matplotlib`), or `system`/`getoutput`/`pinfo`. */
  name: string;
  /** 0-based last line (escaped lines continue with a backslash). */
  endLine: number;
  /** The line as IPython runs it, without its indentation: a `get_ipython()` call. */
  call: string;
  /** A line magic's argument text. */
  args: string;
}

export interface ITransformed {
  /** Plain Python with the same line count as the cell. */
  python: string;
  /** The cell magic's name when the cell starts with `%%name`. */
  cellMagic: string | null;
  /** Whether the cell magic's body is Python (analysed for data flow, never extracted). */
  cellMagicIsPython: boolean;
  magics: IMagicLine[];
  /** Code that runs only to read (`%timeit` arguments), with its 0-based line. */
  readOnlyCode: { line: number; code: string }[];
}

/** Python's repr of a string, enough to make the call IPython makes parse. */
function pyString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Splits `%name args` (without the `%`) into the name and the rest. */
function splitMagic(text: string): { name: string; args: string } {
  const space = text.search(/\s/);
  return space < 0
    ? { name: text, args: '' }
    : { name: text.slice(0, space), args: text.slice(space).trim() };
}

/** Drops `%timeit`'s own options (`-n 10 -r 3 -q`) in front of the statement. */
function timeitStatement(args: string): string {
  const words = args.split(/\s+/);
  let i = 0;
  while (i < words.length && words[i].startsWith('-')) {
    i += /^-[nrpt]$/.test(words[i]) ? 2 : 1;
  }
  return words.slice(i).join(' ');
}

/**
 * Tracks whether a line starts inside a triple-quoted string, so that a `%` or `!` at the start
 * of a docstring's line is not taken for a magic. Scans quotes and comments only.
 */
class StringState {
  /** The open triple quote, or null. */
  open: string | null = null;

  scan(line: string): void {
    let i = 0;
    while (i < line.length) {
      if (this.open) {
        const end = line.indexOf(this.open, i);
        if (end < 0) {
          return;
        }
        if (!Private.isEscaped(line, end)) {
          this.open = null;
        }
        i = end + 3;
        continue;
      }
      const ch = line[i];
      if (ch === '#') {
        return;
      }
      if (ch === '"' || ch === "'") {
        const triple = line.startsWith(ch.repeat(3), i);
        if (triple) {
          this.open = ch.repeat(3);
          i += 3;
          continue;
        }
        i = Private.skipShortString(line, i);
        continue;
      }
      i++;
    }
  }
}

function magicCall(name: string, args: string): string {
  return `get_ipython().run_line_magic(${pyString(name)}, ${pyString(args)})`;
}

/** Records a magic line; its last line is set once continuation lines are joined. */
function push(out: ITransformed, magic: Omit<IMagicLine, 'endLine'>): void {
  out.magics.push({ ...magic, endLine: magic.line });
}

/** Rewrites one escaped line; returns null when the line is plain Python. */
function rewriteLine(
  indent: string,
  body: string,
  line: number,
  out: ITransformed
): string | null {
  const assign =
    /^([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*([!%])(.*)$/.exec(
      body
    );
  if (assign) {
    const [, target, escape, rest] = assign;
    if (escape === '!') {
      const call = `${target} = get_ipython().getoutput(${pyString(rest)})`;
      push(out, { line, kind: 'shell', name: 'getoutput', call, args: rest });
      return indent + call;
    }
    const { name, args } = splitMagic(rest);
    const call = `${target} = ${magicCall(name, args)}`;
    push(out, { line, kind: 'magic', name, call, args });
    return indent + call;
  }
  if (body.startsWith('!')) {
    const command = body.replace(/^!+/, '');
    const call = `get_ipython().system(${pyString(command)})`;
    push(out, { line, kind: 'shell', name: 'system', call, args: command });
    return indent + call;
  }
  if (body.startsWith('%')) {
    const { name, args } = splitMagic(body.slice(1));
    const call = magicCall(name, args);
    push(out, { line, kind: 'magic', name, call, args });
    if (STATEMENT_MAGICS.has(name) && args && !args.startsWith('-')) {
      return `${indent}${args}`;
    }
    if (READ_ONLY_MAGICS.has(name)) {
      out.readOnlyCode.push({ line, code: timeitStatement(args) });
    }
    return indent + call;
  }
  const help = /^(\?{1,2})?([A-Za-z_][\w.]*)(\?{0,2})$/.exec(body);
  if (help && (help[1] || help[3])) {
    const detail = (help[1] ?? '').length + help[3].length > 1;
    const name = detail ? 'pinfo2' : 'pinfo';
    const call = magicCall(name, help[2]);
    push(out, { line, kind: 'help', name, call, args: help[2] });
    return indent + call;
  }
  return null;
}

/** Turns a cell's IPython source into plain Python, line for line. */
export function transformIPython(source: string): ITransformed {
  const out: ITransformed = {
    python: source,
    cellMagic: null,
    cellMagicIsPython: false,
    magics: [],
    readOnlyCode: []
  };
  // Most cells have no IPython syntax at all: no escape character, nothing to rewrite.
  if (!/[%!?]/.test(source)) {
    return out;
  }
  return transformLines(source, out);
}

function transformLines(source: string, out: ITransformed): ITransformed {
  const lines = source.split('\n');
  Object.assign(out, {
    python: '',
    cellMagic: null,
    cellMagicIsPython: false,
    magics: [],
    readOnlyCode: []
  });
  const first = lines.findIndex(
    l => l.trim() !== '' && !l.trim().startsWith('#')
  );
  if (first >= 0 && lines[first].trimStart().startsWith('%%')) {
    const name = splitMagic(lines[first].trim().slice(2)).name;
    out.cellMagic = name;
    const body = lines.slice(first + 1).join('\n');
    if (PYTHON_CELL_MAGICS.has(name) || READ_ONLY_CELL_MAGICS.has(name)) {
      out.cellMagicIsPython = true;
      // The body is analysed as Python; the magic line itself becomes a blank line.
      const inner = transformIPython(body);
      const blank = lines.slice(0, first + 1).map(() => '');
      out.python = [...blank, inner.python].join('\n');
      out.magics = inner.magics.map(m => ({
        ...m,
        line: m.line + first + 1,
        endLine: m.endLine + first + 1
      }));
      out.readOnlyCode = inner.readOnlyCode.map(r => ({
        ...r,
        line: r.line + first + 1
      }));
      if (READ_ONLY_CELL_MAGICS.has(name)) {
        out.readOnlyCode.push({ line: first + 1, code: body });
        out.python = lines.map(() => '').join('\n');
      }
    } else {
      out.python = lines.map(() => '').join('\n');
    }
    return out;
  }
  out.python = Private.rewriteLines(lines, out).join('\n');
  return out;
}

namespace Private {
  export function isEscaped(line: string, at: number): boolean {
    let slashes = 0;
    for (let i = at - 1; i >= 0 && line[i] === '\\'; i--) {
      slashes++;
    }
    return slashes % 2 === 1;
  }

  export function skipShortString(line: string, start: number): number {
    const quote = line[start];
    let i = start + 1;
    while (i < line.length && line[i] !== quote) {
      i += line[i] === '\\' ? 2 : 1;
    }
    return i + 1;
  }

  /** Rewrites every escaped line, joining backslash-continued escaped lines into one. */
  export function rewriteLines(lines: string[], out: ITransformed): string[] {
    const result: string[] = [];
    const strings = new StringState();
    let inBrackets = 0;
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const indent = /^\s*/.exec(raw)![0];
      let body = raw.slice(indent.length);
      let rewritten: string | null = null;
      if (
        !strings.open &&
        inBrackets === 0 &&
        /^[!%?]|^[\w.]+\?|=\s*[!%]/.test(body) &&
        // IPython takes `obj?` for help only with the `?` last on the line, blanks included.
        !/^[\w.]+\?{1,2}[ \t]+$/.test(body)
      ) {
        const joined = [body];
        let j = i;
        while (
          joined[joined.length - 1].endsWith('\\') &&
          j + 1 < lines.length
        ) {
          joined[joined.length - 1] = joined[joined.length - 1].slice(0, -1);
          joined.push(lines[++j].trim());
        }
        body = joined.join(' ').trimEnd();
        rewritten = rewriteLine(indent, body, i, out);
        if (rewritten !== null) {
          out.magics[out.magics.length - 1].endLine = j;
          result.push(rewritten);
          for (let k = i + 1; k <= j; k++) {
            result.push('');
          }
          i = j;
          continue;
        }
      }
      strings.scan(raw);
      inBrackets = Math.max(0, inBrackets + bracketDelta(raw));
      result.push(raw);
    }
    return result;
  }

  /** Net open brackets of a line, outside strings and comments (a rough guard). */
  function bracketDelta(line: string): number {
    let delta = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '#') {
        break;
      }
      if (ch === '"' || ch === "'") {
        if (line.startsWith(ch.repeat(3), i)) {
          break;
        }
        i = skipShortString(line, i) - 1;
      } else if ('([{'.includes(ch)) {
        delta++;
      } else if (')]}'.includes(ch)) {
        delta--;
      }
    }
    return delta;
  }
}
