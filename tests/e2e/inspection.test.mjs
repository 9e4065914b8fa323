// Browser journeys of the inspection pages (web/src/views/inspection/*):
// the brigade schedules an inspection with two officers and lands on its
// page; a second unit scheduling the same enterprise in the same window is
// offered the joint inspection (该企业同期已由…安排检查, the year's count
// against the cap) and joining makes one joint group; an ineligible
// officer (expired certificate) is shown disabled with the reason; an
// officer finds it under 我的检查 and cancels need a reason; the pages fit
// a 375 px phone. playwright-core with Debian's chromium against the real
// binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, Client } from '../lib/server.mjs';

const TIMEOUT = 15000;
let server;
let browser;
let ent; // {id, name} of the enterprise the journeys schedule
let ent2;

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const NEXT = Number(today().slice(0, 4)) + 1;
const FROM = `${NEXT}-03-09`;
const TO = `${NEXT}-03-13`;

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  browser = await launchBrowser();
  const c = new Client(server.url);
  await c.login('brigade');
  const r = await c.get('/api/v1/enterprises?status=active&region=360104006&limit=100');
  // names that are unique in the ledger, so that the search finds one
  const unique = [];
  for (const e of r.body.items) {
    if (e.id <= 2) continue;
    const s = await c.get(`/api/v1/enterprises?q=${encodeURIComponent(e.name)}&limit=5`);
    if (s.body.items.length === 1) unique.push(e);
    if (unique.length === 2) break;
  }
  assert.equal(unique.length, 2);
  [ent, ent2] = unique;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });

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
  const c = new Client(server.url);
  await c.login('brigade');
  const r = await c.get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
  return r.body.items.find((x) => x.name === name).id;
}

/** Opens the schedule dialog and fills enterprise, window and unit. */
async function fillSchedule(page, enterprise, unit) {
  await page.getByTestId('insp-new').click();
  const dialog = page.getByTestId('sched-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('sched-enterprise').click();
  await page.keyboard.type(enterprise.name.slice(0, 8));
  await page.locator('.zf-sched-ent-popper .el-select-dropdown__item', { hasText: enterprise.name }).first().click();
  await pickDate(page, 'sched-from', FROM);
  await pickDate(page, 'sched-to', TO);
  await dialog.locator('.el-dialog__header').click();
  await chooseOption(page, dialog.getByTestId('sched-unit'), 'zf-sched-unit-popper', unit);
  return dialog;
}

async function noOverflow(page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

test('(a) the brigade schedules an inspection with two officers; an ineligible one is disabled with the reason', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.getByTestId('menu-inspections').click();
  await page.waitForURL('**/inspections');
  const dialog = await fillSchedule(page, ent, '执法一中队');

  const li = await personId('李明');
  const liu = await personId('刘芳');
  const wu = await personId('吴涛');
  // each officer checked for the enterprise and both ends of the window
  await dialog.getByTestId(`sched-officer-${li}`).getByText('可参加').waitFor();
  const expired = dialog.getByTestId(`sched-officer-${wu}`);
  await expired.getByTestId(`sched-officer-reason-${wu}`).waitFor();
  assert.match(await expired.innerText(), /到期失效/);
  assert.ok(await expired.locator('.el-checkbox').evaluate((el) => el.classList.contains('is-disabled')));
  assert.ok(await expired.locator('input[type=checkbox]').isDisabled());

  await dialog.getByTestId(`sched-officer-${li}`).locator('.el-checkbox').click();
  await dialog.getByTestId(`sched-officer-${liu}`).locator('.el-checkbox').click();
  assert.match(await dialog.getByTestId('sched-officer-count').innerText(), /已选 2 名/);
  // nobody else has it in the window: no offer, the year's count
  await dialog.getByTestId('sched-year-count').waitFor();
  assert.match(await dialog.getByTestId('sched-year-count').innerText(), /已安排 0\/\d+ 次/);
  assert.equal(await dialog.locator('[data-testid^="sched-join-"]').count(), 0);
  await dialog.getByTestId('sched-save').click();

  await page.waitForURL(/\/inspections\/\d+$/);
  await page.getByTestId('insp-facts').waitFor();
  // its evidence files (none yet) and the way to its hazards
  await page.getByTestId('insp-evidence').waitFor();
  await page.getByTestId('insp-hazards').waitFor();
  assert.equal(await page.getByTestId('insp-enterprise').innerText(), ent.name);
  assert.equal(await page.getByTestId('insp-status').innerText(), '已安排');
  assert.equal(await page.getByTestId('insp-type').innerText(), '日常检查');
  assert.equal(await page.getByTestId('insp-unit').innerText(), '执法一中队');
  const people = await page.getByTestId('insp-people').innerText();
  assert.match(people, /李明/);
  assert.match(people, /刘芳/);
  // in the list, with Chinese tags
  await page.getByTestId('menu-inspections').click();
  const row = page.getByTestId('insp-table').locator('.el-table__row', { hasText: ent.name });
  await row.waitFor();
  assert.match(await row.innerText(), /日常检查[\s\S]*已安排[\s\S]*执法一中队/);
  assert.deepEqual(problems, []);
});

test('(b) a second unit in the same window is offered the joint inspection; joining makes one group', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto('/inspections');
  const dialog = await fillSchedule(page, ent, '执法二中队');
  const offers = dialog.getByTestId('sched-overlaps');
  await offers.getByText('该企业同期已由执法一中队安排检查').waitFor();
  assert.match(await dialog.getByTestId('sched-year-count').innerText(), /已安排 1\/\d+ 次/);
  const join = dialog.locator('[data-testid^="sched-join-"]');
  const firstId = Number((await join.getAttribute('data-testid')).replace('sched-join-', ''));
  await join.click();
  await dialog.getByTestId('sched-joined-note').waitFor();
  assert.match(await dialog.getByTestId('sched-save').innerText(), /联合检查/);
  const zhu = await personId('朱建军');
  const guo = await personId('郭强');
  await dialog.getByTestId(`sched-officer-${zhu}`).getByText('可参加').waitFor();
  await dialog.getByTestId(`sched-officer-${zhu}`).locator('.el-checkbox').click();
  await dialog.getByTestId(`sched-officer-${guo}`).locator('.el-checkbox').click();
  await dialog.getByTestId('sched-save').click();

  await page.waitForURL(/\/inspections\/\d+$/);
  const joint = page.getByTestId('insp-joint');
  await joint.waitFor();
  assert.match(await joint.innerText(), new RegExp(`联合检查组 #${firstId}`));
  assert.match(await page.getByTestId('insp-type').innerText(), /联合检查/);
  await joint.getByTestId(`insp-joint-${firstId}`).getByText('执法一中队').waitFor();
  // and the first one lists the joiner
  await joint.getByTestId(`insp-joint-${firstId}`).locator('a').click();
  await page.waitForURL(`**/inspections/${firstId}`);
  await page.getByTestId('insp-joint').getByText('执法二中队').waitFor();
  assert.deepEqual(problems, []);
});

