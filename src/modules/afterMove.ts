/**
 * What follows a move, in plain TypeScript: how many tests it took along, which live objects
 * are still instances of the notebook's classes, and which cells to run again for them.
 */
import { IMovePlan } from '../analysis/index.js';
import { INotebookCell, NotebookAnalyzer } from '../analysis/index.js';
import { sliceOf } from '../analysis/index.js';

const TEST_DEF = /^(?:async[ \t]+)?def[ \t]+test_\w*/gm;

function testDefs(source: string | null): number {
  return source?.match(TEST_DEF)?.length ?? 0;
}

/** The tests the move added to the tests file (an existing one kept its own). */
export function movedTestCount(
  plan: Pick<IMovePlan, 'tests'>,
  existingTests: string | null
): number {
  return plan.tests
    ? Math.max(0, testDefs(plan.tests.source) - testDefs(existingTests))
    : 0;
}

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/**
 * The Python expression that lists, as JSON, the notebook globals whose class is one of
 * `names` as `__main__` defined it: {class: [global, ...]}. It binds nothing (a comprehension
 * has its own scope) and reads only the globals' types: cheap whatever the objects hold.
 */
export function liveInstancesExpression(names: readonly string[]): string {
  const wanted = names.filter(n => IDENTIFIER.test(n));
  return (
    "__import__('json').dumps({c: [k for k, v in list(globals().items()) " +
    "if not k.startswith('_') and type(v).__module__ == '__main__' " +
    'and type(v).__qualname__ == c] ' +
    `for c in ${JSON.stringify(wanted)}})`
  );
}

/**
 * The kernel's answer to `liveInstancesExpression` (the repr of a JSON string, as
 * user_expressions give it): the classes that have live instances, with their globals.
 */
export function parseLiveInstances(repr: string): Record<string, string[]> {
  let value: unknown;
  try {
    value = JSON.parse(repr.slice(1, -1).replace(/\\(['"\\])/g, '$1'));
  } catch {
    return {};
  }
  const found: Record<string, string[]> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, globals] of Object.entries(value)) {
      const list = Array.isArray(globals)
        ? globals.filter((g): g is string => typeof g === 'string')
        : [];
      if (list.length > 0) {
        found[name] = list;
      }
    }
  }
  return found;
}

/** The code cell that last binds each name at its top level: the one that made the object. */
export function cellsMaking(
  cells: readonly INotebookCell[],
  names: readonly string[],
  analyzer: NotebookAnalyzer = new NotebookAnalyzer()
): number[] {
  const flows = analyzer.analyze(cells);
  const makers = new Set<number>();
  for (const name of names) {
    const last = flows.filter(f => f.analysis.binds.has(name)).pop();
    if (last) {
      makers.add(last.cell.index);
    }
  }
  return [...makers].sort((a, b) => a - b);
}

/**
 * The cells to run again so that the objects are made from the module's classes: the cells
 * that made them and what those need (the import cell among them), in notebook order.
 */
export function cellsToRerun(
  cells: readonly INotebookCell[],
  names: readonly string[]
): number[] {
  const analyzer = new NotebookAnalyzer();
  const run = new Set<number>();
  for (const at of cellsMaking(cells, names, analyzer)) {
    sliceOf(cells, at, analyzer).forEach(i => run.add(i));
    run.add(at);
  }
  return [...run].sort((a, b) => a - b);
}
