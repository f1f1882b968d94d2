import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { followSettings } from '../common/settings.js';
import { IExecutionLog } from '../tokens.js';
import { addTestCommands } from './commands.js';
import { NotebookTests } from './notebookTests.js';
import { TestsPanel } from './panel.js';
import {
  DEFAULT_TESTS_SETTINGS,
  ITestsSettings,
  parseTestsSettings
} from './settings.js';

const PALETTE_COMMANDS = [
  'sane:run-test-cells',
  'sane:run-cell-tests',
  'sane:rerun-failed-tests',
  'sane:toggle-test-cell',
  'sane:add-smoke-test'
];

/** Marks test cells, runs them in the kernel and reports each test in a side panel. */
export const testsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.tests,
  description:
    'Marks test cells, runs them in the kernel and reports each test in a side panel.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [
    ISettingRegistry,
    ITranslator,
    ICommandPalette,
    ILayoutRestorer,
    IExecutionLog
  ],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    log: IExecutionLog | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const feature = new FeatureModel<ITestsSettings>(DEFAULT_TESTS_SETTINGS);
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.tests,
        parseTestsSettings,
        s => {
          feature.settings = s;
        }
      );
    }
    const jump = (tests: NotebookTests, cellId: string) => {
      const content = tests.panel.content;
      const index = content.widgets.findIndex(w => w.model.id === cellId);
      if (index >= 0) {
        content.activeCellIndex = index;
        void content.scrollToItem(index);
        app.shell.activateById(tests.panel.id);
      }
    };
    const sidePanel = new TestsPanel({
      tracker,
      testsOf: panel => (panel ? (testsByPanel.get(panel) ?? null) : null),
      jump,
      trans
    });
    const showPanel = () => app.shell.activateById(sidePanel.id);
    const testsByPanel = new WeakMap<NotebookPanel, NotebookTests>();
    const watch = (panel: NotebookPanel) => {
      const tests = new NotebookTests(panel, feature, log, trans, () =>
        showPanel()
      );
      testsByPanel.set(panel, tests);
      panel.disposed.connect(() => tests.dispose());
      // The panel shows the current notebook: it may be this one, now watched.
      sidePanel.update();
    };
    tracker.forEach(watch);
    tracker.widgetAdded.connect((_, panel) => watch(panel));

    app.shell.add(sidePanel, 'right', { rank: 600 });
    restorer?.add(sidePanel, sidePanel.id);
    addTestCommands({
      app,
      tracker,
      feature,
      testsOf: panel => (panel ? (testsByPanel.get(panel) ?? null) : null),
      showPanel,
      trans
    });
    for (const command of PALETTE_COMMANDS) {
      palette?.addItem({ command, category: trans.__('Sane') });
    }
  }
};
