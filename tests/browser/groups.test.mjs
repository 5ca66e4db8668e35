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
  assert.match(
    await section.locator('.against').textContent(),
    /^Against all \(45\.0%\) in FY\d{4}: Female 3\.0 points behind, Male 4\.0 points better off, Not reported 5\.0 points behind\.$/,
  );
  const chart = await section.locator('svg').textContent();
  for (const name of ['Female', 'Male', 'Not reported', 'All (gender)']) assert.ok(chart.includes(name), name);
  const lastRow = await section.locator('tbody tr').last().textContent();
  assert.match(lastRow, /42\.0%.*49\.0%.*40\.0%.*45\.0%/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a measure moved onto a new breakdown asks where each category goes, and its figures stay', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/measures/NEW-SKILL');
  const before = page.locator('section.by-group:has(h2:text-is("By age band"))');
  await before.waitFor();
  const lastRow = await before.locator('tbody tr').last().textContent();

  await page.goto(app.server.url + '#/coalition');
  await page.locator('#breakdown-name').fill('Ages from 2027');
  await page.locator('#breakdown-code').fill('AGE-2027');
  await page.locator('#breakdown-categories').fill('13-15, 13 to 15\n16-18, 16 to 18\n19-21, 19 to 21');
  await page.getByRole('button', { name: 'Add the breakdown' }).click();
  await page.getByText('Saved the breakdown “Ages from 2027”').waitFor();

  await page.goto(app.server.url + '#/measures/NEW-SKILL/edit');
  const checks = page.locator('fieldset:has(legend:text-is("Breakdowns"))');
  await checks.locator('label:has-text("Age band") input').uncheck();
  await checks.locator('label:has-text("Ages from 2027") input').check();
  await page.getByRole('button', { name: 'Save measure' }).click();
  // Refused as a plain edit: the editor asks where the values by age band go.
  const offer = page.locator('section.regroup-offer');
  await offer.waitFor();
  assert.match(await page.locator('.form-error').first().textContent(), /count groups of Age band: choose where they go/);
  const preview = offer.locator('.regroup-preview');
  assert.match(await preview.textContent(), /were entered beside a value the partner entered for the whole/);
  await offer.getByLabel(/Onto ages from 2027/).check();
  // Each category goes to the one with its code; choosing by keyboard works as well.
  assert.equal(await offer.getByLabel('13–15 goes to').inputValue(), '13-15');
  await offer.getByLabel('16–18 goes to').selectOption('19-21');
  await offer.getByLabel('16–18 goes to').selectOption('16-18');
  assert.match(await preview.textContent(), /^\d+ values move as they are\.$/);
  const moved = Number((await preview.textContent()).match(/^(\d+)/)[1]);
  await offer.getByRole('button', { name: 'Change the breakdowns and move the values' }).click();

  const after = page.locator('section.by-group:has(h2:text-is("By ages from 2027"))');
  await after.waitFor();
  assert.equal(await page.locator('section.by-group:has(h2:text-is("By age band"))').count(), 0);
  // The new breakdown's third category has no values: its column is empty, the rest as before.
  const rowAfter = await after.locator('tbody tr').last().textContent();
  for (const figure of lastRow.match(/\d+\.\d%/g)) assert.ok(rowAfter.includes(figure), `${figure} in ${rowAfter}`);
  const stored = JSON.parse(await storedDocument(page));
  const regrouped = stored.observations.filter((o) => o.measure === 'NEW-SKILL' && o.group);
  assert.equal(regrouped.length, moved);
  assert.ok(regrouped.every((o) => Object.keys(o.group).join() === 'AGE-2027'), 'every value moved');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a group gets a target of its own in the editor, and the measure page says how far it is', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/measures/ABSENT/edit');
  const targets = page.locator('.group-targets:has(h2:text-is("Targets by area of the county (optional)"))');
  await targets.waitFor();
  // The sample's South target is in the form; North gets one, first with a year for a quarterly measure.
  assert.equal(await targets.getByLabel('Target value for South').inputValue(), '20');
  await targets.getByLabel('Target period for North').fill('FY2028');
  await targets.getByLabel('Target value for North').fill('12');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.locator('.form-error').first().waitFor();
  assert.match(await page.locator('.form-error').first().textContent(), /FY2028/);
  await targets.getByLabel('Target period for North').fill('FY2028-Q4');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();

  await page.goto(app.server.url + '#/measures/ABSENT');
  const note = page.locator('section.by-group .group-target-note');
  await note.waitFor();
  const text = await note.textContent();
  assert.match(text, /^North: \d+\.\d% in FY\d{4}-Q\d, (\d+\.\d points from its target of 12\.0%|its target of 12\.0%) by FY2028-Q4( met)?\. South: \d+\.\d% in FY\d{4}-Q\d, /);
  assert.ok(text.includes('its target of 20.0% by FY2028-Q4'), text);
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
