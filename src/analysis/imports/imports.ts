/**
 * What a notebook imports: every `import` and `from ... import` in its code cells (at top
 * level, in functions, under `try`), and the packages its `%pip install` lines install. Each
 * top-level module is set apart as standard library, the project's own, or a package.
 */
import { SyntaxNode } from '@lezer/common';
import { transformIPython } from '../core/index.js';
import { lineOf, parsePython } from '../core/index.js';
import { IPipRequirement, pipRequirements } from './pip.js';
import { isStdlib } from './stdlib.js';

export interface IImportSite {
  /** Index of the cell in the notebook's cells array. */
  cell: number;
  /** 1-based line in the cell. */
  line: number;
  /** The module as written: `sklearn.linear_model`, `.utils` (relative), `..`. */
  module: string;
  /** Its top-level name (`sklearn`), or null for a relative import. */
  top: string | null;
  /** Inside a `def` or `lambda` (runs only when called). */
  inFunction: boolean;
  /** Inside a `try` (the notebook may run without it). */
  guarded: boolean;
}

export interface IPipInstallSite extends IPipRequirement {
  cell: number;
  line: number;
}

export interface INotebookImports {
  imports: IImportSite[];
  /** Top-level names of third-party packages, sorted: what a project must declare. */
  packages: string[];
  /** Top-level names from the standard library, sorted. */
  stdlib: string[];
  /** Top-level names of the project's own modules, and relative imports, sorted. */
  local: string[];
  /** Requirements `%pip install` / `!pip install` lines install. */
  pipInstalls: IPipInstallSite[];
  /** Code cells that do not parse (their imports before the error are still read). */
  syntaxErrors: number[];
}

export interface IImportCell {
  index: number;
  cellType: string;
  source: string;
}

export interface IImportOptions {
  /** The project's own top-level modules (files and packages the notebook can import). */
  localModules?: Iterable<string>;
}

/** The imports of a notebook's code cells, sorted into packages, stdlib and local. */
export function notebookImports(
  cells: readonly IImportCell[],
  options: IImportOptions = {}
): INotebookImports {
  const local = new Set(options.localModules ?? []);
  const imports: IImportSite[] = [];
  const pipInstalls: IPipInstallSite[] = [];
  const syntaxErrors: number[] = [];
  for (const cell of cells) {
    if (cell.cellType !== 'code') {
      continue;
    }
    const transformed = transformIPython(cell.source);
    for (const magic of transformed.magics) {
      const command = pipCommand(magic.kind, magic.name, magic.args);
      for (const req of command === null ? [] : pipRequirements(command)) {
        pipInstalls.push({ ...req, cell: cell.index, line: magic.line + 1 });
      }
    }
    const parsed = parsePython(transformed.python);
    if (parsed.errorAt !== null) {
      syntaxErrors.push(cell.index);
    }
    parsed.tree.iterate({
      enter: ref => {
        if (ref.name !== 'ImportStatement') {
          return undefined;
        }
        const line = lineOf(parsed.python, ref.from);
        for (const module of importedModules(ref.node, parsed.python)) {
          imports.push({
            cell: cell.index,
            line,
            module,
            top: module.startsWith('.') ? null : module.split('.')[0],
            inFunction: Private.enclosedBy(ref.node, FUNCTION_NODES),
            guarded: Private.enclosedBy(ref.node, TRY_NODES)
          });
        }
        return false;
      }
    });
  }
  return { imports, pipInstalls, syntaxErrors, ...classify(imports, local) };
}

const FUNCTION_NODES = new Set(['FunctionDefinition', 'LambdaExpression']);
const TRY_NODES = new Set(['TryStatement']);

/** The pip command of a magic or shell line, or null when the line is no pip call. */
function pipCommand(kind: string, name: string, args: string): string | null {
  if (kind === 'magic' && name === 'pip') {
    return args;
  }
  if (kind === 'shell' && /(^|[\s/\\])pip3?(\.exe)?\s/.test(args)) {
    return args;
  }
  return null;
}

/**
 * The modules one import statement names: `import a.b as c, d` -> a.b, d;
 * `from ..pkg import x` -> ..pkg; `from . import x, y` -> .x, .y (each may be a module).
 */
function importedModules(node: SyntaxNode, source: string): string[] {
  const parts: { name: string; text: string }[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    parts.push({ name: child.name, text: source.slice(child.from, child.to) });
  }
  if (parts[0]?.name === 'from') {
    return Private.fromModules(parts);
  }
  const modules: string[] = [];
  let dotted = '';
  let alias = false;
  for (const part of parts.slice(1)) {
    if (part.name === 'VariableName' && !alias) {
      dotted += part.text;
    } else if (part.name === '.') {
      dotted += '.';
    } else if (part.name === 'as') {
      alias = true;
    } else if (part.name === ',') {
      Private.flush(modules, dotted);
      dotted = '';
      alias = false;
    }
  }
  Private.flush(modules, dotted);
  return modules;
}

function classify(
  imports: readonly IImportSite[],
  local: ReadonlySet<string>
): Pick<INotebookImports, 'packages' | 'stdlib' | 'local'> {
  const packages = new Set<string>();
  const stdlib = new Set<string>();
  const own = new Set<string>();
  for (const site of imports) {
    if (site.top === null) {
      own.add(site.module);
    } else if (local.has(site.top)) {
      own.add(site.top);
    } else if (isStdlib(site.top)) {
      stdlib.add(site.top);
    } else {
      packages.add(site.top);
    }
  }
  const sorted = (names: Set<string>) => [...names].sort();
  return {
    packages: sorted(packages),
    stdlib: sorted(stdlib),
    local: sorted(own)
  };
}

namespace Private {
  export function flush(modules: string[], dotted: string): void {
    if (dotted && !dotted.endsWith('.')) {
      modules.push(dotted);
    }
  }

  /** `from X import ...`: X, or for `from . import a, b` the relative modules `.a`, `.b`. */
  export function fromModules(
    parts: { name: string; text: string }[]
  ): string[] {
    const at = parts.findIndex(p => p.name === 'import');
    const module = parts
      .slice(1, at < 0 ? parts.length : at)
      .map(p => p.text)
      .join('');
    if (!module) {
      return [];
    }
    if (/[^.]/.test(module)) {
      return [module];
    }
    // Only dots: each imported name may be a module beside this one.
    const names = parts
      .slice(at + 1)
      .filter(
        (p, i, all) => p.name === 'VariableName' && all[i - 1]?.name !== 'as'
      )
      .map(p => module + p.text);
    return names.length ? names : [module];
  }

  export function enclosedBy(
    node: SyntaxNode,
    kinds: ReadonlySet<string>
  ): boolean {
    for (let up = node.parent; up; up = up.parent) {
      if (kinds.has(up.name)) {
        return true;
      }
    }
    return false;
  }
}
