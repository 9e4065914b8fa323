// Organisation API (src/org.c, src/org_power.c) against the real binary:
// units listed inside the account's scope, created / changed / voided with
// refusals naming the field (township region for streets, parent cycles,
// duplicate names, staff still in service), nothing half-written, grants
// to streets (dates, overlap, non-street units), revocation, the "may"
// answer, permissions and scope for an administrator of one street.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
const clients = {};

async function as(username, password) {
  if (!clients[username]) {
    const c = new Client(server.url);
    const orig = c.req.bind(c);
    c.req = async (...args) => {
      const r = await orig(...args);
      assert.ok(r.status < 500, `${args[0]} ${args[1]} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r;
    };
    await c.login(username, password);
    clients[username] = c;
  }
  return clients[username];
}

function assertError(r, status, code, field, mentions = []) {
  const dump = JSON.stringify(r.body);
  assert.equal(r.status, status, dump);
  assert.equal(r.body.error.code, code, dump);
  assert.match(r.body.error.message, HAN, dump);
  if (field !== undefined) assert.equal(r.body.error.field, field, dump);
  for (const m of mentions) assert.ok(r.body.error.message.includes(m), `message should mention ${m}: ${dump}`);
}

async function units(client, query = '') {
  const r = await client.get(`/api/v1/units?limit=200${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}
async function unitId(name) {
  const u = (await units(await as('admin'))).find((x) => x.name === name);
  assert.ok(u, name);
  return u.id;
}

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
});
after(async () => { if (server) await server.stop(); });

describe('units', () => {
  test('the demo tree: bureau, brigade, squads under it, seven street offices', async () => {
    const all = await units(await as('leader'));
    const byName = Object.fromEntries(all.map((u) => [u.name, u]));
    assert.equal(byName['执法一中队'].parent_name, '青云谱区应急管理综合行政执法大队');
    assert.equal(byName['青云谱区应急管理局'].short_name, '青');
    assert.equal(all.filter((u) => u.kind === 'street').length, 7);
    assert.ok(byName['执法一中队'].staff_in_service >= 6);
    const streets = await units(await as('leader'), '&kind=street');
    assert.equal(streets.length, 7);
    // a street account sees its own office only
    const mine = await units(await as('street1'));
    assert.deepEqual(mine.map((u) => u.name), ['洪都街道办事处']);
    assertError(await (await as('street1')).get(`/api/v1/units/${byName['执法一中队'].id}`), 403, 'out_of_scope', 'id');
    assertError(await (await as('leader')).get('/api/v1/units?kind=army'), 400, 'invalid', 'kind');
  });

  test('create: 201; refusals name the field; brigade may not', async () => {
    const leader = await as('leader');
    const brigade = await unitId('青云谱区应急管理综合行政执法大队');
    let r = await leader.post('/api/v1/units', { name: '执法三中队', kind: 'squad', region: '360104', parent_id: brigade, phone: '0791-85201300' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.parent_name, '青云谱区应急管理综合行政执法大队');
    r = await leader.post('/api/v1/units', { name: '执法三中队', kind: 'squad', region: '360104' });
    assertError(r, 409, 'conflict', 'name');
    r = await leader.post('/api/v1/units', { name: '新街道', kind: 'street', region: '360104' });
    assertError(r, 400, 'invalid', 'region', ['乡级']);
    r = await leader.post('/api/v1/units', { name: 'x', kind: 'squad', region: '360104', phone: 'abc-defg' });
    assertError(r, 400, 'invalid', 'phone');
    assertError(await (await as('brigade')).post('/api/v1/units', { name: 'y', kind: 'squad', region: '360104' }), 403, 'forbidden');
    assertError(await leader.post('/api/v1/units', { name: 'y', kind: 'squad' }), 400, 'missing_field', 'region');
  });

  test('patch: a parent cycle is refused; a bad field changes nothing', async () => {
    const leader = await as('leader');
    const brigade = await unitId('青云谱区应急管理综合行政执法大队');
    const squad = await unitId('执法一中队');
    assertError(await leader.patch(`/api/v1/units/${brigade}`, { parent_id: squad }), 400, 'invalid', 'parent_id');
    assertError(await leader.patch(`/api/v1/units/${squad}`, { address: '新地址', short_name: '太长太长太长太长太长' }),
      400, 'invalid', 'short_name');
    let r = await leader.get(`/api/v1/units/${squad}`);
    assert.notEqual(r.body.address, '新地址');
    r = await leader.patch(`/api/v1/units/${squad}`, { address: '井冈山大道1288号3楼' });
    assert.equal(r.status, 200);
    assert.equal(r.body.address, '井冈山大道1288号3楼');
    const audit = await (await as('admin')).get(`/api/v1/audit?entity=unit&entity_id=${squad}`);
    assert.ok(audit.body.items.some((a) => a.action === 'unit.update' && a.change.after.address === '井冈山大道1288号3楼'));
  });

  test('void: refused while staff serve; an empty unit is voided once, then frozen', async () => {
    const leader = await as('leader');
    assertError(await leader.post(`/api/v1/units/${await unitId('执法二中队')}/void`, { reason: '合并' }), 409, 'conflict', undefined, ['在岗']);
    let r = await leader.post('/api/v1/units', { name: '临时专班', kind: 'department', region: '360104' });
    const id = r.body.id;
    assertError(await leader.post(`/api/v1/units/${id}/void`, {}), 400, 'missing_field', 'reason');
    r = await leader.post(`/api/v1/units/${id}/void`, { reason: '专项工作结束' });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'voided');
    assertError(await leader.post(`/api/v1/units/${id}/void`, { reason: '再次' }), 409, 'conflict');
    assertError(await leader.patch(`/api/v1/units/${id}`, { name: '改名' }), 409, 'conflict');
    const voided = await units(leader, '&status=voided');
    assert.ok(voided.some((u) => u.id === id));
  });

  test('an administrator scoped to one street works only inside it', async () => {
    const admin = await as('admin');
    const r0 = await admin.post('/api/v1/users', {
      username: 'hongdu-admin', password: 'hongdu-pass-2026', display_name: '洪都管理员', roles: ['admin'], scope: '360104002',
    });
    assert.equal(r0.status, 201, JSON.stringify(r0.body));
    const c = new Client(server.url);
    await c.login('hongdu-admin', 'hongdu-pass-2026');
    await c.post('/api/v1/me/password', { old_password: 'hongdu-pass-2026', new_password: 'hongdu-pass-2027' });
    await c.login('hongdu-admin', 'hongdu-pass-2027');
    let r = await c.post('/api/v1/units', { name: '京山应急站', kind: 'department', region: '360104006' });
    assertError(r, 403, 'out_of_scope', 'region');
    r = await c.patch(`/api/v1/units/${await unitId('京山街道办事处')}`, { phone: '0791-88888888' });
    assertError(r, 403, 'out_of_scope', 'id');
    r = await c.post(`/api/v1/units/${await unitId('京山街道办事处')}/powers`,
      { item_code: 'X', kind: 'grant', valid_from: '2026-01-01', document: 'x' });
    assertError(r, 403, 'out_of_scope');
    r = await c.post('/api/v1/units', { name: '洪都应急站', kind: 'department', region: '360104002' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });
});

describe('powers granted to streets', () => {
  test('grant, list, overlap, dates, non-street units', async () => {
    const leader = await as('leader');
    const street = await unitId('岱山街道办事处');
    let r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'ORG-1', kind: 'entrust', valid_from: '2026-01-01', valid_to: '2025-12-31', document: '青应急〔2026〕1号' });
    assertError(r, 400, 'invalid', 'valid_to');
    r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'ORG-1', kind: 'lend', valid_from: '2026-01-01', document: '青应急〔2026〕1号' });
    assertError(r, 400, 'invalid', 'kind');
    r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'ORG-1', kind: 'entrust', valid_from: '2026-01-01', document: '青应急〔2026〕1号' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.kind_name, '委托');
    assert.equal(r.body.in_force, true);
    r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'ORG-1', kind: 'grant', valid_from: '2026-06-01', document: '青应急〔2026〕2号' });
    assertError(r, 409, 'conflict', 'item_code');
    r = await leader.post(`/api/v1/units/${await unitId('执法一中队')}/powers`,
      { item_code: 'ORG-1', kind: 'grant', valid_from: '2026-06-01', document: '青应急〔2026〕2号' });
    assertError(r, 422, 'procedure');
    r = await leader.get(`/api/v1/units/${street}`);
    assert.ok(r.body.powers.some((p) => p.item_code === 'ORG-1'));
    r = await (await as('officer1')).get(`/api/v1/units/${street}/powers`);
    assert.ok(r.body.items.some((p) => p.item_code === 'ORG-1' && p.document === '青应急〔2026〕1号'));
  });

  test('may: yes inside the grant, no outside its area, no after revocation (from its date)', async () => {
    const leader = await as('leader');
    const street = await unitId('徐家坊街道办事处');
    let r = await leader.post(`/api/v1/units/${street}/powers`,
      { item_code: 'ORG-2', kind: 'grant', valid_from: '2025-01-01', document: '青府发〔2024〕7号' });
    const pid = r.body.id;
    r = await leader.get(`/api/v1/units/${street}/may?item=ORG-2&date=2026-03-01`);
    assert.deepEqual([r.body.may, r.body.reason], [true, undefined]);
    r = await leader.get(`/api/v1/units/${street}/may?item=ORG-2&date=2026-03-01&place=360104002`);
    assert.equal(r.body.may, false);
    assert.match(r.body.reason, /辖区/);
    r = await leader.get(`/api/v1/units/${street}/may?item=ORG-3&date=2026-03-01`);
    assert.equal(r.body.may, false);
    assert.match(r.body.reason, /ORG-3/);
    assertError(await leader.post(`/api/v1/units/${street}/powers/${pid}/revoke`, { reason: '收回', date: '2026-13-01' }), 400, 'invalid', 'date');
    r = await leader.post(`/api/v1/units/${street}/powers/${pid}/revoke`, { reason: '职责调整收回', date: '2026-04-01' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.revoked_from, '2026-04-01');
    r = await leader.get(`/api/v1/units/${street}/may?item=ORG-2&date=2026-03-31`);
    assert.equal(r.body.may, true);
    r = await leader.get(`/api/v1/units/${street}/may?item=ORG-2&date=2026-04-01`);
    assert.equal(r.body.may, false);
    assert.match(r.body.reason, /撤销.*职责调整收回/);
    assertError(await leader.post(`/api/v1/units/${street}/powers/${pid}/revoke`, { reason: '再次' }), 409, 'conflict');
    assertError(await leader.post(`/api/v1/units/${street}/powers/999999/revoke`, { reason: '无' }), 404, 'not_found');
    assertError(await (await as('brigade')).post(`/api/v1/units/${street}/powers/${pid}/revoke`, { reason: 'x' }), 403, 'forbidden');
  });
});
