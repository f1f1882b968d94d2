import { analyzeCell, ICellAnalysis } from './cell.js';
import { BindKind } from './frames.js';

/** A notebook cell as the analysis sees it: what nbformat and the shared model both have. */
export interface INotebookCell {
  /** Position in the notebook's cells (all cell types). */
  index: number;
  id: string | null;
  cellType: string;
  source: string;
  tags?: readonly string[];
}

/** The data flow of one code cell within its notebook. */
export interface ICellFlow {
  cell: INotebookCell;
  analysis: ICellAnalysis;
  /** Names bound by earlier cells, with the kind of their latest binding. */
  earlier: ReadonlyMap<string, BindKind>;
  /** Names that later cells read before rebinding them. */
  usedLater: ReadonlySet<string>;
  /** Names bound anywhere in the notebook: a new function's name must avoid them. */
  notebookNames: ReadonlySet<string>;
}

/**
 * Analyses the code cells of a notebook. Cell analyses are cached by source, so analysing the
 * notebook again after one cell changed parses only that cell; the notebook-level pass is a
 * walk over per-cell name sets.
 */
export class NotebookAnalyzer {
  analyze(cells: readonly INotebookCell[]): ICellFlow[] {
    const code = cells.filter(c => c.cellType === 'code');
    const analyses = code.map(c => this.cell(c.source));
    const used = Private.usedLater(analyses);
    const flows: ICellFlow[] = [];
    const notebookNames = new Set(analyses.flatMap(a => [...a.binds.keys()]));
    let earlier = new Map<string, BindKind>();
    code.forEach((cell, i) => {
      flows.push({
        cell,
        analysis: analyses[i],
        earlier,
        usedLater: used[i],
        notebookNames
      });
      earlier = new Map(earlier);
      for (const [name, kind] of analyses[i].binds) {
        earlier.set(name, kind);
      }
    });
    this._evict(new Set(code.map(c => c.source)));
    return flows;
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

namespace Private {
  /**
   * For each cell, the names some later cell reads before surely rebinding them. Walks the
   * cells backwards: a cell's reads are live before it; what it surely binds is dead before it.
   */
  export function usedLater(analyses: ICellAnalysis[]): Set<string>[] {
    const out: Set<string>[] = new Array(analyses.length);
    let live = new Set<string>();
    for (let i = analyses.length - 1; i >= 0; i--) {
      out[i] = live;
      const next = new Set<string>();
      for (const name of live) {
        if (!analyses[i].sure.has(name)) {
          next.add(name);
        }
      }
      analyses[i].reads.forEach(name => next.add(name));
      live = next;
    }
    return out;
  }
}
