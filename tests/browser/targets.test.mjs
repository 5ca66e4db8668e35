// A target is never changed without a trace: changing one asks why, keeps the old target with
// the reason, and the measure's chart shows the earlier target beside the target now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp, storedDocument } from './harness.mjs';

const app = staticApp();

test('a target change shows both targets on the chart with the reason', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/measures/ABSENT/edit');
  // The end target of chronic absenteeism, FY2028-Q4, lowered from 15% to 13%.
  const periods = page.locator('input[id^="target-"][id$="-period"]');
  await periods.first().waitFor();
  let row = -1;
  for (let i = 0; i < (await periods.count()); i++) {
    if ((await periods.nth(i).inputValue()) === 'FY2028-Q4') row = i + 1;
  }
  assert.ok(row > 0, 'the sample measure has an FY2028-Q4 target');
  const reason = page.locator('#measure-target-reason');
  assert.equal(await reason.count(), 0, 'no reason is asked for before a target changes');
  await page.locator(`#target-${row}-value`).fill('13');
  await reason.waitFor();

  // Saving without a reason is refused beside the field, and nothing is saved.
  await page.getByRole('button', { name: 'Save measure' }).click();
  const message = page.locator('#measure-target-reason-error');
  await message.waitFor();
  assert.match(await message.textContent(), /say why the targets or the meaning of this measure change/i);
  assert.ok(!(await storedDocument(page)).includes('"earlier":[{'));

  await reason.fill('The district adopted a stricter goal');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  const stored = await storedDocument(page);
  assert.ok(stored.includes('The district adopted a stricter goal'), 'the reason is kept');

  await page.goto(app.server.url + '#/measures/ABSENT');
  const chart = page.locator('svg:has-text("Earlier target")').first();
  await chart.waitFor();
  const words = await chart.textContent();
  assert.match(words, /Targets \(end: 13\.0% by FY2028-Q4\)/);
  assert.match(words, /Earlier target: 15\.0% by FY2028-Q4 \(until \d{4}-\d{2}-\d{2}: The district adopted a stricter goal\)/);

  // The editor lists the earlier target it kept.
  await page.goto(app.server.url + '#/measures/ABSENT/edit');
  await page.getByText('Earlier targets, kept:').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a measure whose frequency changes under its values is closed and continued, its values kept', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/measures/MENTOR-HOURS/edit');
  const frequency = page.locator('label:has-text("Frequency") select');
  await frequency.selectOption('annual');
  await page.locator('#target-1-period').fill('FY2028');
  await page.locator('#measure-target-reason').fill('Counted once a year');
  await page.getByRole('button', { name: 'Save measure' }).click();
  // Refused with what to do, and the way to do it offered.
  await page.getByText(/values were recorded as this measure is now/).first().waitFor();
  const offer = page.getByRole('region', { name: 'Continue it as a new measure' });
  await offer.waitFor();
  assert.equal(await offer.getByLabel('Code of the new measure').inputValue(), 'MENTOR-HOURS-2');
  await offer.getByRole('button', { name: 'Close this measure and start the new one' }).click();
  await offer.getByRole('alert').filter({ hasText: /Why the measure was closed/ }).waitFor();
  await offer.getByLabel(/Why it changes/).fill('Mentors report hours once a year from FY2027');
  await offer.getByRole('button', { name: 'Close this measure and start the new one' }).click();

  // The new measure's page says what it continues; the old one keeps its values, labelled.
  await page.waitForFunction(() => location.hash === '#/measures/MENTOR-HOURS-2');
  await page.getByText(/^Continues/).waitFor();
  assert.match(await page.getByText(/^Continues/).textContent(), /closed on \d{4}-\d{2}-\d{2}: Mentors report hours once a year from FY2027\./);
  await page.goto(app.server.url + '#/measures/MENTOR-HOURS');
  await page.getByText(/^Closed on/).waitFor();
  const values = page.getByRole('heading', { name: /Recorded values \((\d+)\)/ });
  const count = Number((await values.textContent()).match(/\((\d+)\)/)[1]);
  assert.ok(count > 5, `${count} values kept`);
  await page.goto(app.server.url + '#/measures');
  await page.getByRole('row', { name: /Mentoring hours given to teens, to date Closed/ }).first().waitFor();
  // The grid takes values for the measure that continues it only.
  await page.goto(app.server.url + '#/entry/YOUTH');
  await page.locator('tr[data-measure="MENTOR-HOURS-2"] input').first().waitFor();
  assert.equal(await page.locator('tr[data-measure="MENTOR-HOURS"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
