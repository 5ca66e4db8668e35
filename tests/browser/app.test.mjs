// Browser tests: the built app in real headless Chromium, with real local storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearStorage, closedAfterEachTest, fillStorage, freeStorage, open, staticApp, storedDocument, storeAsOlderCairn } from './harness.mjs';

const app = staticApp();
const opened = closedAfterEachTest();

async function loadSample(page) {
  await page.getByRole('button', { name: 'Load the sample coalition' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** The distinct measures shown as cards, in order of first appearance. */
async function cardMeasures(page) {
  const codes = await page.locator('.cards .card').evaluateAll((cards) => cards.map((c) => c.dataset.measure));
  return [...new Set(codes)];
}

test('the sample coalition loads and the dashboard lists its key measures', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  assert.deepEqual(await cardMeasures(page), ['LIB-CARD', 'CO-DELIVERED', 'NEW-SKILL', 'ABSENT']);
  // Every card gets its chart, drawn after the cards, in the space kept for it.
  const cards = await page.locator('.cards .card').count();
  await page.waitForFunction((n) => document.querySelectorAll('.cards .card .chart svg').length === n, cards);
  const titles = await page.locator('.card[data-measure="LIB-CARD"] h3').allTextContents();
  assert.deepEqual(titles, ['% of 13–18 year olds with an active library card']);
  // The library-card rate is the ratio of the library's FY2026 numerator and denominator.
  const card = page.locator('.card[data-measure="LIB-CARD"]');
  assert.equal(await card.locator('.value').textContent(), '48.1%');
  assert.match(await card.locator('.progress').textContent(), /37% of the way to 60\.0% by FY2028/);
  assert.match(await page.locator('.save-status').textContent(), /Saved in this browser/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the dashboard shows each key measure with the status the core computes', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  // The same statuses are pinned in cairn-core's summary tests.
  const expected = { 'LIB-CARD': 'On track', 'CO-DELIVERED': 'On track', 'NEW-SKILL': 'At risk', ABSENT: 'On track' };
  for (const [code, status] of Object.entries(expected)) {
    const badge = page.locator(`.card[data-measure="${code}"] .status .word`).first();
    assert.equal(await badge.textContent(), status, code);
  }
  // Status is never colour alone: each badge has its symbol.
  assert.equal(await page.locator('.card[data-measure="NEW-SKILL"] .status .symbol').textContent(), '!');
  assert.match(await page.locator('.tally.overall').textContent(), /3 of 4 key measures on track · 4 better than baseline/);
  assert.match(
    await page.locator('.card[data-measure="CO-DELIVERED"] .pending').first().textContent(),
    /^FY2027-Q1: \d+ so far; 3 of 5 partners have reported\. It is judged once complete\.$/,
  );
  await page.close();
});

test('the table view shows the same numbers as the chart', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.locator('.card[data-measure="ABSENT"] h3 a').click();
  await page.getByRole('heading', { name: 'Chronic absenteeism, grades 9–12' }).waitFor();
  const points = await page.locator('figure.chart').first().locator('svg circle').count();
  assert.match(await page.locator('.measure-page .sentence').textContent(), /\(19\.2% in FY2027-Q1\)/);
  await page.getByRole('button', { name: 'Table' }).click();
  // The measure's own table (the page also has one by group).
  const table = page.getByRole('region', { name: 'Values by period' }).locator('table.data');
  await table.waitFor();
  const column = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.cells[2].textContent));
  assert.equal(column.filter((v) => v !== '').length, points);
  assert.equal(column.at(-1), '19.2%');
  // A snapshot's year is its last quarter: FY2026 by year equals FY2026-Q4 by quarter.
  const q4 = await table.locator('tbody tr', { has: page.locator('th', { hasText: 'FY2026-Q4' }) }).locator('td').nth(1).textContent();
  await page.locator('#measure-frequency').selectOption('annual');
  const fy = await table.locator('tbody tr', { has: page.locator('th', { hasText: /^FY2026$/ }) }).locator('td').nth(1).textContent();
  assert.equal(fy, q4);
  await page.close();
});

