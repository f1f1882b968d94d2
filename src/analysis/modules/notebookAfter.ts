/**
 * The notebook's cell after a move: the selected cells' own imports (the notebook keeps them),
 * autoreload set up once for the module, the import of the moved names, and the rest of a cell
 * whose definitions alone moved.
 */
import { ICellFlow } from '../core/index.js';

export function importCell(
  flows: readonly ICellFlow[],
  moduleName: string,
  names: readonly string[],
  imports: readonly string[],
  work: readonly string[]
): string {
  const lines = [
    ...imports,
    ...autoreload(flows, moduleName),
    `from ${moduleName} import ${names.join(', ')}`,
    ...work
  ];
  return lines.join('\n');
}

/**
 * `%load_ext autoreload`, `%autoreload 1`, `%aimport mod`: edits to the module show up without
 * a restart, and only our modules are reloaded. Each line only when no cell has it already.
 */
export function autoreload(
  flows: readonly ICellFlow[],
  moduleName: string
): string[] {
  const has = (name: string, args: (a: string) => boolean) =>
    flows.some(f =>
      f.analysis.ipython.magics.some(m => m.name === name && args(m.args))
    );
  const out: string[] = [];
  if (!has('load_ext', a => a.split(/\s+/).includes('autoreload'))) {
    out.push('%load_ext autoreload');
  }
  if (!has('autoreload', () => true)) {
    out.push('%autoreload 1');
  }
  if (!has('aimport', a => a.split(/[\s,]+/).includes(moduleName))) {
    out.push(`%aimport ${moduleName}`);
  }
  return out;
}
