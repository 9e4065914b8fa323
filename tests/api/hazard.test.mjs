// Hazards API (src/hazard*.c, src/transfer.c) against the real binary:
// recording (a major one needs the judgement-standard item and notifies the
// leader), the status machine through /actions (a re-inspection before the
// order is 422 naming "date"; passed closes; failed before the deadline is
// 复查未通过 (rectifying, no 立案建议), after it overdue; a
// proposal needs a note), list filters and cursor, the timeline, 4xx naming
// fields, permissions (supervisor reads only; department sees none of the
// bureau's lists), transfers (the department account dept1 sees only the
// transfers to its unit, signs for and answers them; another unit's
// transfer is 404 to it; incoming transfers recorded, assigned, answered),
// notifications (own only, mark read) and nothing half-written; links to
// the inspection's checklist lines and catalog items (422 naming the field
// otherwise), a 不符合 result turned into a pre-linked hazard; the
// 指令书 / 复查意见书 numbers issued by the server per unit and year.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, listAll, today, addDays } from './helpers.mjs';

let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
let insp;        // an inspection in scope to record hazards on
let deptUnit;    // dept1's unit (青云谱区消防救援大队)
let otherDept;   // another department

const hazard = async (extra = {}) => {
  const r = await (await as('officer1')).post('/api/v1/hazards', {
    inspection_id: insp, description: '消防通道堵塞', place: '仓库', category: 'general',
    rectify: 'deadline', ...extra,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
};
const act = async (id, body, user = 'officer1') => (await as(user)).post(`/api/v1/hazards/${id}/actions`, body);

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  const r = await (await as('brigade')).get('/api/v1/inspections?status=scheduled&limit=200');
  insp = r.body.items[0].id;
  const units = await (await as('brigade')).get('/api/v1/units?limit=200');
  deptUnit = units.body.items.find((u) => u.name === '青云谱区消防救援大队').id;
  otherDept = units.body.items.find((u) => u.name === '区市场监管局').id;
});
after(async () => { await server.stop(); });

