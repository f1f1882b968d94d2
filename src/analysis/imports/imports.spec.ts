import { spawnSync } from 'child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ROOT } from '../../testing/analysis';
import { INotebookImports, notebookImports, pipRequirements } from '.';

// ../shared/corpus beside the checkout; a worktree elsewhere names it with SANE_CORPUS.
const CORPUS =
  process.env.SANE_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus');
const HAS_CORPUS = existsSync(CORPUS);

/** Every corpus notebook's imports, by `folder/name.ipynb`. */
function corpusImports(): Map<string, INotebookImports> {
  const found = new Map<string, INotebookImports>();
  for (const dir of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!dir.isDirectory()) {
      continue;
    }
    for (const name of readdirSync(join(CORPUS, dir.name))) {
      if (name.endsWith('.ipynb')) {
        const raw = JSON.parse(
          readFileSync(join(CORPUS, dir.name, name), 'utf-8')
        );
        const cells = (
          raw.cells as { cell_type: string; source: string | string[] }[]
        ).map((c, index) => ({
          index,
          cellType: c.cell_type,
          source: Array.isArray(c.source) ? c.source.join('') : c.source
        }));
        found.set(`${dir.name}/${name}`, notebookImports(cells));
      }
    }
  }
  return found;
}

function cells(...sources: string[]) {
  return sources.map((source, index) => ({ index, cellType: 'code', source }));
}

describe('notebookImports', () => {
  it('reads import and from, in functions and under try, with their top-level names', () => {
    const found = notebookImports(
      cells(
        'import numpy as np, sklearn.linear_model\nfrom torch.nn import functional as F',
        'def load():\n    import pandas as pd\n    return pd',
        'try:\n    import tqdm\nexcept ImportError:\n    tqdm = None',
        'import os, sys\nfrom __future__ import annotations\nfrom _thread import get_ident'
      )
    );
    expect(found.packages).toEqual([
      'numpy',
      'pandas',
      'sklearn',
      'torch',
      'tqdm'
    ]);
    expect(found.stdlib).toEqual(['__future__', '_thread', 'os', 'sys']);
    const pandas = found.imports.find(i => i.top === 'pandas')!;
    expect(pandas).toMatchObject({
      cell: 1,
      line: 2,
      inFunction: true,
      guarded: false
    });
    expect(found.imports.find(i => i.top === 'tqdm')).toMatchObject({
      guarded: true
    });
    expect(found.imports.find(i => i.top === 'sklearn')!.module).toBe(
      'sklearn.linear_model'
    );
  });

  it('sets the project’s own modules and relative imports apart', () => {
    const found = notebookImports(
      cells(
        'import helpers\nfrom mypkg.sub import f\nfrom . import sibling\nfrom ..up import g'
      ),
      { localModules: ['helpers', 'mypkg'] }
    );
    expect(found.packages).toEqual([]);
    expect(found.local).toEqual(['..up', '.sibling', 'helpers', 'mypkg']);
  });

  it('skips markdown, reads through magics, and says which cells do not parse', () => {
    const found = notebookImports([
      { index: 0, cellType: 'markdown', source: 'import notpython' },
      {
        index: 1,
        cellType: 'code',
        source: '%matplotlib inline\nimport matplotlib.pyplot as plt'
      },
      { index: 2, cellType: 'code', source: '%%bash\nimport fake' },
      { index: 3, cellType: 'code', source: 'import scipy\nx = (' }
    ]);
    expect(found.packages).toEqual(['matplotlib', 'scipy']);
    expect(found.syntaxErrors).toEqual([3]);
  });

  it('reads %pip install and !pip install lines, not their options, paths or files', () => {
    const found = notebookImports(
      cells(
        '%pip install -q -U keras_tuner~=1.4.6 "torch>=2"',
        'if True:\n    !pip install --index-url https://x/simple tqdm -r req.txt ./local',
        '!{sys.executable} -m pip install scikit-learn[alldeps]\n!pip list\n%conda install numpy'
      )
    );
    expect(found.pipInstalls).toEqual([
      {
        cell: 0,
        line: 1,
        requirement: 'keras_tuner~=1.4.6',
        name: 'keras_tuner'
      },
      { cell: 0, line: 1, requirement: 'torch>=2', name: 'torch' },
      { cell: 1, line: 2, requirement: 'tqdm', name: 'tqdm' },
      {
        cell: 2,
        line: 1,
        requirement: 'scikit-learn[alldeps]',
        name: 'scikit-learn'
      }
    ]);
    expect(pipRequirements('uninstall -y torch')).toEqual([]);
  });
});

(HAS_CORPUS ? describe : describe.skip)(
  'imports of the corpus notebooks',
  () => {
    let found: Map<string, INotebookImports>;
    beforeAll(() => {
      found = corpusImports();
    });

    it('finds what the handson-ml3 notebooks import and install', () => {
      const nb02 = found.get(
        'handson-ml3/02_end_to_end_machine_learning_project.ipynb'
      )!;
      expect(nb02.packages).toEqual(
        expect.arrayContaining([
          'matplotlib',
          'numpy',
          'pandas',
          'scipy',
          'sklearn'
        ])
      );
      expect(nb02.stdlib).toEqual(
        expect.arrayContaining(['pathlib', 'tarfile', 'urllib'])
      );
      const nb10 = found.get('handson-ml3/10_neural_nets_with_keras.ipynb')!;
      expect(nb10.packages).toEqual(expect.arrayContaining(['tensorflow']));
      expect(nb10.pipInstalls.map(p => p.name)).toEqual(
        expect.arrayContaining(['tensorboard-plugin-profile', 'keras_tuner'])
      );
    });

    it('finds fastcore in every fastcore notebook that imports it, and nothing from the stdlib as a package', () => {
      const tour = found.get('fastcore/000_tour.ipynb')!;
      expect(tour.packages).toContain('fastcore');
      for (const [, nb] of found) {
        expect(nb.packages).not.toEqual(
          expect.arrayContaining(['os', 'sys', 're', 'json'])
        );
      }
    });
  }
);

const CLI = join(ROOT, 'lib', 'cli.js');

(existsSync(CLI) ? describe : describe.skip)('node lib/cli.js imports', () => {
  it('prints the imports with the project’s own modules read from the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sane-imports-'));
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "p"\n');
    writeFileSync(join(dir, 'helpers.py'), 'X = 1\n');
    mkdirSync(join(dir, 'src', 'mypkg'), { recursive: true });
    writeFileSync(join(dir, 'src', 'mypkg', '__init__.py'), '');
    mkdirSync(join(dir, 'notebooks'));
    const nb = join(dir, 'notebooks', 'nb.ipynb');
    const code = (source: string) => ({
      cell_type: 'code',
      source,
      metadata: {},
      outputs: []
    });
    writeFileSync(
      nb,
      JSON.stringify({
        cells: [code('import helpers, mypkg, requests\nimport json')],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      })
    );
    const result = spawnSync('node', [CLI, 'imports', nb], {
      encoding: 'utf-8'
    });
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({
      packages: ['requests'],
      stdlib: ['json'],
      local: ['helpers', 'mypkg']
    });
  });

  it('exits 2 with one line for an unreadable notebook or an unknown option', () => {
    const missing = spawnSync('node', [CLI, 'imports', '/nonexistent.ipynb'], {
      encoding: 'utf-8'
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/not a readable notebook/);
    const option = spawnSync('node', [CLI, 'imports', '/x.ipynb', '--bad'], {
      encoding: 'utf-8'
    });
    expect(option.status).toBe(2);
  });
});
