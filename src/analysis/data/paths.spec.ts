import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { analyzeCell, ICellAnalysis } from '../core/index.js';
import { dataPaths, IDataPath } from '.';
import {
  codeCells,
  CORPUS,
  corpusNotebooks,
  HAS_CORPUS,
  ROOT
} from '../../testing/analysis';

/** The paths of a notebook made of `sources`, as `mode path @cell call exact`. */
function found(...sources: string[]): string[] {
  return dataPaths(codeCells(sources)).map(show);
}

function show(p: IDataPath): string {
  return `${p.mode} ${p.path} @${p.cell} ${p.call}${p.exact ? '' : ' ~'}`;
}

describe('dataPaths, kept per cell', () => {
  /** Analyses whose trees count their walks. */
  function counted(sources: string[]): {
    analyses: ICellAnalysis[];
    walks: () => number;
  } {
    let walks = 0;
    const analyses = sources.map(source => {
      const analysis = analyzeCell(source);
      const iterate = analysis.tree.iterate.bind(analysis.tree);
      analysis.tree.iterate = spec => {
        walks++;
        iterate(spec);
      };
      return analysis;
    });
    return { analyses, walks: () => walks };
  }

  const SOURCES = [
    'import os\nimport pandas as pd',
    "base = 'data'\np = os.path.join(base, 'a.csv')",
    'df = pd.read_csv(p)',
    "df.to_csv(os.path.join(base, 'b.csv'))"
  ];

  it('walks each cell once for the same cells after the same cells', () => {
    const { analyses, walks } = counted(SOURCES);
    const first = dataPaths(codeCells(SOURCES), analyses);
    expect(walks()).toBe(4);
    expect(dataPaths(codeCells(SOURCES), analyses)).toEqual(first);
    expect(walks()).toBe(4);
  });

  it('walks again only the edited cell when it changes no path name', () => {
    const { analyses, walks } = counted(SOURCES);
    dataPaths(codeCells(SOURCES), analyses);
    const edited = [`${SOURCES[0]}\n# a comment`, ...SOURCES.slice(1)];
    const [top] = counted(edited.slice(0, 1)).analyses;
    const paths = dataPaths(codeCells(edited), [top, ...analyses.slice(1)]);
    expect(walks()).toBe(4);
    expect(paths).toEqual(dataPaths(codeCells(edited)));
  });

  it('finds the paths anew after an edit that changes a path name', () => {
    const { analyses } = counted(SOURCES);
    dataPaths(codeCells(SOURCES), analyses);
    const edited = [
      SOURCES[0],
      "base = 'other'\np = 'c.csv'",
      ...SOURCES.slice(2)
    ];
    const second = counted([edited[1]]).analyses[0];
    const paths = dataPaths(codeCells(edited), [
      analyses[0],
      second,
      ...analyses.slice(2)
    ]);
    expect(paths.map(show)).toEqual([
      'read c.csv @2 pd.read_csv',
      'write other/b.csv @3 df.to_csv'
    ]);
    expect(paths).toEqual(dataPaths(codeCells(edited)));
  });
});

