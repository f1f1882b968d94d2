import React from 'react';
import { TextItem } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { VDomRenderer } from '@jupyterlab/ui-components';
import { evaluate, summary, worst } from './checks.js';
import { HealthModel } from './model.js';

/** The words and the level the item shows while the server part is not answering right. */
export function describeServer(
  model: HealthModel,
  trans: TranslationBundle
): {
  text: string;
  title: string;
  level: 'ok' | 'warning' | 'critical';
} | null {
  const ours = model.frontendVersion;
  switch (model.serverState) {
    case 'ok':
      return null;
    case 'missing':
      return {
        text: trans.__('Sane: server part not installed'),
        title: trans.__(
          'The server part of jupyterlab-sane is not installed or not enabled. Fix: pip install jupyterlab_sane, then `jupyter server extension enable jupyterlab_sane` and restart JupyterLab.'
        ),
        level: 'critical'
      };
    case 'mismatch':
      return {
        text: trans.__(
          'Sane: server part %1, frontend %2',
          model.serverVersion ?? '?',
          ours
        ),
        title: trans.__(
          'The server part and the frontend of jupyterlab-sane differ in version. Fix: reinstall jupyterlab_sane in the environment JupyterLab runs from and restart it.'
        ),
        level: 'warning'
      };
    case 'unreachable':
      return {
        text: trans.__('Sane: server unreachable'),
        title: trans.__(
          'The Jupyter server did not answer the health check. Is it still running?'
        ),
        level: 'critical'
      };
    default:
      return {
        text: trans.__('Sane %1…', ours),
        title: trans.__('Checking the server part of jupyterlab-sane…'),
        level: 'ok'
      };
  }
}

/** The health item in the status bar: one compact line, coloured by the worst check. */
export class HealthStatus extends VDomRenderer<HealthModel> {
  constructor(model: HealthModel, trans: TranslationBundle) {
    super(model);
    this._trans = trans;
    this.addClass('jp-sane-HealthStatus');
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
  }

  protected render(): JSX.Element {
    const trans = this._trans;
    const server = describeServer(this.model, trans);
    const checks = evaluate({ ...this.model.readings, trans });
    const text = server ? server.text : summary(checks) || trans.__('Sane ✓');
    const level = server ? server.level : worst(checks.map(c => c.level));
    this.node.title = server
      ? server.title
      : trans.__('Health of the runtime and the storage: click for details.');
    this.node.dataset.level = level;
    this.node.setAttribute('aria-label', trans.__('Health: %1', text));
    return <TextItem source={text} />;
  }

  private _trans: TranslationBundle;
}
