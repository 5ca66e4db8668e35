// Every change is kept: who, when, how and what it replaced. An import is reverted in one step
// from the history (the revert is kept too), one value is put back from its own history, and
// the history is still there after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp, storedDocument } from './harness.mjs';

const app = staticApp();

/** The stored value of one cell of partner SCI, straight from the browser's storage. */
async function stored(page, measure, period) {
  const doc = JSON.parse(await storedDocument(page));
  const found = doc.observations.find((o) => o.measure === measure && o.period === period && o.partner === 'SCI');
  return found ? found.value : null;
}

test('an import is reverted in one step from the history, and one value put back from its own', async () => {
  const page = await app.samplePage();
  await page.evaluate(() => localStorage.setItem('cairn.member', 'Ana Ortiz'));

  // One value typed in the grid.
  await page.goto(app.server.url + '#/entry/SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1);
  await cell.waitFor();
  const period = await page.locator('table:has(tr[data-measure="CO-DELIVERED"]) thead th .code').nth(1).textContent();
  const typedOver = await stored(page, 'CO-DELIVERED', period);
  await cell.click();
  await page.keyboard.type('77');
  await page.keyboard.press('Enter');
  assert.equal(await stored(page, 'CO-DELIVERED', period), 77);

  // Then a file of three values.
  await page.goto(app.server.url + '#/data');
  const csv = [
    'partner,measure,period,value,notes',
    'SCI,CO-DELIVERED,FY2027-Q2,9,Winter break series',
    'SCI,TEEN-VISITS,2026-10,1234,',
    'SCI,TEEN-VISITS,2026-09,600,',
  ].join('\n');
  await page.locator('#import-file').setInputFiles({ name: 'science-museum.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 3 values' }).click();
  await page.getByText('Imported 3 values.').waitFor();
  const septemberBefore = JSON.parse(await storedDocument(page)).observations
    .find((o) => o.measure === 'TEEN-VISITS' && o.period === '2026-09' && o.partner === 'SCI');
  assert.equal(septemberBefore.value, 600);

  await page.getByRole('link', { name: 'History' }).click();
  await page.getByRole('heading', { name: 'History', level: 1 }).waitFor();
  const cards = page.locator('.history-action');
  const importCard = cards.filter({ hasText: 'Imported from science-museum.csv' });
  assert.match(await importCard.locator('h2').textContent(), /3 values changed by an import/);
  assert.match(await importCard.textContent(), /By Ana Ortiz, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC, by an import/);
  assert.match(await importCard.textContent(), /SCI in 2026-09: was 596 → now 600/);
  const gridCard = cards.filter({ hasText: 'in the grid' }).first();
  assert.match(await gridCard.textContent(), new RegExp(`SCI in ${period}.*in the grid.*was ${typedOver} → now 77`, 's'));

  await importCard.getByRole('button', { name: 'Revert this import' }).click();
  await page.getByRole('status').getByText('Put back 3 changes.').waitFor();
  const doc = JSON.parse(await storedDocument(page));
  assert.ok(!JSON.stringify(doc.observations).includes('Winter break series'), 'the new value is gone');
  const september = doc.observations.find((o) => o.measure === 'TEEN-VISITS' && o.period === '2026-09' && o.partner === 'SCI');
  assert.equal(september.value, 596, 'the changed value is back');
  assert.equal(await stored(page, 'CO-DELIVERED', period), 77, 'the grid edit, not part of the import, stays');
  await cards.filter({ hasText: 'This reverts the import of' }).first().waitFor();
  await importCard.getByText(/Reverted .* by Ana Ortiz\./).waitFor();

  // The history is kept in the browser's storage: it is all there after a reload.
  await page.reload();
  await page.locator('.history-action').first().waitFor();
  assert.equal(await page.locator('.history-action').count(), 3);

  // One value's own history, from the measure's table of values.
  await page.goto(app.server.url + '#/measures/CO-DELIVERED');
  await page.getByRole('link', { name: 'History' }).first().waitFor();
  await page.locator('.page-head').getByRole('link', { name: 'History' }).click();
  await page.getByRole('heading', { name: /History of the measure/ }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'in the grid' });
  assert.match(await row.textContent(), new RegExp(`Ana Ortiz.*in the grid.*${period}.*${typedOver}.*77`));
  await row.getByRole('button', { name: `Put back ${typedOver}` }).click();
  await page.getByRole('status').getByText('Put back 1 change.').waitFor();
  assert.equal(await stored(page, 'CO-DELIVERED', period), typedOver);

  // Putting it back again finds nothing to do; the earlier value changed since is left.
  await row.getByRole('button', { name: `Put back ${typedOver}` }).click();
  await page.getByRole('status').getByText(/Nothing to put back/).waitFor();

  // The settings and each partner have a history of their own too.
  await page.goto(app.server.url + '#/coalition');
  await page.getByRole('link', { name: 'History of the settings' }).click();
  await page.getByRole('heading', { name: "History of the coalition's settings" }).waitFor();
  await page.goto(app.server.url + '#/coalition');
  await page.getByRole('link', { name: 'History of Discovery Science Museum' }).click();
  await page.getByRole('heading', { name: 'History of the partner SCI' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});
