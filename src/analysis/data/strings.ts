/**
 * Python string literals as the values they spell: prefixes (r, b, u, f), the four quote
 * styles, escapes, implicit concatenation. Only what a path can hold needs to be exact; an
 * escape we do not model keeps its text (paths rarely hold them).
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0'
};

/** A literal split into its prefix (lower case) and its body between the quotes. */
export function splitLiteral(
  text: string
): { prefix: string; body: string; bodyFrom: number } | null {
  const match = /^([A-Za-z]*)('''|"""|'|")/.exec(text);
  if (!match) {
    return null;
  }
  const quote = match[2];
  if (!text.endsWith(quote) || text.length < match[0].length + quote.length) {
    return null;
  }
  const bodyFrom = match[0].length;
  return {
    prefix: match[1].toLowerCase(),
    body: text.slice(bodyFrom, text.length - quote.length),
    bodyFrom
  };
}

/** The value of a literal body: escapes decoded unless the literal is raw. */
export function decodeBody(body: string, raw: boolean): string {
  if (raw) {
    return body;
  }
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n|.)/g,
    (whole, code: string) => {
      if (code === '\n') {
        return ''; // a backslash-newline continues the literal
      }
      if (/^[xuU]/.test(code) && code.length > 1) {
        return String.fromCodePoint(parseInt(code.slice(1), 16));
      }
      return SIMPLE_ESCAPES[code] ?? whole;
    }
  );
}

/** The value of a plain (not formatted) string literal, or null if it is not one. */
export function stringValue(text: string): string | null {
  const parts = splitLiteral(text);
  if (!parts || parts.prefix.includes('f')) {
    return null;
  }
  return decodeBody(parts.body, parts.prefix.includes('r'));
}
