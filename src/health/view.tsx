import React from 'react';
import { TranslationBundle } from '@jupyterlab/translation';
import {
  checkIcon,
  errorIcon,
  LabIcon,
  refreshIcon,
  VDomRenderer
} from '@jupyterlab/ui-components';
import { evaluate, IPart, Level, Mark, summary, worst } from './checks.js';
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

const MARKS: Record<Mark, LabIcon> = { uptime: refreshIcon, clean: checkIcon };

/** The icon of a level not ok, in the level's colour (style/base.css), with its name. */
export function LevelIcon(props: {
  level: Level;
  trans: TranslationBundle;
}): JSX.Element | null {
  if (props.level === 'ok') {
    return null;
  }
  const title =
    props.level === 'warning'
      ? props.trans.__('warning')
      : props.trans.__('critical');
  return (
    <errorIcon.react
      tag="span"
      className="jp-sane-HealthLevelIcon"
      data-level={props.level}
      title={title}
    />
  );
}

/** What a marked part means, for its tooltip and screen readers: "⟳3m" alone says little. */
function markTitle(part: IPart, trans: TranslationBundle): string | undefined {
  switch (part.mark) {
    case 'uptime':
      return trans.__(
        'Kernel running for %1 since it last started or restarted',
        part.text
      );
    case 'clean':
      return trans.__('Git: nothing uncommitted');
    default:
      return undefined;
  }
}

function Part(props: { part: IPart; trans: TranslationBundle }): JSX.Element {
  const { part } = props;
  const Mark = part.mark ? MARKS[part.mark] : null;
  const title = markTitle(part, props.trans);
  return (
    <span
      className="jp-sane-HealthStatus-part"
      data-check={part.id}
      data-level={part.level}
      title={title}
      aria-label={title}
    >
      <LevelIcon level={part.level} trans={props.trans} />
      {Mark && <Mark.react tag="span" className="jp-sane-HealthStatus-mark" />}
      <span className="jp-sane-HealthStatus-text">{part.text}</span>
    </span>
  );
}

/**
 * The health item in the status bar: one compact line, in the colour of the worst check, with
 * a level icon by each part not ok (and one in front when the worst check has no part).
 */
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
    const parts = server ? [] : summary(checks);
    const level = server ? server.level : worst(checks.map(c => c.level));
    const text = server
      ? server.text
      : parts.map(p => p.text).join(' · ') || trans.__('Sane: all ok');
    this.node.title = server
      ? server.title
      : trans.__('Health of the runtime and the storage: click for details.');
    this.node.dataset.level = level;
    this.node.setAttribute('aria-label', trans.__('Health: %1', text));
    // A level no part shows (e.g. an environment not locked) gets its icon in front.
    const shown = parts.some(p => p.level === level);
    return (
      <span className="jp-sane-HealthStatus-line">
        {!shown && <LevelIcon level={level} trans={trans} />}
        {server ? (
          <span className="jp-sane-HealthStatus-text">{server.text}</span>
        ) : parts.length ? (
          parts.map((part, i) => (
            <React.Fragment key={part.id}>
              {i > 0 && <span className="jp-sane-HealthStatus-sep"> · </span>}
              <Part part={part} trans={trans} />
            </React.Fragment>
          ))
        ) : (
          <span className="jp-sane-HealthStatus-part" data-level="ok">
            <checkIcon.react tag="span" className="jp-sane-HealthStatus-mark" />
            <span className="jp-sane-HealthStatus-text">
              {trans.__('Sane')}
            </span>
          </span>
        )}
      </span>
    );
  }

  private _trans: TranslationBundle;
}
