// Browser journey of the field pages (web/src/views/field/*) on a 375 px
// phone: officer1 (李明) opens 今日检查, finds the inspection scheduled for
// today, starts it, records 执法告知 → 现场检查 → 交流反馈 (only the next step
// can be recorded), saves attendance, answers every checklist line
// (one 不符合 with a note), turns the 不符合 line into a hazard linked to it,
// and submits the report; the page shows 已报告
// and never overflows the phone's width. playwright-core with Debian's
// chromium against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';
import { Client, scheduleToday } from '../lib/server.mjs';

const TIMEOUT = 15000;
let ins;
const suite = browserSuite({ timeout: TIMEOUT, viewport: { width: 375, height: 812 },
  setup: async (s) => { [ins] = await scheduleToday(s.server.url, 1); } });

const { openPage } = suite;
const width = (page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

test('375 px: today → start → steps → checklist → report', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.goto('/field');
  await page.getByTestId(`fw-card-${ins.id}`).click();
  await page.waitForURL(`**/field/${ins.id}`);
  assert.ok((await width(page)) <= 375, 'walk page overflows');
  await page.getByTestId('fw-start').click();
  await page.getByTestId('fw-step-btn-notice').waitFor();
  assert.equal(await page.getByTestId('fw-step-btn-check').isDisabled(), true, 'check before notice');
  for (const k of ['notice', 'check', 'feedback']) {
    await page.getByTestId(`fw-step-btn-${k}`).click();
    await page.getByTestId(`fw-step-${k}`).locator('.fw-muted').waitFor();
  }
  await page.getByTestId('fw-principal_present').click();
  await page.getByTestId('fw-principal_name').fill('王总');
  await page.getByTestId('fw-att-save').click();
  await page.getByText('已保存').first().waitFor();
  const lines = await page.locator('[data-testid^="fw-line-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(8)));
  assert.ok(lines.length > 0, 'checklist lines');
  for (const [i, id] of lines.entries()) await page.getByTestId(`${i === 0 ? 'fw-fail' : 'fw-ok'}-${id}`).click();
  await page.getByTestId(`fw-line-${lines[0]}`).locator('.fw-note input').fill('消防通道堵塞');
  await page.getByTestId('fw-results-save').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="fw-results-save"]')
    || document.querySelector('[data-testid="fw-results-save"]').disabled);
  // the 不符合 line becomes a hazard, linked to it; the note is its description
  await page.getByTestId('fw-hazard-open').click();
  await page.getByTestId('fw-hazard-from').click();
  await page.locator('.el-select-dropdown__item:visible').first().click();
  assert.equal(await page.getByTestId('fw-hazard-description').inputValue(), '消防通道堵塞');
  await page.getByTestId('fw-hazard-place').fill('一号仓库');
  await page.getByTestId('fw-hazard-add').click();
  await page.getByTestId('fw-hazard-open').waitFor();
  await page.getByTestId('fw-report').click();
  await page.getByTestId('fw-reported').waitFor();
  assert.equal((await page.getByTestId('fw-status').innerText()).trim(), '已报告');
  assert.ok((await width(page)) <= 375, 'walk page overflows after the report');
  const c = new Client(suite.server.url);
  await c.login('officer1');
  const f = await c.get(`/api/v1/inspections/${ins.id}/field`);
  assert.equal(f.body.status, 'reported');
  assert.equal(f.body.site.principal_name, '王总');
  assert.equal(f.body.checklist.find((l) => String(l.line_id) === lines[0]).result.note, '消防通道堵塞');
  const hz = (await c.get(`/api/v1/hazards?inspection_id=${ins.id}`)).body.items;
  assert.equal(hz.length, 1);
  assert.equal(String(hz[0].from_line_id), lines[0]);
  assert.equal(hz[0].description, '消防通道堵塞');
  assert.equal(hz[0].place, '一号仓库');
  assert.deepEqual(problems, []);
});