test('the filters narrow the dashboard by strategy, partner and time', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.locator('#filter-strategy').selectOption('SKILLS');
  assert.deepEqual(await cardMeasures(page), ['NEW-SKILL']);
  await page.locator('#filter-strategy').selectOption('');
  await page.locator('#filter-partner').selectOption('HS-EAST');
  assert.deepEqual(await cardMeasures(page), ['ABSENT']);
  await page.locator('#filter-partner').selectOption('');
  await page.locator('#filter-to').selectOption('2025');
  assert.equal(await page.locator('.card[data-measure="LIB-CARD"] .value').textContent(), '44.6%');
  assert.match(await page.locator('.card[data-measure="LIB-CARD"] .when').textContent(), /FY2025/);
  await page.close();
});

test('a value entered in the grid is there after a reload', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Enter data' }).click();
  await page.locator('#entry-partner').selectOption('SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  const label = await cell.getAttribute('aria-label');
  await cell.fill('1,234');
  await cell.press('Enter');
  // Enter commits and moves down to the next measure in the same period.
  const next = page.locator('tr[data-measure="NEW-SKILL"] input').last();
  await assertFocused(page, next);
  await page.reload();
  await page.waitForSelector('main#main');
  const again = page.getByLabel(label, { exact: true });
  assert.equal(await again.inputValue(), '1234');
  await page.close();
});

test('an invalid value shows its error in place and is not stored', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.goto(app.server.url + '#/entry/SCI');
  const cell = page.locator('tr[data-measure="NEW-SKILL"] input').last();
  const label = await cell.getAttribute('aria-label');
  await cell.fill('45/40');
  await cell.press('Tab');
  const error = page.locator('tr[data-measure="NEW-SKILL"] .cell-error');
  assert.match(await error.textContent(), /numerator \(45\) is larger than the denominator \(40\)/);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  // The error first, then the hint on the grid's keys.
  assert.equal(await cell.getAttribute('aria-describedby'), `${await error.getAttribute('id')} grid-keys`);
  const stored = await storedDocument(page);
  assert.ok(!stored.includes('"numerator":45,"denominator":40'));
  await page.reload();
  await page.waitForSelector('main#main');
  assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '');
  await page.close();
});

test('a full storage shows the message and keeps the data in memory', async () => {
  // A browser of its own, so the lowered quota never reaches another test's pages.
  const browser = await opened.browser();
  const page = await open(browser.context, app.server.url);
  const filled = await fillStorage(page);
  assert.ok(filled > 0);
  await loadSample(page);
  const alert = page.locator('.save-status .not-saved');
  await alert.waitFor();
  assert.match(await alert.textContent(), /storage for Cairn is full/);
  assert.equal((await cardMeasures(page)).length, 4, 'the sample is still shown');
  // A further edit is kept in memory too.
  await page.goto(app.server.url + '#/entry/SCI');
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').last();
  await cell.fill('7');
  await cell.press('Enter');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.goto(app.server.url + '#/entry/SCI');
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').last().inputValue(), '7');
  assert.match(await page.locator('.save-status').textContent(), /Not saved/);
  assert.equal(await storedDocument(page), null);
  // With room again, the next save writes everything the refused ones held.
  await freeStorage(page);
  await page.locator('.save-status').getByRole('button', { name: 'Try saving again' }).click();
  await page.getByText('✓ Saved in this browser').waitFor();
  const saved = JSON.parse(await storedDocument(page));
  assert.ok(saved.observations.some((o) => o.measure === 'CO-DELIVERED' && o.partner === 'SCI' && o.value === 7));
});

test('a corrupt stored value is backed up and reported', async () => {
  const page = await app.freshPage();
  const corrupt = '{"format": 2, "coalition": {"name": "Half-written';
  await storeAsOlderCairn(page, corrupt);
  await page.reload();
  await page.waitForSelector('main#main');
  const notice = page.getByRole('alert').filter({ hasText: 'Your saved data could not be read' });
  await notice.waitFor();
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('cairn.backup.')),
  );
  assert.equal(backups.length, 1);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), backups[0]), corrupt);
  assert.match(await notice.textContent(), new RegExp(backups[0].replaceAll('.', '\\.')));
  assert.equal(await page.evaluate(() => localStorage.getItem('cairn.document')), null);
  assert.equal(await storedDocument(page), null);
  // The app starts: the first-run choices are offered.
  await page.getByRole('button', { name: 'Start an empty coalition' }).waitFor();
  await page.close();
});

