/**
 * Which data a notebook reads and writes: the paths its code passes to file-reading and
 * file-writing calls, as far as the code spells them. Pure: no JupyterLab import.
 */
export { dataPaths, dataPathsByCell, IDataPath } from './paths.js';
export { DataMode } from './calls.js';
