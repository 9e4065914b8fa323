// Browser tests of the web shell: login, layout and menu, user
// administration, the audit view, phone layout and the language switch.
// They drive Debian's chromium through playwright-core against the real
// binary (tests/lib/server.mjs starts `zhifa serve` on a fresh demo database
// and the binary serves the embedded web/dist).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

let server;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/**
 * A fresh browser context (own cookies and localStorage) and page. Collects
 * page errors and CSP violations so that each test can assert there were none.
 */
async function openPage(t, viewport = { width: 1280, height: 800 }, baseURL = server.url) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  t.after(() => context.close());
  return { context, page, problems };
}

/** Signs in through the login page and waits for the workbench. */
async function uiLogin(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await page.getByTestId('workbench').waitFor();
}

async function noHorizontalOverflow(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** Picks an option of an el-select (opened by clicking it) by its text. */
async function chooseOption(page, select, popperClass, text) {
  await select.click();
  const option = page.locator(`.${popperClass} .el-select-dropdown__item`, { hasText: text });
  await option.first().click();
}

test('(a) admin creates a user in 用户管理 and the new user can sign in', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'admin');

  // The workbench shows the account's roles by their Chinese names and scope.
  await assert.doesNotReject(page.getByTestId('my-roles').getByText('系统管理员').waitFor());
  assert.match(await page.getByTestId('my-scope').innerText(), /青云谱区/);

  await page.getByTestId('menu-users').click();
  await page.waitForURL('**/admin/users');
  const table = page.getByTestId('users-table');
  await table.getByText('officer1', { exact: true }).waitFor();

  // Create e2e_officer: role 持证执法人员, scope 青云谱区 (chosen in the
  // lazily loading cascader).
  await page.getByTestId('users-new').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.waitFor();
  await dialog.getByTestId('user-username').fill('e2e_officer');
  await dialog.getByTestId('user-display-name').fill('端到端执法员');
  await chooseOption(page, dialog.getByTestId('user-roles'), 'zf-roles-popper', '持证执法人员');
  await dialog.locator('.el-dialog__header').click(); // close the select's dropdown
  await dialog.getByTestId('user-scope').locator('.el-cascader').click();
  const district = page.locator('.zf-region-popper .el-cascader-node', { hasText: '青云谱区' });
  await district.first().locator('.el-radio').click();
  await dialog.locator('.el-dialog__header').click();
  assert.equal(await dialog.getByTestId('user-scope').locator('.el-cascader input').inputValue(), '青云谱区');
  await dialog.getByTestId('user-password').fill('e2e-pass-2026x');
  await dialog.getByTestId('user-save').click();
  await dialog.waitFor({ state: 'hidden' });

  // The new row is in the table with its role name and scope.
  const row = table.locator('.el-table__row', { hasText: 'e2e_officer' });
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /端到端执法员/);
  assert.match(rowText, /持证执法人员/);
  assert.match(rowText, /青云谱区/);

  // The new account signs in through the API.
  const client = new Client(server.url);
  const r = await client.login('e2e_officer', 'e2e-pass-2026x');
  assert.equal(r.body.user.username, 'e2e_officer');
  assert.deepEqual(r.body.user.roles, ['officer']);
  assert.equal(r.body.user.scope.code, '360104');

  // Creating the same username again: the server's field error is shown on
  // the username form item.
  await page.getByTestId('users-new').click();
  await dialog.waitFor();
  await dialog.getByTestId('user-username').fill('e2e_officer');
  await dialog.getByTestId('user-display-name').fill('重复用户');
  await chooseOption(page, dialog.getByTestId('user-roles'), 'zf-roles-popper', '持证执法人员');
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('user-scope').locator('.el-cascader').click();
  await page.locator('.zf-region-popper .el-cascader-node', { hasText: '青云谱区' }).first().locator('.el-radio').click();
  await dialog.locator('.el-dialog__header').click();
  await dialog.getByTestId('user-password').fill('e2e-pass-2026y');
  await dialog.getByTestId('user-save').click();
  const usernameItem = dialog.locator('.el-form-item', { has: page.getByTestId('user-username') });
  const fieldError = usernameItem.locator('.el-form-item__error');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /[\u4e00-\u9fff]/, 'server message (Chinese) on the username item');
  assert.ok(await dialog.isVisible(), 'dialog stays open on a refused create');

  assert.deepEqual(problems, []);
});

