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
import { ISignal, Signal } from '@lumino/signaling';
import { INotebookCell } from '../analysis/index.js';
import { FeatureModel } from '../common/featureModel.js';
import { PluginIDs, TRANSLATION_DOMAIN } from '../common/pluginIds.js';
import { requestAPI } from '../common/server.js';
import { LazyPanel } from '../common/lazyPanel.js';
import { followSettings } from '../common/settings.js';
import { goToCell } from '../notebook/navigate.js';
import {
  IDataFinding,
  IDataFindings,
  INotebookAnalysis,
  INotebookFlows
} from '../tokens.js';
import {
  DataModel,
  DEFAULT_DATA_SETTINGS,
  IDataReply,
  IDataSettings,
  parseDataSettings,
  wipedPaths,
  worstFinding
} from './model.js';
import { dataIcon } from './icon.js';

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

/** Calls `then` once the notebook's analysis has made a pass (at once if it has). */
function afterPass(flows: INotebookFlows, then: () => void): void {
  if (flows.flows.length > 0) {
    then();
    return;
  }
  const once = () => {
    flows.analysed.disconnect(once);
    then();
  };
  flows.analysed.connect(once);
  flows.schedule();
}

/** The Data side panel: the active notebook's files, where they live, how fast, their copies. */
export const dataPlugin: JupyterFrontEndPlugin<IDataFindings> = {
  id: PluginIDs.data,
  description:
    'The files the notebook reads and writes: where they live, how fast they load, whether a second copy exists.',
  autoStart: true,
  provides: IDataFindings,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ITranslator, ILayoutRestorer, INotebookAnalysis],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    analysis: INotebookAnalysis | null
  ): IDataFindings => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const feature = new FeatureModel<IDataSettings>(DEFAULT_DATA_SETTINGS);
    const fetch = (query: URLSearchParams) =>
      requestAPI<IDataReply>(
        app.serviceManager.serverSettings,
        `data?${query.toString()}`
      );
    const findings = new Findings();
    let model: DataModel | null = null;
    let watched: NotebookPanel | null = null;
    const refresh = () => {
      if (model && watched && feature.enabled) {
        const flows = analysis?.of(watched);
        void model.refresh(
          cellsOf(watched),
          feature.settings,
          flows ? source => flows.cell(source) : undefined
        );
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
      const shown = model;
      shown?.stateChanged.connect(() => {
        const ready = feature.enabled && !shown.loading;
        findings.set(
          ready ? worstFinding(shown.rows, feature.settings) : null,
          ready ? wipedPaths(shown.rows) : []
        );
      });
      findings.set(null, []);
      panel.update();
      if (watched) {
        const current = watched;
        current.context.saveState.connect(onSaved);
        void current.context.ready.then(() => {
          const flows = analysis?.of(current);
          if (watched !== current) {
            return;
          } else if (flows) {
            // After a pass of the loaded notebook: its cells are analysed then, in slices.
            afterPass(flows, () => watched === current && refresh());
          } else {
            refresh();
          }
        });
      }
    };
    const panel = new LazyPanel({
      id: 'jp-sane-data',
      className: 'jp-sane-DataPanel',
      icon: dataIcon,
      caption: trans.__('Data'),
      load: async () => {
        const { DataPanel } = await import('./view.js');
        return new DataPanel({
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
      }
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
    return findings;
  }
};

/** The worst finding of the notebook shown, told to the health popover when it changes. */
class Findings implements IDataFindings {
  get finding(): IDataFinding | null {
    return this._finding;
  }

  get wiped(): readonly string[] {
    return this._wiped;
  }

  get changed(): ISignal<IDataFindings, void> {
    return this._changed;
  }

  set(next: IDataFinding | null, wiped: readonly string[]): void {
    const same =
      JSON.stringify([next, wiped]) ===
      JSON.stringify([this._finding, this._wiped]);
    if (!same) {
      this._finding = next;
      this._wiped = wiped;
      this._changed.emit();
    }
  }

  private _finding: IDataFinding | null = null;
  private _wiped: readonly string[] = [];
  private _changed = new Signal<IDataFindings, void>(this);
}
