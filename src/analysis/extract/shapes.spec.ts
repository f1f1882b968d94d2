import { dtypeKind, jaxtypingHints } from './shapes';

const NP = new Map([['np', 'numpy']]);
const array = (shape: number[], dtype: string) => ({
  module: 'numpy',
  name: 'ndarray',
  shape,
  dtype
});

describe('jaxtypingHints', () => {
  it('names a size two arrays share, keeps the others literal', () => {
    const { hints, kinds } = jaxtypingHints(
      ['X', 'y', 'lr'],
      {
        X: array([200, 3], 'float64'),
        y: array([200], 'int64'),
        lr: { module: 'builtins', name: 'float', shape: null, dtype: null }
      },
      NP
    );
    expect(hints.X.annotation).toBe('Float[np.ndarray, "n 3"]');
    expect(hints.y.annotation).toBe('Int[np.ndarray, "n"]');
    expect(hints.lr.annotation).toBe('float');
    expect(kinds).toEqual(['Float', 'Int']);
  });

  it('names a size after the int parameter that holds it, not the number', () => {
    const int = (literal: string) => ({
      module: 'builtins',
      name: 'int',
      shape: null,
      dtype: null,
      literal
    });
    const names = ['X', 'y', 'd', 'k', 'j'];
    const { hints } = jaxtypingHints(
      names,
      {
        X: array([200, 5, 7], 'float64'),
        y: array([200], 'float64'),
        d: int('5'),
        k: int('7'),
        j: int('7')
      },
      NP,
      names
    );
    // 7 is both k and j: which one is the size is not known, so it stays a number.
    expect(hints.X.annotation).toBe('Float[np.ndarray, "n d 7"]');
    expect(hints.y.annotation).toBe('Float[np.ndarray, "n"]');
    expect(hints.d.annotation).toBe('int');
  });

  it('keeps the plain hint for an array the notebook has no name for', () => {
    const { hints, kinds } = jaxtypingHints(
      ['X'],
      { X: array([2, 2], 'float32') },
      new Map()
    );
    expect(hints.X.annotation).toBeNull();
    expect(kinds).toEqual([]);
  });

  it('reads torch and numpy dtypes as jaxtyping kinds', () => {
    expect(dtypeKind('torch.float32')).toBe('Float');
    expect(dtypeKind('uint8')).toBe('Int');
    expect(dtypeKind('bool')).toBe('Bool');
    expect(dtypeKind('<U5')).toBe('Shaped');
    const { hints } = jaxtypingHints(
      ['t'],
      {
        t: {
          module: 'torch',
          name: 'Tensor',
          shape: [8, 1],
          dtype: 'torch.bool'
        }
      },
      new Map([['torch', 'torch']])
    );
    expect(hints.t.annotation).toBe('Bool[torch.Tensor, "8 1"]');
  });
});
