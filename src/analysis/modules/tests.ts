/**
 * Tests move with the code: a test cell that tests only moved names (and reads nothing else of
 * the notebook but imports) becomes part of `test_<module>.py` beside the module, importing
 * from it, runnable by plain `pytest` in that folder.
 */
import { topStatements } from '../core/index.js';
import { BUILTINS } from '../core/index.js';
import { ICellFlow } from '../core/index.js';
import { detectTestCell, plannedTests } from '../testcells/index.js';
import { importLines } from './moduleText.js';

export interface IMovedTests {
  path: string;
  source: string;
  /** Notebook indexes of the test cells that leave. */
  cells: number[];
}

export function movedTests(
  flows: readonly ICellFlow[],
  moved: ReadonlySet<number>,
  names: readonly string[],
  modulePath: string,
  existing: string | null
): IMovedTests | null {
  const slash = modulePath.lastIndexOf('/');
  const base = modulePath.slice(slash + 1, -3);
  const path = `${modulePath.slice(0, slash + 1)}test_${base}.py`;
  const movedNames = new Set(names);
  const parts: string[] = [];
  const used = new Set<string>();
  const imports = new Map<string, string>();
  const cells: number[] = [];
  flows.forEach((flow, at) => {
    const needs = moved.has(at) ? null : testNeeds(flows, flow, movedNames);
    if (!needs) {
      return;
    }
    needs.names.forEach(n => used.add(n));
    needs.imports.forEach((p, n) => imports.set(n, p));
    parts.push(testBody(flow));
    cells.push(flow.cell.index);
  });
  if (cells.length === 0) {
    return null;
  }
  const header = [
    ...importLines(imports),
    `from ${base} import ${names.filter(n => used.has(n)).join(', ')}`
  ].join('\n');
  const text = `${header}\n\n\n${parts.join('\n\n\n')}\n`;
  const source = existing
    ? `${existing.replace(/\s*$/, '')}\n\n\n${text}`
    : text;
  return { path, source, cells };
}

/** What a test cell needs, or null when it is no test cell or tests more than moved names. */
function testNeeds(
  flows: readonly ICellFlow[],
  flow: ICellFlow,
  moved: ReadonlySet<string>
): { names: string[]; imports: Map<string, string> } | null {
  const { analysis } = flow;
  if (
    detectTestCell(analysis, flow.cell.tags ?? []) === null ||
    analysis.syntaxErrorLine !== null ||
    analysis.ipython.cellMagic !== null ||
    analysis.ipython.magics.length > 0 ||
    [...analysis.binds.keys()].some(n => flow.usedLater.has(n))
  ) {
    return null;
  }
  const names: string[] = [];
  const imports = new Map<string, string>();
  for (const name of analysis.reads) {
    const binders = flows.filter(f => f.analysis.binds.has(name));
    if (moved.has(name)) {
      names.push(name);
    } else if (
      binders.length === 1 &&
      binders[0].analysis.binds.get(name) === 'import'
    ) {
      imports.set(name, binders[0].analysis.imports.get(name) ?? name);
    } else if (binders.length > 0) {
      return null;
    } else if (
      !BUILTINS.has(name) &&
      flows.some(f => f.analysis.flags.starImport)
    ) {
      // `test_eq` from `from fastcore.test import *`: the tests file would not have it.
      return null;
    }
  }
  return names.length > 0 ? { names, imports } : null;
}

/** The cell's `test_*` functions as they are, or the cell as one test function. */
function testBody(flow: ICellFlow): string {
  const { analysis } = flow;
  const python = analysis.ipython.python;
  const statements = topStatements(analysis);
  const text = statements.length
    ? python
        .slice(statements[0].from, statements[statements.length - 1].to)
        .trimEnd()
    : 'pass';
  if (plannedTests(analysis)[0] !== 'cell') {
    return text;
  }
  const body = text
    .split('\n')
    .map(line => (line.trim() ? `    ${line}` : line))
    .join('\n');
  return `def test_cell_${flow.cell.index}():\n${body}`;
}
