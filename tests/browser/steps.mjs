// The public journeys, step by step. Each step logs `ok`; anything else (a missing page included)
// throws and fails the run.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

import { crawl } from './crawler.mjs';
import { reportAndReview } from './staff.mjs';
import { adjudicate } from './adjudication.mjs';
import { importList } from './lists.mjs';

async function shot(page, shots, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Goes to `href`, which must answer 200. */
async function open(page, href, step, log) {
  // Ask first, so that a missing page is reported here rather than as a console error.
  const response = await page.goto(href, { waitUntil: 'load' });
  const status = response ? response.status() : 0;
  assert.equal(status, 200, `GET ${href} → ${status}`);
  return response;
}

/** Every link in the page's main part whose href matches `pattern`, in page order. */
async function allLinks(page, pattern) {
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))];
}

/** The first link on the page whose href matches `pattern`. */
async function firstLink(page, pattern) {
  const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
  return hrefs.find((h) => pattern.test(h)) || null;
}

async function home(page, shots, log) {
  await open(page, '/', 'home', log);
  await assert.doesNotReject(page.waitForSelector('h1#intro-heading'));
  const figures = await page.locator('.figure').count();
  assert.ok(figures >= 9, `headline figures shown (${figures})`);
  await page.waitForSelector('#china-map[data-ready="true"]', { timeout: 30000 });
  await page.waitForSelector('#china-map canvas');
  const charts = await page.locator('.chart canvas').count();
  assert.ok(charts >= 2, `charts by field and by year drawn (${charts})`);
  await shot(page, shots, '01-home');
  log('ok', 'home', `${figures} figures, map and ${charts} charts drawn`);
}

/** Clicks a province on the map (at its centre point) and waits for its prefectures. */
async function drillMap(page, shots, log) {
  // Choose the measure first: choosing may scroll the page, and the click below uses viewport
  // coordinates.
  await page.locator('#map-measure').selectOption('committed');
  await page.waitForSelector('#china-map[data-ready="true"]');
  await page.locator('#china-map').scrollIntoViewIfNeeded();
  const target = await page.evaluate(async () => {
    const el = document.getElementById('china-map');
    const data = await (await fetch(el.getAttribute('data-api'))).json();
    const best = data.regions.slice().sort((a, b) => b.activities - a.activities)[0];
    const { chart, state } = el.fupinMap;
    const feature = state.geo.features.find((f) => String(f.id || f.properties.id).startsWith(best.code));
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, feature.properties.cp);
    const box = el.getBoundingClientRect();
    return { code: best.code, name: best.name, activities: best.activities, x: box.left + x, y: box.top + y };
  });
  assert.ok(target.activities > 0, 'some province has published activities');
  await page.mouse.click(target.x, target.y);
  await page.waitForSelector(`#china-map[data-level="${target.code}"][data-ready="true"]`, { timeout: 20000 });
  await shot(page, shots, '02-map-province');
  const href = await page.getAttribute('#map-open', 'href');
  assert.equal(href, `/region/${target.code}`);
  log('ok', 'map → province', `clicked ${target.name} (${target.activities} activities): its prefectures are shown`);
  await page.click('#map-back');
  await page.waitForSelector('#china-map[data-level="china"][data-ready="true"]');
  log('ok', 'map back to China');
  return href;
}

async function publicJourney({ page, shots, log }) {
  await home(page, shots, log);
  const provinceHref = await drillMap(page, shots, log);
  // Province page, from the map's link.
  let orgHref = null;
  if (await open(page, provinceHref, 'province page', log)) {
    await shot(page, shots, '03-province');
    log('ok', 'province page', provinceHref);
    // Down the region links to a county where organizations are active (not every county has any).
    const prefectures = await allLinks(page, /^\/region\/\d{4}$/);
    assert.ok(prefectures.length, 'the province page links its prefectures');
    search: for (const prefectureHref of prefectures.slice(0, 8)) {
      await open(page, prefectureHref, 'prefecture page', log);
      const counties = await allLinks(page, /^\/region\/\d{6}$/);
      assert.ok(counties.length, `the prefecture page ${prefectureHref} links its counties`);
      for (const countyHref of counties.slice(0, 12)) {
        await open(page, countyHref, 'county page', log);
        orgHref = await firstLink(page, /^\/organization\/\d+$/);
        if (orgHref) {
          await shot(page, shots, '04-county');
          log('ok', 'prefecture → county page', `${prefectureHref} → ${countyHref}`);
          break search;
        }
      }
    }
    assert.ok(orgHref, 'some county page links the organizations active there');
  }
  if (!(await open(page, orgHref, 'organization page', log))) { return; }
  await shot(page, shots, '05-organization');
  log('ok', 'organization page', orgHref);
  const activityHref = await firstLink(page, /^\/activity\/\d+$/);
  assert.ok(activityHref, 'the organization page links its activities');
  if (!(await open(page, activityHref, 'activity page', log))) { return; }
  await shot(page, shots, '06-activity');
  // The four questions of notice §三, each answered on the page.
  for (const id of ['where-heading', 'whom-heading', 'much-heading', 'effect-heading']) {
    assert.ok(await page.isVisible(`#${id}`), `the activity page answers ${id}`);
  }
  log('ok', 'activity page', `${activityHref}: where, whom, how much, effect`);
}

