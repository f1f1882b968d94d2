/**
 * The command line over the analysis (`node lib/cli.js ...`): the only door into this folder.
 * Node only (it reads files); the frontend never imports it.
 */
export { main } from './main.js';
