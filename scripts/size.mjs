// Prints the brotli-compressed size of the release bundle (wasm + js + css) and fails when it
// passes the budget. Run after `trunk build --release`.
//
// The budget guards against regressions; it is set a little above the measured size. History:
// 219 KiB with the first screens, 284 KiB with the charts, 320 KiB with import and export,
// 397 KiB with activities, partnerships, updates and completeness, 498 KiB with sync and its security headers (the core's
// replica, diff and apply, the sharing page, indicator and conflict dialog, the fetch and
// event-stream glue; spread over many functions, no single culprit), 531 KiB with members and
// roles (sign-in, set-up, invite, members and password screens, the role checks in every
// screen; again Leptos view code spread thin, the largest new function 7 KiB raw), 559 KiB with the
// counting rules, rates, ranges and weighted means, the import's suggestions and notices, the
// spreadsheet grid and forms that place errors by field (about 19 KiB of it core rules and
// their sentences, 7 KiB the grid and forms), 566 KiB with the updates feed kept in order with
// its keys (so the server's push costs the same at any feed size; one sorted list, chosen over two
// maps that cost 4 KiB). Splitting the rarely used screens into lazily
// loaded modules is the next step: the issue on speed and size asks for 250 KiB before first
// paint.
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { extname, join } from 'node:path';

const BUDGET_KB = Number(process.env.CAIRN_SIZE_BUDGET_KB ?? 566);
const dist = new URL('../dist/', import.meta.url).pathname;
let raw = 0;
let compressed = 0;
for (const name of readdirSync(dist).sort()) {
  if (!['.wasm', '.js', '.css'].includes(extname(name))) continue;
  const bytes = readFileSync(join(dist, name));
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  raw += bytes.length;
  compressed += br;
  console.log(`${name.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB  brotli ${(br / 1024).toFixed(1).padStart(7)} KiB`);
}
console.log(`${'total (wasm + js + css)'.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(8)} KiB  brotli ${(compressed / 1024).toFixed(1).padStart(7)} KiB  (budget ${BUDGET_KB} KiB)`);
if (compressed === 0) {
  console.error('No bundle found in dist/: run `trunk build --release` first.');
  process.exit(1);
}
if (compressed / 1024 > BUDGET_KB) {
  console.error(`The bundle is over its ${BUDGET_KB} KiB brotli budget.`);
  process.exit(1);
}
