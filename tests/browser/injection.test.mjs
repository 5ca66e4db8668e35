// Text members type is shown as text everywhere: pages, the chart SVGs and the dialog. Script
// payloads put into every kind of text field never run and read back exactly as typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearStorage, open, staticApp, storedDocument, storeAsOlderCairn } from './harness.mjs';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "</title><script>window.__xss=4</script>",
];
const app = staticApp();

test('script payloads in every text field show as typed and never run, in pages and chart SVGs', async () => {
  const page = await open(app.browser.context, app.server.url);
  await clearStorage(page);
  await page.reload();
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  // Put a payload into each kind of text a member can type, as if entered on the screens.
  const edited = await page.evaluate(([payloads, stored]) => {
    const doc = JSON.parse(stored);
    const [a, b, c, d] = payloads;
    doc.coalition.name = `Coalition ${a}`;
    doc.coalition.goal = `Goal ${b}`;
    doc.coalition.strategies[0].name = `Strategy ${c}`;
    doc.partners[0].name = `Partner ${d}`;
    const m = doc.measures.find((x) => x.code === 'LIB-CARD');
    m.title = `Measure ${a}`;
    m.definition = `Definition ${b}`;
    m.unit = `u${c}`.slice(0, 40);
    doc.activities[0].title = `Activity ${d}`;
    doc.activities[0].description = `Description ${a}`;
    doc.updates[0].text = `Update ${b}`;
    doc.updates[0].author = `Author ${c}`;
    doc.stories[0].what_happened = `Story ${d}`;
    return JSON.stringify(doc);
  }, [PAYLOADS, await storedDocument(page)]);
  await storeAsOlderCairn(page, edited);
  await page.reload();
  await page.waitForSelector('main#main');

  const visit = async (hash, heading) => {
    await page.goto(`${app.server.url}${hash}`);
    await page.waitForSelector('main#main h1');
    if (heading) await page.getByRole('heading', { name: heading }).first().waitFor();
  };
  await visit('#/');
  assert.match(await page.locator('.brand .name').textContent(), /Coalition <img src=x onerror="window.__xss=1">/);
  assert.ok((await page.locator('main').textContent()).includes(`Goal ${PAYLOADS[1]}`));
  await visit('#/measures/LIB-CARD');
  assert.ok((await page.locator('main h1').textContent()).includes(`Measure ${PAYLOADS[0]}`));
  // The chart SVG carries the title as text, escaped, in its accessible title.
  const svgTitles = await page.locator('main svg title').allTextContents();
  assert.ok(svgTitles.some((t) => t.includes(PAYLOADS[0])), svgTitles.join(' | '));
  assert.equal(await page.locator('main svg script, main svg img, main img[src="x"]').count(), 0);
  await visit('#/activities');
  assert.ok((await page.locator('main').textContent()).includes(`Activity ${PAYLOADS[3]}`));
  await visit('#/updates');
  assert.ok((await page.locator('main').textContent()).includes(`Update ${PAYLOADS[1]}`));
  await visit('#/coalition');
  assert.ok((await page.locator('main').textContent()).includes(`Partner ${PAYLOADS[3]}`));
  for (const hash of ['#/completeness', '#/entry', '#/measures']) await visit(hash);

  assert.equal(await page.evaluate(() => window.__xss), undefined, 'a payload ran');
  assert.equal(await page.locator('script:not([src]):not([type="module"])').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
