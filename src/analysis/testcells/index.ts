/**
 * Which cells are tests, the tests they plan, and the smoke test of a function's last call. The only door into this folder.
 */
export {
  DEFAULT_TEST_DETECTION,
  ITestDetectionOptions,
  TestReason,
  cellTitle,
  detectTestCell,
  plannedTests
} from './testcells.js';
export { renderSmokeTest } from './smoke.js';
