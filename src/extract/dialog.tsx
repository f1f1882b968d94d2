import React from 'react';
import {
  CodeEditor,
  CodeEditorWrapper,
  IEditorServices
} from '@jupyterlab/codeeditor';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Panel } from '@lumino/widgets';
import { previewEditor } from '../common/previewEditor.js';
import { ExtractModel } from './model.js';
import '../../style/extract.css';

interface IFormProps {
  model: ExtractModel;
  trans: TranslationBundle;
  /** Highlights a line of the preview (1-based), or none. */
  locate?: (line: number | null) => void;
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
function ExtractForm({ model, trans, locate }: IFormProps): JSX.Element {
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
      <LiteralFields model={model} trans={trans} locate={locate} />
      <CopiesOption model={model} trans={trans} />
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
          disabled={model.smokeRebinds.length > 0}
          onChange={event => {
            model.smokeTest = event.target.checked;
          }}
        />
        {trans.__(
          'Add a smoke-test cell that calls it with the current values'
        )}
      </label>
      {model.smokeRebinds.length > 0 && (
        <div className="jp-sane-ExtractForm-skips" role="note">
          {trans.__(
            "No smoke test: the function rebinds the notebook's %1 (global), and a test must not change the notebook's state.",
            model.smokeRebinds.join(', ')
          )}
        </div>
      )}
      {model.stateChanges.length > 0 && (
        <div className="jp-sane-ExtractForm-state" role="note">
          {trans.__(
            'This code changes the interpreter’s state (%1): the function still does it when the call runs, where the cell ran, and later cells that import or read files still depend on it.',
            model.stateChanges.join(', ')
          )}
        </div>
      )}
      {model.timesInside && (
        <div className="jp-sane-ExtractForm-note" role="note">
          {trans.__(
            '%timeit lines stay inside the function, where the cell has them: they time their code with the function’s names each time it is called.'
          )}
        </div>
      )}
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

/**
 * "Also replace the copies": ticked when a copy flag opened the dialog; greyed out, with each
 * copy's reason, when the cell has copies none of which can become a call.
 */
function CopiesOption({ model, trans }: IFormProps): JSX.Element | null {
  const count = model.copyCount;
  const skips = model.copySkips;
  if (count === 0 && skips.length === 0) {
    return null;
  }
  return (
    <div className="jp-sane-ExtractForm-copies">
      <label className="jp-sane-ExtractForm-option">
        <input
          type="checkbox"
          checked={model.replaceCopies}
          disabled={count === 0}
          onChange={event => {
            model.replaceCopies = event.target.checked;
          }}
        />
        {trans._n(
          'Also replace the copy of this cell with a call',
          'Also replace the %1 copies of this cell with calls',
          count || skips.length
        )}
      </label>
      {skips.length > 0 && (
        <ul className="jp-sane-ExtractForm-skips" role="note">
          {skips.map(skip => (
            <li key={skip.index}>
              {trans.__(
                'Cell %1 stays as it is: %2.',
                skip.index + 1,
                skip.reason
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The cell's values, each of which can become a keyword parameter with it as the default: each
 * says on which line of the preview it is, and hovering or focusing it highlights that line.
 */
function LiteralFields({
  model,
  trans,
  locate
}: IFormProps): JSX.Element | null {
  if (model.literals.length === 0) {
    return null;
  }
  const available = model.literalsAvailable;
  const lines = model.literalLines;
  return (
    <fieldset className="jp-sane-ExtractForm-literals" disabled={!available}>
      <legend>
        {available
          ? trans.__('Values that become keyword parameters')
          : trans.__(
              'Values that become keyword parameters (the copies decide them)'
            )}
      </legend>
      {model.literals.map((literal, i) => {
        const name = model.literalNames.get(i);
        const line = lines[i];
        const shown = literal.label
          ? `${literal.label} = ${literal.text}`
          : literal.text;
        const show = () => locate?.(line);
        const hide = () => locate?.(null);
        return (
          <label
            key={`${literal.from}`}
            className="jp-sane-ExtractForm-param"
            onMouseEnter={show}
            onMouseLeave={hide}
            onFocus={show}
            onBlur={hide}
          >
            <input
              type="checkbox"
              checked={model.isLiteralParam(i)}
              onChange={event => model.setLiteralParam(i, event.target.checked)}
            />
            {line !== null && (
              <span className="jp-sane-ExtractForm-line">
                {trans.__('line %1:', line)}{' '}
              </span>
            )}
            <code>{shown}</code>
            {name && name !== literal.label && (
              <span>{trans.__(' as %1', name)}</span>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}

/** The dialog's body: the form, then read-only previews of the new cell and its smoke test. */
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
          {() => (
            <ExtractForm
              model={model}
              trans={trans}
              locate={line => this._locate(line)}
            />
          )}
        </UseSignal>
      )
    );
    this._preview = new CodeEditor.Model({ mimeType: 'text/x-ipython' });
    this._previewEditor = previewEditor(
      editorServices,
      this._preview,
      trans.__('Preview of the new cell'),
      'jp-sane-ExtractPreview'
    );
    this.addWidget(this._previewEditor);
    this._smokePreview = new CodeEditor.Model({ mimeType: 'text/x-ipython' });
    this._smokeEditor = previewEditor(
      editorServices,
      this._smokePreview,
      trans.__('Preview of the smoke-test cell'),
      'jp-sane-ExtractSmokePreview'
    );
    this.addWidget(this._smokeEditor);
    this._update();
    model.stateChanged.connect(this._update, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.stateChanged.disconnect(this._update, this);
    this._preview.dispose();
    this._smokePreview.dispose();
    super.dispose();
  }

  private _update(): void {
    const plan = this._model.plan;
    this._preview.sharedModel.setSource(plan.ok ? plan.source : '');
    const smoke = this._model.smokeSource;
    this._smokePreview.sharedModel.setSource(smoke ?? '');
    this._smokeEditor.setHidden(smoke === null);
  }

  /** Selects a line of the preview (1-based) and scrolls it into view; null selects none. */
  private _locate(line: number | null): void {
    const editor = this._previewEditor.editor;
    const text = this._preview.sharedModel.getSource().split('\n');
    if (line === null || line > text.length) {
      editor.setSelection({
        start: { line: 0, column: 0 },
        end: { line: 0, column: 0 }
      });
      return;
    }
    const start = { line: line - 1, column: 0 };
    editor.setSelection({
      start,
      end: { line: line - 1, column: text[line - 1].length }
    });
    editor.revealPosition(start);
  }

  private _model: ExtractModel;
  private _preview: CodeEditor.Model;
  private _previewEditor: CodeEditorWrapper;
  private _smokePreview: CodeEditor.Model;
  private _smokeEditor: CodeEditorWrapper;
}
