/**
 * The built entry `node lib/cli.js`: the tests, the bench, the Makefile and the server call it
 * by this path, so it stays here while the command line lives in analysis/cli/.
 */
import { main } from './analysis/cli/index.js';

process.exitCode = main(process.argv.slice(2));
