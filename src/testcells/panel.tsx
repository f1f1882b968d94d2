import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';
import { TEST_TAG } from '../notebook/constants.js';
import { ICellTests, ITestState, shownTests } from './model.js';
import { NotebookTests } from './notebookTests.js';
import '../../style/testsPanel.css';

export interface ITestsPanelOptions {
  tracker: INotebookTracker;
  testsOf: (panel: NotebookPanel | null) => NotebookTests | null;
  jump: (tests: NotebookTests, cellId: string) => void;
  trans: TranslationBundle;
}

/**
 * The side panel's view: the active notebook's test cells and each test's last result. Loaded
 * the first time the panel shows, into the panel that carries its id, class and tab.
 */
export class TestsPanel extends ReactWidget {
  constructor(private readonly _options: ITestsPanelOptions) {
    super();
  }

  render(): JSX.Element {
    const { tracker, testsOf } = this._options;
    return (
      <UseSignal signal={tracker.currentChanged}>
        {() => (
          <Body
            tests={testsOf(tracker.currentWidget)}
            options={this._options}
          />
        )}
      </UseSignal>
    );
  }
}

function Body(props: {
  tests: NotebookTests | null;
  options: ITestsPanelOptions;
}): JSX.Element {
  const { tests, options } = props;
  const { trans } = options;
  if (!tests) {
    return (
      <p className="jp-sane-TestsPanel-empty">
        {trans.__('Open a notebook to see its test cells.')}
      </p>
    );
  }
  return (
    <UseSignal signal={tests.changed}>
      {() => <Results tests={tests} options={options} />}
    </UseSignal>
  );
}

function Results(props: {
  tests: NotebookTests;
  options: ITestsPanelOptions;
}): JSX.Element {
  const { tests, options } = props;
  const { trans } = options;
  const model = tests.model;
  const counts = model.counts();
  const failed = model.failedCellIds().length > 0;
  const python = tests.isPython;
  const oldKernel = model.cells.some(
    c => c.stale === 'kernel' && c.state === 'done'
  );
  return (
    <div className="jp-sane-TestsPanel-body">
      <div className="jp-sane-TestsPanel-header">
        <h2>{trans.__('Test cells')}</h2>
        <div className="jp-sane-TestsPanel-summary" aria-live="polite">
          {model.running
            ? trans.__('Running…')
            : trans.__(
                '%1 passed · %2 failed · %3 errors · %4 not run',
                counts.passed,
                counts.failed,
                counts.error,
                counts.notrun
              )}
        </div>
        <div className="jp-sane-TestsPanel-actions">
          <button
            className="jp-mod-styled jp-mod-accept"
            disabled={model.running || model.cells.length === 0 || !python}
            onClick={() => void tests.run()}
          >
            {trans.__('Run all')}
          </button>
          <button
            className="jp-mod-styled"
            disabled={model.running || !failed || !python}
            onClick={() => void tests.rerunFailed()}
          >
            {trans.__('Re-run failed')}
          </button>
        </div>
      </div>
      {!python && (
        <p className="jp-sane-TestsPanel-notice">
          {trans.__(
            "Test cells run in Python kernels only: this notebook's kernel is not Python."
          )}
        </p>
      )}
      {oldKernel && (
        <p className="jp-sane-TestsPanel-notice" data-notice="kernel">
          {trans.__(
            'The kernel restarted since these tests ran: their results are from an earlier kernel. Run them again.'
          )}
        </p>
      )}
      {model.moved && (
        <p className="jp-sane-TestsPanel-notice" data-notice="moved">
          {trans._n(
            '%1 test moved to %2 — run it with pytest.',
            '%1 tests moved to %2 — run them with pytest.',
            model.moved.count,
            model.moved.path
          )}
          <button
            className="jp-mod-styled jp-sane-TestsPanel-dismiss"
            onClick={() => {
              model.moved = null;
            }}
          >
            {trans.__('Dismiss')}
          </button>
        </p>
      )}
      {model.cells.length === 0 ? (
        <p className="jp-sane-TestsPanel-empty">
          {trans.__(
            'No test cells here. Tag a cell "%1", define test_* functions, or write a cell of asserts.',
            TEST_TAG
          )}
        </p>
      ) : (
        <ul className="jp-sane-TestsPanel-cells">
          {model.cells.map(cell => (
            <CellItem key={cell.cellId} cell={cell} {...props} />
          ))}
        </ul>
      )}
    </div>
  );
}

