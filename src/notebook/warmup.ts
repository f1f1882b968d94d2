import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ICellAnalysis } from '../analysis/index.js';
import { NotebookAnalyzer } from '../analysis/index.js';

/** How long one slice of a notebook's first analysis may hold the page, in ms. */
const SLICE_MS = 25;

/**
 * The user-timing mark each slice leaves, with the cells it analysed as its detail: the slices
 * show in the browser's performance profile, and the browser tests count them (a count, unlike
 * a duration, does not change with the machine's load).
 */
export const SLICE_MARK = 'jupyterlab-sane:analysis-slice';

/** The cells one slice analysed: from `from` up to, not including, `to`. */
export interface ISlice {
  from: number;
  to: number;
}

/**
 * Brings a notebook's analyzer up to date a slice of time at a time, yielding to the page in
 * between: the first analysis of thousands of cells takes seconds, which in one go would
 * freeze the page. The sources are read once per warm-up; cells edited meanwhile are analysed
 * by the caller's next full analysis, as usual.
 */
export class SlicedWarmup implements IDisposable {
  /**
   * @param done - called when a warm-up that could not finish at once has finished.
   * @param also - called on each analysis (e.g. to fingerprint the cell in the same slice).
   */
  constructor(
    private readonly _analyzer: NotebookAnalyzer,
    private readonly _done: () => void,
    private readonly _also?: (analysis: ICellAnalysis) => void,
    private readonly _now: () => number = () => performance.now(),
    private readonly _mark: (slice: ISlice) => void = slice =>
      performance.mark(SLICE_MARK, { detail: slice })
  ) {}

  get isDisposed(): boolean {
    return this._next.isDisposed;
  }

  /**
   * Whether every source is analysed. If not, analyses a slice of them, says false and goes
   * on in the background, calling `done` at the end; asked again meanwhile, says false.
   */
  ready(read: () => readonly string[]): boolean {
    if (this._pending) {
      return false;
    }
    const sources = read();
    const at = this._warm(sources, 0, false);
    if (at >= sources.length) {
      return true;
    }
    this._pending = { sources, at };
    void this._next.invoke();
    return false;
  }

  dispose(): void {
    this._pending = null;
    this._next.dispose();
  }

  private _slice(): void {
    const pending = this._pending;
    if (!pending) {
      return;
    }
    const { sources } = pending;
    pending.at = this._warm(sources, pending.at, true);
    if (pending.at < sources.length) {
      void this._next.invoke();
      return;
    }
    this._pending = null;
    this._done();
  }

  /**
   * One slice from `from`; the index of the first source not yet analysed. Marked when it is
   * part of a sliced warm-up (`continued`, or work is left): a notebook already warm, analysed
   * again after each edit, leaves no marks to pile up.
   */
  private _warm(
    sources: readonly string[],
    from: number,
    continued: boolean
  ): number {
    const deadline = this._now() + SLICE_MS;
    const to = this._analyzer.warm(
      sources,
      from,
      deadline,
      this._also,
      this._now
    );
    if (continued || to < sources.length) {
      this._mark({ from, to });
    }
    return to;
  }

  private _pending: { sources: readonly string[]; at: number } | null = null;
  private _next = new Debouncer(() => this._slice(), 0);
}