test('a new lower-is-better measure can be defined and is listed', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.goto(app.server.url + '#/measures/new');
  await page.getByLabel('Code').fill('late-books');
  await page.getByLabel('Title').fill('Teens with overdue fines');
  await page.getByRole('radio', { name: /Lower is better/ }).check();
  await page.getByRole('checkbox', { name: 'Riverside County Public Library' }).check();
  await page.getByLabel('Baseline period').fill('FY2026-Q1');
  await page.getByLabel('Baseline value').fill('120');
  await page.getByLabel('Target 1 period').fill('FY2025-Q4');
  await page.getByLabel('Target 1 value').fill('80');
  await page.getByRole('button', { name: 'Save measure' }).click();
  // The refusal sits beside the target's period, which gets the focus.
  const error = page.locator('#target-1-period-error');
  assert.equal(await error.textContent(), 'Target 1 period: the target for FY2025-Q4 is not after the baseline period FY2026-Q1: choose a later target period.');
  await assertFocused(page, page.locator('#target-1-period'));
  await page.getByLabel('Target 1 period').fill('FY2028-Q4');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  const row = page.getByRole('row', { name: /Teens with overdue fines/ });
  assert.match(await row.textContent(), /LATE-BOOKS.*Lower is better/);
  await page.close();
});

async function assertFocused(page, locator) {
  const id = await locator.getAttribute('id');
  await page.waitForFunction((expected) => document.activeElement?.id === expected, id);
}

test('a partner file is checked in a dry run, then imported all at once', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Import and export' }).click();
  const csv = [
    'Partner;Measure;Period;Value;Numerator;Denominator;Notes',
    'Discovery Science Museum;co-delivered;Q4 2026;9;;;Winter break series',
    'SCI;NEW-SKILL;FY2027-Q2;;45;60;',
    'SCI;TEEN-VISITS;15.10.2026;1 234;;;',
  ].join('\r\n');
  await page.locator('#import-file').setInputFiles({ name: 'science-museum.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + csv) });
  await page.getByRole('group', { name: /Columns of science-museum\.csv/ }).waitFor();
  assert.equal(await page.getByLabel('Column “Notes” is imported as').inputValue(), String(6));
  await page.getByRole('button', { name: 'Check the file' }).click();
  const summary = page.locator('.dry-run .headline');
  await summary.waitFor();
  assert.equal(await summary.textContent(), '3 rows: 3 new values, 0 changed, 0 unchanged, 0 without a value; 0 problems.');
  // Nothing has changed yet.
  const before = await storedDocument(page);
  assert.ok(!before.includes('Winter break series'));
  await page.getByRole('button', { name: 'Import 3 values' }).click();
  await page.getByText('Imported 3 values.').waitFor();
  await page.getByText('✓ Saved in this browser').waitFor();
  const after = await storedDocument(page);
  assert.ok(after.includes('Winter break series'));
  await page.goto(app.server.url + '#/entry/SCI');
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').last().inputValue(), '9');
  await page.close();
});

test('a file with bad rows shows each problem by line and cannot be imported', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.goto(app.server.url + '#/data');
  const csv = 'measure,period,partner,value\nNOPE,FY2027-Q2,LIB,1\nCO-DELIVERED,FY2027-Q2,LIB,12\nCO-DELIVERED,someday,LIB,3\n';
  await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.locator('.dry-run').waitFor();
  const problems = await page.locator('.dry-run .errors li').allTextContents();
  assert.equal(problems.length, 2);
  assert.match(problems[0], /^Line 2: There is no measure “NOPE”/);
  assert.match(problems[1], /^Line 4: “someday” is not a period/);
  assert.equal(await page.getByRole('button', { name: /^Import \d+ values$/ }).count(), 0);
  await page.close();
});

