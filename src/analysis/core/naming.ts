/** Python's keywords and soft keywords that cannot name a function. */
const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else ' +
    'except finally for from global if import in is lambda nonlocal not or pass raise ' +
    'return try while with yield match case type _'
  ).split(' ')
);

/**
 * Python's builtins and the names IPython puts in every namespace: a generated name must not
 * shadow them, and a cell that rebinds one after reading it cannot become a function.
 */
export const BUILTINS: ReadonlySet<string> = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr ' +
    'classmethod compile complex copyright credits delattr dict dir divmod enumerate eval ' +
    'exec exit filter float format frozenset getattr globals hasattr hash help hex id input ' +
    'int isinstance issubclass iter len license list locals map max memoryview min next ' +
    'object oct open ord pow print property quit range repr reversed round set setattr ' +
    'slice sorted staticmethod str sum super tuple type vars zip __import__ __name__ ' +
    '__doc__ __build_class__ __debug__ Ellipsis NotImplemented ' +
    'display get_ipython In Out'
  ).split(' ')
);

/** Whether a string is a Python identifier a user may bind. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

/** A snake_case name from the words of a comment: `# Train the model: v2` -> `train_the_model`. */
export function nameFromComment(comment: string): string | null {
  const text = comment.replace(/^#+/, '').split(/[:(.;,!?]/)[0];
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 4);
  while (words.length > 0 && /^\d/.test(words[0])) {
    words.shift();
  }
  const name = words.join('_');
  return name && isIdentifier(name) && !BUILTINS.has(name) ? name : null;
}

/** `base`, or `base_2`, `base_3`... the first that is not taken. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (
    let i = 2;
    taken.has(name) || BUILTINS.has(name) || KEYWORDS.has(name);
    i++
  ) {
    name = `${base}_${i}`;
  }
  return name;
}
