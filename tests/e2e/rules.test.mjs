// Browser journeys of the rules module: the deadline calculator on the
// 工作日历 page (official 国庆 2026 arrangement with its make-up Saturday, a
// calendar-day deadline moved past the holiday, a provisional answer for
// 2027), a legal reviewer adding the 2027 arrangement, the 法规参数 pages
// with their 待核 badges and a draft published, and the 375 px layout.
// playwright-core drives Debian's chromium against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';

const TIMEOUT = 15000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });


/** The native input of an Element Plus control (the test id may sit on either). */
async function inputOf(loc) {
  const tag = await loc.evaluate((e) => e.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? loc : loc.locator('input, textarea').first();
}

/** Types a date into an el-date-picker and confirms. */
async function setDate(page, testId, date) {
  const input = await inputOf(page.getByTestId(testId).first());
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await input.evaluate((e) => e.blur());
  await page.locator('.el-picker__popper:visible').waitFor({ state: 'hidden' }).catch(() => {});
}

async function setNumber(page, testId, n) {
  const input = await inputOf(page.getByTestId(testId).first());
  await input.fill(String(n));
  await input.press('Tab');
}

async function compute(page, from, mode, n) {
  await setDate(page, 'calendar-from', from);
  await page.getByTestId(`calendar-mode-${mode}`).click();
  await setNumber(page, 'calendar-n', n);
  await page.getByTestId('calendar-compute').click();
  await page.getByTestId('calendar-result').waitFor();
  await page.waitForFunction(
    ([f, k]) => {
      const r = document.querySelector('[data-testid="calendar-result"]');
      return r && r.textContent.includes(f) && r.textContent.includes(String(k));
    },
    [from, n],
  );
  return page.getByTestId('calendar-result');
}

test('deadline calculator: 国庆 2026, a holiday deadline moved on, a provisional 2027', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.getByTestId('menu-calendar').click();
  await page.waitForURL('**/calendar');
  await page.getByTestId('calendar-calc').waitFor();

  // 3 working days after Wed 2026-09-30: Thu 10-08, Fri 10-09, Sat 10-10 (调休上班)
  let result = await compute(page, '2026-09-30', 'workdays', 3);
  assert.equal(await page.getByTestId('calendar-result-date').innerText(), '2026-10-10');
  assert.match(await result.innerText(), /周六/);
  assert.equal(await page.getByTestId('calendar-result-provisional').count(), 0);

  // 15 calendar days after 09-20 end on 10-05 (国庆): moved to 10-08
  result = await compute(page, '2026-09-20', 'days', 15);
  assert.equal(await page.getByTestId('calendar-result-date').innerText(), '2026-10-08');
  assert.match(await page.getByTestId('calendar-result-moved').innerText(), /2026-10-05/);

  // into 2027, whose arrangement is not loaded: provisional, and it says so
  result = await compute(page, '2026-12-31', 'workdays', 1);
  assert.equal(await page.getByTestId('calendar-result-date').innerText(), '2027-01-01');
  assert.match(await page.getByTestId('calendar-result-provisional').innerText(), /2027.*暂定/);

  // the year view marks 2026's make-up Saturday and holidays
  const cell = page.locator('[data-testid="calendar-month-10"] td[data-date="2026-10-10"]');
  assert.equal(await cell.getAttribute('data-kind'), 'workday');
  assert.equal(await page.locator('td[data-date="2026-10-01"]').getAttribute('data-kind'), 'holiday');
  assert.equal(await page.getByTestId('calendar-edit-year').count(), 0, 'officers cannot change the calendar');
  await page.getByTestId('calendar-next').click();
  await page.getByTestId('calendar-uncovered').waitFor();
  assert.deepEqual(problems, []);
});

