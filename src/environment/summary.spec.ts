import { nullTranslator } from '@jupyterlab/translation';
import { IEnvironmentReply, IFinding } from './model';
import { environmentSummary } from './summary';

const trans = nullTranslator.load('jupyterlab_sane');

function reply(
  findings: IFinding[],
  location: IEnvironmentReply['location'] = null
): IEnvironmentReply {
  return {
    packages: [],
    location,
    files: [],
    locks: [],
    findings,
    kernel: true,
    expression: '',
    fix: null
  };
}

const finding = (kind: IFinding['kind'], module?: string): IFinding => ({
  kind,
  module,
  message: `${kind} ${module}`
});

describe('environmentSummary', () => {
  it('says a notebook was not checked, without a warning', () => {
    expect(environmentSummary(undefined, trans)).toEqual({
      level: 'ok',
      text: 'imports not checked yet'
    });
  });

  it('names the imports no file declares, the transitive ones too; no lock file is the probe’s to say', () => {
    const summary = environmentSummary(
      reply([
        finding('undeclared', 'sklearn'),
        finding('transitive', 'tqdm'),
        finding('no-lock')
      ]),
      trans
    );
    expect(summary.level).toBe('warning');
    expect(summary.text).toBe('2 imports not declared: sklearn, tqdm');
    expect(environmentSummary(reply([finding('no-lock')]), trans)).toEqual({
      level: 'ok',
      text: 'every import declared',
      where: undefined,
      remedy: undefined
    });
  });

  it('counts declared packages the kernel lacks or has outside their range', () => {
    const summary = environmentSummary(
      reply([finding('not-installed', 'torch'), finding('version', 'numpy')]),
      trans
    );
    expect(summary).toMatchObject({
      level: 'warning',
      text: 'every import declared · 2 declared packages missing or outside their ranges'
    });
  });

  it('says where the environment lives, its imports’ time once measured, and the advice', () => {
    const location = {
      prefix: '/shared/envs/lab',
      mount: '/shared',
      fstype: 'nfs4',
      remote: true,
      imports: { total: 14.24 },
      advice: 'an environment on local disk would not'
    };
    expect(environmentSummary(reply([], location), trans)).toMatchObject({
      where: 'environment on network storage (nfs4), imports take 14.2 s',
      remedy: 'an environment on local disk would not'
    });
    const measuring = {
      ...location,
      remote: false,
      fstype: 'ext4',
      imports: null,
      advice: null
    };
    expect(environmentSummary(reply([], measuring), trans)).toMatchObject({
      where: 'environment on local disk (ext4)',
      remedy: undefined
    });
  });
});
