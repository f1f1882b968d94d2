import { NotebookAnalyzer } from '../analysis';
import { codeCells } from '../testing/analysis';
import { importedModulePaths } from './suggestions';

describe('the modules a notebook imports from', () => {
  it('lists the .py paths its imports may come from, in import order', () => {
    const flows = new NotebookAnalyzer().analyze(
      codeCells([
        'from __future__ import annotations\nimport numpy as np',
        'from helpers import area\nfrom . import x\nfrom lib import geo'
      ])
    );
    expect(importedModulePaths(flows)).toEqual([
      'numpy.py',
      'helpers.py',
      'helpers/area.py',
      'lib.py',
      'lib/geo.py'
    ]);
  });
});
