import { analyzeCell } from '../core';
import {
  cellState,
  IResolver,
  IStateBits,
  IStateBitsKept,
  NotebookState,
  STATE_CHANGES,
  STATE_USES,
  stateChangesOf,
  stateChangingLines
} from './interpreterState';
import { NotebookAnalyzer } from '../core';
import { sliceOf } from './slice';
import { IRanSource, staleAfter } from './staleCells';
import { codeCells } from '../../testing/analysis';

const KINDS = [
  'importPath',
  'workingDirectory',
  'environment',
  'shell',
  'warnings',
  'settings',
  'seed',
  'figure'
];

/** The state keys a cell (on its own, its imports resolved) changes and depends on. */
function state(source: string, figuresPersist = false) {
  const analysis = analyzeCell(source);
  const resolver: IResolver = {
    module: name => analysis.imports.get(name),
    figuresPersist
  };
  const s = cellState(analysis, resolver);
  return { changes: [...s.changes].sort(), depends: [...s.depends].sort() };
}

function needs(...sources: string[]): number[] {
  return sliceOf(codeCells(sources), sources.length - 1);
}

describe('the interpreter-state tables', () => {
  it('cite documentation for every entry, with a known kind', () => {
    for (const entry of [...STATE_CHANGES, ...STATE_USES]) {
      expect(entry.cite).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\//);
    }
    for (const entry of STATE_CHANGES) {
      expect(KINDS).toContain(entry.kind);
      if (entry.kind === 'settings' || entry.kind === 'seed') {
        expect(entry.libraries?.length).toBeGreaterThan(0);
      }
    }
    for (const use of STATE_USES) {
      use.dependsOn.forEach(kind => expect(KINDS).toContain(kind));
    }
  });

  it('covers every kind the issue names', () => {
    const found = (what: string, how: 'call' | 'set' | 'magic') =>
      stateChangesOf(what, how).map(e => e.kind);
    expect(found('sys.path.insert', 'call')).toEqual(['importPath']);
    expect(found('sys.modules[]', 'set')).toEqual(['importPath']);
    expect(found('os.chdir', 'call')).toEqual(['workingDirectory']);
    expect(found('%cd', 'magic')).toEqual(['workingDirectory']);
    expect(found('os.environ[]', 'set')).toEqual(['environment']);
    expect(found('%env', 'magic')).toEqual(['environment']);
    expect(found('%load_ext', 'magic')).toEqual(['shell']);
    expect(found('warnings.filterwarnings', 'call')).toEqual(['warnings']);
    expect(found('pandas.options.display.max_rows', 'set')).toEqual([
      'settings'
    ]);
    expect(found('tensorflow.config.set_visible_devices', 'call')).toEqual([
      'settings'
    ]);
    expect(found('torch.manual_seed', 'call')).toEqual(['seed']);
    expect(found('matplotlib.pyplot.subplots', 'call')).toEqual(['figure']);
    expect(found('sys.path.index', 'call')).toEqual([]);
  });
});

