// Takes screenshots of the main screens with the sample coalition, narrow, wide and at
// 1920×1080 (a projector), prints the screens people print to PDF (Letter), into the folder
// given as the first argument (default: /tmp/cairn-shots). Run after a build. To look at a
// PDF's pages as images: `pdftoppm -png -r 60 dashboard.pdf dashboard` (Debian poppler-utils).
import { mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { serve, launch, open } from '../tests/browser/harness.mjs';

const out = process.argv[2] ?? '/tmp/cairn-shots';
mkdirSync(out, { recursive: true });
const server = await serve(new URL('../dist/', import.meta.url).pathname);
const browser = await launch({ acceptDownloads: true });
const page = await open(browser.context, server.url);
await page.evaluate(() => localStorage.clear());
await page.reload();
await page.waitForSelector('main#main');
await page.setViewportSize({ width: 1280, height: 900 });
await page.screenshot({ path: `${out}/first-run-wide.png` });
await page.getByRole('button', { name: 'Load the sample coalition' }).click();
const screens = [
  ['dashboard', '#/'],
  ['entry', '#/entry/LIB'],
  ['measures', '#/measures'],
  ['measure', '#/measures/ABSENT'],
  ['coalition', '#/coalition'],
  ['data', '#/data'],
  ['activities', '#/activities'],
  ['activity', '#/activities/A1'],
  ['updates', '#/updates'],
  ['completeness', '#/completeness'],
  ['present-goal', '#/present'],
  ['present-measure', '#/present/1'],
  ['report', '#/report'],
];
for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow'], [1920, 1080, 'projector']]) {
  await page.setViewportSize({ width, height });
  for (const [screen, hash] of screens) {
    await page.goto(server.url + hash);
    await page.waitForSelector('main#main h1');
    // The dashboard's charts are drawn after its cards.
    if (screen === 'dashboard') await page.locator('.cards .card .chart svg').first().waitFor();
    if (screen === 'present-measure') await page.locator('.slide-chart svg').waitFor();
    if (screen === 'report') await page.locator('.page-count', { hasText: 'Prints on' }).waitFor();
    const fullPage = screen !== 'measure' && !screen.startsWith('present');
    await page.screenshot({ path: `${out}/${screen}-${name}.png`, fullPage });
  }
}
await page.setViewportSize({ width: 1280, height: 900 });
for (const [screen, hash] of [['dashboard', '#/'], ['measure', '#/measures/LIB-CARD'], ['completeness', '#/completeness'], ['activities', '#/activities']]) {
  await page.goto(server.url + hash);
  await page.waitForSelector('main#main h1');
  if (screen === 'dashboard') {
    const cards = await page.locator('.cards .card').count();
    await page.waitForFunction((n) => document.querySelectorAll('.cards .card .chart svg').length === n, cards);
  }
  await page.pdf({ path: `${out}/${screen}.pdf`, format: 'Letter' });
}
// The funder report prints on the paper it is laid out for (its stylesheet names the page).
await page.goto(`${server.url}#/report`);
await page.locator('.page-count', { hasText: 'Prints on' }).waitFor();
await page.pdf({ path: `${out}/report.pdf`, preferCSSPageSize: true });
// The public report card, as the download of its folder (the same pages the server publishes):
// the card narrow, wide and on a projector, one embedded chart at the snippet's size, and the
// card printed. Last, the review screens with review turned on.
const [download] = await Promise.all([
  page.waitForEvent('download'),
  page.getByRole('button', { name: 'Download as a website (.zip)' }).click(),
]);
await download.saveAs(`${out}/card.zip`);
execFileSync('unzip', ['-o', '-q', `${out}/card.zip`, '-d', `${out}/card`]);
const folder = `${out}/card/${readdirSync(`${out}/card`)[0]}`;
for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow'], [1920, 1080, 'projector']]) {
  await page.setViewportSize({ width, height });
  await page.goto(`file://${folder}/index.html`);
  await page.screenshot({ path: `${out}/card-${name}.png`, fullPage: true });
}
await page.setViewportSize({ width: 640, height: 560 });
await page.goto(`file://${folder}/embed/${readdirSync(`${folder}/embed`).sort()[0]}`);
await page.screenshot({ path: `${out}/card-embed.png` });
await page.goto(`file://${folder}/index.html`);
await page.pdf({ path: `${out}/card.pdf`, format: 'Letter' });
// Review: turned on, a slip typed in the library's grid (flagged), two of its periods
// submitted; then the grid, the review screen, the coalition's setting and the dashboard's note.
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(`${server.url}#/coalition`);
await page.getByLabel("Review partners' values before they count").check();
await page.goto(`${server.url}#/entry/LIB`);
const slip = page.locator('tr[data-measure="TEEN-VISITS"] input').nth(3);
await slip.fill('99999');
await slip.press('Enter');
for (const table of await page.locator('table.grid').all()) {
  const submit = table.locator('tr.rounds button', { hasText: 'Submit' }).last();
  if (await submit.count()) await submit.click();
}
const reviewScreens = [['review-entry', '#/entry/LIB'], ['review', '#/review'], ['review-setting', '#/coalition'], ['review-dashboard', '#/']];
for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow']]) {
  await page.setViewportSize({ width, height });
  for (const [screen, hash] of reviewScreens) {
    await page.goto(server.url + hash);
    await page.waitForSelector('main#main h1');
    if (screen === 'review-setting') await page.locator('.review-setting').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/${screen}-${name}.png`, fullPage: screen !== 'review-setting' });
  }
}
// A changed target: absenteeism's end target lowered, the editor asking why, then the measure
// page's chart with the earlier target beside the new one.
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(`${server.url}#/measures/ABSENT/edit`);
const periods = page.locator('input[id^="target-"][id$="-period"]');
await periods.first().waitFor();
for (let i = 0; i < (await periods.count()); i++) {
  if ((await periods.nth(i).inputValue()) === 'FY2028-Q4') await page.locator(`#target-${i + 1}-value`).fill('13');
}
await page.locator('#measure-target-reason').fill('The district adopted a stricter goal');
await page.locator('#measure-target-reason').scrollIntoViewIfNeeded();
await page.screenshot({ path: `${out}/target-reason-wide.png` });
await page.getByRole('button', { name: 'Save measure' }).click();
await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow']]) {
  await page.setViewportSize({ width, height });
  await page.goto(`${server.url}#/measures/ABSENT`);
  await page.locator('svg:has-text("Earlier target")').first().waitFor();
  await page.screenshot({ path: `${out}/target-chart-${name}.png`, fullPage: true });
}
await page.goto(`${server.url}#/measures/ABSENT/edit`);
await page.getByText('Earlier targets, kept:').scrollIntoViewIfNeeded();
await page.screenshot({ path: `${out}/target-kept-narrow.png` });
await groupShots(page);
await historyShots(page);
await browser.close();
server.close();
console.log(`Screenshots in ${out}`);

