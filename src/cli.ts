/**
 * `node lib/cli.js analyze A.ipynb [B.ipynb ...]`: the analysis as one JSON object on stdout.
 * An unreadable or invalid notebook (`null`, `[]`, `{}`, a cell that is not an object), or
 * one the analysis cannot handle (a cell nested too deep for the stack): one line on stderr
 * and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { analyzeNotebooks, INotebookInput } from './analysis/report.js';
import { INotebookCell } from './analysis/notebook.js';

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

export function main(argv: string[]): number {
  const [command, ...paths] = argv;
  if (command !== 'analyze' || paths.length === 0) {
    process.stderr.write(
      'usage: node lib/cli.js analyze NOTEBOOK.ipynb [NOTEBOOK.ipynb ...]\n'
    );
    return 2;
  }
  try {
    const report = analyzeNotebooks(paths.map(readNotebook));
    process.stdout.write(JSON.stringify(report, null, 1) + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${oneLine(error)}\n`);
    return 2;
  }
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

process.exitCode = main(process.argv.slice(2));
