import { analyzeCell } from '../core';
import { Tree } from '@lezer/common';
import {
  cloneDifferences,
  fingerprint,
  groupClones,
  leafTokens
} from './clones';
import { analyzeNotebooks } from '../report';
import { corpusNotebooks, HAS_CORPUS } from '../../testing/analysis';

const TRAIN =
  'model = make(lr=0.1)\nmodel.fit(X, y)\nscore = model.score(X_val, y_val)\nprint(score)';

function groups(sources: string[]) {
  return groupClones(sources.map((s, key) => ({ key, print: fingerprint(s) })));
}

describe('clone groups', () => {
  it('finds exact copies, whatever the comments and spacing', () => {
    const copy =
      '# again\n' + TRAIN.replace('make(lr=0.1)', 'make( lr = 0.1 )');
    expect(groups([TRAIN, 'x = 1', copy])).toEqual([
      { kind: 'exact', members: [0, 2] }
    ]);
  });

  it('finds copies with other names and values', () => {
    const renamed = TRAIN.replace(/model/g, 'clf').replace('0.1', '0.01');
    expect(groups([TRAIN, renamed])).toEqual([
      { kind: 'renamed', members: [0, 1] }
    ]);
  });

  it('finds near copies by their k-grams', () => {
    const edited = TRAIN + '\nprint(model.coef_)';
    expect(groups([TRAIN, edited])).toEqual([
      { kind: 'similar', members: [0, 1] }
    ]);
  });

  it('ignores small cells and different code', () => {
    expect(
      groups([
        'df.head()',
        'df.head()',
        TRAIN,
        'a = load()\nb = a.sum()\nc = b * 2'
      ])
    ).toEqual([]);
  });

  it('fingerprints a cell from that cell alone', () => {
    expect(fingerprint(TRAIN)).toEqual(fingerprint(TRAIN));
    expect(fingerprint(TRAIN).renamed).toBe(
      fingerprint(TRAIN.replace(/model/g, 'm')).renamed
    );
  });
});

(HAS_CORPUS ? describe : describe.skip)('clones in the corpus', () => {
  it('groups cells within and across notebooks', () => {
    const report = analyzeNotebooks(corpusNotebooks('handson-ml3'));
    const cells = report.clones.flatMap(g => g.cells);
    expect(report.clones.length).toBeGreaterThan(20);
    expect(new Set(report.clones.map(g => g.kind))).toEqual(
      new Set(['exact', 'renamed', 'similar'])
    );
    expect(cells.length).toBeGreaterThan(100);
    expect(
      report.clones.some(g => new Set(g.cells.map(c => c.path)).size > 1)
    ).toBe(true);
  });
});

describe('what differs between copies', () => {
  const CELL =
    'lr = 0.1\nepochs = 3\nmodel = fit(X, lr=lr, epochs=epochs)\nscore = model.score(X)';

  it('names each value by the name it is given, and each other name, once', () => {
    const copy = CELL.replace('0.1', '0.05')
      .replace('= 3', '= 5')
      .replace(/model/g, 'clf');
    expect(cloneDifferences(analyzeCell(CELL), analyzeCell(copy))).toEqual([
      { label: 'lr', mine: '0.1', theirs: '0.05' },
      { label: 'epochs', mine: '3', theirs: '5' },
      { label: '', mine: 'model', theirs: 'clf' }
    ]);
    expect(
      cloneDifferences(
        analyzeCell('fit(X, lr=0.1)'),
        analyzeCell('fit(X, lr=0.2)')
      )
    ).toEqual([{ label: 'lr', mine: '0.1', theirs: '0.2' }]);
  });

  it('lines up near copies, and says nothing of exact ones', () => {
    const near = CELL.replace('0.1', '0.3') + '\nprint(score)';
    expect(cloneDifferences(analyzeCell(CELL), analyzeCell(near))).toEqual([
      { label: 'lr', mine: '0.1', theirs: '0.3' }
    ]);
    expect(cloneDifferences(analyzeCell(CELL), analyzeCell(CELL))).toEqual([]);
  });
});

describe('cell tokens', () => {
  /** The leaves a cursor meets, literals whole, comments and blanks left out: the definition. */
  function cursorLeaves(python: string, tree: Tree): string[] {
    const out: string[] = [];
    const cursor = tree.cursor();
    for (;;) {
      const name = cursor.type.name;
      const literal = ['String', 'FormatString', 'Number', 'ContinuedString'];
      if (name !== 'Comment') {
        if (literal.includes(name) || !cursor.firstChild()) {
          const text = python.slice(cursor.from, cursor.to);
          if (text.trim() !== '') {
            out.push(`${cursor.from}:${text}`);
          }
        } else {
          continue;
        }
      }
      while (!cursor.nextSibling()) {
        if (!cursor.parent()) {
          return out;
        }
      }
    }
  }

  const tokensOf = (source: string) => {
    const { ipython, tree } = analyzeCell(source);
    return {
      read: leafTokens(ipython.python, tree).map(t => `${t.from}:${t.text}`),
      walked: cursorLeaves(ipython.python, tree)
    };
  };

  it('are the leaves of the tree, whole literals, broken code and big trees alike', () => {
    const big = `xs = [${Array.from({ length: 5000 }, (_, i) => `f(${i}, 'a')`).join(', ')}]`;
    for (const source of [
      'x = f(a, "b")  # note\nif x:\n    y = f"{x!r:>{w}}" + 1.5',
      'def f(:\n    return [1, 2',
      big
    ]) {
      const { read, walked } = tokensOf(source);
      expect(read).toEqual(walked);
    }
  });

  (HAS_CORPUS ? it : it.skip)('are the same on every corpus cell', () => {
    for (const { cells } of corpusNotebooks()) {
      for (const { source } of cells) {
        const { read, walked } = tokensOf(source);
        expect(read).toEqual(walked);
      }
    }
  });
});
