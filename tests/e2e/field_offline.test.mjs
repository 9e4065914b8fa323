// The offline field app (web/public/sw.js, web/src/offline/*) on a 375 px
// phone with Playwright's offline mode (context.setOffline):
// (a) 今日检查 and the walk-through are opened online (the service worker
//     takes the app shell, IndexedDB the list and the record); with the
//     network cut the officer answers checklist lines, records a step, takes
//     a photo and enters a hazard → "待同步 4 条"; a reload offline opens the
//     page from the service worker's cache (X-Zhifa-SW: cache) and IndexedDB
//     with the pending edits, 今日检查 opens offline too; on reconnect the
//     outbox drains and the server has all four (checked through the API);
// (b) conflicts: offline the officer changes the attendance while another
//     device changes it on the server; on reconnect the conflict view shows
//     both values, 以我的为准 puts the officer's on the server; a second one
//     on a checklist answer resolved with 采用服务器的 keeps the server's
//     value and lists the officer's change as discarded;
// (d) a write refused on replay with another 4xx (a major hazard without its
//     standard item) stays on the page with the reason until the officer
//     drops it; dropped, it is listed as discarded;
// (f) offline a 限期整改 hazard with its deadline and a photo of it is listed
//     as unsent; on reconnect it is saved with the deadline and the photo
//     linked to the hazard (sent after it), and listed with its status;
// (e) the service worker keeps the field pages' chunks ahead, before the
//     officer ever opened them: after signing in on the workbench only, the
//     walk-through's page opens with the network cut;
// (c) the officers can be changed at the start: one officer only is refused
//     with the reason shown (nothing started), two start it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, uiLogin } from '../lib/browser.mjs';
import { Client, scheduleToday } from '../lib/server.mjs';

const TIMEOUT = 15000;
const suite = browserSuite({ timeout: TIMEOUT, viewport: { width: 375, height: 812 }, setup: async (s) => {
  ins.push(...await scheduleToday(s.server.url, 3));
  api = new Client(s.server.url);
  await api.login('officer1');
  for (const x of ins.slice(0, 2)) await act(x.id, 'start', {}); // the third is started on the page
} });
let api;
const ins = [];


/** A write through the API as the other device (officer1 from node). */
async function act(id, what, body) {
  const f = await api.get(`/api/v1/inspections/${id}/field`);
  const r = await api.post(`/api/v1/inspections/${id}/${what}`, { version: f.body.version, ...body });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
// a 1×1 PNG, as the phone camera would hand over (type sniffed by the server)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const field = async (id) => (await api.get(`/api/v1/inspections/${id}/field`)).body;



const { openPage } = suite;

/** Waits for the page's own promise that the service worker controls it and
 * holds the app shell (web/src/offline/register.js): the event itself, not a
 * fixed wait, so that a busy two-core machine only makes this slower. */
const offlineReady = (page) => page.evaluate(async (limit) => {
  if (!window.zfOfflineReady) throw new Error('the page did not register the service worker (window.zfOfflineReady)');
  let timer;
  const stuck = new Promise((resolve, reject) => { timer = setTimeout(async () => {
    // a bound so that a worker that never gets ready fails the test with its state, not hangs it
    const reg = await navigator.serviceWorker.getRegistration();
    reject(new Error(`no offline shell after ${limit / 1000} s: ${JSON.stringify({
      controller: !!navigator.serviceWorker.controller, installing: reg?.installing?.state,
      waiting: reg?.waiting?.state, active: reg?.active?.state, url: location.pathname })}`));
  }, limit); });
  try {
    await Promise.race([window.zfOfflineReady, stuck]);
  } finally {
    clearTimeout(timer);
  }
}, 120000);

/** Signs in, opens /field/:id online and waits until the service worker
 * controls the page and holds the app shell. */
async function openWalk(t, id) {
  const opened = await openPage(t);
  const { page } = opened;
  await uiLogin(page, 'officer1');
  await page.goto('/field');
  await page.getByTestId(`fw-card-${id}`).click();
  await page.getByTestId('fw-sync').waitFor();
  await offlineReady(page);
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true, 'controlled by the service worker');
  return opened;
}
const lineIds = (page) => page.locator('[data-testid^="fw-line-"]').evaluateAll((els) => els.map((e) => Number(e.dataset.testid.slice(8))));
const pendingText = async (page) => (await page.getByTestId('fw-pending').innerText()).trim();
const drained = (page) => page.getByTestId('fw-pending').waitFor({ state: 'detached' });

