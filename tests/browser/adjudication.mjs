// Issue 5's "done when": an officer adjudicates in the browser. The demo county's poverty-office
// officer opens 名单核定 from the navigation, opens a doubtful roster entry (masked), asks for the
// audited full view, upholds the doubt with a comment, and sees the queue shrink by one.

import assert from 'node:assert/strict';
import { join } from 'node:path';

const OFFICER = ['demo.county.fp.officer', 'Demo#2017Officer'];

async function shot(page, shots, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

function openCount(text) {
  const m = /待核定（(\d+)）/.exec(text);
  assert.ok(m, `the queue shows its open count: ${text.slice(0, 200)}`);
  return Number(m[1]);
}

export async function adjudicate({ page, shots, log }) {
  await page.goto('/sign-in');
  await page.fill('input[name="username"]', OFFICER[0]);
  await page.fill('input[name="password"]', OFFICER[1]);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
  assert.match(new URL(page.url()).pathname, /^\/workspace/, 'the officer is signed in');

  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/workspace/adjudication"]')]);
  const before = openCount(await page.locator('nav.tabs').innerText());
  assert.ok(before > 0, 'the demo county has doubtful entries to decide');
  await shot(page, shots, 'adjudication-queue');
  log('ok', 'queue', `${before} open items`);

  const first = page.locator('table a[href^="/workspace/adjudication/"]').first();
  await Promise.all([page.waitForNavigation(), first.click()]);
  const itemUrl = page.url();
  const masked = await page.locator('main').innerText();
  assert.match(masked, /名单填报/);
  assert.match(masked, /核对结果/);
  assert.equal(await page.locator('.secret').count(), 0, 'masked until the full view is asked for');
  await shot(page, shots, 'adjudication-item');

  await Promise.all([page.waitForNavigation(), page.click('form[action$="/reveal"] button')]);
  assert.ok(await page.locator('.secret').count() > 0, 'the full view shows names and the ID number');
  log('ok', 'full view', 'audited full view shown');

  await page.check('input[name="decision"][value="upheld"]');
  await page.fill('textarea[name="comment"]', '入户核实：与登记信息不符，不计入核对通过');
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/decide"] button[type="submit"]')]);
  assert.equal(page.url(), itemUrl, 'back on the item after deciding');
  const decided = await page.locator('main').innerText();
  assert.match(decided, /维持存疑/);
  assert.match(decided, /入户核实/);
  await shot(page, shots, 'adjudication-decided');

  await page.goto('/workspace/adjudication');
  const after = openCount(await page.locator('nav.tabs').innerText());
  assert.equal(after, before - 1, 'the decided item left the open queue');
  log('ok', 'decide', `upheld; ${after} open items left`);
}
