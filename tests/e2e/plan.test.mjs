// Browser journey of the annual plan (web/src/views/plan/*, SCENARIOS.md
// journey 1): the brigade leader opens next year's plan, schedules key
// enterprises in the month grid, "submit" is refused naming the one left
// unscheduled, he schedules it and submits; the leader records the
// government's approval (文号, date) and publishes; the plan summary is on
// the public portal without login; the editor fits a 375 px phone.
// Key enterprises are inserted into the demo database first (the risk
// module fills them in the product). playwright-core with Debian's
// chromium against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, demoDb, Client } from '../lib/server.mjs';

const TIMEOUT = 15000;
const nextYear = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4)) + 1;
let server;
let browser;
let keys;          // [{id, name}] three district-supervised key enterprises of next year
let planId;

function sql(db, text) {
  const r = spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

before(async () => {
  const db = demoDb();
  // the demo's key list of next year (risk_demo) is set aside: this journey
  // works on three key enterprises of its own, none yet in a plan
  sql(db, `UPDATE key_enterprise SET removed_at='2026-01-01T00:00:00Z', removed_by='test', remove_reason='e2e'
           WHERE year=${nextYear} AND removed_at IS NULL`);
  keys = sql(db, `SELECT id || '|' || name FROM enterprise WHERE supervising_level='district' AND status='active'
                  AND id NOT IN (SELECT enterprise_id FROM plan_entry) ORDER BY id LIMIT 3`).split('\n').map((l) => { const [id, name] = l.split('|'); return { id: Number(id), name }; })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const k of keys) {
    sql(db, `INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)
             VALUES(${k.id}, ${nextYear}, 'rule', '危化品重大危险源', 'test', '2026-01-01T00:00:00Z')`);
  }
  server = await startServer({ db, args: ['--login-max-failures', '1000'] });
  browser = await launchBrowser();
  const c = new Client(server.url);
  await c.login('brigade');
  planId = (await c.get(`/api/v1/plans?year=${nextYear}`)).body.items[0].id;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });

/** Picks the period labelled `label` for enterprise id in the month grid. */
async function schedule(page, id, label) {
  const select = page.getByTestId(`key-period-${id}`);
  await select.click();
  await select.locator('input').fill(label);   // filterable, first option chosen by Enter
  await page.locator('.zf-key-popper:visible .el-select-dropdown__item', { hasText: new RegExp(`^${label}$`) }).first().waitFor();
  await select.locator('input').press('Enter');
}

test('(a) schedule, submit refused naming the enterprise, fix, submit; approve; publish; public', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.getByTestId('menu-plans').click();
  await page.waitForURL('**/plans');
  await page.getByTestId(`plan-open-${planId}`).click();
  await page.waitForURL(`**/plans/${planId}`);
  await page.getByTestId('plan-keys-table').waitFor();
  await page.getByTestId('plan-coverage').getByText('0 / 3').waitFor();

  await schedule(page, keys[0].id, '3月');
  await page.getByTestId('plan-coverage').getByText('1 / 3').waitFor();
  await schedule(page, keys[1].id, '第2季度');
  await page.getByTestId('plan-coverage').getByText('2 / 3').waitFor();

  await page.getByTestId('plan-submit').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  const refusal = page.getByTestId('plan-refusal');
  await refusal.waitFor();
  await refusal.getByText(keys[2].name).first().waitFor();
  assert.equal(await page.getByTestId('plan-refusal-item').count(), 1);
  assert.equal(await page.getByTestId('plan-status').innerText(), '草稿');

  await schedule(page, keys[2].id, '5月');
  await page.getByTestId('plan-coverage').getByText('3 / 3').waitFor();
  await page.getByTestId('plan-submit').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  await page.getByTestId('plan-status').getByText('已提交待批准').waitFor();
  assert.deepEqual(problems, []);

  // the leader records the approval and publishes
  const leader = await openPage(t);
  await uiLogin(leader.page, 'leader');
  await leader.page.goto(`/plans/${planId}`);
  await leader.page.getByTestId('plan-approve').click();
  await leader.page.getByTestId('approve-document').fill(`青府字〔${nextYear}〕3号`);
  await leader.page.getByTestId('plan-dialog-confirm').click();
  await leader.page.getByTestId('plan-status').getByText('已批准待公布').waitFor();
  await leader.page.getByTestId('plan-approval').getByText(`青府字〔${nextYear}〕3号`).waitFor();
  await leader.page.getByTestId('plan-publish').click();
  await leader.page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  await leader.page.getByTestId('plan-status').getByText('已公布实施').waitFor();
  assert.deepEqual(leader.problems, []);

  // the public portal, no login
  const anon = await openPage(t);
  await anon.page.goto('/public/plans');
  await anon.page.getByTestId('public-plans').waitFor();
  await anon.page.getByTestId('public-plans-year').click();
  await anon.page.locator('.el-select-dropdown__item:visible', { hasText: String(nextYear) }).click();
  const card = anon.page.getByTestId(`public-plan-${planId}`);
  await card.waitFor();
  await card.getByText(`青府字〔${nextYear}〕3号`).waitFor();
  assert.equal(await card.getByText(keys[0].name).count(), 0);       // no enterprise named
  assert.deepEqual(anon.problems, []);
});

test('(b) the plan editor fits a 375 px phone', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await uiLogin(page, 'brigade');
  await page.goto(`/plans/${planId}`);
  await page.getByTestId('plan-keys-table').waitFor();
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= 380, `page is ${width}px wide`);
  assert.deepEqual(problems, []);
});
