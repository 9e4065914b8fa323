// Browser journeys of the enterprise ledger: search the list and open an
// enterprise with its history; import a CSV file in the web page (progress,
// then the result with refused rows and the error file); register an
// enterprise (a wrong credit code is shown on its field); the list at
// phone width. Debian's chromium through playwright-core, real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, pageOpener, uiLogin } from '../lib/browser.mjs';
import { startServer, DEMO_PASSWORD, Client } from '../lib/server.mjs';

const TIMEOUT = 20000;
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function uscc(n) {
  let org = '';
  for (let i = 0; i < 7; i++) { org = CHARS[n % 31] + org; n = Math.floor(n / 31); }
  const p17 = `91360104EE${org}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(p17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return p17 + CHARS[c === 31 ? 0 : c];
}

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


test('search the ledger and open an enterprise with its history', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.getByTestId('menu-enterprises').click();
  await page.waitForURL('**/enterprises');
  const table = page.getByTestId('ent-table');
  await table.locator('.el-table__row').first().waitFor();
  await page.getByTestId('ent-q').fill('机械');
  await page.getByTestId('ent-search').click();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="ent-table"] .el-table__row')];
    return rows.length > 0 && rows.every((r) => r.innerText.includes('机械'));
  });
  const first = table.locator('.el-table__row').first().locator('a');
  const name = (await first.innerText()).trim();
  await first.click();
  await page.getByTestId('ent-detail').waitFor();
  // the title shows a placeholder until the record has loaded: wait for it
  await page.waitForFunction((want) => document.querySelector('[data-testid="ent-detail-name"]')?.innerText.trim() === want, name);
  assert.equal((await page.getByTestId('ent-detail-name').innerText()).trim(), name);
  await page.getByTestId('ent-history').getByText('登记').first().waitFor();
  // the history names who and where in words, never an account name or a code
  const hist = await page.getByTestId('ent-history').innerText();
  assert.match(hist, /演示数据/);
  assert.doesNotMatch(hist, /· demo\b|· system\b/);
  assert.deepEqual(problems, []);
});

test('import a CSV file: progress, then counts, refused rows and the error file', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.goto('/enterprises');
  await page.getByTestId('ent-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  const header = '统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话\r\n';
  let body = '';
  const N = 20000;
  for (let i = 0; i < N; i++) {
    const code = i % 1000 === 7 ? uscc(i).slice(0, 17) + (uscc(i)[17] === '0' ? '1' : '0') : uscc(i);
    body += `${code},浏览器导入${i}号商贸有限公司,测试路${i}号,360104002,F5212,商贸,${i % 90},周${i % 50},13900139000\r\n`;
  }
  await page.getByTestId('import-file').setInputFiles({
    name: '浏览器导入.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + header + body),
  });
  await page.getByTestId('import-start').click();
  await dialog.getByTestId('import-progress').waitFor();
  await dialog.locator('.el-progress').waitFor();
  const result = dialog.getByTestId('import-result');
  await result.waitFor({ timeout: 120000 });
  assert.equal(await dialog.getByTestId('import-inserted').innerText(), String(N - 20));
  assert.equal(await dialog.getByTestId('import-refused').innerText(), '20');
  const errRows = dialog.getByTestId('import-errors').locator('.el-table__row');
  assert.equal(await errRows.count(), 20);
  assert.match(await errRows.first().innerText(), /9[\s\S]*统一社会信用代码[\s\S]*校验位/);
  const href = await dialog.getByTestId('import-error-file').getAttribute('href');
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.equal((await res.text()).trim().split('\r\n').length, 21);
  assert.match(await dialog.getByTestId('import-phase').innerText(), /导入完成/);
  // the new rows are in the list
  await dialog.getByRole('button', { name: '关闭', exact: true }).click();
  await page.getByTestId('ent-q').fill('浏览器导入123号');
  await page.getByTestId('ent-search').click();
  await page.getByTestId('ent-table').getByText('浏览器导入123号商贸有限公司').waitFor();
  assert.deepEqual(problems, []);
});

test('register an enterprise: a wrong check character is shown on its field', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.goto('/enterprises');
  await page.getByTestId('ent-new').click();
  const dialog = page.getByTestId('ent-dialog');
  await dialog.waitFor();
  const good = uscc(777777);
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await dialog.getByTestId('ent-uscc').fill(bad);
  await dialog.getByTestId('ent-name').fill('端到端测试机械有限公司');
  await dialog.getByTestId('ent-address').fill('洪都中大道8号');
  await dialog.getByTestId('ent-region').locator('.el-cascader').click();
  await page.locator('.zf-region-popper:visible .el-cascader-node', { hasText: '青云谱区' }).first().click();
  await page.locator('.zf-region-popper:visible .el-cascader-node', { hasText: '洪都街道' }).first().locator('.el-radio').click();
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('ent-industry').click();
  await page.keyboard.type('3421');
  await page.locator('.zf-industry-popper .el-select-dropdown__item', { hasText: '金属切削机床制造' }).first().click();
  await dialog.getByTestId('ent-sector-select').click();
  await page.locator('.zf-sector-popper .el-select-dropdown__item', { hasText: '机械' }).first().click();
  await dialog.getByTestId('ent-save').click();
  await dialog.getByText('校验位错误').waitFor();
  await dialog.getByTestId('ent-uscc').fill(good);
  await dialog.getByTestId('ent-save').click();
  await page.getByTestId('ent-detail').waitFor();
  await page.waitForFunction((want) => document.querySelector('[data-testid="ent-detail-name"]')?.innerText.trim() === want, '端到端测试机械有限公司');
  assert.equal((await page.getByTestId('ent-detail-name').innerText()).trim(), '端到端测试机械有限公司');
  assert.deepEqual(problems, []);
});

test('the list fits a 375 px phone screen', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 740 });
  await uiLogin(page, 'officer1');
  await page.goto('/enterprises');
  await page.getByTestId('ent-table').locator('.el-table__row').first().waitFor();
  const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(w.doc <= w.inner + 1, `page scrolls sideways: ${JSON.stringify(w)}`);
  assert.deepEqual(problems, []);
});

// 一企一档 (issue 10 bug 11): the enterprise page's tabs list its inspections,
// the hazards found there and its risk grade; a covert inspection under way
// shows to its scheduler (officer1), not to officer2.
test('一企一档: inspections, hazards and risk tabs; a covert inspection only for those on it', async (t) => {
  const c = new Client(server.url);
  await c.login('officer1');
  const units = (await c.get('/api/v1/units?limit=200')).body.items;
  const unit = units.find((u) => u.name === '执法一中队').id;
  const staff = async (name) => (await c.get(`/api/v1/staff?q=${encodeURIComponent(name)}`)).body.items.find((x) => x.name === name).id;
  const officers = [await staff('李明'), await staff('刘芳')];
  const next = new Date().getUTCFullYear() + 1;
  const ents = (await c.get('/api/v1/enterprises?status=active&limit=100')).body.items.filter((e) => e.id > 20);
  let covert;
  for (const e of ents) {
    const r = await c.post('/api/v1/inspections', { enterprise_id: e.id, unit_id: unit, type: 'covert',
      window_from: `${next}-04-06`, window_to: `${next}-04-10`, officers });
    if (r.status === 201) { covert = r.body; break; }
  }
  assert.ok(covert, 'a covert inspection');
  const hz = await c.post('/api/v1/hazards', { inspection_id: covert.id, description: '暗访发现应急照明损坏',
    place: '楼梯间', category: 'general', rectify: 'immediate' });
  assert.equal(hz.status, 201, JSON.stringify(hz.body));

  const { page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await page.goto(`/enterprises/${covert.enterprise_id}`);
  await page.getByTestId('ent-tab-inspections').click();
  await page.getByTestId(`ent-dossier-insp-${covert.id}`).waitFor();
  assert.match(await page.getByTestId('ent-dossier-inspections').innerText(), /暗访暗查/);
  await page.getByTestId('ent-tab-hazards').click();
  await page.getByTestId(`ent-dossier-hazard-${hz.body.id}`).waitFor();
  assert.match(await page.getByTestId('ent-dossier-hazards').innerText(), /待整改/);
  await page.getByTestId('ent-tab-risk').click();
  await page.getByTestId('ent-dossier-risk').getByText('等级变化', { exact: true }).waitFor();
  assert.deepEqual(problems, []);

  const other = await openPage(t);
  await uiLogin(other.page, 'officer2');
  await other.page.goto(`/enterprises/${covert.enterprise_id}`);
  await other.page.getByTestId('ent-tab-inspections').click();
  await other.page.getByTestId('ent-dossier-inspections').waitFor();
  assert.equal(await other.page.getByTestId(`ent-dossier-insp-${covert.id}`).count(), 0, 'hidden from officer2');
  await other.page.getByTestId('ent-tab-hazards').click();
  await other.page.getByTestId('ent-dossier-hazards').waitFor();
  assert.equal(await other.page.getByTestId(`ent-dossier-hazard-${hz.body.id}`).count(), 0, 'its hazard too');
  assert.deepEqual(other.problems, []);
});
