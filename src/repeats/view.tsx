import React from 'react';
import { Dialog } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { IValueDifference } from '../analysis/index.js';
import { Flag, reasonOf } from './findings.js';
import { goToCell } from '../notebook/navigate.js';
import '../../style/flagPopup.css';

/** Differences shown in a copy's line; the rest are counted. */
const SHOWN_DIFFERENCES = 6;

/** What differs between the flagged cell and another copy: "differs in: lr 0.1 / 0.05". */
export function differenceOf(
  differences: readonly IValueDifference[],
  trans: TranslationBundle
): string {
  const words = differences
    .slice(0, SHOWN_DIFFERENCES)
    .map(d =>
      d.label
        ? trans.__('%1 %2 / %3', d.label, d.mine, d.theirs)
        : trans.__('%1 / %2', d.mine, d.theirs)
    );
  const more = differences.length - words.length;
  const list =
    more > 0
      ? trans._n('%2, and %1 more', '%2, and %1 more', more, words.join(', '))
      : words.join(', ');
  return trans.__('differs in: %1', list);
}

/** The differences of one other cell, when the flag knows them. */
function differencesWith(flag: Flag, id: string): IValueDifference[] {
  return flag.kind === 'clone' ? (flag.differs?.[id] ?? []) : [];
}

function related(flag: Flag): string[] {
  return flag.kind === 'clone'
    ? flag.others
    : flag.kind === 'sequence'
      ? flag.cellIds
      : [];
}

interface IPopupProps {
  flags: Flag[];
  panel: NotebookPanel;
  trans: TranslationBundle;
  goTo: (cellId: string) => void;
}

/** The popup's body: each reason, and links to the other cells involved. */
function FlagPopup({ flags, panel, trans, goTo }: IPopupProps): JSX.Element {
  const indexOf = (id: string) =>
    panel.content.widgets.findIndex(w => w.model.id === id);
  return (
    <div className="jp-sane-FlagPopup">
      {flags.map((flag, i) => (
        <div key={i}>
          <p>{reasonOf(flag, trans)}</p>
          {related(flag).length > 0 && (
            <ul>
              {related(flag).map(id => (
                <li key={id}>
                  <button
                    className="jp-sane-FlagPopup-link"
                    onClick={() => goTo(id)}
                  >
                    {trans.__('Go to cell %1', indexOf(id) + 1)}
                  </button>
                  {differencesWith(flag, id).length > 0 && (
                    <span className="jp-sane-FlagPopup-differs">
                      {differenceOf(differencesWith(flag, id), trans)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

export type FlagAction = 'extract' | 'dismiss' | null;

/** Opens a cell's flags; resolves to what the user chose. */
export async function openFlags(
  flags: Flag[],
  panel: NotebookPanel,
  trans: TranslationBundle
): Promise<FlagAction> {
  const goTo = (id: string) => {
    dialog.reject();
    goToCell(panel, id);
  };
  const dialog = new Dialog({
    title: trans.__('Repeated work'),
    body: ReactWidget.create(
      <FlagPopup flags={flags} panel={panel} trans={trans} goTo={goTo} />
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Close') }),
      // Dismissing can be undone (Show Dismissed Hints): not a destructive, red button.
      Dialog.createButton({
        label: trans.__('Dismiss'),
        displayType: 'default'
      }),
      Dialog.okButton({ label: trans.__('Extract to function') })
    ]
  });
  const result = await dialog.launch();
  if (result.button.label === trans.__('Dismiss')) {
    return 'dismiss';
  }
  return result.button.accept ? 'extract' : null;
}
