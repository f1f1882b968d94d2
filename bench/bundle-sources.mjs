// What the shipped JavaScript holds, by source folder: the minified bytes each source map
// attributes to a source, summed per src/ folder (src/analysis/ per sub-folder) and per
// node_modules package, for every chunk. Needs a build with source maps:
//   jlpm build:lib:prod && jupyter builder build --source-map True .
//   node bench/bundle-sources.mjs jupyterlab_sane/labextension/static
// With --files, each source file is a row of its own.
// Bytes no mapping covers (the bundler's wrappers, the runtime) are listed as "(unmapped)".
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The generated column and source index of each segment of one line of a VLQ mapping. */
function decodeLine(line, state) {
  const segments = [];
  let column = 0;
  for (const field of line.split(',')) {
    if (!field) {
      continue;
    }
    const values = [];
    let value = 0;
    let shift = 0;
    for (const char of field) {
      const digit = B64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
      } else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += values[0];
    if (values.length > 1) {
      state.source += values[1];
    }
    segments.push({ column, source: values.length > 1 ? state.source : -1 });
  }
  return segments;
}

/** The group a source path counts under: a src/ folder or a node_modules package. */
function group(source) {
  if (perFile) {
    return source.replace(/^.*?(?:node_modules|lib|src)\//, m =>
      m.includes('node_modules') ? 'node_modules/' : 'src/'
    );
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) {
    return `node_modules/${pkg[1]}`;
  }
  const own = /(?:^|\/)(?:lib|src)\/(analysis\/[^/]+|[^/]+)\//.exec(source);
  if (own) {
    return `src/${own[1]}`;
  }
  if (/(?:^|\/)(?:lib|src)\/[^/]+$/.test(source)) {
    return 'src/';
  }
  return source.includes('webpack') || source.includes('rspack')
    ? '(runtime)'
    : source;
}

const dir = process.argv[2];
const perFile = process.argv.includes('--files');
const totals = new Map();
const add = (key, bytes) => totals.set(key, (totals.get(key) ?? 0) + bytes);
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.js') || name === 'style.js') {
    continue;
  }
  const chunk = name.split('.')[0];
  // A chunk of re-exports only (a few bytes) may come without a map.
  if (!existsSync(join(dir, `${name}.map`))) {
    add(`${chunk}\t(unmapped)`, statSync(join(dir, name)).size);
    continue;
  }
  const code = readFileSync(join(dir, name), 'utf8')
    .replace(/\n?\/\/# sourceMappingURL=.*$/, '')
    .split('\n');
  const map = JSON.parse(readFileSync(join(dir, `${name}.map`), 'utf8'));
  const state = { source: 0 };
  map.mappings.split(';').forEach((line, index) => {
    const text = code[index] ?? '';
    const segments = decodeLine(line, state);
    add(
      `${chunk}\t(unmapped)`,
      segments.length ? segments[0].column : text.length
    );
    segments.forEach((segment, i) => {
      const end =
        i + 1 < segments.length ? segments[i + 1].column : text.length;
      const key =
        segment.source < 0 ? '(unmapped)' : group(map.sources[segment.source]);
      add(`${chunk}\t${key}`, end - segment.column);
    });
  });
}
const rows = [...totals].sort((a, b) => b[1] - a[1]);
for (const [key, bytes] of rows) {
  if (bytes > 0) {
    console.log(`${(bytes / 1024).toFixed(1).padStart(7)} kB\t${key}`);
  }
}
