// Serves the built app (dist/) on loopback and drives Debian's Chromium with playwright-core.
// Nothing here downloads a browser: the executable is the one the set-up script installs.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

/** Starts a static server for `dir` on a free loopback port. */
export async function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/**
 * Launches headless Chromium with a fresh profile. `options` are Playwright's context options
 * (`{ bypassCSP: true }` lets a test inject axe-core into a page whose policy allows no script).
 */
export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'cairn-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  let closed = null;
  return {
    context: browser,
    /** Closes the browser and removes its profile; closing again does nothing. */
    close: () => {
      closed ??= browser.close().finally(() => rmSync(profile, { recursive: true, force: true }));
      return closed;
    },
  };
}

/**
 * Opens browsers and servers for one test at a time and closes whatever the test left open
 * after it, passed or failed: a failed test must not keep its file waiting for them until the
 * file's timeout (and a server left running would outlive the run).
 */
export function closedAfterEachTest() {
  const open = [];
  afterEach(async () => {
    while (open.length) await open.pop()().catch(() => {});
  });
  return {
    browser: async (options) => {
      const browser = await launch(options);
      open.push(browser.close);
      return browser;
    },
    server: async (options) => {
      const server = await startServer(options);
      open.push(server.stop);
      return server;
    },
  };
}

/**
 * Serves the built app (dist/, or CAIRN_DIST) and launches Chromium for the test file that calls
 * it: both start before its first test and close after its last. `app.server` and
 * `app.browser` are set once started; `app.freshPage()` opens the app with its storage
 * cleared, `app.samplePage()` with the sample coalition loaded, on the dashboard.
 */
export function staticApp() {
  const dist = process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
  const app = {};
  before(async () => {
    app.server = await serve(dist);
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.close();
  });
  app.freshPage = async () => {
    const page = await open(app.browser.context, app.server.url);
    await clearStorage(page);
    await page.reload();
    await page.waitForSelector('main#main');
    return page;
  };
  app.samplePage = async () => {
    const page = await app.freshPage();
    await page.getByRole('button', { name: 'Load the sample coalition' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    return page;
  };
  return app;
}

/**
 * Empties everything Cairn keeps in this page's browser: local storage and its IndexedDB
 * database (the app closes its connection when asked, so the deletion is not held up).
 */
export async function clearStorage(page) {
  await page.evaluate(() => new Promise((resolve) => {
    localStorage.clear();
    const req = indexedDB.deleteDatabase('cairn');
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  }));
}

/**
 * The coalition this page's browser has stored, read straight from IndexedDB and put together
 * as one JSON text shaped like a backup file (the head's fields, then `observations`), or
 * null when none is stored. The same records always give the same text.
 */
export async function storedDocument(page) {
  // Saving is asynchronous: wait for the write the last action started.
  await page.waitForFunction(() => document.querySelector('.save-status')?.dataset.saving !== 'true');
  return page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('cairn');
    // Never create the database: the app must find it as it left it.
    req.onupgradeneeded = () => req.transaction.abort();
    req.onerror = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('records')) { db.close(); resolve(null); return; }
      const tx = db.transaction('records');
      const keys = tx.objectStore('records').getAllKeys();
      const values = tx.objectStore('records').getAll();
      tx.oncomplete = () => {
        db.close();
        let head = null;
        const observations = [];
        keys.result.forEach((key, i) => {
          if (key === 'doc/head') head = values.result[i];
          else if (key.startsWith('doc/observations/')) observations.push(JSON.parse(values.result[i]));
        });
        if (head === null) { resolve(null); return; }
        const doc = JSON.parse(head);
        doc.observations = observations;
        resolve(JSON.stringify(doc));
      };
    };
  }));
}

/**
 * Stores `text` as the coalition the way an older Cairn kept it (in local storage, IndexedDB
 * emptied), so the next load moves it into IndexedDB.
 */
export async function storeAsOlderCairn(page, text) {
  await clearStorage(page);
  await page.evaluate((t) => localStorage.setItem('cairn.document', t), text);
}

/**
 * Leaves no room in the page's storage, so the next write is refused: local storage is filled
 * and the origin's quota (which IndexedDB counts against) is set below what is used already.
 * `freeStorage` undoes both.
 */
export async function fillStorage(page) {
  // The override lasts as long as the DevTools session that set it, so the session is kept.
  const cdp = await page.context().newCDPSession(page);
  quotaSessions.set(page, cdp);
  const origin = await page.evaluate(() => location.origin);
  // One byte, below what is used already, so every write is refused (a quota of 0 would mean
  // "no override").
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  // Chromium's IndexedDB keeps the space it found left while the origin's database stays open,
  // and closes it about two seconds after its last connection: leave the page long enough for
  // the lowered quota to be read when it comes back.
  const url = page.url();
  await page.goto('about:blank');
  await page.waitForTimeout(3000);
  await page.goto(url);
  await page.waitForSelector('main#main');
  return fillLocalStorage(page);
}

