import React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  ReactWidget,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { NotebookFlags } from './notebookFlags.js';

/** The notebook toolbar's hint counter: how many cells are flagged; a click goes to the next. */
export function hintsButton(
  flags: NotebookFlags,
  trans: TranslationBundle
): ReactWidget {
  const widget = ReactWidget.create(
    <UseSignal signal={flags.changed}>
      {() => {
        const count = flags.flags.size;
        const scope = flags.python
          ? ''
          : ' ' + trans.__('(not a Python kernel: exact copies only)');
        return (
          <ToolbarButtonComponent
            className="jp-sane-HintsButton"
            label={
              flags.python
                ? trans._n('%1 hint', '%1 hints', count)
                : trans._n(
                    '%1 hint (exact copies only)',
                    '%1 hints (exact copies only)',
                    count
                  )
            }
            tooltip={
              (count > 0
                ? trans.__('Go to the next cell with repeated work')
                : trans.__('No repeated work found')) + scope
            }
            enabled={count > 0}
            onClick={() => flags.next()}
          />
        );
      }}
    </UseSignal>
  );
  widget.addClass('jp-sane-Hints');
  return widget;
}
