// Review in real headless Chromium against the real server: the backbone turns review on; a
// partner editor submits a period from the grid; the administrator returns it with a comment on
// the review screen; the partner reads the comment, fixes a value and submits again; the
// administrator approves it, after which its cells are read-only. The dashboard counts approved
// values only or all values, says which, and its figures change accordingly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptInvite, browserOn, inviteLink, startServer, syncState, uploadSample,
} from './harness.mjs';

let dataDir;
let server;
let ana;
let ben;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-review-'));
  server = await startServer({ dataDir, appDir: process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname });
  ana = await browserOn(server.url);
  await uploadSample(ana.page, server);
  await ana.page.goto(`${server.url}#/coalition`);
  await ana.page.getByLabel("Review partners' values before they count").check();
  await ana.page.getByText('The figures now count approved values only.').waitFor();
  await syncState(ana.page, 'synced');
  const link = await inviteLink(ana.page, 'ben@science.org', 'editor', 'SCI');
  ben = await browserOn(server.url);
  await acceptInvite(ben.page, link, 'Ben');
});

after(async () => {
  for (const m of [ana, ben]) await m?.browser.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The grid's table that holds `measure`, on `page` at partner `partner`'s grid. */
async function tableOf(page, partner, measure) {
  await page.goto(`${server.url}#/entry/${partner}`);
  const table = page.locator(`table.grid:has(tr[data-measure="${measure}"])`);
  await table.waitFor();
  return table;
}

test('a partner submits, the backbone returns it with a comment, the partner fixes it and the backbone approves', async () => {
  let table = await tableOf(ben.page, 'SCI', 'CO-DELIVERED');
  const submit = table.locator('tr.rounds button', { hasText: 'Submit' }).first();
  const period = /^Submit (\S+) for review$/.exec(await submit.getAttribute('aria-label'))[1];
  await submit.click();
  const round = () => table.locator('tr.rounds td.round').filter({ has: ben.page.getByRole('button', { name: `Withdraw ${period} to change it` }) });
  await round().waitFor();
  assert.match(await round().textContent(), /Submitted/);
  const cell = () => table.locator(`tr[data-measure="CO-DELIVERED"] input[aria-label*=", ${period} ("]`);
  assert.equal(await cell().getAttribute('readonly'), '', 'a submitted value is read-only');
  await syncState(ben.page, 'synced');

  // The partner editor sees what waits, but no answer to give.
  await ben.page.goto(`${server.url}#/review`);
  await ben.page.locator(`[data-round="round-SCI-${period}"]`).waitFor();
  assert.equal(await ben.page.getByRole('button', { name: 'Approve' }).isVisible(), false);

  await ana.page.goto(`${server.url}#/review`);
  const waiting = ana.page.locator(`[data-round="round-SCI-${period}"]`);
  await waiting.waitFor({ timeout: 20000 });
  assert.match(await waiting.textContent(), /Submitted by Ben/);
  await waiting.getByRole('button', { name: 'Return with comment' }).click();
  await waiting.getByText('Say what to fix when returning values').waitFor();
  await waiting.getByLabel('Comment to the partner (needed to return)').fill('The co-delivered count looks doubled');
  await waiting.getByRole('button', { name: 'Return with comment' }).click();
  await ana.page.getByText('Returned, waiting for the partner').waitFor();
  await syncState(ana.page, 'synced');

  table = await tableOf(ben.page, 'SCI', 'CO-DELIVERED');
  await ben.page.getByText('The co-delivered count looks doubled').waitFor({ timeout: 20000 });
  assert.equal(await cell().getAttribute('readonly'), null, 'returned: the partner fixes it');
  await cell().fill('3');
  await cell().press('Enter');
  await table.getByRole('button', { name: `Submit ${period} for review` }).click();
  await round().waitFor();
  await syncState(ben.page, 'synced');

  await ana.page.goto(`${server.url}#/review`);
  await waiting.waitFor({ timeout: 20000 });
  assert.match(await waiting.textContent(), /CO-DELIVERED|Co-delivered|co-delivered/i);
  await waiting.getByRole('button', { name: 'Approve' }).click();
  await ana.page.getByRole('heading', { name: 'Nothing waits for review' }).waitFor();
  await syncState(ana.page, 'synced');

  table = await tableOf(ben.page, 'SCI', 'CO-DELIVERED');
  await table.locator('tr.rounds td.round[data-stage="approved"]').first().waitFor({ timeout: 20000 });
  assert.equal(await cell().inputValue(), '3');
  assert.equal(await cell().getAttribute('readonly'), '', 'an approved value is read-only');
  const why = (await cell().getAttribute('aria-describedby')).split(' ')[0];
  assert.match(await ben.page.locator(`[id="${why}"]`).textContent(), /are approved: a backbone administrator returns them/);
});

test('the dashboard counts approved values only or all values, says which, and its figures follow', async () => {
  const page = ana.page;
  const card = page.locator('li.card[data-measure="LIB-CARD"] .value');
  const note = page.locator('[data-counting]');
  await page.goto(`${server.url}#/`);
  await note.waitFor();
  assert.match(await note.textContent(), /count approved values only: \d+ values waiting for approval are left out/);
  const unapproved = await card.textContent();
  assert.doesNotMatch(unapproved, /48\.1%/, 'nothing of the library is approved yet');

  await page.goto(`${server.url}#/coalition`);
  await page.getByLabel('all values, saying when they include values not yet approved').check();
  await page.getByText('The figures now count every value').waitFor();
  await page.goto(`${server.url}#/`);
  await note.waitFor();
  assert.match(await note.textContent(), /These figures include \d+ values not yet approved by the backbone/);
  assert.match(await card.textContent(), /48\.1%/);

  await page.goto(`${server.url}#/coalition`);
  await page.getByLabel('approved values only').check();
  await page.getByText('The figures now count approved values only.').waitFor();
  // The library's FY2026 value, submitted and approved by the administrator.
  const table = await tableOf(page, 'LIB', 'LIB-CARD');
  await table.getByRole('button', { name: 'Submit FY2026 for review' }).click();
  await page.goto(`${server.url}#/review`);
  await page.locator('[data-round="round-LIB-FY2026"]').getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('heading', { name: 'Nothing waits for review' }).waitFor();
  await page.goto(`${server.url}#/`);
  await note.waitFor();
  assert.match(await card.textContent(), /48\.1%/);
  await syncState(page, 'synced');
});
