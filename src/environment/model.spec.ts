import { NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { notebookModel } from '../testing';
import { checkEnvironment, CheckRefused } from './model';

const REPLY = {
  packages: ['yaml'],
  files: [],
  locks: [],
  findings: [],
  kernel: false,
  expression: '__env__()',
  fix: null
};

/** A server that answers every POST with REPLY and records the bodies. */
function server(): { settings: ServerConnection.ISettings; bodies: unknown[] } {
  const bodies: unknown[] = [];
  const fetch = async (input: RequestInfo, init?: RequestInit) => {
    // JupyterLab hands fetch a Request with the body in it.
    const body = init?.body ?? (await (input as Request).text());
    bodies.push(JSON.parse(String(body)));
    return new Response(JSON.stringify(REPLY), { status: 200 });
  };
  return {
    settings: ServerConnection.makeSettings({
      baseUrl: 'http://localhost/',
      fetch: fetch as typeof window.fetch
    }),
    bodies
  };
}

/** A panel over a real notebook model, with a kernel that answers `answer` or never. */
function panel(language: string, answer: string | null): NotebookPanel {
  const model = notebookModel([
    {
      cell_type: 'code',
      source: 'import yaml\nimport os',
      metadata: {},
      outputs: []
    }
  ]);
  model.setMetadata('language_info', { name: language });
  const kernel = {
    requestExecute: () => ({
      done:
        answer === null
          ? new Promise(() => undefined) // a kernel busy for good: never answers
          : Promise.resolve({
              content: {
                status: 'ok',
                user_expressions: {
                  env: { status: 'ok', data: { 'text/plain': answer } }
                }
              }
            }),
      dispose: () => undefined
    })
  };
  return {
    model,
    context: { path: 'project/nb.ipynb' },
    sessionContext: { session: { kernel } }
  } as unknown as NotebookPanel;
}

describe('checkEnvironment', () => {
  it('refuses a notebook whose kernel runs another language, asking nothing', async () => {
    const { settings, bodies } = server();
    await expect(
      checkEnvironment(panel('R', null), {
        serverSettings: settings,
        pin: '>=',
        timeoutMs: 50
      })
    ).rejects.toBeInstanceOf(CheckRefused);
    expect(bodies).toEqual([]);
  });

  it('without an answer from the kernel, says what the server found without it', async () => {
    const { settings, bodies } = server();
    const reply = await checkEnvironment(panel('python', null), {
      serverSettings: settings,
      pin: '==',
      timeoutMs: 50
    });
    expect(reply.kernel).toBe(false);
    expect(bodies).toEqual([
      {
        path: 'project/nb.ipynb',
        imports: ['yaml', 'os'],
        environment: null,
        pin: '=='
      }
    ]);
  });

  it("sends the kernel's answer, read from the repr of its JSON, for the complete findings", async () => {
    const { settings, bodies } = server();
    // What IPython shows for a str holding JSON with quotes and backslashes.
    const repr = `'{"modules": {"yaml": ["PyYAML"]}, "prefix": "C:\\\\\\\\env", "q": "it\\'s"}'`;
    await checkEnvironment(panel('python', repr), {
      serverSettings: settings,
      pin: '>=',
      timeoutMs: 1000
    });
    expect(bodies).toHaveLength(2);
    expect((bodies[1] as { environment: unknown }).environment).toEqual({
      modules: { yaml: ['PyYAML'] },
      prefix: 'C:\\env',
      q: "it's"
    });
  });
});
