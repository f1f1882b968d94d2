/**
 * `node lib/cli.js imports NB.ipynb`: what the notebook imports, with the project's own
 * modules read from the folders a kernel started beside the notebook can import from: the
 * notebook's folder, and the project's root (the nearest folder up with .git, pyproject.toml,
 * setup.py or setup.cfg) and its src/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { INotebookCell } from '../core/index.js';
import { INotebookImports, notebookImports } from '../imports/index.js';

const PROJECT_MARKERS = ['.git', 'pyproject.toml', 'setup.py', 'setup.cfg'];

/** The imports verb's answer; `fail` turns a bad argument into the CLI's usage error. */
export function importsOf(
  args: string[],
  read: (path: string) => { cells: INotebookCell[] },
  fail: (message: string) => Error
): INotebookImports & { path: string; localModules: string[] } {
  const [path, ...options] = args;
  if (options.length) {
    throw fail(`unknown option ${options[0]}`);
  }
  const { cells } = read(path);
  const localModules = projectModules(dirname(resolve(path)));
  return { path, localModules, ...notebookImports(cells, { localModules }) };
}

/** Top-level module names the notebook's folder and its project define, sorted. */
export function projectModules(folder: string): string[] {
  const folders = [folder];
  const root = projectRoot(folder);
  if (root) {
    folders.push(root, join(root, 'src'));
  }
  const names = new Set<string>();
  for (const dir of folders) {
    for (const name of modulesIn(dir)) {
      names.add(name);
    }
  }
  return [...names].sort();
}

function projectRoot(folder: string): string | null {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (PROJECT_MARKERS.some(m => existsSync(join(dir, m)))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      return null;
    }
  }
}

/** `x.py` and packages (a folder holding `__init__.py` or, namespace-style, any `.py`). */
function modulesIn(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // no src/, or an unreadable folder: nothing importable from it
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && /^[A-Za-z_]\w*\.py$/.test(entry.name)) {
      names.push(entry.name.slice(0, -3));
    } else if (entry.isDirectory() && /^[A-Za-z_]\w*$/.test(entry.name)) {
      if (hasPython(join(dir, entry.name))) {
        names.push(entry.name);
      }
    }
  }
  return names;
}

function hasPython(dir: string): boolean {
  try {
    return readdirSync(dir).some(name => name.endsWith('.py'));
  } catch {
    return false;
  }
}
