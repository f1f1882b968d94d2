import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { INotebookCell } from '../analysis/notebook.js';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { requestAPI } from '../common/server.js';
import { followSettings } from '../common/settings.js';
import { goToCell } from '../notebook/navigate.js';
import {
  DataModel,
  DEFAULT_DATA_SETTINGS,
  IDataReply,
  IDataSettings,
  parseDataSettings
} from './model.js';
import { DataPanel } from './view.js';

/** The cells of a notebook as the analysis takes them. */
function cellsOf(panel: NotebookPanel): INotebookCell[] {
  const cells = panel.content.model?.cells;
  const out: INotebookCell[] = [];
  for (let index = 0; cells && index < cells.length; index++) {
    const cell = cells.get(index);
    out.push({
      index,
      id: cell.id,
      cellType: cell.type,
      source: cell.sharedModel.getSource()
    });
  }
  return out;
}

/** The Data side panel: the active notebook's files, where they live, how fast, their copies. */
export const dataPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.data,
  description:
    'The files the notebook reads and writes: where they live, how fast they load, whether a second copy exists.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ITranslator, ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const feature = new FeatureModel<IDataSettings>(DEFAULT_DATA_SETTINGS);
    const fetch = (query: URLSearchParams) =>
      requestAPI<IDataReply>(
        app.serviceManager.serverSettings,
        `data?${query.toString()}`
      );
    let model: DataModel | null = null;
    let watched: NotebookPanel | null = null;
    const refresh = () => {
      if (model && watched && feature.enabled) {
        void model.refresh(cellsOf(watched), feature.settings);
      }
    };
    const onSaved = (
      _: DocumentRegistry.IContext<INotebookModel>,
      state: DocumentRegistry.SaveState
    ) => {
      if (state === 'completed') {
        refresh();
      }
    };
    const follow = () => {
      watched?.context.saveState.disconnect(onSaved);
      model?.dispose();
      watched = tracker.currentWidget;
      model = watched ? new DataModel(watched.context.path, fetch) : null;
      panel.update();
      if (watched) {
        const current = watched;
        current.context.saveState.connect(onSaved);
        void current.context.ready.then(() => {
          if (watched === current) {
            refresh();
          }
        });
      }
    };
    const panel = new DataPanel({
      tracker,
      modelOf: () => model,
      jump: cell => {
        if (watched && goToCell(watched, cell)) {
          app.shell.activateById(watched.id);
        }
      },
      refresh,
      trans
    });
    app.shell.add(panel, 'right', { rank: 650 });
    restorer?.add(panel, panel.id);
    tracker.currentChanged.connect(follow);
    follow();
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.data,
        parseDataSettings,
        s => {
          feature.settings = s;
          refresh();
        }
      );
    }
  }
};
