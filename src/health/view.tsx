import React from 'react';
import { TextItem } from '@jupyterlab/statusbar';
import { TranslationBundle } from '@jupyterlab/translation';
import { VDomRenderer } from '@jupyterlab/ui-components';
import { HealthModel } from './model.js';

/** The words and the level the status item shows for the model's state. */
export function describeServer(
  model: HealthModel,
  trans: TranslationBundle
): { text: string; title: string; level: 'ok' | 'warning' | 'critical' } {
  const ours = model.frontendVersion;
  switch (model.serverState) {
    case 'ok':
      return {
        text: trans.__('Sane %1', ours),
        title: trans.__(
          'jupyterlab-sane %1: frontend and server part agree.',
          ours
        ),
        level: 'ok'
      };
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

/** The health item in the status bar. */
export class HealthStatus extends VDomRenderer<HealthModel> {
  constructor(model: HealthModel, trans: TranslationBundle) {
    super(model);
    this._trans = trans;
    this.addClass('jp-sane-HealthStatus');
  }

  protected render(): JSX.Element {
    const { text, title, level } = describeServer(this.model, this._trans);
    this.node.title = title;
    this.node.dataset.level = level;
    return <TextItem source={text} />;
  }

  private _trans: TranslationBundle;
}
