// Browser journey of the field pages (web/src/views/field/*) on a 375 px
// phone: officer1 (李明) opens 今日检查, finds the inspection scheduled for
// today, starts it, records 执法告知 → 现场检查 → 交流反馈 (only the next step
// can be recorded), saves attendance, answers every checklist line
// (one 不符合 with a note), turns the 不符合 line into a hazard linked to it,
// records a 限期整改 hazard with its deadline and a photo (both listed on
// the page with their status), cancels then confirms 提交检查报告 (it
// cannot be undone); the page shows 已报告
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
// a 1×1 PNG, as the phone camera would hand over; a deadline ten days ahead (Asia/Shanghai)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const DUE = new Date(Date.now() + (8 + 240) * 3600 * 1000).toISOString().slice(0, 10);
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
  // the description follows the pick on the next render: wait for it
  await page.waitForFunction(() => document.querySelector('[data-testid="fw-hazard-description"]')?.value === '消防通道堵塞')
    .catch(() => {});
  assert.equal(await page.getByTestId('fw-hazard-description').inputValue(), '消防通道堵塞');
  await page.getByTestId('fw-hazard-place').fill('一号仓库');
  await page.getByTestId('fw-hazard-add').click();
  await page.getByTestId('fw-hazard-open').waitFor();
  // listed on the walk-through with its status
  const first = page.locator('.fw-hazard').filter({ hasText: '消防通道堵塞' });
  await first.getByTestId('fw-hazard-status').getByText('待整改').waitFor();
  // a 限期整改 hazard needs its deadline; it goes with a photo of it
  await page.getByTestId('fw-hazard-open').click();
  await page.getByTestId('fw-hazard-description').fill('灭火器压力不足');
  await page.getByTestId('fw-hazard-place').fill('二号车间');
  await page.getByTestId('fw-hazard-deadline').click();
  assert.equal(await page.getByTestId('fw-hazard-add').isDisabled(), true, 'no deadline yet');
  await page.getByTestId('fw-hazard-deadline-date').fill(DUE);
  await page.getByTestId('fw-hazard-photo-input').setInputFiles({ name: 'extinguisher.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('fw-hazard-photo-count').waitFor();
  await page.getByTestId('fw-hazard-add').click();
  const second = page.locator('.fw-hazard').filter({ hasText: '灭火器压力不足' });
  await second.getByText(`整改期限 ${DUE}`).waitFor();
  await second.getByText('照片 1 张').waitFor();
  assert.equal((await second.getByTestId('fw-hazard-status').innerText()).trim(), '待整改');
  // 提交检查报告 asks first: cancelled, nothing is reported
  await page.getByTestId('fw-report').click();
  const box = page.locator('.zf-confirm');
  await box.waitFor();
  assert.match(await box.innerText(), /不可撤销/);
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
  assert.equal((await page.getByTestId('fw-status').innerText()).trim(), '检查中');
  await page.getByTestId('fw-report').click();
  await page.locator('.zf-confirm').getByRole('button', { name: '确认执行' }).click();
  await page.getByTestId('fw-reported').waitFor();
  assert.equal((await page.getByTestId('fw-status').innerText()).trim(), '已报告');
  assert.ok((await width(page)) <= 375, 'walk page overflows after the report');
  const c = new Client(suite.server.url);
  await c.login('officer1');
  const f = await c.get(`/api/v1/inspections/${ins.id}/field`);
  assert.equal(f.body.status, 'reported');
  assert.equal(f.body.site.principal_name, '王总');
  assert.equal(f.body.checklist.find((l) => String(l.line_id) === lines[0]).result.note, '消防通道堵塞');
  const hz = (await c.get(`/api/v1/hazards?inspection_id=${ins.id}`)).body.items.sort((a, b) => a.id - b.id);
  assert.equal(hz.length, 2);
  assert.equal(String(hz[0].from_line_id), lines[0]);
  assert.equal(hz[0].description, '消防通道堵塞');
  assert.equal(hz[0].place, '一号仓库');
  assert.deepEqual([hz[1].description, hz[1].rectify, hz[1].deadline], ['灭火器压力不足', 'deadline', DUE]);
  const ev = (await c.get(`/api/v1/evidence?link_kind=hazard&link_id=${hz[1].id}`)).body.items;
  assert.deepEqual(ev.map((x) => x.name), ['extinguisher.png'], 'the photo is linked to the hazard');
  // the desktop inspection page shows the on-site record
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/inspections/${ins.id}`);
  const rec = page.getByTestId('insp-field');
  await rec.getByTestId('insp-field-attendance').getByText('王总').waitFor();
  const results = rec.getByTestId('insp-field-results');
  await results.getByText('消防通道堵塞').waitFor();
  assert.equal(await results.locator('.el-table__row').count(), lines.length, 'every answered line');
  assert.ok((await results.innerText()).includes('不符合'));
  assert.match(await rec.getByTestId('insp-field-steps').innerText(), /执法告知[\s\S]*\d{2}:\d{2}/);
  assert.equal((await rec.getByTestId('insp-field-measures').innerText()).trim(), '（未填写）');
  const hzText = await rec.getByTestId('insp-field-hazards').innerText();
  assert.ok(hzText.includes('灭火器压力不足') && hzText.includes(`整改期限 ${DUE}`) && hzText.includes('照片 1 张'), hzText);
  await rec.getByTestId('insp-field-report').waitFor();
  assert.deepEqual(problems, []);
});
