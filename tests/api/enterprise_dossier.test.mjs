// 一企一档 and the field app's hazards (issue 10 bug 11), against the real
// binary:
// - GET /api/v1/enterprises/{id}/dossier lists the enterprise's inspections,
//   the hazards found there and its risk grade with its overrides; a covert
//   inspection under way and its hazard are absent for those who may not
//   know of it (covert.h) and present for its scheduler and the leader; a
//   section the reader's roles may not read is null;
// - FIELDWORK (GET /api/v1/inspections/{id}/field) lists the hazards
//   recorded in the inspection with their status and photos;
// - POST /api/v1/hazards takes the 整改期限 of a 限期整改 hazard (a date
//   after today; refused with the field's Chinese name otherwise) and the
//   order (责令限期整改指令书) takes it when it names none.
// Demo people: officer1 = 李明, officer2 = 张伟 (not on the covert one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer, scheduleToday } from '../lib/server.mjs';
import { signIn, assertError, listAll, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
const NEXT = Number(today().slice(0, 4)) + 1;
const UP = { 'x-requested-with': 'zhifa', 'content-type': 'application/octet-stream' };
let ent;        // the enterprise of the covert inspection
let covert;     // covert, scheduled by officer1 with 李明 and 刘芳, not closed
let covertHazard;
let walk;       // a routine inspection of today, started

const ok = (r, status = 200) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
};
const dossier = async (u, id = ent) => ok(await (await as(u)).get(`/api/v1/enterprises/${id}/dossier`));
const staff = async (name) => (await (await as('brigade')).get(`/api/v1/staff?q=${encodeURIComponent(name)}`))
  .body.items.find((x) => x.name === name).id;
function jpeg(n) {
  const b = randomBytes(n);
  b[0] = 0xff; b[1] = 0xd8; b[2] = 0xff; b[3] = 0xe0;
  return b;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const units = {};
  for (const x of (await (await as('admin')).get('/api/v1/units?limit=200')).body.items) units[x.name] = x.id;
  const all = await listAll(await as('brigade'), '/api/v1/enterprises?status=active');
  const o1 = await as('officer1');
  const officers = [await staff('李明'), await staff('刘芳')];
  for (const e of all.filter((x) => x.id > 2 && x.region !== '360104002').reverse()) {
    const r = await o1.post('/api/v1/inspections', { enterprise_id: e.id, unit_id: units['执法一中队'], type: 'covert',
      window_from: `${NEXT}-03-02`, window_to: `${NEXT}-03-08`, officers });
    if (r.status === 201) { covert = r.body; ent = e.id; break; }
    assert.equal(r.status, 409, JSON.stringify(r.body));
  }
  assert.ok(covert, 'a covert inspection');
  covertHazard = ok(await o1.post('/api/v1/hazards', { inspection_id: covert.id, description: '暗访发现安全出口封闭',
    place: '三号车间', category: 'general', rectify: 'immediate' }), 201);
  [walk] = await scheduleToday(server.url, 1);
  const f = ok(await o1.get(`/api/v1/inspections/${walk.id}/field`));
  ok(await o1.post(`/api/v1/inspections/${walk.id}/start`, { version: f.version }));
});
after(async () => { if (server) await server.stop(); });

test('dossier: a covert inspection under way and its hazard only for those who may know of it', async () => {
  for (const u of ['officer1', 'leader']) {
    const d = await dossier(u);
    assert.equal(d.enterprise_id, ent);
    const i = d.inspections.items.find((x) => x.id === covert.id);
    assert.ok(i, `${u} sees the covert inspection`);
    assert.equal(i.type, 'covert');
    assert.equal(i.unit_name, '执法一中队');
    assert.equal(i.hazards, 1);
    const h = d.hazards.items.find((x) => x.id === covertHazard.id);
    assert.ok(h, `${u} sees its hazard`);
    assert.equal(h.status_name, '待整改');
    assert.equal(h.inspection_id, covert.id);
  }
  for (const u of ['officer2', 'supervisor', 'brigade']) {
    const d = await dossier(u);
    assert.ok(!d.inspections.items.some((x) => x.id === covert.id), `${u} must not see the covert inspection`);
    assert.ok(!d.hazards.items.some((x) => x.id === covertHazard.id), `${u} must not see its hazard`);
  }
});

