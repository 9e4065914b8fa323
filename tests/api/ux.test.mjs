// What a new user hit, through the API (issue 10, "Bugs a new user hit"):
// error messages name fields by their Chinese labels, never by API names,
// while the error's field member keeps the API name (bug 6); a plan
// submitted for approval notifies the leaders in scope (bug 9); the
// departments hazards go to (市场监管, 住建, 消防救援, 燃气) are the receiving
// departments of the demo, and the reform's coordinating offices (编办,
// 组织部, 财政局 …) are not offered (bug 8).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, today } from './helpers.mjs';

let server;
const clients = {};
async function as(username) {
  if (!clients[username]) clients[username] = await signIn(server.url, username);
  return clients[username];
}

before(async () => { server = await startServer({ args: ['--login-max-failures', '1000'] }); });
after(async () => { if (server) await server.stop(); });

// an API name: lower-case ASCII with an underscore or a dot (approval_document, entries.month)
const API_NAME = /[a-z][a-z0-9]*[_.][a-z0-9_.]+/;

async function unitId(name) {
  const r = await (await as('admin')).get(`/api/v1/units?q=${encodeURIComponent(name)}`);
  const u = r.body.items.find((x) => x.name === name);
  return u && u.id;
}

describe('error messages name fields by their Chinese label (bug 6)', () => {
  test('field-table checks: missing, too short, wrong type', async () => {
    const l = await as('leader');
    const plans = (await l.get('/api/v1/plans')).body.items;
    const id = plans[0].id;
    const cases = [
      [{ approved_on: today() }, 'missing_field'],
      [{ approval_document: 'x', approved_on: today() }, 'invalid'],
      [{ approval_document: 12, approved_on: today() }, 'wrong_type'],
    ];
    for (const [body, code] of cases) {
      const e = assertError(await l.post(`/api/v1/plans/${id}/approve`, body), 400, code,
        { field: 'approval_document', mentions: '批准文号' });
      assert.doesNotMatch(e.message, API_NAME, e.message);
      assert.ok(!e.message.includes('approval_document'), e.message);
    }
  });

  test('a domain check that named the field in brackets', async () => {
    const b = await as('brigade');
    const e = assertError(await b.post('/api/v1/plans', { unit_id: await unitId('青云谱区应急管理综合行政执法大队'), year: 1990 }),
      400, 'invalid', { field: 'year' });
    assert.doesNotMatch(e.message, API_NAME, e.message);
    // plan.c: "监管行业（sector）不存在：…" reaches the user as "监管行业不存在：…"
    const draft = (await b.get('/api/v1/plans?status=draft')).body.items[0];
    const e2 = assertError(await b.post(`/api/v1/plans/${draft.id}/campaigns`,
      { name: '粉尘专项', topic: '粉尘涉爆', period_kind: 'month', period: 3, sector: 'nope', count: 5 }),
    400, 'invalid', { field: 'sector', mentions: '监管行业' });
    assert.doesNotMatch(e2.message, /（sector）/, e2.message);
  });
});

describe('submitting a plan notifies the leaders (bug 9)', () => {
  test('the leader in scope gets 年度执法计划待审批 with a link to the plan', async () => {
    const b = await as('brigade');
    const year = Number(today().slice(0, 4)) + 3;
    let r = await b.post('/api/v1/plans', { unit_id: await unitId('青云谱区应急管理综合行政执法大队'), year });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const planId = r.body.id;
    const l = await as('leader');
    const before = (await l.get('/api/v1/notifications?limit=100')).body.items.filter((n) => n.entity === 'plan');
    r = await b.post(`/api/v1/plans/${planId}/submit`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'submitted');
    const after = (await l.get('/api/v1/notifications?limit=100')).body.items.filter((n) => n.entity === 'plan');
    assert.equal(after.length, before.length + 1);
    const n = after.find((x) => Number(x.entity_id) === planId);
    assert.ok(n, JSON.stringify(after));
    assert.match(n.title, /待审批/);
    assert.match(n.title, new RegExp(`${year}年度执法计划`));
    assert.equal(n.kind, 'plan.submitted');
    // the submitter is not a leader: nothing for the brigade
    const mine = (await b.get('/api/v1/notifications?limit=100')).body.items.filter((x) => x.entity === 'plan');
    assert.equal(mine.length, 0);
  });
});

describe('transfer departments are those hazards go to (bug 8)', () => {
  test('市场监管, 住建, 消防救援 and 燃气 are departments; 编办, 组织部, 财政局 are not offered', async () => {
    const r = await (await as('brigade')).get('/api/v1/units?limit=200');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const depts = r.body.items.filter((u) => u.kind === 'department' && !u.voided_at).map((u) => u.name);
    for (const want of ['市场监管', '住建', '消防救援', '燃气']) {
      assert.ok(depts.some((n) => n.includes(want)), `${want} in ${depts.join('、')}`);
    }
    for (const not of ['编办', '组织部', '财政局', '人社局', '政数局', '机关事务']) {
      assert.ok(!depts.some((n) => n.includes(not)), `${not} offered: ${depts.join('、')}`);
    }
  });

  test('the demo transfers went to the department responsible', async () => {
    const r = await (await as('brigade')).get('/api/v1/transfers?limit=100');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const out = r.body.items.filter((x) => x.direction === 'out');
    assert.ok(out.length >= 2);
    for (const x of out) {
      const h = (await (await as('brigade')).get(`/api/v1/hazards/${x.hazard_id}`)).body;
      if (/消防/.test(h.description)) assert.match(x.unit_name, /消防救援/);
      if (/燃气/.test(h.description)) assert.match(x.unit_name, /燃气/);
    }
  });
});

describe('a refusal names the roles that may act, not a permission key (bug 10)', () => {
  test('a street account reading the audit log', async () => {
    const r = await (await as('street1')).get('/api/v1/audit');
    assert.equal(r.status, 403);
    assert.doesNotMatch(r.body.error.message, API_NAME);
    assert.doesNotMatch(r.body.error.message, /audit/);
    assert.match(r.body.error.message, /系统管理员/);
    assert.match(r.body.error.message, /纪检监察/);
  });
});
