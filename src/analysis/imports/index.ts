/**
 * What a notebook imports, for the Environment findings and `node lib/cli.js imports`: the only
 * door into this folder.
 */
export {
  IImportCell,
  IImportOptions,
  IImportSite,
  INotebookImports,
  IPipInstallSite,
  notebookImports
} from './imports.js';
export { IPipRequirement, pipRequirements } from './pip.js';
export { isStdlib, STDLIB_MODULES } from './stdlib.js';
