import { analyzeCell } from './core';
import { analyzeNotebooks } from './report';
import { corpusNotebooks, HAS_CORPUS } from '../testing/analysis';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 2 ** 32;
  };
}

const TOKENS = [
  '(',
  ')',
  '[',
  ']',
  ':',
  '=',
  'for',
  'in',
  'lambda',
  'def',
  'yield',
  '%',
  '!',
  '"""',
  "'",
  '\\',
  '\n    ',
  'await',
  ':=',
  '*',
  ',',
  '#',
  'if',
  'else'
];

function mutate(sources: string[], next: () => number): string {
  const pick = () => sources[Math.floor(next() * sources.length)];
  const a = pick();
  const at = Math.floor(next() * (a.length + 1));
  switch (Math.floor(next() * 3)) {
    case 0:
      return a.slice(0, at);
    case 1: {
      const b = pick();
      return a.slice(0, at) + b.slice(Math.floor(next() * (b.length + 1)));
    }
    default:
      return (
        a.slice(0, at) +
        TOKENS[Math.floor(next() * TOKENS.length)] +
        a.slice(at)
      );
  }
}

(HAS_CORPUS ? describe : describe.skip)(
  'robustness on real and broken code',
  () => {
    const notebooks = corpusNotebooks();
    const sources = notebooks.flatMap(nb =>
      nb.cells.filter(c => c.cellType === 'code').map(c => c.source)
    );

    it('analyses every notebook of the corpus without throwing', () => {
      const report = analyzeNotebooks(notebooks);
      const cells = report.notebooks.flatMap(nb => nb.cells);
      expect(cells).toHaveLength(sources.length);
      expect(sources.length).toBeGreaterThan(3000);
    });

    // How long each takes is `make bench`'s business, not a test's (a loaded machine is slow).
    it('survives 10,000 mutated cells with a plan or a reason for each', () => {
      const next = random(20261127);
      const broken: string[] = [];
      for (let i = 0; i < 10000; i++) {
        const source = mutate(sources, next);
        // The whole pipeline: scopes, extraction, test detection, fingerprints.
        const report = analyzeNotebooks([
          {
            path: 'fuzz.ipynb',
            cells: [{ index: 0, id: null, cellType: 'code', source }]
          }
        ]);
        const extract = report.notebooks[0].cells[0].extract;
        if (extract.ok ? !extract.source.includes('def ') : !extract.reason) {
          broken.push(source);
        }
      }
      expect(broken).toEqual([]);
    });
  }
);

describe('bad input', () => {
  it('analyses a 1 MB cell', () => {
    const source = 'x = [1, 2, 3]\n'.repeat(75000);
    expect(analyzeCell(source).binds.has('x')).toBe(true);
  });

  // Issue 33: one element a line, 2 MB. Each line was an argument of one `push(...)` call,
  // which overflowed the stack and refused the whole notebook ("nested too deeply").
  it('analyses a flat 250,000-element list, one element a line', () => {
    const elements = Array.from({ length: 250_000 }, (_, i) => `    ${i},`);
    const source = ['x = [', ...elements, ']'].join('\n');
    expect(source.length).toBeGreaterThan(2_000_000);
    const report = analyzeNotebooks([
      {
        path: 'flat.ipynb',
        cells: [
          { index: 0, id: null, cellType: 'code', source },
          { index: 1, id: null, cellType: 'code', source: 'print(x)' }
        ]
      }
    ]);
    const extract = report.notebooks[0].cells[0].extract;
    expect(extract.ok && extract.returns).toEqual(['x']);
    expect(extract.ok && extract.source.split('\n')).toContain(
      '        249999,'
    );
  });

  it('gives a clear refusal, not an exception, for garbage', () => {
    const report = analyzeNotebooks([
      {
        path: 'x.ipynb',
        cells: [
          { index: 0, id: null, cellType: 'code', source: '))) def (((:' }
        ]
      }
    ]);
    expect(report.notebooks[0].cells[0].extract).toEqual({
      ok: false,
      reason: expect.stringContaining('Syntax error on line 1')
    });
  });
});
