import { VDomModel } from '@jupyterlab/ui-components';
import { TestReason } from '../analysis/index.js';
import { ITestResult, Outcome, TestEvent } from './protocol.js';

/** A test as the panel shows it: a runner result, or one still to come. */
export interface ITestState extends Omit<ITestResult, 'outcome'> {
  outcome: Outcome | 'pending' | 'running';
  /** For a result no longer current (see `ICellTests.stale`): what it was. */
  was?: Outcome;
  /** A failure from an earlier kernel: still counted failed until a run says otherwise. */
  earlier?: boolean;
}

/** Why a cell's last results are no longer current: it was edited, or the kernel is another. */
export type Staleness = 'edited' | 'kernel' | null;

/** What a cell's shown results came from: its source then, and the kernel (a generation). */
export interface IRunStamp {
  source: string;
  kernel: number;
}

/** A test cell as detection found it. */
export interface IFoundTestCell {
  cellId: string;
  reason: TestReason;
  index: number;
  /** Its source now (a result of another source is not current). */
  source?: string;
  /** The tests its source plans (`cell` for the cell itself). */
  planned?: readonly string[];
  /** A short name for it (its first line), for the test `cell`. */
  title?: string | null;
}

/** One test cell of the notebook and its latest results. */
export interface ICellTests {
  cellId: string;
  reason: TestReason;
  /** Where the cell is now, 0-based, among all the notebook's cells. */
  index: number;
  state: 'idle' | 'queued' | 'running' | 'done';
  tests: ITestState[];
  source: string;
  planned: readonly string[];
  title: string | null;
  /** What the results came from; undefined before any run. */
  ran?: IRunStamp;
  stale: Staleness;
}

export type Counts = Record<Outcome, number>;

/** Tests a move to a module took out of the notebook: how many, and the file they went to. */
export interface IMovedTests {
  count: number;
  path: string;
}

/** The test cells of one notebook and what their last run said. Views follow `stateChanged`. */
export class TestsModel extends VDomModel {
  get cells(): readonly ICellTests[] {
    return this._cells;
  }

  get running(): boolean {
    return this._running;
  }

  /** The tests the last move to a module took along, said until the panel's user closes it. */
  get moved(): IMovedTests | null {
    return this._moved;
  }

  set moved(value: IMovedTests | null) {
    this._moved = value;
    this.stateChanged.emit();
  }

  cell(cellId: string): ICellTests | undefined {
    return this._cells.find(c => c.cellId === cellId);
  }

  /** The kernel generation results are stamped with now. */
  get kernel(): number {
    return this._kernel;
  }

  /**
   * The detected test cells, in notebook order; results of cells still there are kept, and
   * are no longer current when the cell's source is not the one they came from.
   */
  setCells(found: readonly IFoundTestCell[]): void {
    const old = new Map(this._cells.map(c => [c.cellId, c]));
    const next = found.map(f => {
      const previous = old.get(f.cellId);
      const cell: ICellTests = {
        state: 'idle',
        tests: [],
        ...previous,
        cellId: f.cellId,
        reason: f.reason,
        index: f.index,
        source: f.source ?? previous?.source ?? '',
        planned: f.planned ?? ['cell'],
        title: f.title ?? null,
        stale: null
      };
      return { ...cell, stale: staleness(cell, this._kernel) };
    });
    if (JSON.stringify(next) !== JSON.stringify(this._cells)) {
      this._cells = next;
      this.stateChanged.emit();
    }
  }

  /**
   * The results to come for a cell belong to this source and the current kernel. A source
   * not given is the cell's own now.
   */
  stamp(cellId: string, source?: string): void {
    this._update(cellId, cell => ({
      ...cell,
      source: source ?? cell.source,
      ran: { source: source ?? cell.source, kernel: this._kernel },
      stale: null
    }));
  }

  /** The kernel restarted, died or was replaced: every result so far is from an earlier one. */
  newKernel(): void {
    this._kernel++;
    this._cells = this._cells.map(c => ({
      ...c,
      stale: staleness(c, this._kernel)
    }));
    this.stateChanged.emit();
  }

  /** A run begins: the given cells are queued, in that order. */
  start(cellIds: readonly string[]): void {
    const queued = new Set(cellIds);
    this._cells = this._cells.map(c =>
      queued.has(c.cellId) ? { ...c, state: 'queued' } : c
    );
    this._running = true;
    this.stateChanged.emit();
  }

