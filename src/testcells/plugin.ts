import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { LazyPanel } from '../common/lazyPanel.js';
import { followSettings } from '../common/settings.js';
import { goToCell } from '../notebook/navigate.js';
import { PerNotebook } from '../notebook/perNotebook.js';
import { IExecutionLog, INotebookAnalysis } from '../tokens.js';
import { addTestCommands, CommandIDs } from './commands.js';
import { NotebookTests } from './notebookTests.js';
import { testsIcon } from './icon.js';
import {
  DEFAULT_TESTS_SETTINGS,
  ITestsSettings,
  parseTestsSettings
} from './settings.js';

const PALETTE_COMMANDS = [
  CommandIDs.runAll,
  CommandIDs.runCell,
  CommandIDs.rerunFailed,
  CommandIDs.toggle,
  CommandIDs.addSmoke
];

/** Marks test cells, runs them in the kernel and reports each test in a side panel. */
export const testsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.tests,
  description:
    'Marks test cells, runs them in the kernel and reports each test in a side panel.',
  autoStart: true,
  requires: [INotebookTracker, INotebookAnalysis],
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
    analysis: INotebookAnalysis,
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
      if (goToCell(tests.panel, cellId)) {
        app.shell.activateById(tests.panel.id);
      }
    };
    const testsOf = new PerNotebook(panel => {
      const tests = new NotebookTests(
        panel,
        analysis.of(panel),
        feature,
        log,
        trans,
        () => showPanel()
      );
      // The side panel shows the current notebook: it may be this one, now watched.
      sidePanel.update();
      return tests;
    });
    app.docRegistry.addWidgetExtension('Notebook', testsOf);
    const sidePanel = new LazyPanel({
      id: 'jp-sane-tests',
      className: 'jp-sane-TestsPanel',
      icon: testsIcon,
      caption: trans.__('Test cells'),
      load: async () => {
        const { TestsPanel } = await import('./panel.js');
        return new TestsPanel({
          tracker,
          testsOf: panel => testsOf.find(panel),
          jump,
          trans
        });
      }
    });
    const showPanel = () => app.shell.activateById(sidePanel.id);

    app.shell.add(sidePanel, 'right', { rank: 600 });
    restorer?.add(sidePanel, sidePanel.id);
    addTestCommands({
      app,
      tracker,
      feature,
      testsOf: panel => testsOf.find(panel),
      analysis,
      showPanel,
      trans
    });
    for (const command of PALETTE_COMMANDS) {
      palette?.addItem({ command, category: trans.__('Sane') });
    }
  }
};
