/**
 * The plan of a move: check the selected cells, walk the closure of their definitions, write
 * the module's new text and the notebook's import cell, and the tests file when asked.
 */
import { topStatements } from '../core/index.js';
import { definedName } from '../extract/index.js';
import { INotebookCell, NotebookAnalyzer, ICellFlow } from '../core/index.js';
import { isIdentifier } from '../core/index.js';
import { pushAll, statementFacts } from '../core/index.js';
import {
  ClosureWalker,
  IClosure,
  isImport,
  IUnit,
  refuse,
  Refused,
  statementLines
} from './closure.js';
import { moduleText } from './moduleText.js';
import { importCell } from './notebookAfter.js';
import { callEdits, withParameters } from './params.js';
import { movedTests } from './tests.js';
import { IMoveOptions, MoveResult } from './types.js';

/**
 * Plans moving the definitions of the code cells at notebook indexes `selection` into the
 * module `options.module`.
 */
export function planMove(
  cells: readonly INotebookCell[],
  selection: readonly number[],
  options: IMoveOptions,
  analyzer = new NotebookAnalyzer()
): MoveResult {
  try {
    const moduleName = dottedName(options.module);
    const flows = analyzer.analyze(cells);
    const positions = selection.map(index => codePosition(flows, index));
    const selected = new Set(positions);
    const start = positions.flatMap(p => ClosureWalker.units(flows[p], p));
    if (start.length === 0) {
      refuse(
        'nothing-to-move',
        'the cells define no function or class to move',
        null
      );
    }
    const kept = positions.map(p => checkCell(flows[p], options));
    const closure = new ClosureWalker(
      flows,
      selected,
      new Set(options.parameters ?? [])
    ).walk(start);
    addParameters(closure);
    keepFuture(flows, closure);
    const text = moduleText(closure, options.existing ?? null, moduleName);
    const names = importedNames(closure, text.source);
    const moved = [...positions, ...closure.dependencyCells];
    const indexes = moved.map(p => flows[p].cell.index).sort((a, b) => a - b);
    const work = kept.flatMap(k => k.work);
    checkWork(work, closure, indexes[0] < flows[positions[0]].cell.index);
    const edits = callEdits(flows, new Set(moved), closure.params);
    const edited = new Set(edits.map(e => e.index));
    // A test cell whose calls change stays: the tests file would call without the parameter.
    const untested = flows.flatMap((f, p) =>
      edited.has(f.cell.index) ? [p] : []
    );
    const tests = options.tests
      ? movedTests(
          flows,
          new Set([...moved, ...untested]),
          names,
          options.module,
          options.existingTests ?? null
        )
      : null;
    return {
      ok: true,
      module: options.module,
      moduleName,
      moduleSource: text.source,
      added: text.added,
      names,
      cells: {
        replace: indexes[0],
        remove: [...indexes.slice(1), ...(tests?.cells ?? [])].sort(
          (a, b) => a - b
        ),
        source: importCell(
          flows,
          moduleName,
          names,
          kept.flatMap(k => k.imports),
          work
        )
      },
      tests,
      edits
    };
  } catch (error) {
    if (error instanceof Refused) {
      return error.refusal;
    }
    throw error;
  }
}

/** `lib/ml_utils.py` -> `lib.ml_utils`; a path that can't be imported so is refused. */
export function dottedName(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  const last = parts[parts.length - 1];
  const ok =
    last.endsWith('.py') &&
    [...parts.slice(0, -1), last.slice(0, -3)].every(isIdentifier);
  if (!ok) {
    refuse(
      'bad-module',
      `${path} is not a module path the notebook can import: a relative path of Python ` +
        "names ending in .py, inside the notebook's folder",
      null
    );
  }
  return [...parts.slice(0, -1), last.slice(0, -3)].join('.');
}

function codePosition(flows: readonly ICellFlow[], index: number): number {
  const at = flows.findIndex(f => f.cell.index === index);
  if (at < 0) {
    refuse('nothing-to-move', `cell ${index} is not a code cell`, null);
  }
  return at;
}

/**
 * Whether a selected cell can leave: no IPython syntax, no `__main__` guard, nothing but
 * imports and definitions (or, when asked, the rest kept as a cell). Its imports and its work.
 */
