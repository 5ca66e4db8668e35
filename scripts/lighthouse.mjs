// Lighthouse's four scores (mobile, its default simulated slow 4G and slower CPU) for the
// first-run screen and the dashboard, served by the Cairn server and by a plain static host.
// Each is audited RUNS times (3 unless set) and the run with the median performance score is
// shown: on two cores, one run's score moves by ten points or more. Prints a table; asserts
// nothing. Run after a release build (`trunk build --offline --release`)
// and `cargo build -p cairn-server`. Lighthouse comes from the npm registry on first use
// (`npx lighthouse@12.8.2`): it is not among the project's dependencies, so the set-up and the
// test run do not download it.
//
// Lighthouse starts Debian's Chromium itself (CHROME_PATH). For the dashboard, the sample
// coalition is first loaded into a browser profile, which Lighthouse's Chromium then opens with
// its storage kept.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve, startServer } from '../tests/browser/harness.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const dist = new URL('../dist/', import.meta.url).pathname;
const RUNS = Number(process.env.RUNS ?? 3);

/** The run of `audit` with the median performance score of RUNS. */
async function median(run) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  runs.sort((a, b) => a.scores.performance - b.scores.performance);
  const middle = runs[Math.floor(runs.length / 2)];
  return { ...middle, range: [runs[0].scores.performance, runs.at(-1).scores.performance] };
}

/**
 * Lighthouse's category scores (0–100) for `url`, and the audits scoring below 90. With a
 * `profile`, its Chromium opens that profile and keeps its storage.
 */
async function audit(url, profile) {
  const flags = profile ? [...FLAGS, `--user-data-dir=${profile}`] : FLAGS;
  const args = [
    '--yes', 'lighthouse@12.8.2', url, '--output=json', '--quiet',
    '--only-categories=performance,accessibility,best-practices,seo',
    `--chrome-flags=${flags.join(' ')}`,
  ];
  if (profile) args.push('--disable-storage-reset');
  let out;
  try {
    // Asynchronously: the static host answers from this process, and the Cairn server's log is
    // read by it, so this process must go on while Lighthouse runs.
    ({ stdout: out } = await promisify(execFile)('npx', args, {
      maxBuffer: 64 << 20,
      env: { ...process.env, CHROME_PATH: CHROMIUM },
    }));
  } catch (e) {
    throw new Error(`Lighthouse failed on ${url}: ${e.stderr?.toString().slice(-2000)}`);
  }
  const report = JSON.parse(out);
  const scores = Object.fromEntries(
    Object.values(report.categories).map((c) => [c.id, Math.round(c.score * 100)]),
  );
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time']
    .map((id) => report.audits[id].displayValue.replace(/\s/g, ' '));
  const failed = Object.values(report.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative')
    .filter((a) => !a.id.endsWith('-insight') && !a.id.endsWith('-element'))
    .map((a) => a.id);
  return { scores, metrics, failed };
}

/** A browser profile in which `url` holds the sample coalition. */
async function profileWithSample(url) {
  const profile = mkdtempSync(join(tmpdir(), 'cairn-lighthouse-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS.filter((f) => !f.startsWith('--headless')),
  });
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.locator('.cards .card svg').first().waitFor({ timeout: 60_000 });
  await page.waitForSelector('.save-status:not([data-saving="true"])');
  await browser.close();
  return profile;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-lighthouse-'));
  const hosts = [
    ['Cairn server', await startServer({ dataDir, appDir: dist })],
    ['static host', await serve(dist)],
  ];
  const rows = [];
  try {
    for (const [host, server] of hosts) {
      rows.push({ host, screen: 'first run', ...(await median(() => audit(server.url))) });
      const profile = await profileWithSample(server.url);
      try {
        rows.push({ host, screen: 'dashboard', ...(await median(() => audit(server.url, profile))) });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    for (const [, server] of hosts) await (server.stop?.() ?? server.close());
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`median of ${RUNS} runs (performance's lowest to highest in brackets)`);
  console.log('host          screen      perf          a11y  best  seo   FCP     LCP     TBT');
  for (const r of rows) {
    const s = r.scores;
    console.log(
      `${r.host.padEnd(13)} ${r.screen.padEnd(10)} ${String(s.performance).padStart(5)} ` +
      `${`(${r.range.join('–')})`.padEnd(8)}` +
      `${String(s.accessibility).padStart(5)} ${String(s['best-practices']).padStart(5)} ` +
      `${String(s.seo).padStart(4)}   ${r.metrics.map((m) => m.padEnd(7)).join(' ')}`,
    );
  }
  console.log('\naudits below 90:');
  for (const r of rows) console.log(`${r.host}, ${r.screen}: ${r.failed.join(', ')}`);
}

await main();