test('(b) a wrong password shows the server\'s Chinese error', async (t) => {
  // The message the API gives for bad credentials (asked with another account
  // so as not to count twice against one username's throttle).
  const probe = await new Client(server.url).post('/api/v1/session', { username: 'expert1', password: 'wrong-password-1' });
  assert.equal(probe.status, 401);
  assert.equal(probe.body.error.code, 'bad_credentials');
  const message = probe.body.error.message;
  assert.match(message, /[\u4e00-\u9fff]/);

  const { page, problems } = await openPage(t);
  await page.goto('/login');
  assert.equal(await page.getByTestId('login-title').innerText(), '青云谱区应急管理综合行政执法平台');
  await page.getByTestId('login-username').fill('officer2');
  await page.getByTestId('login-password').fill('wrong-password-2');
  await page.getByTestId('login-submit').click();
  const alert = page.getByTestId('login-error');
  await alert.waitFor();
  assert.equal((await alert.innerText()).trim(), message);
  assert.equal(new URL(page.url()).pathname, '/login');

  // Pages behind the login send an anonymous visitor to /login.
  await page.goto('/admin/users');
  await page.waitForURL((u) => new URL(u).pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/users');
  assert.deepEqual(problems, []);
});

test('(c) on a 375 px phone the menu is behind the hamburger and nothing overflows', async (t) => {
  const { page, problems } = await openPage(t, { width: 375, height: 812 });
  await page.goto('/login');
  let w = await noHorizontalOverflow(page);
  assert.ok(w.scrollWidth <= 375, `login page scrollWidth ${w.scrollWidth}`);

  await uiLogin(page, 'admin');
  w = await noHorizontalOverflow(page);
  assert.ok(w.scrollWidth <= 375, `workbench scrollWidth ${w.scrollWidth}`);

  // No sidebar on the phone: the menu opens from the hamburger.
  assert.equal(await page.getByTestId('menu-users').count(), 0);
  const burger = page.getByTestId('hamburger');
  assert.ok(await burger.isVisible());
  await burger.click();
  const drawer = page.getByTestId('menu-drawer');
  await drawer.waitFor();
  assert.ok(await drawer.getByTestId('menu-workbench').isVisible());
  assert.ok(await drawer.getByTestId('menu-audit').isVisible());
  await drawer.getByTestId('menu-users').click();
  await page.waitForURL('**/admin/users');
  await drawer.waitFor({ state: 'hidden' });
  await page.getByTestId('users-table').getByText('officer1', { exact: true }).waitFor();
  w = await noHorizontalOverflow(page);
  assert.ok(w.scrollWidth <= 375, `users page scrollWidth ${w.scrollWidth}`);
  assert.ok(w.bodyScrollWidth <= 375, `users page body scrollWidth ${w.bodyScrollWidth}`);

  // The create dialog fits the phone too.
  await page.getByTestId('users-new').click();
  await page.getByTestId('user-dialog').waitFor();
  const box = await page.getByTestId('user-dialog').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `dialog box ${JSON.stringify(box)}`);
  w = await noHorizontalOverflow(page);
  assert.ok(w.scrollWidth <= 375, `dialog scrollWidth ${w.scrollWidth}`);

  assert.deepEqual(problems, []);
});

