/**
 * Every shape of source text IPython accepts extracts into code CPython parses, indented four
 * spaces a level, with the user's own lines in refusals (issue #34).
 */
import { execFileSync } from 'child_process';
import { parser } from '@lezer/python';
import { analyzeCell } from '../core';
import { cleanupCell, lineKinds, userPosition } from '../core';
import { planBlock } from './block';
import { IExtractPlan } from './extract';
import {
  codeCells,
  cpythonFailures,
  extractAt,
  venvPython
} from '../../testing/analysis';

const python = venvPython();
const withPython = python ? it : it.skip;

/** The cell every shape re-types: a block, a nested block, a multi-line string, a display. */
const BASE = [
  'import math',
  'total = 0',
  'for i in range(3):',
  '    if i:',
  '        total += i',
  's = """a',
  '  b"""',
  'total + len(s) + math.floor(1.5)'
];

/** Each shape: the base cell's lines as a user may type them. */
const SHAPES: Record<string, (lines: string[]) => string> = {
  'one space': l => l.map(x => ` ${x}`).join('\n'),
  'two spaces': l => l.map(x => `  ${x}`).join('\n'),
  'three spaces': l => l.map(x => `   ${x}`).join('\n'),
  'four spaces': l => l.map(x => `    ${x}`).join('\n'),
  tab: l => l.map(x => `\t${x}`).join('\n'),
  'two-space blocks': l => l.map(x => x.replace(/ {4}/g, '  ')).join('\n'),
  'tab blocks': l => l.map(x => x.replace(/ {4}/g, '\t')).join('\n'),
  crlf: l => l.join('\r\n'),
  'lone cr': l => l.join('\r'),
  'leading form feed': l => `\f${l.join('\n')}`,
  'form feeds in indentation': l =>
    l.map(x => (/^\S/.test(x) && x !== '  b"""' ? `\f${x}` : x)).join('\n'),
  'leading blank lines': l => `\n  \n${l.map(x => `  ${x}`).join('\n')}`,
  'trailing spaces': l => l.map(x => `${x}  `).join('\n'),
  'final newline': l => `${l.join('\n')}\n`,
  semicolons: l => [`${l[0]}; ${l[1]}`, ...l.slice(2)].join('\n'),
  'backslash continuation': l =>
    [...l.slice(0, -1), 'total + len(s) + \\', '    math.floor(1.5)'].join('\n')
};
const NAMES = Object.keys(SHAPES);
const shaped = (name: string) => SHAPES[name](BASE);

/** The extraction of the shaped cell, after a cell that binds nothing it needs. */
function extracted(name: string): IExtractPlan {
  const plan = extractAt(['x = 1', shaped(name), 'total'], 1);
  if (!plan.ok) {
    throw new Error(`${name}: ${plan.reason}`);
  }
  return plan;
}

/** Lines outside strings indented by anything but four spaces a level. */
function badIndents(source: string): string[] {
  const kinds = lineKinds(source);
  return source
    .split('\n')
    .filter(
      (line, i) =>
        kinds[i] !== 'string' &&
        line.trim() !== '' &&
        !/^( {4})*\S/.test(line) &&
        kinds[i] !== 'continued'
    );
}

function treeErrors(source: string): number {
  let errors = 0;
  parser.parse(source).iterate({
    enter: n => {
      errors += n.type.isError ? 1 : 0;
    }
  });
  return errors;
}

/** `ast.dump` of each source, after IPython's own `transform_cell` when `ipython` is set. */
function astDumps(sources: string[], ipython: boolean): (string | null)[] {
  const script = [
    'import ast, json, sys',
    'from IPython.core.inputtransformer2 import TransformerManager',
    'tm = TransformerManager()',
    'out = []',
    'for s in json.load(sys.stdin):',
    '    try:',
    `        out.append(ast.dump(ast.parse(tm.transform_cell(s) if ${ipython ? 'True' : 'False'} else s)))`,
    '    except SyntaxError:',
    '        out.append(None)',
    'print(json.dumps(out))'
  ].join('\n');
  const out = execFileSync(python!, ['-c', script], {
    input: JSON.stringify(sources),
    encoding: 'utf-8'
  });
  return JSON.parse(out) as (string | null)[];
}

