/**
 * Appends `items` to `out` one by one. `out.push(...items)` passes every item as an argument
 * on the stack: a cell of 250,000 lines overflows it ("Maximum call stack size exceeded").
 */
export function pushAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const item of items) {
    out.push(item);
  }
  return out;
}
