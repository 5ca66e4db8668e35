// Browser tests of the counting rules as users meet them (docs/numbers.md): rates, ranges,
// partial periods and totals, on the sample coalition in real headless Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp } from './harness.mjs';

const app = staticApp();

/** The cells of the table view's row for `period`, as text. */
async function tableRow(page, period) {
  await page.getByRole('button', { name: 'Table' }).click();
  const row = page.locator('table.data tbody tr', { has: page.locator(`th:text-is("${period}")`) });
  await row.first().waitFor();
  return row.first().locator('th, td').allTextContents();
}

test('a rate typed as count over population shows per 1,000 and rolls up as a ratio of sums', async () => {
  const page = await app.samplePage();
  const title = 'Safety incidents per 1,000 teen visits to parks and youth centres';
  // The parks department has not reported FY2027-Q1 yet; the youth nonprofit has.
  await page.goto(`${app.server.url}#/measures/PARK-INCIDENTS`);
  await page.getByRole('heading', { name: title }).waitFor();
  const youth = page.locator('table.observations tbody tr', { hasText: 'Youth Futures Nonprofit' })
    .filter({ has: page.locator('th:text-is("FY2027-Q1")') });
  const [count, population] = (await youth.locator('td').nth(2).textContent()).split('/').map(Number);
  assert.ok(population > 0);

  await page.goto(`${app.server.url}#/entry/PARKS`);
  const cell = page.getByLabel(`${title}, FY2027-Q1 (Jul–Sep 2026)`);
  await cell.click();
  await cell.fill('10/2500');
  await cell.press('Enter');
  await page.getByText('= 4.0 per 1,000').waitFor();

  await page.goto(`${app.server.url}#/measures/PARK-INCIDENTS`);
  await page.getByRole('heading', { name: title }).waitFor();
  const row = await tableRow(page, 'FY2027-Q1');
  const expected = (1000 * (10 + count)) / (2500 + population);
  assert.equal(row[2], `${expected.toFixed(1)} per 1,000`);
  assert.equal(row[3], 'Yes');
  assert.equal(row[4], '2 of 2');
  await page.close();
});

test('a quarter not every partner has sent is drawn hollow, marked incomplete and never judged', async () => {
  const page = await app.samplePage();
  const card = page.locator('.card[data-measure="CO-DELIVERED"]').first();
  // The card judges the last complete quarter and says what is still coming in.
  assert.match(await card.locator('.when').textContent(), /^FY2026-Q4/);
  assert.match(await card.locator('.coverage').textContent(), /^5 of 5 partners reported$/);
  // The chart is drawn after the card (its module arrives after the first paint).
  await card.locator('svg circle[fill="none"]').first().waitFor();
  await page.goto(`${app.server.url}#/measures/CO-DELIVERED`);
  await page.getByRole('heading', { name: /co-delivered/ }).waitFor();
  assert.match(await page.locator('figure.chart').first().textContent(), /Not complete yet/);
  const row = await tableRow(page, 'FY2027-Q1');
  assert.equal(row[3], 'No: 2 missing');
  assert.equal(row[4], '3 of 5');
  await page.close();
});

test('a monthly flow shown by year gives totals and is not judged against monthly targets', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/measures/TEEN-VISITS`);
  await page.locator('#measure-frequency').selectOption('annual');
  await page.getByText(/in total; the targets are per month, so totals by year are not judged/).first().waitFor();
  assert.doesNotMatch(await page.locator('main').textContent(), /of the way/);
  assert.equal(await page.locator('main .status .word').first().textContent(), 'Not judged');
  await page.locator('#measure-frequency').selectOption('monthly');
  await page.getByText(/% of the way from the 2,100 baseline/).first().waitFor();
  await page.close();
});

test('a within-range measure is judged against its range', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/measures/SEAT-RATIO`);
  await page.getByText(/within the range 0\.90 to 1\.10\./).first().waitFor();
  assert.equal(await page.locator('main .status .word').first().textContent(), 'On track');
  assert.match(await page.locator('figure.chart').first().textContent(), /Range to stay in: 0\.90 to 1\.10/);
  await page.close();
});
