import React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import { VDomRenderer } from '@jupyterlab/ui-components';
import { IDataFindings, IHealthSection } from '../tokens.js';
import { HealthModel } from './model.js';
import { evaluate, ICheck, Level, worst } from './checks.js';
import { describeServer, LevelIcon } from './view.js';
import '../../style/healthPopover.css';

export interface IPopoverActions {
  /** Runs the cells a restart lost, in the order they ran. */
  rerunLost: () => Promise<void>;
  /** Makes a notebook cell active. */
  goTo: (index: number) => void;
  /** The active cell and how many cells running what it needs takes (the cell included). */
  needed: () => { cell: number; count: number } | null;
  /** Runs what the cell a death interrupted (else the active cell) needs, then the cell. */
  runNeeded: () => Promise<void>;
  /** The user read why the kernel died: the item stops raising it. */
  dismissDeath: () => void;
}

/** The popover of the health item: each check with its value, threshold, status and remedy. */
export class HealthPopover extends VDomRenderer<HealthModel> {
  constructor(
    model: HealthModel,
    private readonly _trans: TranslationBundle,
    private readonly _actions: IPopoverActions,
    private readonly _section: IHealthSection | null = null,
    private readonly _data: IDataFindings | null = null
  ) {
    super(model);
    this.addClass('jp-sane-HealthPopover');
    // The item ignores the kernel going busy and idle; the popover shows it.
    model.activityChanged.connect(this._onActivity, this);
    _section?.changed.connect(this._onActivity, this);
    _data?.changed.connect(this._onActivity, this);
  }

  dispose(): void {
    this.model?.activityChanged.disconnect(this._onActivity, this);
    this._section?.changed.disconnect(this._onActivity, this);
    this._data?.changed.disconnect(this._onActivity, this);
    super.dispose();
  }

  /** The Data line: the worst finding of the data plugin, when it found something. */
  private _dataRow(): JSX.Element | null {
    const finding = this._data?.finding;
    if (!finding) {
      return null;
    }
    const row = {
      id: 'data',
      label: this._trans.__('Data'),
      value: finding.text,
      threshold: '',
      remedy: '',
      level: finding.level
    };
    return <CheckRow key="data" check={row} trans={this._trans} />;
  }

  /** The checks' rows; the Environment row with the section's words, even without its check. */
  private _rows(): JSX.Element[] {
    const trans = this._trans;
    const checks = evaluate({ ...this.model.readings, trans });
    const rows = checks.map(check =>
      check.id === 'environment' ? (
        this._environmentRow(check)
      ) : (
        <CheckRow key={check.id} check={check} trans={trans} />
      )
    );
    if (this._section?.summary() && !checks.some(c => c.id === 'environment')) {
      rows.push(this._environmentRow(null));
    }
    return rows;
  }

  /**
   * The Environment row: how the kernel's Python was installed and whether it is locked (the
   * health probe), what the last check of the notebook's imports found and where the
   * environment lives (the section), and what the section adds below (the findings).
   */
  private _environmentRow(check: ICheck | null): JSX.Element {
    const trans = this._trans;
    const summary = this._section?.summary() ?? null;
    const row = {
      id: 'environment',
      label: check?.label ?? trans.__('Environment'),
      value: check?.value ?? '',
      threshold: check?.threshold ?? '',
      remedy: [check?.remedy, summary?.remedy].filter(Boolean).join(' '),
      level: worst([check?.level ?? 'ok', summary?.level ?? 'ok'])
    };
    return (
      <CheckRow key="environment" check={row} trans={trans}>
        {summary && (
          <>
            <div
              className="jp-sane-HealthPopover-imports"
              data-level={summary.level}
            >
              {summary.text}
            </div>
            {summary.where && (
              <div className="jp-sane-HealthPopover-where">{summary.where}</div>
            )}
            {this._section?.render()}
          </>
        )}
      </CheckRow>
    );
  }

  private _onActivity(): void {
    this.update();
  }

