// Rule sets and discretion benchmarks over HTTP: the set in force by date
// (boundary 2026-02-01), reading by any signed-in role, the draft → publish
// flow with permissions (officer1 403, legal allowed), immutability (409),
// the effective-date rule, voiding, the diff, and benchmark validation.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
let legal;
let officer;

before(async () => {
  server = await startServer();
  legal = await signIn('legal');
  officer = await signIn('officer1');
});
after(async () => { if (server) await server.stop(); });

async function signIn(username) {
  const c = new Client(server.url);
  await c.login(username);
  return c;
}

function assertError(r, status, code, field) {
  const dump = JSON.stringify(r.body);
  assert.equal(r.status, status, dump);
  assert.equal(r.body.error.code, code, dump);
  assert.match(r.body.error.message, HAN, dump);
  if (field !== undefined) assert.equal(r.body.error.field, field, dump);
  return r.body.error;
}

/** YYYY-MM-DD n days from today in Asia/Shanghai. */
function shanghaiDate(n = 0) {
  const d = new Date(Date.now() + 8 * 3600e3 + n * 86400e3);
  return d.toISOString().slice(0, 10);
}

const valueOf = (set, key) => set.values.find((v) => v.key === key);

describe('reading', () => {
  test('the set in force by date, boundary day 2026-02-01', async () => {
    const a = await officer.get('/api/v1/rules?date=2026-01-31');
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.body.effective_from, '2021-07-15');
    assert.equal(a.body.effective_to, '2026-01-31');
    const b = await officer.get('/api/v1/rules?date=2026-02-01');
    assert.equal(b.body.effective_from, '2026-02-01');
    assert.match(b.body.name, /第18号/);
    assert.equal(valueOf(b.body, 'case.decision_days').value, 90);
    assert.equal(valueOf(b.body, 'hearing.request_days').unit, 'workdays');
    assert.equal(valueOf(b.body, 'simple.max_fine_org_fen').value, 300000);
    const threshold = valueOf(b.body, 'hearing.threshold_org_fen');
    assert.equal(threshold.value, 5000000);
    assert.equal(threshold.verified, false, '[K] items are 待核');
    assert.ok(b.body.unverified_count > 0);
    // default: today
    const t = await officer.get('/api/v1/rules');
    assert.equal(t.body.date, shanghaiDate());
  });

  test('bad dates and dates before every set → 400 naming date; no session → 401', async () => {
    assertError(await officer.get('/api/v1/rules?date=2021-07-14'), 400, 'invalid', 'date');
    assertError(await officer.get('/api/v1/rules?date=2026-02-30'), 400, 'invalid', 'date');
    assertError(await new Client(server.url).get('/api/v1/rules'), 401, 'unauthenticated');
  });

  test('every signed-in role lists and reads rule sets; only admin and legal may change them', async () => {
    const assistant = await signIn('assistant1');
    const list = await assistant.get('/api/v1/rule-sets');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 2);
    const one = await assistant.get(`/api/v1/rule-sets/${list.body.items.at(-1).id}`);
    assert.equal(one.status, 200);
    assert.ok(one.body.values.length >= 40);
    assert.ok(one.body.history.length >= 1);
    assertError(await assistant.get('/api/v1/rule-sets/99999'), 404, 'not_found');
    assertError(await assistant.get('/api/v1/rule-sets?status=bogus'), 400, 'invalid', 'status');
    const me = (await legal.get('/api/v1/me')).body;
    assert.ok(me.permissions.includes('rules.admin'));
    assert.ok(!(await officer.get('/api/v1/me')).body.permissions.includes('rules.admin'));
  });
});

