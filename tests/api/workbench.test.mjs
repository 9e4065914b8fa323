// The 工作台 counts (src/workbench.c, GET /api/v1/workbench) against the real
// binary: sections follow permissions (a department account gets only its
// notifications), each count equals what the list it links to shows, an
// inspection under way whose window ended more than inspection.report_hours
// ago counts as 逾期未报告 until reported, then as 逾期填报 (past windows are
// written into the row with the sqlite3 CLI: the API schedules none); a covert
// inspection is counted only for those who may see it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, listAll, sqlite, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const wb = async (u) => {
  const r = await (await as(u)).get('/api/v1/workbench');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

let unit1;
let ents = [];
const officers = [];

/** Schedules an inspection of a fresh enterprise in [from, to]; a window
** in the past (which the API refuses to schedule) is written back into the
** row afterwards, as if it had been scheduled back then. */
async function schedule(type, from, to) {
  if (to < today()) {
    const x = await schedule(type, today(), today());
    const r = sqlite(server.db, `UPDATE inspection SET window_from='${from}', window_to='${to}' WHERE id=${x.id}`);
    assert.equal(r.status, 0, r.stderr);
    return x;
  }
  for (;;) {
    const ent = ents.shift();
    assert.ok(ent, 'out of enterprises');
    const r = await (await as('brigade')).post('/api/v1/inspections', {
      enterprise_id: ent.id, unit_id: unit1, type, window_from: from, window_to: to, officers,
    });
    if (r.status === 201) return r.body;
    assert.equal(r.status, 409, JSON.stringify(r.body));
  }
}

async function act(id, what, body, u = 'officer1') {
  const f = await (await as(u)).get(`/api/v1/inspections/${id}/field`);
  return (await as(u)).post(`/api/v1/inspections/${id}/${what}`, { version: f.body.version, ...body });
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const u = await (await as('admin')).get('/api/v1/units?limit=200');
  unit1 = u.body.items.find((x) => x.name === '执法一中队').id;
  for (const n of ['李明', '刘芳']) {
    const r = await (await as('brigade')).get(`/api/v1/staff?q=${encodeURIComponent(n)}`);
    officers.push(r.body.items.find((x) => x.name === n).id);
  }
  const all = await listAll(await as('brigade'), '/api/v1/enterprises?status=active');
  ents = all.filter((e) => e.sector === 'chem' && e.id > 12);
  assert.ok(ents.length > 5);
});
after(async () => { if (server) await server.stop(); });

