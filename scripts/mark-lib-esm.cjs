// tsc emits ES modules into lib/. Node runs `lib/cli.js` as one only when the nearest
// package.json says so; the root cannot say it, because jlpm's yarn.js in .venv sits below
// the root and must stay CommonJS.
const fs = require('fs');
const path = require('path');

fs.writeFileSync(
  path.join(__dirname, '..', 'lib', 'package.json'),
  JSON.stringify({ type: 'module', private: true }, null, 2) + '\n'
);
