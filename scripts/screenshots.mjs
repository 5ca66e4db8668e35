// Takes screenshots of the main screens with the sample coalition, narrow and wide, into the
// folder given as the first argument (default: /tmp/cairn-shots). Run after a build.
import { mkdirSync } from 'node:fs';
import { serve, launch, open } from '../tests/browser/harness.mjs';

const out = process.argv[2] ?? '/tmp/cairn-shots';
mkdirSync(out, { recursive: true });
const server = await serve(new URL('../dist/', import.meta.url).pathname);
const browser = await launch();
const page = await open(browser.context, server.url);
await page.evaluate(() => localStorage.clear());
await page.reload();
await page.waitForSelector('main#main');
await page.setViewportSize({ width: 1280, height: 900 });
await page.screenshot({ path: `${out}/first-run-wide.png` });
await page.getByRole('button', { name: 'Load the sample coalition' }).click();
const screens = [
  ['dashboard', '#/'],
  ['entry', '#/entry/LIB'],
  ['measures', '#/measures'],
  ['measure', '#/measures/ABSENT'],
  ['coalition', '#/coalition'],
  ['data', '#/data'],
  ['activities', '#/activities'],
  ['activity', '#/activities/A1'],
  ['updates', '#/updates'],
  ['completeness', '#/completeness'],
];
for (const [width, name] of [[1280, 'wide'], [390, 'narrow']]) {
  await page.setViewportSize({ width, height: 900 });
  for (const [screen, hash] of screens) {
    await page.goto(server.url + hash);
    await page.waitForSelector('main#main h1');
    // The dashboard's charts are drawn after its cards.
    if (screen === 'dashboard') await page.locator('.cards .card .chart svg').first().waitFor();
    await page.screenshot({ path: `${out}/${screen}-${name}.png`, fullPage: screen !== 'measure' });
  }
}
await browser.close();
server.close();
console.log(`Screenshots in ${out}`);
