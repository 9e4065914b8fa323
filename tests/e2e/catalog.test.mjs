// Browser journeys of the enforcement catalog: the public catalog page
// without login (items, search, phone width), and the legal reviewer
// drafting a new version with a new item that the bureau leader publishes.
// playwright-core with Debian's chromium against the real binary.
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

const openPage = pageOpener(() => browser, () => server, { timeout: TIMEOUT, viewport: { width: 1280, height: 800 } });


const rows = (page, testid) => page.getByTestId(testid).locator('.el-table__body-wrapper .el-table__row');

test('the public catalog is open without login, and search works', async (t) => {
  const { page, problems } = await openPage(t);
  await page.goto('/public/catalog');
  await page.getByTestId('public-version').waitFor();
  assert.equal(new URL(page.url()).pathname, '/public/catalog', 'not sent to the login page');
  assert.match(await page.getByTestId('public-version').innerText(), /执法事项指导目录（2026年版）/);
  await rows(page, 'public-table').first().waitFor();
  const all = await rows(page, 'public-table').count();
  assert.ok(all >= 30, `${all} rows`);
  await page.getByTestId('public-q').fill('查封');
  await page.getByTestId('public-search').click();
  await page.waitForFunction((n) => {
    const r = document.querySelectorAll('[data-testid="public-table"] .el-table__body-wrapper .el-table__row');
    return r.length > 0 && r.length < n;
  }, all);
  const texts = await rows(page, 'public-table').allInnerTexts();
  assert.ok(texts.every((x) => x.includes('查封')), texts.join('\n'));
  await rows(page, 'public-table').first().click();
  await page.locator('.el-drawer__body', { hasText: '处罚（实施）依据' }).waitFor();
  assert.deepEqual(problems, []);
});

test('the public catalog fits a phone screen', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await page.goto('/public/catalog');
  await rows(page, 'public-table').first().waitFor();
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(w.doc <= w.inner + 1, `horizontal overflow: ${JSON.stringify(w)}`);
  assert.deepEqual(problems, []);
});

test('a legal reviewer drafts a version with a new item; the leader publishes it', async (t) => {
  const legal = await openPage(t);
  let page = legal.page;
  await uiLogin(page, 'legal');
  await page.goto('/catalog');
  await rows(page, 'catalog-table').first().waitFor();
  assert.equal(await page.getByTestId('catalog-publish').count(), 0, 'legal cannot publish');
  await page.getByTestId('catalog-new-version').click();
  const vd = page.getByTestId('version-dialog');
  await vd.getByTestId('cv-name').fill('青云谱区应急管理综合行政执法事项指导目录（2031年版）');
  await vd.getByTestId('cv-from').fill('2031-01-01');
  await vd.getByTestId('cv-submit').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="catalog-status"]') || {}).textContent?.includes('草稿'));
  await page.getByTestId('catalog-add-item').click();
  const d = page.getByTestId('catalog-item-dialog');
  await d.getByTestId('ci-code').fill('TS-E2E-001');
  await d.getByTestId('ci-name').fill('端到端测试事项：未如实记录安全生产教育和培训情况');
  await d.getByTestId('ci-violated').fill('《中华人民共和国安全生产法》第二十八条第四款');
  await d.getByTestId('ci-penalty').fill('《中华人民共和国安全生产法》第九十七条第（四）项');
  await d.getByTestId('ci-submit').click();
  await d.waitFor({ state: 'hidden' });
  await page.getByTestId('catalog-q').fill('TS-E2E');
  await page.getByTestId('catalog-search').click();
  await rows(page, 'catalog-table').filter({ hasText: 'TS-E2E-001' }).waitFor();
  const draftUrl = new URL(page.url());
  assert.match(draftUrl.search, /version=\d+/);
  assert.deepEqual(legal.problems, []);

  const leader = await openPage(t);
  page = leader.page;
  await uiLogin(page, 'leader');
  await page.goto(draftUrl.pathname + draftUrl.search);
  await page.waitForFunction(() => (document.querySelector('[data-testid="catalog-status"]') || {}).textContent?.includes('草稿'));
  assert.equal(await page.getByTestId('catalog-add-item').count(), 0, 'the leader does not edit');
  await page.getByTestId('catalog-publish').click();
  await page.locator('.el-message-box .el-button--primary').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="catalog-status"]') || {}).textContent?.includes('已发布'));
  assert.deepEqual(leader.problems, []);

  const r = await fetch(`${server.url}/api/v1/public/catalog?date=2031-01-02&q=TS-E2E-001`);
  const body = await r.json();
  assert.equal(body.items.length, 1);
  assert.match(body.version.name, /2031年版/);
});
