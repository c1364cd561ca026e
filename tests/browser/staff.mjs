// The staff journey of issue 4: a demo organization user reports an activity in the browser
// (locations, money, beneficiaries, an indicator, a 1,000-row roster after a refused faulty one),
// submits it, and its reviewing unit accepts and publishes it; the public then sees it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

import { idNumber, rosterCsv, faultyRosterCsv } from './roster_file.mjs';

const REPORTER = ['demo.org.reporter', 'Demo#2017OrgReporter'];
// Who reviews depends on the organization (业务主管单位, else 民政): the journey asks each
// government demo account whose queue holds the activity.
const REVIEWERS = [
  ['demo.supervisor.officer', 'Demo#2017Officer'],
  ['demo.county.mz.officer', 'Demo#2017Officer'],
  ['demo.county.fp.officer', 'Demo#2017Officer'],
  ['demo.province.fp.officer', 'Demo#2017Officer'],
];

async function shot(page, shots, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Submits the form matched by `selector` and waits for the page it leads to. */
async function submit(page, selector) {
  const form = page.locator(selector);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  const notice = await page.locator('.error, .errors, [role="alert"]').allTextContents();
  return notice.join(' ').trim();
}

async function signIn(page, [username, password]) {
  await page.goto('/sign-in');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button[type="submit"], main form button[type="submit"]')]);
  assert.match(new URL(page.url()).pathname, /^\/workspace/, `${username} is signed in (at ${page.url()})`);
}

async function signOut(page) {
  await page.context().clearCookies();
}

/** Picks region options down the picker until a county (6 digits) may be added. */
async function addCountyLocation(page, editUrl) {
  const addForm = 'form[action$="/edit/location-add"]';
  for (let depth = 0; depth < 3; depth += 1) {
    const picked = await page.locator(`${addForm} input[name="region"]`).getAttribute('value').catch(() => null);
    if (picked && picked.length === 6) { break; }
    const select = page.locator('form[method="get"] select[name="region"]');
    const value = await select.locator('option').first().getAttribute('value');
    await page.goto(`${editUrl}?region=${value}`);
  }
  const county = await page.locator(`${addForm} input[name="region"]`).getAttribute('value');
  assert.equal(county.length, 6, 'a county can be added');
  // Villages of the county's first township, for the roster.
  const townships = await page.$$eval('form[method="get"] select[name="region"] option', (os) => os.map((o) => o.value));
  await page.goto(`${editUrl}?region=${townships[0]}`);
  let villages = await page.$$eval('form[method="get"] select[name="region"] option', (os) => os.map((o) => o.value));
  if (villages.length === 0) { villages = [`${townships[0]}201`]; }
  await page.goto(`${editUrl}?region=${county}`);
  await page.fill(`${addForm} input[name="share"]`, '100');
  const error = await submit(page, addForm);
  assert.equal(error, '', 'the location is added');
  return { county, villages };
}

async function report({ page, shots, log }) {
  await signIn(page, REPORTER);
  log('ok', 'sign in as an organization reporter');
  await page.goto('/workspace/activities/new');
  const title = `浏览器测试：特色种植帮扶 ${Date.now()}`;
  await page.fill('input[name="title"]', title);
  await page.fill('input[name="year"]', '2019');
  await page.fill('textarea[name="description"]', '为贫困户提供种苗和技术培训。');
  await submit(page, 'form[action="/workspace/activities/new"]');
  const id = (page.url().match(/\/workspace\/activities\/(\d+)/) || [])[1];
  assert.ok(id, `a draft was created (at ${page.url()})`);
  const editUrl = `/workspace/activities/${id}/edit`;
  log('ok', 'new draft', `activity ${id}`);

  await page.goto(editUrl);
  const core = 'form[action$="/edit/core"]';
  await page.fill(`${core} input[name="planned_start"]`, '2019-03-01');
  await page.fill(`${core} input[name="actual_start"]`, '2019-03-05');
  await page.fill(`${core} input[name="actual_end"]`, '2019-11-30');
  await page.fill(`${core} input[name="volunteer_hours"]`, '120');
  assert.equal(await submit(page, core), '', 'basic information saved');

  await page.goto(editUrl);
  const { county, villages } = await addCountyLocation(page, editUrl);
  log('ok', 'location picked province → county', county);

  await page.goto(editUrl);
  const money = 'form[action$="/edit/transaction-add"]';
  await page.selectOption(`${money} select[name="kind"]`, 'commitment');
  await page.fill(`${money} input[name="occurred_on"]`, '2019-03-01');
  await page.fill(`${money} input[name="amount"]`, '12万元');
  assert.equal(await submit(page, money), '', 'a commitment is added');
  await page.goto(editUrl);
  await page.selectOption(`${money} select[name="kind"]`, 'disbursement');
  await page.fill(`${money} input[name="occurred_on"]`, '2019-06-01');
  await page.fill(`${money} input[name="amount"]`, '¥100,000.00');
  assert.equal(await submit(page, money), '', 'a disbursement is added');
  log('ok', 'money', '12万元 committed, ¥100,000.00 disbursed');

  await page.goto(editUrl);
  const whom = 'form[action$="/edit/beneficiaries"]';
  const households = page.locator(`${whom} input[name^="households_"]`).first();
  const persons = page.locator(`${whom} input[name^="persons_"]`).first();
  await households.fill('300');
  await persons.fill('1000');
  assert.equal(await submit(page, whom), '', 'beneficiaries saved');

  await page.goto(editUrl);
  const effect = 'form[action$="/edit/indicator-add"]';
  await page.fill(`${effect} input[name="baseline"]`, '0');
  await page.fill(`${effect} input[name="target"]`, '300');
  await page.fill(`${effect} input[name="actual"]`, '280');
  assert.equal(await submit(page, effect), '', 'an indicator is added');
  await shot(page, shots, '40-activity-editor');
  log('ok', 'beneficiaries and an indicator');

  // The roster: the template first, then a faulty file (refused, nothing kept), then a good one.
  await page.goto(`/workspace/activities/${id}`);
  const [template] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href$="/roster/template.csv"]`),
  ]);
  const templatePath = join(shots, template.suggestedFilename() || 'roster-template.csv');
  await template.saveAs(templatePath);
  log('ok', 'roster template downloaded', template.suggestedFilename());

  const upload = page.locator('form[action*="/roster"][enctype="multipart/form-data"]');
  const faulty = join(shots, 'roster-faulty.csv');
  writeFileSync(faulty, faultyRosterCsv(villages));
  await upload.locator('input[type="file"]').setInputFiles(faulty);
  await Promise.all([page.waitForNavigation(), upload.locator('button[type="submit"]').click()]);
  const report = await page.locator('main').innerText();
  for (const fault of ['身份证号', '村', '受益类别', '金额', '日期']) {
    assert.ok(report.includes(fault), `the report names the ${fault} fault`);
  }
  assert.ok(!report.includes(idNumber(7)), 'the report never shows an ID number in full');
  const problems = await page.locator('main table tbody tr').count();
  assert.ok(problems >= 10, `one line per fault (${problems})`);
  await shot(page, shots, '41-roster-refused');
  log('ok', 'a faulty roster is refused with a report by row and column');

  await page.goto(`/workspace/activities/${id}`);
  assert.ok(!/名单共 [1-9]/.test(await page.locator('main').innerText()), 'nothing of the refused file was kept');
  const good = join(shots, 'roster-1000.csv');
  writeFileSync(good, rosterCsv(villages, 1000));
  await page.locator('form[action*="/roster"][enctype="multipart/form-data"] input[type="file"]').setInputFiles(good);
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action*="/roster"][enctype="multipart/form-data"] button[type="submit"]').click(),
  ]);
  const detail = await page.locator('main').innerText();
  assert.ok(/1,?000/.test(detail), 'the page shows 1,000 roster entries');
  log('ok', '1,000-row roster imported');

  await page.goto(`/workspace/activities/${id}`);
  await submit(page, `form[action="/workspace/activities/${id}/submit"]`);
  assert.ok((await page.locator('main').innerText()).includes('已提交'), 'the activity is submitted');
  await shot(page, shots, '42-submitted');
  log('ok', 'submitted for review');
  await signOut(page);
  return { id, title };
}

async function review({ page, shots, log }, { id, title }) {
  for (const account of REVIEWERS) {
    await signIn(page, account);
    await page.goto('/workspace/reviews');
    if (await page.locator(`a[href="/workspace/activities/${id}"]`).count()) {
      log('ok', 'the review queue holds it', account[0]);
      await page.click(`a[href="/workspace/activities/${id}"]`);
      const accept = `form[action="/workspace/activities/${id}/accept"]`;
      await page.check(`${accept} input[name="publish"]`);
      await submit(page, accept);
      assert.ok((await page.locator('main').innerText()).includes('已公开'), 'accepted and published');
      await shot(page, shots, '43-accepted');
      log('ok', 'accepted and published by the reviewing unit');
      await signOut(page);
      const pub = await page.goto(`/activity/${id}`);
      assert.equal(pub.status(), 200);
      assert.ok((await page.locator('main').innerText()).includes(title.slice(0, 12)), 'the public sees it');
      await shot(page, shots, '44-public-activity');
      log('ok', 'the public activity page shows it');
      return;
    }
    await signOut(page);
  }
  assert.fail(`no demo reviewer's queue holds activity ${id}`);
}

/** Report, submit, review, publish. */
export async function reportAndReview(ctx) {
  const activity = await report(ctx);
  await review(ctx, activity);
}
