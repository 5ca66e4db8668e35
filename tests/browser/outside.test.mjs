// Taking the numbers out of the coalition, in real headless Chromium: printed pages (read back
// from the PDF Chromium makes), the presentation driven with the keyboard, the list of who owes
// data on the clipboard, and CSV that spreadsheets open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { staticApp } from './harness.mjs';
import { pages, assertNoScreenChrome } from './pdf.mjs';

const app = staticApp();

test('the printed dashboard has a heading with filters and date, page numbers, no controls, and no card cut across pages', async () => {
  const page = await app.samplePage();
  const cards = await page.locator('.cards .card').count();
  await page.waitForFunction((n) => document.querySelectorAll('.cards .card .chart svg').length === n, cards);
  const titles = await page.locator('.cards .card h3').allTextContents();
  const strategies = await page.locator('.strategy > h2').allTextContents();
  const printed = await pages(await page.pdf({ format: 'Letter' }));
  assert.ok(printed.length >= 2, `${printed.length} pages`);
  assertNoScreenChrome(printed);
  const first = printed[0].join(' ');
  assert.match(first, /Teen Futures Coalition · Dashboard/);
  assert.match(first, /Key measures · All strategies · All partners · Every year/);
  assert.match(first, /Data as of .+ \(the latest value entered\), printed /);
  // Each card's title and its last line ("Reporting") are on the same page.
  const runs = printed.flatMap((r, p) => r.map((text) => ({ text, p })));
  for (const title of titles) {
    const at = runs.findIndex((r) => r.text === title || title.startsWith(r.text));
    assert.ok(at >= 0, `"${title}" is printed`);
    const reporting = runs.slice(at).find((r) => r.text === 'Reporting');
    assert.equal(reporting?.p, runs[at].p, `the card "${title}" is cut across pages`);
  }
  // A strategy's heading is never left alone at the foot of a page: its first card follows it.
  for (const name of strategies) {
    const at = runs.findIndex((r) => r.text === name);
    assert.ok(at >= 0, `"${name}" is printed`);
    const card = runs.slice(at).find((r) => titles.some((t) => t === r.text || t.startsWith(r.text)));
    assert.equal(card?.p, runs[at].p, `the heading "${name}" is printed apart from its cards`);
  }
});

test('a printed measure page holds its chart and its table of values', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/measures/LIB-CARD`);
  await page.locator('.measure-page h1').waitFor();
  const printed = await pages(await page.pdf({ format: 'A4' }));
  assertNoScreenChrome(printed);
  const text = printed.map((r) => r.join(' ')).join(' ');
  assert.match(text, /Teen Futures Coalition · Measure/);
  assert.match(text, /Values by (fi ?scal|fiscal) year/); // pdf.js may split the "fi" ligature
  // The table, hidden on screen behind "Chart", is printed too.
  assert.match(text, /Partners reporting/);
  assert.equal(await page.locator('.measure-page figure.chart svg').first().isVisible(), true);
});

/** Waits for the address to show `hash`; a timeout says where the page is instead. */
async function waitForHash(page, hash) {
  try {
    await page.waitForFunction((h) => location.hash === h, hash, { timeout: 10000 });
  } catch {
    const at = await page.evaluate(() => [location.hash, document.querySelector('.slide-count')?.textContent,
      String(!!document.fullscreenElement), document.activeElement?.outerHTML.slice(0, 80)]);
    assert.fail(`waited for ${hash}; the page is at ${at.join(' · ')}`);
  }
}

test('the presentation moves with the keyboard, shows chart text at least 24 px on a projector, and Escape leaves', async () => {
  const page = await app.samplePage();
  await page.setViewportSize({ width: 1920, height: 1080 });
  // The dashboard uses the whole width of a wide screen.
  const main = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
  assert.ok(main >= 1900, `the dashboard is ${main} px wide`);
  const keyTitles = [...new Set(await page.locator('.cards .card h3').allTextContents())];
  await page.getByRole('link', { name: 'Present' }).click();
  const h1 = page.locator('.presentation h1');
  await page.waitForFunction(() => document.querySelector('.presentation h1')?.textContent === 'Where the coalition stands');
  assert.equal(await page.locator('.top nav').count() === 0 || !(await page.locator('.top').isVisible()), true);
  const count = page.locator('.slide-count');
  assert.match(await count.textContent(), new RegExp(`^Slide 1 of ${keyTitles.length + 1}: Where the coalition stands$`));
  assert.match(await page.locator('.slide-goal').textContent(), /Common goal: /);

  await page.keyboard.press('ArrowRight');
  await waitForHash(page, '#/present/1');
  const first = await h1.textContent();
  assert.ok(keyTitles.includes(first), `"${first}" is a key measure`);
  await page.locator('.slide-chart svg').waitFor();
  const smallest = await page.locator('.slide-chart svg text').evaluateAll((texts) => Math.min(
    // The scale of the text's own transform (the y axis's title is turned a quarter).
    ...texts.map((t) => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); }),
  ));
  assert.ok(smallest >= 24, `the smallest chart text is ${smallest.toFixed(1)} px`);
  assert.match(await page.locator('.slide-status .sentence').textContent(), /\S/);
  assert.match(await page.locator('.slide-story h2').textContent(), /The story behind the curve/);
  assert.match(await page.locator('.slide-activities h2').textContent(), /Activities working on it/);

  await page.keyboard.press('End');
  await waitForHash(page, `#/present/${keyTitles.length}`);
  await page.keyboard.press('ArrowRight'); // Already at the last slide: nothing moves.
  await page.keyboard.press('ArrowLeft');
  await waitForHash(page, `#/present/${keyTitles.length - 1}`);
  await page.keyboard.press('Home');
  await waitForHash(page, '#/present');
  // Keys pressed faster than the screen follows the address move from where the last one went.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await waitForHash(page, `#/present/${keyTitles.length - 1}`);
  await page.keyboard.press('Home');
  await waitForHash(page, '#/present');
  // A click on the slide moves on too.
  await page.locator('.slide').click({ position: { x: 400, y: 600 } });
  await waitForHash(page, '#/present/1');

  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/');
  assert.equal(await page.locator('.top').isVisible(), true);
});

test('what each partner owes is copied as one paragraph per partner', async () => {
  const page = await app.samplePage();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url });
  await page.goto(`${app.server.url}#/completeness`);
  await page.getByRole('button', { name: 'What each partner still owes' }).click();
  const text = await page.locator('#owed-text').inputValue();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await page.getByText('Copied. Paste it into your e-mail.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  for (const paragraph of text.split('\n\n')) {
    assert.match(paragraph, /^.+ still owes \d+ values?: for [A-Z][a-z]{2}(–[A-Z][a-z]{2})? \d{4}, .+\.$/);
    assert.ok(!paragraph.includes('\n'), paragraph);
  }
});

test('a measure\'s CSV opens in spreadsheets: a byte-order mark, and printed values beside exact ones', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/measures/LIB-CARD`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download data (CSV)' }).click(),
  ]);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const [header, ...rows] = bytes.toString('utf8').slice(1).trim().split('\r\n');
  assert.match(header, /^Period,Months,Coalition \(% of teens\),Coalition \(% of teens\) \(exact\),/);
  assert.match(header, /,Coalition numerator,Coalition denominator$/);
  const last = rows.at(-1).split(',');
  assert.equal(last[2], '48.1%');
  assert.ok(Math.abs(Number(last[3]) - 48.137) < 0.001, last[3]);
  const [numerator, denominator] = last.slice(-2).map(Number);
  assert.ok(Math.abs((100 * numerator) / denominator - Number(last[3])) < 1e-9);
});
