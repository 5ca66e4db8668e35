// Trunk's post-build hook: writes a brotli (.br) and a gzip (.gz) copy beside every built file
// a browser fetches, so the server sends the smallest form the browser accepts without
// compressing anything per request. The HTML is left alone: the server rewrites it (see
// crates/cairn-server/src/shell.rs), and it is a few hundred bytes.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const kinds = new Set(['.wasm', '.js', '.css', '.svg', '.webmanifest', '.txt']);
let raw = 0;
let br = 0;
for (const name of readdirSync(dir)) {
  if (!kinds.has(extname(name))) continue;
  const path = join(dir, name);
  const bytes = readFileSync(path);
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${path}.br`, brotli);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  raw += bytes.length;
  br += brotli.length;
}
console.log(`precompressed ${(raw / 1024).toFixed(1)} KiB into ${(br / 1024).toFixed(1)} KiB of brotli`);
