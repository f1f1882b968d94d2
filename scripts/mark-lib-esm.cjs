// tsc emits ES modules into lib/. Node runs `lib/cli.js` as one only when the nearest
// package.json says so; the root cannot say it, because jlpm's yarn.js in .venv sits below
// the root and must stay CommonJS.
// Being the nearest package.json, it must also repeat the root's `sideEffects` for lib/ (none):
// without it the bundler keeps every module a barrel re-exports, used or not, in the chunk that
// imports the barrel (the whole analysis in the page load's chunk).
const fs = require('fs');
const path = require('path');

fs.writeFileSync(
  path.join(__dirname, '..', 'lib', 'package.json'),
  JSON.stringify(
    { type: 'module', private: true, sideEffects: false },
    null,
    2
  ) + '\n'
);
