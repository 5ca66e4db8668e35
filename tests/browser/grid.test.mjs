// The data entry grid driven with the keyboard and mouse only, as a spreadsheet is: typing
// replaces a value, arrows move, F2 or a double click edits, Escape undoes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp, storedDocument } from './harness.mjs';

const app = staticApp();

async function sampleGrid() {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/entry/SCI');
  await page.locator('tr[data-measure="CO-DELIVERED"] input').first().waitFor();
  return page;
}

/** The period code of column `col` of the table holding `measure`. */
function periodOf(page, measure, col) {
  return page
    .locator(`table:has(tr[data-measure="${measure}"]) thead th .code`)
    .nth(col)
    .textContent();
}

/** The stored value of one cell of partner SCI, straight from the browser's storage. */
async function stored(page, measure, period) {
  const doc = JSON.parse(await storedDocument(page));
  const found = doc.observations.find((o) => o.measure === measure && o.period === period && o.partner === 'SCI');
  return found ? found.value : null;
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id);
}

async function selection(locator) {
  return locator.evaluate((input) => [input.selectionStart, input.selectionEnd]);
}

/** The focused cell's mode as the page shows it (its outline follows `data-mode`). */
async function mode(locator) {
  return locator.evaluate((input) => input.closest('td').dataset.mode ?? null);
}

test('typing into a filled cell replaces its value: 7 over 5 saves 7, never 57', async () => {
  const page = await sampleGrid();
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1);
  const below = page.locator('tr[data-measure="NEW-SKILL"] input').nth(1);
  const period = await periodOf(page, 'CO-DELIVERED', 1);
  await cell.click();
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  assert.equal(await focusedId(page), await below.getAttribute('id'), 'Enter moves down');
  assert.equal(await stored(page, 'CO-DELIVERED', period), 5);

  // A click focuses the cell in navigation mode with its whole text selected.
  await cell.click();
  assert.equal(await mode(cell), 'navigating');
  assert.deepEqual(await selection(cell), [0, 1]);
  await page.keyboard.type('7');
  assert.equal(await mode(cell), 'editing');
  assert.equal(await cell.inputValue(), '7');
  await page.keyboard.press('Enter');
  assert.equal(await stored(page, 'CO-DELIVERED', period), 7);
  // Shift+Enter moves back up.
  await page.keyboard.press('Shift+Enter');
  assert.equal(await focusedId(page), await cell.getAttribute('id'));

  // Even after a second click has placed the caret, typing replaces the whole value.
  await cell.click();
  await cell.click();
  await page.keyboard.type('8');
  await page.keyboard.press('Tab');
  assert.equal(await stored(page, 'CO-DELIVERED', period), 8);

  await page.reload();
  await page.locator('tr[data-measure="CO-DELIVERED"] input').first().waitFor();
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1).inputValue(), '8');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('arrows move between cells in navigation mode, and only the caret after F2', async () => {
  const page = await sampleGrid();
  const row = page.locator('tr[data-measure="CO-DELIVERED"] input');
  const cell = row.nth(1);
  const id = async (locator) => locator.getAttribute('id');
  await cell.click();
  await page.keyboard.type('42');
  await page.keyboard.press('Enter');
  const before = await storedDocument(page);

  await cell.click();
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusedId(page), await id(row.nth(2)));
  assert.equal(await mode(row.nth(2)), 'navigating');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusedId(page), await id(cell));
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(page), await id(page.locator('tr[data-measure="NEW-SKILL"] input').nth(1)));
  await page.keyboard.press('ArrowUp');
  assert.equal(await focusedId(page), await id(cell));
  // The whole value is selected again after moving back.
  assert.deepEqual(await selection(cell), [0, 2]);

  // F2 edits with the caret at the end; Left and Right move it and stay in the cell, even at
  // either end of the text.
  await page.keyboard.press('F2');
  assert.equal(await mode(cell), 'editing');
  assert.deepEqual(await selection(cell), [2, 2]);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusedId(page), await id(cell));
  assert.deepEqual(await selection(cell), [1, 1]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusedId(page), await id(cell), 'Left at the start stays in the cell');
  assert.deepEqual(await selection(cell), [0, 0]);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focusedId(page), await id(cell), 'Right at the end stays in the cell');
  assert.deepEqual(await selection(cell), [2, 2]);
  // Typing in edit mode inserts at the caret.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('0');
  assert.equal(await cell.inputValue(), '402');

  // Escape puts back the value the cell had when focused, in navigation mode, and saves nothing.
  await page.keyboard.press('Escape');
  assert.equal(await cell.inputValue(), '42');
  assert.equal(await mode(cell), 'navigating');
  assert.deepEqual(await selection(cell), [0, 2]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await storedDocument(page), before);

  // Replacing by typing is undone by Escape too.
  await cell.click();
  await page.keyboard.type('9');
  assert.equal(await cell.inputValue(), '9');
  await page.keyboard.press('Escape');
  assert.equal(await cell.inputValue(), '42');
  await page.keyboard.press('Tab');
  assert.equal(await storedDocument(page), before);

  // A double click edits where the text is, as F2 does.
  await cell.dblclick();
  assert.equal(await mode(cell), 'editing');
  assert.deepEqual(await selection(cell), [2, 2]);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focusedId(page), await id(cell));
  // Up and Down still move in edit mode, committing the text.
  await page.keyboard.press('Backspace');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focusedId(page), await id(page.locator('tr[data-measure="NEW-SKILL"] input').nth(1)));
  const period = await periodOf(page, 'CO-DELIVERED', 1);
  assert.equal(await stored(page, 'CO-DELIVERED', period), 2);

  await page.reload();
  await page.locator('tr[data-measure="CO-DELIVERED"] input').first().waitFor();
  assert.equal(await page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1).inputValue(), '2');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a cell tells screen readers how its keys work, and an invalid value is still refused', async () => {
  const page = await sampleGrid();
  const cell = page.locator('tr[data-measure="CO-DELIVERED"] input').nth(1);
  assert.equal(await cell.getAttribute('aria-describedby'), 'grid-keys');
  assert.equal(await page.locator('#grid-keys').textContent(), 'Type to replace, F2 to edit, Escape to undo.');
  await cell.click();
  await page.keyboard.type('-3');
  await page.keyboard.press('Enter');
  const error = page.locator('tr[data-measure="CO-DELIVERED"] .cell-error');
  assert.match(await error.textContent(), /cannot be negative/);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await cell.getAttribute('aria-describedby')).split(' '), [await error.getAttribute('id'), 'grid-keys']);
  const period = await periodOf(page, 'CO-DELIVERED', 1);
  assert.notEqual(await stored(page, 'CO-DELIVERED', period), -3);
  await page.close();
});