  /**
   * What to do about the kernel's death, until the user acts on it (the kernel's row says why
   * it died and what to change first).
   */
  private _death(neededButton: JSX.Element | null): JSX.Element | null {
    const { death } = this.model.kernel;
    if (!death) {
      return null;
    }
    return (
      <div className="jp-sane-HealthPopover-death" data-reason={death.reason}>
        {neededButton}
        <button
          className="jp-mod-styled"
          onClick={() => this._actions.dismissDeath()}
        >
          {this._trans.__('Dismiss')}
        </button>
      </div>
    );
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const server = describeServer(this.model, trans);
    const { lostCells: lost, death } = this.model.kernel;
    const needed = lost.length > 0 || death ? this._actions.needed() : null;
    const neededButton = needed && (
      <button
        className="jp-mod-styled jp-sane-HealthPopover-needed"
        onClick={() => void this._actions.runNeeded()}
      >
        {lost.length > 0
          ? trans.__(
              'Re-run what cell %1 needs (%2 of %3 cells)',
              needed.cell + 1,
              needed.count,
              lost.length
            )
          : trans._n(
              'Re-run what cell %2 needs (%1 cell)',
              'Re-run what cell %2 needs (%1 cells)',
              needed.count,
              needed.cell + 1
            )}
      </button>
    );
    return (
      <div>
        <h2>{trans.__('Health of the work')}</h2>
        {server && server.level !== 'ok' && (
          <p className="jp-sane-HealthPopover-server" data-level={server.level}>
            {server.title}
          </p>
        )}
        <table>
          <tbody>
            {this._rows()}
            {this._dataRow()}
          </tbody>
        </table>
        {lost.length > 0 && (
          <div className="jp-sane-HealthPopover-lost">
            <p>
              {trans._n(
                'The restart lost the state %1 cell built, in this order:',
                'The restart lost the state %1 cells built, in this order:',
                lost.length
              )}{' '}
              {lost.map(cell => (
                <button
                  key={cell.id}
                  className="jp-sane-HealthPopover-cell"
                  onClick={() => this._actions.goTo(cell.index)}
                  title={trans.__('Go to cell %1', cell.index + 1)}
                >
                  {/* Its position, as the status bar's "Cell N/M" counts: brackets are prompts'. */}
                  {trans.__('cell %1', cell.index + 1)}
                </button>
              ))}
            </p>
            <button
              className="jp-mod-styled jp-mod-accept"
              onClick={() => void this._actions.rerunLost()}
            >
              {trans.__('Re-run them')}
            </button>
            {neededButton}
          </div>
        )}
        {death && this._death(lost.length > 0 ? null : neededButton)}
      </div>
    );
  }
}

/** One check's row: its label, value, threshold and remedy, and its level in words. */
function CheckRow(props: {
  check: Pick<ICheck, 'label' | 'value' | 'threshold' | 'remedy' | 'level'> & {
    id: string;
  };
  trans: TranslationBundle;
  children?: React.ReactNode;
}): JSX.Element {
  const { check, trans } = props;
  return (
    <tr data-check={check.id} data-level={check.level}>
      <th scope="row">{check.label}</th>
      <td>
        <div className="jp-sane-HealthPopover-value">{check.value}</div>
        {/* What another plugin adds (the imports' line) reads with the value. */}
        {props.children}
        {check.threshold && (
          <div className="jp-sane-HealthPopover-threshold">
            {check.threshold}
          </div>
        )}
        {check.remedy && (
          <div className="jp-sane-HealthPopover-remedy">{check.remedy}</div>
        )}
      </td>
      <td className="jp-sane-HealthPopover-level">
        <LevelIcon level={check.level} trans={trans} />
        {levelWord(check.level, trans)}
      </td>
    </tr>
  );
}

function levelWord(level: Level, trans: TranslationBundle): string {
  return level === 'ok'
    ? trans.__('ok')
    : level === 'warning'
      ? trans.__('warning')
      : trans.__('critical');
}
