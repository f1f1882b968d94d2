import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import {
  BlockResult,
  importsUpTo,
  NotebookAnalyzer,
  planBlock
} from '../analysis/index.js';
import {
  notebookCells,
  replaceBlock,
  replaceCells
} from '../notebook/cells.js';
import { IExtractCommandOptions, stringsOf, target } from './options.js';
import { ExtractBody } from './dialog.js';
import { askImportable, askValueTypes } from './kernelTypes.js';
import { ExtractModel, ShapeStyle } from './model.js';
import { refusalText } from './refusals.js';
import { ISpan, selectedSpan, spanOfIds } from './span.js';

// What `sane:extract-to-function` does once invoked: loaded by the command on first use, so
// that the page load carries neither the dialog nor the extraction's planning.

function shapeStyle(value: string): ShapeStyle {
  return value === 'docstring' || value === 'off' ? value : 'jaxtyping';
}

/** Plans the extraction of the target cell (or block), shows the dialog and applies it. */
export async function runExtract(
  options: IExtractCommandOptions,
  args: ReadonlyPartialJSONObject
): Promise<void> {
  const { app, tracker, trans, feature } = options;
  const found = target(app, tracker, args);
  if (!found) {
    return;
  }
  const span = await blockOf(found.panel, found.cell, args, trans);
  if (span === 'cancel') {
    return;
  }
  if (!span && found.cell.model.type !== 'code') {
    await refuse(trans, trans.__('Only code cells can become functions.'));
    return;
  }
  const index = span
    ? span.first
    : found.panel.content.widgets.indexOf(found.cell);
  // The notebook as it is now: the command cannot wait for the next pass.
  const flows = options.analysis.of(found.panel).current();
  const flow = flows.find(f => f.cell.index === index);
  if (!flow) {
    return;
  }
  const kernel = found.panel.sessionContext.session?.kernel ?? null;
  const cells = span ? notebookCells(found.model) : [];
  const analyzer = new NotebookAnalyzer();
  const model = new ExtractModel(flow, {
    flows,
    imports: importsUpTo(flows, index),
    askTypes:
      kernel && kernel.status === 'idle'
        ? names => askValueTypes(kernel, names)
        : undefined,
    keywords: stringsOf(args.keywords),
    replaceCopies: args.replaceCopies === true,
    flaggedCopies: stringsOf(args.copyIds)
      .map(id => found.panel.content.widgets.findIndex(w => w.model.id === id))
      .filter(i => i >= 0),
    plan: span
      ? o => planBlock(cells, span.first, span.last, o, analyzer)
      : undefined,
    shapes: shapeStyle(feature.settings.shapeAnnotations),
    askJaxtyping:
      kernel && kernel.status === 'idle'
        ? () => askImportable(kernel, 'jaxtyping')
        : undefined,
    extracted: span
      ? flows
          .filter(f => f.cell.index >= span.first && f.cell.index <= span.last)
          .map(f => f.analysis)
      : undefined
  });
  await extract(
    options,
    found.panel,
    span ?? { first: index, last: index },
    model
  );
}

/**
 * The block the command acts on: `args.cellIds` (a sequence flag's cells; when other code cells
 * lie between them the user is asked about the block that holds them), else the selection of
 * several cells that holds the target; null for the target alone.
 */
async function blockOf(
  panel: NotebookPanel,
  cell: Cell,
  args: ReadonlyPartialJSONObject,
  trans: TranslationBundle
): Promise<ISpan | null | 'cancel'> {
  const ids = stringsOf(args.cellIds);
  if (ids.length < 2) {
    return selectedSpan(panel, cell);
  }
  const span = spanOfIds(panel, ids);
  if (!span) {
    await refuse(
      trans,
      trans.__('The cells of this sequence are no longer in the notebook.')
    );
    return 'cancel';
  }
  if (span.contiguous) {
    return span;
  }
  const result = await showDialog({
    title: trans.__('These cells are not next to each other'),
    body: trans.__(
      'Other code cells run between them. One function can hold cells %1-%2, those included: it runs them all, in notebook order.',
      span.first + 1,
      span.last + 1
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({
        label: trans.__('Extract cells %1-%2', span.first + 1, span.last + 1)
      })
    ]
  });
  return result.button.accept ? span : 'cancel';
}

async function refuse(
  trans: TranslationBundle,
  reason: string,
  line?: string,
  title = trans.__('This cell cannot become a function')
): Promise<void> {
  await showDialog({
    title,
    body: line ? `${reason}\n\n${line}` : reason,
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}

/** The refusal of a plan, with the line at fault and, in a block, its cell (from 1). */
async function refusePlan(
  trans: TranslationBundle,
  panel: NotebookPanel,
  span: ISpan,
  plan: Exclude<BlockResult, { ok: true }>
): Promise<void> {
  const at = plan.cell ?? span.first;
  const source = panel.model?.cells.get(at)?.sharedModel.getSource() ?? '';
  const text = plan.line ? source.split('\n')[plan.line - 1] : undefined;
  const line = text && trans.__('Line %1: %2', plan.line, text.trim());
  if (span.first === span.last) {
    await refuse(trans, refusalText(trans, plan), line);
    return;
  }
  await refuse(
    trans,
    trans.__('Cell %1: %2', at + 1, refusalText(trans, plan)),
    line,
    trans.__('These cells cannot become one function')
  );
}

async function extract(
  options: IExtractCommandOptions,
  panel: NotebookPanel,
  span: ISpan,
  model: ExtractModel
): Promise<void> {
  const { trans, editorServices } = options;
  const plan = model.plan as BlockResult;
  const index = span.first;
  if (!plan.ok) {
    await refusePlan(trans, panel, span, plan);
    model.dispose();
    return;
  }
  const body = new ExtractBody(model, editorServices, trans);
  // The dialog comes back while the name is not usable: the user's edits stay in the model.
  for (;;) {
    const result = await showDialog({
      title:
        span.first === span.last
          ? trans.__('Extract cell to function')
          : trans.__(
              'Extract cells %1-%2 to function',
              span.first + 1,
              span.last + 1
            ),
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
      if (span.first === span.last) {
        const smoke = smokeSource
          ? { index: index + 1, source: smokeSource }
          : undefined;
        replaceCells(
          panel.model,
          [{ index, source: final.source }, ...model.copies],
          smoke
        );
      } else {
        replaceBlock(
          panel.model,
          span.first,
          span.last,
          final.source,
          smokeSource ?? undefined
        );
      }
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
