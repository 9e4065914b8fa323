// Covert inspections (暗访暗查) are visible, until closed, only to their
// people, leaders and the account that scheduled them (src/fieldwork.c,
// fieldwork_visible). This suite checks the records hanging off one:
// evidence files and audio-video records linked to it or to one of its
// hazards (list, detail, download, verify, void: absent, 404), its hazards
// (list, detail, a new hazard or transfer naming it: 404), and scheduling
// (another unit's overlap warning, a join, the same unit's duplicate: never
// named; the yearly cap still counts it). Each of these answered the
// hidden record before the fix.
//
// Demo people: officer1 = 李明 (执法一中队), officer2 = 张伟 (执法一中队, not on
// the covert inspection), brigade = 李振华, leader = 王建国.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, listAll, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
const UP = { 'x-requested-with': 'zhifa', 'content-type': 'application/octet-stream', 'x-device': 'DSJ-COVERT' };
const NEXT = Number(today().slice(0, 4)) + 1;
const win = (month, day = 2, days = 4) => {
  const from = `${NEXT}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { window_from: from, window_to: addDays(from, days) };
};

const people = {};
const units = {};
let enterprises = [];
let covert;                 // the covert inspection (officer1 scheduled it, 李明 and 刘芳 on it)
let hazard;                 // a hazard of it
let evInsp, evHaz, av;      // evidence linked to it / to its hazard; an audio-video record

async function person(name) {
  if (!people[name]) {
    const r = await (await as('brigade')).get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
    people[name] = r.body.items.find((x) => x.name === name).id;
  }
  return people[name];
}

function jpeg(n) {
  const b = randomBytes(n);
  b[0] = 0xff; b[1] = 0xd8; b[2] = 0xff; b[3] = 0xe0;
  return b;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const u = await (await as('admin')).get('/api/v1/units?limit=200');
  for (const x of u.body.items) units[x.name] = x.id;
  const all = await listAll(await as('brigade'), '/api/v1/enterprises?status=active');
  enterprises = all.filter((e) => e.id > 2 && e.region !== '360104002').reverse();
  const o1 = await as('officer1');
  for (const ent of enterprises) {
    const r = await o1.post('/api/v1/inspections', {
      enterprise_id: ent.id, unit_id: units['执法一中队'], type: 'covert', ...win(3, 2, 6),
      officers: [await person('李明'), await person('刘芳')],
    });
    if (r.status === 201) { covert = r.body; break; }
    assert.equal(r.status, 409, JSON.stringify(r.body));
  }
  assert.ok(covert, 'a covert inspection');
  let r = await o1.post('/api/v1/hazards', {
    inspection_id: covert.id, description: '暗访发现消防通道堵塞', place: '二号仓库', category: 'general', rectify: 'immediate',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  hazard = r.body;
  r = await o1.post(`/api/v1/evidence?link_kind=inspection&link_id=${covert.id}`, jpeg(400), UP);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  evInsp = r.body;
  r = await o1.post(`/api/v1/evidence?link_kind=hazard&link_id=${hazard.id}`, jpeg(500), UP);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  evHaz = r.body;
  const mp4 = Buffer.concat([Buffer.from('\0\0\0\x18ftypisom\0\0\0\0', 'latin1'), randomBytes(3000)]);
  const video = await o1.post(`/api/v1/evidence?link_kind=inspection&link_id=${covert.id}`, mp4, UP);
  assert.equal(video.status, 201, JSON.stringify(video.body));
  r = await o1.post('/api/v1/av-records', {
    link_kind: 'inspection', link_id: covert.id, occasion: 'onsite_inspection',
    started_at: '2026-06-01T01:00:00Z', ended_at: '2026-06-01T02:00:00Z',
    start_trigger: '进入现场', end_trigger: '离开现场', device: 'DSJ-COVERT',
    officer_id: await person('李明'), evidence_ids: [video.body.id],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  av = r.body;
});
after(async () => { if (server) await server.stop(); });

test('evidence of a covert inspection or its hazard: absent for an officer not on it', async () => {
  const o2 = await as('officer2');
  for (const ev of [evInsp, evHaz]) {
    assertError(await o2.get(`/api/v1/evidence/${ev.id}`), 404, 'not_found', { field: 'id' });
    assertError(await o2.get(`/api/v1/evidence/${ev.id}/content`), 404, 'not_found', { field: 'id' });
    assertError(await o2.get(`/api/v1/evidence/${ev.id}/verify`), 404, 'not_found', { field: 'id' });
    assertError(await o2.post(`/api/v1/evidence/${ev.id}/void`, { reason: '试图作废' }), 404, 'not_found', { field: 'id' });
  }
  const byLink = await o2.get(`/api/v1/evidence?link_kind=inspection&link_id=${covert.id}`);
  assert.equal(byLink.status, 200);
  assert.deepEqual(byLink.body.items, []);
  const byHazard = await o2.get(`/api/v1/evidence?link_kind=hazard&link_id=${hazard.id}`);
  assert.deepEqual(byHazard.body.items, []);
  const recent = await listAll(o2, '/api/v1/evidence', 5);
  assert.ok(!recent.some((e) => e.id === evInsp.id || e.id === evHaz.id));
  // nor can it add evidence or a recording to it
  assertError(await o2.post(`/api/v1/evidence?link_kind=inspection&link_id=${covert.id}`, jpeg(100), UP),
    404, 'not_found', { field: 'link_id' });
  assertError(await o2.post(`/api/v1/evidence?link_kind=hazard&link_id=${hazard.id}`, jpeg(100), UP),
    404, 'not_found', { field: 'link_id' });
});

test('audio-video records of a covert inspection: left out of the list, not voidable', async () => {
  const o2 = await as('officer2');
  const list = await o2.get(`/api/v1/av-records?link_kind=inspection&link_id=${covert.id}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items, []);
  const all = await listAll(o2, '/api/v1/av-records', 5);
  assert.ok(!all.some((a) => a.id === av.id));
  assertError(await o2.post(`/api/v1/av-records/${av.id}/void`, { reason: '试图作废' }), 404, 'not_found', { field: 'id' });
});

