/**
 * Smoke tests of the built wheel, pip-installed into the venvs that `make smoke` keeps under
 * .build/smoke/: the oldest JupyterLab we support, under a JupyterHub-style base_url, and the
 * latest Jupyter Notebook 7 with jupyter-collaboration. Plain Playwright (no Galata: its
 * helpers follow the newest JupyterLab) in Debian's Chromium, one worker.
 */
import { defineConfig } from '@playwright/test';
import * as path from 'path';
import { ISmokeOptions } from './smoke/fixtures';

const SMOKE = path.resolve(__dirname, '../.build/smoke');
const BASE_PORT = Number(process.env.SANE_SMOKE_PORT ?? 8960);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

interface IServer extends ISmokeOptions {
  name: string;
  command: string;
  port: number;
  baseUrl: string;
}

const SERVERS: IServer[] = [
  {
    name: 'lab-oldest',
    flavour: 'lab',
    command: 'jupyter lab',
    port: BASE_PORT,
    baseUrl: '/user/smoke/'
  },
  {
    name: 'notebook7',
    flavour: 'notebook',
    command: 'jupyter notebook',
    port: BASE_PORT + 1,
    baseUrl: '/'
  }
];

/** The environment of a user of that venv: its own config and data, nothing from HOME. */
function envOf(name: string): Record<string, string> {
  const home = path.join(SMOKE, name, 'home');
  return {
    JUPYTER_CONFIG_DIR: path.join(home, 'config'),
    JUPYTER_DATA_DIR: path.join(home, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(home, 'runtime'),
    IPYTHONDIR: path.join(home, 'ipython'),
    JUPYTER_PREFER_ENV_PATH: '1',
    JUPYTER_PATH: '',
    JUPYTER_CONFIG_PATH: ''
  };
}

export default defineConfig<ISmokeOptions>({
  testDir: './smoke',
  outputDir: './test-results/smoke',
  workers: 1,
  retries: 0,
  timeout: 90 * 1000,
  reporter: [['list']],
  use: {
    video: 'off',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS
    }
  },
  projects: SERVERS.map(s => ({
    name: s.name,
    use: {
      flavour: s.flavour,
      baseURL: `http://127.0.0.1:${s.port}${s.baseUrl}`
    }
  })),
  webServer: SERVERS.map(s => ({
    command:
      `${path.join(SMOKE, s.name, 'bin')}/${s.command} ` +
      '--config smoke/jupyter_server_smoke_config.py ' +
      `--ServerApp.port=${s.port} --ServerApp.base_url=${s.baseUrl}`,
    cwd: __dirname,
    env: envOf(s.name),
    url: `http://127.0.0.1:${s.port}${s.baseUrl}api`,
    timeout: 120 * 1000,
    reuseExistingServer: false
  }))
});
