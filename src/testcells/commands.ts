import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { DisposableSet, IDisposable } from '@lumino/disposable';
import { FeatureModel } from '../common/featureModel.js';
import { TAGS_KEY, tagList, TEST_TAG } from '../notebook/constants.js';
import { commandTarget } from '../notebook/navigate.js';
import { INotebookAnalysis } from '../tokens.js';
import { NotebookTests } from './notebookTests.js';
import { ITestsSettings } from './settings.js';

/** The test cells' command ids, for other plugins and menus to invoke. */
export namespace CommandIDs {
  export const runAll = 'sane:run-test-cells';
  export const runCell = 'sane:run-cell-tests';
  export const rerunFailed = 'sane:rerun-failed-tests';
  export const toggle = 'sane:toggle-test-cell';
  export const addSmoke = 'sane:add-smoke-test';
  /** Says in the panel where a move to a module took tests (args: notebook, count, path). */
  export const noteMoved = 'sane:note-moved-tests';
}

export interface ITestsCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  feature: FeatureModel<ITestsSettings>;
  testsOf: (panel: NotebookPanel | null) => NotebookTests | null;
  analysis: INotebookAnalysis;
  showPanel: () => void;
  trans: TranslationBundle;
}

/** Registers the test cells' commands; the returned disposable removes them. */
export function addTestCommands(options: ITestsCommandOptions): IDisposable {
  const { app, tracker, feature, testsOf, trans } = options;
  // From the cell context menu, the cell right-clicked (not the active one).
  const target = (args: ReadonlyPartialJSONObject) =>
    commandTarget(tracker, args, app);
  const set = new DisposableSet();
  const testsFor = (args: ReadonlyPartialJSONObject) =>
    testsOf(target(args).panel);
  // The run commands say why they are greyed out in a notebook whose kernel is not Python.
  const label = (text: string) => (args: ReadonlyPartialJSONObject) =>
    testsFor(args)?.isPython === false
      ? trans.__('%1 (Python kernels only)', text)
      : text;
  const add = (
    id: string,
    command: Parameters<typeof app.commands.addCommand>[1]
  ) => set.add(app.commands.addCommand(id, command));

  add(CommandIDs.runAll, {
    label: label(trans.__('Run All Test Cells')),
    caption: trans.__(
      "Run the notebook's test cells in its kernel and list each test"
    ),
    isEnabled: args => !!testsFor(args)?.canRun,
    execute: args => {
      options.showPanel();
      return testsFor(args)?.run();
    }
  });
  add(CommandIDs.runCell, {
    label: label(trans.__('Run Tests of This Cell')),
    isEnabled: args => {
      const tests = testsFor(args);
      const cell = target(args).cell;
      return !!tests?.canRun && !!cell && !!tests.model.cell(cell.model.id);
    },
    execute: args => {
      const cell = target(args).cell;
      options.showPanel();
      return cell ? testsFor(args)?.run([cell.model.id]) : undefined;
    }
  });
  add(CommandIDs.rerunFailed, {
    label: label(trans.__('Re-run Failed Tests')),
    isEnabled: args => {
      const tests = testsFor(args);
      return !!tests?.canRun && tests.model.failedCellIds().length > 0;
    },
    execute: args => testsFor(args)?.rerunFailed()
  });
  add(CommandIDs.toggle, {
    label: trans.__('Test Cell'),
    caption: trans.__('Add or remove the "%1" tag of the cell', TEST_TAG),
    isEnabled: args => feature.enabled && !!target(args).cell,
    isToggled: args =>
      hasTestTag(target(args).cell?.model.getMetadata(TAGS_KEY)),
    execute: args => {
      const cell = target(args).cell;
      if (cell) {
        const tags = tagList(cell.model.getMetadata(TAGS_KEY));
        cell.model.setMetadata(
          TAGS_KEY,
          tags.includes(TEST_TAG)
            ? tags.filter(t => t !== TEST_TAG)
            : [...tags, TEST_TAG]
        );
        app.commands.notifyCommandChanged(CommandIDs.toggle);
      }
    }
  });
  add(CommandIDs.addSmoke, {
    label: trans.__('Add Smoke Test for Function'),
    caption: trans.__(
      'Add a test cell that calls the function as it was last called and checks what it gives'
    ),
    isEnabled: args => feature.enabled && !!target(args).panel,
    execute: async args => {
      const { panel, cell } = target(args);
      if (!panel?.model) {
        return;
      }
      const index = cell ? panel.content.widgets.indexOf(cell) : 0;
      const name = typeof args.name === 'string' ? args.name : undefined;
      const flows = options.analysis.of(panel);
      // The function under the cursor, when the cell's editor has one.
      const line = cell?.editor?.getCursorPosition().line;
      // The planning (call sites, the kernel's types) is loaded on first use.
      const { addSmokeTest } = await import('./smokeTest.js');
      await addSmokeTest({ panel, flows, index, name, line }, trans);
    }
  });
  add(CommandIDs.noteMoved, {
    label: trans.__('Note Tests Moved to a Module'),
    execute: args => {
      const { notebook, count, path } = args;
      const panel = tracker.find(p => p.context.path === notebook);
      const tests = panel ? testsOf(panel) : null;
      if (tests && typeof count === 'number' && typeof path === 'string') {
        tests.model.moved = count > 0 ? { count, path } : null;
      }
    }
  });
  return set;
}

function hasTestTag(tags: unknown): boolean {
  return tagList(tags).includes(TEST_TAG);
}