test('its people, leaders and the scheduler still see the evidence, recording and hazard', async () => {
  for (const u of ['officer1', 'leader']) {
    const c = await as(u);
    assert.equal((await c.get(`/api/v1/evidence/${evInsp.id}`)).status, 200, u);
    assert.equal((await c.get(`/api/v1/evidence/${evHaz.id}/content`)).status, 200, u);
    const list = await c.get(`/api/v1/evidence?link_kind=inspection&link_id=${covert.id}`);
    assert.ok(list.body.items.some((e) => e.id === evInsp.id), u);
    const avs = await c.get(`/api/v1/av-records?link_kind=inspection&link_id=${covert.id}`);
    assert.ok(avs.body.items.some((a) => a.id === av.id), u);
    assert.equal((await c.get(`/api/v1/hazards/${hazard.id}`)).status, 200, u);
    const hz = await c.get(`/api/v1/hazards?inspection_id=${covert.id}`);
    assert.ok(hz.body.items.some((h) => h.id === hazard.id), u);
  }
});

test('hazards of a covert inspection: absent for an officer not on it (list, detail, act, new, transfer)', async () => {
  const o2 = await as('officer2');
  assertError(await o2.get(`/api/v1/hazards/${hazard.id}`), 404, 'not_found', { field: 'id' });
  assertError(await o2.post(`/api/v1/hazards/${hazard.id}/actions`, { action: 'rectified' }), 404, 'not_found', { field: 'id' });
  const byInsp = await o2.get(`/api/v1/hazards?inspection_id=${covert.id}`);
  assert.equal(byInsp.status, 200);
  assert.deepEqual(byInsp.body.items, []);
  const all = await listAll(o2, '/api/v1/hazards', 5);
  assert.ok(!all.some((h) => h.id === hazard.id));
  assertError(await o2.post('/api/v1/hazards', {
    inspection_id: covert.id, description: '试图登记', place: '仓库', category: 'general', rectify: 'immediate',
  }), 404, 'not_found', { field: 'inspection_id' });
  const dept = (await (await as('admin')).get('/api/v1/units?limit=200')).body.items.find((x) => x.kind === 'department');
  assert.ok(dept, 'a department unit');
  assertError(await o2.post('/api/v1/transfers', {
    direction: 'out', hazard_id: hazard.id, unit_id: dept.id, doc_no: '青应急移〔2026〕1号', doc_date: today(),
  }), 404, 'not_found', { field: 'hazard_id' });
});