describe('source shapes IPython accepts', () => {
  withPython(
    'the cleaned text is what IPython compiles, shape by shape',
    () => {
      const sources = NAMES.map(shaped);
      const cleaned = sources.map(s => cleanupCell(s).text);
      expect(astDumps(cleaned, false)).toEqual(astDumps(sources, true));
    }
  );

  withPython('help syntax is read as IPython reads it', () => {
    const cells = [
      'obj?',
      'obj??',
      ' obj?',
      '?obj  ',
      '??obj',
      'obj?  ',
      'a.b??\n'
    ];
    const ours = cells.map(c => analyzeCell(c));
    const python = ours.map(a =>
      a.syntaxErrorLine === null ? a.ipython.python : 'not valid ('
    );
    expect(astDumps(python, false)).toEqual(astDumps(cells, true));
  });

  it.each(NAMES)('%s keeps the user lines', name => {
    const source = shaped(name);
    const cleaned = cleanupCell(source);
    const userLines = source.split(/\r\n|\r|\n/).length;
    expect(cleaned.text.split('\n').length).toBe(userLines);
    // `total += i`, wherever the shape put it, maps back to the user's own line and column.
    const at = cleaned.text.indexOf('total += i');
    const userLine = source
      .split(/\r\n|\r|\n/)
      .findIndex(l => l.includes('total += i'));
    expect(userPosition(cleaned, source, at)).toEqual({
      line: userLine + 1,
      column: source.split(/\r\n|\r|\n/)[userLine].indexOf('total += i')
    });
  });

  it.each(NAMES)('%s extracts into four-space code that parses', name => {
    const plan = extracted(name);
    expect(plan.params).toEqual([]);
    expect(plan.returns).toEqual(['total']);
    expect(treeErrors(plan.source)).toBe(0);
    expect(badIndents(plan.source)).toEqual([]);
    expect(plan.source).toContain('\n    s = """a');
  });

  withPython('every extraction parses under CPython', () => {
    const sources = NAMES.map(name => extracted(name).source);
    expect(cpythonFailures(python!, sources)).toEqual([]);
  });

  it.each(NAMES)('%s: a refusal names the user line', name => {
    const lines = [...BASE.slice(0, 3), 'return total', ...BASE.slice(3)];
    const source = SHAPES[name](lines);
    const plan = extractAt([source], 0);
    const userLine = source
      .split(/\r\n|\r|\n/)
      .findIndex(l => l.includes('return total'));
    expect(plan.ok).toBe(false);
    expect(plan.ok ? null : plan.line).toBe(userLine + 1);
  });

  it('keeps the bytes of a string the cell indents, as IPython leaves them', () => {
    const plan = extractAt([' s = """a\n   b\n """', 's'], 0);
    expect(plan.ok && plan.source).toContain('    s = """a\n  b\n"""');
  });

  it('puts a last statement split off a continued line at its level', () => {
    const plan = extractAt(['k = 1', 'x = \\\n    k * 2; x'], 1);
    expect(plan.ok && plan.source).toContain(
      '\n    x = \\\n        k * 2\n    return x\n'
    );
  });

  it('refuses a first line IPython leaves indented, on its line', () => {
    // The string's last line has no indentation: nothing is common, CPython sees an indent.
    const plan = extractAt(['# note', ' s = """a\n   b\n"""', 's'], 1);
    expect(plan.ok).toBe(false);
    expect(plan.ok ? null : plan.line).toBe(1);
  });

  it("extracts the issue's three Image cells, one space before each", () => {
    const cells = [
      'from IPython.display import Image',
      " Image(filename='./figures/02_04.png', width=600) ",
      " Image(filename='./figures/02_05.png', width=600) ",
      " Image(filename='./figures/02_06.png', width=600) "
    ];
    for (const at of [1, 2, 3]) {
      const plan = extractAt(cells, at);
      expect(plan.ok && plan.source).toMatch(
        /^def \w+\(\):\n {4}"""Extracted from cell \d\."""\n {4}return Image\(/
      );
    }
    const block = planBlock(codeCells(cells), 1, 3);
    expect(block.ok).toBe(true);
    expect(block.ok && badIndents(block.source)).toEqual([]);
  });
});
