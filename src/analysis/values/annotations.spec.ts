import { annotationFor, hintFor, IValueType } from './annotations';
import { cpythonFailures, extractAt, venvPython } from '../../testing/analysis';
import { NotebookAnalyzer } from '../core';
import { planExtraction } from '../extract';
import { importsUpTo } from './annotations';

const frame: IValueType = {
  module: 'pandas.core.frame',
  name: 'DataFrame',
  shape: [3, 2],
  dtype: null
};
const array: IValueType = {
  module: 'numpy',
  name: 'ndarray',
  shape: [50],
  dtype: 'float64'
};

describe('type hints', () => {
  it("writes types with the notebook's own import names", () => {
    const imports = new Map([
      ['pd', 'pandas'],
      ['np', 'numpy']
    ]);
    expect(annotationFor(frame, imports)).toBe('pd.DataFrame');
    expect(annotationFor(array, imports)).toBe('np.ndarray');
    expect(
      annotationFor(frame, new Map([['DataFrame', 'pandas.DataFrame']]))
    ).toBe('DataFrame');
    expect(
      annotationFor(
        { module: 'builtins', name: 'int', shape: null, dtype: null },
        imports
      )
    ).toBe('int');
  });

  it('leaves out a type the notebook has no name for', () => {
    expect(annotationFor(frame, new Map())).toBeNull();
  });

  it('describes shapes and dtypes for the docstring', () => {
    expect(hintFor(array, new Map()).detail).toBe(
      'shape (50,), dtype float64.'
    );
    expect(hintFor(frame, new Map()).detail).toBe('shape (3, 2).');
  });

  it('reads the import names of the cells up to the one extracted', () => {
    const flows = new NotebookAnalyzer().analyze(
      [
        'import numpy as np',
        'from pandas import DataFrame as DF',
        'import os.path'
      ].map((source, index) => ({ index, id: null, cellType: 'code', source }))
    );
    expect([...importsUpTo(flows, 2)]).toEqual([
      ['np', 'numpy'],
      ['DF', 'pandas.DataFrame'],
      ['os', 'os']
    ]);
  });

  const python = venvPython();
  (python ? it : it.skip)(
    'annotates the signature and parses under CPython',
    () => {
      const sources = [
        'import pandas as pd\ndf = pd.DataFrame()',
        'n = len(df)',
        'n'
      ];
      const flows = new NotebookAnalyzer().analyze(
        sources.map((source, index) => ({
          index,
          id: null,
          cellType: 'code',
          source
        }))
      );
      const plan = planExtraction(flows[1], {
        hints: { df: hintFor(frame, importsUpTo(flows, 1)) }
      });
      expect(plan.ok && plan.source).toContain('(df: pd.DataFrame):');
      expect(plan.ok && plan.source).toContain(
        '    df : pd.DataFrame\n        shape (3, 2).'
      );
      expect(cpythonFailures(python!, [plan.ok ? plan.source : ''])).toEqual(
        []
      );
      expect(extractAt(sources, 1).ok).toBe(true);
    }
  );
});
