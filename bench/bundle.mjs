// BENCH lines for the JavaScript the labextension ships: every .js file of its static folder
// (all features together), minified as `jlpm build:prod` leaves it, raw and gzipped.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2];
let raw = 0;
let gzip = 0;
for (const name of readdirSync(dir)) {
  if (name.endsWith('.js')) {
    const bytes = readFileSync(join(dir, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
}
console.log(`BENCH bundle_kb ${(raw / 1024).toFixed(1)} kB`);
console.log(`BENCH bundle_gzip_kb ${(gzip / 1024).toFixed(1)} kB`);
