import React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  ReactWidget,
  refreshIcon,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { NotebookStale } from './stale.js';

/** The toolbar's stale counter: a click runs the stale cells with what they need. */
export function staleButton(
  stale: NotebookStale,
  trans: TranslationBundle
): ReactWidget {
  const widget = ReactWidget.create(
    <UseSignal signal={stale.changed}>
      {() => {
        const count = stale.count;
        return count === 0 ? null : (
          <ToolbarButtonComponent
            className="jp-sane-StaleButton"
            icon={refreshIcon}
            label={trans._n('Run %1 stale cell', 'Run %1 stale cells', count)}
            tooltip={trans.__(
              'Run the cells whose output is out of date, in notebook order, with what they need'
            )}
            onClick={() => void stale.runStale()}
          />
        );
      }}
    </UseSignal>
  );
  widget.addClass('jp-sane-StaleToolbar');
  return widget;
}