function CellItem(props: {
  cell: ICellTests;
  tests: NotebookTests;
  options: ITestsPanelOptions;
}): JSX.Element {
  const { cell, tests, options } = props;
  const { trans } = options;
  const jump = () => options.jump(tests, cell.cellId);
  const number = trans.__('Cell %1', cell.index + 1);
  const nameOf = (name: string) =>
    name === 'cell'
      ? (cell.title ?? number)
      : name === 'cell (set-up)'
        ? trans.__('%1 (set-up)', number)
        : name;
  const stale = cell.state === 'done' ? cell.stale : null;
  return (
    <li
      className="jp-sane-TestsPanel-cell"
      data-state={cell.state}
      data-stale={stale ?? undefined}
    >
      <button className="jp-sane-TestsPanel-cellLink" onClick={jump}>
        {trans.__('Cell %1', cell.index + 1)}
      </button>
      {cell.state === 'queued' && (
        <span className="jp-sane-TestsPanel-note">{trans.__('queued')}</span>
      )}
      {cell.tests.length === 0 && cell.state === 'idle' && (
        <span className="jp-sane-TestsPanel-note">{trans.__('not run')}</span>
      )}
      {stale === 'edited' && (
        <span className="jp-sane-TestsPanel-note">
          {trans.__('edited since its last run: not run')}
        </span>
      )}
      {stale === 'kernel' && (
        <span className="jp-sane-TestsPanel-note">
          {trans.__('run in an earlier kernel: not run in this one')}
        </span>
      )}
      <ul className="jp-sane-TestsPanel-tests">
        {shownTests(cell).map(test => (
          <TestItem
            key={test.name}
            test={test}
            name={nameOf(test.name)}
            jump={jump}
            trans={trans}
          />
        ))}
      </ul>
    </li>
  );
}

const SYMBOL: Record<ITestState['outcome'], string> = {
  passed: '✓',
  failed: '✗',
  error: '!',
  notrun: '○',
  pending: '·',
  running: '⋯'
};

function TestItem(props: {
  test: ITestState;
  name: string;
  jump: () => void;
  trans: TranslationBundle;
}): JSX.Element {
  const { test, jump, trans } = props;
  const words: Record<ITestState['outcome'], string> = {
    passed: trans.__('passed'),
    failed: trans.__('failed'),
    error: trans.__('error'),
    notrun: trans.__('not run'),
    pending: trans.__('waiting'),
    running: trans.__('running')
  };
  return (
    <li
      className="jp-sane-TestsPanel-test"
      data-outcome={test.outcome}
      data-was={test.was}
    >
      <button
        className="jp-sane-TestsPanel-testLink"
        onClick={jump}
        title={trans.__('Go to the cell')}
      >
        <span
          className="jp-sane-TestsPanel-symbol"
          aria-label={words[test.outcome]}
        >
          {SYMBOL[test.outcome]}
        </span>
        <span className="jp-sane-TestsPanel-name">{props.name}</span>
        {test.was && (
          <span className="jp-sane-TestsPanel-was">
            {trans.__('(was %1)', words[test.was])}
          </span>
        )}
        {test.earlier && (
          <span className="jp-sane-TestsPanel-was">
            {trans.__('(in an earlier kernel)')}
          </span>
        )}
        {test.duration !== undefined && (
          <span className="jp-sane-TestsPanel-duration">
            {test.duration < 1
              ? trans.__('%1 ms', Math.round(test.duration * 1000))
              : trans.__('%1 s', test.duration.toFixed(2))}
          </span>
        )}
      </button>
      {test.message && (
        <pre className="jp-sane-TestsPanel-message">{test.message}</pre>
      )}
      {test.traceback && (
        <details>
          <summary>{trans.__('Traceback')}</summary>
          <pre>{test.traceback}</pre>
        </details>
      )}
      {test.output && (
        <details>
          <summary>{trans.__('Printed output')}</summary>
          <pre>{test.output}</pre>
        </details>
      )}
    </li>
  );
}
