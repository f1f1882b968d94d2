#!/usr/bin/env node
/**
 * The analysis's floors and doors, checked (run by `jlpm lint:check`):
 * - a folder under src/analysis/ is entered only through its index.ts: an import from outside a
 *   folder names the folder's index, never a file past it (src/analysis/cli/index.ts is the
 *   command line's own door, kept out of the frontend's surface because it reads files);
 * - no import circles among the sources (specs are leaves: nothing imports them);
 * - one spec convention: specs beside their code (integration specs in src/__integration__/),
 *   no `__tests__` folders;
 * - a module loaded with `import()` (a command's implementation, a dialog, a heavy part of the
 *   analysis) is not also reached from src/index.ts by static imports: that would put it back
 *   in the page load's chunk, and the `import()` would load nothing. `import type` is erased and
 *   does not count.
 * A regex over import lines is enough: the sources spell every import on `from '...'`.
 * An import may pass a door when the line before it says `layers: allow` and why (jest spies on
 * the module a function lives in, which a re-export cannot stand in for).
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SRC = 'src';
const ANALYSIS = 'src/analysis';
const ENTRIES = new Set(['src/analysis/cli/index.ts']);
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function sources(dir) {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap(entry => {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        return sources(rel);
      }
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')
        ? [rel]
        : [];
    });
}

function resolve(from, spec) {
  const base = path.posix.normalize(
    path.posix.join(path.posix.dirname(from), spec.replace(/\.js$/, ''))
  );
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(candidate =>
    fs.existsSync(path.join(ROOT, candidate))
  );
}

/** The folder `target` enters past its door, seen from `from`; undefined when it may. */
function pastDoor(from, target) {
  if (!target.startsWith(`${ANALYSIS}/`) || ENTRIES.has(target)) {
    return undefined;
  }
  const here = path.posix.dirname(from).split('/');
  const there = target.split('/');
  let common = 0;
  while (common < here.length && here[common] === there[common]) {
    common++;
  }
  const rest = there.slice(common);
  const throughDoor = rest.length === 2 && rest[1] === 'index.ts';
  return rest.length === 1 || throughDoor
    ? undefined
    : there.slice(0, common + 1).join('/');
}

function importsOf(file) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
  const found = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) {
      continue;
    }
    const at = match.index + match[0].search(/import|export/);
    const line = text.slice(0, at).split('\n').length;
    const before = text.split('\n')[line - 2] ?? '';
    found.push({
      spec,
      line,
      allowed: before.includes('layers: allow'),
      dynamic: match[2] !== undefined,
      typeOnly: /\bimport\s+type\s/.test(match[0])
    });
  }
  return found;
}

/** Tarjan's strongly connected components: every circle is one with more than one file. */
function circles(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = node => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? new Set()).has(node)) {
        found.push(component.sort());
      }
    }
  };
  [...graph.keys()].sort().forEach(node => index.has(node) || visit(node));
  return found;
}

/** The path of static imports from `start` to each file it reaches. */
function reached(graph, start) {
  const via = new Map([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of graph.get(file) ?? []) {
      if (!via.has(next)) {
        via.set(next, [...via.get(file), next]);
        queue.push(next);
      }
    }
  }
  return via;
}

function main() {
  const problems = [];
  const graph = new Map();
  const eager = new Map();
  const lazy = new Set();
  for (const file of sources(SRC)) {
    if (file.split('/').includes('__tests__')) {
      problems.push(`${file}: specs sit beside their code, not in __tests__/`);
    }
    const isSpec = /\.spec\.tsx?$/.test(file);
    for (const { spec, line, allowed, dynamic, typeOnly } of importsOf(file)) {
      const target = resolve(file, spec);
      if (!target) {
        continue;
      }
      const folder = pastDoor(file, target);
      if (folder && !allowed) {
        problems.push(
          `${file}:${line}: '${spec}' goes past ${folder}/index.ts`
        );
      }
      if (!isSpec) {
        graph.set(file, (graph.get(file) ?? new Set()).add(target));
        if (dynamic) {
          lazy.add(target);
        } else if (!typeOnly) {
          eager.set(file, (eager.get(file) ?? new Set()).add(target));
        }
      }
    }
  }
  const atLoad = reached(eager, `${SRC}/index.ts`);
  for (const target of [...lazy].sort()) {
    if (atLoad.has(target)) {
      problems.push(
        `${target} is loaded with import() but also at page load: ${atLoad.get(target).join(' -> ')}`
      );
    }
  }
  for (const component of circles(graph)) {
    problems.push(`import circle: ${component.join(' <-> ')}`);
  }
  problems.forEach(problem => console.error(problem));
  if (problems.length > 0) {
    console.error(`check-layers: ${problems.length} problem(s)`);
    process.exitCode = 1;
  }
}

main();
