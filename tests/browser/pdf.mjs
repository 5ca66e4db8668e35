// Reading back the PDF Chromium prints, for the tests of printed pages.
import assert from 'node:assert/strict';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of `pdf` (a Buffer), as the list of its text runs. */
export async function pages(pdf) {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true }).promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    out.push(content.items.map((i) => i.str.trim()).filter((s) => s !== ''));
  }
  await doc.destroy();
  return out;
}

/** Fails if a page shows the app's navigation, controls or floating labels. */
export function assertNoScreenChrome(printed) {
  printed.forEach((runs, i) => {
    const text = runs.join(' ');
    for (const chrome of ['Enter data', 'Import and export', 'Saved in this browser', 'Not shared', 'Skip to content', 'Tell the story of a period']) {
      assert.ok(!text.includes(chrome), `page ${i + 1} shows "${chrome}": ${text}`);
    }
    for (const control of ['Print', 'Present', 'Strategy', 'From', 'To', 'Download chart (SVG)', 'Chart', 'Table']) {
      assert.ok(!runs.includes(control), `page ${i + 1} shows the control "${control}"`);
    }
    assert.ok(text.includes(`Page ${i + 1} of ${printed.length}`), `page ${i + 1} has no page number: ${text}`);
  });
}
