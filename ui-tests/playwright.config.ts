/**
 * Galata in Debian's Chromium: Playwright cannot download its own browsers on these machines.
 * JupyterLab is started by Playwright from .venv on a loopback port, with a temporary root dir.
 */
import baseConfig from '@jupyterlab/galata/lib/playwright-config';
import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';

const PORT = Number(process.env.SANE_GALATA_PORT ?? 8931);
// A simulated memory.events, outside the repository, that the server reads for OOM kills and
// the tests write to (the workers inherit this process's environment).
process.env.SANE_MEMORY_EVENTS ??= path.join(
  os.tmpdir(),
  `sane-galata-${PORT}`,
  'memory.events'
);
// A simulated batch job's environment file and scheduler commands (health-job.spec.ts).
process.env.SANE_JOB_DIR ??= path.join(
  os.tmpdir(),
  `sane-galata-${PORT}`,
  'job'
);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

export default defineConfig({
  ...baseConfig,
  testDir: './tests',
  outputDir: './test-results',
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }]
  ],
  use: {
    ...baseConfig.use,
    baseURL: `http://127.0.0.1:${PORT}`,
    // Playwright's video needs an ffmpeg download: off. Traces record a DOM snapshot at every
    // action, which made the whole run about a third slower (JupyterLab's DOM is large): off
    // unless asked for (SANE_GALATA_TRACE=retain-on-failure). Screenshots stay on failure.
    video: 'off',
    trace:
      process.env.SANE_GALATA_TRACE === 'retain-on-failure'
        ? 'retain-on-failure'
        : 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS
    }
  },
  webServer: {
    command: `../.venv/bin/jupyter lab --config jupyter_server_test_config.py --ServerApp.port=${PORT}`,
    cwd: __dirname,
    url: `http://127.0.0.1:${PORT}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
});