describe('workbench', () => {
  test('sections follow permissions; a department account sees only its notifications', async () => {
    const d = await wb('dept1');
    assert.equal(d.inspections, undefined);
    assert.equal(d.hazards, undefined);
    assert.equal(typeof d.notifications_unread, 'number');
    const o = await wb('officer1');
    assert.match(o.today, /^\d{4}-\d\d-\d\d$/);
    assert.equal(o.inspections.report_hours, 48);
    for (const k of ['mine_today', 'mine_in_progress', 'report_overdue', 'reported_late_this_year', 'missing_recording']) {
      assert.equal(typeof o.inspections[k], 'number', k);
    }
    for (const k of ['late', 'report_overdue']) {
      const r = await (await as('leader')).get(`/api/v1/inspections?${k}=yes`);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.field, k);
    }
    const nologin = await fetch(`${server.url}/api/v1/workbench`);
    assert.equal(nologin.status, 401);
  });

  test('hazard and transfer counts equal the lists they link to', async () => {
    const c = await as('leader');
    const h = (await wb('leader')).hazards;
    const overdue = await listAll(c, '/api/v1/hazards?overdue=true');
    assert.equal(h.overdue, overdue.length);
    const major = (await listAll(c, '/api/v1/hazards?category=major'))
      .filter((x) => ['open', 'rectifying', 'reported', 'overdue'].includes(x.status));
    assert.equal(h.major_open, major.length);
    assert.equal(h.awaiting_reinspection, (await listAll(c, '/api/v1/hazards?status=reported')).length);
    const tOver = (await listAll(c, '/api/v1/transfers?overdue=true')).filter((x) => x.direction === 'out');
    assert.equal(h.transfers_overdue, tOver.length);
    // for an officer too (the lists leave out what the covert rule hides)
    for (const u of ['officer2', 'street1']) {
      const w = await wb(u);
      if (!w.hazards) continue;
      const open = (await listAll(await as(u), '/api/v1/hazards'))
        .filter((x) => ['open', 'rectifying', 'reported', 'overdue'].includes(x.status));
      assert.equal(w.hazards.open, open.length, u);
    }
    const unread = await c.get('/api/v1/notifications?unread=true');
    assert.equal((await wb('leader')).notifications_unread, unread.body.unread);
  });

  test('my inspections today, under way; missing recording equals the missing list', async () => {
    const before = (await wb('officer1')).inspections;
    const ins = await schedule('routine', today(), today());
    let now = (await wb('officer1')).inspections;
    assert.equal(now.mine_today, before.mine_today + 1);
    const st = await act(ins.id, 'start', {});
    assert.equal(st.status, 200, JSON.stringify(st.body));
    now = (await wb('officer1')).inspections;
    assert.equal(now.mine_in_progress, before.mine_in_progress + 1);
    assert.equal(now.missing_recording, before.missing_recording + 1, 'under way without an on-site recording');
    const missing = await listAll(await as('officer1'), `/api/v1/av-records/missing?from=${now.year_from}`);
    assert.equal(now.missing_recording, missing.length);
  });

  test('results overdue until reported, then reported late this year', async () => {
    const before = (await wb('leader')).inspections;
    const ins = await schedule('routine', addDays(today(), -6), addDays(today(), -4));
    const t0 = Date.now() - 5 * 86400e3;
    assert.equal((await act(ins.id, 'start', { actual_start: iso(t0) })).status, 200);
    let now = (await wb('leader')).inspections;
    assert.equal(now.report_overdue, before.report_overdue + 1);
    // the list the count links to shows exactly those rows
    let rows = await listAll(await as('leader'), '/api/v1/inspections?report_overdue=true');
    assert.equal(rows.length, now.report_overdue);
    assert.ok(rows.some((x) => x.id === ins.id));
    assert.ok(rows.every((x) => x.status === 'in_progress' && x.window_to < addDays(today(), -1)));
    assert.equal(now.reported_late_this_year, before.reported_late_this_year);
    // a window that ended yesterday is not overdue yet (48 hours from its end)
    const fresh = await schedule('routine', addDays(today(), -1), addDays(today(), -1));
    assert.equal((await act(fresh.id, 'start', { actual_start: iso(Date.now() - 86400e3) })).status, 200);
    assert.equal((await wb('leader')).inspections.report_overdue, now.report_overdue);
    // report it late
    for (const [i, step] of ['notice', 'check', 'feedback'].entries()) {
      assert.equal((await act(ins.id, 'steps', { step, at: iso(t0 + (i + 1) * 600e3) })).status, 200);
    }
    assert.equal((await act(ins.id, 'attendance', { principal_present: true, principal_name: '王总',
      safety_manager_present: true, safety_manager_name: '李工', operators_present: true, operators_names: '赵师傅' })).status, 200);
    const f = await (await as('officer1')).get(`/api/v1/inspections/${ins.id}/field`);
    const items = f.body.checklist.map((l) => ({ line_id: l.line_id, verdict: 'ok', note: '' }));
    assert.equal((await act(ins.id, 'results', { items })).status, 200);
    const r = await act(ins.id, 'report', { actual_end: iso(t0 + 3600e3), late_reason: '外勤连续，延后录入' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    now = (await wb('leader')).inspections;
    assert.equal(now.report_overdue, before.report_overdue);
    assert.equal(now.reported_late_this_year, before.reported_late_this_year + 1);
    rows = await listAll(await as('leader'), `/api/v1/inspections?late=true&from=${today().slice(0, 4)}-01-01`);
    assert.equal(rows.length, now.reported_late_this_year);
    assert.ok(rows.every((x) => x.report_late === true));
    assert.ok(!(await listAll(await as('leader'), '/api/v1/inspections?report_overdue=true')).some((x) => x.id === ins.id));
  });

  test('a covert inspection is counted only for those who may see it', async () => {
    const o2 = (await wb('officer2')).inspections;
    const l = (await wb('leader')).inspections;
    const ins = await schedule('covert', addDays(today(), -6), addDays(today(), -4));
    assert.equal((await act(ins.id, 'start', { actual_start: iso(Date.now() - 5 * 86400e3) })).status, 200);
    assert.equal((await wb('leader')).inspections.report_overdue, l.report_overdue + 1, 'leaders see covert ones');
    assert.equal((await wb('officer2')).inspections.report_overdue, o2.report_overdue, 'others do not');
    assert.equal((await wb('officer2')).inspections.missing_recording, o2.missing_recording);
    const seen = await listAll(await as('officer2'), '/api/v1/inspections?report_overdue=true');
    assert.ok(!seen.some((x) => x.id === ins.id), 'nor listed');
    assert.equal(seen.length, o2.report_overdue);
  });
});
