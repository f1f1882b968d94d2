import React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  ReactWidget,
  ToolbarButtonComponent,
  UseSignal
} from '@jupyterlab/ui-components';
import { FeatureModel } from '../common/featureModel.js';
import { NotebookFlags } from './notebookFlags.js';
import { IRepeatsSettings } from './settings.js';

/**
 * The notebook toolbar's hint counter: how many cells are flagged; a click goes to the next.
 * Hidden while repeated work is switched off: a feature that is off shows nothing.
 */
export function hintsButton(
  flags: NotebookFlags,
  feature: FeatureModel<IRepeatsSettings>,
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
  const follow = () => widget.setHidden(!feature.enabled);
  follow();
  feature.stateChanged.connect(follow);
  widget.disposed.connect(() => feature.stateChanged.disconnect(follow));
  return widget;
}
