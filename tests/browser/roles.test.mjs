// Members and roles in real headless Chromium against the real server: each role is offered
// only what it may do, the server refuses what a stale screen still sent (and the app says
// why), and a signed-out member's changes wait until they sign in again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PASSWORD, acceptInvite, browserOn, inviteLink, setUpServer, startServer,
} from './harness.mjs';

let dataDir;
let server;
let ana;
let ben;
let vi;

async function syncState(page, state, text) {
  const status = page.locator(`.sync-status[data-state="${state}"]`);
  await status.waitFor({ timeout: 20000 });
  if (text) assert.match(await status.textContent(), text);
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-roles-'));
  server = await startServer({ dataDir, appDir: process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname });
  ana = await browserOn(server.url);
  await ana.page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await setUpServer(ana.page, server);
  await ana.page.getByRole('button', { name: 'Upload and connect' }).click();
  await ana.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await syncState(ana.page, 'synced');
  const editorLink = await inviteLink(ana.page, 'ben@science.org', 'editor', 'SCI');
  const viewerLink = await inviteLink(ana.page, 'vi@funder.org', 'viewer');
  ben = await browserOn(server.url);
  await acceptInvite(ben.page, editorLink, 'Ben');
  vi = await browserOn(server.url);
  await acceptInvite(vi.page, viewerLink, 'Vi');
});

after(async () => {
  for (const m of [ana, ben, vi]) await m?.browser.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an invite link works once', async () => {
  const link = await inviteLink(ana.page, 'eve@funder.org', 'viewer');
  const eve = await browserOn(server.url);
  const again = await browserOn(server.url);
  try {
    await acceptInvite(eve.page, link, 'Eve');
    await again.page.goto(link);
    await again.page.getByText(/has been used already or has expired/).waitFor();
  } finally {
    await eve.browser.close();
    await again.browser.close();
  }
});

test('each role is offered only what it may change', async () => {
  const { page } = vi;
  await page.goto(`${server.url}#/entry/SCI`);
  await page.getByText('As a viewer you can read every partner').waitFor();
  const cells = page.locator('tr[data-measure] input');
  assert.ok(await cells.count() > 0);
  assert.equal(await page.locator('tr[data-measure] input:not([readonly])').count(), 0);
  await page.goto(`${server.url}#/measures`);
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'New measure' }).count(), 0);
  await page.goto(`${server.url}#/measures/new`);
  await page.getByRole('heading', { name: 'Not open to your role' }).waitFor();
  await page.goto(`${server.url}#/coalition`);
  await page.getByText(/As a viewer you can read the coalition's settings/).waitFor();
  assert.ok(await page.getByLabel('Coalition name').isDisabled());
  await page.goto(`${server.url}#/sync`);
  await page.getByText('Your role: viewer').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Members' }).count(), 0);

  // A partner editor enters their own partner's values and leads its activities only.
  const b = ben.page;
  await b.goto(`${server.url}#/entry/SCI`);
  await b.getByText('You enter values for SCI.').waitFor();
  assert.equal(await b.locator('tr[data-measure] input[readonly]').count(), 0);
  await b.goto(`${server.url}#/entry/LIB`);
  await b.getByText("You enter values for SCI; these are LIB's, shown read-only.").waitFor();
  assert.equal(await b.locator('tr[data-measure] input:not([readonly])').count(), 0);
  await b.goto(`${server.url}#/activities/A1`); // led by SCI
  await b.getByRole('link', { name: 'Edit activity' }).waitFor();
  await b.goto(`${server.url}#/activities/A2`); // led by LIB
  await b.getByRole('heading', { name: /./ }).first().waitFor();
  assert.ok(!(await b.getByRole('link', { name: 'Edit activity' }).isVisible()));
  await b.goto(`${server.url}#/activities/A2/edit`);
  await b.getByRole('heading', { name: 'Not open to your role' }).waitFor();
  assert.deepEqual([...ben.page.errors, ...vi.page.errors], []);
});

