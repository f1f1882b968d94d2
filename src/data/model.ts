import { PathExt } from '@jupyterlab/coreutils';
import { VDomModel } from '@jupyterlab/ui-components';
import { IDataPath } from '../analysis/index.js';
import { ICellAnalysis } from '../analysis/index.js';
import { INotebookCell } from '../analysis/index.js';
import { IFeatureSettings } from '../common/featureModel.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';

export type IDataSettings = ReturnType<typeof parseDataSettings> &
  IFeatureSettings;

/** The settings of schema/data.json. */
export function parseDataSettings(composite: unknown) {
  return readSettings(SCHEMAS.data, composite);
}

export const DEFAULT_DATA_SETTINGS = parseDataSettings(null);

/** One path's reading from `GET /jupyterlab-sane/data` (see the README). */
export interface IDataReading {
  path: string;
  exists: boolean;
  kind: 'file' | 'directory' | 'other' | 'missing';
  bytes: number | null;
  files: number | null;
  mount: string | null;
  fstype: string | null;
  tier: 'local' | 'tmpfs' | 'network' | 'parallel' | 'unknown' | null;
  evidence: string | null;
  read_mb_s: number | null;
  cached: boolean | null;
  load_s: number | null;
  copies: { kind: string; detail: string }[];
  second_copy: boolean;
  purge_in_days: number | null;
  notes: string[];
  error: string | null;
  /** It lies where the batch job's end wipes it (older servers: absent). */
  wiped_at_job_end?: boolean;
  copy_to: {
    mount: string;
    tier: string;
    command: string;
    wiped_at_job_end: boolean;
  }[];
}

export interface IDataReply {
  paths: IDataReading[];
  faster: unknown[];
  policy_error: string | null;
}

/** A path of the notebook with the cells that read and write it, and its reading. */
export interface IDataRow {
  path: string;
  exact: boolean;
  reads: number[];
  writes: number[];
  reading: IDataReading | null;
}

/** Rows in notebook order, one per path, the cells that use it gathered. */
export function rowsOf(paths: readonly IDataPath[]): IDataRow[] {
  const rows = new Map<string, IDataRow>();
  for (const p of paths) {
    const row = rows.get(p.path) ?? {
      path: p.path,
      exact: p.exact,
      reads: [],
      writes: [],
      reading: null
    };
    const cells = p.mode === 'read' ? row.reads : row.writes;
    if (!cells.includes(p.cell)) {
      cells.push(p.cell);
    }
    rows.set(p.path, row);
  }
  return [...rows.values()];
}

/** The paths that live where the job's end wipes them, as the code names them. */
export function wipedPaths(rows: readonly IDataRow[]): string[] {
  return rows.filter(r => r.reading?.wiped_at_job_end).map(r => r.path);
}

/** What the health line says: the worst finding of the rows, or null when all is well. */
export function worstFinding(
  rows: readonly IDataRow[],
  settings: Pick<IDataSettings, 'slowLoadSeconds' | 'warnOneCopy'>
): { level: 'warning' | 'ok'; text: string } | null {
  const read = rows.filter(r => r.reads.length > 0 && r.reading?.exists);
  const slow = read
    .filter(
      r =>
        (r.reading!.load_s ?? 0) > settings.slowLoadSeconds &&
        r.reading!.copy_to.length > 0
    )
    .sort((a, b) => b.reading!.load_s! - a.reading!.load_s!)[0];
  if (slow) {
    const r = slow.reading!;
    return {
      level: 'warning',
      text: `${slow.path}: ~${Math.round(r.load_s!)} s a load from ${r.tier}; ${r.copy_to[0].tier} at ${r.copy_to[0].mount} fits it`
    };
  }
  const lfs = read.filter(r =>
    r.reading!.copies.some(c => c.kind === 'lfs-pointer')
  );
  if (lfs.length > 0) {
    return {
      level: 'warning',
      text: `${lfs[0].path} is a git LFS pointer: the data is not here`
    };
  }
  const single = settings.warnOneCopy
    ? read.filter(r => !r.reading!.second_copy)
    : [];
  if (single.length > 0) {
    return {
      level: 'warning',
      text:
        single.length === 1
          ? `${single[0].path} has one copy`
          : `${single.length} files have one copy`
    };
  }
  return read.length > 0
    ? { level: 'ok', text: `${read.length} data files read` }
    : null;
}

/** How long the walk over the cells runs before it yields to the page, in milliseconds. */
const SLICE_MS = 30;

export type DataFetch = (query: URLSearchParams) => Promise<IDataReply>;

/**
 * The data of one notebook: its paths from the code, and the server's readings of them.
 * `refresh()` reads the cells again and asks the server (exact paths only: a pattern names
 * no one file).
 */
export class DataModel extends VDomModel {
  constructor(
    private readonly _notebookPath: string,
    private readonly _fetch: DataFetch
  ) {
    super();
  }

  get rows(): readonly IDataRow[] {
    return this._rows;
  }

  get error(): string | null {
    return this._error;
  }

  get loading(): boolean {
    return this._loading;
  }

  /**
   * `analyze`: a cell's analysis from the notebook's analysis service, whose cache the
   * notebook's own pass has filled (parsing every cell here again held the page for a second
   * on a notebook of big cells).
   */
  async refresh(
    cells: readonly INotebookCell[],
    settings: IDataSettings,
    analyze?: (source: string) => ICellAnalysis
  ): Promise<void> {
    const generation = ++this._generation;
    const { dataPathsByCell } = await import('./paths.js');
    if (generation !== this._generation) {
      return;
    }
    const steps = dataPathsByCell(cells, analyze);
    let step = steps.next();
    let since = Date.now();
    while (!step.done) {
      if (Date.now() - since > SLICE_MS) {
        // Let the page breathe between cells; a newer refresh wins.
        await new Promise(resolve => setTimeout(resolve, 0));
        if (generation !== this._generation) {
          return;
        }
        since = Date.now();
      }
      step = steps.next();
    }
    const rows = rowsOf(step.value);
    this._rows = rows;
    this._loading = true;
    this._error = null;
    this.stateChanged.emit();
    const probed = rows.filter(r => r.exact);
    if (probed.length === 0) {
      this._loading = false;
      this.stateChanged.emit();
      return;
    }
    const query = new URLSearchParams();
    query.append('cwd', PathExt.dirname(this._notebookPath));
    probed.forEach(r => query.append('path', r.path));
    query.append('max_bytes', String(settings.readMegabytes * 1e6));
    query.append('max_seconds', String(settings.readSeconds));
    if (settings.policyFile) {
      query.append('policy', settings.policyFile);
    }
    try {
      const reply = await this._fetch(query);
      if (this._rows !== rows) {
        return; // a newer refresh started meanwhile
      }
      probed.forEach((row, k) => {
        row.reading = reply.paths[k] ?? null;
      });
      this._error = reply.policy_error;
    } catch (error) {
      this._error = (error as Error).message;
    }
    this._loading = false;
    this.stateChanged.emit();
  }

  private _rows: IDataRow[] = [];
  private _error: string | null = null;
  private _loading = false;
  private _generation = 0;
}