  /** Applies one event from the runner. */
  apply(event: TestEvent): void {
    this._update(event.cell, cell => {
      switch (event.kind) {
        case 'plan':
          return {
            ...cell,
            state: 'running',
            tests: event.tests.map((name, i) => ({
              name,
              outcome: i === 0 ? 'running' : 'pending'
            }))
          };
        case 'result': {
          // eslint-disable-next-line @typescript-eslint/no-unused-vars
          const { kind, cell: _, ...result } = event;
          const tests = cell.tests.some(t => t.name === result.name)
            ? cell.tests.map(t => (t.name === result.name ? result : t))
            : [result, ...cell.tests];
          const next = tests.find(t => t.outcome === 'pending');
          return {
            ...cell,
            tests: tests.map(t =>
              t === next ? { ...t, outcome: 'running' as const } : t
            )
          };
        }
        case 'end':
          return { ...cell, state: 'done', tests: settle(cell.tests) };
      }
    });
  }

  /**
   * The run stopped early (kernel died, interrupted, restarted): every test not yet reported,
   * in every queued or running cell, is marked not run with the reason.
   */
  abort(reason: string): void {
    this._cells = this._cells.map(c => {
      if (c.state !== 'queued' && c.state !== 'running') {
        return c;
      }
      const tests: ITestState[] =
        c.tests.length > 0 ? c.tests : [{ name: 'cell', outcome: 'pending' }];
      return {
        ...c,
        state: 'done',
        tests: tests.map(t =>
          t.outcome === 'pending' || t.outcome === 'running'
            ? { name: t.name, outcome: 'notrun', message: reason }
            : t
        )
      };
    });
    this._running = false;
    this.stateChanged.emit();
  }

  /** The run is over. */
  finish(): void {
    this._running = false;
    this.stateChanged.emit();
  }

  /** Tests by outcome, over the given cell or every cell. */
  counts(cellId?: string): Counts {
    const counts: Counts = { passed: 0, failed: 0, error: 0, notrun: 0 };
    for (const cell of this._cells) {
      if (cellId === undefined || cell.cellId === cellId) {
        for (const t of shownTests(cell)) {
          if (t.outcome in counts) {
            counts[t.outcome as Outcome]++;
          }
        }
      }
    }
    return counts;
  }

  /** Cells with a failed, erroring, not-run or no longer current test: what "Re-run failed" runs. */
  failedCellIds(): string[] {
    return this._cells
      .filter(
        c =>
          (c.stale !== null && c.state === 'done') ||
          c.tests.some(t => ['failed', 'error', 'notrun'].includes(t.outcome))
      )
      .map(c => c.cellId);
  }

  private _update(
    cellId: string,
    change: (cell: ICellTests) => ICellTests
  ): void {
    let changed = false;
    this._cells = this._cells.map(c => {
      if (c.cellId !== cellId) {
        return c;
      }
      changed = true;
      return change(c);
    });
    if (changed) {
      this.stateChanged.emit();
    }
  }

  private _moved: IMovedTests | null = null;
  private _cells: ICellTests[] = [];
  private _running = false;
  private _kernel = 0;
}

function staleness(cell: ICellTests, kernel: number): Staleness {
  if (!cell.ran) {
    return null;
  }
  if (cell.ran.source !== cell.source) {
    return 'edited';
  }
  return cell.ran.kernel !== kernel ? 'kernel' : null;
}

/**
 * The tests as views show and count them: before any run the planned ones, not run; once the
 * results are no longer current, each not run (with what it was).
 */
export function shownTests(cell: ICellTests): ITestState[] {
  if (cell.state === 'idle' && cell.tests.length === 0) {
    return cell.planned.map(name => ({ name, outcome: 'notrun' }));
  }
  if (cell.state === 'done' && cell.stale !== null) {
    // A test that did not run says why (e.g. the kernel died under it): that stays true.
    // A restart fixes no failure: a known one stays failed, not "not run", until a new run.
    return cell.tests.map(t =>
      t.outcome === 'notrun'
        ? t
        : cell.stale === 'kernel' && isBad(t.outcome)
          ? { ...t, earlier: true }
          : { name: t.name, outcome: 'notrun', was: t.outcome as Outcome }
    );
  }
  return cell.tests;
}

function isBad(outcome: ITestState['outcome']): boolean {
  return outcome === 'failed' || outcome === 'error';
}

/** Tests the runner planned but never reported (it reports all): not run. */
function settle(tests: ITestState[]): ITestState[] {
  return tests.map(t =>
    t.outcome === 'pending' || t.outcome === 'running'
      ? { name: t.name, outcome: 'notrun', message: 'not reported' }
      : t
  );
}

/** The one-word status of a cell's tests, for its marker. */
export function cellStatus(
  cell: ICellTests
): 'notrun' | 'running' | 'passed' | 'failed' {
  if (cell.state === 'queued' || cell.state === 'running') {
    return 'running';
  }
  if (cell.tests.length === 0 || cell.stale === 'edited') {
    return 'notrun';
  }
  if (cell.tests.some(t => isBad(t.outcome))) {
    return 'failed';
  }
  if (cell.stale !== null) {
    return 'notrun';
  }
  return cell.tests.every(t => t.outcome === 'passed') ? 'passed' : 'notrun';
}
