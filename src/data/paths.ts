// The data-path analysis the Data panel runs on each refresh, a chunk of its own: the page load
// does without it, the first refresh (once a notebook is open and analysed) loads it.
export { dataPathsByCell } from '../analysis/index.js';
