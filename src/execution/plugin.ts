import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { PluginIDs } from '../common/pluginIds.js';
import { readSettings } from '../common/schemaSettings.js';
import { SCHEMAS } from '../common/schemas.js';
import { followSettings } from '../common/settings.js';
import { IExecutionLog } from '../tokens.js';
import { ExecutionHook } from './hook.js';
import { ExecutionLog } from './log.js';

/** Records every cell run of every notebook, for the features that read the execution log. */
export const executionPlugin: JupyterFrontEndPlugin<IExecutionLog> = {
  id: PluginIDs.execution,
  description:
    "Records the runs of each notebook's cells and keeps them across reloads.",
  autoStart: true,
  provides: IExecutionLog,
  requires: [INotebookTracker],
  optional: [IStateDB, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    state: IStateDB | null,
    settingRegistry: ISettingRegistry | null
  ): IExecutionLog => {
    const log = new ExecutionLog();
    // The hook lives as long as the application: nothing disposes it but a page unload.
    new ExecutionHook(log, tracker, state);
    if (settingRegistry) {
      void followSettings(
        settingRegistry,
        PluginIDs.execution,
        composite => readSettings(SCHEMAS.execution, composite).historyLimit,
        limit => {
          log.limit = limit;
        }
      );
    }
    return log;
  }
};
