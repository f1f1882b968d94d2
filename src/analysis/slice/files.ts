/**
 * Files as a dependency: a cell that reads a file a cell above it wrote (`plt.savefig('sq.png')`
 * then `mpimg.imread('sq.png')`, `np.save` then `np.load`, `open(p, 'w')` then `open(p)`) needs
 * that cell, though it reads no name the writer bound. Which calls read and write which path is
 * the data module's table (`dataPaths`); here only which writes a read may see.
 *
 * Paths match as the code spells them (relative to the notebook's folder, normalised); a path
 * with unknown parts or a pattern (`glob('out/*.png')`, `os.listdir('out')`) matches every path
 * it may stand for. A call whose path the table can't read at all (`open(name_from_a_loop)`) is
 * not seen. Every earlier writer of a path is kept, not only the last: an append (`'a'`) reads
 * what the writes before it left, and the table doesn't tell appends from truncations.
 */
import { ICellAnalysis, INotebookCell } from '../core/index.js';
import { dataPaths, IDataPath } from '../data/index.js';

interface IPathSpelling {
  readonly path: string;
  readonly exact: boolean;
}

/** The paths each code cell reads and writes, its function bodies' included. */
export class NotebookFiles {
  constructor(analyses: readonly ICellAnalysis[]) {
    const cells: INotebookCell[] = analyses.map((analysis, index) => ({
      index,
      id: null,
      cellType: 'code',
      source: analysis.source
    }));
    this._reads = analyses.map(() => []);
    this._writes = analyses.map(() => []);
    for (const found of dataPaths(cells, analyses)) {
      const list = found.mode === 'write' ? this._writes : this._reads;
      list[found.cell].push(spelling(found));
    }
  }

  /** Whether any cell reads or writes a path: most notebooks' slices skip the rest. */
  get any(): boolean {
    return this._writes.some(w => w.length > 0);
  }

  reads(j: number): readonly IPathSpelling[] {
    return this._reads[j];
  }

  writes(j: number): readonly IPathSpelling[] {
    return this._writes[j];
  }

  private _reads: IPathSpelling[][];
  private _writes: IPathSpelling[][];
}

/**
 * For a backward pass of a slice: the paths the kept cells read. A cell before them that
 * writes one (itself or through a function it calls: `bodies`) is needed.
 */
export class LiveFiles {
  constructor(private readonly _files: NotebookFiles) {}

  /** Whether cell `j`, or the cells whose functions it calls, write a path read below. */
  needs(bodies: Iterable<number>): boolean {
    if (this._live.length === 0) {
      return false;
    }
    for (const j of bodies) {
      for (const written of this._files.writes(j)) {
        if (this._live.some(read => samePath(read, written))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A cell is kept: what it (or the functions it calls, `bodies`) reads becomes live. */
  keep(bodies: Iterable<number>): void {
    for (const j of bodies) {
      this._live.push(...this._files.reads(j));
    }
  }

  private _live: IPathSpelling[] = [];
}

function spelling(found: IDataPath): IPathSpelling {
  return { path: found.path, exact: found.exact };
}

/**
 * Whether a read of `a` may see a write of `b`: the same path, one under it (a folder listed,
 * `os.listdir('out')`, or written whole), or one a pattern covers.
 */
function samePath(a: IPathSpelling, b: IPathSpelling): boolean {
  return covers(a, b.path) || covers(b, a.path);
}

/** Whether a path spelled with unknown parts (`*`), or a folder listed, may be `path`. */
function covers(pattern: IPathSpelling, path: string): boolean {
  if (pattern.path === path || path.startsWith(`${pattern.path}/`)) {
    return true;
  }
  return !pattern.exact && globPattern(pattern.path).test(path);
}

function globPattern(path: string): RegExp {
  const body = path
    .split('')
    .map(c =>
      c === '*'
        ? '.*'
        : c === '?'
          ? '.'
          : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    )
    .join('');
  return new RegExp(`^${body}(/.*)?$`);
}
