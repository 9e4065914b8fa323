// Browser journey of the double-random draw (SCENARIOS.md journey 2): the
// brigade leader runs the wizard (parameters with the live pool size →
// freeze: pool hash and seed commitment → draw: result with officers),
// then, logged out, the public page shows the draw and its "验证" button
// re-runs it in the browser and reports a match; a tampered document is
// reported as a mismatch; the detail page's re-draw needs a reason and
// makes a new draw; the public page fits a 375 px phone.
// playwright-core with Debian's chromium against the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';

const TIMEOUT = 20000;
const shanghaiToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const suite = browserSuite({ timeout: TIMEOUT, viewport: { width: 1280, height: 900 } });
const { openPage } = suite;
let drawId = null;

test('wizard: parameters → freeze → draw', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto('/draws/new');
  await page.getByTestId('draw-name').fill('浏览器测试抽查');
  // the window opens today: the drawn officers are public (and the draw verifiable) at once
  await page.getByTestId('draw-from').fill(shanghaiToday());
  const count = page.getByTestId('draw-count').locator('input');
  await count.fill('8');
  await count.press('Tab');
  await page.getByTestId('draw-preview').getByText('拟抽取 8 家').waitFor();
  await page.getByTestId('draw-freeze').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  const commitment = page.getByTestId('draw-commitment');
  await commitment.waitFor();
  assert.match((await commitment.textContent()).trim(), /^[0-9a-f]{64}$/);
  assert.match((await page.getByTestId('draw-pool-hash').textContent()).trim(), /^[0-9a-f]{64}$/);
  assert.equal((await page.getByTestId('draw-seed').textContent()).trim(), '抽取后公布');
  await page.getByTestId('draw-run').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  await page.getByTestId('draw-done').waitFor();
  assert.match((await page.getByTestId('draw-seed').textContent()).trim(), /^[0-9a-f]{64}$/);
  await page.locator('[data-testid="draw-result"] .el-table__body tr').nth(7).waitFor();
  assert.equal(await page.locator('[data-testid="draw-result"] .el-table__body tr').count(), 8);
  if (process.env.DRAW_SHOTS) await page.screenshot({ path: '/tmp/draw-wizard.png', fullPage: true });
  await page.getByTestId('draw-open').click();
  await page.waitForURL(/\/draws\/\d+$/);
  drawId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal((await page.getByTestId('draw-status').textContent()).trim(), '已抽取并公布');
  assert.deepEqual(problems, []);
});

test('public page, logged out: verify re-runs the draw in the browser and matches', async (t) => {
  assert.ok(drawId, 'the wizard test made a draw');
  const { page, problems } = await openPage(t);
  await page.goto('/public/draws');
  const card = page.getByTestId(`public-draw-${drawId}`);
  await card.waitFor();
  await card.getByTestId('public-draw-verify').click();
  await card.getByTestId('public-draw-match').waitFor();
  assert.match(await card.getByTestId('public-draw-match').textContent(), /8 行结果完全一致/);
  if (process.env.DRAW_SHOTS) await page.screenshot({ path: '/tmp/draw-public.png', fullPage: true });
  // a document whose result was changed on the way is reported as a mismatch
  await page.route(`**/api/v1/public/draws/${drawId}/document`, async (route) => {
    const res = await route.fetch();
    const doc = await res.json();
    doc.result.rows[2].officers[0] = 987654;
    await route.fulfill({ response: res, json: doc });
  });
  await card.getByTestId('public-draw-verify').click();
  await card.getByTestId('public-draw-mismatch').waitFor();
  assert.match(await card.getByTestId('public-draw-mismatch').textContent(), /row 3/);
  // the demo's draws open in a week: their officers are not public yet, no verify button
  const demo = page.locator('[data-testid^="public-draw-"]').filter({ hasText: '工贸行业双随机抽查' }).first();
  await demo.getByTestId('public-draw-people-later').waitFor();
  assert.match(await demo.getByTestId('public-draw-people-later').textContent(), /检查期间开始之日（\d{4}-\d\d-\d\d）起公示/);
  assert.equal(await demo.getByTestId('public-draw-verify').count(), 0);
  await demo.getByTestId('public-draw-show').click();
  await demo.locator('.el-table__body tr').first().waitFor();
  const firstRow = await demo.locator('.el-table__body tr').first().textContent();
  assert.match(firstRow, /—/, 'officers withheld');
  assert.deepEqual(problems, []);
});

test('re-draw needs a reason and makes a new draw', async (t) => {
  assert.ok(drawId);
  const { page } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto(`/draws/${drawId}`);
  await page.getByTestId('draw-redraw').click();
  await page.getByTestId('draw-redraw-confirm').click();
  await page.locator('.el-dialog .el-form-item__error').waitFor();
  await page.getByTestId('draw-redraw-reason').fill('抽查时段与专项检查冲突');
  await page.getByTestId('draw-redraw-confirm').click();
  await page.waitForURL((u) => /\/draws\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${drawId}`));
  await page.getByText('抽查时段与专项检查冲突').first().waitFor();
  assert.equal((await page.getByTestId('draw-status').textContent()).trim(), '已冻结（待抽取）');
});

test('public page fits a phone', async (t) => {
  const { page } = await openPage(t, { width: 375, height: 740 });
  await page.goto('/public/draws');
  await page.locator('[data-testid^="public-draw-"]').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
});

test('public portal: the login page and every public page link to each public page', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await page.goto('/login');
  await page.getByTestId('login-public-public-draws').click();
  await page.getByTestId('public-draws').waitFor();
  await page.getByTestId('public-nav-public-plans').click();
  await page.getByTestId('public-plans').waitFor();
  await page.getByTestId('public-nav-public-catalog').click();
  await page.getByTestId('public-catalog').waitFor();
  assert.equal(new URL(page.url()).pathname, '/public/catalog');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await page.getByTestId('public-login').click();
  await page.getByTestId('login-title').waitFor();
  assert.deepEqual(problems, []);
});
