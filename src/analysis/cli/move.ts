/**
 * `node lib/cli.js move NB.ipynb --cells I[,J...] --module PATH [--tests] [--definitions-only]`:
 * the plan of moving the cells' functions and classes, with what they depend on, into the
 * module PATH (relative to the notebook's folder; its current content read from disk when it
 * exists), as docs/design.md's contract says.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planMove } from '../modules/index.js';
import { INotebookCell } from '../core/index.js';

/** The move verb's answer; `fail` turns a bad argument into the CLI's usage error. */
export function moveCells(
  args: string[],
  read: (path: string) => { cells: INotebookCell[] },
  fail: (message: string) => Error
): object {
  const [path, ...options] = args;
  const { cellsArg, module, tests, definitionsOnly } = parseOptions(
    options,
    fail
  );
  const { cells } = read(path);
  const indexes = cellIndexes(cellsArg, cells, fail);
  const folder = dirname(path);
  const plan = planMove(cells, indexes, {
    module,
    existing: readIfFile(join(folder, module), fail),
    tests,
    existingTests: readIfFile(join(folder, testsPath(module)), fail),
    definitionsOnly
  });
  if (!plan.ok) {
    return { ok: false, reason: plan.reason, name: plan.name };
  }
  return {
    ok: true,
    module: plan.module,
    moduleSource: plan.moduleSource,
    names: plan.names,
    cells: plan.cells,
    tests: plan.tests
      ? { path: plan.tests.path, source: plan.tests.source }
      : null
  };
}

function parseOptions(
  options: string[],
  fail: (message: string) => Error
): {
  cellsArg: string;
  module: string;
  tests: boolean;
  definitionsOnly: boolean;
} {
  let cellsArg: string | undefined;
  let module: string | undefined;
  let tests = false;
  let definitionsOnly = false;
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    if (option === '--tests') {
      tests = true;
    } else if (option === '--definitions-only') {
      definitionsOnly = true;
    } else if (option === '--cells' || option === '--module') {
      const value = options[++i];
      if (value === undefined) {
        throw fail(`${option} needs a value`);
      }
      if (option === '--cells') {
        cellsArg = value;
      } else {
        module = value;
      }
    } else {
      throw fail(`unknown option ${option}`);
    }
  }
  if (!cellsArg || !module) {
    throw fail('move needs --cells I[,J...] and --module PATH');
  }
  return { cellsArg, module, tests, definitionsOnly };
}

/** `I,J`: distinct code cells, in any order. */
function cellIndexes(
  arg: string,
  cells: readonly INotebookCell[],
  fail: (message: string) => Error
): number[] {
  const indexes = arg.split(',').map(part => {
    if (!/^\d+$/.test(part.trim())) {
      throw fail(`--cells: "${part}" is not a cell index`);
    }
    const index = Number(part);
    if (index >= cells.length) {
      throw fail(
        `--cells: the notebook has no cell ${index} (it has ${cells.length})`
      );
    }
    if (cells[index].cellType !== 'code') {
      throw fail(`--cells: cell ${index} is not a code cell`);
    }
    return index;
  });
  return [...new Set(indexes)].sort((a, b) => a - b);
}

/** `lib/ml.py` -> `lib/test_ml.py`. */
function testsPath(module: string): string {
  const slash = module.lastIndexOf('/');
  return `${module.slice(0, slash + 1)}test_${module.slice(slash + 1)}`;
}

function readIfFile(
  path: string,
  fail: (message: string) => Error
): string | null {
  if (!existsSync(path)) {
    return null;
  }
  if (!statSync(path).isFile()) {
    throw fail(`${path} exists and is not a file`);
  }
  return readFileSync(path, 'utf-8');
}