describe('draft → publish', () => {
  let draftId;
  const future = shanghaiDate(40);

  test('officer1 may not create a draft; legal may', async () => {
    const body = { base_id: 2, name: '测试版本', effective_from: future };
    assertError(await officer.post('/api/v1/rule-sets', body), 403, 'forbidden');
    assertError(await legal.post('/api/v1/rule-sets', { ...body, effective_from: '2026-02-30' }), 400, 'invalid',
      'effective_from');
    assertError(await legal.post('/api/v1/rule-sets', { ...body, base_id: 999 }), 400, 'invalid', 'base_id');
    const r = await legal.post('/api/v1/rule-sets', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.base_id, 2);
    draftId = r.body.id;
  });

  test('edit the draft: one value, several values; bad values change nothing', async () => {
    assertError(await officer.patch(`/api/v1/rule-sets/${draftId}/values/payment.days`, { value: 20 }), 403, 'forbidden');
    const r = await legal.patch(`/api/v1/rule-sets/${draftId}/values/payment.days`, { value: 20, note: '测试' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(valueOf(r.body, 'payment.days').value, 20);
    assertError(await legal.patch(`/api/v1/rule-sets/${draftId}/values/payment.days`, { value: -1 }), 400, 'invalid',
      'values.payment.days');
    assertError(await legal.patch(`/api/v1/rule-sets/${draftId}/values/payment.days`, { value: 'x' }), 400,
      'wrong_type', 'value');
    assertError(await legal.patch(`/api/v1/rule-sets/${draftId}/values/no.such`, { value: 1 }), 400, 'invalid',
      'values.no.such');
    const batch = await legal.patch(`/api/v1/rule-sets/${draftId}`, {
      values: { 'hearing.threshold_org_fen': { value: 3000000, verified: true }, 'case.decision_days': { value: -3 } },
    });
    assertError(batch, 400, 'invalid', 'values.case.decision_days');
    assertError(await legal.patch(`/api/v1/rule-sets/${draftId}`, { values: { 'payment.days': { value: 1, x: 1 } } }),
      400, 'unknown_field', 'values.payment.days.x');
    const now = (await legal.get(`/api/v1/rule-sets/${draftId}`)).body;
    assert.equal(valueOf(now, 'hearing.threshold_org_fen').value, 5000000, 'nothing half-written');
    const ok = await legal.patch(`/api/v1/rule-sets/${draftId}`, {
      name: '2027年法规参数（测试）',
      values: { 'hearing.threshold_org_fen': { value: 3000000, verified: true } },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.name, '2027年法规参数（测试）');
    assert.equal(valueOf(ok.body, 'hearing.threshold_org_fen').verified, true);
  });

  test('the diff shows the changed values', async () => {
    const r = await officer.get(`/api/v1/rule-sets/${draftId}/diff`);
    assert.equal(r.status, 200);
    const keys = r.body.changes.filter((c) => c.key).map((c) => `${c.key}.${c.field}`).sort();
    assert.deepEqual(keys, ['hearing.threshold_org_fen.value', 'hearing.threshold_org_fen.verified',
      'payment.days.note', 'payment.days.value']);
    const pay = r.body.changes.find((c) => c.key === 'payment.days' && c.field === 'value');
    assert.deepEqual([pay.from, pay.to], [15, 20]);
  });

  test('publish: officer1 403, legal 200, then immutable (409) and in force from its date', async () => {
    assertError(await officer.post(`/api/v1/rule-sets/${draftId}/publish`, {}), 403, 'forbidden');
    const r = await legal.post(`/api/v1/rule-sets/${draftId}/publish`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'published');
    assert.equal(r.body.published_by, 'legal');
    assertError(await legal.patch(`/api/v1/rule-sets/${draftId}/values/payment.days`, { value: 30 }), 409, 'conflict');
    assertError(await legal.post(`/api/v1/rule-sets/${draftId}/publish`, {}), 409, 'conflict');
    assertError(await legal.post(`/api/v1/rule-sets/${draftId}/void`, { reason: '不需要了' }), 409, 'conflict');
    const inForce = await officer.get(`/api/v1/rules?date=${future}`);
    assert.equal(inForce.body.id, draftId);
    assert.equal(valueOf(inForce.body, 'payment.days').value, 20);
    const before = await officer.get(`/api/v1/rules?date=${shanghaiDate(39)}`);
    assert.equal(before.body.id, 2);
    assert.equal(before.body.effective_to, shanghaiDate(39));
  });

  test('a past effective date needs retroactive and a reason', async () => {
    const d = await legal.post('/api/v1/rule-sets', { base_id: 2, name: '追溯测试', effective_from: shanghaiDate(-3) });
    assert.equal(d.status, 201);
    assertError(await legal.post(`/api/v1/rule-sets/${d.body.id}/publish`, {}), 400, 'invalid', 'effective_from');
    assertError(await legal.post(`/api/v1/rule-sets/${d.body.id}/publish`, { retroactive: true }), 400, 'invalid',
      'reason');
    const admin = await signIn('admin');
    const r = await admin.post(`/api/v1/rule-sets/${d.body.id}/publish`, { retroactive: true, reason: '上级通知要求追溯执行' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.retroactive_reason, '上级通知要求追溯执行');
  });

  test('void a draft with a reason; it stays readable', async () => {
    const d = await legal.post('/api/v1/rule-sets', { name: '将作废', effective_from: shanghaiDate(100) });
    assert.equal(d.status, 201);
    assertError(await legal.post(`/api/v1/rule-sets/${d.body.id}/void`, {}), 400, 'missing_field', 'reason');
    const r = await legal.post(`/api/v1/rule-sets/${d.body.id}/void`, { reason: '录入错误' });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'void');
    assert.equal(r.body.void_reason, '录入错误');
    const voided = await officer.get('/api/v1/rule-sets?status=void');
    assert.ok(voided.body.items.some((s) => s.id === d.body.id));
    const admin = await signIn('admin');
    const audit = await admin.get(`/api/v1/audit?entity=rule_set&entity_id=${d.body.id}`);
    assert.deepEqual(audit.body.items.map((x) => x.action), ['rule_set.void', 'rule_set.create']);
  });
});

describe('benchmarks', () => {
  const body = {
    code: 'API-TEST-1',
    violation: '未按规定设置安全警示标志',
    violated_provision: '《安全生产法》第三十五条',
    penalty_provision: '《安全生产法》第九十九条第（一）项',
    max_org_fen: 5000000,
    max_person_fen: 1000000,
    overdue_max_org_fen: 20000000,
    overdue_max_person_fen: 2000000,
    source: '测试基准',
    effective_from: shanghaiDate(1),
    tiers: [
      { condition: '一处', org_min_fen: 0, org_max_fen: 1000000 },
      { condition: '两处以上', org_min_fen: 1000000, org_max_fen: 5000000, person_min_fen: 100000, person_max_fen: 500000 },
      { condition: '逾期未改正', overdue: true, org_min_fen: 5000000, org_max_fen: 20000000, measures: '责令停产停业整顿' },
    ],
  };

  test('the RULES.md examples are listed and in force', async () => {
    const r = await officer.get('/api/v1/benchmarks?date=2025-06-01');
    assert.equal(r.status, 200);
    const codes = r.body.items.map((b) => b.code).sort();
    assert.deepEqual(codes, ['AQF-097-4', 'CFB-045-2']);
    const train = r.body.items.find((b) => b.code === 'AQF-097-4');
    assert.equal(train.tiers.length, 3);
    assert.equal(train.tiers[2].overdue, true);
    assert.equal(train.tiers[0].person_min_fen, null);
    assert.equal((await officer.get('/api/v1/benchmarks?date=2024-10-31')).body.items.length, 0);
    assert.equal((await officer.get('/api/v1/benchmarks?q=违章指挥')).body.items[0].code, 'CFB-045-2');
    const one = await officer.get(`/api/v1/benchmarks/${train.id}`);
    assert.equal(one.body.versions.length, 1);
    assertError(await officer.get('/api/v1/benchmarks?date=2025-02-29'), 400, 'invalid', 'date');
  });

  test('create: officer1 403; validation names the tier field; legal creates and publishes', async () => {
    assertError(await officer.post('/api/v1/benchmarks', body), 403, 'forbidden');
    const over = structuredClone(body);
    over.tiers[1].org_max_fen = 6000000;
    assertError(await legal.post('/api/v1/benchmarks', over), 400, 'invalid', 'tiers[1].org_max_fen');
    const minmax = structuredClone(body);
    minmax.tiers[0].org_min_fen = 2000000;
    assertError(await legal.post('/api/v1/benchmarks', minmax), 400, 'invalid', 'tiers[0].org_min_fen');
    const order = structuredClone(body);
    order.tiers[0].overdue = true;
    assertError(await legal.post('/api/v1/benchmarks', order), 400, 'invalid', 'tiers[1].overdue');
    const unknown = structuredClone(body);
    unknown.tiers[0].bogus = 1;
    assertError(await legal.post('/api/v1/benchmarks', unknown), 400, 'unknown_field', 'tiers[0].bogus');
    assert.equal((await officer.get('/api/v1/benchmarks?code=API-TEST-1')).body.items.length, 0);

    const r = await legal.post('/api/v1/benchmarks', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.version, 1);
    assert.equal(r.body.status, 'draft');
    const p = await legal.patch(`/api/v1/benchmarks/${r.body.id}`, { note: '补充说明' });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.tiers.length, 3);
    const pub = await legal.post(`/api/v1/benchmarks/${r.body.id}/publish`, {});
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.status, 'published');
    assertError(await legal.patch(`/api/v1/benchmarks/${r.body.id}`, { note: 'x' }), 409, 'conflict');
    const v2 = await legal.post('/api/v1/benchmarks', { ...body, effective_from: shanghaiDate(30) });
    assert.equal(v2.body.version, 2);
  });
});
