// Browser benchmark: opens the built app with `?bench=large` in headless Chromium, which
// generates the large coalition (50 partners, 100 measures, 10 years of monthly data, about
// 120,000 observations) in memory and times the dashboard's first render with
// performance.now(). Prints the median of several page loads. Run after a release build.
import { serve, launch } from '../tests/browser/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const server = await serve(new URL('../dist/', import.meta.url).pathname);
const browser = await launch();
const results = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}?bench=large#/`);
  const report = await page.waitForFunction(() => window.__cairnBench, null, { timeout: 120_000 });
  results.push(await report.jsonValue());
  await page.close();
}

// The import dry run of a 50,000-row file, through the screen a member uses.
const rows = ['measure,period,partner,value,numerator,denominator'];
for (let i = 0; i < 50_000; i++) {
  const m = i % 100;
  const p = Math.floor(i / 100) % 50;
  const t = Math.floor(i / 5000);
  const month = new Date(Date.UTC(2016, 6 + t, 1)).toISOString().slice(0, 7);
  const code = (n, width) => String(n).padStart(width, '0');
  const value = m % 4 === 0 ? `,${30 + (i % 50)},100` : `${(i % 90) + 10},,`;
  rows.push(`M${code(m, 3)},${month},P${code(p, 3)},${value}`);
}
const file = { name: 'fifty-thousand.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) };
const imports = [];
for (let i = 0; i < Math.min(RUNS, 3); i++) {
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?bench=large#/data`);
  await page.waitForFunction(() => window.__cairnBench, null, { timeout: 120_000 });
  let t = Date.now();
  await page.locator('#import-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).waitFor();
  const read = Date.now() - t;
  t = Date.now();
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('.dry-run .headline').waitFor({ timeout: 120_000 });
  const checked = Date.now() - t;
  imports.push({ read, checked, headline: await page.locator('.dry-run .headline').textContent() });
  await page.close();
}
await browser.close();
server.close();

const median = (key) => {
  const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const r = results[0];
console.log(`large coalition in the browser: ${r.observations} observations, ${r.cards} dashboard cards`);
console.log(`median of ${RUNS} page loads:`);
console.log(`  generate the coalition (not part of the render)       ${median('generateMs').toFixed(1).padStart(8)} ms`);
console.log(`  dashboard first render (compute + DOM, synchronous)   ${median('renderMs').toFixed(1).padStart(8)} ms`);
console.log(`    within it: the dashboard numbers alone             ${median('computeMs').toFixed(1).padStart(8)} ms`);
console.log(`    within it: the small-multiple SVGs alone           ${median('chartsMs').toFixed(1).padStart(8)} ms`);
console.log(`  to the first animation frame (after style and layout) ${median('firstFrameMs').toFixed(1).padStart(8)} ms`);
const mid = (key) => imports.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(imports.length / 2)];
console.log(`import of a 50,000-row CSV on the large coalition (median of ${imports.length}):`);
console.log(`  ${imports[0].headline}`);
console.log(`  read the file and find its columns                   ${mid('read').toFixed(1).padStart(8)} ms`);
console.log(`  dry run, with the progress bar painted between chunks ${mid('checked').toFixed(1).padStart(8)} ms`);
console.log(`  together                                              ${(mid('read') + mid('checked')).toFixed(1).padStart(8)} ms`);
