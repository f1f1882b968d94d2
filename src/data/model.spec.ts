import { codeCells } from '../testing/analysis';
import {
  DataModel,
  DEFAULT_DATA_SETTINGS,
  IDataReading,
  IDataReply,
  parseDataSettings,
  rowsOf,
  wipedPaths,
  worstFinding
} from './model';

function reading(overrides: Partial<IDataReading>): IDataReading {
  return {
    path: 'x',
    exists: true,
    kind: 'file',
    bytes: 12e9,
    files: 1,
    mount: '/nfs',
    fstype: 'nfs4',
    tier: 'network',
    evidence: null,
    read_mb_s: 90,
    cached: false,
    load_s: 133,
    copies: [],
    second_copy: false,
    purge_in_days: null,
    notes: [],
    error: null,
    copy_to: [],
    ...overrides
  };
}

describe('the data model', () => {
  it('gathers the cells that read and write each path, in notebook order', () => {
    const rows = rowsOf([
      {
        path: 'a.csv',
        mode: 'read',
        cell: 1,
        call: 'pd.read_csv',
        exact: true
      },
      {
        path: 'b.pq',
        mode: 'write',
        cell: 2,
        call: 'df.to_parquet',
        exact: true
      },
      { path: 'a.csv', mode: 'read', cell: 4, call: 'open', exact: true },
      { path: 'a.csv', mode: 'write', cell: 5, call: 'df.to_csv', exact: true }
    ]);
    expect(rows.map(r => [r.path, r.reads, r.writes])).toEqual([
      ['a.csv', [1, 4], [5]],
      ['b.pq', [], [2]]
    ]);
  });

  it('names the worst finding: a slow load that fits elsewhere, then LFS, then one copy', () => {
    const [row] = rowsOf([
      {
        path: '/nfs/train.csv',
        mode: 'read',
        cell: 0,
        call: 'pd.read_csv',
        exact: true
      }
    ]);
    const settings = DEFAULT_DATA_SETTINGS;
    row.reading = reading({
      copy_to: [
        {
          mount: '/lscratch',
          tier: 'local',
          command: 'rsync -a /nfs/train.csv /lscratch/',
          wiped_at_job_end: false
        }
      ]
    });
    expect(worstFinding([row], settings)?.text).toBe(
      '/nfs/train.csv: ~133 s a load from network; local at /lscratch fits it'
    );
    row.reading = reading({
      load_s: 1,
      second_copy: true,
      copies: [{ kind: 'lfs-pointer', detail: '' }]
    });
    expect(worstFinding([row], settings)?.text).toBe(
      '/nfs/train.csv is a git LFS pointer: the data is not here'
    );
    row.reading = reading({ load_s: 1 });
    expect(worstFinding([row], settings)?.text).toBe(
      '/nfs/train.csv has one copy'
    );
    expect(worstFinding([row], { ...settings, warnOneCopy: false })).toEqual({
      level: 'ok',
      text: '1 data files read'
    });
  });

  it("names the paths the job's end wipes, as the code writes them", () => {
    const rows = rowsOf([
      {
        path: '$SLURM_TMPDIR/x.npy',
        mode: 'read',
        cell: 1,
        call: 'np.load',
        exact: true
      },
      {
        path: 'kept.csv',
        mode: 'read',
        cell: 2,
        call: 'pd.read_csv',
        exact: true
      },
      {
        path: 'later.pt',
        mode: 'write',
        cell: 3,
        call: 'torch.save',
        exact: true
      }
    ]);
    rows[0].reading = reading({ wiped_at_job_end: true });
    rows[1].reading = reading({ wiped_at_job_end: false });
    // An older server says nothing: nothing is named.
    rows[2].reading = reading({});
    expect(wipedPaths(rows)).toEqual(['$SLURM_TMPDIR/x.npy']);
  });

  it('takes its settings from the schema, bounds kept', () => {
    expect(parseDataSettings({ readMegabytes: 5000, readSeconds: 0 })).toEqual(
      expect.objectContaining({ readMegabytes: 1024, readSeconds: 0.1 })
    );
  });

  it('asks the server for the exact paths, relative to the notebook folder', async () => {
    const asked: URLSearchParams[] = [];
    const model = new DataModel('project/nb.ipynb', async query => {
      asked.push(query);
      return {
        paths: [reading({ path: 'data/a.csv' })],
        faster: [],
        policy_error: null
      } as IDataReply;
    });
    await model.refresh(
      codeCells([
        "import pandas as pd\ndf = pd.read_csv('data/a.csv')",
        "import glob\nglob.glob('data/*.csv')"
      ]),
      DEFAULT_DATA_SETTINGS
    );
    expect(asked[0].get('cwd')).toBe('project');
    expect(asked[0].getAll('path')).toEqual(['data/a.csv']);
    expect(asked[0].get('max_bytes')).toBe('64000000');
    expect(model.rows.map(r => r.reading?.tier ?? null)).toEqual([
      'network',
      null
    ]);
    expect(model.loading).toBe(false);
  });
});