test('a backup from a newer Cairn is refused and the current data is kept', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.goto(app.server.url + '#/data');
  const stored = await storedDocument(page);
  const newer = stored.replace(/"format":\d+/, '"format":9');
  await page.locator('#restore-file').setInputFiles({ name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(newer) });
  const error = page.locator('.backup .form-error');
  await error.waitFor();
  assert.match(await error.textContent(), /future\.json was not restored: .*format 9.*Your current data is unchanged\./);
  assert.equal(await storedDocument(page), stored);
  // A good backup is offered for restore with what it holds.
  await page.locator('#restore-file').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(stored) });
  await page.getByText(/good\.json: “Teen Futures Coalition”, 8 partners, 8 measures/).waitFor();
  await page.getByRole('button', { name: 'Replace my data with this backup' }).click();
  await page.getByText('The backup was restored.').waitFor();
  await page.close();
});

test('a new activity shows in the partner × strategy matrix and on its measure chart', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Activities' }).click();
  // The sample's parks and art activities overlap: the matrix says so in words.
  assert.match(await page.locator('.findings').textContent(), /Possible duplication: “Teen art lab”/);
  // The grid marks the same activities.
  assert.match(await page.locator('.matrix-grid tr[data-partner="ART"]').textContent(), /Teen art lab \(leads\) ⚠ possible duplication/);
  await page.getByRole('link', { name: 'New activity' }).click();
  await page.locator('#activity-title').fill('Attendance buddies');
  await page.locator('#activity-audience').fill('grade 9 students');
  await page.locator('#activity-lead').selectOption('HS-EAST');
  await page.locator('#activity-strategy').selectOption('ENGAGE');
  await page.getByRole('checkbox', { name: 'Chronic absenteeism, grades 9–12' }).check();
  await page.getByLabel('Direction for Chronic absenteeism, grades 9–12').selectOption('down');
  await page.locator('#activity-status').selectOption({ label: 'Active' });
  await page.locator('#activity-start').fill('2026-09-01');
  await page.locator('#activity-end').fill('2026-08-01');
  await page.getByRole('button', { name: 'Save activity' }).click();
  assert.match(await page.getByRole('alert').first().textContent(), /ends on 2026-08-01, before it starts on 2026-09-01/);
  await page.locator('#activity-end').fill('');
  await page.getByRole('button', { name: 'Save activity' }).click();
  await page.getByRole('heading', { name: 'Attendance buddies' }).waitFor();
  await page.getByRole('link', { name: 'Activities' }).click();
  const cell = page.locator('.matrix-grid tr[data-partner="HS-EAST"]');
  assert.match(await cell.textContent(), /Attendance buddies \(leads\)/);
  await page.goto(app.server.url + '#/measures/ABSENT');
  const legend = await page.locator('figure.chart svg').first().textContent();
  assert.match(legend, /Activity: Attendance buddies \(from 2026-09-01, ongoing\)/);
  assert.match(await page.locator('.measure-activities').textContent(), /Attendance buddies/);
  await page.close();
});

test('changing a partner level records it in the history with its date and note', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.goto(app.server.url + '#/coalition');
  await page.getByRole('button', { name: 'Edit City Art Museum' }).click();
  await page.getByLabel('Level of partnership').selectOption({ label: '5. Forming community coalitions' });
  await page.locator('#change-date').fill('2026-11-15');
  await page.locator('#change-note').fill('Joined the coalition steering group');
  await page.getByRole('button', { name: 'Save partner' }).click();
  await page.getByRole('button', { name: 'Edit City Art Museum' }).click();
  const history = page.locator('.history table tbody tr').first();
  assert.match(await history.textContent(), /2026-11-15.*Collaborating on programming.*Forming community coalitions.*Joined the coalition steering group/);
  await page.close();
});