test('scheduling: another unit is not told of the covert inspection; joins and duplicates do not name it; the cap counts it', async () => {
  const brigade = await as('brigade');
  const other = await brigade.post('/api/v1/inspections', {
    enterprise_id: covert.enterprise_id, unit_id: units['执法二中队'], type: 'routine', ...win(3, 4, 3),
    officers: [await person('朱建军'), await person('郭强')],
  });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  assert.ok(!other.body.warnings.some((w) => w.inspection_id === covert.id), JSON.stringify(other.body.warnings));
  assert.ok(!JSON.stringify(other.body.warnings).includes('暗访'));
  // nor in the audit entry of the scheduling, which keeps the warnings
  const audit = (await (await as('leader')).get(`/api/v1/audit?action=inspection.schedule&entity_id=${other.body.id}`)).body.items;
  assert.equal(audit.length, 1, JSON.stringify(audit));
  assert.ok(!JSON.stringify(audit[0]).includes(`"inspection_id":${covert.id}`), JSON.stringify(audit[0]));
  // the preview endpoint says the same
  const ov = await brigade.get(`/api/v1/inspections/overlaps?enterprise_id=${covert.enterprise_id}&from=${win(3, 2).window_from}&to=${win(3, 8, 0).window_from}&unit=${units['执法一中队']}`);
  assert.equal(ov.status, 200);
  assert.ok(![...ov.body.items, ...ov.body.duplicates].some((x) => x.id === covert.id));
  // … but warns that the same unit could not schedule there, without naming it
  assert.equal(ov.body.duplicate_hidden, true);
  // the yearly cap counts the covert visit (without naming it): brigade's own and the covert one
  assert.equal(ov.body.year_count, 2);
  // an officer on it sees it in the preview
  const mine = await (await as('officer1')).get(`/api/v1/inspections/overlaps?enterprise_id=${covert.enterprise_id}&from=${win(3, 2).window_from}&to=${win(3, 8, 0).window_from}&unit=${units['执法二中队']}`);
  assert.ok(mine.body.items.some((x) => x.id === covert.id));
  assert.equal(mine.body.duplicate_hidden, false);
  // joining it: as if it did not exist
  const join = await brigade.post('/api/v1/inspections', {
    enterprise_id: covert.enterprise_id, unit_id: units['执法二中队'], type: 'joint', ...win(3, 3, 2),
    officers: [await person('朱建军'), await person('郭强')], join_id: covert.id, departments: '市场监管局',
  });
  assertError(join, 400, 'invalid', { field: 'join_id', mentions: '不存在' });
  // the same unit in the same window: refused (不重复检查) without naming it
  const dup = await brigade.post('/api/v1/inspections', {
    enterprise_id: covert.enterprise_id, unit_id: units['执法一中队'], type: 'routine', ...win(3, 3, 2),
    officers: [await person('李明'), await person('刘芳')],
  });
  assertError(dup, 409, 'conflict', { field: 'window_from' });
  assert.ok(!dup.body.error.message.includes(String(covert.id)), dup.body.error.message);
  assert.ok(!dup.body.error.message.includes('暗访'), dup.body.error.message);
});

test('the missing-recording list and notifications do not reveal a covert inspection under way', async () => {
  const o1 = await as('officer1');
  // a covert inspection started today, without its on-site recording
  let started = null;
  for (const ent of enterprises.slice(-40)) {
    const r = await o1.post('/api/v1/inspections', {
      enterprise_id: ent.id, unit_id: units['执法一中队'], type: 'covert', window_from: today(), window_to: addDays(today(), 2),
      officers: [await person('李明'), await person('刘芳')],
    });
    if (r.status !== 201) continue;
    const s = await o1.post(`/api/v1/inspections/${r.body.id}/start`, { version: r.body.version });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    started = s.body;
    break;
  }
  assert.ok(started, 'a covert inspection under way');
  const mine = await listAll(o1, '/api/v1/av-records/missing');
  assert.ok(mine.some((m) => m.inspection_id === started.id), 'its officer sees the flag');
  const theirs = await listAll(await as('officer2'), '/api/v1/av-records/missing');
  assert.ok(!theirs.some((m) => m.inspection_id === started.id));
  // a major hazard on it notifies the leaders (who may see it) and nobody else
  const h = await o1.post('/api/v1/hazards', {
    inspection_id: started.id, description: '暗访发现液氨储罐无紧急切断装置', place: '储罐区', category: 'major',
    standard_item: '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准第十条', rectify: 'deadline',
  });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const about = (n) => n.entity === 'hazard' && String(n.entity_id) === String(h.body.id);
  assert.ok((await listAll(await as('leader'), '/api/v1/notifications')).some(about));
  for (const u of ['officer2', 'brigade']) {
    assert.ok(!(await listAll(await as(u), '/api/v1/notifications')).some(about), u);
  }
});