describe('hazards', () => {
  test('demo hazards are listed with filters and cursor', async () => {
    const c = await as('leader');
    const all = await listAll(c, '/api/v1/hazards', 3);
    assert.ok(all.length >= 11);
    for (const s of ['open', 'rectifying', 'reported', 'closed', 'overdue', 'proposed', 'transferred', 'void']) {
      assert.ok(all.some((h) => h.status === s), s);
    }
    const major = await c.get('/api/v1/hazards?category=major');
    assert.ok(major.body.items.length >= 1);
    assert.ok(major.body.items.every((h) => h.category === 'major' && h.standard_item));
    const over = await c.get('/api/v1/hazards?overdue=true');
    assert.ok(over.body.items.length >= 1 && over.body.items.every((h) => h.status === 'overdue' || h.reinspect_late));
    const byInsp = await c.get(`/api/v1/hazards?inspection_id=${all[0].inspection_id}`);
    assert.ok(byInsp.body.items.every((h) => h.inspection_id === all[0].inspection_id));
    const byEnt = await c.get(`/api/v1/hazards?enterprise_id=${all[0].enterprise_id}`);
    assert.ok(byEnt.body.items.every((h) => h.enterprise_id === all[0].enterprise_id));
    assertError(await c.get('/api/v1/hazards?status=lost'), 400, 'invalid', { field: 'status' });
    assertError(await c.get('/api/v1/hazards?category=x'), 400, 'invalid', { field: 'category' });
    assertError(await c.get('/api/v1/hazards?overdue=maybe'), 400, 'invalid', { field: 'overdue' });
    assertError(await c.get('/api/v1/hazards?enterprise_id=abc'), 400, 'invalid', { field: 'enterprise_id' });
  });

  test('the full rectification cycle with its timeline', async () => {
    const h = await hazard();
    assert.equal(h.status, 'open');
    const t = today();
    // a re-inspection before the order is refused
    assertError(await act(h.id, { action: 'reinspect', date: t, result: 'passed' }), 422, 'procedure', { field: 'date' });
    let r = await act(h.id, { action: 'order', order_date: addDays(t, -3), deadline: addDays(t, 20) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'rectifying');
    assert.ok(r.body.reinspect_due > addDays(t, 20));
    assertError(await act(h.id, { action: 'reinspect', date: addDays(t, -4), result: 'passed' }), 422, 'procedure', { field: 'date' });
    r = await act(h.id, { action: 'report', date: t, note: '已整改', evidence: [5, 6] });
    assert.equal(r.body.status, 'reported');
    assert.deepEqual(r.body.report_evidence, [5, 6]);
    // failed before the deadline: 复查未通过, waiting for the deadline — not overdue, no 立案建议
    r = await act(h.id, { action: 'reinspect', date: t, result: 'failed', note: '未整改到位' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'rectifying');
    assert.equal(r.body.status_name, '复查未通过');
    assert.equal(r.body.reinspect_failed, true);
    assert.equal(r.body.overdue, false);
    assertError(await act(h.id, { action: 'propose', note: '拒不整改，建议立案' }), 409, 'conflict', { field: 'status' });
    const over = await listAll(await as('officer1'), '/api/v1/hazards?overdue=true', 200);
    assert.ok(!over.some((x) => x.id === h.id), 'not listed as overdue');
    r = await act(h.id, { action: 'report', date: t, note: '再次整改' });
    assert.equal(r.body.status, 'reported');
    r = await act(h.id, { action: 'reinspect', date: t, result: 'passed' });
    assert.equal(r.body.status, 'closed');
    assert.equal(r.body.reinspect_failed, false);
    const d = await (await as('supervisor')).get(`/api/v1/hazards/${h.id}`);
    assert.deepEqual(d.body.events.map((e) => e.to_status), ['open', 'rectifying', 'reported', 'rectifying', 'reported', 'closed']);
    assert.equal(d.body.events[3].action, 'reinspect');
    assert.ok(d.body.events.every((e) => e.actor && e.at));
    assert.equal(d.body.events[1].actor, 'officer1');
  });

  test('past the deadline: overdue by the sweep, a failed re-inspection keeps it overdue, then 立案建议', async () => {
    const h = await hazard();
    const t = today();
    let r = await act(h.id, { action: 'order', order_date: addDays(t, -10), deadline: addDays(t, -1) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await (await as('officer1')).get(`/api/v1/hazards/${h.id}`);
    assert.equal(r.body.status, 'overdue');
    r = await act(h.id, { action: 'reinspect', date: t, result: 'failed', note: '未整改到位' });
    assert.equal(r.body.status, 'overdue');
    assert.equal(r.body.status_name, '逾期未整改');
    assertError(await act(h.id, { action: 'propose' }), 400, 'missing_field', { field: 'note' });
    r = await act(h.id, { action: 'propose', note: '拒不整改，建议立案' });
    assert.equal(r.body.status, 'proposed');
    const d = await (await as('supervisor')).get(`/api/v1/hazards/${h.id}`);
    assert.deepEqual(d.body.events.map((e) => e.to_status), ['open', 'rectifying', 'overdue', 'overdue', 'proposed']);
  });

  test('document numbers: the server numbers 指令书 and 复查意见书 per unit and year, unique, never reused', async () => {
    const t = today();
    const year = t.slice(0, 4);
    const order = (id) => act(id, { action: 'order', order_date: t, deadline: addDays(t, 20) });
    const seq = (no) => Number(no.match(/第(\d+)号$/)[1]);
    const a = await hazard();
    const b = await hazard();
    const v = await hazard();
    let r = await order(a.id);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const noA = r.body.order_no;
    assert.match(noA, new RegExp(`责改〔${year}〕第\\d+号$`));
    // a refused order (wrong status) issues no number
    assertError(await order(a.id), 409, 'conflict', { field: 'status' });
    r = await order(v.id);
    const noV = r.body.order_no;
    assert.equal(seq(noV), seq(noA) + 1);
    // voiding the hazard does not give its number back
    assert.equal((await act(v.id, { action: 'void', note: '重复登记' })).status, 200);
    r = await order(b.id);
    const noB = r.body.order_no;
    assert.equal(seq(noB), seq(noV) + 1);
    assert.equal(new Set([noA, noV, noB]).size, 3);
    assert.equal(noA.replace(/第\d+号$/, ''), noB.replace(/第\d+号$/, ''), 'one unit, one year: one sequence');
    // the number is on the detail and in the timeline
    const d = await (await as('officer1')).get(`/api/v1/hazards/${b.id}`);
    assert.equal(d.body.order_no, noB);
    assert.match(d.body.events[1].note, new RegExp(noB.replace(/[()]/g, '.')));
    // the re-inspection gets its 整改复查意见书 number from its own sequence
    r = await act(b.id, { action: 'reinspect', date: t, result: 'passed' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.reinspect_no, new RegExp(`复查〔${year}〕第\\d+号$`));
    const r2 = await act(a.id, { action: 'reinspect', date: t, result: 'failed' });
    assert.equal(seq(r2.body.reinspect_no), seq(r.body.reinspect_no) + 1);
    assert.equal(r2.body.order_no, noA, 'the order number stays');
  });

  test('links: checklist lines of the inspection and catalog items, checked, returned with names', async () => {
    const c = await as('officer1');
    const field = (await c.get(`/api/v1/inspections/${insp}/field`)).body;
    assert.ok(field.checklist.length >= 2, 'the inspection has a checklist');
    const [l1, l2] = field.checklist;
    const items = (await c.get('/api/v1/catalog/items?limit=5')).body.items;
    assert.ok(items.length >= 1, 'a catalog in force');
    const base = { inspection_id: insp, description: '安全警示标志缺失', place: '罐区', category: 'general', rectify: 'immediate' };
    const r = await c.post('/api/v1/hazards', { ...base, checklist_lines: [l1.line_id, l2.line_id, l1.line_id], catalog_items: [items[0].id] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.checklist_lines.map((l) => l.id).sort(), [l1.line_id, l2.line_id].sort());
    const got = r.body.checklist_lines.find((l) => l.id === l1.line_id);
    assert.equal(got.key_point, l1.key_point);
    assert.equal(got.content, l1.content);
    assert.deepEqual(r.body.catalog_items.map((x) => [x.id, x.code, x.name]), [[items[0].id, items[0].code, items[0].name]]);
    // the detail and the list carry them too
    const d = await c.get(`/api/v1/hazards/${r.body.id}`);
    assert.equal(d.body.checklist_lines.length, 2);
    assert.equal(d.body.catalog_items[0].name, items[0].name);
    // not the inspection's checklist / not a catalog item: 422 naming the field, nothing written
    const before = (await listAll(c, `/api/v1/hazards?inspection_id=${insp}`)).length;
    assertError(await c.post('/api/v1/hazards', { ...base, checklist_lines: [l1.line_id, 99999999] }), 422, 'procedure',
      { field: 'checklist_lines', mentions: '99999999' });
    assertError(await c.post('/api/v1/hazards', { ...base, catalog_items: [99999999] }), 422, 'procedure',
      { field: 'catalog_items', mentions: '99999999' });
    assertError(await c.post('/api/v1/hazards', { ...base, checklist_lines: ['a'] }), 400, 'wrong_type', { field: 'checklist_lines' });
    // a line of another checklist (another sector's) is not this inspection's
    const all = await listAll(await as('brigade'), '/api/v1/inspections?status=scheduled');
    let foreign = null;
    for (const other of all.slice(0, 60)) {
      const f = (await c.get(`/api/v1/inspections/${other.id}/field`)).body;
      foreign = (f.checklist || []).find((l) => !field.checklist.some((m) => m.line_id === l.line_id));
      if (foreign) break;
    }
    assert.ok(foreign, 'another sector\'s checklist line');
    assertError(await c.post('/api/v1/hazards', { ...base, checklist_lines: [foreign.line_id] }), 422, 'procedure',
      { field: 'checklist_lines', mentions: String(foreign.line_id) });
    assert.equal((await listAll(c, `/api/v1/hazards?inspection_id=${insp}`)).length, before);
    // old rows with free-text codes stay readable, with empty links
    const old = await hazard({ checklist_item: 'CK-01', catalog_item: 'C-001' });
    assert.equal(old.checklist_item, 'CK-01');
    assert.deepEqual(old.checklist_lines, []);
  });

  test('a 不符合 checklist result turned into a hazard, pre-linked', async () => {
    const b = await as('brigade');
    let found = null;
    for (const status of ['in_progress', 'reported']) {
      for (const i of (await b.get(`/api/v1/inspections?status=${status}&limit=100`)).body.items) {
        const f = (await b.get(`/api/v1/inspections/${i.id}/field`)).body;
        const line = f.checklist.find((l) => l.result && l.result.verdict === 'fail');
        const ok = f.checklist.find((l) => l.result && l.result.verdict === 'ok');
        if (line && ok) { found = { insp: i.id, line, ok }; break; }
      }
      if (found) break;
    }
    assert.ok(found, 'the demo has an open inspection with a 不符合 result');
    const r = await b.post('/api/v1/hazards', {
      inspection_id: found.insp, from_line_id: found.line.line_id, place: '现场', category: 'general', rectify: 'deadline',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.from_line_id, found.line.line_id);
    assert.deepEqual(r.body.checklist_lines.map((l) => l.id), [found.line.line_id]);
    assert.equal(r.body.checklist_lines[0].verdict, 'fail');
    assert.ok(r.body.description.startsWith(found.line.key_point), r.body.description);
    if (found.line.catalog_code) assert.deepEqual(r.body.catalog_items.map((x) => x.code), [found.line.catalog_code]);
    // a line whose result is 符合 cannot be turned into a hazard
    assertError(await b.post('/api/v1/hazards', {
      inspection_id: found.insp, from_line_id: found.ok.line_id, place: '现场', category: 'general', rectify: 'deadline',
    }), 422, 'procedure', { field: 'from_line_id' });
  });

  test('bad input names the field and writes nothing', async () => {
    const c = await as('officer1');
    const base = { inspection_id: insp, description: '隐患', place: '车间', category: 'general', rectify: 'deadline' };
    assertError(await c.post('/api/v1/hazards', { ...base, category: 'major' }), 400, 'missing_field', { field: 'standard_item' });
    assertError(await c.post('/api/v1/hazards', { ...base, category: 'big' }), 400, 'invalid', { field: 'category' });
    assertError(await c.post('/api/v1/hazards', { ...base, rectify: 'later' }), 400, 'invalid', { field: 'rectify' });
    assertError(await c.post('/api/v1/hazards', { ...base, inspection_id: 999999 }), 404, 'not_found', { field: 'inspection_id' });
    const { description, ...noDesc } = base;
    assert.ok(description);
    assertError(await c.post('/api/v1/hazards', noDesc), 400, 'missing_field', { field: 'description' });
    const before = (await listAll(c, `/api/v1/hazards?inspection_id=${insp}`)).length;
    const h = await hazard();
    const t = today();
    assertError(await act(h.id, { action: 'order', order_date: addDays(t, 1), deadline: addDays(t, 9) }), 400, 'invalid', { field: 'order_date' });
    assertError(await act(h.id, { action: 'order', order_date: t, deadline: t }), 400, 'invalid', { field: 'deadline' });
    // the number is the server's: a typed one is refused
    assertError(await act(h.id, { action: 'order', order_no: '青应急责改〔2026〕77号', order_date: t, deadline: addDays(t, 9) }),
      400, 'invalid', { field: 'order_no', mentions: '系统' });
    assertError(await act(h.id, { action: 'jump' }), 400, 'invalid', { field: 'action' });
    assertError(await act(h.id, { action: 'report', date: t }), 409, 'conflict', { field: 'status' });
    assertError(await act(h.id, { action: 'report', date: t, evidence: ['a'] }), 400, 'wrong_type', { field: 'evidence' });
    assertError(await act(h.id, { action: 'void' }), 400, 'missing_field', { field: 'note' });
    assertError(await act(999999, { action: 'void', note: '重复' }), 404, 'not_found', { field: 'id' });
    const d = await c.get(`/api/v1/hazards/${h.id}`);
    assert.equal(d.body.status, 'open');
    assert.equal(d.body.events.length, 1);
    assert.equal((await listAll(c, `/api/v1/hazards?inspection_id=${insp}`)).length, before + 1);
  });

  test('permissions', async () => {
    assertError(await (await as('supervisor')).post('/api/v1/hazards', {}), 403, 'forbidden');
    assertError(await (await as('dept1')).get('/api/v1/hazards'), 403, 'forbidden');
    assertError(await (await as('dept1')).get('/api/v1/transfers'), 403, 'forbidden');
    assertError(await (await as('officer1')).get('/api/v1/department/transfers'), 403, 'forbidden');
    assertError(await (await as('expert1')).get('/api/v1/hazards'), 403, 'forbidden');
    // a street account sees its own area only
    const street = await listAll(await as('street1'), '/api/v1/hazards');
    assert.ok(street.every((h) => h.region_path.includes('/360104002/')));
  });

  test('a major hazard notifies the leader at once; notifications are one\'s own', async () => {
    const leader = await as('leader');
    const before = (await leader.get('/api/v1/notifications')).body.unread;
    const h = await hazard({ category: 'major', standard_item: '《工贸企业重大事故隐患判定标准》第五条' });
    const r = await leader.get('/api/v1/notifications?unread=true');
    assert.equal(r.body.unread, before + 1);
    const n = r.body.items.find((x) => x.entity === 'hazard' && x.entity_id === String(h.id));
    assert.ok(n, JSON.stringify(r.body));
    assert.equal(n.kind, 'hazard.major');
    assertError(await (await as('officer1')).post(`/api/v1/notifications/${n.id}/read`, {}), 404, 'not_found', { field: 'id' });
    assert.equal((await leader.post(`/api/v1/notifications/${n.id}/read`, {})).status, 200);
    assert.equal((await leader.get('/api/v1/notifications')).body.unread, before);
    const own = (await (await as('officer1')).get('/api/v1/notifications')).body.items;
    assert.ok(!own.some((x) => x.kind === 'hazard.major'), 'officers are not told of major hazards');
  });
});

describe('transfers', () => {
  test('the department account sees only its transfers and answers them', async () => {
    const t = today();
    const h = await hazard({ description: '燃气管道私改（属燃气主管部门）' });
    const c = await as('officer1');
    assertError(await c.post('/api/v1/transfers', { direction: 'out', hazard_id: h.id, unit_id: deptUnit, doc_no: '移1', doc_date: addDays(t, 1) }), 400, 'invalid', { field: 'doc_date' });
    assertError(await c.post('/api/v1/transfers', { direction: 'out', unit_id: deptUnit, doc_no: '移1', doc_date: t }), 400, 'missing_field', { field: 'hazard_id' });
    let r = await c.post('/api/v1/transfers', { direction: 'out', hazard_id: h.id, unit_id: deptUnit, doc_no: '青应急移〔2026〕50号', doc_date: t });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const mine = r.body;
    assert.equal(mine.status, 'sent');
    assert.ok(mine.answer_due > t);
    assert.equal((await c.get(`/api/v1/hazards/${h.id}`)).body.status, 'transferred');
    // a second hazard to another department: dept1 must not see it
    const h2 = await hazard({ description: '其他部门事项' });
    r = await c.post('/api/v1/transfers', { direction: 'out', hazard_id: h2.id, unit_id: otherDept, doc_no: '移2', doc_date: t });
    const theirs = r.body;
    const dept = await as('dept1');
    const list = await listAll(dept, '/api/v1/department/transfers');
    assert.ok(list.some((x) => x.id === mine.id));
    assert.ok(list.every((x) => x.unit_id === deptUnit && x.direction === 'out'));
    assertError(await dept.post(`/api/v1/department/transfers/${theirs.id}/actions`, { action: 'receive' }), 404, 'not_found', { field: 'id' });
    assertError(await dept.post(`/api/v1/department/transfers/${mine.id}/actions`, { action: 'void', reason: '不要' }), 400, 'invalid', { field: 'action' });
    r = await dept.post(`/api/v1/department/transfers/${mine.id}/actions`, { action: 'receive' });
    assert.equal(r.body.status, 'received');
    assertError(await dept.post(`/api/v1/department/transfers/${mine.id}/actions`, { action: 'answer' }), 400, 'missing_field', { field: 'answer' });
    r = await dept.post(`/api/v1/department/transfers/${mine.id}/actions`, { action: 'answer', answer: '已受理，责令停止使用' });
    assert.equal(r.body.status, 'answered');
    assert.equal(r.body.answered_by, 'dept1');
    // dept1 was told when it was sent, officer1 when it was answered
    const dn = (await dept.get('/api/v1/notifications')).body.items;
    assert.ok(dn.some((x) => x.kind === 'transfer.sent' && x.entity_id === String(mine.id)));
    const on = (await c.get('/api/v1/notifications')).body.items;
    assert.ok(on.some((x) => x.kind === 'transfer.answered' && x.entity_id === String(mine.id)));
    // the bureau sees the answer on the hazard
    const d = await c.get(`/api/v1/hazards/${h.id}`);
    assert.equal(d.body.transfers[0].answer, '已受理，责令停止使用');
    // the bureau may not sign in the department's place
    assertError(await c.post(`/api/v1/transfers/${theirs.id}/actions`, { action: 'receive' }), 403, 'out_of_scope');
  });

  test('incoming transfers: recorded, assigned, answered', async () => {
    const c = await as('brigade');
    const t = today();
    assertError(await c.post('/api/v1/transfers', { direction: 'in', unit_id: deptUnit, doc_no: '函1', doc_date: t }), 400, 'missing_field', { field: 'matter' });
    assertError(await c.post('/api/v1/transfers', { direction: 'sideways', unit_id: deptUnit, doc_no: '函1', doc_date: t }), 400, 'invalid', { field: 'direction' });
    let r = await c.post('/api/v1/transfers', { direction: 'in', unit_id: deptUnit, matter: '某企业违规储存危化品线索', doc_no: '青发改函〔2026〕20号', doc_date: t });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'received');
    const id = r.body.id;
    const units = await c.get('/api/v1/units?limit=200');
    const squad = units.body.items.find((u) => u.name === '执法一中队').id;
    assertError(await c.post(`/api/v1/transfers/${id}/actions`, { action: 'assign', assigned_unit_id: otherDept }), 400, 'invalid', { field: 'assigned_unit_id' });
    r = await c.post(`/api/v1/transfers/${id}/actions`, { action: 'assign', assigned_unit_id: squad });
    assert.equal(r.body.assigned_unit_name, '执法一中队');
    r = await c.post(`/api/v1/transfers/${id}/actions`, { action: 'answer', answer: '已核查，责令整改' });
    assert.equal(r.body.status, 'answered');
    const ins = await listAll(c, '/api/v1/transfers?direction=in');
    assert.ok(ins.some((x) => x.id === id) && ins.every((x) => x.direction === 'in'));
    assertError(await c.get('/api/v1/transfers?status=lost'), 400, 'invalid', { field: 'status' });
    // dept1 does not see incoming transfers in its list
    const dl = await listAll(await as('dept1'), '/api/v1/department/transfers');
    assert.ok(!dl.some((x) => x.id === id));
  });
});
