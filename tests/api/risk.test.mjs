// API tests of risk grading and the key-enterprise list against the real
// binary on the demo district: permissions, scope (a street account sees
// only its street), list filters and paging, the explanation term by term,
// statistics for the charts, overrides, facts, key additions and removals,
// the recompute job, and the bad input (4xx naming the field in
// Chinese, nothing written).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
const GRADES = ['red', 'orange', 'yellow', 'blue'];
let server;
const clients = {};

async function as(user) {
  if (!clients[user]) {
    clients[user] = new Client(server.url);
    await clients[user].login(user);
  }
  return clients[user];
}

function assertError(r, status, code, field) {
  const dump = JSON.stringify(r.body);
  assert.equal(r.status, status, dump);
  assert.equal(r.body.error.code, code, dump);
  assert.match(r.body.error.message, HAN, dump);
  if (field !== undefined) assert.equal(r.body.error.field, field, dump);
}

function ok(r, status = 200) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

async function waitJob(c, id) {
  for (let i = 0; i < 600; i++) {
    const j = ok(await c.get(`/api/v1/jobs/${id}`));
    if (j.status === 'done' || j.status === 'failed') return j;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('job did not finish');
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const thisYear = () => Number(today().slice(0, 4));

before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

test('permissions: leader and brigade change, officers and supervisors read, admin and experts do not', async () => {
  const officer = await as('officer1');
  ok(await officer.get('/api/v1/risk/enterprises?limit=1'));
  assertError(await officer.post('/api/v1/risk/recompute', {}), 403, 'forbidden');
  ok(await (await as('supervisor')).get('/api/v1/risk/stats'));
  assertError(await (await as('admin')).get('/api/v1/risk/enterprises'), 403, 'forbidden');
  assertError(await (await as('expert1')).get('/api/v1/risk/key-enterprises'), 403, 'forbidden');
  const anon = new Client(server.url);
  assert.equal((await anon.get('/api/v1/risk/enterprises')).status, 401);
});

test('list: highest score first, filters, cursor paging without repeats', async () => {
  const c = await as('brigade');
  const first = ok(await c.get('/api/v1/risk/enterprises?limit=20'));
  assert.equal(first.items.length, 20);
  for (let i = 1; i < first.items.length; i++) assert.ok(first.items[i - 1].score >= first.items[i].score);
  assert.ok(first.next_cursor);
  const second = ok(await c.get(`/api/v1/risk/enterprises?limit=20&cursor=${first.next_cursor}`));
  const ids = new Set(first.items.map((x) => x.enterprise_id));
  for (const x of second.items) assert.ok(!ids.has(x.enterprise_id), 'no repeats across pages');
  assert.ok(second.items[0].score <= first.items[19].score);
  for (const g of GRADES) {
    const r = ok(await c.get(`/api/v1/risk/enterprises?grade=${g}&limit=50`));
    assert.ok(r.items.length > 0, g);
    assert.ok(r.items.every((x) => x.grade === g));
  }
  const chem = ok(await c.get('/api/v1/risk/enterprises?sector=chem&limit=50'));
  assert.ok(chem.items.length > 0 && chem.items.every((x) => x.sector === 'chem'));
  const trade = ok(await c.get('/api/v1/risk/enterprises?sector=trade&limit=200'));
  assert.ok(trade.items.every((x) => x.sector.startsWith('trade.')));
  const street = ok(await c.get('/api/v1/risk/enterprises?region=360104006&limit=50'));
  assert.ok(street.items.length > 0 && street.items.every((x) => x.region === '360104006'));
  const key = ok(await c.get('/api/v1/risk/enterprises?key=true&limit=200'));
  assert.ok(key.items.length >= 20 && key.items.every((x) => x.key === true));
  const notKey = ok(await c.get('/api/v1/risk/enterprises?key=false&grade=red&limit=200'));
  assert.ok(notKey.items.every((x) => x.key === false));
  // text search reuses the ledger's query rules: a name fragment
  const name = first.items[0].name;
  const frag = name.slice(2, 5);
  const byName = ok(await c.get(`/api/v1/risk/enterprises?q=${encodeURIComponent(frag)}&limit=200`));
  assert.ok(byName.items.some((x) => x.enterprise_id === first.items[0].enterprise_id));
  assert.ok(byName.items.every((x) => x.name.includes(frag)));
  const byCode = ok(await c.get(`/api/v1/risk/enterprises?q=${first.items[0].uscc.slice(0, 14)}`));
  assert.ok(byCode.items.every((x) => x.uscc.startsWith(first.items[0].uscc.slice(0, 14))));
});

test('detail explains the score term by term, with the rule set', async () => {
  const c = await as('officer1');
  const top = ok(await c.get('/api/v1/risk/enterprises?limit=1')).items[0];
  const d = ok(await c.get(`/api/v1/risk/enterprises/${top.enterprise_id}`));
  assert.equal(d.score, top.score);
  assert.ok(d.terms.length >= 3);
  assert.equal(d.terms.reduce((s, t) => s + t.points, 0), d.score);
  for (const t of d.terms) {
    assert.match(t.key, /^risk\./);
    assert.match(t.label, HAN);
    assert.equal(typeof t.detail, 'string');
  }
  assert.ok(d.rule_set && d.rule_set.id > 0 && d.rule_set.name);
  assert.ok(Array.isArray(d.overrides) && Array.isArray(d.key_years));
  const model = ok(await c.get('/api/v1/risk/model'));
  assert.equal(model.rule_set.id, d.rule_set.id);
  const weights = Object.fromEntries(model.values.map((v) => [v.key, v.value]));
  for (const t of d.terms) assert.ok(t.key in weights, t.key);
  assert.ok(model.values.every((v) => v.verified === false));   // platform defaults: 待核
  assertError(await c.get('/api/v1/risk/enterprises/99999999'), 404, 'not_found');
  assertError(await c.get('/api/v1/risk/enterprises/abc'), 404, 'not_found');
});

test('statistics: grade by street and by sector add up to the totals', async () => {
  const c = await as('leader');
  const s = ok(await c.get('/api/v1/risk/stats'));
  assert.deepEqual(s.grades, GRADES);
  assert.equal(s.by_region.length, 7);           // the district's seven townships
  assert.ok(s.by_region.every((b) => HAN.test(b.name)));
  const sum = (arr, g) => arr.reduce((n, b) => n + b.counts[g], 0);
  for (const g of GRADES) {
    assert.equal(sum(s.by_region, g), s.total[g], g);
    assert.equal(sum(s.by_sector, g), s.total[g], g);
  }
  assert.ok(s.key_count >= 20);
  const one = ok(await c.get('/api/v1/risk/stats?region=360104006'));
  assert.equal(one.by_region.length, 1);
  assert.equal(one.by_region[0].code, '360104006');
});

test('scope: a street account sees only its street, and cannot reach another', async () => {
  const c = await as('street1');                 // 360104002 洪都街道
  const r = ok(await c.get('/api/v1/risk/enterprises?limit=200'));
  assert.ok(r.items.length > 0 && r.items.every((x) => x.region === '360104002'));
  const s = ok(await c.get('/api/v1/risk/stats'));
  assert.equal(s.by_region.length, 1);
  assert.equal(s.by_region[0].code, '360104002');
  const k = ok(await c.get('/api/v1/risk/key-enterprises'));
  const all = ok(await (await as('brigade')).get('/api/v1/risk/key-enterprises?limit=200'));
  assert.ok(k.counts.active < all.counts.active);
  const other = ok(await (await as('brigade')).get('/api/v1/risk/enterprises?region=360104006&limit=1')).items[0];
  assertError(await c.get(`/api/v1/risk/enterprises/${other.enterprise_id}`), 403, 'out_of_scope', 'enterprise_id');
  assertError(await c.get(`/api/v1/risk/enterprises/${other.enterprise_id}/facts`), 403, 'out_of_scope');
  assertError(await c.get('/api/v1/risk/enterprises?region=360104006'), 403, 'out_of_scope', 'region');
});

test('override with a reason wins, is audited, kept and withdrawn; bad input is refused', async () => {
  const c = await as('brigade');
  const blue = ok(await c.get('/api/v1/risk/enterprises?grade=blue&limit=1')).items[0];
  const id = blue.enterprise_id;
  const url = `/api/v1/risk/enterprises/${id}/overrides`;
  assertError(await c.post(url, { grade: 'red' }), 400, 'missing_field', 'reason');
  assertError(await c.post(url, { grade: 'purple', reason: '理由充分' }), 400, 'invalid', 'grade');
  assertError(await c.post(url, { grade: 'red', reason: '短' }), 400, 'invalid', 'reason');
  assertError(await c.post(url, { grade: 'red', reason: '理由充分', expires_on: '2020-01-01' }), 400, 'invalid', 'expires_on');
  assertError(await c.post(url, { grade: 'red', reason: '理由充分', expires_on: '2027-02-30' }), 400, 'invalid', 'expires_on');
  assertError(await c.post(url, { grade: 'red', reason: '理由充分', extra: 1 }), 400, 'unknown_field');
  assert.equal(ok(await c.get(`/api/v1/risk/enterprises/${id}`)).overrides.length, 0);
  const made = ok(await c.post(url, { grade: 'red', reason: '群众举报夜间违规动火，核查属实' }), 201);
  assert.equal(made.risk.grade, 'red');
  assert.equal(made.risk.computed_grade, 'blue');
  assert.equal(made.risk.override_id, made.override_id);
  const listed = ok(await c.get(`/api/v1/risk/enterprises?grade=red&limit=200`)).items.find((x) => x.enterprise_id === id);
  assert.ok(listed && listed.overridden === true);
  const audit = ok(await (await as('supervisor')).get(`/api/v1/audit?entity=risk_override&entity_id=${made.override_id}`));
  assert.ok(audit.items.some((a) => a.action === 'risk_override.add'));
  assertError(await c.post(`/api/v1/risk/overrides/${made.override_id}/withdraw`, {}), 400, 'missing_field', 'reason');
  ok(await c.post(`/api/v1/risk/overrides/${made.override_id}/withdraw`, { reason: '复查后恢复模型等级' }));
  assertError(await c.post(`/api/v1/risk/overrides/${made.override_id}/withdraw`, { reason: '再次撤销' }), 409, 'conflict');
  const after = ok(await c.get(`/api/v1/risk/enterprises/${id}`));
  assert.equal(after.grade, 'blue');
  assert.equal(after.overrides.length, 1);
  assert.equal(after.overrides[0].withdraw_reason, '复查后恢复模型等级');
  assertError(await (await as('officer1')).post(url, { grade: 'red', reason: '理由充分' }), 403, 'forbidden');
});

test('facts: add raises the score by the rule, void restores it; bad input names the field', async () => {
  const c = await as('brigade');
  const e = ok(await c.get('/api/v1/risk/enterprises?grade=blue&sector=trade&limit=5')).items[3];
  const before0 = ok(await c.get(`/api/v1/risk/enterprises/${e.enterprise_id}`));
  const model = ok(await c.get('/api/v1/risk/model'));
  const w = Object.fromEntries(model.values.map((v) => [v.key, v.value]));
  const url = `/api/v1/risk/enterprises/${e.enterprise_id}/facts`;
  const bad = [
    [{ kind: 'fire', occurred_on: today(), severity: 1, note: '说明文字' }, 'kind'],
    [{ kind: 'violation', occurred_on: '2030-01-01', severity: 1, note: '说明文字' }, 'occurred_on'],
    [{ kind: 'violation', occurred_on: '2026-13-01', severity: 1, note: '说明文字' }, 'occurred_on'],
    [{ kind: 'violation', occurred_on: today(), severity: 9, note: '说明文字' }, 'severity'],
    [{ kind: 'violation', occurred_on: today(), severity: 1, note: '说' }, 'note'],
    [{ kind: 'violation', occurred_on: today(), severity: 1, note: '说明文字', source: 'Bad Source' }, 'source'],
  ];
  for (const [body, field] of bad) assertError(await c.post(url, body), 400, 'invalid', field);
  assertError(await c.post(url, { kind: 'violation', occurred_on: today(), note: '说明文字' }), 400, 'missing_field', 'severity');
  assert.equal(ok(await c.get(url)).items.length, 0);
  const added = ok(await c.post(url, { kind: 'violation', occurred_on: today(), severity: 2, note: '未按规定设置安全警示标志',
    reference: '（青）应急罚〔2026〕99号' }), 201);
  assert.equal(added.risk.score - before0.score, 2 * w['risk.w.violation']);
  assert.ok(added.risk.terms.some((t) => t.key === 'risk.w.violation' && t.points === 2 * w['risk.w.violation']));
  // a serious recent violation puts it on this year's key list (rule 3)
  const keys = ok(await c.get(`/api/v1/risk/enterprises/${e.enterprise_id}`)).key_years;
  assert.ok(keys.some((k) => k.year === thisYear() && k.basis === 'rule' && !k.removed_at));
  const facts = ok(await c.get(url)).items;
  assert.equal(facts.length, 1);
  assert.equal(facts[0].kind_name, '安全生产违法行为');
  assertError(await c.post(`/api/v1/risk/facts/${added.fact_id}/void`, { reason: '' }), 400, 'invalid', 'reason');
  ok(await c.post(`/api/v1/risk/facts/${added.fact_id}/void`, { reason: '录入错误，企业选错' }));
  const after = ok(await c.get(`/api/v1/risk/enterprises/${e.enterprise_id}`));
  assert.equal(after.score, before0.score);
  assert.ok(after.key_years.some((k) => k.year === thisYear() && k.remove_reason === '不再符合规则'));
  const kept = ok(await c.get(url)).items;
  assert.equal(kept.length, 1);
  assert.equal(kept[0].void_reason, '录入错误，企业选错');
});

test('key enterprises: list per year, manual add and removal with reasons, city-supervised refused', async () => {
  const c = await as('brigade');
  const y = thisYear();
  const list = ok(await c.get(`/api/v1/risk/key-enterprises?year=${y}&limit=200`));
  assert.ok(list.counts.rule >= 20 && list.counts.manual >= 1);
  assert.ok(list.items.every((k) => !k.removed_at && k.reason));
  const next = ok(await c.get(`/api/v1/risk/key-enterprises?year=${y + 1}&basis=manual`));
  assert.ok(next.items.length >= 2);
  assert.ok(next.items.every((k) => k.basis === 'manual'));
  // a blue, district-supervised enterprise not yet on the list
  const cand = ok(await c.get('/api/v1/risk/enterprises?grade=blue&key=false&status=active&level=district&limit=1')).items[0];
  assertError(await c.post('/api/v1/risk/key-enterprises', { enterprise_id: cand.enterprise_id, year: y }), 400, 'missing_field', 'reason');
  assertError(await c.post('/api/v1/risk/key-enterprises', { enterprise_id: cand.enterprise_id, year: y - 1, reason: '补录往年' }), 400, 'invalid', 'year');
  assertError(await c.post('/api/v1/risk/key-enterprises', { enterprise_id: 99999999, year: y, reason: '列入理由' }), 404, 'not_found', 'enterprise_id');
  const added = ok(await c.post('/api/v1/risk/key-enterprises', { enterprise_id: cand.enterprise_id, year: y, reason: '举报较多，列入重点' }), 201);
  assertError(await c.post('/api/v1/risk/key-enterprises', { enterprise_id: cand.enterprise_id, year: y, reason: '重复列入' }), 409, 'conflict', 'enterprise_id');
  const city = ok(await c.get('/api/v1/risk/enterprises?level=city&limit=1')).items[0];
  const refused = await c.post('/api/v1/risk/key-enterprises', { enterprise_id: city.enterprise_id, year: y, reason: '重点关注' });
  assertError(refused, 422, 'procedure', 'enterprise_id');
  assert.match(refused.body.error.message, /市级/);
  assertError(await c.post(`/api/v1/risk/key-enterprises/${added.id}/remove`, {}), 400, 'missing_field', 'reason');
  ok(await c.post(`/api/v1/risk/key-enterprises/${added.id}/remove`, { reason: '核实后不属于重点' }));
  const removed = ok(await c.get(`/api/v1/risk/key-enterprises?year=${y}&removed=true&limit=200`));
  assert.ok(removed.items.some((k) => k.id === added.id && k.remove_reason === '核实后不属于重点'));
  assertError(await c.get('/api/v1/risk/key-enterprises?year=20'), 400, 'invalid', 'year');
  assertError(await c.get('/api/v1/risk/key-enterprises?basis=x'), 400, 'invalid', 'basis');
});

test('bad list parameters name the parameter', async () => {
  const c = await as('officer1');
  assertError(await c.get('/api/v1/risk/enterprises?grade=pink'), 400, 'invalid', 'grade');
  assertError(await c.get('/api/v1/risk/enterprises?sector=coal'), 400, 'invalid', 'sector');
  assertError(await c.get('/api/v1/risk/enterprises?key=yes'), 400, 'invalid', 'key');
  assertError(await c.get('/api/v1/risk/enterprises?cursor=abc'), 400, 'invalid', 'cursor');
  assertError(await c.get('/api/v1/risk/enterprises?limit=0'), 400, 'invalid', 'limit');
  assertError(await c.get('/api/v1/risk/enterprises?region=999999999'), 400, 'invalid', 'region');
  assertError(await c.get('/api/v1/risk/enterprises?q=a'), 400, 'invalid', 'q');
});

test('recompute: a background job; nothing changes on an unchanged ledger', async () => {
  const c = await as('leader');
  const r = await c.post('/api/v1/risk/recompute', {});
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(c, r.body.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.result.enterprises, 3000);
  assert.equal(job.result.written, 0);
});

test('ledger changes recompute the enterprise at once', async () => {
  const c = await as('brigade');
  const e = ok(await c.get('/api/v1/risk/enterprises?grade=blue&status=active&region=360104007&limit=1')).items[0];
  const ent = ok(await c.get(`/api/v1/enterprises/${e.enterprise_id}`));
  const model = ok(await c.get('/api/v1/risk/model'));
  const w = Object.fromEntries(model.values.map((v) => [v.key, v.value]));
  const hazards = (ent.hazards || []).map((h) => (h.level ? { kind: h.kind, level: h.level } : { kind: h.kind }));
  assert.ok(!hazards.some((h) => h.kind === 'ammonia'));
  ok(await c.patch(`/api/v1/enterprises/${e.enterprise_id}`, { hazards: [...hazards, { kind: 'ammonia' }] }));
  const after = ok(await c.get(`/api/v1/risk/enterprises/${e.enterprise_id}`));
  assert.equal(after.score - e.score, w['risk.w.feature.ammonia']);
});