test('(c) without joining, the saved inspection shows the overlap warning the server returned', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto('/inspections');
  const dialog = await fillSchedule(page, ent, '青云谱区应急管理综合行政执法大队');
  await dialog.getByTestId('sched-overlaps').getByText('该企业同期已由执法一中队安排检查').waitFor();
  await chooseOption(page, dialog.getByTestId('sched-type'), 'zf-sched-type-popper', '专项检查');
  await dialog.getByTestId('sched-save').click();
  const result = page.getByTestId('sched-result');
  await result.waitFor();
  assert.match(await result.innerText(), /执法一中队已安排在/);
  await page.getByTestId('sched-open').click();
  await page.waitForURL(/\/inspections\/\d+$/);
  assert.equal(await page.getByTestId('insp-type').innerText(), '专项检查');
  assert.deepEqual(problems, []);
});

test('(d) 我的检查 for officer1 (李明); cancelling needs a reason', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.getByTestId('menu-my-inspections').click();
  await page.waitForURL('**/my-inspections');
  const row = page.getByTestId('insp-table').locator('.el-table__row', { hasText: ent.name });
  await row.waitFor();
  await row.click();
  await page.waitForURL(/\/inspections\/\d+$/);
  await page.getByTestId('insp-cancel').click();
  const d = page.getByTestId('insp-cancel-dialog');
  await d.waitFor();
  await d.getByTestId('insp-cancel-confirm').click();
  await d.locator('.el-form-item__error').waitFor();
  await d.getByTestId('insp-cancel-reason-input').fill('企业停产检修');
  await d.getByTestId('insp-cancel-confirm').click();
  await d.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('insp-status').innerText(), '已取消');
  assert.match(await page.getByTestId('insp-cancel-reason').innerText(), /企业停产检修/);
  assert.deepEqual(problems, []);
});

test('(e) the list, the dialog and the detail fit a 375 px phone', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 812 });
  await uiLogin(page, 'brigade');
  await page.goto('/inspections');
  await page.getByTestId('insp-table').locator('.el-table__row').first().waitFor();
  assert.ok((await noOverflow(page)) <= 375, 'list overflows');
  await page.getByTestId('insp-new').click();
  const dialog = page.getByTestId('sched-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('sched-enterprise').click();
  await page.keyboard.type(ent2.name.slice(0, 8));
  await page.locator('.zf-sched-ent-popper .el-select-dropdown__item', { hasText: ent2.name }).first().click();
  await pickDate(page, 'sched-from', FROM);
  await pickDate(page, 'sched-to', TO);
  await dialog.locator('.el-dialog__header').click();
  const wu = await personId('吴涛');
  await dialog.getByTestId(`sched-officer-reason-${wu}`).waitFor();
  assert.ok((await noOverflow(page)) <= 375, 'dialog overflows');
  const box = await dialog.getByTestId(`sched-officer-reason-${wu}`).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, 'reason cut off');
  await dialog.locator('.el-dialog__headerbtn').click();
  await page.getByTestId('insp-table').locator('.el-table__row').first().click();
  await page.getByTestId('insp-facts').waitFor();
  assert.ok((await noOverflow(page)) <= 375, 'detail overflows');
  assert.deepEqual(problems, []);
});

test('(f) a report entered after the deadline is flagged in the list and on the detail', async (t) => {
  const c = new Client(server.url);
  await c.login('brigade');
  const reported = (await c.get('/api/v1/inspections?status=reported&limit=200')).body.items;
  const late = reported.find((x) => x.report_late);
  assert.ok(late, 'the demo has a late report');
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto(`/inspections/${late.id}`);
  await page.getByTestId('insp-facts').waitFor();
  assert.equal(await page.getByTestId('insp-late').innerText(), '逾期填报');
  assert.deepEqual(problems, []);
});
