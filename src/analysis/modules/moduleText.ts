/**
 * The module's text after the move: an existing module is appended to, never overwritten (new
 * imports go after its own, new definitions at its end); a name it already defines the same
 * way is reused, one it defines differently refuses the move.
 */
import { analyzeCell, ICellAnalysis, topStatements } from '../core/index.js';
import { definedName } from '../extract/index.js';
import { IClosure, isImport, refuse } from './closure.js';
import { ISpan } from './types.js';

export interface IModuleText {
  source: string;
  added: ISpan[];
}

/** One `import`/`from ... import` line per module, merged and sorted the way isort does. */
export function importLines(imports: ReadonlyMap<string, string>): string[] {
  const plain: string[] = [];
  const from = new Map<string, Set<string>>();
  for (const [bound, path] of imports) {
    const dot = path.lastIndexOf('.');
    if (dot < 0) {
      plain.push(
        bound === path ? `import ${path}` : `import ${path} as ${bound}`
      );
    } else {
      const [head, last] = [path.slice(0, dot), path.slice(dot + 1)];
      const names = from.get(head) ?? new Set<string>();
      names.add(last === bound ? last : `${last} as ${bound}`);
      from.set(head, names);
    }
  }
  const byModule = (a: string, b: string) =>
    a.toLowerCase() < b.toLowerCase()
      ? -1
      : a.toLowerCase() > b.toLowerCase()
        ? 1
        : 0;
  const fromLine = (head: string) =>
    `from ${head} import ${[...from.get(head)!].sort(byModule).join(', ')}`;
  const heads = [...from.keys()].sort(byModule);
  // `from __future__ import ...` must come first in a module.
  const future = heads.filter(h => h === '__future__');
  return [
    ...future.map(fromLine),
    ...plain.sort(byModule),
    ...heads.filter(h => h !== '__future__').map(fromLine)
  ];
}

/** The closure's definitions in dependency order: what one reads when defined comes first. */
export function ordered(
  closure: IClosure
): { name: string; text: string; reads: readonly string[] }[] {
  const all = [
    ...closure.constants.map(c => ({
      name: c.name,
      text: c.text,
      reads: c.reads,
      key: c.code
    })),
    ...closure.units.map(u => ({
      name: u.name,
      text: u.text,
      reads: u.defReads,
      key: u.code
    }))
  ];
  // Notebook order first; then each definition after what it needs when it is defined.
  all.sort((a, b) => a.key - b.key);
  const byName = new Map(all.map(d => [d.name, d]));
  const out: typeof all = [];
  const placed = new Set<string>();
  const place = (d: (typeof all)[number], seen: Set<string>) => {
    if (placed.has(d.name) || seen.has(d.name)) {
      return;
    }
    seen.add(d.name);
    d.reads.forEach(n => {
      const need = byName.get(n);
      if (need) {
        place(need, seen);
      }
    });
    placed.add(d.name);
    out.push(d);
  };
  all.forEach(d => place(d, new Set()));
  return out;
}

/** The module's text with the closure added, and which names it already had. */
export function moduleText(
  closure: IClosure,
  existing: string | null,
  moduleName: string
): IModuleText & { reused: Set<string> } {
  const old = existing === null ? null : analyzeCell(existing);
  if (old && (old.syntaxErrorLine !== null || old.ipython.magics.length > 0)) {
    refuse(
      'bad-module',
      `${moduleName} is not plain Python the move can add to` +
        (old.syntaxErrorLine !== null
          ? ` (syntax error on line ${old.syntaxErrorLine})`
          : ''),
      null
    );
  }
  const reused = new Set<string>();
  const imports = new Map<string, string>();
  closure.imports.forEach((path, bound) => {
    if (old && !old.binds.has(bound) && path.startsWith('__future__.')) {
      refuse(
        'bad-module',
        `the notebook runs with from __future__ import ${bound} and ${moduleName} does not: ` +
          'add it at the top of the module first',
        bound
      );
    }
    if (!old || !old.binds.has(bound)) {
      imports.set(bound, path);
    } else if (old.imports.get(bound) !== path) {
      refuse(
        'module-defines',
        `${moduleName} already binds ${bound} to something else`,
        bound
      );
    }
  });
  const definitions = ordered(closure).filter(d => {
    if (!old || !old.binds.has(d.name)) {
      return true;
    }
    if (definitionText(old, d.name) !== d.text) {
      refuse(
        'module-defines',
        `${moduleName} already defines ${d.name} differently`,
        d.name
      );
    }
    reused.add(d.name);
    return false;
  });
  const body = definitions.map(d => d.text).join('\n\n\n');
  return {
    ...assemble(existing ?? '', old, importLines(imports), body),
    reused
  };
}

/** The text of a module's top-level definition or binding statement of a name. */
function definitionText(module: ICellAnalysis, name: string): string | null {
  const python = module.ipython.python;
  const found = topStatements(module).filter(s => {
    const defined = definedName(s, python);
    return (
      defined === name ||
      (defined === null && python.slice(s.from, s.to).startsWith(`${name} =`))
    );
  });
  return found.length === 1
    ? python.slice(found[0].from, found[0].to).trimEnd()
    : null;
}

/** Inserts the import lines after the module's own imports and appends the definitions. */
function assemble(
  text: string,
  old: ICellAnalysis | null,
  imports: string[],
  body: string
): IModuleText {
  const added: ISpan[] = [];
  let out = text;
  if (imports.length > 0) {
    const at = importsEnd(text, old);
    const block =
      imports.join('\n') + '\n' + (at === 0 && text.trim() ? '\n' : '');
    const lead = at > 0 && !out.slice(0, at).endsWith('\n') ? '\n' : '';
    out = out.slice(0, at) + lead + block + out.slice(at);
    added.push({ from: at + lead.length, to: at + lead.length + block.length });
  }
  if (body) {
    const trimmed = out.replace(/\s*$/, '');
    const gap = trimmed ? '\n\n\n' : '';
    out = trimmed + gap;
    added.push({ from: out.length, to: out.length + body.length + 1 });
    out += body + '\n';
  }
  return { source: out, added };
}

/** Where new imports go: after the last top-level import, else after a leading docstring. */
function importsEnd(text: string, old: ICellAnalysis | null): number {
  if (!old) {
    return 0;
  }
  const statements = topStatements(old);
  const last = [...statements].reverse().find(isImport);
  const docstring =
    statements[0]?.name === 'ExpressionStatement' &&
    statements[0].firstChild?.name === 'String'
      ? statements[0]
      : null;
  const after = last ?? docstring;
  if (!after) {
    return 0;
  }
  const lineEnd = text.indexOf('\n', after.to - 1);
  return lineEnd < 0 ? text.length : lineEnd + 1;
}
