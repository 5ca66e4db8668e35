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
