// Browser journeys of the org and staff pages (web/src/views/Org*, Staff*,
// CertWarnings, Ratio, Experts): the brigade adds a person with a
// certificate and finds them in the list; a certificate whose end is before
// its start is refused on the form and nothing is written; the expired-
// certificate reason shows on a person's eligibility; the leader grants a
// matter to a street and the check follows grant and revocation; an
// officer sees masked identity numbers; phone layout without overflow.
// playwright-core with Debian's chromium against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';
import { Client, DEMO_PASSWORD } from '../lib/server.mjs';

const TIMEOUT = 15000;

const suite = browserSuite({ timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });
const { openPage } = suite;

/** A valid GB 11643 identity number, different each call. */
let seq = 0;
function newId() {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  seq++;
  const z17 = `36010419930${(seq % 9) + 1}21${String(300 + seq + (Date.now() % 500)).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(z17[i]) * w[i];
  return z17 + '10X98765432'[s % 11];
}

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

/** Types a date into an Element Plus date picker wrapped in data-testid. */
async function pickDate(page, testid, value) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(value);
  await input.press('Enter');
}

async function chooseOption(page, select, popperClass, text) {
  await select.click();
  await page.locator(`.${popperClass} .el-select-dropdown__item`, { hasText: text }).first().click();
}

async function personId(name) {
  const c = new Client(suite.server.url);
  await c.login('admin');
  const r = await c.get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
  return r.body.items.find((x) => x.name === name).id;
}

async function noOverflow(page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

test('(a) the brigade adds a person with a certificate and finds them in 执法人员', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.getByTestId('menu-staff').click();
  await page.waitForURL('**/staff');
  await page.getByTestId('staff-table').getByText('李明', { exact: true }).waitFor();

  await page.getByTestId('staff-new').click();
  const dialog = page.getByTestId('staff-dialog');
  await dialog.waitFor();
  await chooseOption(page, dialog.getByTestId('staff-unit'), 'zf-staff-unit-popper', '执法一中队');
  await dialog.getByTestId('staff-name').fill('端到端新队员');
  await dialog.getByTestId('staff-id-number').fill(newId());
  await dialog.getByTestId('staff-phone').fill('13907912026');
  await dialog.getByTestId('staff-cert-on').click();
  await dialog.getByTestId('staff-cert-number').fill('E2E-CERT-1');
  await pickDate(page, 'staff-cert-from', '2026-01-01');
  await pickDate(page, 'staff-cert-to', '2031-12-31');
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('staff-save').click();

  // the new person's page, with the certificate
  await page.waitForURL(/\/staff\/\d+$/);
  assert.match(await page.getByTestId('staff-detail-name').innerText(), /端到端新队员/);
  await page.getByTestId('staff-certs').getByText('E2E-CERT-1').waitFor();

  // and the list
  await page.getByTestId('menu-staff').click();
  await page.getByTestId('staff-q').fill('端到端新队员');
  await page.getByTestId('staff-q').press('Enter');
  const row = page.getByTestId('staff-table').locator('.el-table__row', { hasText: '端到端新队员' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /执法一中队/);
  assert.match(text, /有效/);
  assert.match(text, /2031-12-31/);
  assert.deepEqual(problems, []);
});

test('(b) a certificate ending before it starts is refused on the form; nothing is written', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto('/staff');
  await page.getByTestId('staff-new').click();
  const dialog = page.getByTestId('staff-dialog');
  await dialog.waitFor();
  await chooseOption(page, dialog.getByTestId('staff-unit'), 'zf-staff-unit-popper', '执法二中队');
  await dialog.getByTestId('staff-name').fill('日期倒置者');
  await dialog.getByTestId('staff-id-number').fill(newId());
  await dialog.getByTestId('staff-cert-on').click();
  await dialog.getByTestId('staff-cert-number').fill('E2E-CERT-2');
  await pickDate(page, 'staff-cert-from', '2026-05-01');
  await pickDate(page, 'staff-cert-to', '2026-04-30');
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('staff-save').click();
  const err = dialog.locator('.el-form-item', { has: page.getByTestId('staff-cert-to') }).locator('.el-form-item__error');
  await err.waitFor();
  assert.match(await err.innerText(), /有效期至\s*2026-04-30 早于/);
  assert.ok(await dialog.isVisible());
  const c = new Client(suite.server.url);
  await c.login('admin');
  const r = await c.get(`/api/v1/staff?q=${encodeURIComponent('日期倒置者')}`);
  assert.equal(r.body.items.length, 0);
  assert.deepEqual(problems, []);
});

test('(c) the eligibility of an officer whose certificate expired shows the reason and the date', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.goto('/staff');
  await page.getByTestId('staff-q').fill('吴涛');
  await page.getByTestId('staff-q').press('Enter');
  await page.getByTestId('staff-table').locator('.el-table__row', { hasText: '吴涛' }).click();
  await page.waitForURL(/\/staff\/\d+$/);
  const today_ = page.getByTestId('staff-eligibility-today');
  await today_.waitFor();
  const text = await today_.innerText();
  assert.match(text, /不能作为执法人员/);
  assert.match(text, /到期失效/);
  assert.ok(text.includes(addDays(today(), -15)), text);
  // the same person on a day the certificate was still valid
  await pickDate(page, 'staff-check-date', addDays(today(), -30));
  await page.getByTestId('staff-check').click();
  const result = page.getByTestId('staff-check-result');
  await result.waitFor();
  assert.match(await result.innerText(), /可以作为执法人员/);
  assert.deepEqual(problems, []);
});

test('(d) the leader grants a matter to a street; the check follows grant and revocation', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'leader');
  await page.getByTestId('menu-org').click();
  await page.waitForURL('**/org**');
  await page.getByTestId('org-tree').getByText('京山街道办事处', { exact: true }).click();
  await page.getByTestId('org-detail-name').getByText('京山街道办事处').waitFor();

  await page.getByTestId('org-add-power').click();
  const dialog = page.getByTestId('power-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('power-item_code').fill('E2E-ITEM-1');
  await pickDate(page, 'power-valid_from', '2025-01-01');
  await dialog.getByTestId('power-document').fill('青府发〔2025〕99号');
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('power-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('org-powers').getByText('E2E-ITEM-1').waitFor();

  await page.getByTestId('org-may-item').fill('E2E-ITEM-1');
  await page.getByTestId('org-may-check').click();
  await page.getByTestId('org-may-result').getByText('可以实施').waitFor();

  await page.getByTestId('org-revoke-E2E-ITEM-1').click();
  const revoke = page.getByTestId('revoke-dialog');
  await revoke.waitFor();
  await revoke.getByTestId('revoke-reason').fill('端到端测试收回');
  await revoke.getByTestId('revoke-save').click();
  await revoke.waitFor({ state: 'hidden' });
  await page.getByTestId('org-powers').getByText(/起撤销：端到端测试收回/).waitFor();
  await page.getByTestId('org-may-check').click();
  const res = page.getByTestId('org-may-result');
  await res.getByText('不能实施').waitFor();
  assert.match(await res.innerText(), /撤销/);
  assert.deepEqual(problems, []);
});

test('(e) an officer sees identity numbers masked; pages fit a 375 px phone', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 812 });
  await uiLogin(page, 'officer1');
  await page.goto('/staff');
  const row = page.getByTestId('staff-table').locator('.el-table__row', { hasText: '刘芳' });
  await row.waitFor();
  await page.getByTestId('staff-masked-note').waitFor();
  assert.ok((await noOverflow(page)) <= 375, 'staff list overflows');
  await page.goto(`/staff/${await personId('刘芳')}`);
  const id = page.getByTestId('staff-detail-id');
  await id.waitFor();
  assert.match(await id.innerText(), /^\d{4}\*{10}[\dX]{4}$/);
  assert.ok((await noOverflow(page)) <= 375, 'staff detail overflows');
  await page.goto('/org');
  await page.getByTestId('org-tree').getByText('执法一中队').waitFor();
  assert.ok((await noOverflow(page)) <= 375, 'org page overflows');
  for (const path of ['/staff-warnings', '/professional-ratio', '/experts']) {
    await page.goto(path);
    await page.locator('.el-table__row').first().waitFor();
    assert.ok((await noOverflow(page)) <= 375, `${path} overflows`);
  }
  assert.deepEqual(problems, []);
});