/**
 * The history after a grid edit, an import and its revert: the whole history and one
 * measure's, narrow, wide and at 1920×1080, and the whole history printed.
 */
async function historyShots(page) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => localStorage.setItem('cairn.member', 'Ana Ortiz'));
  await page.goto(`${server.url}#/entry/SCI`);
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1);
  await cell.click();
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await page.goto(`${server.url}#/data`);
  const csv = 'partner,measure,period,value\nSCI,TEEN-VISITS,2026-09,600\nSCI,TEEN-VISITS,2026-08,610\nLIB,TEEN-VISITS,2026-09,1200\n';
  await page.locator('#import-file').setInputFiles({ name: 'september-corrections.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 3 values' }).click();
  await page.getByText('Imported 3 values.').waitFor();
  await page.goto(`${server.url}#/history`);
  await page.getByRole('button', { name: 'Revert this import' }).click();
  await page.getByText('Put back 3 changes.').waitFor();
  for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow'], [1920, 1080, 'projector']]) {
    await page.setViewportSize({ width, height });
    for (const [screen, hash] of [['history', '#/history'], ['history-measure', '#/history/measures/TEEN-VISITS']]) {
      await page.goto(server.url + hash);
      await page.waitForSelector('main#main h1');
      await page.screenshot({ path: `${out}/${screen}-${name}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}#/history`);
  await page.waitForSelector('main#main h1');
  await page.pdf({ path: `${out}/history.pdf`, format: 'Letter' });
}

/**
 * Groups: a measure by area on its page, its groups in the grid, the breakdowns on the
 * coalition screen and a report's table with small groups hidden; narrow, wide and at
 * 1920×1080, and the measure printed.
 */
async function groupShots(page) {
  // Review (turned on above, nothing approved) would leave no period judged to publish.
  await page.goto(`${server.url}#/coalition`);
  await page.getByLabel("Review partners' values before they count").uncheck();
  for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow'], [1920, 1080, 'projector']]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}#/measures/ABSENT`);
    const section = page.locator('section.by-group').first();
    await section.waitFor();
    await section.screenshot({ path: `${out}/groups-measure-${name}.png` });
    await page.goto(`${server.url}#/entry/HS-NORTH`);
    const rows = page.locator('tr[data-measure="ABSENT"]').first();
    await rows.waitFor();
    await rows.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/groups-entry-${name}.png` });
    await page.goto(`${server.url}#/coalition`);
    const breakdowns = page.locator('section.breakdowns');
    await breakdowns.waitFor();
    await breakdowns.screenshot({ path: `${out}/groups-coalition-${name}.png` });
    await page.goto(`${server.url}#/report`);
    const table = page.locator('table:has(caption:has-text("by area of the county"))').first();
    await table.waitFor();
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: `${out}/groups-report-${name}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}#/measures/ABSENT`);
  await page.locator('section.by-group svg').first().waitFor();
  await page.pdf({ path: `${out}/groups-measure.pdf`, format: 'Letter' });
  // The editor's targets by group, and where values by group go when a breakdown is dropped
  // (the offer is shown, not applied, so leaving the editor is confirmed).
  page.on('dialog', (dialog) => dialog.accept());
  for (const [width, height, name] of [[1280, 900, 'wide'], [390, 900, 'narrow']]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}#/measures/ABSENT/edit`);
    const targets = page.locator('.group-targets').first();
    await targets.waitFor();
    await targets.screenshot({ path: `${out}/groups-targets-${name}.png` });
    await page.goto(`${server.url}#/measures/NEW-SKILL/edit`);
    await page.locator('fieldset:has(legend:text-is("Breakdowns")) label:has-text("Age band") input').uncheck();
    await page.getByRole('button', { name: 'Save measure' }).click();
    const offer = page.locator('section.regroup-offer');
    await offer.waitFor();
    await offer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/groups-regroup-${name}.png` });
  }
}