test('a legal reviewer adds the 2027 arrangement; the same deadline becomes firm', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'legal');
  await page.goto('/calendar');
  await page.getByTestId('calendar-next').click();
  await page.getByTestId('calendar-uncovered').waitFor();
  await page.getByTestId('calendar-edit-year').click();
  const dialog = page.getByTestId('calendar-year-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('calendar-year-source').fill('国务院办公厅关于2027年部分节假日安排的通知（测试）');
  // a bad row first: the server's error marks it
  await (await inputOf(dialog.getByTestId('calendar-row-date-0'))).fill('2027-02-30');
  await (await inputOf(dialog.getByTestId('calendar-row-name-0'))).fill('元旦');
  await dialog.getByTestId('calendar-year-save').click();
  await assert.doesNotReject(dialog.getByTestId('calendar-row-error').waitFor());
  assert.match(await dialog.getByTestId('calendar-row-error').innerText(), /2027-02-30/);
  await (await inputOf(dialog.getByTestId('calendar-paste')))
    .fill('2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-03,holiday,元旦');
  await dialog.getByRole('button', { name: '用粘贴内容替换上表' }).click();
  await dialog.getByTestId('calendar-row-2').waitFor();
  await dialog.getByTestId('calendar-year-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('calendar-covered').waitFor();
  assert.equal(await page.locator('td[data-date="2027-01-01"]').getAttribute('data-kind'), 'holiday');

  await compute(page, '2026-12-31', 'workdays', 1);
  assert.equal(await page.getByTestId('calendar-result-date').innerText(), '2027-01-04');
  assert.equal(await page.getByTestId('calendar-result-provisional').count(), 0);
  assert.deepEqual(problems, []);
});

test('法规参数: 待核 badges, a draft edited and published by legal', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'legal');
  await page.getByTestId('menu-rules').click();
  await page.waitForURL('**/rules');
  const table = page.getByTestId('rules-table');
  await table.getByText('应急管理部令第18号施行后的法定参数').waitFor();
  await table.getByText('应急管理部令第18号施行后的法定参数').click();
  await page.waitForURL('**/rules/2');
  await page.getByTestId('rule-unverified-hearing.threshold_org_fen').waitFor();
  assert.equal(await page.getByTestId('rule-value-hearing.threshold_org_fen').innerText(), '50,000.00 元');
  assert.equal(await page.getByTestId('rule-value-hearing.request_days').innerText(), '5 个工作日');
  assert.equal(await page.getByTestId('rule-set-publish').count(), 0, 'a published set has no publish button');

  // new draft from this version, dated in the future
  await page.getByTestId('rule-set-copy').click();
  const dialog = page.getByTestId('rules-new-dialog');
  await dialog.waitFor();
  await (await inputOf(dialog.getByTestId('rules-new-name'))).fill('2027年法规参数');
  await setDate(page, 'rules-new-effective', '2027-01-01');
  await dialog.getByTestId('rules-new-save').click();
  await page.waitForURL(/\/rules\/\d+$/);
  await page.getByTestId('rule-set-status').getByText('草稿').waitFor();

  // mark the hearing threshold verified with a new value
  await page.getByTestId('rule-edit-hearing.threshold_org_fen').click();
  const vd = page.getByTestId('rule-value-dialog');
  await vd.waitFor();
  await setNumber(page, 'rule-value-input', 3000000);
  await vd.getByTestId('rule-value-verified').click();
  await vd.getByTestId('rule-value-save').click();
  await vd.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('rule-value-hearing.threshold_org_fen').innerText(), '30,000.00 元');
  assert.equal(await page.getByTestId('rule-unverified-hearing.threshold_org_fen').count(), 0);

  // the comparison with the base shows the change
  await page.getByRole('tab', { name: '版本比较' }).click();
  await page.getByTestId('rule-set-diff').getByText('30,000.00 元').waitFor();

  await page.getByTestId('rule-set-publish').click();
  await page.getByTestId('rule-set-publish-confirm').click();
  await page.getByTestId('rule-set-status').getByText('已发布').waitFor();
  assert.equal(await page.getByTestId('rule-set-edit').count(), 0);
  assert.deepEqual(problems, []);
});

test('375 px: the calendar and benchmark pages fit the phone width', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await uiLogin(page, 'officer1');
  for (const path of ['/calendar', '/benchmarks', '/rules/1']) {
    await page.goto(path);
    await page.locator('.zf-page').first().waitFor();
    await page.waitForLoadState('networkidle');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 375, `${path} scrolls sideways: ${w}px`);
  }
  await page.goto('/benchmarks');
  await page.getByTestId('benchmark-open-AQF-097-4-1').click();
  await page.getByTestId('benchmark-tiers').waitFor();
  assert.match(await page.getByTestId('benchmark-tier-org-2').innerText(), /30,000\.00–70,000\.00/);
  assert.deepEqual(problems, []);
});