describe('cellState', () => {
  it('finds the import path, the directory and the environment changed', () => {
    expect(state("import sys\nsys.path.insert(0, '..')").changes).toEqual([
      'importPath'
    ]);
    expect(state("import sys\nsys.path = ['src'] + sys.path").changes).toEqual([
      'importPath'
    ]);
    expect(state("import os\nos.chdir('..')").changes).toEqual([
      'workingDirectory'
    ]);
    expect(state('%cd data').changes).toEqual(['workingDirectory']);
    expect(state("os.environ['CUDA_VISIBLE_DEVICES'] = '1'").changes).toEqual([
      'environment'
    ]);
    expect(state("from os import environ\ndel environ['X']").changes).toEqual([
      'environment'
    ]);
    expect(state('%env TF_CPP_MIN_LOG_LEVEL=3').changes).toEqual([
      'environment'
    ]);
    // Writing a module beside the notebook makes it importable.
    expect(
      state("with open('helper.py', 'w') as f:\n    f.write('X = 1')").changes
    ).toEqual(['importPath']);
  });

  it('resolves libraries through the imports: settings and seeds', () => {
    expect(
      state("import matplotlib as mpl\nmpl.rcParams['lines.linewidth'] = 2")
        .changes
    ).toEqual(['settings:matplotlib']);
    expect(state('from numpy.random import seed\nseed(0)').changes).toEqual([
      'seed:numpy'
    ]);
    expect(
      state('import tensorflow as tf\ntf.keras.utils.set_random_seed(1)')
        .changes
    ).toEqual(['seed:numpy', 'seed:random', 'seed:tensorflow']);
    // The figure only outlives a cell away from the inline backend.
    expect(
      state('import matplotlib.pyplot as plt\nplt.figure()').changes
    ).toEqual([]);
    expect(
      state('import matplotlib.pyplot as plt\nplt.figure()', true).changes
    ).toEqual(['figure']);
  });

  it('finds what depends on state: imports, relative paths, library calls', () => {
    expect(state('from python_environment_check import check').depends).toEqual(
      ['environment', 'importPath', 'workingDirectory']
    );
    expect(state("text = open('data.csv').read()").depends).toEqual([
      'warnings',
      'workingDirectory'
    ]);
    expect(state("text = open('/etc/hostname').read()").depends).toEqual([
      'warnings'
    ]);
    expect(
      state('from pathlib import Path\nPath("rel").exists()').depends
    ).toContain('workingDirectory');
    expect(state('import os\nos.listdir()').depends).toContain(
      'workingDirectory'
    );
    expect(state('import numpy as np\nnp.zeros(3)').depends).toEqual(
      expect.arrayContaining(['settings:numpy', 'seed:numpy'])
    );
    expect(state('x = 1').depends).toEqual([]);
    // The standard library is found where Python is, whatever the cells set.
    expect(state('import os, sys\nfrom pathlib import Path').depends).toEqual(
      []
    );
    expect(state('import os, helper').depends).toContain('importPath');
    expect(state('from . import sibling').depends).toContain('importPath');
  });

  it('lists the lines that change state, for the extract dialog', () => {
    const lines = stateChangingLines(
      analyzeCell("import sys\nx = 1\nsys.path.insert(0, '..')\n%cd data")
    );
    expect(lines).toEqual([
      { line: 3, what: 'sys.path.insert' },
      { line: 4, what: '%cd' }
    ]);
    // A magic in two kinds (the shell and matplotlib's settings) is one line.
    expect(stateChangingLines(analyzeCell('%matplotlib inline'))).toEqual([
      { line: 1, what: '%matplotlib' }
    ]);
  });
});

describe('NotebookState', () => {
  it('counts a call of a notebook function with what its body changes', () => {
    const cells = [
      "import os\ndef setup():\n    os.environ['X'] = '1'",
      'setup()',
      'y = 2'
    ].map(analyzeCell);
    const state = new NotebookState(cells);
    expect(state.changes(0)).toEqual([]);
    expect(state.changes(1)).toEqual(['environment']);
    expect(state.changes(2)).toEqual([]);
  });

  it('takes kept bits only where every cell has them, for figures that persist or not', () => {
    const bits = new Map<string, IStateBits>();
    let sets = 0;
    const kept: IStateBitsKept = {
      get: (k, persist) => bits.get(`${k} ${persist}`),
      set: (k, persist, b) => {
        sets++;
        bits.set(`${k} ${persist}`, b);
      }
    };
    const [imports, figure, away] = [
      'import matplotlib.pyplot as plt',
      'plt.figure()',
      '%matplotlib qt'
    ].map(analyzeCell);
    // The figure outlives the cell: a later cell leaves the inline backend.
    expect(new NotebookState([imports, figure, away], kept).changes(1)).toEqual(
      ['figure']
    );
    expect(sets).toBe(3);
    expect(new NotebookState([imports, figure, away], kept).changes(1)).toEqual(
      ['figure']
    );
    expect(sets).toBe(3);
    // The same first cells without it: their bits where figures don't persist.
    expect(new NotebookState([imports, figure], kept).changes(1)).toEqual([]);
    expect(sets).toBe(5);
  });
});