test('dossier: inspections, hazards and risk of the enterprise; sections by role; 404', async () => {
  const eid = walk.enterprise_id;
  const o1 = await as('officer1');
  const h = ok(await o1.post('/api/v1/hazards', { inspection_id: walk.id, description: '配电箱前堆放杂物',
    place: '配电间', category: 'general', rectify: 'immediate' }), 201);
  const made = ok(await (await as('brigade')).post(`/api/v1/risk/enterprises/${eid}/overrides`,
    { grade: 'red', reason: '群众举报夜间违规动火，核查属实' }), 201);
  const d = await dossier('officer2', eid);
  const i = d.inspections.items.find((x) => x.id === walk.id);
  assert.ok(i, 'the routine inspection is listed');
  assert.equal(i.status, 'in_progress');
  assert.equal(i.hazards, 1);
  assert.equal(d.hazards.items[0].id, h.id, 'newest hazard first');
  assert.equal(d.risk.current.grade, 'red');
  assert.equal(d.risk.overrides.items[0].reason, '群众举报夜间违规动火，核查属实');
  assert.equal(d.risk.overrides.items[0].grade, 'red');
  assert.equal(d.risk.overrides.items[0].computed_grade, made.risk.computed_grade);
  assert.ok(Array.isArray(d.risk.changes.items));
  // an assistant (of a street) reads inspections and hazards, not risk grades
  const mine = ok(await (await as('assistant1')).get('/api/v1/enterprises?limit=1')).items[0];
  const a = await dossier('assistant1', mine.id);
  assert.equal(a.risk, null);
  assert.ok(Array.isArray(a.inspections.items));
  assertError(await o1.get('/api/v1/enterprises/99999999/dossier'), 404, 'not_found', { field: 'id' });
  assertError(await o1.get('/api/v1/enterprises/abc/dossier'), 404, 'not_found', { field: 'id' });
});

test('FIELDWORK lists the hazards recorded in the inspection with status and photos', async () => {
  const o1 = await as('officer1');
  const h = ok(await o1.post('/api/v1/hazards', { inspection_id: walk.id, description: '灭火器过期未更换',
    place: '仓库', category: 'general', rectify: 'deadline', deadline: addDays(today(), 7) }), 201);
  ok(await o1.post(`/api/v1/evidence?link_kind=hazard&link_id=${h.id}`, jpeg(300), UP), 201);
  const f = ok(await o1.get(`/api/v1/inspections/${walk.id}/field`));
  const x = f.hazards.find((y) => y.id === h.id);
  assert.ok(x, JSON.stringify(f.hazards));
  assert.equal(x.status, 'open');
  assert.equal(x.status_name, '待整改');
  assert.equal(x.rectify, 'deadline');
  assert.equal(x.deadline, addDays(today(), 7));
  assert.equal(x.photos, 1);
  assert.equal(x.description, '灭火器过期未更换');
});

test('a 限期整改 hazard takes its 整改期限; the order takes it; bad deadlines refused by name', async () => {
  const o1 = await as('officer1');
  const base = { inspection_id: walk.id, description: '二楼疏散通道堆放货物', place: '二楼', category: 'general' };
  const due = addDays(today(), 10);
  const h = ok(await o1.post('/api/v1/hazards', { ...base, rectify: 'deadline', deadline: due }), 201);
  assert.equal(h.deadline, due);
  assert.equal(h.status, 'open');
  const o = ok(await o1.post(`/api/v1/hazards/${h.id}/actions`, { action: 'order', order_date: today() }));
  assert.equal(o.status, 'rectifying');
  assert.equal(o.deadline, due, 'the order takes the deadline recorded on site');
  assert.ok(o.order_no);
  // refused, naming 整改期限, nothing written
  const before = (await listAll(o1, `/api/v1/hazards?inspection_id=${walk.id}`)).length;
  assertError(await o1.post('/api/v1/hazards', { ...base, rectify: 'immediate', deadline: due }), 400, 'invalid',
    { field: 'deadline', mentions: '整改期限' });
  assertError(await o1.post('/api/v1/hazards', { ...base, rectify: 'deadline', deadline: today() }), 400, 'invalid',
    { field: 'deadline', mentions: '整改期限' });
  assertError(await o1.post('/api/v1/hazards', { ...base, rectify: 'deadline', deadline: `${NEXT}-02-30` }), 400,
    'invalid', { field: 'deadline' });
  assert.equal((await listAll(o1, `/api/v1/hazards?inspection_id=${walk.id}`)).length, before);
});
