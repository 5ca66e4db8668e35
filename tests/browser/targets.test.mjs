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