test('(d) a supervisor sees 审计记录 (not 用户管理) with the user-creation entry', async (t) => {
  // A user created by admin, so that the audit chain holds its creation
  // whatever order the tests run in.
  const admin = new Client(server.url);
  await admin.login('admin');
  const created = await admin.post('/api/v1/users', {
    username: 'e2e_audited',
    password: 'e2e-pass-2026z',
    display_name: '审计样例',
    roles: ['assistant'],
    scope: '360104',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const userId = String(created.body.id);
  // The API's own record of that creation (entity and action names are the
  // server's business; the page must show this entry).
  const trail = await admin.get(`/api/v1/audit?entity_id=${userId}&limit=200`);
  assert.equal(trail.status, 200);
  const entry = trail.body.items.find((e) => /create/.test(e.action) && e.change && JSON.stringify(e.change).includes('e2e_audited'));
  assert.ok(entry, `API audit has the creation: ${JSON.stringify(trail.body.items)}`);

  const { page, problems } = await openPage(t);
  await uiLogin(page, 'supervisor');
  await page.getByTestId('menu-audit').waitFor();
  assert.equal(await page.getByTestId('menu-users').count(), 0, 'supervisor has no 用户管理');
  assert.equal((await page.getByTestId('menu-audit').innerText()).trim(), '审计记录');

  // The page itself is refused, not just hidden from the menu.
  await page.goto('/admin/users');
  await page.getByTestId('forbidden').waitFor();

  await page.goto('/audit');
  const table = page.getByTestId('audit-table');
  await table.locator('.el-table__row').first().waitFor();

  // The row of that entry: its seq, actor, action, entity and entity id.
  const rows = table.locator('.el-table__row');
  const cellsOf = (s) => s.split(/\t|\n/).map((c) => c.trim()).filter(Boolean);
  const texts = await rows.allInnerTexts();
  const idx = texts.findIndex((s) => cellsOf(s)[0] === String(entry.seq));
  assert.ok(idx >= 0, `no audit row for seq ${entry.seq}:\n${texts.slice(0, 10).join('\n')}`);
  const cells = cellsOf(texts[idx]);
  // actions and object types by their Chinese names, never the API's (account.create)
  assert.equal(entry.action, 'account.create');
  for (const v of [entry.actor, '新建账号', '账号', userId]) assert.ok(cells.includes(String(v)), `${v} in ${cells}`);
  assert.ok(!cells.includes(entry.action), `API action name shown: ${cells}`);

  // Newest first: sequence numbers decrease down the table.
  const seqs = texts.map((s) => Number.parseInt(s.trim().split(/\s+/)[0], 10)).filter(Number.isFinite);
  assert.ok(seqs.length >= 1 && seqs.length === texts.length, `seq in the first column: ${seqs.join(',')}`);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i - 1] > seqs[i], `seq order ${seqs.join(',')}`);

  // Expanding the row shows its change (with the username) and its hashes.
  await rows.nth(idx).locator('.el-table__expand-icon').click();
  const detail = table.locator('[data-testid^="audit-detail-"]').first();
  await detail.waitFor();
  const detailText = await detail.innerText();
  assert.match(detailText, /e2e_audited/);
  assert.match(detailText, /[0-9a-f]{32,}/);

  // Verifying the chain reports it intact.
  await page.getByTestId('audit-verify').click();
  const ok = page.getByTestId('audit-verdict-ok');
  await ok.waitFor();
  assert.match(await ok.innerText(), /审计链完整/);

  // Filtering by entity keeps only entries of that entity.
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes(`entity=${entry.entity}`));
  await page.getByTestId('audit-entity').click();
  await page.locator('.zf-audit-entity-popper .el-select-dropdown__item', { hasText: /^账号$/ }).click();
  assert.equal((await answered).status(), 200);
  let filtered = [];
  for (const deadline = Date.now() + TIMEOUT; Date.now() < deadline; await page.waitForTimeout(100)) {
    filtered = await table.locator('.el-table__row').allInnerTexts();
    if (filtered.length && filtered.every((s) => cellsOf(s).includes('账号'))) break;
  }
  assert.ok(filtered.length >= 1);
  for (const s of filtered) assert.ok(cellsOf(s).includes('账号'), s);

  assert.deepEqual(problems, []);
});

test('(e) switching to English changes the menu and is remembered', async (t) => {
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'admin');
  assert.equal((await page.getByTestId('menu-users').innerText()).trim(), '用户管理');
  assert.equal((await page.getByTestId('menu-workbench').innerText()).trim(), '工作台');

  await page.getByTestId('lang-switch').click();
  await page.getByTestId('menu-users').getByText('Users').waitFor();
  assert.equal((await page.getByTestId('menu-workbench').innerText()).trim(), 'Workbench');
  assert.equal((await page.getByTestId('menu-audit').innerText()).trim(), 'Audit log');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  // Kept across a reload (localStorage), with role names in English too.
  await page.reload();
  await page.getByTestId('workbench').waitFor();
  assert.equal((await page.getByTestId('menu-users').innerText()).trim(), 'Users');
  const client = new Client(server.url);
  await client.login('admin');
  const roles = (await client.get('/api/v1/roles')).body.items;
  const adminEn = roles.find((r) => r.role === 'admin').name_en;
  assert.ok(adminEn);
  await page.getByTestId('my-roles').getByText(adminEn, { exact: true }).waitFor();
  assert.doesNotMatch(await page.getByTestId('greeting').innerText(), /您好/);

  // The login page in English maps a known error code to English text.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('menu-logout').click();
  await page.waitForURL('**/login');
  assert.match(await page.getByTestId('login-title').innerText(), /Qingyunpu Emergency Management/);
  await page.getByTestId('login-username').fill('leader');
  await page.getByTestId('login-password').fill('wrong-password-3');
  await page.getByTestId('login-submit').click();
  const alert = page.getByTestId('login-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Wrong username or password/);

  // And back to Chinese.
  await page.getByTestId('lang-switch').click();
  await page.getByText('用户登录').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('zhifa.locale')), 'zh-CN');

  assert.deepEqual(problems, []);
});

