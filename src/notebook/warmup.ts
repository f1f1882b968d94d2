import { IDisposable } from '@lumino/disposable';
import { Debouncer } from '@lumino/polling';
import { ICellAnalysis } from '../analysis/index.js';
import { NotebookAnalyzer } from '../analysis/index.js';

/** How long one slice of a notebook's first analysis may hold the page, in ms. */
const SLICE_MS = 25;

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
    private readonly _now: () => number = () => performance.now()
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
    const at = this._analyzer.warm(
      sources,
      0,
      this._deadline(),
      this._also,
      this._now
    );
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
    pending.at = this._analyzer.warm(
      sources,
      pending.at,
      this._deadline(),
      this._also,
      this._now
    );
    if (pending.at < sources.length) {
      void this._next.invoke();
      return;
    }
    this._pending = null;
    this._done();
  }

  private _deadline(): number {
    return this._now() + SLICE_MS;
  }

  private _pending: { sources: readonly string[]; at: number } | null = null;
  private _next = new Debouncer(() => this._slice(), 0);
}
