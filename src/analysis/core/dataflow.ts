import { analyzeCell, ICellAnalysis } from './cell.js';
import { BindKind } from './frames.js';
import { NameIndex } from './nameIndex.js';

/** A notebook cell as the analysis sees it: what nbformat and the shared model both have. */
export interface INotebookCell {
  /** Position in the notebook's cells (all cell types). */
  index: number;
  id: string | null;
  cellType: string;
  source: string;
  tags?: readonly string[];
}

/** Names bound by earlier cells, with the kind of their latest binding. */
export interface IEarlierNames {
  has(name: string): boolean;
  get(name: string): BindKind | undefined;
}

/** Names that later cells read before rebinding them. */
export interface ILaterUses {
  has(name: string): boolean;
}

/** The data flow of one code cell within its notebook. */
export interface ICellFlow {
  cell: INotebookCell;
  analysis: ICellAnalysis;
  earlier: IEarlierNames;
  usedLater: ILaterUses;
  /**
   * Names that functions, lambdas or methods defined in earlier cells read when called: the
   * cell may be calling them, and so may any later cell.
   */
  readLateBefore: ILaterUses;
  /** Names that functions defined in earlier cells declare `global`: a call may rebind them. */
  writtenLateBefore: ILaterUses;
  /** Of those, the names the functions this cell calls may rebind (the cell binds them). */
  rebindsByCalls?: ReadonlySet<string>;
  /** Names bound anywhere in the notebook: a new function's name must avoid them. */
  notebookNames: ReadonlySet<string>;
}

/**
 * Analyses the code cells of a notebook. Cell analyses are cached by source, so analysing the
 * notebook again after one cell changed parses only that cell; the notebook-level answers come
 * from per-name position lists, built in time proportional to the names the cells hold.
 */
export class NotebookAnalyzer {
  analyze(cells: readonly INotebookCell[]): ICellFlow[] {
    const code = cells.filter(c => c.cellType === 'code');
    const analyses = code.map(c => this.cell(c.source));
    const index = new NameIndex(analyses);
    this._evict(new Set(code.map(c => c.source)));
    return code.map((cell, i) => ({
      cell,
      analysis: analyses[i],
      earlier: {
        has: name => index.kindBefore(name, i) !== undefined,
        get: name => index.kindBefore(name, i)
      },
      usedLater: { has: name => index.usedAfter(name, i) },
      readLateBefore: { has: name => index.lateReadBefore(name, i) },
      writtenLateBefore: { has: name => index.lateWriteBefore(name, i) },
      rebindsByCalls: index.rebindsByCalls(i),
      notebookNames: index.names
    }));
  }

  /**
   * Analyses sources into the cache, from index `from` on, until `deadline` (on the `now`
   * clock), at least one per call, calling `also` on each analysis; returns the index to go
   * on from (`sources.length` when all are done). For callers that spread a big notebook's
   * first analysis over slices of time rather than freeze a page.
   */
  warm(
    sources: readonly string[],
    from: number,
    deadline: number,
    also?: (analysis: ICellAnalysis) => void,
    now: () => number = () => performance.now()
  ): number {
    let i = from;
    while (i < sources.length) {
      const analysis = this.cell(sources[i++]);
      also?.(analysis);
      if (now() >= deadline) {
        break;
      }
    }
    return i;
  }

  /** One cell's analysis, from the cache when its source has not changed. */
  cell(source: string): ICellAnalysis {
    let analysis = this._cache.get(source);
    if (!analysis) {
      analysis = analyzeCell(source);
      this._cache.set(source, analysis);
    }
    return analysis;
  }

  /** Keeps the cache to the sources the notebook has now. */
  private _evict(live: Set<string>): void {
    if (this._cache.size > 2 * live.size + 64) {
      for (const source of this._cache.keys()) {
        if (!live.has(source)) {
          this._cache.delete(source);
        }
      }
    }
  }

  private _cache = new Map<string, ICellAnalysis>();
}