const quotaSessions = new WeakMap();

/** Makes room again after `fillStorage`. */
export async function freeStorage(page) {
  const cdp = quotaSessions.get(page);
  if (cdp) {
    const origin = await page.evaluate(() => location.origin);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp.detach();
    quotaSessions.delete(page);
  }
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key);
  });
}

async function fillLocalStorage(page) {
  return page.evaluate(() => {
    let size = 1024 * 1024;
    let i = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`filler-${i++}`, 'x'.repeat(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return i;
  });
}

/** Opens a new page on `url` and waits for the app to mount. */
export async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  // A Rust panic is told on the console (console_error_panic_hook) before the wasm traps.
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('panicked')) errors.push(new Error(m.text()));
  });
  await page.goto(url);
  await page.waitForSelector('main#main');
  page.errors = errors;
  return page;
}

/**
 * Waits until the page's service worker is active, which it becomes only once it has kept
 * every file and screen module the page names: from then on the app opens, and every screen
 * with it, without a network. A test that takes the network away sooner tests a first visit.
 */
export async function serviceWorkerReady(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

/** A browser of its own (a member's) with a page open at `url`. */
export async function browserOn(url) {
  const browser = await launch();
  const page = await open(browser.context, url);
  return { browser, page };
}

/** Waits for the sync indicator to show `state`, and checks its text against `text` if given. */
export async function syncState(page, state, text) {
  const status = page.locator(`.sync-status[data-state="${state}"]`);
  await status.waitFor({ timeout: 20000 });
  if (text) assert.match(await status.textContent(), text);
}

/**
 * Loads the sample, sets up the new server as its administrator and uploads the sample from
 * the sharing page; waits until every screen is kept for offline use.
 */
export async function uploadSample(page, server) {
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await syncState(page, 'local', /Not shared/);
  await setUpServer(page, server);
  await page.getByRole('button', { name: 'Upload and connect' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await syncState(page, 'synced', /Synced/);
  await serviceWorkerReady(page);
}

/** Makes the first administrator of a new server through its set-up page, signed in after. */
export async function setUpServer(page, server, name = 'Ana', email = 'ana@backbone.org') {
  await page.goto(`${server.url}#/setup`);
  await page.getByLabel('Set-up code').fill(server.setupCode);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create the administrator' }).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
}

/** The password every test account uses. */
export const PASSWORD = 'a long test passphrase';

/**
 * Makes an invite link for the address `email` on the sharing page (as an administrator) and
 * returns it.
 */
export async function inviteLink(page, email, role, partner) {
  await page.goto(page.url().replace(/#.*$/, '#/sync'));
  await page.getByRole('heading', { name: 'Members' }).waitFor();
  await page.getByLabel('Their e-mail address').fill(email);
  await page.getByLabel('Role').selectOption(role);
  if (partner) await page.getByLabel('Partner organisation').selectOption(partner);
  const shown = page.locator('#invite-url');
  const before = (await shown.count()) ? await shown.inputValue() : '';
  await page.getByRole('button', { name: 'Make an invite link' }).click();
  await page.waitForFunction(
    (old) => document.querySelector('#invite-url')?.value && document.querySelector('#invite-url').value !== old,
    before,
  );
  return shown.inputValue();
}

/**
 * Accepts an invite link as a new member (its account is the invite's address) and waits for
 * the shared coalition.
 */
export async function acceptInvite(page, link, name) {
  await page.goto(link);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Join the coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

// Servers still running when the test file's process ends (a test that timed out, say) are
// killed with it rather than left listening after the run.
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/**
 * Starts the real `cairn-server` binary serving `appDir` on loopback, with its SQLite file in
 * `dataDir`. Port 0 picks a free port; pass the same port to restart it at the same address.
 */
export async function startServer({ dataDir, appDir, port = 0 }) {
  const { spawn } = await import('node:child_process');
  const bin = process.env.CAIRN_SERVER
    ?? new URL('../../target/debug/cairn-server', import.meta.url).pathname;
  const child = spawn(bin, ['--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--app-dir', appDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let setupCode = null;
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const code = /Set-up code for the first administrator: (\S+)/.exec(seen);
      if (code) setupCode = code[1];
      const found = /listening on (http:\/\/\S+)/.exec(seen);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`cairn-server exited with ${code} before listening`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  running.add(child);
  exited.then(() => running.delete(child));
  return {
    url: `${url}/`,
    port: Number(new URL(url).port),
    /** The one-time code a new server prints; null once it has an administrator. */
    setupCode,
    /** SIGKILL: the server disappears as if the machine lost power. */
    kill: async () => { child.kill('SIGKILL'); await exited; },
    stop: async () => { child.kill('SIGTERM'); await exited; },
  };
}
