/**
 * `node lib/cli.js analyze A.ipynb [B.ipynb ...]`: the analysis as one JSON object on stdout.
 * `node lib/cli.js extract NB.ipynb --cells I,J[,K...] [--name NAME]`: one function over
 * consecutive code cells (markdown between them allowed), as one JSON object.
 * `node lib/cli.js slice NB.ipynb --cell I`: the earlier code cells cell I needs (slice.ts).
 * `node lib/cli.js imports NB.ipynb`: what the notebook imports, set apart (imports.ts).
 * `node lib/cli.js data NB.ipynb`: the data paths the notebook reads and writes.
 * An unreadable or invalid notebook (`null`, `[]`, `{}`, a cell that is not an object), or
 * one the analysis cannot handle (a cell nested too deep for the stack): one line on stderr
 * and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { planBlock } from '../extract/index.js';
import { dataPaths } from '../data/index.js';
import { analyzeNotebooks, INotebookInput } from '../report.js';
import { INotebookCell } from '../core/index.js';
import { importsOf } from './imports.js';
import { sliceCell } from './slice.js';
import { moveCells } from './move.js';

class UsageError extends Error {}

interface IRawCell {
  cell_type?: unknown;
  source?: unknown;
  id?: unknown;
  metadata?: { tags?: unknown };
}

function readNotebook(path: string): INotebookInput {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf-8'));
  } catch (error) {
    throw new UsageError(
      `${path}: not a readable notebook (${(error as Error).message})`
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const kind =
      raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw;
    throw new UsageError(
      `${path}: not a notebook (a JSON ${kind}, not an object)`
    );
  }
  const cells = (raw as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) {
    throw new UsageError(`${path}: not a notebook (no "cells" list)`);
  }
  return {
    path,
    cells: cells.map((item: unknown, index): INotebookCell => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new UsageError(`${path}: cell ${index} is not an object`);
      }
      const cell = item as IRawCell;
      const source = Array.isArray(cell.source)
        ? cell.source.every((s: unknown) => typeof s === 'string')
          ? cell.source.join('')
          : undefined
        : cell.source;
      if (typeof source !== 'string' || typeof cell.cell_type !== 'string') {
        throw new UsageError(
          `${path}: cell ${index} has no valid "source" or "cell_type"`
        );
      }
      const metadata = cell.metadata;
      const tags =
        typeof metadata === 'object' && metadata !== null
          ? metadata.tags
          : undefined;
      return {
        index,
        id: typeof cell.id === 'string' ? cell.id : null,
        cellType: cell.cell_type,
        source,
        tags: Array.isArray(tags)
          ? tags.filter((t): t is string => typeof t === 'string')
          : []
      };
    })
  };
}

const USAGE = `usage: node lib/cli.js analyze NOTEBOOK.ipynb [NOTEBOOK.ipynb ...]
       node lib/cli.js extract NOTEBOOK.ipynb --cells I,J[,K...] [--name NAME]
       node lib/cli.js slice NOTEBOOK.ipynb --cell I
       node lib/cli.js imports NOTEBOOK.ipynb
       node lib/cli.js data NOTEBOOK.ipynb
       node lib/cli.js move NOTEBOOK.ipynb --cells I[,J...] --module PATH [--tests]
`;

/** Each verb and what answers it, given the arguments after the verb. */
const VERBS: Record<string, (args: string[]) => object> = {
  analyze: args => analyzeNotebooks(args.map(readNotebook)),
  extract: args => extractCells(args),
  slice: args => sliceCell(args, readNotebook, m => new UsageError(m)),
  imports: args => importsOf(args, readNotebook, m => new UsageError(m)),
  data: args => dataOf(args),
  move: args => moveCells(args, readNotebook, m => new UsageError(m))
};

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const verb = Object.prototype.hasOwnProperty.call(VERBS, command)
    ? VERBS[command]
    : undefined;
  if (!verb || rest.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const answer = verb(rest);
    process.stdout.write(JSON.stringify(answer, null, 1) + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${oneLine(error)}\n`);
    return 2;
  }
}

/** The `data` verb: one notebook's data paths, in the contract's fields and order. */
function dataOf(args: string[]): object {
  if (args.length !== 1) {
    throw new UsageError('data takes one notebook');
  }
  const paths = dataPaths(readNotebook(args[0]).cells);
  return {
    paths: paths.map(({ path, mode, cell, call, exact }) => ({
      path,
      mode,
      cell,
      call,
      exact
    }))
  };
}

/** The `extract` verb: its arguments checked, the block planned, the contract's answer. */
function extractCells(args: string[]): object {
  const [path, ...options] = args;
  let cellsArg: string | undefined;
  let name: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    if (options[i] === '--cells') {
      cellsArg = options[i + 1];
    } else if (options[i] === '--name') {
      name = options[i + 1];
    } else {
      throw new UsageError(`unknown option ${options[i]}`);
    }
  }
  if (!cellsArg) {
    throw new UsageError('extract needs --cells I,J[,K...]');
  }
  const { cells } = readNotebook(path);
  const indexes = blockIndexes(cellsArg, cells);
  const plan = planBlock(
    cells,
    indexes[0],
    indexes[indexes.length - 1],
    name ? { name } : {}
  );
  if (!plan.ok) {
    return { ok: false, reason: plan.reason };
  }
  const { ok, async, params, returns, source } = plan;
  return { ok, name: plan.name, async, params, returns, source };
}

/** `I,J,K`: code cells in order, with nothing but markdown or raw cells between them. */
function blockIndexes(arg: string, cells: readonly INotebookCell[]): number[] {
  const indexes = arg.split(',').map(part => {
    if (!/^\d+$/.test(part.trim())) {
      throw new UsageError(`--cells: "${part}" is not a cell index`);
    }
    const index = Number(part);
    if (index >= cells.length) {
      throw new UsageError(
        `--cells: the notebook has no cell ${index} (it has ${cells.length})`
      );
    }
    if (cells[index].cellType !== 'code') {
      throw new UsageError(`--cells: cell ${index} is not a code cell`);
    }
    return index;
  });
  indexes.forEach((index, k) => {
    const previous = indexes[k - 1];
    if (
      k > 0 &&
      (index <= previous ||
        cells.slice(previous + 1, index).some(c => c.cellType === 'code'))
    ) {
      throw new UsageError(
        `--cells: ${arg} are not consecutive code cells in notebook order`
      );
    }
  });
  return indexes;
}

/** What went wrong, on one line: exit 2 says one thing, never a stack trace. */
function oneLine(error: unknown): string {
  if (error instanceof UsageError) {
    return error.message;
  }
  if (error instanceof RangeError) {
    // The stack ran out: a cell nested deeper than the analysis can follow.
    return `cannot analyse: a cell is nested too deeply (${error.message})`;
  }
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `cannot analyse: ${text.replace(/\s+/g, ' ').slice(0, 500)}`;
}
