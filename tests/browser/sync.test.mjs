// Sync in real headless Chromium against the real server binary and a real SQLite file:
// offline edits wait and arrive, two members editing one cell meet the conflict dialog, and
// the app opens with no network once visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptInvite, closedAfterEachTest, fillStorage, freeStorage, inviteLink, open, serviceWorkerReady, setUpServer, storedDocument, syncState, uploadSample } from './harness.mjs';

const DIST = process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
const ID = 'teen-futures-coalition';
let dataDir;
const opened = closedAfterEachTest();

before(() => { dataDir = mkdtempSync(join(tmpdir(), 'cairn-server-')); });
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** A member's browser on the server's page, named `name`. */
async function member(server, name) {
  const browser = await opened.browser();
  const page = await open(browser.context, server.url);
  await page.evaluate((n) => localStorage.setItem('cairn.member', n), name);
  return { browser, page };
}

/** Types `value` into the last CO-DELIVERED cell of partner SCI and returns its label. */
async function enterCoDelivered(page, value) {
  await page.getByRole('link', { name: 'Enter data' }).click();
  await page.locator('#entry-partner').selectOption('SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await cell.fill(String(value));
  await cell.press('Enter');
  return cell.getAttribute('aria-label');
}

/** The server's values of CO-DELIVERED for SCI, read over its API as the member of `page`. */
async function serverValues(page) {
  const pulled = await page.evaluate(
    async (url) => (await fetch(url)).json(),
    `/api/v1/coalitions/${ID}/pull`,
  );
  return pulled.rows
    .filter((r) => r.path.startsWith('observations/CO-DELIVERED/') && r.path.endsWith('/SCI'))
    .map((r) => r.value.value);
}

test('connecting never replaces local work that could not be backed up first', async () => {
  const server = await opened.server({ dataDir: join(dataDir, 'full'), appDir: DIST });
  const { browser, page } = await member(server, 'Ana');
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await setUpServer(page, server);
  const before = await storedDocument(page);
  // Fill what is left of the storage quota, so no backup can be written.
  await fillStorage(page);
  await page.getByRole('button', { name: 'Upload and connect' }).click();
  await page.getByText(/could not be backed up before the server's copy would replace it, so nothing was replaced/).waitFor();
  assert.equal(await storedDocument(page), before);
  await syncState(page, 'local', /Not shared/);
});

test('a sync state that cannot be saved is shown with a retry, and the change waiting is not lost', async () => {
  const dir = join(dataDir, 'sync-state-full');
  let server = await opened.server({ dataDir: dir, appDir: DIST });
  const { browser, page } = await member(server, 'Ana');
  await uploadSample(page, server);
  await server.kill();
  await fillStorage(page);
  await enterCoDelivered(page, 2468);
  const problem = page.locator('.save-status .not-saved', { hasText: 'The changes waiting for the server are not saved' });
  await problem.waitFor();
  assert.match(await problem.textContent(), /only in this tab: keep it open/);
  // Room again: saving once more clears the message, and the change waiting survives a reload.
  await freeStorage(page);
  // The document's "Try saving again" saves the outbox too.
  await page.locator('.save-status .not-saved', { hasText: /^Not saved/ })
    .getByRole('button', { name: 'Try saving again' }).click();
  await problem.waitFor({ state: 'detached' });
  await page.getByText('✓ Saved in this browser').waitFor();
  await page.reload();
  await page.waitForSelector('main#main');
  await syncState(page, 'offline', /1 change waiting/);
  server = await opened.server({ dataDir: dir, appDir: DIST, port: server.port });
  await syncState(page, 'synced', /Synced/);
  assert.ok((await serverValues(page)).includes(2468));
});

test('an edit made while the server is down is kept, shown as waiting, and arrives when it is back', async () => {
  const dir = join(dataDir, 'offline');
  let server = await opened.server({ dataDir: dir, appDir: DIST });
  const { browser, page } = await member(server, 'Ana');
  await uploadSample(page, server);
  await server.kill();

  await enterCoDelivered(page, 4321);
  await syncState(page, 'offline', /1 change waiting/);
  // The outbox is in local storage: a reload (or a closed tab) keeps it.
  await page.reload();
  await page.waitForSelector('main#main');
  await syncState(page, 'offline', /1 change waiting/);

  server = await opened.server({ dataDir: dir, appDir: DIST, port: server.port });
  await syncState(page, 'synced', /Synced/);
  assert.ok((await serverValues(page)).includes(4321));
  assert.deepEqual(page.errors, []);
});

test('two members changing the same cell both see the conflict dialog and settle it once', async () => {
  const server = await opened.server({ dataDir: join(dataDir, 'conflict'), appDir: DIST });
  const ana = await member(server, 'Ana');
  await uploadSample(ana.page, server);

  // Ben enters SCI's values: Ana invites him as its partner editor.
  const link = await inviteLink(ana.page, 'ben@science.org', 'editor', 'SCI');
  await ana.page.getByRole('link', { name: 'Dashboard' }).click();
  const ben = await member(server, 'Ben');
  await acceptInvite(ben.page, link, 'Ben');
  await syncState(ben.page, 'synced');
  await serviceWorkerReady(ben.page);

  // Ben loses his connection; both change the same cell from the same version.
  await ben.browser.context.setOffline(true);
  await enterCoDelivered(ana.page, 111);
  await syncState(ana.page, 'synced');
  await enterCoDelivered(ben.page, 222);
  await syncState(ben.page, 'offline', /1 change waiting/);
  await ben.browser.context.setOffline(false);

  const dialog = ben.page.getByRole('dialog', { name: 'Two members changed the same value' });
  await dialog.waitFor({ timeout: 20000 });
  const sides = await dialog.locator('.side').allTextContents();
  assert.match(sides[0], /Yours\s*222.*Entered by Ben/s);
  assert.match(sides[1], /Theirs\s*111.*Entered by Ana/s);
  // Every member receives the conflict.
  const anaDialog = ana.page.getByRole('dialog', { name: 'Two members changed the same value' });
  await anaDialog.waitFor({ timeout: 20000 });

  await dialog.getByRole('button', { name: 'Keep mine' }).click();
  await dialog.waitFor({ state: 'detached' });
  await anaDialog.waitFor({ state: 'detached', timeout: 20000 });
  await syncState(ben.page, 'synced');
  const values = await serverValues(ana.page);
  assert.ok(values.includes(222) && !values.includes(111), `server holds ${values}`);
  const anaCell = ana.page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await ana.page.waitForFunction((el) => el.value === '222', await anaCell.elementHandle());

  // The history syncs: Ana reads who changed the value, how, and from what, signed by the
  // server. Ben's offline edit, overtaken by Ana's, is not in it; his answer is.
  await ana.page.getByRole('link', { name: 'History' }).click();
  const answer = ana.page.locator('.history-action').filter({ hasText: 'answering a conflict' });
  await answer.waitFor({ timeout: 20000 });
  assert.match(await answer.textContent(), /By Ben, .*answering a conflict.*was 111 → now 222/s);
  const typed = ana.page.locator('.history-action').filter({ hasText: 'By Ana' }).first();
  assert.match(await typed.textContent(), /in the grid.*now 111/s);
  assert.equal(await ana.page.locator('.history-action').filter({ hasText: 'now 222' }).count(), 1);
  assert.deepEqual(ana.page.errors, []);
  assert.deepEqual(ben.page.errors, []);
});

test('once visited, the app opens with no network, and so does every screen never opened online', async () => {
  const server = await opened.server({ dataDir: join(dataDir, 'shell'), appDir: DIST });
  const { browser, page } = await member(server, 'Cy');
  await serviceWorkerReady(page);
  await page.reload();
  await page.waitForSelector('main#main');
  await browser.context.setOffline(true);
  await page.reload();
  await page.waitForSelector('main#main');
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  // Each screen is in a lazily loaded module: the service worker kept them all.
  for (const [hash, heading] of [
    ['#/measures', 'Shared measures'],
    ['#/measures/LIB-CARD', /./],
    ['#/entry/LIB', 'Enter data'],
    ['#/coalition', /Coalition/],
    ['#/activities', /Activities/],
    ['#/data', /Import/],
    ['#/sync', /Share|Sync/],
  ]) {
    await page.goto(server.url + hash);
    await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor({ timeout: 10000 });
  }
  assert.deepEqual(page.errors, []);
});

test('served by the server, the app runs under its Content-Security-Policy without a violation', async () => {
  const server = await opened.server({ dataDir: join(dataDir, 'csp'), appDir: DIST });
  const browser = await opened.browser();
  const page = await browser.context.newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
  const response = await page.goto(server.url);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector('main#main');
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.goto(`${server.url}#/measures/LIB-CARD`);
  await page.locator('main svg').first().waitFor();
  await page.goto(`${server.url}#/coalition`);
  await page.locator('main svg').first().waitFor();
  // The report's stylesheet, linked by its screen, applies (its sizes are in points).
  await page.goto(`${server.url}#/report`);
  await page.locator('.report-sheet .report svg').first().waitFor();
  await page.waitForFunction(() => Math.abs(parseFloat(getComputedStyle(document.querySelector('.report h1')).fontSize) - (20 * 96) / 72) < 0.01);
  assert.deepEqual(violations, []);
});