async function searchJourney({ page, shots, log }) {
  await open(page, '/', 'home', log);
  await page.fill('#home-q', '教育');
  await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#home-q', 'Enter')]);
  const rows = await page.locator('#activities tbody tr').count();
  assert.ok(rows > 0, 'words find activities');
  await shot(page, shots, '10-search-words');
  log('ok', 'search 教育 from the home page', `${rows} activities on the first page`);

  await page.fill('#q', 'jyfp');
  await Promise.all([page.waitForURL(/q=jyfp/), page.click('.search-box button')]);
  const pinyin = await page.locator('#activities tbody tr').count();
  assert.ok(pinyin > 0, 'pinyin initials find activities');
  await shot(page, shots, '11-search-pinyin');
  log('ok', 'search jyfp (pinyin initials)', `${pinyin} activities`);

  await page.selectOption('select[name="field"]', 'education');
  await Promise.all([page.waitForURL(/field=education/), page.click('.search-box button')]);
  const fields = await page.$$eval('#activities tbody tr td:nth-child(3)', (tds) => tds.map((t) => t.textContent.trim()));
  assert.ok(fields.length > 0 && fields.every((f) => f === '教育扶贫'), `filtered by field: ${fields.join(',')}`);
  log('ok', 'filter by field', `${fields.length} rows, all 教育扶贫`);

  const next = page.locator('a[rel="next"]');
  if (await next.count()) {
    await Promise.all([page.waitForURL(/page=2/), next.first().click()]);
    assert.ok((await page.locator('#activities tbody tr').count()) > 0);
    await shot(page, shots, '12-search-page-2');
    log('ok', 'next page of results');
  } else {
    log('ok', 'next page of results', 'one page only');
  }
  await page.fill('#q', '基金会');
  await page.selectOption('select[name="field"]', '');
  await Promise.all([page.waitForURL(/q=%E5%9F%BA/), page.click('.search-box button')]);
  await page.click('.tabs a[href*="kind=organizations"]');
  await page.waitForURL(/kind=organizations/);
  const orgs = await page.locator('#organizations tbody tr').count();
  assert.ok(orgs > 0, 'organizations found by a word of their name');
  await shot(page, shots, '13-search-organizations');
  log('ok', 'organizations tab (基金会)', `${orgs} organizations on the first page`);
}

async function downloadJourney({ page, shots, log }) {
  await open(page, '/search?q=%E6%95%99%E8%82%B2', 'search', log);
  const json = await firstLink(page, /^\/api\/v1\/search/);
  assert.ok(json, 'the results link their JSON twin');
  const response = await page.request.get(json);
  assert.equal(response.status(), 200);
  const data = await response.json();
  assert.ok(data.activities.total > 0, 'the JSON has the results');
  log('ok', 'JSON of the search results', `${data.activities.total} activities`);

  // CSV / Excel downloads are offered by the list pages (region, organization): follow them.
  const pages = ['/region/13/activities', '/region/13/organizations', '/search?q=%E6%95%99%E8%82%B2'];
  let downloaded = 0;
  for (const href of pages) {
    await open(page, href, `downloads on ${href}`, log);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href'))
      .filter((h) => /\.(csv|xlsx|xml)(\?|$)|[?&]format=(csv|xlsx)|\/download/.test(h)));
    for (const link of links.slice(0, 3)) {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 15000 }),
        page.evaluate((h) => { const a = document.createElement('a'); a.href = h; a.download = ''; document.body.appendChild(a); a.click(); }, link),
      ]);
      const path = join(shots, `download-${downloaded}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      const head = readFileSync(path).subarray(0, 4);
      const csv = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      const xlsx = head[0] === 0x50 && head[1] === 0x4b;
      const xml = head.toString('latin1').startsWith('<?xm');
      assert.ok(csv || xlsx || xml, `${link}: a CSV with BOM, an XLSX or XML file`);
      downloaded += 1;
      log('ok', 'download', `${link} → ${download.suggestedFilename()}`);
    }
  }
  assert.ok(downloaded >= 4, `the public lists offer CSV and Excel downloads (${downloaded} taken)`);
  await shot(page, shots, '20-download');
}

async function withoutJavaScript({ page, shots, log }) {
  await open(page, '/', 'home without JavaScript', log);
  const provinces = await page.locator('.by-province a[href^="/region/"]').count();
  assert.ok(provinces >= 31, `provinces listed as links (${provinces})`);
  assert.equal(await page.locator('#china-map canvas').count(), 0);
  assert.ok(await page.isVisible('#china-map .note'), 'the map explains itself without JavaScript');
  await shot(page, shots, '30-home-no-javascript');
  log('ok', 'home without JavaScript', `${provinces} province links, tables by field and year`);
  await page.fill('#home-q', 'jyfp');
  await Promise.all([page.waitForURL(/\/search\?q=jyfp/), page.press('#home-q', 'Enter')]);
  assert.ok((await page.locator('#activities tbody tr').count()) > 0);
  await shot(page, shots, '31-search-no-javascript');
  log('ok', 'search without JavaScript');
}

/** The journeys, in order. */
export const journeys = [
  { name: 'public', run: publicJourney },
  { name: 'search', run: searchJourney },
  { name: 'download', run: downloadJourney },
  { name: 'no-javascript', run: withoutJavaScript, javaScript: false },
  { name: 'report-and-review', run: reportAndReview, expectedConsole: [/status of 422/] },
  { name: 'adjudication', run: adjudicate },
  { name: 'lists', run: importList, expectedConsole: [/status of 422/] },
  { name: 'privacy-crawler', run: crawl },
];
