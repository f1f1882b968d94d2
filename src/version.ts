/**
 * The frontend's version. A jest test keeps it equal to package.json's, which is also the
 * Python package's version (hatch-nodejs-version), so a mismatch with the server part is real.
 */
export const VERSION = '0.1.0';
