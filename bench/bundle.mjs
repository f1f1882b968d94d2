// BENCH lines for the JavaScript the labextension ships, minified as `jlpm build:prod` leaves
// it, raw and gzipped:
// - bundle_kb, bundle_gzip_kb: every .js file of the static folder (all features together);
// - bundle_own_kb, bundle_own_gzip_kb: the same without the vendor chunks. Chunks are named
//   after what they hold (webpack.config.cjs): third-party code the bundler split off is in
//   `vendors-node_modules_…` chunks, the rest is ours (our modules, our CSS, the runtime);
// - bundle_first_load_kb: our chunks loaded at page load, the ones the remoteEntry fetches to
//   hand JupyterLab the plugins ('./extension') and the CSS ('./style'); the chunks only a
//   dynamic import() fetches are left out;
// - bundle_runtime_kb: the remoteEntry itself (the bundler's runtime and chunk table), also
//   loaded at page load, counted in bundle_own_kb but not in bundle_first_load_kb.
// - bundle_page_load_kb: the two together, all of our own code the page load fetches (the
//   figure the budget holds).
// Usage: node bench/bundle.mjs jupyterlab_sane/labextension/static
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2];
const files = readdirSync(dir)
  .filter(name => name.endsWith('.js'))
  .map(name => {
    const bytes = readFileSync(join(dir, name));
    return {
      name,
      // A chunk's id is its name up to the content hash (`[name].[contenthash].js`).
      id: name.replace(/\.[0-9a-f]+\.js$/, ''),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      text: bytes.toString('utf8')
    };
  });

const entry = files.find(f => f.name.startsWith('remoteEntry.'));
if (!entry) {
  throw new Error(`no remoteEntry.*.js in ${dir}`);
}

/** The chunk ids the remoteEntry loads for one exposed module (`"./extension":()=>…then(`). */
function chunksOf(exposed) {
  const start = entry.text.indexOf(`"${exposed}":`);
  if (start < 0) {
    return [];
  }
  const getter = entry.text.slice(start, entry.text.indexOf('.then(', start));
  // Ids are numbers (`.e(134)`), or strings where a chunk is named (`.e("vendors-…")`).
  return [...getter.matchAll(/\.e\("?([^")]+)"?\)/g)].map(m => m[1]);
}

const eager = new Set([...chunksOf('./extension'), ...chunksOf('./style')]);
if (eager.size === 0) {
  throw new Error(`${entry.name}: no chunk found for './extension'`);
}
const own = files.filter(f => !f.id.startsWith('vendors-'));
const firstLoad = own.filter(f => eager.has(f.id));
const sum = (list, key) => list.reduce((total, f) => total + f[key], 0);
const kB = bytes => `${(bytes / 1024).toFixed(1)} kB`;

console.log(`BENCH bundle_kb ${kB(sum(files, 'raw'))}`);
console.log(`BENCH bundle_gzip_kb ${kB(sum(files, 'gzip'))}`);
console.log(`BENCH bundle_own_kb ${kB(sum(own, 'raw'))}`);
console.log(`BENCH bundle_own_gzip_kb ${kB(sum(own, 'gzip'))}`);
console.log(`BENCH bundle_first_load_kb ${kB(sum(firstLoad, 'raw'))}`);
console.log(`BENCH bundle_runtime_kb ${kB(entry.raw)}`);
console.log(
  `BENCH bundle_page_load_kb ${kB(sum(firstLoad, 'raw') + entry.raw)}`
);
