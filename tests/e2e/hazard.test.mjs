// Browser journeys of the hazard pages (web/src/views/hazard/*): an officer
// records a hazard on an inspection linked to a line of its checklist,
// orders its rectification (the 指令书 number is the server's), records the
// enterprise's report and re-inspects it (first failed before the deadline:
// 复查未通过, no 立案建议; then passed) — the timeline shows every step
// and the hazard ends 已闭环; a re-inspection before the order is not even
// offered; the department account dept1 signs for and answers the demo's
// pending transfer on its own page; the leader finds the major hazard's
// notification; the hazard list fits a 375 px phone. playwright-core with
// Debian's chromium against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, Client } from '../lib/server.mjs';

const TIMEOUT = 15000;
let server;
let browser;
let insp;

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  browser = await launchBrowser();
  const c = new Client(server.url);
  await c.login('officer1');
  const r = await c.get('/api/v1/inspections?status=scheduled&limit=5');
  insp = r.body.items[0].id;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });

async function pickDate(scope, testid, value) {
  const input = scope.getByTestId(testid).locator('input').first();
  const el = (await input.count()) ? input : scope.locator(`[data-testid="${testid}"]`);
  await el.fill(value);
  await el.press('Enter');
}

async function act(page, action, fill) {
  await page.getByTestId(`hz-act-${action}`).click();
  const d = page.getByTestId('hz-act-dialog');
  await d.waitFor();
  if (fill) await fill(d);
  await page.getByTestId('hz-a-save').click();
  await d.waitFor({ state: 'hidden' });
}

test('(a) an officer records a hazard and carries it through rectification and re-inspection', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.getByTestId('menu-hazards').click();
  await page.waitForURL('**/hazards');
  await page.getByTestId('hz-table').locator('.el-table__row').first().waitFor();
  await page.goto(`/hazards?inspection_id=${insp}`);
  await page.getByTestId('hz-new').click();
  const d = page.getByTestId('hz-dialog');
  await d.waitFor();
  await d.getByTestId('hz-f-description').fill('浏览器登记：灭火器过期');
  await d.getByTestId('hz-f-place').fill('二号仓库');
  // link a line of the inspection's checklist
  await d.getByTestId('hz-f-lines').click();
  const option = page.locator('.zf-hz-lines-popper .el-select-dropdown__item').first();
  await option.waitFor();
  const lineText = (await option.innerText()).split(' · ').pop().trim();
  await option.click();
  await d.locator('.el-dialog__header').click();
  await page.getByTestId('hz-f-save').click();
  await page.waitForURL(/\/hazards\/\d+$/);
  assert.equal(await page.getByTestId('hz-status').innerText(), '待整改');
  // no re-inspection is offered before the order
  assert.equal(await page.getByTestId('hz-act-reinspect').count(), 0);
  assert.match(await page.getByTestId('hz-links-checklist').innerText(), new RegExp(lineText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await act(page, 'order', async (dlg) => {
    // the number is the server's: nothing to type
    assert.match(await dlg.getByTestId('hz-a-order-no').innerText(), /系统/);
    await pickDate(dlg, 'hz-a-deadline', addDays(today(), 15));
    await dlg.locator('.el-dialog__header').click();
  });
  await page.getByTestId('hz-status').getByText('限期整改中').waitFor();
  assert.match(await page.getByTestId('hz-order-no').innerText(), /责改〔\d{4}〕第\d+号$/);
  await act(page, 'report', async (dlg) => {
    await dlg.getByTestId('hz-a-note').fill('已更换灭火器');
  });
  await page.getByTestId('hz-status').getByText('企业已报整改完成').waitFor();
  // a failed re-inspection before the deadline: 复查未通过, no 立案建议 offered
  await act(page, 'reinspect', async (dlg) => {
    await dlg.getByTestId('hz-a-result').getByText('未整改到位').click();
  });
  await page.getByTestId('hz-status').getByText('复查未通过').waitFor();
  assert.equal(await page.getByTestId('hz-act-propose').count(), 0);
  assert.match(await page.getByTestId('hz-timeline').innerText(), /复查未通过/);
  await act(page, 'report', async (dlg) => {
    await dlg.getByTestId('hz-a-note').fill('再次整改');
  });
  await page.getByTestId('hz-status').getByText('企业已报整改完成').waitFor();
  await act(page, 'reinspect');
  await page.getByTestId('hz-status').getByText('已闭环').waitFor();
  assert.match(await page.getByTestId('hz-reinspect-no').innerText(), /复查〔\d{4}〕第\d+号$/);
  const items = page.getByTestId('hz-timeline').locator('.el-timeline-item');
  assert.equal(await items.count(), 6);
  assert.match(await page.getByTestId('hz-timeline').innerText(), /officer1/);
  assert.deepEqual(problems, []);
});

test('(b) the department account signs for and answers its transfer', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'dept1');
  await page.getByTestId('menu-dept-transfers').click();
  await page.waitForURL('**/department/transfers');
  const table = page.getByTestId('tr-table');
  await table.locator('.el-table__row').first().waitFor();
  const receive = table.locator('[data-testid^="tr-receive-"]').first();
  const id = (await receive.getAttribute('data-testid')).replace('tr-receive-', '');
  await receive.click();
  await page.getByTestId(`tr-status-${id}`).getByText('已签收待答复').waitFor();
  await page.getByTestId(`tr-answer-${id}`).click();
  await page.getByTestId('tr-dialog').waitFor();
  await page.getByTestId('tr-answer-text').fill('已受理，纳入本部门监管');
  await page.getByTestId('tr-save').click();
  await page.getByTestId(`tr-status-${id}`).getByText('已答复').waitFor();
  assert.deepEqual(problems, []);
});

test('(c) the leader sees the major hazard notification; the list fits a 375 px phone', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 812 });
  await uiLogin(page, 'leader');
  await page.goto('/notifications');
  await page.getByTestId('notifications-page').getByText(/重大事故隐患/).first().waitFor();
  await page.goto('/hazards');
  await page.getByTestId('hz-table').locator('.el-table__row').first().waitFor();
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= 375, `list overflows: ${width}`);
  assert.deepEqual(problems, []);
});