describe('dataPaths', () => {
  it('finds the readers and writers of the common libraries', () => {
    expect(
      found(
        'import pandas as pd\nimport numpy as np\nimport torch, h5py, pickle, json',
        "df = pd.read_csv('data/train.csv')\ndf.to_parquet('out/train.parquet')",
        "x = np.load('x.npy')\nnp.save('y', x)\nnp.loadtxt('t.txt')\nnp.genfromtxt('g.csv')",
        "m = torch.load('model.pt')\ntorch.save(m, 'model2.pt')",
        "f = h5py.File('a.h5')\ng = h5py.File('b.h5', 'w')\nnp.memmap('m.mmap', mode='readonly')",
        "obj = pickle.load(open('o.pkl', 'rb'))\njson.dump(obj, open('o.json', 'w'))",
        "with open('notes.txt', mode='a') as f:\n    f.write('x')"
      )
    ).toEqual([
      'read data/train.csv @1 pd.read_csv',
      'write out/train.parquet @1 df.to_parquet',
      'read x.npy @2 np.load',
      'write y.npy @2 np.save',
      'read t.txt @2 np.loadtxt',
      'read g.csv @2 np.genfromtxt',
      'read model.pt @3 torch.load',
      'write model2.pt @3 torch.save',
      'read a.h5 @4 h5py.File',
      'write b.h5 @4 h5py.File',
      'read m.mmap @4 np.memmap',
      'read o.pkl @5 pickle.load',
      'write o.json @5 json.dump',
      'write notes.txt @6 open'
    ]);
  });

  it('follows imports under other names and from-imports', () => {
    expect(
      found(
        'import xarray as xa\nfrom PIL import Image\nfrom glob import glob\nimport os\nfrom datasets import load_from_disk',
        "xa.open_dataset('era5.nc')\nImage.open('cat.png')\nglob('imgs/*.png')\nos.listdir('imgs')\nload_from_disk('hf/ds')"
      )
    ).toEqual([
      'read era5.nc @1 xa.open_dataset',
      'read cat.png @1 Image.open',
      'read imgs/*.png @1 glob ~',
      'read imgs @1 os.listdir',
      'read hf/ds @1 load_from_disk'
    ]);
  });

  it('spells paths built from names, joins, f-strings, ~ and environment variables', () => {
    expect(
      found(
        "import os\nfrom pathlib import Path\nimport pandas as pd\nROOT = '/nfs/lab/raw'\nsplit = 'train'",
        "pd.read_csv(os.path.join(ROOT, 'x', f'{split}.csv'))",
        "data = Path('~/data') / 'y.parquet'\npd.read_parquet(data)",
        "pd.read_csv(f'{os.environ[\"SCRATCH\"]}/z.csv')\npd.read_csv(os.path.expandvars('$SLURM_TMPDIR/w.csv'))",
        "pd.read_csv(Path(os.getenv('SCRATCH')) / 'q' / '..' / 'v.csv')",
        "for shard in range(3):\n    pd.read_csv(f'shards/part-{shard:03d}.csv')",
        "pd.read_csv('a/' + 'b.csv')\npd.read_csv(r'c:\\raw\\n.csv')"
      )
    ).toEqual([
      'read /nfs/lab/raw/x/train.csv @1 pd.read_csv',
      'read ~/data/y.parquet @2 pd.read_parquet',
      'read $SCRATCH/z.csv @3 pd.read_csv',
      'read $SLURM_TMPDIR/w.csv @3 pd.read_csv',
      'read $SCRATCH/v.csv @4 pd.read_csv',
      'read shards/part-*.csv @5 pd.read_csv ~',
      'read a/b.csv @6 pd.read_csv',
      'read c:\\raw\\n.csv @6 pd.read_csv'
    ]);
  });

  it('reads path methods, loops over listings and rebinding', () => {
    expect(
      found(
        "from pathlib import Path\nimport glob\nimport pandas as pd\np = Path('cfg.yaml')\ntext = p.read_text()\nPath('log.txt').write_text('x')",
        "for f in glob.glob('csv/*.csv'):\n    pd.read_csv(f)",
        "for q in sorted(Path('models').glob('**/*.pt')):\n    print(q)",
        'p = make_path()\np.read_text()'
      )
    ).toEqual([
      'read cfg.yaml @0 p.read_text',
      'write log.txt @0 ….write_text',
      'read csv/*.csv @1 glob.glob ~',
      'read csv/*.csv @1 pd.read_csv ~',
      'read models/**/*.pt @2 ….glob ~'
    ]);
  });

  it('skips URLs, unknown paths, shell cells and syntax errors without failing', () => {
    expect(
      found(
        "import pandas as pd\npd.read_csv('https://example.org/x.csv')",
        'pd.read_csv(path_from_elsewhere)',
        '%%bash\ncat data.csv',
        "pd.read_csv('ok.csv'\nx = (",
        "!ls data\n%time df = pd.read_csv('timed.csv')"
      )
    ).toEqual(['read timed.csv @4 pd.read_csv']);
  });

  (HAS_CORPUS ? it : it.skip)('finds the data of the corpus notebooks', () => {
    const byNotebook = new Map(
      corpusNotebooks().map(nb => [
        nb.path.slice(CORPUS.length + 1),
        dataPaths(nb.cells).map(show)
      ])
    );
    expect(
      byNotebook.get('handson-ml3/02_end_to_end_machine_learning_project.ipynb')
    ).toEqual([
      'write datasets/housing.tgz @11 urllib.request.urlretrieve',
      'read datasets/housing.tgz @11 tarfile.open',
      'read datasets/housing/housing.csv @11 pd.read_csv',
      'write my_california_housing_model.pkl @216 joblib.dump',
      'read my_california_housing_model.pkl @218 joblib.load'
    ]);
    expect(byNotebook.get('handson-ml3/03_classification.ipynb')).toEqual(
      expect.arrayContaining([
        'read datasets/titanic/* @153 pd.read_csv ~',
        'read datasets/titanic.tgz @153 tarfile.open'
      ])
    );
    expect(byNotebook.get('handson-ml3/tools_pandas.ipynb')).toEqual([
      'write my_df.csv @259 my_df.to_csv',
      'write my_df.json @259 my_df.to_json',
      'write my_df.xlsx @263 my_df.to_excel',
      'read my_df.csv @265 pd.read_csv'
    ]);
    expect(byNotebook.get('handson-ml3/tools_numpy.ipynb')).toEqual(
      expect.arrayContaining([
        'write my_array.npy @288 np.save',
        'read my_array.npy @292 np.load',
        'write my_arrays.npz @303 np.savez'
      ])
    );
    expect(
      byNotebook.get('handson-ml3/08_dimensionality_reduction.ipynb')
    ).toEqual([
      'write my_mnist.mmap @62 np.memmap',
      'read my_mnist.mmap @64 np.memmap'
    ]);
    expect(byNotebook.get('fastcore/03_xtras.ipynb')).toEqual(
      expect.arrayContaining(['read images/puppy.jpg @23 open'])
    );
    // Every path found in the corpus is relative to the notebook (the books download their data).
    const all = [...byNotebook.values()].flat();
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter(line => / \/|https?:/.test(line))).toEqual([]);
  });
});

const CLI = join(ROOT, 'lib', 'cli.js');

(existsSync(CLI) ? describe : describe.skip)('node lib/cli.js data', () => {
  it('prints the contract for a notebook', () => {
    const nb = join(mkdtempSync(join(tmpdir(), 'sane-data-')), 'nb.ipynb');
    const cell = (source: string) => ({ cell_type: 'code', source });
    writeFileSync(
      nb,
      JSON.stringify({
        cells: [
          { cell_type: 'markdown', source: '# data' },
          cell("import pandas as pd\ndf = pd.read_csv('data/train.csv')")
        ]
      })
    );
    const result = spawnSync('node', [CLI, 'data', nb], { encoding: 'utf-8' });
    expect(result.status).toBe(0);
    const { paths } = JSON.parse(result.stdout);
    expect(paths[0]).toEqual({
      path: 'data/train.csv',
      mode: 'read',
      cell: 1,
      call: 'pd.read_csv',
      exact: true
    });
  });

  it('exits 2 without a notebook', () => {
    const result = spawnSync('node', [CLI, 'data'], { encoding: 'utf-8' });
    expect(result.status).toBe(2);
  });
});
