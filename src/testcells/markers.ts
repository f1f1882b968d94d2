import { Cell } from '@jupyterlab/cells';
import { TranslationBundle } from '@jupyterlab/translation';
import { showNewestState } from '../notebook/cellState.js';
import { cellStatus, ICellTests, IRunStamp, TestsModel } from './model.js';

const MARKER = 'jp-sane-TestMarker';
const TEST_CELL = 'jp-sane-mod-testCell';

/** The marker's words for a test cell: its status and counts. */
export function markerText(
  cell: ICellTests,
  model: TestsModel,
  trans: TranslationBundle
): string {
  const counts = model.counts(cell.cellId);
  const bad = counts.failed + counts.error;
  const status = cellStatus(cell);
  if (status === 'notrun' && cell.stale === 'edited') {
    return trans.__('○ edited since run');
  }
  if (status === 'notrun' && cell.stale === 'kernel') {
    return trans.__('○ not run in this kernel');
  }
  switch (status) {
    case 'running':
      return trans.__('⋯ running');
    case 'passed':
      return trans._n('✓ %1 passed', '✓ %1 passed', counts.passed);
    case 'failed':
      return cell.stale === 'kernel'
        ? trans.__('✗ %1 failed in an earlier kernel', bad)
        : trans.__('✗ %1 failed, %2 passed', bad, counts.passed);
    default:
      return cell.tests.length > 0
        ? trans.__('○ %1 not run', counts.notrun)
        : trans.__('○ test: not run');
  }
}

/** The run each marker last showed. */
const drawnRuns = new WeakMap<HTMLElement, IRunStamp | null>();

/**
 * Puts a cell's marker in step with its tests: a button on the cell widget (every cell has
 * one, windowed or not), or none when the cell holds no tests.
 */
export function drawMarker(
  cell: Cell,
  tests: ICellTests | undefined,
  model: TestsModel,
  trans: TranslationBundle,
  open: (cellId: string) => void
): void {
  let marker = cell.node.querySelector<HTMLButtonElement>(
    `:scope > .${MARKER}`
  );
  // A class rather than `:has()` in the style sheet: Chrome re-checks `:has()` on every change
  // under the cell, and outputs change on every run.
  cell.toggleClass(TEST_CELL, !!tests);
  if (!tests) {
    marker?.remove();
    showNewestState(cell, null, false);
    return;
  }
  if (!marker) {
    marker = document.createElement('button');
    marker.className = MARKER;
    marker.addEventListener('click', () => open(cell.model.id));
    cell.node.appendChild(marker);
  }
  const text = markerText(tests, model, trans);
  if (marker.textContent !== text) {
    marker.textContent = text;
  }
  const status = cellStatus(tests);
  // A new run is a new state even when its status is the same as the last one's.
  const run = tests.ran ?? null;
  showNewestState(
    cell,
    marker,
    marker.dataset.status !== status || drawnRuns.get(marker) !== run
  );
  drawnRuns.set(marker, run);
  marker.dataset.status = status;
  marker.setAttribute('aria-label', trans.__('Test cell: %1', text));
  marker.title = trans.__('Test cell: %1. Click to see its tests.', text);
}
