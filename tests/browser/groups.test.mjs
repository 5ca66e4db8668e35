// Who is better off, in real headless Chromium: a breakdown defined on the coalition screen,
// chosen on a measure, values entered per category with the keyboard, the total given by the
// groups, the measure page's chart and gap by group; a report whose small groups are marked
// C and D with their footnotes; and a DHIS2 data value set that imports back as the same
// values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { staticApp, storedDocument } from './harness.mjs';

const app = staticApp();

test('a breakdown defined, chosen and entered by keyboard shows its groups, their chart and the gap', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/coalition');
  await page.locator('#breakdown-name').fill('Gender');
  await page.locator('#breakdown-code').fill('GENDER');
  await page.locator('#breakdown-categories').fill('F, Female\nM, Male\nNR, Not reported');
  assert.ok(await page.locator('#breakdown-exhaustive').isChecked(), 'categories cover everyone by default');
  await page.getByRole('button', { name: 'Add the breakdown' }).click();
  await page.getByText('Saved the breakdown “Gender”').waitFor();
  assert.match(await page.locator('.breakdown-list').textContent(), /Gender \(GENDER\): Female, Male, Not reported/);

  // Chosen on the library-card measure, which has no value yet for the fiscal year under way.
  await page.goto(app.server.url + '#/measures/LIB-CARD/edit');
  await page.locator('fieldset:has(legend:text-is("Breakdowns")) label:has-text("Gender") input').check();
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();

  await page.goto(app.server.url + '#/entry/LIB');
  const row = (group) => page.locator(`tr.group-row[data-group-of="LIB-CARD"][data-group="${group}"]`);
  await row('GENDER=F').waitFor();
  const cells = row('GENDER=F').locator('td.cell input');
  const last = (await cells.count()) - 1;
  await cells.nth(last).focus();
  // Typing replaces the value; Enter keeps it and moves down to the next group.
  await page.keyboard.type('2100/5000');
  await page.keyboard.press('Enter');
  const onMale = await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.group);
  assert.equal(onMale, 'GENDER=M', 'Enter moves down to the next group');
  await page.keyboard.type('2500/5100');
  await page.keyboard.press('Enter');
  await page.keyboard.type('400/1000');
  await page.keyboard.press('Enter');
  assert.equal(await row('GENDER=NR').locator('td.cell input').nth(last).inputValue(), '400/1000');
  const total = page.locator('tr[data-measure="LIB-CARD"] td.cell').nth(last);
  await total.locator('.computed:has-text("from the groups")').waitFor();
  assert.match(await total.textContent(), /= 5000\/11100 from the groups/);
  const stored = await storedDocument(page);
  assert.ok(stored.includes('"group":{"GENDER":"M"}'), 'each group is a value of its own');

  await page.goto(app.server.url + '#/measures/LIB-CARD');
  const section = page.locator('section.by-group:has(h2:text-is("By gender"))');
  await section.waitFor();
  assert.match(await section.locator('.gap').textContent(), /gap between Not reported and Male was 9\.0 points/);
  const chart = await section.locator('svg').textContent();
  for (const name of ['Female', 'Male', 'Not reported', 'All (gender)']) assert.ok(chart.includes(name), name);
  const lastRow = await section.locator('tbody tr').last().textContent();
  assert.match(lastRow, /42\.0%.*49\.0%.*40\.0%.*45\.0%/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a report marks a small group C and the figure that would give it back D, with footnotes', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/report');
  const table = page.locator('table:has(caption:has-text("by area of the county"))').first();
  await table.waitFor();
  const rows = await table.locator('tbody tr').allTextContents();
  assert.ok(rows.some((r) => /^Hill villagesC$/.test(r)), rows.join(' | '));
  assert.ok(rows.some((r) => /D$/.test(r)), rows.join(' | '));
  const notes = await page.locator('.r-footnote').allTextContents();
  assert.ok(notes.includes('C: fewer than 11; hidden to protect privacy.'), notes.join(' | '));
  assert.ok(notes.some((n) => n.startsWith('D: hidden so that')), notes.join(' | '));
  // The gap names only groups the table shows.
  const gap = await table.locator('xpath=ancestor::div[contains(@class,"r-groups")]').locator('.r-gap').textContent();
  assert.ok(!/Hill villages/.test(gap), gap);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a DHIS2 data value set exported and imported again gives back the same values', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/data');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Data value set (JSON)' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const set = JSON.parse(text);
  assert.ok(set.dataValues.length > 100);
  assert.ok(set.dataValues.some((v) => v.categoryOptionCombo === 'AREA_HILLS' && v.dataElement === 'ABSENT-NUM'));
  await page.locator('#import-file').setInputFiles({ name: 'dhis2.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  const summary = page.getByText(/rows: 0 new values, 0 changed, \d+ unchanged, 0 without a value; 0 problems\./);
  await summary.waitFor();
  const unchanged = Number((await summary.textContent()).match(/(\d+) unchanged/)[1]);
  const values = JSON.parse(await storedDocument(page)).observations.length;
  assert.equal(unchanged, values, 'every value came back, none changed');
  await page.getByText('The file changes nothing.').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});
