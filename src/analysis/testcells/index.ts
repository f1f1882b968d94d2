/**
 * Which cells are tests, and the tests they plan. The only door into this folder.
 */
export {
  DEFAULT_TEST_DETECTION,
  ITestDetectionOptions,
  TestReason,
  cellTitle,
  detectTestCell,
  plannedTests
} from './testcells.js';