test('a change the role no longer allows comes back refused with the reason shown', async () => {
  const b = ben.page;
  await ben.browser.context.setOffline(true);
  await b.goto(`${server.url}#/activities/A1/edit`);
  await b.locator('#activity-title').fill('Science club, renamed by Ben');
  await b.getByRole('button', { name: 'Save activity' }).click();
  await syncState(b, 'offline', /1 change waiting/);

  // Meanwhile the backbone hands the activity to the art centre.
  const a = ana.page;
  await a.goto(`${server.url}#/activities/A1/edit`);
  await a.locator('#activity-lead').selectOption('ART');
  await a.getByRole('button', { name: 'Save activity' }).click();
  await syncState(a, 'synced');

  await ben.browser.context.setOffline(false);
  await b.getByRole('link', { name: '1 change refused' }).waitFor({ timeout: 20000 });
  await b.getByRole('link', { name: '1 change refused' }).click();
  await b.getByText(/led by ART: only its lead partner or a backbone administrator can change it/).waitFor();
});

test('a signed-out member keeps working and their changes wait until they sign in', async () => {
  const b = ben.page;
  await b.goto(`${server.url}#/sync`);
  await b.getByRole('button', { name: 'Sign out', exact: true }).click();
  await b.getByRole('heading', { name: 'Sign in' }).waitFor();
  await syncState(b, 'signed-out', /Sign in to sync/);
  await b.goto(`${server.url}#/entry/SCI`);
  const cell = b.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await cell.fill('777');
  await cell.press('Enter');
  await syncState(b, 'signed-out', /Sign in to send 1 change waiting/);
  await b.getByRole('link', { name: /Sign in to send/ }).click();
  await b.getByLabel('E-mail address').fill('ben@science.org');
  await b.getByLabel('Password').fill('not my password');
  await b.getByRole('button', { name: 'Sign in' }).click();
  await b.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
  await b.getByLabel('Password').fill(PASSWORD);
  await b.getByRole('button', { name: 'Sign in' }).click();
  await syncState(b, 'synced', /Synced/);
  assert.deepEqual(b.errors, []);
});

test('a viewer of a coalition that hides small groups from viewers sees them as published, on the measure page and the dashboard', async () => {
  const a = ana.page;
  await a.goto(`${server.url}#/coalition`);
  await a.locator('#small-cells-viewers').check();
  await a.getByText(/Published figures now hide counts from 1 to 10/).waitFor();
  await syncState(a, 'synced');
  const v = vi.page;
  await v.reload();
  await v.waitForSelector('main#main');
  await v.goto(`${server.url}#/measures/ABSENT`);
  await v.getByText('As published: small groups are hidden.').waitFor({ timeout: 20000 });
  const rows = await v.locator('section.by-group.published tbody tr').allTextContents();
  assert.ok(rows.some((r) => /^Hill villagesC$/.test(r)), rows.join(' | '));
  assert.equal(await v.locator('section.by-group .against').count(), 0, 'no figure of a hidden group');
  await v.goto(`${server.url}#/`);
  const gap = v.locator('li.card[data-measure="ABSENT"] dd.gap');
  await gap.waitFor({ timeout: 20000 });
  const text = await gap.textContent();
  assert.ok(!/Hill villages|South/.test(text), text);
  // The administrator still sees every group.
  await a.goto(`${server.url}#/`);
  const whole = a.locator('li.card[data-measure="ABSENT"] dd.gap');
  await whole.waitFor({ timeout: 20000 });
  assert.match(await whole.textContent(), /South/);
  assert.deepEqual(v.errors, []);
});

test("an administrator changes a member's role and the member's screens follow", async () => {
  const a = ana.page;
  await a.goto(`${server.url}#/`);
  await a.goto(`${server.url}#/sync`);
  const role = a.getByLabel('Role of Vi');
  await role.waitFor();
  await role.selectOption('editor:LIB');
  await a.waitForFunction(() => document.querySelector('[aria-label="Role of Vi"]')?.value === 'editor:LIB');
  const v = vi.page;
  await v.reload();
  await v.waitForSelector('main#main');
  await v.goto(`${server.url}#/entry/LIB`);
  await v.getByText('You enter values for LIB.').waitFor({ timeout: 20000 });
  assert.equal(await v.locator('tr[data-measure] input[readonly]').count(), 0);
  assert.deepEqual(v.errors, []);
});
