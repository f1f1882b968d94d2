import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PathExt, URLExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar, Popup, showPopup } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { requestAPI } from '../common/server.js';
import { followSettings } from '../common/settings.js';
import { isPythonNotebook } from '../notebook/cells.js';
import { PerNotebook } from '../notebook/perNotebook.js';
import {
  IDataFindings,
  IExecutionLog,
  IHealthSection,
  INotebookAnalysis
} from '../tokens.js';
import { VERSION } from '../version.js';
import { KernelWatch } from './kernelWatch.js';
import { HealthModel, IHealthReply } from './model.js';
import { loadPopover } from './actions.js';
import { DeathNotifier } from './notify.js';
import { IJobLosses, JobNotifier } from './jobNotify.js';
import { dataNames, notebookDataNames, slowestCells } from './slowest.js';
import { DEFAULT_HEALTH_SETTINGS, parseHealthSettings } from './settings.js';
import { HealthStatus } from './view.js';

/** Health of the runtime and the storage under the work, in the status bar. */
export const healthPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.health,
  description:
    'Shows in the status bar whether the runtime and the storage under the work are healthy.',
  autoStart: true,
  optional: [
    IStatusBar,
    ISettingRegistry,
    ITranslator,
    INotebookTracker,
    IExecutionLog,
    INotebookAnalysis,
    IHealthSection,
    IDataFindings
  ],
  activate: (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    tracker: INotebookTracker | null,
    log: IExecutionLog | null,
    analysis: INotebookAnalysis | null,
    section: IHealthSection | null,
    dataFindings: IDataFindings | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const serverSettings = app.serviceManager.serverSettings;
    // The model polls in the background: activation never waits on the network.
    const model = new HealthModel({
      settings: DEFAULT_HEALTH_SETTINGS,
      frontendVersion: VERSION,
      fetchHealth: (path, kernel) =>
        requestAPI<IHealthReply>(
          serverSettings,
          'health' +
            URLExt.objectToQueryString(kernel ? { path, kernel } : { path })
        )
    });
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.health,
        parseHealthSettings,
        s => {
          model.settings = s;
        }
      );
    }
    // Every notebook is watched from its opening, so that no restart goes unseen.
    const watches = new PerNotebook(
      panel =>
        new KernelWatch(
          panel,
          log,
          id => model.kernelStarted(id),
          Date.now,
          analysis?.of(panel) ?? null
        )
    );
    app.docRegistry.addWidgetExtension('Notebook', watches);
    const watchOf = (panel: NotebookPanel) => watches.get(panel);
    let current: KernelWatch | null = null;
    const follow = () => (model.kernel = current?.info ?? null);
    const onCurrent = (panel: NotebookPanel | null) => {
      current?.changed.disconnect(follow);
      current = null;
      if (panel) {
        current = watchOf(panel);
        current.changed.connect(follow);
        model.directory = PathExt.dirname(panel.context.path);
      }
      follow();
    };
    tracker?.currentChanged.connect((_, panel) => onCurrent(panel));
    onCurrent(tracker?.currentWidget ?? null);
    // Lives as long as the page, like the model.
    new DeathNotifier(model, trans, () => current, app.commands);
    // What the active notebook would lose with the job, named when it ends soon.
    new JobNotifier(
      model,
      trans,
      jobLosses(() => current?.panel, log, analysis, dataFindings)
    );
    const acknowledge = () => model.acknowledgeDeath();

    if (!statusBar) {
      // Only Notebook 7 (or a lab without a status bar) takes this path: its code is fetched
      // then, not with every page.
      void import('./notebook7.js').then(({ addHealthToTopArea }) =>
        addHealthToTopArea(
          app,
          model,
          trans,
          () => current,
          acknowledge,
          section,
          dataFindings
        )
      );
      return;
    }
    const item = new HealthStatus(model, trans);
    let popup: Popup | null = null;
    let opening = false;
    // A click opens the popover, another closes it.
    const open = async () => {
      if (popup && !popup.isDisposed) {
        popup.dispose();
        popup = null;
        return;
      }
      if (opening) {
        return;
      }
      opening = true;
      const { Popover, actions } = await loadPopover(
        () => current,
        app.commands,
        acknowledge
      ).finally(() => (opening = false));
      const body = new Popover(model, trans, actions, section, dataFindings);
      popup = showPopup({
        body,
        anchor: item,
        align: 'left',
        hasDynamicSize: true
      });
    };
    item.node.addEventListener('click', () => void open());
    item.node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        void open();
      }
    });
    statusBar.registerStatusItem(PluginIDs.health, {
      item,
      align: 'left',
      rank: 100,
      isActive: () => model.enabled,
      activeStateChanged: model.stateChanged
    });
  }
};

/**
 * The active notebook's losses at the job's end: its slowest results (the execution log's
 * timings), its largest values (the kernel's sizes, asked then), its data files on scratch.
 */
function jobLosses(
  panelOf: () => NotebookPanel | undefined,
  log: IExecutionLog | null,
  analysis: INotebookAnalysis | null,
  dataFindings: IDataFindings | null
): IJobLosses {
  const live = () => {
    const panel = panelOf();
    return panel && !panel.isDisposed ? panel : null;
  };
  const flowsOf = (panel: NotebookPanel) => analysis?.of(panel).flows ?? [];
  return {
    slowest: () => {
      const panel = live();
      if (!panel || !log) {
        return [];
      }
      const flows = flowsOf(panel);
      return slowestCells(log.runs(panel.context.path), id =>
        dataNames(flows, id)
      );
    },
    largest: async () => {
      const panel = live();
      const kernel = panel?.sessionContext.session?.kernel;
      // The sizes are Python expressions: another language's kernel is not asked.
      if (!panel || !kernel || !isPythonNotebook(panel.model)) {
        return [];
      }
      // Asked only when a job nears its end: the asking's code is fetched then.
      const { askSizes, largestValues } = await import('./kernelSizes.js');
      const sizes = await askSizes(kernel, notebookDataNames(flowsOf(panel)));
      return sizes ? largestValues(sizes) : [];
    },
    wiped: () => dataFindings?.wiped ?? []
  };
}
