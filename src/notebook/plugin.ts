import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookAnalysis } from '../tokens.js';
import { NotebookAnalysis } from './analysis.js';
import { trackContextMenu } from './navigate.js';
import { PerNotebook } from './perNotebook.js';

/** Each open notebook's analysis, for every feature to read. */
export const notebookAnalysisPlugin: JupyterFrontEndPlugin<INotebookAnalysis> =
  {
    id: 'jupyterlab-sane:notebook-analysis',
    description:
      "Analyses each open notebook's code once per edit, for every feature to read.",
    autoStart: true,
    provides: INotebookAnalysis,
    activate: (app: JupyterFrontEnd): INotebookAnalysis => {
      const analyses = new PerNotebook(
        panel => new NotebookAnalysis(panel.model)
      );
      app.docRegistry.addWidgetExtension('Notebook', analyses);
      // Every feature's cell context menu items find the cell right-clicked through it.
      trackContextMenu(app);
      return { of: panel => analyses.get(panel) };
    }
  };
