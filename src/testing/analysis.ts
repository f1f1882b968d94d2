import { execFileSync } from 'child_process';
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join, resolve } from 'path';
import { INotebookCell, NotebookAnalyzer } from '../analysis';
import { ExtractResult, planExtraction } from '../analysis';

export const ROOT = resolve(__dirname, '..', '..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
export const HAS_CORPUS = existsSync(CORPUS);

/** Code cells as the analysis takes them. */
export function codeCells(sources: string[]): INotebookCell[] {
  return sources.map((source, index) => ({
    index,
    id: null,
    cellType: 'code',
    source
  }));
}

/** Extracts cell `at` of a notebook made of `sources`. */
export function extractAt(sources: string[], at: number): ExtractResult {
  const flows = new NotebookAnalyzer().analyze(codeCells(sources));
  return planExtraction(flows[at]);
}

/** The cells of every corpus notebook under `folder`, or [] without the corpus. */
export function corpusNotebooks(
  folder = ''
): { path: string; cells: INotebookCell[] }[] {
  if (!HAS_CORPUS) {
    return [];
  }
  const dirs = folder
    ? [folder]
    : readdirSync(CORPUS, { withFileTypes: true })
        .filter(d => d.isDirectory())
        .map(d => d.name);
  return dirs.flatMap(dir =>
    readdirSync(join(CORPUS, dir))
      .filter(name => name.endsWith('.ipynb'))
      .map(name => {
        const path = join(CORPUS, dir, name);
        const raw = JSON.parse(readFileSync(path, 'utf-8')) as {
          cells: {
            cell_type: string;
            source: string | string[];
            id?: string;
            metadata?: { tags?: string[] };
          }[];
        };
        return {
          path,
          cells: raw.cells.map((c, index) => ({
            index,
            id: c.id ?? null,
            cellType: c.cell_type,
            source: Array.isArray(c.source) ? c.source.join('') : c.source,
            tags: c.metadata?.tags ?? []
          }))
        };
      })
  );
}

/** The Python of .venv, which has IPython; null when it is not there. */
export function venvPython(): string | null {
  const python = join(ROOT, '.venv', 'bin', 'python');
  return existsSync(python) ? python : null;
}

/**
 * Which of the sources fail to parse under CPython after IPython's own transformation:
 * returns their indexes. One python process for all of them.
 */
export function cpythonFailures(python: string, sources: string[]): number[] {
  const script = [
    'import ast, json, sys',
    'from IPython.core.inputtransformer2 import TransformerManager',
    'tm = TransformerManager()',
    'bad = []',
    'for i, s in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        ast.parse(tm.transform_cell(s))',
    '    except SyntaxError:',
    '        bad.append(i)',
    'print(json.dumps(bad))'
  ].join('\n');
  const out = execFileSync(python, ['-c', script], {
    input: JSON.stringify(sources),
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024
  });
  return JSON.parse(out) as number[];
}
