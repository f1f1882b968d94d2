import React from 'react';
import {
  CodeEditor,
  CodeEditorWrapper,
  IEditorServices
} from '@jupyterlab/codeeditor';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Panel } from '@lumino/widgets';
import { ExtractModel } from './model.js';

interface IFormProps {
  model: ExtractModel;
  trans: TranslationBundle;
}

function nameMessage(
  model: ExtractModel,
  trans: TranslationBundle
): string | null {
  switch (model.nameProblem) {
    case 'invalid':
      return trans.__('Not a valid Python name.');
    case 'taken':
      return trans.__(
        'The notebook already binds "%1": choose another name.',
        model.name
      );
    default:
      return null;
  }
}

/** The dialog's form: the name, the parameters to keep, the results. */
function ExtractForm({ model, trans }: IFormProps): JSX.Element {
  const plan = model.plan;
  const message = nameMessage(model, trans);
  return (
    <div className="jp-sane-ExtractForm">
      <label className="jp-sane-ExtractForm-name">
        {trans.__('Function name')}
        <input
          className="jp-mod-styled"
          aria-label={trans.__('Function name')}
          aria-invalid={message !== null}
          value={model.name}
          onChange={event => {
            model.name = event.target.value;
          }}
        />
      </label>
      {message && (
        <div className="jp-sane-ExtractForm-error" role="alert">
          {message}
        </div>
      )}
      <fieldset>
        <legend>
          {trans.__('Parameters (unticked ones stay global names)')}
        </legend>
        {model.parameters.length === 0 && <span>{trans.__('none')}</span>}
        {model.parameters.map(param => (
          <label key={param} className="jp-sane-ExtractForm-param">
            <input
              type="checkbox"
              checked={model.isIncluded(param)}
              onChange={event => model.setIncluded(param, event.target.checked)}
            />
            <code>{param}</code>
          </label>
        ))}
      </fieldset>
      {model.copyCount > 0 && (
        <label className="jp-sane-ExtractForm-option">
          <input
            type="checkbox"
            checked={model.replaceCopies}
            onChange={event => {
              model.replaceCopies = event.target.checked;
            }}
          />
          {trans._n(
            'Also replace the copy of this cell with a call',
            'Also replace the %1 copies of this cell with calls',
            model.copyCount
          )}
        </label>
      )}
      {model.hintsAvailable && (
        <label className="jp-sane-ExtractForm-option">
          <input
            type="checkbox"
            checked={model.hintState === 'on' || model.hintState === 'asking'}
            disabled={model.hintState === 'asking'}
            onChange={event => void model.useTypeHints(event.target.checked)}
          />
          {trans.__('Type hints from the kernel')}
          {model.hintState === 'asking' && (
            <span> {trans.__('(asking the kernel…)')}</span>
          )}
          {model.hintState === 'timeout' && (
            <span className="jp-sane-ExtractForm-error" role="status">
              {' '}
              {trans.__('The kernel did not answer within 2 s: no type hints.')}
            </span>
          )}
        </label>
      )}
      <label className="jp-sane-ExtractForm-option">
        <input
          type="checkbox"
          checked={model.smokeTest}
          onChange={event => {
            model.smokeTest = event.target.checked;
          }}
        />
        {trans.__(
          'Add a smoke-test cell that calls it with the current values'
        )}
      </label>
      <div className="jp-sane-ExtractForm-results">
        {trans.__('Results: ')}
        {plan.ok && plan.returns.length > 0 ? (
          plan.returns.map(r => <code key={r}>{r}</code>)
        ) : (
          <span>{trans.__('none')}</span>
        )}
      </div>
    </div>
  );
}

/** The dialog's body: the form, then a read-only preview of the new cell. */
export class ExtractBody extends Panel {
  constructor(
    model: ExtractModel,
    editorServices: IEditorServices,
    trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-sane-ExtractBody');
    this._model = model;
    this.addWidget(
      ReactWidget.create(
        <UseSignal signal={model.stateChanged}>
          {() => <ExtractForm model={model} trans={trans} />}
        </UseSignal>
      )
    );
    this._preview = new CodeEditor.Model({ mimeType: 'text/x-ipython' });
    const editor = new CodeEditorWrapper({
      factory: editorServices.factoryService.newInlineEditor,
      model: this._preview,
      editorOptions: { config: { readOnly: true, lineNumbers: true } }
    });
    editor.addClass('jp-sane-ExtractPreview');
    editor.node.setAttribute('aria-label', trans.__('Preview of the new cell'));
    this.addWidget(editor);
    this._update();
    model.stateChanged.connect(this._update, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.stateChanged.disconnect(this._update, this);
    this._preview.dispose();
    super.dispose();
  }

  private _update(): void {
    const plan = this._model.plan;
    this._preview.sharedModel.setSource(plan.ok ? plan.source : '');
  }

  private _model: ExtractModel;
  private _preview: CodeEditor.Model;
}
