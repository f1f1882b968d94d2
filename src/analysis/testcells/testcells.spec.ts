import { analyzeCell } from '../core';
import { cellTitle, detectTestCell, plannedTests } from './testcells';
import { corpusNotebooks, HAS_CORPUS } from '../../testing/analysis';

describe('detectTestCell', () => {
  it.each([
    ['tagged', 'x = 1', ['test'], 'tag'],
    ['ipytest', '%%ipytest\ndef test_a():\n    assert 1', [], 'ipytest'],
    [
      'test functions',
      'def test_add():\n    assert add(1, 1) == 2',
      [],
      'test-functions'
    ],
    [
      'a test with defaults',
      'def test_x(n=3):\n    assert n',
      [],
      'test-functions'
    ],
    ['asserts', 'assert len(xs) == 3\nassert xs[0] == 1', [], 'asserts'],
    ['helpers', 'a = L(1, 2)\ntest_eq(a, [1, 2])', [], 'asserts'],
    ['numpy testing', 'np.testing.assert_allclose(a, b)', [], 'asserts'],
    [
      'pandas testing',
      'pd.testing.assert_frame_equal(df, expected)',
      [],
      'asserts'
    ]
  ])('finds %s', (_, source, tags, reason) => {
    expect(
      detectTestCell(analyzeCell(source as string), tags as string[])
    ).toBe(reason);
  });

  it.each([
    ['plain code', 'x = load()\ny = x * 2'],
    ['a sanity check after work', 'a = 1\nb = 2\nc = 3\nassert c'],
    ['a function with asserts inside', 'def f(x):\n    assert x\n    return x'],
    ['a test helper', 'def test_eq(a, b):\n    assert a == b'],
    ['a syntax error', 'assert (']
  ])('does not take %s for a test', (_, source) => {
    expect(detectTestCell(analyzeCell(source))).toBeNull();
  });

  it('follows the switches', () => {
    const options = {
      tagged: false,
      testFunctions: false,
      asserts: false,
      helperPatterns: [],
      minAssertShare: 0.5
    };
    expect(
      detectTestCell(analyzeCell('assert x'), ['test'], options)
    ).toBeNull();
  });
});

(HAS_CORPUS ? describe : describe.skip)('test cells of fastcore', () => {
  const cells = corpusNotebooks('fastcore').flatMap(nb =>
    nb.cells.filter(c => c.cellType === 'code')
  );
  const isExport = (source: string) => /^#\|\s*export/m.test(source);
  const found = cells.filter(
    c => detectTestCell(analyzeCell(c.source), c.tags) !== null
  );

  it('finds the cells made of test_eq and friends', () => {
    // Cells whose every line of code is a test_*( call or an assert.
    const obvious = cells.filter(c => {
      const code = c.source
        .split('\n')
        .filter(l => l.trim() && !l.startsWith('#'));
      return (
        !isExport(c.source) &&
        code.length > 0 &&
        code.every(l => /^(test_\w+\(|assert )/.test(l))
      );
    });
    expect(obvious.length).toBeGreaterThan(100);
    const missed = obvious.filter(c => !found.includes(c));
    expect(missed.map(c => c.source)).toEqual([]);
  });

  it('takes none of the `#| export` cells for tests', () => {
    expect(found.filter(c => isExport(c.source)).map(c => c.source)).toEqual(
      []
    );
  });
});

describe('plannedTests and cellTitle', () => {
  it('plans the test functions the runner calls, or the cell itself', () => {
    expect(
      plannedTests(
        analyzeCell(
          'def helper(a):\n    pass\n\ndef test_a():\n    assert 1\n\n@mark\ndef test_b():\n    pass\n\ndef test_args(x):\n    pass'
        )
      )
    ).toEqual(['test_a', 'test_b']);
    expect(plannedTests(analyzeCell('assert 1 == 1'))).toEqual(['cell']);
  });

  it('names a cell of asserts by its first line, shortened', () => {
    expect(cellTitle('\n\nassert add(1, 2) == 3\nassert 1')).toBe(
      'assert add(1, 2) == 3'
    );
    expect(cellTitle('# shapes agree\nassert a.shape == b.shape')).toBe(
      'shapes agree'
    );
    const long = cellTitle(`assert ${'x'.repeat(60)} == 1`)!;
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
    expect(cellTitle('  \n')).toBeNull();
  });
});
