/**
 * `node lib/cli.js analyze A.ipynb [B.ipynb ...]`: the analysis as one JSON object on stdout.
 * An unreadable or invalid notebook: a message on stderr and exit code 2.
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
  const cells = (raw as { cells?: unknown }).cells;
  if (!Array.isArray(cells)) {
    throw new UsageError(`${path}: not a notebook (no "cells" list)`);
  }
  return {
    path,
    cells: cells.map((cell: IRawCell, index): INotebookCell => {
      const source = Array.isArray(cell.source)
        ? cell.source.join('')
        : cell.source;
      if (typeof source !== 'string' || typeof cell.cell_type !== 'string') {
        throw new UsageError(
          `${path}: cell ${index} has no valid "source" or "cell_type"`
        );
      }
      const tags = cell.metadata?.tags;
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
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
