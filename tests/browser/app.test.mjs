// Browser tests: the built app in real headless Chromium, with real local storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './harness.mjs';

const DIST = process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
let server;
let browser;

before(async () => {
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page on a fresh origin state: local storage cleared. */
async function freshPage() {
  const page = await open(browser.context, server.url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('main#main');
  return page;
}

async function loadSample(page) {
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

test('the sample coalition loads and the dashboard lists its key measures', async () => {
  const page = await freshPage();
  await loadSample(page);
  const cards = page.locator('.cards .card');
  assert.equal(await cards.count(), 4);
  const titles = await page.locator('.cards .card h3').allTextContents();
  assert.deepEqual(titles, [
    '% of 13–18 year olds with an active library card',
    'Chronic absenteeism, grades 9–12',
    'Teen program sessions co-delivered by two or more partners',
    '% of participants who report learning a new skill',
  ]);
  // The library-card rate is the ratio of the library's FY2026 numerator and denominator.
  const card = page.locator('.card[data-measure="LIB-CARD"]');
  assert.equal(await card.locator('.value').textContent(), '48.1%');
  assert.match(await card.locator('.baseline').textContent(), /41\.0% in FY2024/);
  assert.match(await card.locator('.target').textContent(), /60\.0% by FY2028/);
  assert.match(await page.locator('.save-status').textContent(), /Saved in this browser/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a value entered in the grid is there after a reload', async () => {
  const page = await freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Enter data' }).click();
  await page.locator('#entry-partner').selectOption('SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  const label = await cell.getAttribute('aria-label');
  await cell.fill('1,234');
  await cell.press('Enter');
  // Enter commits and moves down to the next measure in the same period.
  const next = page.locator('tr[data-measure="NEW-SKILL"] input').last();
  await assertFocused(page, next);
  await page.reload();
  await page.waitForSelector('main#main');
  const again = page.getByLabel(label, { exact: true });
  assert.equal(await again.inputValue(), '1234');
  await page.close();
});

test('an invalid value shows its error in place and is not stored', async () => {
  const page = await freshPage();
  await loadSample(page);
  await page.goto(server.url + '#/entry/SCI');
  const cell = page.locator('tr[data-measure="NEW-SKILL"] input').last();
  const label = await cell.getAttribute('aria-label');
  await cell.fill('45/40');
  await cell.press('Tab');
  const error = page.locator('tr[data-measure="NEW-SKILL"] .cell-error');
  assert.match(await error.textContent(), /numerator \(45\) is larger than the denominator \(40\)/);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.equal(await cell.getAttribute('aria-describedby'), await error.getAttribute('id'));
  const stored = await page.evaluate(() => localStorage.getItem('cairn.document'));
  assert.ok(!stored.includes('"numerator":45.0,"denominator":40.0'));
  await page.reload();
  await page.waitForSelector('main#main');
  assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '');
  await page.close();
});

test('a full local storage shows the message and keeps the data in memory', async () => {
  const page = await freshPage();
  const filled = await page.evaluate(() => {
    let size = 1024 * 1024;
    let i = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`filler-${i++}`, 'x'.repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return i;
  });
  assert.ok(filled > 0);
  await loadSample(page);
  const alert = page.locator('.save-status .not-saved');
  await alert.waitFor();
  assert.match(await alert.textContent(), /storage for Cairn is full/);
  assert.equal(await page.locator('.cards .card').count(), 4, 'the sample is still shown');
  // A further edit is kept in memory too.
  await page.goto(server.url + '#/entry/SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await cell.fill('7');
  await cell.press('Enter');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.goto(server.url + '#/entry/SCI');
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').last().inputValue(), '7');
  assert.match(await page.locator('.save-status').textContent(), /Not saved/);
  assert.equal(await page.evaluate(() => localStorage.getItem('cairn.document')), null);
  await page.evaluate(() => localStorage.clear());
  await page.close();
});

test('a corrupt stored value is backed up and reported', async () => {
  const page = await freshPage();
  const corrupt = '{"format": 2, "coalition": {"name": "Half-written';
  await page.evaluate((text) => localStorage.setItem('cairn.document', text), corrupt);
  await page.reload();
  await page.waitForSelector('main#main');
  const notice = page.getByRole('alert').filter({ hasText: 'Your saved data could not be read' });
  await notice.waitFor();
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('cairn.backup.')),
  );
  assert.equal(backups.length, 1);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), backups[0]), corrupt);
  assert.match(await notice.textContent(), new RegExp(backups[0].replaceAll('.', '\\.')));
  assert.equal(await page.evaluate(() => localStorage.getItem('cairn.document')), null);
  // The app starts: the first-run choices are offered.
  await page.getByRole('button', { name: 'Start an empty coalition' }).waitFor();
  await page.close();
});

test('a new lower-is-better measure can be defined and is listed', async () => {
  const page = await freshPage();
  await loadSample(page);
  await page.goto(server.url + '#/measures/new');
  await page.getByLabel('Code').fill('late-books');
  await page.getByLabel('Title').fill('Teens with overdue fines');
  await page.getByRole('radio', { name: /Lower is better/ }).check();
  await page.getByRole('checkbox', { name: 'Riverside County Public Library' }).check();
  await page.getByLabel('Baseline period').fill('FY2026-Q1');
  await page.getByLabel('Baseline value').fill('120');
  await page.getByLabel('Target 1 period').fill('FY2025-Q4');
  await page.getByLabel('Target 1 value').fill('80');
  await page.getByRole('button', { name: 'Save measure' }).click();
  const error = page.locator('#measure-error');
  assert.match(await error.textContent(), /not after the baseline period FY2026-Q1/);
  await page.getByLabel('Target 1 period').fill('FY2028-Q4');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  const row = page.getByRole('row', { name: /Teens with overdue fines/ });
  assert.match(await row.textContent(), /LATE-BOOKS.*Lower is better/);
  await page.close();
});

async function assertFocused(page, locator) {
  const id = await locator.getAttribute('id');
  await page.waitForFunction((expected) => document.activeElement?.id === expected, id);
}