describe('slices keep the interpreter state later cells depend on', () => {
  it('keeps the sys.path cell for an import from the parent folder (issue 35)', () => {
    // The textbook's chapter notebooks: cell 3 changes the path, cell 5 imports through it.
    expect(
      needs(
        'from IPython.display import Image',
        'x = 1',
        'import sys',
        "sys.path.insert(0, '..')",
        "d = {'numpy': '1.21.2'}",
        'from python_environment_check import check_packages\ncheck_packages(d)'
      )
    ).toEqual([2, 3, 4]);
  });

  it('keeps os.chdir before a relative read, and every change before it in order', () => {
    expect(
      needs(
        'import os',
        "os.chdir('/tmp')",
        'n = 3',
        "os.chdir('data')",
        "text = open('values.txt').read()"
      )
    ).toEqual([0, 1, 3]);
    // An absolute path does not depend on the directory.
    expect(
      needs('import os', "os.chdir('data')", "open('/etc/hostname').read()")
    ).toEqual([]);
  });

  it('keeps an environment variable set before an import', () => {
    expect(
      needs(
        'import os',
        "os.environ['CUDA_VISIBLE_DEVICES'] = '1'",
        'unrelated = 2',
        'import torch\ntorch.zeros(1)'
      )
    ).toEqual([0, 1]);
  });

  it('keeps settings changed through another spelling of the library', () => {
    expect(
      needs(
        'import matplotlib as mpl',
        "mpl.rcParams['lines.linewidth'] = 3",
        'import matplotlib.pyplot as plt',
        'plt.plot([1, 2])'
      )
    ).toEqual([0, 1, 2]);
    expect(
      needs(
        'from random import seed, random as draw',
        'seed(3)',
        'x = 1',
        'draw()'
      )
    ).toEqual([0, 1]);
  });

  it('keeps a warning filter for a cell that calls a module that warns', () => {
    expect(
      needs(
        'import warnings',
        "warnings.simplefilter('ignore')",
        'import helper',
        'helper.noisy()'
      )
    ).toEqual([0, 1, 2]);
  });

  it('keeps the call of a notebook function that changes the path', () => {
    expect(
      needs(
        "import sys\ndef add_src():\n    sys.path.append('../src')",
        'add_src()',
        'k = 1',
        'import mylib'
      )
    ).toEqual([0, 1]);
  });

  it('leaves state out where nothing depends on it', () => {
    expect(
      needs('import os', "os.chdir('data')", 'a = 1', 'print(a + 1)')
    ).toEqual([2]);
  });
});

describe('stale marks by interpreter state', () => {
  const analyzer = new NotebookAnalyzer();
  const analyze = (source: string) => analyzer.cell(source);
  const staleBy = (...runs: [string, string][]) => {
    const log: IRanSource[] = runs.map(([cellId, source]) => ({
      cellId,
      source
    }));
    const last = log.pop()!;
    return staleAfter(log, last, analyze).map(m => [m.cellId, m.name]);
  };

  it('marks an import stale when the path it was found on is set again', () => {
    expect(
      staleBy(
        ['a', 'import sys'],
        ['b', "sys.path.insert(0, '..')"],
        ['c', 'from helper import f'],
        ['b', "sys.path.insert(0, '..')"]
      )
    ).toEqual([['c', 'sys.path']]);
  });

  it('marks a relative read stale after a change of directory, not an absolute one', () => {
    expect(
      staleBy(
        ['a', 'import os'],
        ['b', "t = open('x.txt').read()"],
        ['c', "u = open('/etc/hostname').read()"],
        ['d', "os.chdir('data')"]
      )
    ).toEqual([['b', 'os.getcwd()']]);
  });

  it('marks library calls stale after a seed, but not after another draw', () => {
    expect(
      staleBy(
        ['a', 'import numpy as np'],
        ['b', 'x = np.random.rand(3)'],
        ['c', 'np.random.seed(0)']
      )
    ).toEqual([['b', 'np']]);
    expect(
      staleBy(
        ['a', 'from random import seed, random as draw'],
        ['b', 'x = draw()'],
        ['c', 'y = draw()']
      )
    ).toEqual([]);
    expect(
      staleBy(
        ['a', 'from random import seed, random as draw'],
        ['b', 'x = draw()'],
        ['c', 'seed(1)']
      )
    ).toEqual([['b', 'random seed']]);
  });
});
