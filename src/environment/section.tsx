import React from 'react';
import { CommandRegistry } from '@lumino/commands';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import { IHealthSection } from '../tokens.js';
import { IEnvironmentReply } from './model.js';

/**
 * The environment's part of the health popover: the last check of the active notebook, and a
 * button that runs it again (the findings and the fix open in the check's dialog).
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

  render(): React.ReactElement | null {
    const panel = this._tracker.currentWidget;
    if (!panel) {
      return null;
    }
    const trans = this._trans;
    const reply = this._replies.get(panel.context.path);
    const missing = (reply?.findings ?? []).filter(
      f => f.kind === 'undeclared' || f.kind === 'transitive'
    );
    const summary = !reply
      ? trans.__('Imports not checked yet.')
      : missing.length === 0
        ? trans.__('Every import is declared.')
        : trans._n(
            '%1 import not declared: %2',
            '%1 imports not declared: %2',
            missing.length,
            missing.map(f => f.module).join(', ')
          );
    return (
      <div className="jp-sane-HealthPopover-environment">
        <h3>{trans.__('Imports')}</h3>
        <p
          className="jp-sane-HealthPopover-imports"
          data-level={missing.length ? 'warning' : 'ok'}
        >
          {summary}
        </p>
        <button
          className="jp-mod-styled"
          onClick={() => void this._commands.execute(this._command)}
        >
          {trans.__('Check environment')}
        </button>
      </div>
    );
  }

  private readonly _replies = new Map<string, IEnvironmentReply>();
  private readonly _changed = new Signal<this, void>(this);
}
