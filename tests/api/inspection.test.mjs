// Inspections API (src/inspection.c, src/inspection_api.c) against the real
// binary: scheduling with at least two eligible officers (422 naming the
// field or the person: one officer, an expired or suspended certificate, a
// conflict of interest), the fewer-visits overlap warning and joining it
// (one joint group, one visit), the yearly cap (409 naming enterprise_id
// and the cap; complaints not capped), the same unit twice in a window
// (409), cancel (reason required, twice 409), scope for a street account
// (403 out_of_scope: the record exists, the account may not act on it;
// 404 only for what does not exist), permissions, list filters and cursor,
// bad input naming the field, and nothing half-written.
//
// Demo people (src/staff_demo.c): 李明 and 刘芳 (执法一中队) valid for years;
// 吴涛 expired 15 days ago; 高翔 (执法二中队) suspended; 张伟 has a conflict
// with enterprise 1 (and a certificate ending in 25 days); 刘洋 and 蔡晓燕
// are officers of 洪都街道 (street1's area, 360104002).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, listAll, HAN, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));

// windows next year: always ahead, inside one calendar year, and inside
// every valid demo certificate
const NEXT = Number(today().slice(0, 4)) + 1;
const win = (month, day = 2, days = 4) => {
  const from = `${NEXT}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { window_from: from, window_to: addDays(from, days) };
};

// a window a week ahead, for people whose certificates end within a year
// (蔡晓燕: 300 days)
const near = () => ({ window_from: addDays(today(), 7), window_to: addDays(today(), 9) });

const people = {};
const units = {};
let enterprises = [];   // active, not 1 or 2, outside street1's area
let hongdu = [];        // active, inside street1's area (360104002)
let nextEnt = 0;
/** A fresh enterprise for a test, so that caps and overlaps never meet. */
const freshEnt = () => enterprises[nextEnt++].id;

async function person(name) {
  if (!people[name]) {
    const r = await (await as('brigade')).get(`/api/v1/staff?q=${encodeURIComponent(name)}`);
    const p = r.body.items.find((x) => x.name === name);
    assert.ok(p, `person ${name}`);
    people[name] = p.id;
  }
  return people[name];
}

async function schedule(user, body) {
  return (await as(user)).post('/api/v1/inspections', body);
}

/** Every inspection the leader (whole district) sees. */
async function total() {
  return (await listAll(await as('leader'), '/api/v1/inspections')).length;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const admin = await as('admin');
  const u = await admin.get('/api/v1/units?limit=200');
  for (const x of u.body.items) units[x.name] = x.id;
  const all = await listAll(await as('brigade'), '/api/v1/enterprises?status=active');
  enterprises = all.filter((e) => e.id > 2 && e.region !== '360104002');
  hongdu = all.filter((e) => e.id > 2 && e.region === '360104002');
  assert.ok(enterprises.length > 50 && hongdu.length > 5);
});
after(async () => { if (server) await server.stop(); });

describe('scheduling', () => {
  test('the brigade schedules with two eligible officers: 201, people listed, audited', async () => {
    const ent = freshEnt();
    const before_ = await total();
    const r = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(3),
      officers: [await person('李明'), await person('刘芳')], assistants: [await person('孙悦')],
      experts: [await person('周海峰')], note: '日常检查',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'scheduled');
    assert.equal(r.body.type_name, '日常检查');
    assert.equal(r.body.enterprise_id, ent);
    assert.equal(r.body.unit_name, '执法一中队');
    assert.deepEqual(r.body.warnings, []);
    const roles = Object.fromEntries(r.body.people.map((p) => [p.name, p.role]));
    assert.deepEqual(roles, { 李明: 'officer', 刘芳: 'officer', 孙悦: 'assistant', 周海峰: 'expert' });
    assert.equal(await total(), before_ + 1);
    const g = await (await as('officer1')).get(`/api/v1/inspections/${r.body.id}`);
    assert.equal(g.status, 200);
    assert.equal(g.body.people.length, 4);
    assert.deepEqual(g.body.joint_members, []);
    const a = await (await as('leader')).get(`/api/v1/audit?entity=inspection&entity_id=${r.body.id}`);
    assert.equal(a.status, 200);
    assert.equal(a.body.items[0].action, 'inspection.schedule');
    assert.equal(a.body.items[0].actor, 'brigade');
  });

  test('one officer: 422 procedure naming officers and how many are missing', async () => {
    const before_ = await total();
    const r = await schedule('brigade', {
      enterprise_id: freshEnt(), unit_id: units['执法一中队'], type: 'routine', ...win(3), officers: [await person('李明')],
    });
    assertError(r, 422, 'procedure', { field: 'officers', mentions: ['不少于 2 名', '还差 1 名'] });
    assert.equal(await total(), before_);
  });

  test('an expired certificate, a suspended one, a conflict: 422 naming the person; nothing written', async () => {
    const before_ = await total();
    const ent = freshEnt();
    let r = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(3),
      officers: [await person('李明'), await person('吴涛')],
    });
    assertError(r, 422, 'procedure', { field: 'officers', mentions: ['吴涛', '到期'] });
    r = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法二中队'], type: 'routine', ...win(3),
      officers: [await person('朱建军'), await person('高翔')],
    });
    assertError(r, 422, 'procedure', { field: 'officers', mentions: ['高翔', '暂扣'] });
    // 张伟's certificate ends in 25 days: a window before that, so that the
    // conflict is the reason
    const from = addDays(today(), 3);
    r = await schedule('brigade', {
      enterprise_id: 1, unit_id: units['执法一中队'], type: 'routine', window_from: from, window_to: addDays(from, 2),
      officers: [await person('李明'), await person('张伟')],
    });
    assertError(r, 422, 'procedure', { field: 'officers', mentions: ['张伟', '回避'] });
    assert.equal(await total(), before_);
  });

  test('the same enterprise by another unit in an overlapping window: 201 with the overlap warning', async () => {
    const ent = freshEnt();
    const first = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(4, 6, 6),
      officers: [await person('李明'), await person('刘芳')],
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法二中队'], type: 'special', ...win(4, 10, 5),
      officers: [await person('朱建军'), await person('郭强')],
    });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.warnings.length, 1);
    const w = second.body.warnings[0];
    assert.equal(w.code, 'overlap');
    assert.equal(w.inspection_id, first.body.id);
    assert.equal(w.unit_name, '执法一中队');
    assert.match(w.message, /执法一中队/);
    assert.match(w.message, /联合检查/);
    // the preview says the same before saving, and counts the year's visits
    const p = await (await as('brigade')).get(
      `/api/v1/inspections/overlaps?enterprise_id=${ent}&from=${win(4, 1).window_from}&to=${win(4, 30, 0).window_from}&unit=${units['执法二中队']}`);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.deepEqual(p.body.items.map((x) => x.id), [first.body.id]);
    assert.deepEqual(p.body.duplicates.map((x) => x.id), [second.body.id]);
    assert.equal(p.body.year, NEXT);
    assert.equal(p.body.year_count, 2);
    assert.ok(p.body.year_cap >= 1);
  });

  test('join_id makes a joint inspection: one group, no warning about it, one visit', async () => {
    const ent = freshEnt();
    const first = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(5),
    });
    assert.equal(first.status, 201);
    const joined = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法二中队'], type: 'joint', ...win(5), join_id: first.body.id,
      departments: '区市场监管局',
    });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    assert.equal(joined.body.joint_group, first.body.id);
    assert.deepEqual(joined.body.warnings, []);
    const g = await (await as('brigade')).get(`/api/v1/inspections/${first.body.id}`);
    assert.equal(g.body.joint_group, first.body.id);
    assert.deepEqual(g.body.joint_members.map((m) => m.id), [joined.body.id]);
    assert.equal(g.body.joint_members[0].unit_name, '执法二中队');
    const p = await (await as('brigade')).get(`/api/v1/inspections/overlaps?enterprise_id=${ent}&from=${win(5).window_from}`);
    assert.equal(p.body.year_count, 1);
    // a join to another enterprise's inspection is refused naming join_id
    const bad = await schedule('brigade', {
      enterprise_id: freshEnt(), unit_id: units['执法二中队'], type: 'joint', ...win(5), join_id: first.body.id,
    });
    assertError(bad, 400, 'invalid', { field: 'join_id' });
  });

  test('the yearly cap: 409 naming enterprise_id and the cap; complaints not capped; joining still possible', async () => {
    const ent = freshEnt();
    const brigade = await as('brigade');
    const cap = (await brigade.get(`/api/v1/inspections/overlaps?enterprise_id=${ent}&from=${win(6).window_from}`)).body.year_cap;
    assert.ok(cap >= 1 && cap <= 6, `cap ${cap}`);
    const byUnit = ['青云谱区应急管理局', '青云谱区应急管理综合行政执法大队', '执法一中队', '执法二中队', '京山街道办事处', '岱山街道办事处'];
    const ids = [];
    for (let i = 0; i < cap; i++) {
      const r = await schedule('brigade', { enterprise_id: ent, unit_id: units[byUnit[i]], type: 'routine', ...win(6 + (i % 6)) });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids.push(r.body.id);
    }
    const before_ = await total();
    const over = await schedule('brigade', { enterprise_id: ent, unit_id: units['徐家坊街道办事处'], type: 'random', ...win(6) });
    const e = assertError(over, 409, 'conflict', { field: 'enterprise_id', mentions: ['上限', `${cap} 次`] });
    assert.match(e.message, new RegExp(`${NEXT}`));
    assert.equal(await total(), before_);
    const complaint = await schedule('brigade', { enterprise_id: ent, unit_id: units['徐家坊街道办事处'], type: 'complaint', ...win(6) });
    assert.equal(complaint.status, 201, JSON.stringify(complaint.body));
    const join = await schedule('brigade', {
      enterprise_id: ent, unit_id: units['徐家坊街道办事处'], type: 'joint', ...win(6), join_id: ids[0],
    });
    assert.equal(join.status, 201, JSON.stringify(join.body));
    assert.equal(join.body.joint_group, ids[0]);
  });

  test('the same unit twice in an overlapping window: 409 naming the inspection already there', async () => {
    const ent = freshEnt();
    const first = await schedule('brigade', { enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(7) });
    assert.equal(first.status, 201);
    const again = await schedule('brigade', { enterprise_id: ent, unit_id: units['执法一中队'], type: 'special', ...win(7, 4) });
    assertError(again, 409, 'conflict', { field: 'window_from', mentions: ['本单位已安排', String(first.body.id)] });
    const complaint = await schedule('brigade', { enterprise_id: ent, unit_id: units['执法一中队'], type: 'complaint', ...win(7) });
    assert.equal(complaint.status, 201);
    const later = await schedule('brigade', { enterprise_id: ent, unit_id: units['执法一中队'], type: 'special', ...win(8) });
    assert.equal(later.status, 201);
  });
});

describe('cancel', () => {
  test('reason required (400), then cancelled with the reason and audited, twice 409', async () => {
    const r = await schedule('brigade', { enterprise_id: freshEnt(), unit_id: units['执法一中队'], type: 'routine', ...win(9) });
    assert.equal(r.status, 201);
    const b = await as('brigade');
    assertError(await b.post(`/api/v1/inspections/${r.body.id}/cancel`, {}), 400, 'missing_field', { field: 'reason' });
    assertError(await b.post(`/api/v1/inspections/${r.body.id}/cancel`, { reason: 'x' }), 400, 'invalid', { field: 'reason' });
    assert.equal((await b.get(`/api/v1/inspections/${r.body.id}`)).body.status, 'scheduled');
    const c = await b.post(`/api/v1/inspections/${r.body.id}/cancel`, { reason: '企业停产改造' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.status, 'cancelled');
    assert.equal(c.body.cancel_reason, '企业停产改造');
    assert.equal(c.body.cancelled_by, 'brigade');
    assertError(await b.post(`/api/v1/inspections/${r.body.id}/cancel`, { reason: '再次取消' }), 409, 'conflict',
      { field: 'status' });
    assertError(await b.post('/api/v1/inspections/999999/cancel', { reason: '不存在的检查' }), 404, 'not_found');
    const a = await (await as('leader')).get(`/api/v1/audit?entity=inspection&entity_id=${r.body.id}&action=inspection.cancel`);
    assert.equal(a.body.items.length, 1);
  });
});

describe('scope and permissions', () => {
  test('a street account: 403 out_of_scope outside its area (the record exists), 404 when it does not', async () => {
    const outside = await schedule('brigade', { enterprise_id: freshEnt(), unit_id: units['执法一中队'], type: 'routine', ...win(10) });
    assert.equal(outside.status, 201);
    const street = await as('street1');
    assertError(await street.get(`/api/v1/inspections/${outside.body.id}`), 403, 'out_of_scope', { field: 'id' });
    assertError(await street.post(`/api/v1/inspections/${outside.body.id}/cancel`, { reason: '越权取消' }), 403, 'out_of_scope');
    assertError(await street.get('/api/v1/inspections/999999'), 404, 'not_found');
    const list = await listAll(street, '/api/v1/inspections');
    assert.ok(!list.some((x) => x.id === outside.body.id));
    // scheduling outside: refused on scope before any other rule, so the
    // answer says nothing about the enterprise (here: an expired officer)
    const before_ = await total();
    const r = await schedule('street1', {
      enterprise_id: enterprises[nextEnt].id, type: 'routine', ...win(10),
      officers: [await person('刘洋'), await person('吴涛')],
    });
    assertError(r, 403, 'out_of_scope', { field: 'enterprise_id' });
    assertError(await street.get(`/api/v1/inspections/overlaps?enterprise_id=${enterprises[nextEnt].id}&from=${win(10).window_from}`),
      403, 'out_of_scope', { field: 'enterprise_id' });
    // nor with the brigade's squad or officers inside its own area
    assertError(await schedule('street1', { enterprise_id: hongdu[0].id, unit_id: units['执法一中队'], type: 'routine', ...win(10) }),
      403, 'out_of_scope', { field: 'unit_id' });
    assertError(await schedule('street1', {
      enterprise_id: hongdu[0].id, type: 'routine', ...win(10), officers: [await person('李明'), await person('刘芳')],
    }), 403, 'out_of_scope', { field: 'officers' });
    assert.equal(await total(), before_);
    // inside its area with its own officers, its unit by default
    const ok = await schedule('street1', {
      enterprise_id: hongdu[0].id, type: 'routine', ...near(), officers: [await person('刘洋'), await person('蔡晓燕')],
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.unit_name, '洪都街道办事处');
    assert.ok((await listAll(street, '/api/v1/inspections')).some((x) => x.id === ok.body.id));
  });

  test('a street\'s officers are refused outside the street\'s area (422 naming them)', async () => {
    const r = await schedule('brigade', {
      enterprise_id: freshEnt(), unit_id: units['洪都街道办事处'], type: 'routine', ...near(),
      officers: [await person('刘洋'), await person('蔡晓燕')],
    });
    assertError(r, 422, 'procedure', { field: 'officers', mentions: ['刘洋', '辖区'] });
  });

  test('expert, department and assistant accounts cannot schedule (403); reading follows inspection.read', async () => {
    const body = { enterprise_id: hongdu[1].id, unit_id: units['洪都街道办事处'], type: 'routine', ...win(11) };
    for (const u of ['expert1', 'dept1', 'assistant1', 'leader', 'legal', 'supervisor']) {
      assertError(await schedule(u, body), 403, 'forbidden');
    }
    assert.equal((await (await as('assistant1')).get('/api/v1/inspections')).status, 200);
    assert.equal((await (await as('supervisor')).get('/api/v1/inspections')).status, 200);
    assertError(await (await as('expert1')).get('/api/v1/inspections'), 403, 'forbidden');
    assertError(await (await as('dept1')).get('/api/v1/inspections'), 403, 'forbidden');
    const one = (await (await as('leader')).get('/api/v1/inspections?limit=1')).body.items[0];
    assertError(await (await as('assistant1')).post(`/api/v1/inspections/${one.id}/cancel`, { reason: '无权取消' }),
      403, 'forbidden');
  });
});

describe('list', () => {
  let ent;
  const made = {};
  before(async () => {
    ent = freshEnt();
    made.a = (await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法一中队'], type: 'key', ...win(12, 1),
      officers: [await person('李明'), await person('刘芳')],
    })).body;
    made.b = (await schedule('brigade', {
      enterprise_id: ent, unit_id: units['执法二中队'], type: 'special', ...win(12, 20),
      officers: [await person('朱建军'), await person('郭强')],
    })).body;
    made.c = (await schedule('brigade', { enterprise_id: ent, unit_id: units['执法一中队'], type: 'complaint', ...win(12, 10) })).body;
    await (await as('brigade')).post(`/api/v1/inspections/${made.c.id}/cancel`, { reason: '举报人撤回' });
    assert.ok(made.a.id && made.b.id && made.c.id);
  });

  test('filters: enterprise, status, type, unit, from/to', async () => {
    const b = await as('brigade');
    // newest first
    const ids = async (q) => (await listAll(b, `/api/v1/inspections?enterprise_id=${ent}${q}`)).map((x) => x.id);
    assert.deepEqual(await ids(''), [made.c.id, made.b.id, made.a.id]);
    assert.deepEqual(await ids('&status=cancelled'), [made.c.id]);
    assert.deepEqual(await ids('&status=scheduled'), [made.b.id, made.a.id]);
    assert.deepEqual(await ids('&type=special'), [made.b.id]);
    assert.deepEqual(await ids(`&unit=${units['执法一中队']}`), [made.c.id, made.a.id]);
    assert.deepEqual(await ids(`&from=${NEXT}-12-15`), [made.b.id]);
    assert.deepEqual(await ids(`&to=${NEXT}-12-09`), [made.a.id]);
    assert.deepEqual(await ids(`&from=${NEXT}-12-06&to=${NEXT}-12-12`), [made.c.id]);
  });

  test('mine=true: the inspections of the signed-in person (officer1 is 李明)', async () => {
    const mine = await listAll(await as('officer1'), '/api/v1/inspections?mine=true');
    assert.ok(mine.length >= 2);
    for (const x of mine) assert.ok(x.people.some((p) => p.name === '李明'), JSON.stringify(x));
    assert.ok(mine.some((x) => x.id === made.a.id));
    assert.ok(!mine.some((x) => x.id === made.b.id));
    // an account linked to no person has none
    const none = await (await as('supervisor')).get('/api/v1/inspections?mine=true');
    assert.deepEqual(none.body.items, []);
  });

  test('cursor pages cover the list once each', async () => {
    const b = await as('brigade');
    const all = await listAll(b, '/api/v1/inspections', 200);
    const paged = await listAll(b, '/api/v1/inspections', 2);
    assert.deepEqual(paged.map((x) => x.id), all.map((x) => x.id));
    assert.equal(new Set(paged.map((x) => x.id)).size, paged.length);
  });

  test('each driver of the list query gives the rows of the filter, each row equal to the detail; covert ones hidden', async () => {
    // the list picks its plan by the filter given (status, a recent window,
    // mine, none: src/inspection_api.c) and renders a page in one statement;
    // whichever runs, the rows are those of the filter over the whole list
    // and each is the detail's INSPECTION (without joint_members)
    const covertEnt = freshEnt();
    const covert = (await schedule('brigade', {
      enterprise_id: covertEnt, unit_id: units['执法二中队'], type: 'covert', ...win(12, 24),
      officers: [await person('刘芳'), await person('郭强')],
    })).body;
    assert.ok(covert.id, JSON.stringify(covert));
    const t = today();
    const filters = [
      ['status=scheduled', (x) => x.status === 'scheduled'],
      ['status=in_progress', (x) => x.status === 'in_progress'],
      ['status=reported', (x) => x.status === 'reported'],
      ['status=closed', (x) => x.status === 'closed'],
      ['status=cancelled', (x) => x.status === 'cancelled'],
      [`from=${t}&to=${t}`, (x) => x.window_to >= t && x.window_from <= t],
      [`from=${addDays(t, -20)}`, (x) => x.window_to >= addDays(t, -20)],
      [`from=${NEXT}-12-20&to=${NEXT}-12-31`, (x) => x.window_to >= `${NEXT}-12-20` && x.window_from <= `${NEXT}-12-31`],
      ['from=2000-01-01', (x) => x.window_to >= '2000-01-01'],
      [`type=covert`, (x) => x.type === 'covert'],
    ];
    let rows = 0;
    for (const [user, name] of [['brigade', '李振华'], ['officer1', '李明'], ['leader', '王建国'], ['street1', '刘洋']]) {
      const c = await as(user);
      const all = await listAll(c, '/api/v1/inspections');
      assert.equal(all.some((x) => x.id === covert.id), user !== 'officer1' && user !== 'street1', `${user} covert`);
      for (const x of all) {
        const d = (await c.get(`/api/v1/inspections/${x.id}`)).body;
        delete d.joint_members;
        assert.deepEqual(x, d, `${user}: inspection ${x.id}`);
        rows++;
      }
      const mine = (x) => x.people.some((p) => p.name === name);
      for (const [q, keep] of [...filters, ['', () => true]]) {
        const ids = async (qq) => (await listAll(c, `/api/v1/inspections?${qq}`, 7)).map((x) => x.id);
        assert.deepEqual(await ids(q), all.filter(keep).map((x) => x.id), `${user} ${q}`);
        assert.deepEqual(await ids(`mine=true&${q}`), all.filter((x) => keep(x) && mine(x)).map((x) => x.id),
          `${user} mine=true&${q}`);
      }
    }
    assert.ok(rows > 100);
  });

  test('bad filters: 400 naming the parameter', async () => {
    const b = await as('brigade');
    assertError(await b.get('/api/v1/inspections?status=done'), 400, 'invalid', { field: 'status' });
    assertError(await b.get('/api/v1/inspections?type=visit'), 400, 'invalid', { field: 'type' });
    assertError(await b.get('/api/v1/inspections?from=2026-13-01'), 400, 'invalid', { field: 'from' });
    assertError(await b.get(`/api/v1/inspections?from=${NEXT}-05-02&to=${NEXT}-05-01`), 400, 'invalid', { field: 'to' });
    assertError(await b.get('/api/v1/inspections?mine=yes'), 400, 'invalid', { field: 'mine' });
    assertError(await b.get('/api/v1/inspections?enterprise_id=abc'), 400, 'invalid', { field: 'enterprise_id' });
    assertError(await b.get('/api/v1/inspections/overlaps?from=2026-01-01'), 400, 'missing_field', { field: 'enterprise_id' });
    assertError(await b.get(`/api/v1/inspections/overlaps?enterprise_id=${ent}`), 400, 'missing_field', { field: 'from' });
    assertError(await b.get(`/api/v1/inspections/overlaps?enterprise_id=${ent}&from=${NEXT}-05-02&to=${NEXT}-05-01`),
      400, 'invalid', { field: 'to' });
    assertError(await b.get(`/api/v1/inspections/overlaps?enterprise_id=99999999&from=${NEXT}-05-02`), 404, 'not_found');
  });
});

describe('bad input', () => {
  test('each refused naming the field; nothing written', async () => {
    const ent = freshEnt();
    const good = { enterprise_id: ent, unit_id: units['执法一中队'], type: 'routine', ...win(3, 20) };
    const before_ = await total();
    const cases = [
      [{ ...good, window_from: `${NEXT}-02-30` }, 400, 'invalid', 'window_from'],
      [{ ...good, window_from: `${NEXT}/03/01` }, 400, 'invalid', 'window_from'],
      [{ ...good, window_to: `${NEXT}-03-01` }, 400, 'invalid', 'window_to'],
      [{ ...good, window_from: addDays(today(), -20), window_to: addDays(today(), -10) }, 400, 'invalid', 'window_to'],
      [{ ...good, window_to: `${NEXT + 2}-03-01` }, 400, 'invalid', 'window_to'],
      [{ ...good, type: 'visit' }, 400, 'invalid', 'type'],
      [{ ...good, officers: ['6', '8'] }, 400, 'wrong_type', 'officers'],
      [{ ...good, officers: [6.5, 8] }, 400, 'wrong_type', 'officers'],
      [{ ...good, officers: [-1, 8] }, 400, 'wrong_type', 'officers'],
      [{ ...good, officers: 6 }, 400, 'wrong_type', 'officers'],
      [{ ...good, officers: [6, 6] }, 400, 'invalid', 'officers'],
      [{ ...good, officers: [6, 999999] }, 400, 'invalid', 'officers'],
      [{ ...good, experts: [6] }, 400, 'invalid', 'experts'],
      [{ ...good, assistants: [6] }, 400, 'invalid', 'assistants'],
      [{ ...good, enterprise_id: 99999999 }, 400, 'invalid', 'enterprise_id'],
      [{ ...good, enterprise_id: '3' }, 400, 'wrong_type', 'enterprise_id'],
      [{ ...good, unit_id: 99999 }, 400, 'invalid', 'unit_id'],
      [{ ...good, join_id: 99999999 }, 400, 'invalid', 'join_id'],
      [{ ...good, color: 'red' }, 400, 'unknown_field', 'color'],
      [(({ type, ...rest }) => rest)(good), 400, 'missing_field', 'type'],
      [(({ window_to, ...rest }) => rest)(good), 400, 'missing_field', 'window_to'],
    ];
    for (const [body, status, code, field] of cases) {
      const r = await schedule('brigade', body);
      assertError(r, status, code, { field });
      assert.match(r.body.error.message, HAN);
    }
    assert.equal(await total(), before_);
    // and the good one is accepted
    assert.equal((await schedule('brigade', good)).status, 201);
  });
});
