// The privacy crawler: follows every public link from the home page (pages, lists, CSV and JSON
// downloads, IATI files), breadth first, and fails if any response carries an ID number
// (18 characters with a birth date passing the GB 11643 check digit) or labels one. Beneficiary names are covered by
// the Rust tests of the public pages (the demo's names are not known here).

import assert from 'node:assert/strict';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const MAX_PAGES = 400;

/** The ID numbers in `text` whose check digit is right (masked forms like 1301**********12 are not). */
export function idNumbersIn(text) {
  const found = [];
  for (const match of text.matchAll(/(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/g)) {
    const id = match[0].toUpperCase();
    const sum = [...id.slice(0, 17)].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
    // A birth date, so that 18-character credit codes (统一社会信用代码) are not taken for IDs.
    const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
    const born = y >= 1900 && y <= 2030 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
    if (born && CHECK[sum % 11] === id[17]) { found.push(id); }
  }
  return found;
}

function isPublic(href) {
  return !/^\/(workspace|admin|audit|account|sign-in|sign-out|api\/v1\/(me|workspace|activities))/.test(href);
}

function linksIn(body) {
  const out = [];
  for (const m of body.matchAll(/href="([^"#]+)"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/assets/')) { out.push(href); }
  }
  return out;
}

/** Crawls the public site from `/` and checks every response. */
export async function crawl({ page, log }) {
  const seen = new Set(['/']);
  const queue = ['/', '/api/openapi.json', '/iati/all.xml'];
  let fetched = 0;
  let bytes = 0;
  const kinds = {};
  while (queue.length && fetched < MAX_PAGES) {
    const href = queue.shift();
    const response = await page.request.get(href);
    fetched += 1;
    assert.ok(response.status() < 500, `GET ${href} → ${response.status()}`);
    const type = (response.headers()['content-type'] || '').split(';')[0];
    kinds[type] = (kinds[type] || 0) + 1;
    if (type.includes('spreadsheetml')) { continue; }
    const body = await response.text();
    bytes += body.length;
    const ids = idNumbersIn(body);
    assert.deepEqual(ids, [], `${href} shows ID numbers`);
    assert.ok(!/身份证号[：:]\s*[0-9]{6}/.test(body), `${href} labels an ID number`);
    if (type === 'text/html') {
      for (const link of linksIn(body)) {
        // One page per list is enough: deeper pages repeat the same template.
        const key = link.replace(/([?&])page=\d+/, '$1page=');
        if (!seen.has(key) && isPublic(link)) {
          seen.add(key);
          queue.push(link);
        }
      }
    }
  }
  assert.ok(fetched >= 50, `the crawler reached ${fetched} public pages`);
  const summary = Object.entries(kinds).map(([k, v]) => `${v} ${k}`).join(', ');
  log('ok', 'privacy crawl', `${fetched} responses (${summary}), ${(bytes / 1e6).toFixed(1)} MB: no ID number`);
}