test('(f) an account that must change its password is sent to 修改密码 first', async (t) => {
  const admin = new Client(server.url);
  await admin.login('admin');
  const created = await admin.post('/api/v1/users', {
    username: 'e2e_newbie',
    password: 'first-pass-2026',
    display_name: '新同事',
    roles: ['officer'],
    scope: '360104',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  const { page, problems } = await openPage(t);
  const passwordCalls = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/me/password')) passwordCalls.push(r.method());
  });
  await page.goto('/login');
  await page.getByTestId('login-username').fill('e2e_newbie');
  await page.getByTestId('login-password').fill('first-pass-2026');
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/me/password');
  await page.getByTestId('must-change').waitFor();

  // Every other page waits until the password is changed.
  await page.goto('/audit');
  await page.waitForURL('**/me/password');
  await page.getByTestId('must-change').waitFor();

  const form = page.locator('form', { has: page.getByTestId('password-new') });
  const errorOf = (testid) =>
    form.locator('.el-form-item', { has: page.getByTestId(testid) }).locator('.el-form-item__error');

  // Client-side checks stop a password equal to the username, and a
  // confirmation that differs, before anything is sent.
  await page.getByTestId('password-old').fill('first-pass-2026');
  await page.getByTestId('password-new').fill('e2e_newbie');
  await page.getByTestId('password-confirm').fill('e2e_newbie');
  await page.getByTestId('password-submit').click();
  assert.equal((await errorOf('password-new').innerText()).trim(), '新密码不能与用户名相同');
  await page.getByTestId('password-new').fill('second-pass-2026');
  await page.getByTestId('password-confirm').fill('second-pass-2026x');
  await page.getByTestId('password-submit').click();
  assert.equal((await errorOf('password-confirm').innerText()).trim(), '两次输入的新密码不一致');
  assert.deepEqual(passwordCalls, []);

  // The server decides the rest: a wrong old password comes back on the
  // old-password field with the server's message.
  await page.getByTestId('password-old').fill('not-the-old-one');
  await page.getByTestId('password-confirm').fill('second-pass-2026');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
  await page.getByTestId('password-submit').click();
  const res = await answered;
  assert.equal(res.status(), 400);
  const body = await res.json();
  assert.equal(body.error.field, 'old_password');
  await errorOf('password-old').waitFor();
  assert.equal((await errorOf('password-old').innerText()).trim(), body.error.message);

  // The right old password: changed, and the workbench opens.
  await page.getByTestId('password-old').fill('first-pass-2026');
  await page.getByTestId('password-submit').click();
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await page.getByTestId('workbench').waitFor();
  await new Client(server.url).login('e2e_newbie', 'second-pass-2026');

  assert.deepEqual(problems, []);
});

test('(g) a throttled login shows 尝试次数过多 with the wait from Retry-After', async (t) => {
  // Its own server: the login throttle must not lock out the other tests.
  const own = await startServer();
  t.after(() => own.stop());
  let last;
  for (let i = 0; i < 20; i++) {
    last = await new Client(own.url).post('/api/v1/session', { username: 'brigade', password: `wrong-${i}-password` });
    if (last.status === 429) break;
    assert.equal(last.status, 401);
  }
  assert.equal(last.status, 429, 'the server throttles repeated failures');

  const { page, problems } = await openPage(t, undefined, own.url);
  await page.goto('/login');
  await page.getByTestId('login-username').fill('brigade');
  await page.getByTestId('login-password').fill('wrong-again-password');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.getByTestId('login-submit').click();
  const res = await answered;
  assert.equal(res.status(), 429);
  const seconds = Number.parseInt(res.headers()['retry-after'], 10);
  assert.ok(seconds > 0, 'Retry-After present');
  const alert = page.getByTestId('login-error');
  await alert.waitFor();
  assert.equal((await alert.innerText()).trim(), `尝试次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`);
  assert.deepEqual(problems, []);
});

