// Nothing Cairn does on its own shows up as an error in the browser's console (Lighthouse counts
// them): asking who is signed in is a 200 either way, and on a static host Cairn does not ask.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, open, serve, startServer } from './harness.mjs';

const DIST = process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
let dataDir;
before(() => { dataDir = mkdtempSync(join(tmpdir(), 'cairn-console-')); });
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Opens `url`, loads the sample, goes to the sharing page and returns what the console said
 * and which API requests were made. */
async function sharingPage(url, waitFor) {
  const browser = await launch();
  const errors = [];
  const api = [];
  try {
    const page = await open(browser.context, url);
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => { if (r.url().includes('/api/')) api.push(r.url()); });
    await page.getByRole('button', { name: 'Load the sample coalition' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${url}#/sync`);
    await page.getByText(waitFor).first().waitFor();
    await page.waitForTimeout(300);
    return { errors, api };
  } finally {
    await browser.close();
  }
}

test('on a static host the sharing page says there is no server without asking one', async () => {
  const server = await serve(DIST);
  try {
    const { errors, api } = await sharingPage(server.url, /not served by a coalition server/);
    assert.deepEqual(errors, []);
    assert.deepEqual(api, []);
  } finally {
    server.close();
  }
});

test('on a Cairn server, signed out, the sharing page offers to sign in with no console error', async () => {
  const server = await startServer({ dataDir, appDir: DIST });
  try {
    const { errors, api } = await sharingPage(server.url, /Sign in/);
    assert.deepEqual(errors, []);
    assert.ok(api.some((u) => u.endsWith('/api/v1/me')), api.join(' '));
  } finally {
    await server.stop();
  }
});
