// Carrying out an inspection (src/fieldwork.c, src/fieldwork_api.c) against
// the real binary: the whole walk (start → 执法告知 → 现场检查 → 交流反馈 →
// attendance → checklist → measures → report → close, each audited), start
// refused with one officer or an expired certificate (422 naming them),
// steps out of order (422 "step"), a stale version (409 with "current"),
// a skipped must-check item (422 naming it), an end in the future or
// before the start (400 "actual_end"), covert inspections hidden from
// others until closed, bad bodies naming the field, nothing half-written.
//
// Demo people (src/staff_demo.c): 李明 (officer1) and 刘芳 of 执法一中队
// valid; 吴涛 certificate expired; 张伟 is officer2.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, listAll, ISO, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const people = {};
let unit1;
let chem = [];
let nextEnt = 0;

async function person(name) {
  if (!people[name]) {
    const r = await (await as('brigade')).get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
    people[name] = r.body.items.find((x) => x.name === name).id;
  }
  return people[name];
}

/** Schedules an inspection (today … today+2) of a fresh 危化 enterprise. */
async function scheduled(type = 'routine', officers = ['李明', '刘芳'], from = today()) {
  const ids = [];
  for (const n of officers) ids.push(await person(n));
  for (;;) {
    const ent = chem[nextEnt++];
    assert.ok(ent, 'out of enterprises');
    const r = await (await as('brigade')).post('/api/v1/inspections', {
      enterprise_id: ent.id, unit_id: unit1, type, window_from: from, window_to: addDays(today(), 2),
      officers: ids,
    });
    if (r.status === 201) return r.body;
    assert.equal(r.status, 409, JSON.stringify(r.body));
  }
}

const field = async (id, u = 'officer1') => (await as(u)).get(`/api/v1/inspections/${id}/field`);
async function act(id, what, body, u = 'officer1') {
  const f = await field(id, u);
  return (await as(u)).post(`/api/v1/inspections/${id}/${what}`, { version: f.body.version, ...body });
}

/** Steps and attendance, then results for every line but `skip`. */
async function walk(id, skip = 0, times = []) {
  for (const [i, step] of ['notice', 'check', 'feedback'].entries()) {
    const r = await act(id, 'steps', times[i] ? { step, at: times[i] } : { step });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const a = await act(id, 'attendance', {
    principal_present: true, principal_name: '王总', safety_manager_present: true, safety_manager_name: '李工',
    operators_present: false,
  });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  const f = await field(id);
  const items = f.body.checklist.filter((l) => l.line_id !== skip)
    .map((l, i) => ({ line_id: l.line_id, verdict: i === 0 ? 'fail' : 'ok', note: i === 0 ? '防爆设施缺失' : '', evidence: i === 0 ? [1, 2] : [] }));
  const r = await act(id, 'results', { items });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return f.body.checklist;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const u = await (await as('admin')).get('/api/v1/units?limit=200');
  unit1 = u.body.items.find((x) => x.name === '执法一中队').id;
  const all = await listAll(await as('brigade'), '/api/v1/enterprises?status=active');
  chem = all.filter((e) => e.sector === 'chem' && e.id > 12).reverse();
  assert.ok(chem.length > 10, 'chem enterprises');
});
after(async () => { if (server) await server.stop(); });

