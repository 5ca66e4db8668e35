// Forms never lose work silently: leaving one with unsaved changes asks first, and a refused
// save is explained beside the field it is about, named in words, with that field focused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticApp, storedDocument } from './harness.mjs';

const app = staticApp();

/** Records every dialog's message, answering each with `answer` ('accept' or 'dismiss'). */
function answerDialogs(page, answer) {
  const seen = [];
  const handler = async (dialog) => {
    seen.push({ type: dialog.type(), message: dialog.message() });
    await dialog[answer]();
  };
  page.on('dialog', handler);
  seen.stop = () => page.off('dialog', handler);
  return seen;
}

const EDIT = '#/measures/ABSENT/edit';

test('leaving the measure editor with unsaved changes asks; staying keeps the text', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + EDIT);
  const title = page.locator('#measure-title');
  await title.click();
  await title.press('End');
  await page.keyboard.type(' (renamed)');

  const dismissed = answerDialogs(page, 'dismiss');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForTimeout(200);
  assert.equal(dismissed.length, 1, 'one question was asked');
  assert.equal(dismissed[0].type, 'confirm');
  assert.equal(dismissed[0].message, 'You have unsaved changes in the measure editor. Leave without saving?');
  // Still in the editor, at its address, with the text as typed.
  assert.equal(await page.evaluate(() => location.hash), EDIT);
  assert.equal(await title.inputValue(), 'Chronic absenteeism, grades 9–12 (renamed)');
  assert.equal(await page.getByRole('heading', { name: 'Dashboard' }).count(), 0);
  // The browser's back button asks too.
  await page.goBack();
  await page.waitForTimeout(200);
  assert.equal(dismissed.length, 2);
  assert.equal(await title.inputValue(), 'Chronic absenteeism, grades 9–12 (renamed)');
  dismissed.stop();

  // Closing the tab asks through the browser's own prompt.
  const unload = answerDialogs(page, 'dismiss');
  await page.close({ runBeforeUnload: true });
  await page.waitForTimeout(300);
  assert.deepEqual(unload.map((d) => d.type), ['beforeunload']);
  assert.equal(page.isClosed(), false, 'staying keeps the tab open');
  unload.stop();

  // Choosing to leave leaves, and nothing was saved.
  const accepted = answerDialogs(page, 'accept');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  assert.equal(accepted.length, 1);
  assert.ok(!(await storedDocument(page)).includes('(renamed)'));

  // A form without changes, or once saved, is left without a question.
  await page.goto(app.server.url + EDIT);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.goto(app.server.url + EDIT);
  await title.fill('Chronic absence, grades 9–12');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  assert.equal(accepted.length, 1, 'no question after a save or without changes');
  accepted.stop();
  await page.close();
});

test('a save refused for an empty field names the field beside it and focuses it', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + EDIT);
  const title = page.locator('#measure-title');
  await title.fill('');
  await page.getByRole('button', { name: 'Save measure' }).click();
  const message = page.locator('#measure-title-error');
  await message.waitFor();
  assert.equal(await message.textContent(), 'Title is required.');
  assert.equal(await message.getAttribute('role'), 'alert');
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  assert.equal(await title.getAttribute('aria-describedby'), 'measure-title-error');
  await page.waitForFunction(() => document.activeElement?.id === 'measure-title');
  // Beside the field: in its box, just under the input, and the only message on the form.
  const [input, text] = [await title.boundingBox(), await message.boundingBox()];
  assert.ok(text.y >= input.y + input.height - 1 && text.y - (input.y + input.height) < 24, JSON.stringify({ input, text }));
  assert.equal(await page.locator('.field-error').count(), 1);
  assert.equal(await page.locator('#measure-error').isVisible(), false);
  // Other fields are not marked.
  assert.equal(await page.locator('#measure-code').getAttribute('aria-invalid'), null);
  // Nothing was saved.
  assert.ok((await storedDocument(page)).includes('Chronic absenteeism, grades 9–12'));

  // Fixing it and saving again goes through.
  await title.fill('Chronic absence');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a strategy without a code is named in the message, and the coalition settings ask before leaving', async () => {
  const page = await app.samplePage();
  await page.goto(app.server.url + '#/coalition');
  await page.getByRole('button', { name: 'Add a strategy' }).waitFor();
  const count = await page.locator('input[id^="strategy-"][id$="-code"]').count();
  await page.getByRole('button', { name: 'Add a strategy' }).click();
  const n = count + 1;
  await page.locator(`#strategy-${n}-name`).fill('Summer jobs');
  await page.getByRole('button', { name: 'Save coalition' }).click();
  const message = page.locator(`#strategy-${n}-code-error`);
  await message.waitFor();
  assert.equal(await message.textContent(), `Code of strategy ${n} is required.`);
  const code = page.locator(`#strategy-${n}-code`);
  assert.equal(await code.getAttribute('aria-invalid'), 'true');
  assert.equal(await code.getAttribute('aria-describedby'), `strategy-${n}-code-error`);
  await page.waitForFunction((id) => document.activeElement?.id === id, `strategy-${n}-code`);

  const asked = answerDialogs(page, 'dismiss');
  await page.getByRole('link', { name: 'Measures' }).click();
  await page.waitForTimeout(200);
  assert.deepEqual(asked.map((d) => d.message), ['You have unsaved changes in the coalition settings. Leave without saving?']);
  assert.equal(await page.locator(`#strategy-${n}-name`).inputValue(), 'Summer jobs');
  asked.stop();

  // Once saved, the page is left without a question.
  await code.fill('JOBS');
  await page.getByRole('button', { name: 'Save coalition' }).click();
  await page.getByText('Coalition saved.').waitFor();
  assert.equal(await code.getAttribute('aria-invalid'), null);
  const none = answerDialogs(page, 'dismiss');
  await page.getByRole('link', { name: 'Measures' }).click();
  await page.getByRole('heading', { name: 'Shared measures' }).waitFor();
  assert.equal(none.length, 0);
  none.stop();
  await page.close();
});
