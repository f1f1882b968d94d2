import * as path from 'path';

/**
 * Where the tests put their screenshots: a git-ignored build folder, so that a test run leaves
 * the clone clean. `make screenshots` points it at docs/screenshots to refresh the README's.
 */
export const SHOTS = process.env.SANE_SCREENSHOTS
  ? path.resolve(process.env.SANE_SCREENSHOTS)
  : path.resolve(__dirname, '..', '..', '.build', 'screenshots');
