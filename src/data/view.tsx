import { Clipboard } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';
import { formatBytes } from '../health/format.js';
import { DataModel, IDataReading, IDataRow } from './model.js';
import '../../style/dataPanel.css';

export interface IDataPanelOptions {
  tracker: INotebookTracker;
  modelOf: () => DataModel | null;
  jump: (cell: number) => void;
  refresh: () => void;
  trans: TranslationBundle;
}

/**
 * The side panel's view: the active notebook's data files, where they live and their copies.
 * Loaded the first time the panel shows, into the panel that carries its id, class and tab.
 */
export class DataPanel extends ReactWidget {
  constructor(private readonly _options: IDataPanelOptions) {
    super();
  }

  render(): JSX.Element {
    const { tracker, modelOf } = this._options;
    return (
      <UseSignal signal={tracker.currentChanged}>
        {() => <Body model={modelOf()} options={this._options} />}
      </UseSignal>
    );
  }
}

function Body(props: {
  model: DataModel | null;
  options: IDataPanelOptions;
}): JSX.Element {
  const { model, options } = props;
  const { trans } = options;
  if (!model) {
    return (
      <p className="jp-sane-DataPanel-empty">
        {trans.__('Open a notebook to see the data it reads and writes.')}
      </p>
    );
  }
  return (
    <UseSignal signal={model.stateChanged}>
      {() => (
        <div className="jp-sane-DataPanel-body">
          <div className="jp-sane-DataPanel-header">
            <h2>{trans.__('Data')}</h2>
            <button className="jp-mod-styled" onClick={options.refresh}>
              {trans.__('Refresh')}
            </button>
          </div>
          {model.loading && (
            <p className="jp-sane-DataPanel-notice">{trans.__('Measuring…')}</p>
          )}
          {model.error && (
            <p className="jp-sane-DataPanel-notice">{model.error}</p>
          )}
          {model.rows.length === 0 && !model.loading && (
            <p className="jp-sane-DataPanel-empty">
              {trans.__('No file paths found in this notebook’s code.')}
            </p>
          )}
          <ul className="jp-sane-DataPanel-rows">
            {model.rows.map(row => (
              <Row key={row.path} row={row} options={options} />
            ))}
          </ul>
        </div>
      )}
    </UseSignal>
  );
}

function Cells(props: {
  label: string;
  cells: number[];
  options: IDataPanelOptions;
}): JSX.Element | null {
  const { label, cells, options } = props;
  if (cells.length === 0) {
    return null;
  }
  return (
    <div className="jp-sane-DataPanel-cells">
      {label}{' '}
      {cells.map(cell => (
        <button
          key={cell}
          className="jp-sane-DataPanel-cell"
          title={options.trans.__('Go to cell %1', cell + 1)}
          onClick={() => options.jump(cell)}
        >
          {options.trans.__('cell %1', cell + 1)}
        </button>
      ))}
    </div>
  );
}

function Row(props: {
  row: IDataRow;
  options: IDataPanelOptions;
}): JSX.Element {
  const { row, options } = props;
  const { trans } = options;
  const r = row.reading;
  return (
    <li
      className="jp-sane-DataPanel-row"
      data-path={row.path}
      data-tier={r?.tier ?? ''}
    >
      <div className="jp-sane-DataPanel-path" title={row.path}>
        {row.path}
      </div>
      <Cells label={trans.__('read by')} cells={row.reads} options={options} />
      <Cells
        label={trans.__('written by')}
        cells={row.writes}
        options={options}
      />
      {!row.exact && (
        <div className="jp-sane-DataPanel-detail">
          {trans.__('a pattern or a computed path: not measured')}
        </div>
      )}
      {r && <Reading reading={r} trans={trans} />}
    </li>
  );
}

function Reading(props: {
  reading: IDataReading;
  trans: TranslationBundle;
}): JSX.Element {
  const { reading: r, trans } = props;
  if (!r.exists) {
    return (
      <div className="jp-sane-DataPanel-detail">
        {r.error ?? trans.__('not there (yet)')}
      </div>
    );
  }
  const size =
    r.bytes === null
      ? ''
      : r.kind === 'directory'
        ? trans.__('%1 in %2 files', formatBytes(r.bytes), r.files ?? 0)
        : formatBytes(r.bytes);
  const speed =
    r.read_mb_s === null
      ? ''
      : trans.__(
          '%1 MB/s%2',
          r.read_mb_s,
          r.cached ? trans.__(' (in memory already)') : ''
        );
  const copies = r.second_copy
    ? r.copies.map(c => c.detail).join('; ')
    : trans.__('one copy');
  return (
    <>
      <div className="jp-sane-DataPanel-detail">
        {[size, r.tier ? `${r.tier} · ${r.mount} (${r.fstype})` : '']
          .filter(Boolean)
          .join(' · ')}
      </div>
      <div className="jp-sane-DataPanel-detail" title={r.evidence ?? ''}>
        {[speed, r.load_s === null ? '' : trans.__('~%1 s a load', r.load_s)]
          .filter(Boolean)
          .join(' · ')}
      </div>
      <div
        className="jp-sane-DataPanel-copies"
        data-second-copy={String(r.second_copy)}
      >
        {copies}
        {r.purge_in_days !== null &&
          trans.__(' · purged in about %1 days', r.purge_in_days)}
      </div>
      {r.error && <div className="jp-sane-DataPanel-detail">{r.error}</div>}
      {r.copy_to.map(place => (
        <div key={place.mount} className="jp-sane-DataPanel-faster">
          {trans.__('Faster: %1 at %2', place.tier, place.mount)}
          {place.wiped_at_job_end && trans.__(' (wiped at job end)')}{' '}
          <button
            className="jp-mod-styled jp-sane-DataPanel-copy"
            title={place.command}
            onClick={() => Clipboard.copyToSystem(place.command)}
          >
            {trans.__('Copy command')}
          </button>
        </div>
      ))}
    </>
  );
}
