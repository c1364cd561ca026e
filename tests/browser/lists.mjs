// Issue 5, the other lists: the demo county's civil-affairs officer opens 救助名单 from the
// navigation, uploads a 特困人员 list with a mistake (refused whole, the report names the row and
// column, nothing kept), then the corrected file, and sees the members counted.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { idNumber } from './roster_file.mjs';

const OFFICER = ['demo.county.mz.officer', 'Demo#2017Officer'];
const HEADER = '姓名,身份证号,村代码,名单状态,退出年度';

async function shot(page, shots, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

function listCsv(county, rows) {
  return `\ufeff${[HEADER, ...rows.map((r) => r.join(','))].join('\r\n')}\r\n`;
}

async function upload(page, path) {
  const form = page.locator('form[action^="/workspace/lists/tekun"]');
  await form.locator('input[type="file"]').setInputFiles(path);
  await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
}

export async function importList({ page, shots, log }) {
  await page.goto('/sign-in');
  await page.fill('input[name="username"]', OFFICER[0]);
  await page.fill('input[name="password"]', OFFICER[1]);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type="submit"]')]);
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/workspace/lists"]')]);
  const county = (await page.locator('#lists-region').innerText()).trim();
  assert.match(county, /^\d{6}$/, `a county office: ${county}`);
  await shot(page, shots, 'lists-form');

  const village = `${county}100201`;
  const faulty = join(shots, 'tekun-faulty.csv');
  writeFileSync(faulty, listCsv(county, [
    ['王秀英', idNumber(9001), village, '在册', ''],
    ['李桂兰', idNumber(9002), village, '已退出', ''],
  ]));
  await upload(page, faulty);
  const report = await page.locator('main').innerText();
  assert.match(report, /未导入/);
  assert.match(report, /退出年度/);
  assert.ok(!report.includes(idNumber(9001)), 'the report never shows an ID number in full');
  const row = page.locator('#list-counts tbody tr', { hasText: '特困人员名单' });
  assert.match(await row.innerText(), /^\s*特困人员名单\s+0\s+0\s+0/, 'nothing of the refused file was kept');
  await shot(page, shots, 'lists-refused');
  log('ok', 'a faulty list is refused with the row and column');

  const good = join(shots, 'tekun.csv');
  writeFileSync(good, listCsv(county, [
    ['王秀英', idNumber(9001), village, '在册', ''],
    ['李桂兰', idNumber(9002), village, '已退出', '2018'],
  ]));
  await upload(page, good);
  const done = await page.locator('main').innerText();
  assert.match(done, /特困人员名单 文件 tekun\.csv 已导入/);
  assert.match(await row.innerText(), /^\s*特困人员名单\s+1\s+1\s+0/);
  assert.ok(!done.includes('王秀英') && !done.includes(idNumber(9001)), 'no personal data on the page');
  await shot(page, shots, 'lists-imported');
  log('ok', 'the list is imported and counted');
}
