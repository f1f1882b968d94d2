import React from 'react';
import { CodeEditor, IEditorServices } from '@jupyterlab/codeeditor';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Panel } from '@lumino/widgets';
import { IMovePlan, IMoveRefusal } from '../analysis/index.js';
import { previewEditor } from '../common/previewEditor.js';
import { MoveModel } from './model.js';
import '../../style/modules.css';

interface IFormProps {
  model: MoveModel;
  trans: TranslationBundle;
}

/** The notebook after the move, as text: each changed cell's new source, and the cells that leave. */
export function notebookPreview(
  plan: IMovePlan,
  trans: TranslationBundle
): string {
  const parts = [
    trans.__('# Cell %1 becomes:', plan.cells.replace + 1),
    plan.cells.source,
    ...plan.edits.flatMap(e => [
      '',
      trans.__('# Cell %1 passes the new parameters:', e.index + 1),
      e.source
    ])
  ];
  if (plan.cells.remove.length > 0) {
    parts.push(
      '',
      trans.__(
        '# Cells leaving the notebook: %1',
        plan.cells.remove.map(i => i + 1).join(', ')
      )
    );
  }
  if (plan.tests) {
    parts.push('', trans.__('# Tests moved to %1', plan.tests.path));
  }
  return parts.join('\n');
}

/** The 1-based lines of the module's text that the move adds, as "3-12". */
function addedLines(plan: IMovePlan): string | null {
  if (plan.added.length === 0) {
    return null;
  }
  const line = (at: number) =>
    plan.moduleSource.slice(0, at).split('\n').length;
  const first = line(plan.added[0].from);
  const last = line(Math.max(plan.added[plan.added.length - 1].to - 1, 0));
  return first === last ? `${first}` : `${first}-${last}`;
}

function Refusal({
  model,
  plan,
  trans
}: IFormProps & { plan: IMoveRefusal }): JSX.Element {
  const offer = plan.offer;
  return (
    <div className="jp-sane-MoveForm-refusal" role="alert">
      <span>{trans.__('Cannot move: %1.', plan.reason)}</span>
      {offer && (
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={() => model.acceptOffer()}
        >
          {offer.kind === 'definitions-only'
            ? trans.__('Move only the definitions, keep the rest as a cell')
            : trans.__(
                'Make %1 a keyword parameter of %2',
                offer.name,
                offer.function
              )}
        </button>
      )}
    </div>
  );
}

function Status({ model, trans }: IFormProps): JSX.Element | null {
  const plan = model.plan;
  if (model.fileProblem) {
    return (
      <div className="jp-sane-MoveForm-refusal" role="alert">
        {model.fileProblem}
      </div>
    );
  }
  if (!plan) {
    return <div role="status">{trans.__('Reading the module…')}</div>;
  }
  if (!plan.ok) {
    return <Refusal model={model} plan={plan} trans={trans} />;
  }
  const lines = addedLines(plan);
  return (
    <div className="jp-sane-MoveForm-summary" role="status">
      {trans.__('Moves %1 to %2', plan.names.join(', '), plan.module)}
      {model.existing?.module !== null && lines && (
        <span>
          {' '}
          {trans.__('(the module exists: lines %1 are added to it)', lines)}
        </span>
      )}
    </div>
  );
}

/** The dialog's form: the cells whose definitions move, the module, the options. */
function MoveForm({ model, trans }: IFormProps): JSX.Element {
  return (
    <div className="jp-sane-MoveForm">
      <fieldset>
        <legend>{trans.__('Functions and classes to move, by cell')}</legend>
        {model.candidates.length === 0 && (
          <span>{trans.__('No cell defines a function or class.')}</span>
        )}
        {model.candidates.map(c => (
          <label key={c.index} className="jp-sane-MoveForm-cell">
            <input
              type="checkbox"
              checked={model.isSelected(c.index)}
              onChange={event =>
                model.setSelected(c.index, event.target.checked)
              }
            />
            {trans.__('Cell %1: ', c.index + 1)}
            <code>{c.names.join(', ')}</code>
          </label>
        ))}
      </fieldset>
      <label className="jp-sane-MoveForm-module">
        {trans.__('Module (relative to the notebook)')}
        <input
          className="jp-mod-styled"
          aria-label={trans.__('Module path')}
          list="jp-sane-MoveForm-modules"
          value={model.module}
          onChange={event => {
            model.module = event.target.value;
          }}
        />
        <datalist id="jp-sane-MoveForm-modules">
          {model.suggestions.map(m => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </label>
      <label className="jp-sane-MoveForm-option">
        <input
          type="checkbox"
          checked={model.tests}
          onChange={event => {
            model.tests = event.target.checked;
          }}
        />
        {trans.__('Move the test cells of the moved names to a tests file')}
      </label>
      {model.parameters.length > 0 && (
        <div role="note">
          {trans.__(
            'Keyword parameters, passed by every call in the notebook: %1',
            model.parameters.join(', ')
          )}
        </div>
      )}
      {model.notes.map(note => (
        <div key={note} className="jp-sane-MoveForm-note" role="note">
          {note}
        </div>
      ))}
      <Status model={model} trans={trans} />
    </div>
  );
}

/** The dialog's body: the form, then read-only previews of the module and of the notebook. */
export class MoveBody extends Panel {
  constructor(
    model: MoveModel,
    editorServices: IEditorServices,
    trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-sane-MoveBody');
    this._model = model;
    this._trans = trans;
    this.addWidget(
      ReactWidget.create(
        <UseSignal signal={model.stateChanged}>
          {() => <MoveForm model={model} trans={trans} />}
        </UseSignal>
      )
    );
    this._module = new CodeEditor.Model({ mimeType: 'text/x-python' });
    this.addWidget(
      previewEditor(
        editorServices,
        this._module,
        trans.__('Preview of the module'),
        'jp-sane-MovePreview-module'
      )
    );
    this._cells = new CodeEditor.Model({ mimeType: 'text/x-ipython' });
    this.addWidget(
      previewEditor(
        editorServices,
        this._cells,
        trans.__("Preview of the notebook's changed cells"),
        'jp-sane-MovePreview-cells'
      )
    );
    this._update();
    model.stateChanged.connect(this._update, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.stateChanged.disconnect(this._update, this);
    this._module.dispose();
    this._cells.dispose();
    super.dispose();
  }

  private _update(): void {
    const plan = this._model.plan;
    const ok = plan?.ok ? plan : null;
    this._module.sharedModel.setSource(ok?.moduleSource ?? '');
    this._cells.sharedModel.setSource(
      ok ? notebookPreview(ok, this._trans) : ''
    );
  }

  private _model: MoveModel;
  private _trans: TranslationBundle;
  private _module: CodeEditor.Model;
  private _cells: CodeEditor.Model;
}