describe('fieldwork', () => {
  test('the whole walk: start, steps, attendance, checklist, notes, report, close; audited', async () => {
    const ins = await scheduled();
    let r = await act(ins.id, 'start', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'in_progress');
    assert.match(r.body.actual_start, ISO);
    assert.equal(r.body.version, ins.version + 1);
    assert.ok(r.body.checklist.length > 0);
    assert.ok(r.body.checklist.some((l) => l.must_check));
    const lines = await walk(ins.id);
    r = await act(ins.id, 'notes', { measures: '责令立即停止违规动火', education: '讲解安全生产法相关条款' });
    assert.equal(r.status, 200);
    assert.equal(r.body.site.measures, '责令立即停止违规动火');
    r = await act(ins.id, 'report', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'reported');
    assert.equal(r.body.site.late, false);
    assert.match(r.body.site.report_deadline, ISO);
    assert.equal(r.body.site.operators_present, false);
    assert.equal(r.body.checklist[0].result.verdict, 'fail');
    assert.deepEqual(r.body.checklist[0].result.evidence, [1, 2]);
    assert.equal(r.body.checklist.filter((l) => l.result).length, lines.length);
    r = await act(ins.id, 'close', {}, 'brigade');
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'closed');
    const a = await (await as('leader')).get(`/api/v1/audit?entity=inspection&entity_id=${ins.id}&limit=50`);
    const actions = a.body.items.map((x) => x.action);
    for (const x of ['inspection.start', 'inspection.step', 'inspection.attendance', 'inspection.results',
      'inspection.notes', 'inspection.report', 'inspection.close']) assert.ok(actions.includes(x), x);
    // closed: no more writes
    assertError(await act(ins.id, 'steps', { step: 'notice' }), 409, 'conflict', { field: 'status' });
  });

  test('start with one officer or an expired certificate: 422 naming them; nothing written', async () => {
    const ins = await scheduled();
    assertError(await act(ins.id, 'start', { officers: [await person('李明')] }), 422, 'procedure',
      { field: 'officers', mentions: '2' });
    assertError(await act(ins.id, 'start', { officers: [await person('李明'), await person('吴涛')] }), 422,
      'procedure', { field: 'officers', mentions: '吴涛' });
    const f = await field(ins.id);
    assert.equal(f.body.status, 'scheduled');
    assert.equal(f.body.version, ins.version);
    assert.equal(f.body.site, null);
    assertError(await act(ins.id, 'start', { actual_start: iso(Date.now() + 3 * 3600e3) }), 400, 'invalid',
      { field: 'actual_start' });
  });

  test('only its officers (or the brigade, leaders) record: another officer 403', async () => {
    const ins = await scheduled();
    assertError(await act(ins.id, 'start', {}, 'officer2'), 403, 'forbidden', { field: 'id' });
    assert.equal((await act(ins.id, 'start', {})).status, 200);
    assertError(await act(ins.id, 'steps', { step: 'notice' }, 'officer2'), 403, 'forbidden');
    assertError(await act(ins.id, 'steps', { step: 'notice' }, 'assistant1'), 403, 'forbidden');
    assert.equal((await act(ins.id, 'steps', { step: 'notice' }, 'brigade')).status, 200);
  });

  test('steps out of order: 422; a stale version: 409 with the current record', async () => {
    const ins = await scheduled();
    assert.equal((await act(ins.id, 'start', {})).status, 200);
    assertError(await act(ins.id, 'steps', { step: 'check' }), 422, 'procedure', { field: 'step', mentions: '执法告知' });
    assert.equal((await act(ins.id, 'steps', { step: 'notice' })).status, 200);
    assertError(await act(ins.id, 'steps', { step: 'feedback' }), 422, 'procedure', { field: 'step', mentions: '现场检查' });
    assertError(await act(ins.id, 'steps', { step: 'notice' }), 422, 'procedure', { field: 'step' });
    const f = await field(ins.id);
    const stale = await (await as('officer1')).post(`/api/v1/inspections/${ins.id}/steps`,
      { version: f.body.version - 1, step: 'check' });
    assertError(stale, 409, 'conflict', { field: 'version' });
    assert.equal(stale.body.current.version, f.body.version);
    assert.equal(stale.body.current.site.check_at, null);
    assertError(await (await as('officer1')).post(`/api/v1/inspections/${ins.id}/steps`, { step: 'check' }), 400,
      'missing_field', { field: 'version' });
  });

  test('a skipped must-check item: report refused naming it; back-dating refused', async () => {
    const ins = await scheduled();
    assert.equal((await act(ins.id, 'start', {})).status, 200);
    const f = await field(ins.id);
    const must = f.body.checklist.filter((l) => l.must_check).at(-1);
    await walk(ins.id, must.line_id);
    assertError(await act(ins.id, 'report', {}), 422, 'procedure', { field: 'items', mentions: must.content });
    assertError(await act(ins.id, 'report', { actual_end: iso(Date.now() + 3600e3) }), 400, 'invalid', { field: 'actual_end' });
    assertError(await act(ins.id, 'report', { actual_end: iso(Date.parse(f.body.actual_start) - 3600e3) }), 400,
      'invalid', { field: 'actual_end' });
    assertError(await act(ins.id, 'report', { actual_end: '2026-13-01T00:00:00Z' }), 400, 'invalid', { field: 'actual_end' });
    assert.equal((await act(ins.id, 'results', { items: [{ line_id: must.line_id, verdict: 'ok' }] })).status, 200);
    const r = await act(ins.id, 'report', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  test('entered after the deadline: a reason is required, the report is flagged late everywhere', async () => {
    const ins = await scheduled('routine', ['李明', '刘芳'], addDays(today(), -5));
    const t0 = Date.now() - 4 * 86400e3;
    assert.equal((await act(ins.id, 'start', { actual_start: iso(t0) })).status, 200);
    await walk(ins.id, 0, [iso(t0 + 600e3), iso(t0 + 1200e3), iso(t0 + 1800e3)]);
    const end = iso(t0 + 2400e3);
    assertError(await act(ins.id, 'report', { actual_end: end }), 422, 'procedure', { field: 'late_reason' });
    const r = await act(ins.id, 'report', { actual_end: end, late_reason: '连续外勤，未能及时录入' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.site.late, true);
    assert.equal(r.body.report_late, true);
    assert.equal(r.body.actual_end, end);
    assert.ok(r.body.site.reported_at > r.body.site.report_deadline, 'entry time is the server clock');
    const list = await listAll(await as('leader'), `/api/v1/inspections?enterprise_id=${ins.enterprise_id}`);
    assert.equal(list.find((x) => x.id === ins.id).report_late, true);
  });

  test('bad result bodies name the field; nothing half-written', async () => {
    const ins = await scheduled();
    assert.equal((await act(ins.id, 'start', {})).status, 200);
    const f = await field(ins.id);
    const line = f.body.checklist[0].line_id;
    assertError(await act(ins.id, 'results', { items: [{ line_id: line, verdict: 'maybe' }] }), 400, 'invalid', { field: 'items' });
    assertError(await act(ins.id, 'results', { items: [{ line_id: line, verdict: 'ok', colour: 1 }] }), 400, 'unknown_field', { field: 'items' });
    assertError(await act(ins.id, 'results', { items: [{ line_id: line, verdict: 'ok' }, { line_id: 999999, verdict: 'ok' }] }),
      400, 'invalid', { field: 'items', mentions: '999999' });
    const g = await field(ins.id);
    assert.equal(g.body.version, f.body.version);
    assert.equal(g.body.checklist[0].result, null);
    assertError(await act(ins.id, 'attendance', { principal_present: true, safety_manager_present: false, operators_present: false }),
      400, 'missing_field', { field: 'principal_name' });
  });

  test('covert: hidden from an officer not on it until closed; its officers and leaders see it', async () => {
    const ins = await scheduled('covert');
    const other = await as('officer2');
    assertError(await other.get(`/api/v1/inspections/${ins.id}`), 404, 'not_found');
    assertError(await other.get(`/api/v1/inspections/${ins.id}/field`), 404, 'not_found');
    const list = await listAll(other, '/api/v1/inspections?type=covert');
    assert.ok(!list.some((x) => x.id === ins.id));
    assert.equal((await (await as('officer1')).get(`/api/v1/inspections/${ins.id}`)).status, 200);
    assert.equal((await (await as('leader')).get(`/api/v1/inspections/${ins.id}`)).status, 200);
    const mine = await listAll(await as('officer1'), '/api/v1/inspections?mine=true&type=covert');
    assert.ok(mine.some((x) => x.id === ins.id));
    const ov = await other.get(`/api/v1/inspections/overlaps?enterprise_id=${ins.enterprise_id}&from=${today()}`);
    assert.equal(ov.status, 200);
    assert.ok(![...ov.body.items, ...ov.body.duplicates].some((x) => x.id === ins.id));
  });
});