// The audit reader (src/auditlog.c): admin and supervisor hold audit.read
// but may not see a covert inspection under way, so its entries and those
// of the records hanging off it are left out for them until it is closed.
const entries = async (u, q) => listAll(await as(u), `/api/v1/audit?${q}`);

test('the audit log: a covert inspection under way and what hangs off it are left out for admin and supervisor', async () => {
  const ofCovert = (e) => e.entity === 'inspection' && e.entity_id === String(covert.id);
  for (const u of ['admin', 'supervisor']) {
    assert.ok(!(await entries(u, 'action=inspection.schedule')).some(ofCovert), u);
    assert.deepEqual(await entries(u, `entity=inspection&entity_id=${covert.id}`), [], u);
    assert.deepEqual(await entries(u, `entity=hazard&entity_id=${hazard.id}`), [], u);
    for (const ev of [evInsp, evHaz]) assert.deepEqual(await entries(u, `entity=evidence&entity_id=${ev.id}`), [], u);
    assert.deepEqual(await entries(u, `entity=av_record&entity_id=${av.id}`), [], u);
    const recent = JSON.stringify(await entries(u, 'limit=200'));
    assert.ok(!recent.includes('暗访发现消防通道堵塞'), u);
  }
  // the leader, who may see it, reads all of them
  assert.ok((await entries('leader', 'action=inspection.schedule')).some(ofCovert));
  assert.equal((await entries('leader', `entity=hazard&entity_id=${hazard.id}`)).length, 1);
  assert.equal((await entries('leader', `entity=evidence&entity_id=${evHaz.id}`)).length, 1);
  assert.equal((await entries('leader', `entity=av_record&entity_id=${av.id}`)).length, 1);
});

test('the audit log: once the covert inspection is closed its entries show; the chain still verifies', async () => {
  const o1 = await as('officer1');
  let ins = null;
  for (const ent of enterprises.slice(-80, -40)) {
    const r = await o1.post('/api/v1/inspections', {
      enterprise_id: ent.id, unit_id: units['执法一中队'], type: 'covert', window_from: today(), window_to: addDays(today(), 1),
      officers: [await person('李明'), await person('刘芳')],
    });
    if (r.status === 201) { ins = r.body; break; }
  }
  assert.ok(ins, 'a covert inspection today');
  const act = async (what, body = {}) => {
    const f = await o1.get(`/api/v1/inspections/${ins.id}/field`);
    const r = await o1.post(`/api/v1/inspections/${ins.id}/${what}`, { version: f.body.version, ...body });
    assert.equal(r.status, 200, `${what}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await act('start');
  const h = await o1.post('/api/v1/hazards', {
    inspection_id: ins.id, description: '暗访发现安全出口锁闭', place: '一号车间', category: 'general', rectify: 'immediate',
  });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  for (const u of ['admin', 'supervisor']) {
    assert.deepEqual(await entries(u, `entity=hazard&entity_id=${h.body.id}`), [], u);
    assert.deepEqual(await entries(u, `entity=inspection&entity_id=${ins.id}`), [], u);
  }
  const fixed = await o1.post(`/api/v1/hazards/${h.body.id}/actions`, { action: 'rectified' });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
  for (const step of ['notice', 'check', 'feedback']) await act('steps', { step });
  await act('attendance', {
    principal_present: true, principal_name: '王总', safety_manager_present: true, safety_manager_name: '李工',
    operators_present: false,
  });
  const f = await o1.get(`/api/v1/inspections/${ins.id}/field`);
  await act('results', { items: f.body.checklist.map((l) => ({ line_id: l.line_id, verdict: 'ok' })) });
  await act('report');
  assert.equal((await act('close')).status, 'closed');
  for (const u of ['admin', 'supervisor']) {
    assert.ok((await entries(u, 'action=inspection.schedule')).some((e) => e.entity_id === String(ins.id)), u);
    const mine = (await entries(u, `entity=inspection&entity_id=${ins.id}`)).map((e) => e.action);
    for (const a of ['inspection.schedule', 'inspection.start', 'inspection.close']) assert.ok(mine.includes(a), `${u} ${a}`);
    const hz = await entries(u, `entity=hazard&entity_id=${h.body.id}`);
    assert.equal(hz.length, 2, u);
  }
  // nothing was changed in the chain by reading it
  const v = await (await as('supervisor')).get('/api/v1/audit/verify');
  assert.equal(v.status, 200);
  assert.equal(v.body.ok, true, JSON.stringify(v.body));
});
