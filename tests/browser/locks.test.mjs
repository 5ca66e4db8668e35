// Locked periods in real headless Chromium: an administrator locks a period on the coalition
// screen; its cells in the entry grid become read-only and say why, to the eye and to a screen
// reader; unlocking lets the value change again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp } from './harness.mjs';

const app = staticApp();

/** The last CO-DELIVERED cell of partner SCI, and the period code its label names. */
async function lastCell(page) {
  await page.goto(`${app.server.url}#/entry/SCI`);
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await cell.waitFor();
  const label = await cell.getAttribute('aria-label');
  return { cell, period: /, (\S+) \(/.exec(label)[1] };
}

test('a locked period\'s cells are read-only and say why, until the period is unlocked', async () => {
  const page = await app.samplePage();
  let { cell, period } = await lastCell(page);
  const before = await cell.inputValue();

  await page.goto(`${app.server.url}#/coalition`);
  await page.getByLabel('Period to lock').fill(period);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByText(`Locked ${period}.`).waitFor();
  await page.getByRole('button', { name: `Unlock ${period}` }).waitFor();

  ({ cell } = await lastCell(page));
  await page.getByText(`Locked, so read-only: ${period}.`).waitFor();
  assert.equal(await cell.getAttribute('readonly'), '');
  const td = cell.locator('xpath=..');
  assert.match(await td.getAttribute('title'), new RegExp(`${period} .* is locked`));
  const described = (await cell.getAttribute('aria-describedby')).split(' ')[0];
  assert.match(await page.locator(`[id="${described}"]`).textContent(), /is locked/);
  await cell.focus();
  await page.keyboard.type('77');
  await page.keyboard.press('Enter');
  assert.equal(await cell.inputValue(), before, 'typing changes nothing');

  await page.goto(`${app.server.url}#/coalition`);
  await page.getByRole('button', { name: `Unlock ${period}` }).click();
  await page.getByText('No period is locked.').waitFor();
  ({ cell } = await lastCell(page));
  assert.equal(await cell.getAttribute('readonly'), null);
  await cell.fill('77');
  await cell.press('Enter');
  await page.waitForFunction(() => true);
  ({ cell } = await lastCell(page));
  assert.equal(await cell.inputValue(), '77');
});

test('a lock rule saved on the coalition screen is kept and refuses a rule of no months', async () => {
  const page = await app.samplePage();
  await page.goto(`${app.server.url}#/coalition`);
  await page.getByLabel('Lock every period this many months after it ends').fill('0');
  await page.getByRole('button', { name: 'Save the rule' }).click();
  await page.getByText('A lock rule waits 1 to 120 months').waitFor();
  await page.getByLabel('Lock every period this many months after it ends').fill('6');
  await page.getByRole('button', { name: 'Save the rule' }).click();
  await page.getByText('Every period now locks 6 months after it ends.').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Locked periods' }).waitFor();
  assert.equal(await page.getByLabel('Lock every period this many months after it ends').inputValue(), '6');
});
