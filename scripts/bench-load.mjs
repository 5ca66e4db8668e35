// Cold first visit on a slow connection, side by side: the Cairn server (compressed answers and
// files) and a plain static host (every file raw), each on Lighthouse's slow-4G profile (150 ms
// round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower) with an empty cache. Prints the
// time until the first screen is there to use and the bytes downloaded before it. Run after a
// release build (`trunk build --offline --release`) and `cargo build -p cairn-server`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serve, startServer } from '../tests/browser/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const dist = new URL('../dist/', import.meta.url).pathname;

/**
 * One cold visit to `url`: milliseconds to the first screen, and bytes before it. A new
 * browser sees the first-run screen; a returning member (`returning`, the sample coalition
 * saved in this browser beforehand, the HTTP cache and service worker bypassed) sees the
 * dashboard, timed until its first card is drawn.
 */
async function coldVisit(url, returning) {
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (returning) {
      await page.goto(url);
      await page.getByRole('button', { name: 'Load the sample coalition' }).click();
      await page.locator('.cards .card').first().waitFor({ timeout: 60_000 });
    }
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    let counting = true;
    cdp.on('Network.loadingFinished', (e) => { if (counting) bytes += e.encodedDataLength; });
    const started = Date.now();
    if (returning) {
      await page.reload();
      await page.locator('.cards .card').first().waitFor({ timeout: 120_000 });
    } else {
      await page.goto(url);
      await page.getByRole('button', { name: 'Load the sample coalition' }).waitFor({ timeout: 120_000 });
    }
    const ms = Date.now() - started;
    counting = false;
    return { ms, bytes };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-load-'));
const cairn = await startServer({ dataDir, appDir: dist });
const plain = await serve(dist);
const rows = [];
for (const returning of [false, true]) {
  for (const [host, url] of [['Cairn server (brotli)', cairn.url], ['static host (raw)', plain.url]]) {
    const visits = [];
    for (let i = 0; i < RUNS; i++) visits.push(await coldVisit(url, returning));
    const name = `${returning ? 'dashboard' : 'first run'}, ${host}`;
    rows.push([name, median(visits.map((v) => v.ms)), median(visits.map((v) => v.bytes))]);
  }
}
await cairn.stop();
plain.close();
rmSync(dataDir, { recursive: true, force: true });
console.log(`cold first visit, slow 4G, CPU 4× slower, median of ${RUNS}:`);
for (const [name, ms, bytes] of rows) {
  console.log(`  ${name.padEnd(34)} first screen after ${(ms / 1000).toFixed(1).padStart(5)} s, ${(bytes / 1024).toFixed(0).padStart(6)} KiB downloaded before it`);
}