test('a value kept with Enter on a table\'s last row stays kept when the member leaves the screen', async () => {
  const page = await sampleGrid();
  // The last row of the table holding CO-DELIVERED, the rounds' row aside.
  const table = page.locator('table:has(tr[data-measure="CO-DELIVERED"])');
  const last = table.locator('tbody tr:not(.rounds)').last();
  const measure = await last.getAttribute('data-measure');
  const cell = last.locator('td.cell input:not([readonly])').first();
  // Percents and rates are entered as numerator/denominator, a weighted mean with its weight.
  const shape = await cell.getAttribute('placeholder');
  const [typed, expected] = {
    'n/d': ['7/10', { numerator: 7, denominator: 10 }],
    'mean@weight': ['7@10', { mean: 7, weight: 10 }],
  }[shape] ?? ['7', 7];
  await cell.click();
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  const id = await cell.getAttribute('id');
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, 'the focus stays on the last row');
  const period = await periodOf(page, measure, Number(id.split('-').pop()));
  await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.includes('Saved'));
  // Leaving the screen with the cell still focused changes nothing and breaks nothing.
  await page.goto(app.server.url + '#/');
  await page.locator('main h1').waitFor();
  assert.deepEqual(await stored(page, measure, period), expected);
  assert.deepEqual(page.errors, []);
  await page.close();
});