test('an update about a measure is in the feed and on the measure page', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Updates' }).click();
  await page.locator('#update-text').fill('Eastbrook absence down again this term.');
  await page.locator('#update-measure').selectOption('ABSENT');
  await page.getByRole('button', { name: 'Post update' }).click();
  await page.locator('.feed .update', { hasText: 'Eastbrook absence down again' }).waitFor();
  await page.goto(app.server.url + '#/measures/ABSENT');
  assert.match(await page.locator('.updates-about').textContent(), /Eastbrook absence down again this term\./);
  // The sample's story behind the curve is beside the chart.
  assert.match(await page.locator('.stories').textContent(), /FY2026-Q4.*Chronic absence fell for the fourth quarter in a row/);
  await page.close();
});

test('the completeness view lists what each partner still owes', async () => {
  const page = await app.freshPage();
  await loadSample(page);
  await page.getByRole('link', { name: 'Who owes data' }).click();
  await page.getByRole('button', { name: 'What each partner still owes' }).click();
  const owed = await page.locator('#owed-text').inputValue();
  assert.match(owed, /^City Art Museum still owes \d+ values?: for /m);
  assert.match(owed, /^Parks and Recreation Department still owes \d+ values?: for /m);
  await page.close();
});

test('a screen not downloaded yet says so without a network, and opens by itself when it is back', async () => {
  // A browser whose service worker has not kept the modules yet (blocked here).
  const context = await app.browser.context.browser().newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(app.server.url);
  await loadSample(page);
  await context.setOffline(true);
  await page.goto(`${app.server.url}#/data`);
  await page.getByRole('status').filter({ hasText: 'there is no network' }).waitFor();
  // The rest of the app keeps working meanwhile.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Import and export' }).click();
  await context.setOffline(false);
  await page.getByRole('heading', { name: 'Import and export', level: 1 }).waitFor({ timeout: 20000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a coalition kept in local storage by an older Cairn moves to IndexedDB and loses nothing', async () => {
  const page = await app.samplePage();
  const sample = JSON.parse(await storedDocument(page));
  sample.coalition.name = 'Moved Across Coalition';
  const value = { measure: 'CO-DELIVERED', period: 'FY2027-Q2', partner: 'SCI', value: 4321, note: 'kept', entered_by: 'Older Cairn', entered_at: '2026-11-01T10:00:00Z' };
  sample.observations = sample.observations.filter((o) => !(o.measure === value.measure && o.period === value.period && o.partner === value.partner));
  sample.observations.push(value);
  // A linked coalition, with one change still waiting for a server that is not there.
  const sync = {
    link: { server: 'http://127.0.0.1:9', coalition: 'moved' },
    grant: { role: 'admin' },
    replica: {
      client: 'c-older', next_id: 8, cursor: 40, versions: { 'coalition/name': 3 },
      outbox: [{ id: 7, path: 'coalition/name', base: 3, value: 'Moved Across Coalition', by: 'Older Cairn', at: '2026-11-01T10:00:00Z' }],
      conflicts: [], refused: [],
    },
  };
  await storeAsOlderCairn(page, JSON.stringify(sample));
  await page.evaluate((s) => localStorage.setItem('cairn.sync', JSON.stringify(s)), sync);
  await page.reload();
  await page.waitForSelector('main#main');
  await page.locator('.sync-status[data-state="offline"]', { hasText: /1 change waiting/ }).waitFor({ timeout: 20000 });
  // Everything is in IndexedDB, and local storage no longer holds a second copy.
  const moved = JSON.parse(await storedDocument(page));
  assert.equal(moved.coalition.name, 'Moved Across Coalition');
  assert.equal(moved.observations.length, sample.observations.length);
  assert.deepEqual(moved.observations.find((o) => o.value === 4321), value);
  assert.equal(await page.evaluate(() => localStorage.getItem('cairn.document')), null);
  assert.equal(await page.evaluate(() => localStorage.getItem('cairn.sync')), null);
  // And it is what the app reads from now on.
  await page.reload();
  await page.goto(app.server.url + '#/entry/SCI');
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').last().inputValue(), '4321');
  await page.locator('.sync-status[data-state="offline"]', { hasText: /1 change waiting/ }).waitFor({ timeout: 20000 });
  await clearStorage(page);
  await page.close();
});
