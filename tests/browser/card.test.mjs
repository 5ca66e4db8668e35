// The public report card in real headless Chromium: published from the app to the real
// server and read there by a stranger with no account, with the app's numbers; checked by
// axe-core; framed by a foreign site only as an embed; gone once taken down. And, with no
// server, the same card downloaded as a folder of static pages that open from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedAfterEachTest, launch, open, serve, clearStorage, uploadSample } from './harness.mjs';
import { violations } from './axe.mjs';

const DIST = process.env.CAIRN_DIST ?? new URL('../../dist/', import.meta.url).pathname;
let dataDir;
const opened = closedAfterEachTest();

before(() => { dataDir = mkdtempSync(join(tmpdir(), 'cairn-card-')); });
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** The status sentences and indicator rows of the report in `scope`, as a reader sees them. */
async function figures(scope) {
  const statuses = await scope.locator('.r-status').allTextContents();
  const indicators = await scope.locator('.r-indicators tbody tr').allTextContents();
  return { statuses, indicators };
}

/** A page on another origin that frames each of `urls`, one iframe each. */
async function foreignSite(urls) {
  const frames = urls.map((u, i) => `<iframe id="f${i}" src="${u}" title="frame ${i}" width="600" height="400"></iframe>`).join('');
  const site = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html lang="en"><title>A partner's site</title><body>${frames}</body></html>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: another origin than the Cairn server's.
  return { url: `http://localhost:${site.address().port}/`, close: () => site.close() };
}

test('a card published from the app is read by a stranger with the app\'s numbers, framed only as an embed, and gone once taken down', async () => {
  const server = await opened.server({ dataDir: join(dataDir, 'server'), appDir: DIST });
  const admin = await opened.browser();
  const page = await open(admin.context, server.url);
  await uploadSample(page, server);
  await page.goto(`${server.url}#/report`);
  await page.getByRole('heading', { name: 'Public report card' }).waitFor();
  await page.locator('.report-sheet .r-status').first().waitFor();
  const inApp = await figures(page.locator('.report-sheet'));
  assert.ok(inApp.statuses.length > 3, 'the report has measures');
  await page.getByRole('button', { name: 'Publish on the server' }).click();
  const address = await page.locator('#report-card-address').getAttribute('href');
  assert.equal(address, `${server.url}public/teen-futures-coalition/`);
  await page.getByText('Embed a chart on another website').click();
  const snippet = await page.locator('.report-embeds textarea').first().inputValue();
  const embed = /src="([^"]+)"/.exec(snippet)[1];
  assert.match(embed, /\/public\/teen-futures-coalition\/embed\/.+\.html$/);

  // A stranger: another browser, no cookie, no account. Its policy is bypassed only so that
  // axe-core can be injected; the framing test below runs under the real policy.
  const stranger = await opened.browser({ bypassCSP: true });
  const card = await stranger.context.newPage();
  const answer = await card.goto(address);
  assert.equal(answer.status(), 200);
  assert.deepEqual(await figures(card), inApp);
  assert.match(await card.locator('.r-as-of').first().textContent(), /^Published .+ · data as of /);
  assert.deepEqual(await violations(card), []);
  await card.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await violations(card), [], 'on a phone');
  const chart = await stranger.context.newPage();
  assert.equal((await chart.goto(embed)).status(), 200);
  assert.equal(await chart.locator('svg[role="img"]').count(), 1);
  assert.deepEqual(await violations(chart), []);

  // A partner's site on another origin frames the embed, the card and the app: only the
  // embed shows; the browser refuses the other two.
  const site = await foreignSite([embed, address, server.url]);
  try {
    const visitor = await opened.browser();
    const partner = await visitor.context.newPage();
    const refused = [];
    partner.on('console', (m) => { if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refused.push(m.text()); });
    await partner.goto(site.url);
    await partner.waitForLoadState('load');
    const framed = async (i) => {
      const frame = await (await partner.locator(`#f${i}`).elementHandle()).contentFrame();
      return frame.evaluate(() => document.querySelector('article.report, main#main') !== null).catch(() => false);
    };
    assert.equal(await framed(0), true, 'the embed shows in a foreign frame');
    assert.equal(await framed(1), false, 'the card does not');
    assert.equal(await framed(2), false, 'the app does not');
    assert.equal(refused.length, 2, refused.join('\n'));
  } finally {
    site.close();
  }

  await page.getByRole('button', { name: 'Take it down' }).click();
  await page.getByText('Taken down').waitFor();
  assert.equal((await card.goto(address)).status(), 404);
  assert.equal((await chart.goto(embed)).status(), 404);
});

test('with no server, the card downloads as a folder of static pages that open from disk with the same numbers', async () => {
  const app = await serve(DIST);
  try {
    const browser = await opened.browser({ acceptDownloads: true });
    const page = await open(browser.context, app.url);
    await clearStorage(page);
    await page.reload();
    await page.getByRole('button', { name: 'Load the sample coalition' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${app.url}#/report`);
    await page.locator('.report-sheet .r-status').first().waitFor();
    // Not shared: nothing to publish on, and the download is offered to everyone.
    assert.equal(await page.getByRole('button', { name: 'Publish on the server' }).isVisible(), false);
    const inApp = await figures(page.locator('.report-sheet'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as a website (.zip)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'teen-futures-coalition-report-card.zip');
    const where = mkdtempSync(join(dataDir, 'unzipped-'));
    const zip = join(where, 'card.zip');
    await download.saveAs(zip);
    // Unzipped by Info-ZIP's unzip, which checks each file's CRC as it goes.
    execFileSync('unzip', ['-q', zip, '-d', where]);
    const folder = join(where, 'teen-futures-coalition-report-card');
    assert.deepEqual(readdirSync(folder).sort(), ['README.txt', 'embed', 'index.html']);
    assert.equal(readdirSync(join(folder, 'embed')).length, inApp.statuses.length);
    const card = await browser.context.newPage();
    await card.goto(`file://${folder}/index.html`);
    assert.deepEqual(await figures(card), inApp);
    assert.deepEqual(await violations(card), []);
    const first = readdirSync(join(folder, 'embed')).sort()[0];
    await card.goto(`file://${folder}/embed/${first}`);
    assert.equal(await card.locator('svg[role="img"]').count(), 1);
  } finally {
    app.close();
  }
});
