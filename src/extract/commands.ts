import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { importsUpTo } from '../analysis/hints.js';
import { FeatureModel, IFeatureSettings } from '../common/featureModel.js';
import { replaceCells } from '../notebook/cells.js';
import { commandTarget } from '../notebook/navigate.js';
import { INotebookAnalysis } from '../tokens.js';
import { ExtractBody } from './dialog.js';
import { askValueTypes } from './kernelTypes.js';
import { ExtractModel } from './model.js';
import { refusalText } from './refusals.js';

/** Extract's command ids, for other plugins (e.g. a flag's "Extract") to invoke. */
export namespace CommandIDs {
  export const extract = 'sane:extract-to-function';
}

export interface IExtractCommandOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  analysis: INotebookAnalysis;
  editorServices: IEditorServices;
  feature: FeatureModel<IFeatureSettings>;
  trans: TranslationBundle;
}

/**
 * The notebook and the cell a command targets: `{ path?, cellId? }`; from the cell context menu
 * (`{ contextMenu: true }`) the cell right-clicked; else the active ones.
 */
function target(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  args: ReadonlyPartialJSONObject
) {
  const clicked = args.contextMenu === true ? clickedCell(app, tracker) : null;
  const { panel, cell } = clicked ?? commandTarget(tracker, args);
  return panel?.model && cell ? { panel, model: panel.model, cell } : null;
}

/** The cell under the last right-click, in the current notebook. */
function clickedCell(app: JupyterFrontEnd, tracker: INotebookTracker) {
  const node = app.contextMenuHitTest(n => n.classList.contains('jp-Cell'));
  const panel = tracker.currentWidget;
  const cell = panel?.content.widgets.find(w => w.node === node) ?? null;
  return cell ? { panel, cell } : null;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** Registers `sane:extract-to-function`; the returned disposable removes it. */
export function addExtractCommand(
  options: IExtractCommandOptions
): IDisposable {
  const { app, tracker, trans, feature } = options;
  const python = (args: ReadonlyPartialJSONObject) => {
    const panel = target(app, tracker, args)?.panel ?? tracker.currentWidget;
    // No notebook: not known to be another language.
    return panel ? options.analysis.of(panel).isPython : true;
  };

  return app.commands.addCommand(CommandIDs.extract, {
    label: args =>
      python(args)
        ? trans.__('Extract Cell to Function')
        : trans.__('Extract Cell to Function (Python kernels only)'),
    caption: trans.__('Turn the code cell into a function plus its call'),
    isEnabled: args =>
      feature.enabled && python(args) && target(app, tracker, args) !== null,
    execute: async args => {
      const found = target(app, tracker, args);
      if (!found) {
        return;
      }
      if (found.cell.model.type !== 'code') {
        await refuse(trans, trans.__('Only code cells can become functions.'));
        return;
      }
      const index = found.panel.content.widgets.indexOf(found.cell);
      // The notebook as it is now: the command cannot wait for the next pass.
      const flows = options.analysis.of(found.panel).current();
      const flow = flows.find(f => f.cell.index === index);
      if (flow) {
        const kernel = found.panel.sessionContext.session?.kernel ?? null;
        const model = new ExtractModel(flow, {
          flows,
          imports: importsUpTo(flows, index),
          askTypes:
            kernel && kernel.status === 'idle'
              ? names => askValueTypes(kernel, names)
              : undefined,
          keywords: stringsOf(args.keywords),
          replaceCopies: args.replaceCopies === true
        });
        await extract(options, found.panel, index, model, flow.cell.source);
      }
    }
  });
}

async function refuse(
  trans: TranslationBundle,
  reason: string,
  line?: string
): Promise<void> {
  await showDialog({
    title: trans.__('This cell cannot become a function'),
    body: line ? `${reason}\n\n${line}` : reason,
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}

async function extract(
  options: IExtractCommandOptions,
  panel: NotebookPanel,
  index: number,
  model: ExtractModel,
  source: string
): Promise<void> {
  const { trans, editorServices } = options;
  const plan = model.plan;
  if (!plan.ok) {
    const text = plan.line ? source.split('\n')[plan.line - 1] : undefined;
    await refuse(
      trans,
      refusalText(trans, plan),
      text && trans.__('Line %1: %2', plan.line, text.trim())
    );
    model.dispose();
    return;
  }
  const body = new ExtractBody(model, editorServices, trans);
  // The dialog comes back while the name is not usable: the user's edits stay in the model.
  for (;;) {
    const result = await showDialog({
      title: trans.__('Extract cell to function'),
      body,
      buttons: [
        Dialog.cancelButton({ label: trans.__('Cancel') }),
        Dialog.okButton({ label: trans.__('Extract') })
      ],
      focusNodeSelector: 'input'
    });
    if (!result.button.accept) {
      break;
    }
    const final = model.plan;
    if (model.canApply && final.ok && panel.model) {
      // What the preview showed, once the kernel has answered about its names.
      await model.smokeReady;
      const smokeSource = model.smokeSource;
      const smoke = smokeSource
        ? { index: index + 1, source: smokeSource }
        : undefined;
      replaceCells(
        panel.model,
        [{ index, source: final.source }, ...model.copies],
        smoke
      );
      panel.content.activeCellIndex = index;
      break;
    }
  }
  body.dispose();
  model.dispose();
  // Back to the notebook in command mode, so that `Z` undoes the change at once.
  panel.content.mode = 'command';
  panel.content.activate();
}
