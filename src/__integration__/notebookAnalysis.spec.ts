import { JupyterFrontEnd } from '@jupyterlab/application';
import { NotebookModel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';
import { NotebookAnalyzer } from '../analysis';
import { FeatureModel } from '../common/featureModel';
import { ExecutionLog } from '../execution/log';
import { NotebookFlags } from '../repeats/notebookFlags';
import { DEFAULT_REPEATS_SETTINGS } from '../repeats/settings';
import { NotebookTests } from '../testcells/notebookTests';
import { DEFAULT_TESTS_SETTINGS } from '../testcells/settings';
import { notebookModel, panelOf, trans } from '../testing';
import { NotebookAnalysis } from '../notebook/analysis';

const CELLS = 10;
const settle = () => new Promise(resolve => setTimeout(resolve, 450));

const notebook = () =>
  notebookModel(
    Array.from({ length: CELLS }, (_, i) =>
      i === CELLS - 1 ? 'assert x3 == 3' : `x${i} = ${i}`
    )
  );

/** How many listeners the notebook's cells have: connections made to their `changed`. */
function countCellListeners(model: NotebookModel): () => number {
  const signals = new Set<unknown>(
    [...model.cells].map(cell => cell.sharedModel.changed)
  );
  let count = 0;
  const connect = Signal.prototype.connect;
  jest.spyOn(Signal.prototype, 'connect').mockImplementation(function (
    this: Signal<unknown, unknown>,
    ...args
  ) {
    if (signals.has(this)) {
      count++;
    }
    return connect.apply(this, args);
  });
  return () => count;
}

describe('NotebookAnalysis', () => {
  afterEach(() => jest.restoreAllMocks());

  it('one edit: one listener per cell and one analysis, whoever reads it', async () => {
    const model = notebook();
    const listeners = countCellListeners(model);
    const analysis = new NotebookAnalysis(model);
    const panel = panelOf(model);
    const log = new ExecutionLog();
    const app = {} as JupyterFrontEnd;
    const flags = new NotebookFlags(
      app,
      panel,
      analysis,
      log,
      new FeatureModel(DEFAULT_REPEATS_SETTINGS),
      trans
    );
    const tests = new NotebookTests(
      panel,
      analysis,
      new FeatureModel(DEFAULT_TESTS_SETTINGS),
      log,
      trans,
      () => undefined
    );
    await settle();
    expect(tests.model.cells.map(c => c.index)).toEqual([CELLS - 1]);

    const analyze = jest.spyOn(NotebookAnalyzer.prototype, 'analyze');
    model.cells.get(3).sharedModel.setSource('x3 = 33');
    await settle();
    // Before the service: 2 listeners per cell (flags and test cells each had one) and 2
    // analyses per edit.
    expect(listeners() / CELLS).toBe(1);
    expect(analyze).toHaveBeenCalledTimes(1);
    expect(analysis.flows[3].cell.source).toBe('x3 = 33');

    flags.dispose();
    tests.dispose();
    analysis.dispose();
  });

  it('typing analyses once, after the last key; nothing after dispose', async () => {
    const model = notebook();
    const analysis = new NotebookAnalysis(model);
    await settle();
    const passes = jest.fn();
    analysis.analysed.connect(passes);
    for (const source of ['y', 'y =', 'y = 1']) {
      model.cells.get(0).sharedModel.setSource(source);
    }
    await settle();
    expect(passes).toHaveBeenCalledTimes(1);
    analysis.dispose();
    model.cells.get(0).sharedModel.setSource('y = 2');
    await settle();
    expect(passes).toHaveBeenCalledTimes(1);
  });

  it('answers a command at once with the notebook as it is now', () => {
    const model = notebook();
    const analysis = new NotebookAnalysis(model);
    model.cells.get(0).sharedModel.setSource('z = 1');
    expect(analysis.current()[0].cell.source).toBe('z = 1');
    expect(analysis.cell('z = 1')).toBe(analysis.current()[0].analysis);
    analysis.dispose();
  });
});
