// Keyboard and screen-reader access in real headless Chromium: the skip link, what a new screen
// announces, headings in order, and tables that scroll reachable by keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp } from './harness.mjs';

const app = staticApp();

test('the skip link moves focus to the screen and leaves the screen as it is', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/measures`);
  // Opened afresh at this address, as from a bookmark: the skip link is the first stop.
  await page.reload();
  await page.getByRole('heading', { name: 'Shared measures', level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(await page.evaluate(() => location.hash), '#/measures');
  assert.equal(await page.getByText('Page not found').count(), 0);
});

test('a new screen names itself in the title and takes focus on its heading', async () => {
  const page = await app.samplePage();
  await page.getByRole('link', { name: 'Measures' }).click();
  await page.getByRole('heading', { name: 'Shared measures', level: 1 }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Shared measures');
  assert.match(await page.title(), /^Measures · Teen Futures Coalition · Cairn$/);
  await page.getByRole('link', { name: 'Enter data' }).click();
  await page.waitForFunction(() => document.title.startsWith('Enter data'));
  // Picking another partner is a choice on the same screen: focus stays on the picker.
  await page.locator('#entry-partner').focus();
  await page.locator('#entry-partner').selectOption('SCI');
  await page.waitForFunction(() => location.hash === '#/entry/SCI');
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'entry-partner');
});

test('headings never skip a level, on the measure editor and the measure page', async () => {
  const page = await app.samplePage();
  for (const hash of ['#/measures/new', '#/measures/LIB-CARD/edit', '#/measures/LIB-CARD', '#/history', '#/']) {
    await page.goto(`${app.server.url}${hash}`);
    await page.locator('main h1').waitFor();
    const levels = await page.evaluate(() => [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
      .filter((h) => h.offsetParent !== null)
      .map((h) => Number(h.tagName[1])));
    levels.forEach((level, i) => {
      if (i > 0) assert.ok(level <= levels[i - 1] + 1, `${hash}: ${levels.join(' ')}`);
    });
  }
});

test('a table that scrolls sideways on a phone can be reached and scrolled by keyboard', async () => {
  const page = await app.samplePage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${app.server.url}#/measures/LIB-CARD`);
  // The new screen's heading takes focus first; then the member tabs on to the table.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const region = page.getByRole('region', { name: 'Recorded values' });
  await region.waitFor();
  await region.focus();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Recorded values');
  const wide = await region.evaluate((e) => e.scrollWidth > e.clientWidth);
  assert.ok(wide, 'the table is wider than a phone');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  // Scrolling by key may be smooth: wait for it to move.
  await region.evaluate((e) => new Promise((resolve, reject) => {
    const started = performance.now();
    const check = () => (e.scrollLeft > 0 ? resolve()
      : performance.now() - started > 3000 ? reject(new Error('the table did not scroll'))
        : requestAnimationFrame(check));
    check();
  }));
});
