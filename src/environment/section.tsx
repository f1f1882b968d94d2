import React, { lazy, Suspense } from 'react';
import { CommandRegistry } from '@lumino/commands';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { IHealthSection, IHealthSummary } from '../tokens.js';
import { IEnvironmentReply } from './model.js';
import { environmentSummary } from './summary.js';

// The report's code loads when a report is first shown (the popover's Findings), not with the
// page: the section itself is made at load, to hold the replies.
const EnvironmentReport = lazy(async () => ({
  default: (await import('./view.js')).EnvironmentReport
}));

/**
 * The environment's part of the health popover's Environment row: the last check of the active
 * notebook in a line, its report when the row is expanded, and a button that runs it again
 * (the fix opens in the check's dialog).
 */
export class EnvironmentSection implements IHealthSection {
  constructor(
    private readonly _tracker: INotebookTracker,
    private readonly _commands: CommandRegistry,
    private readonly _command: string,
    private readonly _trans: TranslationBundle
  ) {}

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Keeps a notebook's latest reply (by path) for the popover. */
  record(path: string, reply: IEnvironmentReply): void {
    this._replies.set(path, reply);
    this._changed.emit();
  }

  /** The Environment row's line: the last check of the active notebook, where it runs. */
  summary(): IHealthSummary | null {
    const panel = this._tracker.currentWidget;
    return panel
      ? environmentSummary(this._replies.get(panel.context.path), this._trans)
      : null;
  }

  /** Below the row's line: the last check's report, to expand, and a button that checks. */
  render(): React.ReactElement | null {
    const panel = this._tracker.currentWidget;
    if (!panel) {
      return null;
    }
    const reply = this._replies.get(panel.context.path);
    return (
      <div className="jp-sane-HealthPopover-environment">
        {reply && (
          // Closed at first: the row's line says enough until the user asks why.
          <details className="jp-sane-HealthPopover-findings">
            <summary>{this._trans.__('Findings')}</summary>
            <Suspense fallback={null}>
              <EnvironmentReport reply={reply} trans={this._trans} />
            </Suspense>
          </details>
        )}
        <button
          className="jp-mod-styled"
          onClick={() => void this._commands.execute(this._command)}
        >
          {this._trans.__('Check environment')}
        </button>
      </div>
    );
  }

  private readonly _replies = new Map<string, IEnvironmentReply>();
  private readonly _changed = new Signal<this, void>(this);
}
