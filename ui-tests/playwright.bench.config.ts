/**
 * The browser benchmarks (`make bench`): two servers in one run, the second with
 * jupyterlab-sane disabled (`bench/without-sane/labconfig/page_config.json`, as
 * `jupyter labextension disable` would write it).
 */
import config from './playwright.config';
import * as path from 'path';

const PORT = Number(process.env.SANE_GALATA_PORT ?? 8931);
export const WITHOUT_PORT = PORT + 1;

const base = config.webServer as { command: string; cwd: string };

export default {
  ...config,
  testDir: './bench',
  reporter: [['list']],
  webServer: [
    config.webServer,
    {
      ...base,
      command: base.command.replace(
        `--ServerApp.port=${PORT}`,
        `--ServerApp.port=${WITHOUT_PORT}`
      ),
      url: `http://127.0.0.1:${WITHOUT_PORT}/lab`,
      timeout: 120 * 1000,
      reuseExistingServer: !process.env.CI,
      env: {
        ...process.env,
        JUPYTER_CONFIG_DIR: path.resolve(__dirname, 'bench', 'without-sane'),
        // The venv's own page config enables the extension: this one must come first.
        JUPYTER_PREFER_ENV_PATH: '0'
      }
    }
  ]
};
