// Browser checks of what a new user hit (issue 10, "Bugs a new user hit"):
// (a) the inspection's 操作记录 shows a label for every action, no raw i18n
// key, in Chinese and English; (b) the public plan page names its day
// figure truthfully; (c) the 检查安排 filters do not overlap at 1366 px and
// stay on screen at 375 px; (d) public and verification links open for an
// anonymous visitor, never the login page; (e) cancelling the confirmation
// of an irreversible act (提交报批, 冻结对象库, 抽取) does nothing (公布实施
// asks the same way; the plan suite confirms it);
// (f) no developer text (rule keys, file names, API paths, actor names such
// as cli / system:…, user agents) in the visible text of the main pages as
// admin, leader and officer. playwright-core with Debian's chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';
import { Client } from '../lib/server.mjs';

const suite = browserSuite({ timeout: 20000 });
const { openPage } = suite;

const api = async (user) => {
  const c = new Client(suite.server.url);
  await c.login(user);
  return c;
};

// Developer text a user must never read. Rule keys and i18n keys are
// dotted lower-case identifiers (inspection.report_hours, inspection.actions.start).
const DEV_PATTERNS = [
  /RULES\.md/, /\[V\]/, /\/api\/v1/, /\bsystem:[a-z]/, /\bcli\b/, /Mozilla\/|AppleWebKit|HeadlessChrome/,
  /\b[a-z][a-z0-9]*(_[a-z0-9]+)*\.[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\b/, /\b\w+\.(md|c|h|sql|csv|mjs)\b/,
];

function devText(text) {
  const found = [];
  for (const line of text.split('\n')) {
    for (const re of DEV_PATTERNS) {
      const m = re.exec(line);
      // e-mail addresses and domain names are not developer text
      if (m && !/@|https?:|www\./.test(line)) found.push(`${m[0]}  ←  ${line.trim().slice(0, 120)}`);
    }
  }
  return found;
}

/** The visible text of the page once its main content settled. */
async function settledText(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  return page.locator('body').innerText();
}

test('(a) the inspection 操作记录 labels every action, in Chinese and in English', async (t) => {
  const c = await api('leader');
  const closed = (await c.get('/api/v1/inspections?status=closed&limit=50')).body.items;
  const reported = (await c.get('/api/v1/inspections?status=reported&limit=50')).body.items;
  const x = closed[0] || reported[0];
  assert.ok(x, 'the demo has a carried-out inspection');
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'leader');
  for (const lang of ['zh-CN', 'en']) {
    await page.evaluate((l) => window.localStorage.setItem('zhifa.locale', l), lang);
    await page.goto(`/inspections/${x.id}`);
    const list = page.getByTestId('insp-history');
    await list.locator('li').first().waitFor();
    // schedule, start, the steps, attendance, results, measures, report …
    assert.ok((await list.locator('li').count()) >= 5, 'a carried-out inspection has a long log');
    const text = await list.innerText();
    assert.doesNotMatch(text, /inspection\.|actions\./, `${lang}: raw i18n key in\n${text}`);
    assert.deepEqual(devText(text), [], lang);
  }
  assert.deepEqual(problems, []);
});

test('(b) the public plan page names the figure as days available for planned inspections', async (t) => {
  const { page, problems } = await openPage(t);
  await page.goto('/public/plans');
  const card = page.locator('[data-testid^="public-plan-"]').first();
  await card.waitFor();
  const text = await card.innerText();
  assert.doesNotMatch(text, /计划检查人日/);
  assert.match(text, /可用于计划检查的人日/);
  assert.match(text, /计划检查所需人日/);
  assert.deepEqual(problems, []);
});

/** Bounding boxes of the visible filter controls of 检查安排: each control
 *  of the bar and the date editors inside them (an editor wider than its
 *  slot overlaps its neighbour although the slots do not). */
async function filterBoxes(page) {
  const bar = page.locator('.zf-toolbar', { has: page.getByTestId('insp-filter-status') });
  await bar.waitFor();
  const items = bar.locator(':scope > *');
  const boxes = [];
  for (let i = 0; i < (await items.count()); i++) {
    const el = items.nth(i);
    if (!(await el.isVisible())) continue;
    const label = (await el.getAttribute('data-testid')) || String(i);
    boxes.push({ i, label, box: await el.boundingBox() });
    const editors = el.locator('.el-date-editor');
    for (let k = 0; k < (await editors.count()); k++) {
      boxes.push({ i, label: `${label} editor`, box: await editors.nth(k).boundingBox() });
    }
  }
  return boxes;
}

function overlaps(a, b) {
  return a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
}

