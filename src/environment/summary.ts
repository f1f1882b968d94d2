/**
 * The Environment row of the health popover, in words: what the last check of the notebook
 * found about its imports, and where the kernel's environment lives.
 */
import { TranslationBundle } from '@jupyterlab/translation';
import { IHealthSummary } from '../tokens.js';
import { IEnvironmentLocation, IEnvironmentReply } from './model.js';

type Trans = Pick<TranslationBundle, '__' | '_n'>;

/** The row's line for a notebook's last reply, or for a notebook never checked. */
export function environmentSummary(
  reply: IEnvironmentReply | undefined,
  trans: Trans
): IHealthSummary {
  if (!reply) {
    return { level: 'ok', text: trans.__('imports not checked yet') };
  }
  const blocking = reply.findings.filter(
    f => f.kind === 'undeclared' || f.kind === 'transitive'
  );
  // Declared but absent, or outside the range: the colleague's run breaks there too.
  const others = reply.findings.filter(
    f => f.kind === 'not-installed' || f.kind === 'version'
  );
  const imports =
    blocking.length > 0
      ? trans._n(
          '%1 import not declared: %2',
          '%1 imports not declared: %2',
          blocking.length,
          blocking.map(f => f.module).join(', ')
        )
      : trans.__('every import declared');
  const rest =
    others.length > 0
      ? trans._n(
          '%1 declared package missing or outside its range',
          '%1 declared packages missing or outside their ranges',
          others.length
        )
      : '';
  return {
    level: blocking.length + others.length > 0 ? 'warning' : 'ok',
    text: [imports, rest].filter(Boolean).join(' · '),
    where: reply.location ? where(reply.location, trans) : undefined,
    remedy: reply.location?.advice ?? undefined
  };
}

/** "environment on network storage (nfs4), imports take 14.2 s" */
function where(location: IEnvironmentLocation, trans: Trans): string {
  const storage = location.remote
    ? trans.__('environment on network storage (%1)', location.fstype ?? '?')
    : trans.__('environment on local disk (%1)', location.fstype ?? '?');
  const total = location.imports?.total;
  return total === undefined
    ? storage
    : trans.__('%1, imports take %2 s', storage, total.toFixed(1));
}
