import { environmentPlugin } from './environment/plugin.js';
import { dataPlugin } from './data/plugin.js';
import { executionPlugin } from './execution/plugin.js';
import { extractPlugin } from './extract/plugin.js';
import { healthPlugin } from './health/plugin.js';
import { modulesPlugin } from './modules/plugin.js';
import { notebookAnalysisPlugin } from './notebook/plugin.js';
import { repeatsPlugin } from './repeats/plugin.js';
import { slicePlugin } from './slice/plugin.js';
import { testsPlugin } from './testcells/plugin.js';

export default [
  executionPlugin,
  notebookAnalysisPlugin,
  repeatsPlugin,
  extractPlugin,
  testsPlugin,
  healthPlugin,
  slicePlugin,
  environmentPlugin,
  dataPlugin,
  modulesPlugin
];
