// Annual enforcement plan API (src/plan.c, plan_report.c, plan_api.c)
// against the real binary: the demo plans (this year published, next year
// a draft), creating a plan (duplicates, squads, scope), the key-enterprise
// grid and scheduling with the two-level rule, submission refused naming
// the unscheduled key enterprise and refused over budget, approval (403
// without the power, the date checked), publication creating inspections,
// the public summary without login, adjustment keeping versions, progress,
// and bad input named by field. Key enterprises are inserted directly (the
// risk module fills them in the product).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoDb, Client } from '../lib/server.mjs';
import { signIn, assertError, sqlite, today } from './helpers.mjs';

let server;
const clients = {};
const Y = 2028;                      // a year the demo plans do not use
const thisYear = () => Number(today().slice(0, 4));

async function as(username) {
  if (!clients[username]) clients[username] = await signIn(server.url, username);
  return clients[username];
}

function q(db, sql) {
  const r = sqlite(db, sql);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const keys = {};           // name → {id, name, uscc}
function one(db, sql) {
  const [id, name, uscc] = q(db, sql).split('|');
  return { id: Number(id), name, uscc };
}

before(async () => {
  const db = demoDb();
  // six district-supervised key enterprises of Y, one city-supervised, two of 洪都街道 supervised by the street
  q(db, `INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)
         SELECT id, ${Y}, 'manual', '测试', 'test', '2026-01-01T00:00:00Z' FROM enterprise
         WHERE supervising_level='district' AND status='active' ORDER BY id LIMIT 6`);
  keys.city = one(db, "SELECT id, name, uscc FROM enterprise WHERE supervising_level='city' AND status='active' ORDER BY id LIMIT 1");
  keys.street1 = one(db, "SELECT id, name, uscc FROM enterprise WHERE supervising_level='street' AND status='active' AND region='360104002' ORDER BY id LIMIT 1");
  keys.street2 = one(db, "SELECT id, name, uscc FROM enterprise WHERE supervising_level='street' AND status='active' AND region='360104002' ORDER BY id LIMIT 1 OFFSET 1");
  for (const k of [keys.city, keys.street1, keys.street2]) {
    q(db, `INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at) VALUES(${k.id}, ${Y}, 'manual', '测试', 'test', '2026-01-01T00:00:00Z')`);
  }
  keys.district = q(db, `SELECT e.id || '|' || e.name || '|' || e.uscc FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id
                         WHERE k.year=${Y} AND e.supervising_level='district' ORDER BY e.id`).split('\n')
    .map((l) => { const [id, name, uscc] = l.split('|'); return { id: Number(id), name, uscc }; });
  server = await startServer({ db, args: ['--login-max-failures', '1000'] });
});
after(async () => { if (server) await server.stop(); });

async function unitId(name) {
  const r = await (await as('admin')).get(`/api/v1/units?q=${encodeURIComponent(name)}`);
  return r.body.items.find((u) => u.name === name).id;
}

let planId;          // the brigade's plan of Y

describe('demo plans and reading', () => {
  test('the demo: this year published with its 文号, next year a draft', async () => {
    const r = await (await as('brigade')).get('/api/v1/plans');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cur = r.body.items.find((p) => p.year === thisYear());
    const next = r.body.items.find((p) => p.year === thisYear() + 1);
    assert.equal(cur.status, 'published');
    assert.match(cur.version.approval_document, /青府字/);
    assert.equal(next.status, 'draft');
    assert.equal(next.budget.workdays_source, 'rule');            // next year's calendar is not loaded
    assert.equal(next.budget.legal_workdays, 248);
    assert.equal(next.budget.rows.length, 17);
    const f = await (await as('brigade')).get(`/api/v1/plans?year=${thisYear()}&status=published`);
    assert.deepEqual(f.body.items.map((p) => p.id), [cur.id]);
  });

  test('public summary without login: published plans only, no enterprise names', async () => {
    const anon = new Client(server.url);
    const r = await anon.get(`/api/v1/public/plans?year=${thisYear()}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.items.length, 1);
    const p = r.body.items[0];
    assert.equal(p.months.length, 12);
    assert.ok(p.approvals[0].approval_document);
    assert.ok(p.campaigns.some((c) => c.topic === '粉尘涉爆'));
    assert.equal(JSON.stringify(p).includes('uscc'), false);
    assert.equal((await anon.get(`/api/v1/public/plans?year=${thisYear() + 1}`)).body.items.length, 0);
    assertError(await anon.get('/api/v1/public/plans?year=abc'), 400, 'invalid', { field: 'year' });
    assert.equal((await anon.get('/api/v1/plans')).status, 401);
  });

  test('officers read, cannot edit; street accounts do not see the district plan', async () => {
    const list = await (await as('brigade')).get(`/api/v1/plans?year=${thisYear()}`);
    const id = list.body.items[0].id;
    assert.equal((await (await as('officer1')).get(`/api/v1/plans/${id}`)).status, 200);
    assertError(await (await as('officer1')).patch(`/api/v1/plans/${id}`, { note: 'x' }), 403, 'forbidden');
    assertError(await (await as('street1')).get(`/api/v1/plans/${id}`), 403, 'out_of_scope');
    assert.equal((await (await as('street1')).get('/api/v1/plans')).body.items.length, 0);
    assertError(await (await as('brigade')).get('/api/v1/plans/99999'), 404, 'not_found');
    assertError(await (await as('brigade')).get(`/api/v1/plans/${id}?version=7`), 404, 'not_found', { field: 'version' });
  });
});

describe('create and edit', () => {
  test('create: 201; again 409; a squad 422; bad year 400; another street 403', async () => {
    const b = await as('brigade');
    const brigade = await unitId('青云谱区应急管理综合行政执法大队');
    let r = await b.post('/api/v1/plans', { unit_id: brigade, year: Y });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    planId = r.body.id;
    assert.equal(r.body.title, `青云谱区应急管理综合行政执法大队${Y}年度执法计划`);
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.coverage.total, 6);
    assertError(await b.post('/api/v1/plans', { unit_id: brigade, year: Y }), 409, 'conflict', { field: 'year' });
    assertError(await b.post('/api/v1/plans', { unit_id: await unitId('青云谱区应急管理局'), year: Y }), 409, 'conflict',
      { field: 'unit_id' });
    assertError(await b.post('/api/v1/plans', { unit_id: await unitId('执法一中队'), year: Y }), 422, 'procedure',
      { field: 'unit_id', mentions: ['执法大队'] });
    assertError(await b.post('/api/v1/plans', { unit_id: brigade, year: 1990 }), 400, 'invalid', { field: 'year' });
    assertError(await b.post('/api/v1/plans', { unit_id: brigade, year: Y, colour: 'red' }), 400, 'unknown_field',
      { field: 'colour' });
    assertError(await (await as('street1')).post('/api/v1/plans', { unit_id: await unitId('京山街道办事处'), year: Y }),
      403, 'out_of_scope');
  });

  test('patch the draft: budget days and headcount; bad kinds named', async () => {
    const b = await as('brigade');
    let r = await b.patch(`/api/v1/plans/${planId}`, {
      officers_planned: 8, budget: { 'other.duty': 200, 'other.accident': 60, 'non.training': 100 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.budget.officers, 8);
    assert.equal(r.body.budget.gross_days, 248 * 8);
    assert.equal(r.body.budget.available_days, 248 * 8 - 360);
    assert.equal(r.body.budget.rows.find((x) => x.kind === 'other.duty').name, '值班值守');
    assertError(await b.patch(`/api/v1/plans/${planId}`, { budget: { 'other.golf': 3 } }), 400, 'invalid',
      { field: 'budget.other.golf' });
    assertError(await b.patch(`/api/v1/plans/${planId}`, { budget: { 'non.sick': 'many' } }), 400, 'wrong_type');
    assertError(await b.patch(`/api/v1/plans/${planId}`, { officers_planned: -2 }), 400, 'invalid',
      { field: 'officers_planned' });
    r = await b.get(`/api/v1/plans/${planId}/budget`);
    assert.equal(r.body.other_days, 260);
    assert.equal(r.body.frozen, false);
  });

  test('quotas and campaigns; bad rows named', async () => {
    const b = await as('brigade');
    let r = await b.req('PUT', `/api/v1/plans/${planId}/quotas`, { quotas: [
      { sector: 'trade', kind: 'random', period_kind: 'quarter', period: 1, count: 30 },
      { sector: 'chem', kind: 'routine', period_kind: 'month', period: 3, count: 10 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.quotas.length, 2);
    assert.equal(r.body.budget.share_percent, 75);
    assertError(await b.req('PUT', `/api/v1/plans/${planId}/quotas`, { quotas: [
      { sector: 'casino', kind: 'random', period_kind: 'month', period: 1, count: 1 }] }), 400, 'invalid',
    { field: 'quotas[0].sector' });
    assertError(await b.req('PUT', `/api/v1/plans/${planId}/quotas`, { quotas: [
      { sector: 'trade', kind: 'random', period_kind: 'month', period: 1, count: 0 }] }), 400, 'invalid',
    { field: 'quotas[0].count' });
    r = await b.post(`/api/v1/plans/${planId}/campaigns`, { name: '粉尘涉爆企业专项检查', topic: '粉尘涉爆',
      period_kind: 'month', period: 5, sector: 'trade', hazard: 'dust', count: 12 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const cid = r.body.campaign_id;
    assertError(await b.patch(`/api/v1/plans/${planId}/campaigns/${cid}`, { name: '粉尘涉爆企业专项检查',
      topic: '粉尘涉爆', period_kind: 'quarter', period: 6, count: 12 }), 400, 'invalid', { field: 'period' });
    r = await b.patch(`/api/v1/plans/${planId}/campaigns/${cid}`, { name: '粉尘涉爆企业专项检查', topic: '粉尘涉爆',
      period_kind: 'quarter', period: 2, hazard: 'dust', count: 14 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.campaigns[0].count, 14);
    r = await b.post(`/api/v1/plans/${planId}/campaigns`, { name: '临时专项', topic: '临时', period_kind: 'month',
      period: 8, count: 1 });
    assert.equal((await b.del(`/api/v1/plans/${planId}/campaigns/${r.body.campaign_id}`)).status, 200);
    assertError(await b.del(`/api/v1/plans/${planId}/campaigns/${r.body.campaign_id}`), 404, 'not_found');
  });
});

describe('scheduling and submission', () => {
  test('the grid; the two-level rule and city supervision refused naming the enterprise', async () => {
    const b = await as('brigade');
    let r = await b.get(`/api/v1/plans/${planId}/keys`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.coverage.total, 6);
    assert.ok(r.body.items.some((i) => i.enterprise_id === keys.street1.id && i.required === false));
    assertError(await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.city.id, period_kind: 'month', period: 2 }] }), 422, 'procedure',
    { field: 'entries[0].enterprise_id', mentions: [keys.city.name, '市级'] });
    assertError(await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.district[0].id, period_kind: 'month', period: 13 }] }), 400, 'invalid',
    { field: 'entries[0].period' });
    assertError(await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.district[0].id, period_kind: 'week', period: 1 }] }), 400, 'invalid',
    { field: 'entries[0].period_kind' });
    assertError(await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.district[0].id, period_kind: 'month' }] }), 400, 'missing_field',
    { field: 'entries[0].period' });
    // the district takes a street-supervised key enterprise; the street then cannot
    r = await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.street1.id, period_kind: 'month', period: 4 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const s = await as('street1');
    r = await s.post('/api/v1/plans', { unit_id: await unitId('洪都街道办事处'), year: Y });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const streetPlan = r.body.id;
    assertError(await s.post(`/api/v1/plans/${streetPlan}/entries`, { entries: [
      { enterprise_id: keys.street1.id, period_kind: 'month', period: 4 }] }), 422, 'procedure',
    { field: 'entries[0].enterprise_id', mentions: [keys.street1.name, `青云谱区应急管理综合行政执法大队${Y}年度执法计划`] });
    // …and vice versa
    r = await s.post(`/api/v1/plans/${streetPlan}/entries`, { entries: [
      { enterprise_id: keys.street2.id, period_kind: 'quarter', period: 2 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assertError(await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.street2.id, period_kind: 'month', period: 4 }] }), 422, 'procedure',
    { mentions: [keys.street2.name, `洪都街道办事处${Y}年度执法计划`] });
    // the street plan cannot take a district-supervised one, nor can it edit the brigade's
    assertError(await s.post(`/api/v1/plans/${streetPlan}/entries`, { entries: [
      { enterprise_id: keys.district[0].id, period_kind: 'month', period: 4 }] }), 422, 'procedure',
    { mentions: [keys.district[0].name] });
    assertError(await s.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.district[0].id, period_kind: 'month', period: 4 }] }), 403, 'out_of_scope');
  });

  test('submit refused naming the unscheduled key enterprise; spread; refused over budget by N days', async () => {
    const b = await as('brigade');
    const first = keys.district[0];
    let r = await b.post(`/api/v1/plans/${planId}/entries`, { entries: keys.district.slice(1).map((k, i) => (
      { enterprise_id: k.id, period_kind: 'month', period: i + 1 })) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.coverage.unscheduled, 1);
    r = await b.post(`/api/v1/plans/${planId}/submit`, {});
    const e = assertError(r, 422, 'procedure', { field: 'entries', mentions: [first.name, first.uscc, '1 家'] });
    assert.equal(e.unscheduled_count, 1);
    assert.equal(e.unscheduled[0].enterprise_id, first.id);
    r = await b.post(`/api/v1/plans/${planId}/spread`, { period_kind: 'month', from: 2 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.scheduled, 1);
    assert.equal(r.body.coverage.unscheduled, 0);
    assertError(await b.post(`/api/v1/plans/${planId}/spread`, { period_kind: 'year' }), 400, 'invalid',
      { field: 'period_kind' });
    // over budget: one officer, 248 days − 360 set aside
    await b.patch(`/api/v1/plans/${planId}`, { officers_planned: 1 });
    r = await b.get(`/api/v1/plans/${planId}`);
    const over = r.body.budget.over_days;
    assert.ok(over > 0);
    const e2 = assertError(await b.post(`/api/v1/plans/${planId}/submit`, {}), 422, 'procedure',
      { field: 'budget', mentions: [`超出工作日预算 ${over} 人日`] });
    assert.equal(e2.over_days, over);
    await b.patch(`/api/v1/plans/${planId}`, { officers_planned: null });
    r = await b.post(`/api/v1/plans/${planId}/submit`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'submitted');
    assert.ok(Array.isArray(r.body.warnings));
    assertError(await b.patch(`/api/v1/plans/${planId}`, { note: '改' }), 409, 'conflict', { field: 'status' });
  });
});

describe('approval, publication, adjustment', () => {
  test('approve: 403 without the power, date checked; publish creates inspections; public', async () => {
    const b = await as('brigade');
    const l = await as('leader');
    assertError(await b.post(`/api/v1/plans/${planId}/approve`, { approval_document: '青府字〔2028〕3号',
      approved_on: today() }), 403, 'forbidden');
    assertError(await l.post(`/api/v1/plans/${planId}/approve`, { approval_document: '青府字〔2028〕3号',
      approved_on: '2099-01-01' }), 400, 'invalid', { field: 'approved_on' });
    assertError(await l.post(`/api/v1/plans/${planId}/approve`, { approval_document: '青府字〔2028〕3号',
      approved_on: '2026-02-30' }), 400, 'invalid', { field: 'approved_on' });
    assertError(await l.post(`/api/v1/plans/${planId}/approve`, { approved_on: today() }), 400, 'missing_field',
      { field: 'approval_document' });
    assertError(await l.post(`/api/v1/plans/${planId}/publish`, {}), 409, 'conflict');
    let r = await l.post(`/api/v1/plans/${planId}/approve`, { approval_document: '青府字〔2028〕3号', approved_on: today() });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version.approval_document, '青府字〔2028〕3号');
    assert.equal(r.body.version.approved_by, 'leader');
    assert.equal((await new Client(server.url).get(`/api/v1/public/plans?year=${Y}`)).body.items.length, 0);
    assertError(await b.post(`/api/v1/plans/${planId}/publish`, {}), 403, 'forbidden');
    r = await l.post(`/api/v1/plans/${planId}/publish`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.inspections_created, 7);          // six district keys and the street one it took
    assert.equal(r.body.status, 'published');
    const pub = await new Client(server.url).get(`/api/v1/public/plans?year=${Y}`);
    assert.equal(pub.body.items.length, 1);
    assert.equal(pub.body.items[0].key_enterprises, 7);
    assert.equal(pub.body.items[0].approvals[0].approval_document, '青府字〔2028〕3号');
    const n = q(server.db, `SELECT count(*) FROM inspection WHERE plan_id=${planId} AND type='key' AND status='scheduled'`);
    assert.equal(Number(n), 7);
  });

  test('adjust: a new draft version with the reason; every version kept; progress', async () => {
    const b = await as('brigade');
    const l = await as('leader');
    assertError(await b.post(`/api/v1/plans/${planId}/adjust`, { reason: '短' }), 400, 'invalid', { field: 'reason' });
    let r = await b.post(`/api/v1/plans/${planId}/adjust`, { reason: '企业停产整改，检查改期' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.latest_version, 2);
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.in_force_version, 1);
    r = await b.post(`/api/v1/plans/${planId}/entries`, { entries: [
      { enterprise_id: keys.district[1].id, period_kind: 'month', period: 11 }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((await b.post(`/api/v1/plans/${planId}/submit`, {})).status, 200);
    r = await l.post(`/api/v1/plans/${planId}/return`, { reason: '请说明改期依据' });
    assert.equal(r.body.status, 'draft');
    assert.equal((await b.post(`/api/v1/plans/${planId}/submit`, {})).status, 200);
    assert.equal((await l.post(`/api/v1/plans/${planId}/approve`, { approval_document: '青府字〔2028〕21号',
      approved_on: today() })).status, 200);
    r = await l.post(`/api/v1/plans/${planId}/publish`, {});
    assert.equal(r.body.inspections_created, 1);
    assert.equal(r.body.inspections_cancelled, 1);
    assert.equal(r.body.adjusted, true);
    r = await b.get(`/api/v1/plans/${planId}/versions`);
    assert.deepEqual(r.body.items.map((v) => [v.version, v.status]), [[2, 'published'], [1, 'superseded']]);
    assert.ok(r.body.items[0].events.some((e) => e.action === 'returned' && e.detail === '请说明改期依据'));
    r = await b.get(`/api/v1/plans/${planId}?version=1`);
    assert.equal(r.body.version.approval_document, '青府字〔2028〕3号');
    assert.equal(r.body.entries.find((x) => x.enterprise_id === keys.district[1].id).period, 1);
    r = await b.get(`/api/v1/plans/${planId}/progress`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.months[10].scheduled, 1);
    assert.equal(r.body.key_coverage.total, 7);
    assert.equal(r.body.key_coverage.covered, 0);
    r = await b.get(`/api/v1/plans/progress?year=${Y}`);
    assert.equal(r.body.items.find((x) => x.plan_id === planId).scheduled, 7);
    assertError(await b.get('/api/v1/plans/progress'), 400, 'invalid', { field: 'year' });
    const pub = await new Client(server.url).get(`/api/v1/public/plans?year=${Y}`);
    assert.deepEqual(pub.body.items[0].approvals.map((a) => a.approval_document), ['青府字〔2028〕3号', '青府字〔2028〕21号']);
    // audited
    const audit = await (await as('admin')).get(`/api/v1/audit?entity=plan&entity_id=${planId}&limit=200`);
    const actions = audit.body.items.map((a) => a.action);
    for (const a of ['plan.create', 'plan.entries', 'plan.submit', 'plan.approve', 'plan.publish', 'plan.adjust', 'plan.return']) {
      assert.ok(actions.includes(a), `${a} audited: ${actions}`);
    }
  });
});
