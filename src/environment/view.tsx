import React from 'react';
import { ReactWidget } from '@jupyterlab/ui-components';
import { TranslationBundle } from '@jupyterlab/translation';
import { IEnvironmentLocation, IEnvironmentReply, IFinding } from './model.js';

/** The kinds in the order they matter to a colleague re-running the notebook. */
const ORDER: IFinding['kind'][] = [
  'undeclared',
  'transitive',
  'not-installed',
  'version',
  'no-lock'
];

function title(kind: IFinding['kind'], trans: TranslationBundle): string {
  switch (kind) {
    case 'undeclared':
      return trans.__('Imported but not declared');
    case 'transitive':
      return trans.__(
        'Imported, installed only because another package needs it'
      );
    case 'not-installed':
      return trans.__('Declared but not installed in the kernel');
    case 'version':
      return trans.__('Installed outside the declared range');
    case 'no-lock':
      return trans.__('No lock file');
  }
}

/** The findings of one check, grouped by kind, with the files read and what the fix adds. */
export function EnvironmentReport(props: {
  reply: IEnvironmentReply;
  trans: TranslationBundle;
}): JSX.Element {
  const { reply, trans } = props;
  const files = reply.files.map(f => f.path).join(', ');
  const blocking = reply.findings.filter(
    f => f.kind === 'undeclared' || f.kind === 'transitive'
  );
  return (
    <div className="jp-sane-Environment">
      <p className="jp-sane-Environment-summary">
        {blocking.length === 0
          ? trans.__('Every import is declared.')
          : trans._n(
              '%1 import is not declared.',
              '%1 imports are not declared.',
              blocking.length
            )}
      </p>
      <p className="jp-sane-Environment-files">
        {files
          ? trans.__('Read: %1', files)
          : trans.__(
              'No requirements, pyproject.toml, Pipfile or environment.yml found.'
            )}
      </p>
      {!reply.kernel && (
        <p className="jp-sane-Environment-nokernel">
          {trans.__(
            'No live Python kernel answered: installed versions and distribution names are unknown.'
          )}
        </p>
      )}
      {reply.location && <Location location={reply.location} trans={trans} />}
      {ORDER.map(kind => {
        const items = reply.findings.filter(f => f.kind === kind);
        return items.length === 0 ? null : (
          <section key={kind} data-kind={kind}>
            <h4>{title(kind, trans)}</h4>
            <ul>
              {items.map((f, i) => (
                <li key={i} className="jp-sane-Environment-finding">
                  {f.message}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {reply.fix && (
        <p className="jp-sane-Environment-fix">
          {trans.__('Add to %1: %2', reply.fix.path, reply.fix.add.join(', '))}
        </p>
      )}
      {reply.files.flatMap(f =>
        f.errors.map((error, i) => (
          <p key={`${f.path}-${i}`} className="jp-sane-Environment-error">
            {`${f.path}: ${error}`}
          </p>
        ))
      )}
    </div>
  );
}

/** Where the kernel's environment lives, how long its imports take, and the advice. */
function Location(props: {
  location: IEnvironmentLocation;
  trans: TranslationBundle;
}): JSX.Element {
  const { location, trans } = props;
  const storage = location.remote
    ? trans.__('network storage (%1)', location.fstype ?? '')
    : trans.__('local disk (%1)', location.fstype ?? '');
  const total = location.imports?.total;
  return (
    <p className="jp-sane-Environment-location">
      {trans.__(
        'The kernel’s environment %1 is on %2.',
        location.prefix,
        storage
      )}{' '}
      {total === undefined
        ? trans.__('Its import time is being measured.')
        : trans.__(
            'The notebook’s imports take %1 s there.',
            total.toFixed(1)
          )}{' '}
      {location.advice}
    </p>
  );
}

/** The report as a dialog body. */
export function reportWidget(
  reply: IEnvironmentReply,
  trans: TranslationBundle
): ReactWidget {
  return ReactWidget.create(<EnvironmentReport reply={reply} trans={trans} />);
}