test('(a) offline answers and a step survive a reload and reach the server on reconnect', async (t) => {
  const id = ins[0].id;
  const { context, page, problems } = await openWalk(t, id);
  const lines = await lineIds(page);
  assert.ok(lines.length >= 2, 'checklist lines');

  await context.setOffline(true);
  await page.getByTestId('fw-online').getByText('离线').waitFor();
  const net = await page.evaluate(() => fetch('/api/v1/me').then(() => 'reached', () => 'failed'));
  assert.equal(net, 'failed', 'the network is cut for the page');
  await page.getByTestId(`fw-fail-${lines[0]}`).click();
  await page.getByTestId(`fw-line-${lines[0]}`).locator('.fw-note input').fill('安全出口锁闭');
  await page.getByTestId(`fw-ok-${lines[1]}`).click();
  await page.getByTestId('fw-results-save').click();
  await page.getByTestId('fw-step-btn-notice').click();
  await page.getByTestId('fw-step-notice').locator('.fw-muted').waitFor();
  assert.equal(await pendingText(page), '待同步 2 条');
  await page.getByTestId('fw-photo-input').setInputFiles({ name: 'exit.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('fw-hazard-open').click();
  await page.getByTestId('fw-hazard-description').fill('安全出口上锁');
  await page.getByTestId('fw-hazard-place').fill('二号仓库');
  await page.getByTestId('fw-hazard-add').click();
  await page.getByTestId('fw-pending').getByText('待同步 4 条').waitFor();

  // reload with the network cut: the shell from the service worker, the data from IndexedDB
  const res = await page.reload();
  assert.equal(res.headers()['x-zhifa-sw'], 'cache', 'index.html from the service worker cache');
  await page.getByTestId('field-walk-page').waitFor();
  await page.getByTestId('fw-from-cache').waitFor();
  assert.equal(await pendingText(page), '待同步 4 条');
  assert.match(await page.getByTestId(`fw-fail-${lines[0]}`).getAttribute('class'), /is-active/);
  assert.match(await page.getByTestId(`fw-ok-${lines[1]}`).getAttribute('class'), /is-active/);
  assert.equal(await page.getByTestId(`fw-line-${lines[0]}`).locator('.fw-note input').inputValue(), '安全出口锁闭');
  assert.equal(await page.getByTestId('fw-step-btn-notice').count(), 0, 'the step shows as recorded');
  const before = await field(id);
  assert.equal(before.checklist.find((l) => l.line_id === lines[0]).result, null, 'nothing reached the server yet');

  // 今日检查 offline: the kept list, the outbox size; back to the walk-through
  await page.getByTestId('fw-line-' + lines[0]).waitFor();
  await page.goto('/field');
  await page.getByTestId(`fw-card-${id}`).waitFor();
  assert.equal((await page.getByTestId('fw-today-pending').innerText()).trim(), '待同步 4 条');
  await page.getByTestId(`fw-card-${id}`).click();
  await page.getByTestId('fw-pending').waitFor();

  await context.setOffline(false);
  await drained(page);
  const f = await field(id);
  const r0 = f.checklist.find((l) => l.line_id === lines[0]).result;
  assert.deepEqual([r0.verdict, r0.note], ['fail', '安全出口锁闭']);
  assert.equal(f.checklist.find((l) => l.line_id === lines[1]).result.verdict, 'ok');
  assert.ok(f.site.notice_at, 'the step reached the server');
  assert.equal(f.version, before.version + 2, 'two writes, in order');
  const ev = await api.get(`/api/v1/evidence?link_kind=inspection&link_id=${id}`);
  assert.deepEqual(ev.body.items.map((x) => x.name), ['exit.png'], 'the photo was uploaded');
  const hz = await api.get(`/api/v1/hazards?inspection_id=${id}`);
  assert.deepEqual(hz.body.items.map((x) => [x.description, x.place, x.category]), [['安全出口上锁', '二号仓库', 'general']]);
  assert.deepEqual(problems, []);
});

test('(b) conflicts: keep mine, then use the server\'s; nothing is lost', async (t) => {
  const id = ins[1].id;
  const { context, page, problems } = await openWalk(t, id);

  // 1: attendance, resolved with 以我的为准
  await context.setOffline(true);
  await page.getByTestId('fw-online').getByText('离线').waitFor();
  await page.getByTestId('fw-principal_present').click();
  await page.getByTestId('fw-principal_name').fill('王总');
  await page.getByTestId('fw-att-save').click();
  assert.equal(await pendingText(page), '待同步 1 条');
  await act(id, 'attendance', { principal_present: true, principal_name: '李总', safety_manager_present: false,
    operators_present: false });
  await context.setOffline(false);
  const c1 = page.locator('[data-testid^="fw-conflict-"].el-card');
  await c1.waitFor();
  const row = c1.locator('tr', { hasText: '主要负责人姓名' });
  assert.equal((await row.getByTestId('fw-conflict-mine').innerText()).trim(), '王总');
  assert.equal((await row.getByTestId('fw-conflict-server').innerText()).trim(), '李总');
  assert.equal((await field(id)).site.principal_name, '李总', 'nothing overwritten before the officer chose');
  await c1.getByTestId('fw-keep-mine').click();
  await drained(page);
  assert.equal((await field(id)).site.principal_name, '王总');

  // 2: a checklist answer, resolved with 采用服务器的
  const line = (await lineIds(page))[0];
  await context.setOffline(true);
  await page.getByTestId('fw-online').getByText('离线').waitFor();
  await page.getByTestId(`fw-na-${line}`).click();
  await page.getByTestId('fw-results-save').click();
  assert.equal(await pendingText(page), '待同步 1 条');
  await act(id, 'results', { items: [{ line_id: line, verdict: 'fail', note: '另一台设备记录' }] });
  await context.setOffline(false);
  const c2 = page.locator('[data-testid^="fw-conflict-"].el-card');
  await c2.waitFor();
  assert.equal((await c2.getByTestId('fw-conflict-mine').innerText()).trim(), '不涉及');
  assert.equal((await c2.getByTestId('fw-conflict-server').innerText()).trim(), '不符合（另一台设备记录）');
  await c2.getByTestId('fw-keep-server').click();
  await drained(page);
  const r = (await field(id)).checklist.find((l) => l.line_id === line).result;
  assert.deepEqual([r.verdict, r.note], ['fail', '另一台设备记录'], 'the server value is kept');
  const log = page.getByTestId('fw-discarded');
  await log.waitFor();
  assert.match(await log.innerText(), /不涉及/, 'the officer\'s dropped change is still listed');
  assert.match(await log.innerText(), /采用了服务器的值/);
  assert.match(await page.getByTestId(`fw-fail-${line}`).getAttribute('class'), /is-active/, 'the page shows the server value');
  assert.deepEqual(problems, []);
});

test('(c) officers changed at the start: one is refused with the reason, two start it', async (t) => {
  const id = ins[2].id;
  const { page, problems } = await openWalk(t, id);
  const sel = page.getByTestId('fw-start-officers');
  await sel.getByText('刘芳').waitFor();
  await sel.locator('.el-tag', { hasText: '刘芳' }).locator('.el-tag__close').click();
  await page.getByTestId('fw-start').click();
  await page.locator('.el-message--error').first().waitFor();
  assert.match(await page.locator('.el-message--error').first().innerText(), /2|两|执法人员/);
  assert.equal((await field(id)).status, 'scheduled', 'nothing started');
  await page.getByTestId('fw-pending').waitFor({ state: 'detached', timeout: 3000 }); // a refusal made online is shown, not queued
  assert.equal(await page.locator('[data-testid^="fw-error-"]').count(), 0);
  await sel.click();
  await page.locator('.el-select-dropdown__item', { hasText: '刘芳' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('fw-start').click();
  await page.getByText('已开始现场检查').first().waitFor();
  await page.getByTestId('fw-step-btn-notice').waitFor();
  const f = await field(id);
  assert.equal(f.status, 'in_progress');
  assert.deepEqual(f.people.filter((p) => p.role === 'officer').map((p) => p.name).sort(), ['刘芳', '李明'].sort());
  assert.deepEqual(problems, []);
});

test('(d) a write refused on replay is kept with the reason until dropped', async (t) => {
  const id = ins[1].id;
  const { context, page, problems } = await openWalk(t, id);
  await context.setOffline(true);
  await page.getByTestId('fw-online').getByText('离线').waitFor();
  await page.getByTestId('fw-hazard-open').click();
  await page.getByTestId('fw-hazard-description').fill('液氨储罐无泄漏报警');
  await page.getByTestId('fw-hazard-place').fill('制冷车间');
  await page.getByTestId('fw-hazard-major').click();
  await page.getByTestId('fw-hazard-add').click();
  await page.getByTestId('fw-pending').getByText('待同步 1 条').waitFor();
  await context.setOffline(false);
  const card = page.locator('[data-testid^="fw-error-"]');
  await card.waitFor();
  assert.match(await card.innerText(), /判定标准/, 'the server\'s reason is shown on the entry');
  assert.equal(await pendingText(page), '待同步 1 条', 'kept, not dropped');
  const hz = await api.get(`/api/v1/hazards?inspection_id=${id}`);
  assert.equal(hz.body.items.filter((x) => x.description === '液氨储罐无泄漏报警').length, 0);
  await card.getByText('放弃').click();
  await drained(page);
  assert.match(await page.getByTestId('fw-discarded').innerText(), /隐患 · 已放弃/);
  assert.match(await page.getByTestId('fw-discarded').innerText(), /液氨储罐无泄漏报警（制冷车间）/, 'what was dropped is readable');
  assert.deepEqual(problems, []);
});

test('(e) the field pages open offline though only the workbench was visited', async (t) => {
  const { context, page, problems } = await openPage(t);
  await uiLogin(page, 'officer1');
  await offlineReady(page);
  const kept = await page.evaluate(async () => (await (await caches.open('zhifa-shell-v1')).keys()).map((r) => new URL(r.url).pathname));
  assert.ok(kept.some((u) => /^\/assets\/FieldWalkView-.*\.js$/.test(u)), 'the walk-through chunk is kept');
  assert.ok(kept.some((u) => /^\/assets\/FieldTodayView-.*\.js$/.test(u)), 'the today chunk is kept');
  assert.ok(!kept.some((u) => u.startsWith('/api/')), 'no API answer in the cache');
  await context.setOffline(true);
  const res = await page.goto(`/field/${ins[2].id}`);
  assert.equal(res.headers()['x-zhifa-sw'], 'cache');
  await page.getByTestId('field-walk-page').waitFor();
  await page.getByTestId('fw-sync').or(page.locator('.el-alert')).first().waitFor();
  assert.deepEqual(problems, []);
});

test('(f) offline a 限期整改 hazard with its deadline and a photo: listed unsent, then saved with the photo linked to it', async (t) => {
  const [x] = await scheduleToday(suite.server.url, 1);
  await act(x.id, 'start', {});
  const due = new Date(Date.now() + (8 + 24 * 7) * 3600 * 1000).toISOString().slice(0, 10);
  const { context, page, problems } = await openWalk(t, x.id);
  await context.setOffline(true);
  await page.getByTestId('fw-online').getByText('离线').waitFor();
  await page.getByTestId('fw-hazard-open').click();
  await page.getByTestId('fw-hazard-description').fill('配电箱无漏电保护');
  await page.getByTestId('fw-hazard-place').fill('三号车间');
  await page.getByTestId('fw-hazard-deadline').click();
  await page.getByTestId('fw-hazard-deadline-date').fill(due);
  await page.getByTestId('fw-hazard-photo-input').setInputFiles({ name: 'panel.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('fw-hazard-add').click();
  await page.getByTestId('fw-pending').getByText('待同步 2 条').waitFor();
  const unsent = page.getByTestId('fw-hazard-pending');
  await unsent.getByText('待同步').waitFor();
  assert.ok((await unsent.innerText()).includes(`整改期限 ${due}`));

  await context.setOffline(false);
  await drained(page);
  const hz = (await api.get(`/api/v1/hazards?inspection_id=${x.id}`)).body.items;
  assert.deepEqual(hz.map((h) => [h.description, h.rectify, h.deadline]), [['配电箱无漏电保护', 'deadline', due]]);
  const ev = await api.get(`/api/v1/evidence?link_kind=hazard&link_id=${hz[0].id}`);
  assert.deepEqual(ev.body.items.map((e) => e.name), ['panel.png'], 'the photo is linked to the hazard');
  const saved = page.getByTestId(`fw-hazard-${hz[0].id}`);
  await saved.getByText('照片 1 张').waitFor();
  assert.equal((await saved.getByTestId('fw-hazard-status').innerText()).trim(), '待整改');
  assert.deepEqual(problems, []);
});