for (const width of [1366, 375]) {
  test(`(c) the 检查安排 filters neither overlap nor leave the screen at ${width} px`, async (t) => {
    const { page, problems } = await openPage(t, { width, height: 800 });
    await uiLogin(page, 'brigade');
    await page.goto('/inspections');
    await page.getByTestId('insp-table').locator('.el-table__row').first().waitFor();
    const boxes = await filterBoxes(page);
    assert.ok(boxes.length >= 4, 'the filter bar has its controls');
    for (const { label, box } of boxes) {
      assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${label} off screen: ${JSON.stringify(box)}`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (boxes[i].i === boxes[j].i) continue;   // a control and its own editor
        assert.ok(!overlaps(boxes[i].box, boxes[j].box), `${boxes[i].label} overlaps ${boxes[j].label}`);
      }
    }
    // the date inputs inside the range picker are on screen too
    const inputs = page.locator('.zf-toolbar', { has: page.getByTestId('insp-filter-status') }).locator('input');
    for (let i = 0; i < (await inputs.count()); i++) {
      const b = await inputs.nth(i).boundingBox();
      if (b) assert.ok(b.x >= 0 && b.x + b.width <= width + 0.5, `input ${i} off screen: ${JSON.stringify(b)}`);
    }
    assert.deepEqual(problems, []);
  });
}

test('(d) an anonymous visitor following public and verification links is not sent to the login page', async (t) => {
  const { page, problems } = await openPage(t);
  for (const path of ['/public', '/public/', '/public/plans', '/public/draws/1', '/public/unknown', '/verify/ABC123', '/verify']) {
    await page.goto(path);
    await page.getByTestId('public-nav-public-catalog').waitFor();
    assert.notEqual(new URL(page.url()).pathname, '/login', path);
    assert.equal(await page.getByTestId('login-username').count(), 0, path);
  }
  assert.deepEqual(problems, []);
});

async function cancelConfirm(page) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  const text = await box.innerText();
  assert.match(text, /不可撤销|无法撤销|不能撤销/, `the confirmation says what cannot be undone: ${text}`);
  await box.getByRole('button', { name: '取消' }).click();
  await box.waitFor({ state: 'hidden' });
}

test('(e) cancelling the confirmation of 提交报批 changes nothing', async (t) => {
  const c = await api('brigade');
  const plans = (await c.get('/api/v1/plans?limit=50')).body.items;
  const draft = plans.find((p) => p.status === 'draft');
  assert.ok(draft, 'the demo has a draft plan');
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto(`/plans/${draft.id}`);
  await page.getByTestId('plan-submit').click();
  await cancelConfirm(page);
  await page.waitForTimeout(300);
  assert.equal((await c.get(`/api/v1/plans/${draft.id}`)).body.status, 'draft');
  assert.deepEqual(problems, []);
});

test('(e) cancelling the confirmation of 冻结对象库 creates no draw; of 抽取 draws nothing', async (t) => {
  const c = await api('brigade');
  const before = (await c.get('/api/v1/draws?limit=100')).body.items.length;
  const { page, problems } = await openPage(t);
  await uiLogin(page, 'brigade');
  await page.goto('/draws/new');
  await page.getByTestId('draw-name').fill('确认框测试抽查');
  const count = page.getByTestId('draw-count').locator('input');
  await count.fill('3');
  await count.press('Tab');
  await page.getByTestId('draw-preview').getByText('拟抽取 3 家').waitFor();
  await page.getByTestId('draw-freeze').click();
  await cancelConfirm(page);
  await page.waitForTimeout(300);
  assert.equal((await c.get('/api/v1/draws?limit=100')).body.items.length, before, 'no draw frozen');
  // confirmed, the pools freeze; cancelling 抽取 leaves the draw frozen
  await page.getByTestId('draw-freeze').click();
  await page.locator('.el-message-box').getByRole('button', { name: '确认执行' }).click();
  await page.getByTestId('draw-commitment').waitFor();
  await page.getByTestId('draw-run').click();
  await cancelConfirm(page);
  await page.waitForTimeout(300);
  const draws = (await c.get('/api/v1/draws?limit=100')).body.items;
  assert.equal(draws.length, before + 1);
  const mine = draws.find((d) => d.name === '确认框测试抽查');
  assert.equal(mine.status, 'frozen');
  assert.equal(await page.getByTestId('draw-done').count(), 0);
  assert.deepEqual(problems, []);
});

const PAGES = {
  admin: ['/', '/admin/users', '/org', '/audit', '/rules', '/calendar', '/benchmarks', '/catalog', '/checklists'],
  leader: ['/', '/plans', '/inspections', '/hazards', '/notifications', '/draws', '/enterprises', '/risk', '/key-enterprises',
    '/staff', '/staff-warnings', '/experts', '/evidence', '/rules', '/transfers'],
  officer1: ['/', '/my-inspections', '/hazards', '/notifications', '/catalog', '/enterprises'],
};

for (const [user, paths] of Object.entries(PAGES)) {
  test(`(f) no developer text on the main pages as ${user}`, async (t) => {
    const { page, problems } = await openPage(t);
    await uiLogin(page, user);
    const seen = [];
    const c = await api(user);
    const extra = [];
    if (user === 'leader') {
      const plans = (await c.get('/api/v1/plans?limit=5')).body.items;
      if (plans[0]) extra.push(`/plans/${plans[0].id}`);
      const insp = (await c.get('/api/v1/inspections?status=closed&limit=5')).body.items;
      if (insp[0]) extra.push(`/inspections/${insp[0].id}`);
      const hz = (await c.get('/api/v1/hazards?limit=5')).body.items;
      if (hz[0]) extra.push(`/hazards/${hz[0].id}`);
      const dr = (await c.get('/api/v1/draws?limit=5')).body.items;
      if (dr[0]) extra.push(`/draws/${dr[0].id}`);
    }
    if (user === 'admin') {
      const rs = (await c.get('/api/v1/rule-sets')).body.items || [];
      if (rs[0]) extra.push(`/rules/${rs[0].id}`);
    }
    for (const path of [...paths, ...extra]) {
      await page.goto(path);
      const found = devText(await settledText(page));
      for (const f of found) if (!seen.includes(`${path}: ${f}`)) seen.push(`${path}: ${f}`);
    }
    assert.equal(seen.length, 0, `developer text seen:\n${seen.join("\n")}`);
    assert.deepEqual(problems, []);
  });
}