function checkCell(
  flow: ICellFlow,
  options: IMoveOptions
): { imports: string[]; work: string[] } {
  const { analysis, cell } = flow;
  const python = analysis.ipython.python;
  if (analysis.syntaxErrorLine !== null) {
    refuse(
      'syntax-error',
      `cell ${cell.index} has a syntax error on line ${analysis.syntaxErrorLine}`,
      null
    );
  }
  const magic = analysis.ipython.magics[0];
  if (analysis.ipython.cellMagic !== null || magic) {
    const name = analysis.ipython.cellMagic ?? magic.name;
    refuse(
      'magic',
      `cell ${cell.index} runs IPython syntax (${name}${magic ? ` on line ${magic.line + 1}` : ''}), which a .py module can't hold`,
      name,
      magic ? { lines: [magic.line + 1] } : {}
    );
  }
  const imports: string[] = [];
  const work: string[] = [];
  const lines: number[] = [];
  const touched = new Set<string>();
  for (const node of topStatements(analysis)) {
    const text = python.slice(node.from, node.to).trimEnd();
    if (/^if\s+__name__\s*==/.test(text)) {
      refuse(
        'main-only',
        `cell ${cell.index} has an if __name__ == '__main__' block (line ${statementLines(python, node)[0]}), which runs only in the notebook`,
        '__name__',
        { lines: statementLines(python, node) }
      );
    }
    const name = definedName(node, python);
    if (name !== null && touched.has(name)) {
      refuse(
        'does-work',
        `cell ${cell.index} uses ${name} before it defines it: the definitions can't go first`,
        name
      );
    } else if (name !== null) {
      continue;
    } else if (isImport(node)) {
      imports.push(text);
    } else {
      work.push(text);
      const facts = statementFacts(node, python);
      [...facts.reads, ...facts.binds, ...facts.late].forEach(n =>
        touched.add(n)
      );
      pushAll(lines, statementLines(python, node));
    }
  }
  if (work.length > 0 && !options.definitionsOnly) {
    refuse(
      'does-work',
      `cell ${cell.index} also does work on line${lines.length > 1 ? 's' : ''} ${spans(lines)}: ` +
        'move only its definitions and keep the rest as a cell',
      null,
      { lines, offer: { kind: 'definitions-only' } }
    );
  }
  return { imports, work };
}

/** `1,2,3,5` -> `1-3, 5`. */
function spans(lines: number[]): string {
  const out: string[] = [];
  lines.forEach((line, k) => {
    if (k > 0 && lines[k - 1] === line - 1) {
      out[out.length - 1] = `${out[out.length - 1].split('-')[0]}-${line}`;
    } else {
      out.push(String(line));
    }
  });
  return out.join(', ');
}

/** The functions and classes the notebook imports back, in the module's order. */
function importedNames(closure: IClosure, source: string): string[] {
  const at = (u: IUnit) => {
    const found = source.search(
      new RegExp(`^(class|def|async def) ${u.name}\\b`, 'm')
    );
    return found < 0 ? Number.MAX_SAFE_INTEGER : found;
  };
  return [...closure.units].sort((a, b) => at(a) - at(b)).map(u => u.name);
}

/**
 * The moved functions with their new keyword parameters. A moved function that calls one of
 * them would have to pass them too: refused rather than guessed.
 */
function addParameters(closure: IClosure): void {
  closure.units = closure.units.map(unit => {
    const names = closure.params.get(unit.name);
    const caller = closure.units.find(
      u => u.bodyReads.has(unit.name) || u.defReads.includes(unit.name)
    );
    if (names && caller) {
      refuse(
        'reads-global',
        `${caller.name} calls ${unit.name}, which would take ${names.join(', ')} as a parameter`,
        unit.name
      );
    }
    return names ? withParameters(unit, names) : unit;
  });
}

/** The rest of a cell whose definitions alone move: it must still run after what it needs. */
function checkWork(
  work: readonly string[],
  closure: IClosure,
  movesUp: boolean
): void {
  const changed = [...closure.params.keys()];
  if (work.some(w => changed.some(f => new RegExp(`\\b${f}\\b`).test(w)))) {
    refuse(
      'reads-global',
      'the rest of the cell calls a function that takes new parameters',
      null
    );
  }
  if (work.length > 0 && movesUp) {
    refuse(
      'does-work',
      'the rest of the cell would run before the cells above it: move the definitions it needs first',
      null
    );
  }
}

/**
 * `from __future__ import annotations` in the notebook leaves annotations unevaluated; the
 * module must compile the moved definitions the same way.
 */
function keepFuture(flows: readonly ICellFlow[], closure: IClosure): void {
  for (const flow of flows) {
    flow.analysis.imports.forEach((path, bound) => {
      if (path.startsWith('__future__.')) {
        closure.imports.set(bound, path);
      }
    });
  }
}
