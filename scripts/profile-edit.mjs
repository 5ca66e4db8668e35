// Where an edit's time goes: types values into the entry grid as `bench-edit.mjs` does, with
// Chromium's sampling profiler running, and prints the functions that took the most time
// during the edits (self time, and time including what they call), by name. Build with the
// wasm's function names kept first, or the wasm's frames are only numbers:
//   CAIRN_WASM_NAMES=1 trunk build --offline --release && node scripts/profile-edit.mjs
// SIZE picks the coalition (1k, 10k, 120k; default 120k), EDITS how many values (default 20).
import { serve, launch } from '../tests/browser/harness.mjs';

const SIZE = process.env.SIZE ?? '120k';
const EDITS = Number(process.env.EDITS ?? 20);
const TOP = Number(process.env.TOP ?? 30);
const server = await serve(new URL('../dist/', import.meta.url).pathname);
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(`${server.url}?bench=edit&size=${SIZE}`);
await page.waitForFunction(() => window.__cairnBench, null, { timeout: 120_000 });
const cells = page.locator('tr[data-measure] input:not([readonly])');
await cells.first().waitFor({ timeout: 60_000 });
const count = await cells.count();
// One edit first, outside the profile, so one-time work (the first IndexedDB write) is not in it.
await cells.nth(0).click();
await page.keyboard.type('99');
await page.keyboard.press('Enter');
await page.waitForTimeout(500);

const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
// Only the Enter and what follows it is profiled: the clicks and typing before it are not.
const profiles = [];
for (let i = 1; i <= EDITS; i++) {
  await cells.nth((i * 3) % count).click();
  await page.keyboard.type(String(100 + i));
  await cdp.send('Profiler.start');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(150);
  profiles.push((await cdp.send('Profiler.stop')).profile);
}
await browser.close();
server.close();

// Time per sample, and each node's parent, to add a sample's time to every function on its stack.
const name = (n) => {
  const f = n.callFrame;
  return f.functionName || (f.url ? `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})` : '(program)');
};
const self = new Map();
const total = new Map();
let busy = 0;
for (const profile of profiles) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]);
    const top = name(node);
    self.set(top, (self.get(top) ?? 0) + dt);
    if (top === '(idle)' || top === '(program)' || top === '(garbage collector)') continue;
    busy += dt;
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const fn = name(byId.get(id));
      if (seen.has(fn)) continue;
      seen.add(fn);
      total.set(fn, (total.get(fn) ?? 0) + dt);
    }
  }
}
const show = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)
  .map(([fn, ms]) => `  ${(ms / EDITS).toFixed(2).padStart(7)} ms/edit  ${fn.slice(0, 140)}`).join('\n');
console.log(`${SIZE}: ${EDITS} edits, ${(busy / EDITS).toFixed(1)} ms of script per edit, from the Enter to 150 ms after it`);
console.log('self time:');
console.log(show(self));
console.log('including callees:');
console.log(show(total));
