// Browser journeys of the risk pages (web/src/views/risk/*): the brigade
// leader opens 风险分级 (counts in the four colours, both charts drawn),
// filters to 低 (blue), opens an enterprise whose score is explained term
// by term (the points add up to the score), overrides its grade with a
// reason (refused without one) and sees the badge, the note and the
// history; then 重点检查企业 lists next year's key enterprises with their
// reasons. A phone-width layout without horizontal overflow.
// playwright-core with Debian's chromium against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';

const suite = browserSuite({ timeout: 15000, viewport: { width: 1280, height: 900 } });
const { openPage } = suite;

test('list → detail explains the score term by term → override with a reason', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.getByTestId('menu-risk').click();
  await page.waitForURL('**/risk');
  await page.getByTestId('risk-summary').waitFor();
  for (const g of ['red', 'orange', 'yellow', 'blue']) {
    const n = Number((await page.getByTestId(`risk-count-${g}`).locator('.zf-count-n').innerText()).trim());
    assert.ok(n > 0, `count of ${g}`);
  }
  await page.getByTestId('risk-chart-street').locator('canvas').first().waitFor();
  await page.getByTestId('risk-chart-sector').locator('canvas').first().waitFor();

  // only the low (blue) grade
  await page.getByTestId('risk-count-blue').click();
  const rows = page.getByTestId('risk-table').locator('.el-table__body tr');
  await page.waitForFunction(() => {
    const tags = [...document.querySelectorAll('[data-testid="risk-table"] .el-table__body [data-grade]')];
    return tags.length > 0 && tags.every((x) => x.dataset.grade === 'blue');
  });
  const name = (await rows.first().locator('a.zf-link').innerText()).trim();
  await rows.first().locator('a.zf-link').click();
  await page.waitForURL(/\/risk\/\d+$/);
  await page.getByTestId('risk-detail-name').getByText(name).waitFor();

  // the terms add up to the score shown
  const score = Number((await page.getByTestId('risk-detail-score').innerText()).trim());
  const pointCells = page.getByTestId('risk-terms').locator('.el-table__body tr td:nth-child(2)');
  await pointCells.first().waitFor();
  const points = (await pointCells.allInnerTexts()).map((x) => Number(x.trim()));
  assert.ok(points.length >= 3);
  assert.equal(points.reduce((a, b) => a + b, 0), score);
  await page.getByTestId('risk-terms').getByText('监管行业').waitFor();
  await page.getByTestId('risk-terms').getByText('安全生产标准化').waitFor();

  // override: refused without a reason, then made with one
  await page.getByTestId('risk-override-open').click();
  const dialog = page.getByTestId('risk-override-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('risk-override-grade').click();
  await page.locator('.zf-popper-risk-override-grade .el-select-dropdown__item', { hasText: '重大' }).first().click();
  await dialog.getByTestId('risk-override-save').click();
  await dialog.locator('.el-form-item__error').first().waitFor();          // reason is required
  await dialog.getByTestId('risk-override-reason').fill('端到端：群众举报违规动火作业，核查属实');
  await dialog.getByTestId('risk-override-save').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('risk-override-note').getByText('端到端：群众举报违规动火作业').waitFor();
  assert.equal(await page.getByTestId('risk-detail-grade').getAttribute('data-grade'), 'red');
  await page.getByTestId('risk-overrides').getByText('生效中').waitFor();
  // the model's grade stays beside it
  await page.getByTestId('risk-detail').getByText('模型计算等级').waitFor();
  assert.deepEqual(problems, []);
});

test('重点检查企业: next year\'s list with reasons, by rule and by hand', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'leader');
  await page.getByTestId('menu-key-enterprises').click();
  await page.waitForURL('**/key-enterprises');
  await page.getByTestId('key-counts').waitFor();
  const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() + 1;
  await page.getByTestId('key-year').click();
  await page.locator('.el-select-dropdown__item', { hasText: `${year}年` }).first().click();
  await page.getByTestId('key-counts').getByText(`${year}年名单`).waitFor();
  await page.getByTestId('key-table').getByText('符合规则：').first().waitFor();
  const counts = await page.getByTestId('key-counts').innerText();
  assert.ok(Number(/规则 (\d+)/.exec(counts)[1]) >= 20, counts);
  assert.ok(Number(/人工 (\d+)/.exec(counts)[1]) >= 2, counts);
  assert.deepEqual(problems, []);
});

test('phone width: the risk list fits 375 px', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await uiLogin(page, 'officer1');
  await page.goto('/risk');
  await page.getByTestId('risk-summary').waitFor();
  await page.getByTestId('risk-chart-sector').locator('canvas').first().waitFor();
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  assert.ok(width <= 375, `page is ${width}px wide`);
  assert.equal(await page.getByTestId('risk-recompute').count(), 0);          // officers read only
  assert.deepEqual(problems, []);
});