test('(h) editing a user sends only the changed fields; disabled users hide behind a filter', async (t) => {
  const admin = new Client(server.url);
  await admin.login('admin');
  const created = await admin.post('/api/v1/users', {
    username: 'e2e_edit',
    password: 'edit-pass-2026',
    display_name: '待编辑',
    roles: ['street'],
    scope: '360104002',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));

  const { page, problems } = await openPage(t);
  await uiLogin(page, 'admin');
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  await table.getByText('officer1', { exact: true }).waitFor();

  // Search narrows the list (q).
  await page.getByTestId('users-q').fill('e2e_edit');
  await page.getByTestId('users-q').press('Enter');
  await table.locator('.el-table__row').filter({ hasText: 'e2e_edit' }).waitFor();
  await table.getByText('officer1', { exact: true }).waitFor({ state: 'detached' });
  assert.match(await table.innerText(), /洪都街道/);

  await page.getByTestId('users-edit-e2e_edit').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('user-display-name').inputValue(), '待编辑');
  await dialog.getByTestId('user-display-name').fill('已编辑');
  await dialog.getByTestId('user-disabled').click();
  const patched = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/users/${created.body.id}`));
  await dialog.getByTestId('user-save').click();
  const body = JSON.parse((await patched).postData());
  assert.deepEqual(body, { display_name: '已编辑', disabled: true });
  await dialog.waitFor({ state: 'hidden' });

  // Disabled accounts are hidden by default, shown with 显示已停用.
  await table.locator('.el-table__row').filter({ hasText: 'e2e_edit' }).waitFor({ state: 'detached' });
  await page.getByTestId('users-show-disabled').click();
  const row = table.locator('.el-table__row').filter({ hasText: 'e2e_edit' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /已编辑/);
  assert.match(text, /已停用/);

  const after = await admin.get(`/api/v1/users/${created.body.id}`);
  assert.equal(after.body.display_name, '已编辑');
  assert.equal(after.body.disabled, true);
  assert.deepEqual(problems, []);
});

test('(i) the administrator links an account to a person in 用户管理; the staff form has no account field', async (t) => {
  const admin = new Client(server.url);
  await admin.login('admin');
  const created = await admin.post('/api/v1/users', {
    username: 'e2e_link',
    password: 'Link-pass-2026',
    display_name: '待关联',
    roles: ['officer'],
    scope: '360104',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const staff = (await admin.get('/api/v1/staff?status=active&limit=200')).body.items;
  const person = staff.find((p) => !p.account && p.region.startsWith('360104'));
  assert.ok(person, 'an unlinked active person in 青云谱区');

  const { page, problems } = await openPage(t);
  await uiLogin(page, 'admin');
  await page.goto('/admin/users');
  const table = page.getByTestId('users-table');
  await page.getByTestId('users-q').fill('e2e_link');
  await page.getByTestId('users-q').press('Enter');
  await table.locator('.el-table__row').filter({ hasText: 'e2e_link' }).waitFor();
  await table.getByText('officer1', { exact: true }).waitFor({ state: 'detached' });

  await page.getByTestId('users-edit-e2e_link').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.waitFor();
  const select = dialog.getByTestId('user-person');
  await select.click();
  await select.locator('input').fill(person.name);
  await page.locator('.zf-user-person-popper .el-select-dropdown__item', { hasText: person.name }).first().click();
  const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/v1/users/${created.body.id}/person`));
  await dialog.getByTestId('user-save').click();
  assert.deepEqual(JSON.parse((await put).postData()), { person_id: person.id });
  await dialog.waitFor({ state: 'hidden' });
  await table.locator('.el-table__row').filter({ hasText: person.name }).waitFor();
  assert.equal((await admin.get(`/api/v1/users/${created.body.id}`)).body.person.id, person.id);
  assert.equal((await admin.get(`/api/v1/staff/${person.id}`)).body.account.username, 'e2e_link');

  // One's own account: the field is disabled (三员分立).
  await page.getByTestId('users-q').fill('admin');
  await page.getByTestId('users-q').press('Enter');
  await page.getByTestId('users-edit-admin').click();
  await dialog.waitFor();
  assert.ok(await dialog.getByTestId('user-person').locator('.is-disabled').count() > 0
    || await dialog.getByTestId('user-person').locator('input[disabled]').count() > 0, 'own link not editable');
  assert.match(await dialog.innerText(), /不能为自己的账号关联人员/);

  // The staff form shows the account but no longer edits it.
  await page.goto(`/staff/${person.id}`);
  await page.getByTestId('staff-edit').click();
  const staffDialog = page.getByTestId('staff-dialog');
  await staffDialog.waitFor();
  assert.equal(await staffDialog.getByTestId('staff-username').count(), 0);
  assert.equal((await staffDialog.getByTestId('staff-account').innerText()).trim(), 'e2e_link');
  assert.deepEqual(problems, []);
});
