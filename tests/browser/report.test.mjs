// The funder report in real headless Chromium: the page count the screen gives against the
// pages Chromium prints, on Letter and on A4; the saved template run for the next year; saving
// one; and the downloaded file, opened with no network, against the dashboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { staticApp } from './harness.mjs';
import { pages } from './pdf.mjs';

const app = staticApp();

async function reportPage() {
  const page = await app.samplePage();
  await page.getByRole('link', { name: 'Funder report' }).click();
  await page.locator('.report-sheet .report svg').first().waitFor();
  return page;
}

/** The page count the screen shows, once it is counted. */
async function shownCount(page, paper) {
  const count = page.locator('.page-count');
  await assert.doesNotReject(count.filter({ hasText: new RegExp(`Prints on \\d+ pages? of ${paper}`) }).waitFor());
  return Number((await count.textContent()).match(/Prints on (\d+)/)[1]);
}

/** Fails if a printed page shows the report screen's controls or the app's navigation. */
function assertOnlyTheReport(printed) {
  printed.forEach((runs, i) => {
    const text = runs.join(' ');
    for (const chrome of ['Enter data', 'Saved reports', 'Download HTML', 'Print or save as PDF', 'Report name', 'Sections', 'Page limit', 'Prints on', 'Not shared']) {
      assert.ok(!text.includes(chrome), `page ${i + 1} shows "${chrome}"`);
    }
    assert.ok(text.includes(`Page ${i + 1} of ${printed.length}`), `page ${i + 1} has no page number: ${text}`);
  });
}

test('the report prints on as many pages as the screen says, on Letter and on A4, with nothing of the screen', async () => {
  const page = await reportPage();
  const letter = await shownCount(page, 'US Letter');
  const printedLetter = await pages(await page.pdf({ preferCSSPageSize: true }));
  assert.equal(printedLetter.length, letter, 'Letter');
  assertOnlyTheReport(printedLetter);
  assert.match(printedLetter[0].join(' '), /Teen Futures Coalition/);
  await page.getByLabel('A4').check();
  const a4 = await shownCount(page, 'A4');
  const printedA4 = await pages(await page.pdf({ preferCSSPageSize: true }));
  assert.equal(printedA4.length, a4, 'A4');
  assertOnlyTheReport(printedA4);
  // Fewer sections, fewer pages, and the count follows.
  await page.getByLabel('Chart of each measure').uncheck();
  await page.getByLabel('Data table of each measure').uncheck();
  await page.waitForFunction((n) => !/Prints on (\d+)/.test(document.querySelector('.page-count').textContent)
    || Number(document.querySelector('.page-count').textContent.match(/Prints on (\d+)/)[1]) < n, a4);
  const fewer = await shownCount(page, 'A4');
  assert.equal((await pages(await page.pdf({ preferCSSPageSize: true }))).length, fewer, 'A4, no charts or tables');
});

test('the saved report warns past its page limit and runs for the next year in one click', async () => {
  const page = await reportPage();
  const saved = page.locator('.report-saved-list li', { hasText: 'Community Foundation, annual' });
  await saved.getByRole('button', { name: /^Open/ }).click();
  const count = await shownCount(page, 'US Letter');
  assert.ok(count > 3, `${count} pages`);
  await page.getByRole('alert').filter({ hasText: 'more than the limit of 3 pages' }).waitFor();
  await saved.getByRole('button', { name: /^Run for FY2027/ }).click();
  assert.equal(await page.locator('#report-from').inputValue(), '2027');
  assert.equal(await page.locator('#report-to').inputValue(), '2027');
  await page.locator('.report-head .r-years', { hasText: 'FY2027' }).waitFor();
});

test('a report an administrator saves is kept, and a second one of the same name replaces it', async () => {
  const page = await reportPage();
  await page.getByLabel('Report name').fill('Board, yearly');
  await page.getByLabel('A4').check();
  await page.getByLabel('Partners and their level of partnership').uncheck();
  await page.getByRole('button', { name: 'Save report' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “Board, yearly”' }).waitFor();
  await page.reload();
  await page.locator('.report-sheet .report').waitFor();
  const saved = page.locator('.report-saved-list li', { hasText: 'Board, yearly' });
  await saved.getByRole('button', { name: /^Open/ }).click();
  assert.equal(await page.getByLabel('A4').isChecked(), true);
  assert.equal(await page.getByLabel('Partners and their level of partnership').isChecked(), false);
  await page.getByLabel('Report name').fill('BOARD, YEARLY');
  await page.getByRole('button', { name: 'Save report' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved “BOARD, YEARLY”' }).waitFor();
  assert.equal(await page.locator('.report-saved-list li').count(), 2);
});

test('the downloaded report has no script, opens with no network and says what the dashboard says', async () => {
  const page = await reportPage();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download HTML' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^report-to-a-funder-fy2026\.html$/);
  const html = await readFile(await download.path(), 'utf8');
  assert.ok(!/<script|<link|src=/.test(html), 'the file is self-contained');
  // The dashboard for the same years and measures.
  await page.goto(`${app.server.url}#/`);
  await page.locator('#filter-from').selectOption('2026');
  await page.locator('#filter-to').selectOption('2026');
  await page.waitForFunction(() => document.querySelectorAll('.cards .card .sentence').length > 0);
  // A measure of two strategies has a card in each: one sentence per measure.
  const dashboard = [...new Set(await page.locator('.cards .card .sentence').allTextContents())].sort();
  // Opened with every request refused and counted: the file needs none.
  const file = await app.browser.context.newPage();
  const requests = [];
  await file.route('**/*', (route) => { requests.push(route.request().url()); return route.abort(); });
  await file.setContent(html);
  assert.ok(await file.locator('.report figure svg').count() >= 1);
  const h1 = await file.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.report h1')).fontSize));
  assert.ok(Math.abs(h1 - (20 * 96) / 72) < 0.01, `the heading is ${h1}px`);
  const sentences = await file.locator('.report .r-status').evaluateAll((ps) => ps.map((p) => p.textContent.slice(p.querySelector('.r-symbol').textContent.length).trim()));
  assert.deepEqual(sentences.sort(), dashboard);
  assert.deepEqual(requests, []);
  await file.close();
});

test('a quarterly report counts the year to date and is run again for the next quarter', async () => {
  const page = await reportPage();
  await page.locator('#report-through').selectOption('1');
  await page.locator('.report-head .r-years', { hasText: 'FY2026 through Q1 (Jul 2025 to Sep 2025)' }).waitFor();
  // The library-card rate is yearly: FY2026 is still under way at the end of its first quarter.
  const cards = page.locator('.r-indicators tr', { hasText: '% of 13–18 year olds with an active library card' });
  assert.match(await cards.textContent(), /No data/);
  await page.getByLabel('Report name').fill('Community Foundation, quarterly');
  await page.getByRole('button', { name: 'Save report' }).click();
  const saved = page.locator('.report-saved-list li', { hasText: 'Community Foundation, quarterly' });
  await saved.getByRole('button', { name: /^Run for FY2026 through Q2/ }).click();
  await page.locator('.report-head .r-years', { hasText: 'FY2026 through Q2 (Jul 2025 to Dec 2025)' }).waitFor();
  assert.equal(await page.locator('#report-through').inputValue(), '2');
});
