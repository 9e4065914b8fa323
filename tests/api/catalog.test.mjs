// The enforcement catalog and checklists over HTTP: the public catalog and
// checklists without login (search, filters, paging, date), signed-in reads,
// permissions (legal/brigade draft, leader publishes), a published version
// refusing edits with a Chinese reason naming the field, bad input naming
// the field and writing nothing, the draft → publish → succession journey,
// voiding, diff, and checklist links to the catalog.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
let anon;
let legal;
let leader;
let officer;
let brigade;

/** Client that asserts the server never answers 5xx. */
class ApiClient extends Client {
  async req(method, path, body, headers) {
    const r = await super.req(method, path, body, headers);
    assert.ok(r.status < 500, `${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r;
  }
}

async function signIn(username) {
  const c = new ApiClient(server.url);
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

async function auditCount() {
  const r = await leader.get('/api/v1/audit/verify');
  assert.equal(r.status, 200);
  assert.equal(r.body.ok, true);
  return r.body.entries;
}

async function listAll(client, path) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (!cursor) return { items, body: r.body };
  }
  throw new Error('paging does not end');
}

const newItem = (over = {}) => ({
  code: 'TS-CF-101',
  name: '未如实记录安全生产教育和培训情况（测试事项）',
  kind: 'penalty',
  sectors: ['industry'],
  violated_provision: '《中华人民共和国安全生产法》第二十八条第四款',
  penalty_provision: '《中华人民共和国安全生产法》第九十七条第（四）项',
  levels: ['district', 'street'],
  max_fine_org: 20000000,
  max_fine_person: 5000000,
  ...over,
});

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  anon = new ApiClient(server.url);
  [legal, leader, officer, brigade] = await Promise.all(['legal', 'leader', 'officer1', 'brigade'].map(signIn));
});
after(async () => { if (server) await server.stop(); });

describe('public catalog (no login)', () => {
  test('the catalog in force is readable without a session, paged', async () => {
    const { items, body } = await listAll(anon, '/api/v1/public/catalog');
    assert.match(body.version.name, /青云谱区应急管理综合行政执法事项指导目录（2026年版）/);
    assert.equal(body.version.status, 'published');
    assert.equal(body.version.in_force, true);
    assert.equal(body.version.created_by, undefined, 'drafter not shown publicly');
    assert.ok(items.length >= 30, `${items.length} items`);
    assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'no item twice across pages');
    for (const i of items) {
      assert.ok(i.penalty_provision.length > 2, i.code);
      if (i.kind === 'penalty') assert.ok(i.violated_provision.length > 2, i.code);
    }
  });

  test('search and filters', async () => {
    const q = await anon.get(`/api/v1/public/catalog?q=${encodeURIComponent('教育和培训')}&limit=200`);
    assert.equal(q.status, 200);
    assert.ok(q.body.items.some((i) => i.code === 'AQ-CF-007'));
    for (const i of q.body.items) assert.ok(JSON.stringify(i).includes('教育和培训'), i.code);
    const code = await anon.get('/api/v1/public/catalog?q=AQ-QZ');
    assert.ok(code.body.items.length >= 3 && code.body.items.every((i) => i.code.startsWith('AQ-QZ')));
    const kind = await anon.get(`/api/v1/public/catalog?kind=${encodeURIComponent('行政强制')}&limit=200`);
    assert.ok(kind.body.items.length >= 3 && kind.body.items.every((i) => i.kind === 'coercion'));
    const sector = await anon.get('/api/v1/public/catalog?sector=hazchem&limit=200');
    assert.ok(sector.body.items.every((i) => i.sectors.includes('hazchem') || i.sectors.includes('general')));
    assert.ok(sector.body.items.some((i) => i.code.startsWith('WH-')));
    assert.ok(!sector.body.items.some((i) => i.code.startsWith('FC-')), 'dust items are 工贸 only');
    const street = await anon.get('/api/v1/public/catalog?level=street&limit=200');
    assert.ok(street.body.items.length >= 3 && street.body.items.every((i) => i.street === true));
  });

  test('by date, and bad parameters name the parameter', async () => {
    assertError(await anon.get('/api/v1/public/catalog?date=2025-12-31'), 404, 'not_found', 'date');
    assert.equal((await anon.get('/api/v1/public/catalog?date=2026-01-01')).status, 200);
    assertError(await anon.get('/api/v1/public/catalog?date=2026-02-30'), 400, 'invalid', 'date');
    assertError(await anon.get('/api/v1/public/catalog?kind=license'), 400, 'invalid', 'kind');
    assertError(await anon.get('/api/v1/public/catalog?sector=construction'), 400, 'invalid', 'sector');
    assertError(await anon.get('/api/v1/public/catalog?limit=0'), 400, 'invalid', 'limit');
  });

  test('public checklists with must-check lines', async () => {
    const r = await anon.get('/api/v1/public/checklists?sector=industry');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    const list = r.body.items[0];
    assert.equal(list.sector, 'industry');
    assert.ok(list.items.length >= 30);
    assert.ok(list.items.some((l) => l.must_check) && list.items.some((l) => !l.must_check));
    assert.ok(list.items.some((l) => l.feature === 'dust'));
    assert.ok(list.items.every((l) => l.basis.length > 2));
    const all = await anon.get('/api/v1/public/checklists');
    assert.deepEqual(all.body.items.map((x) => x.sector).sort(), ['hazchem', 'industry']);
  });

  test('signed-in routes refuse anonymous callers', async () => {
    assertError(await anon.get('/api/v1/catalog/versions'), 401, 'unauthenticated');
    assertError(await anon.post('/api/v1/catalog/versions', { name: '匿名目录草稿', effective_from: '2031-01-01' }), 401, 'unauthenticated');
  });
});

describe('signed-in catalog', () => {
  test('any signed-in role reads versions and items', async () => {
    const v = await officer.get('/api/v1/catalog/versions');
    assert.equal(v.status, 200);
    assert.ok(v.body.items.some((x) => x.status === 'published'));
    const items = await officer.get('/api/v1/catalog/items?kind=inspection');
    assert.equal(items.status, 200);
    assert.ok(items.body.items.length >= 1);
    const one = await officer.get(`/api/v1/catalog/items/${items.body.items[0].id}`);
    assert.equal(one.body.code, items.body.items[0].code);
    assertError(await officer.get('/api/v1/catalog/items/999999'), 404, 'not_found', 'id');
    assertError(await officer.get('/api/v1/catalog/items?version=999999'), 400, 'invalid', 'version');
  });

  test('permissions: officer and leader cannot draft; legal cannot publish', async () => {
    const body = { name: '权限测试目录草稿', effective_from: '2031-01-01' };
    assertError(await officer.post('/api/v1/catalog/versions', body), 403, 'forbidden');
    assertError(await leader.post('/api/v1/catalog/versions', body), 403, 'forbidden');
    const d = await brigade.post('/api/v1/catalog/versions', body);
    assert.equal(d.status, 201);
    assertError(await legal.post(`/api/v1/catalog/versions/${d.body.id}/publish`, {}), 403, 'forbidden');
    assert.equal((await brigade.post(`/api/v1/catalog/versions/${d.body.id}/void`, { reason: '权限测试用草稿，作废' })).status, 200);
  });

  test('a published version refuses edits with a Chinese reason naming the field', async () => {
    const items = await legal.get('/api/v1/catalog/items?q=AQ-CF-007');
    const item = items.body.items[0];
    const before = await auditCount();
    const e = assertError(await legal.patch(`/api/v1/catalog/items/${item.id}`, { name: '改名' }), 409, 'conflict', 'status');
    assert.match(e.message, /已发布/);
    assertError(await legal.post(`/api/v1/catalog/versions/${item.version_id}/items`, newItem()), 409, 'conflict', 'status');
    assertError(await legal.del(`/api/v1/catalog/items/${item.id}`), 409, 'conflict', 'status');
    assertError(await legal.patch(`/api/v1/catalog/versions/${item.version_id}`, { name: '改名的目录版本' }), 409, 'conflict', 'status');
    assertError(await legal.post(`/api/v1/catalog/versions/${item.version_id}/void`, { reason: '不要了' }), 409, 'conflict', 'status');
    assert.equal((await legal.get(`/api/v1/catalog/items/${item.id}`)).body.name, item.name);
    assert.equal(await auditCount(), before, 'nothing written');
  });

  test('bad input names the field and writes nothing', async () => {
    const d = await legal.post('/api/v1/catalog/versions', { name: '坏输入测试目录草稿', effective_from: '2031-01-01' });
    assert.equal(d.status, 201);
    const id = d.body.id;
    const before = await auditCount();
    const { code: _c, ...noCode } = newItem();
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, noCode), 400, 'missing_field', 'code');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ code: 'bad code' })), 400, 'invalid', 'code');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ kind: '行政许可' })), 400, 'invalid', 'kind');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ sectors: 'industry' })), 400, 'wrong_type', 'sectors');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ sectors: ['建筑'] })), 400, 'invalid', 'sectors');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ levels: ['province'] })), 400, 'invalid', 'levels');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ violated_provision: '' })), 400, 'invalid', 'violated_provision');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ max_fine_org: -1 })), 400, 'invalid', 'max_fine_org');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ kind: 'inspection' })), 400, 'invalid', 'max_fine_org');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem({ colour: 'red' })), 400, 'unknown_field', 'colour');
    assertError(await legal.post('/api/v1/catalog/versions', { name: '日期颠倒的目录草稿', effective_from: '2031-02-01', effective_to: '2031-01-01' }), 400, 'invalid', 'effective_to');
    assertError(await legal.post('/api/v1/catalog/versions', { name: '日期错误的目录草稿', effective_from: '2031/01/01' }), 400, 'invalid', 'effective_from');
    assertError(await legal.post('/api/v1/catalog/versions', { name: '底稿不存在', effective_from: '2031-01-01', copy_from: 99999 }), 400, 'invalid', 'copy_from');
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/void`, {}), 400, 'missing_field', 'reason');
    assert.equal(await auditCount(), before, 'nothing written by refused requests');
    const items = await legal.get(`/api/v1/catalog/items?version=${id}`);
    assert.equal(items.body.items.length, 0);
    const ok = await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem());
    assert.equal(ok.status, 201);
    assertError(await legal.post(`/api/v1/catalog/versions/${id}/items`, newItem()), 409, 'conflict', 'code');
    await legal.post(`/api/v1/catalog/versions/${id}/void`, { reason: '测试完毕，作废' });
  });

  test('draft → edit → diff → publish by the leader → succession by date; void', async () => {
    const current = (await legal.get('/api/v1/catalog/versions?status=published')).body.items.find((v) => v.in_force);
    const d = await legal.post('/api/v1/catalog/versions', {
      name: '青云谱区应急管理综合行政执法事项指导目录（2031年版）', effective_from: '2031-01-01', copy_from: current.id,
    });
    assert.equal(d.status, 201, JSON.stringify(d.body));
    assert.equal(d.body.status, 'draft');
    assert.equal(d.body.based_on, current.id);
    assert.equal(d.body.item_count, current.item_count);
    const added = await legal.post(`/api/v1/catalog/versions/${d.body.id}/items`, newItem({ code: 'TS-CF-201' }));
    assert.equal(added.status, 201);
    const patched = await legal.patch(`/api/v1/catalog/items/${added.body.id}`, { notes: '新增事项（测试）', benchmark_code: 'AQF-097-4' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.benchmark_code, 'AQF-097-4');
    assert.equal(patched.body.name, newItem().name, 'untouched fields kept');
    const old = (await legal.get(`/api/v1/catalog/items?version=${d.body.id}&q=AQ-CF-018`)).body.items[0];
    assert.equal((await legal.del(`/api/v1/catalog/items/${old.id}`)).status, 204);
    const diff = await officer.get(`/api/v1/catalog/versions/${d.body.id}/diff`);
    assert.equal(diff.status, 200);
    assert.deepEqual(diff.body.added.map((i) => i.code), ['TS-CF-201']);
    assert.deepEqual(diff.body.removed.map((i) => i.code), ['AQ-CF-018']);
    assert.equal(diff.body.changed.length, 0);
    const pub = await leader.post(`/api/v1/catalog/versions/${d.body.id}/publish`, {});
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.status, 'published');
    assert.equal(pub.body.published_by, 'leader');
    const prev = await officer.get(`/api/v1/catalog/versions/${current.id}`);
    assert.equal(prev.body.effective_to, '2030-12-31');
    assert.equal(prev.body.superseded_by, d.body.id);
    const later = await anon.get('/api/v1/public/catalog?date=2031-01-02&q=TS-CF-201');
    assert.equal(later.body.version.id, d.body.id);
    assert.equal(later.body.items.length, 1);
    const now = await anon.get('/api/v1/public/catalog?q=TS-CF-201');
    assert.equal(now.body.version.id, current.id);
    assert.equal(now.body.items.length, 0);
    assertError(await leader.post(`/api/v1/catalog/versions/${d.body.id}/publish`, {}), 409, 'conflict', 'status');
    // an earlier start than the published 2031 version is refused at publication
    const early = await legal.post('/api/v1/catalog/versions', { name: '更早生效的目录草稿', effective_from: '2030-06-01', copy_from: current.id });
    assertError(await leader.post(`/api/v1/catalog/versions/${early.body.id}/publish`, {}), 409, 'conflict', 'effective_from');
    const voided = await legal.post(`/api/v1/catalog/versions/${early.body.id}/void`, { reason: '生效日期早于已发布版本，作废' });
    assert.equal(voided.body.status, 'void');
    assert.equal(voided.body.void_reason, '生效日期早于已发布版本，作废');
    assertError(await legal.patch(`/api/v1/catalog/versions/${early.body.id}`, { notes: 'x' }), 409, 'conflict', 'status');
    const audit = await leader.get(`/api/v1/audit?entity=catalog_version&entity_id=${d.body.id}`);
    assert.ok(audit.body.items.some((a) => a.action === 'catalog.version.publish'));
  });
});

describe('checklists', () => {
  test('current lines by sector and features, must-check only', async () => {
    const r = await officer.get('/api/v1/checklists/current?sector=industry&features=dust');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.some((l) => l.feature === 'dust'));
    assert.ok(!r.body.items.some((l) => l.feature === 'confined_space'));
    const must = await officer.get('/api/v1/checklists/current?sector=hazchem&must=true');
    assert.ok(must.body.items.length > 5 && must.body.items.every((l) => l.must_check));
    assertError(await officer.get('/api/v1/checklists/current'), 400, 'missing_field', 'sector');
    assertError(await officer.get('/api/v1/checklists/current?sector=mining'), 404, 'not_found', 'sector');
    assertError(await officer.get('/api/v1/checklists/current?sector=industry&features=lava'), 400, 'invalid', 'features');
  });

  test('draft, link validation, publish by the leader', async () => {
    const d = await brigade.post('/api/v1/checklists/versions', {
      sector: 'hazchem', name: '危险化学品企业安全生产执法检查表（2031年版）', effective_from: '2031-01-01',
    });
    assert.equal(d.status, 201, JSON.stringify(d.body));
    const line = { section: '安全管理', key_point: '教育培训档案', content: '培训档案如实记录时间、内容、参加人员和考核结果', basis: '《中华人民共和国安全生产法》第二十八条', must_check: true };
    const before = await auditCount();
    assertError(await brigade.post(`/api/v1/checklists/versions/${d.body.id}/items`, { ...line, catalog_code: 'ZZ-NONE-001' }), 400, 'invalid', 'catalog_code');
    assertError(await brigade.post(`/api/v1/checklists/versions/${d.body.id}/items`, { ...line, basis: '' }), 400, 'invalid', 'basis');
    assertError(await brigade.post(`/api/v1/checklists/versions/${d.body.id}/items`, { ...line, feature: 'lava' }), 400, 'invalid', 'feature');
    assert.equal(await auditCount(), before);
    const ok = await brigade.post(`/api/v1/checklists/versions/${d.body.id}/items`, { ...line, catalog_code: 'AQ-CF-007' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.must_check, true);
    const p = await brigade.patch(`/api/v1/checklists/items/${ok.body.id}`, { must_check: false });
    assert.equal(p.body.must_check, false);
    assertError(await brigade.post(`/api/v1/checklists/versions/${d.body.id}/publish`, {}), 403, 'forbidden');
    const pub = await leader.post(`/api/v1/checklists/versions/${d.body.id}/publish`, {});
    assert.equal(pub.status, 200, JSON.stringify(pub.body));
    assert.equal(pub.body.items.length, 1);
    assertError(await brigade.patch(`/api/v1/checklists/items/${ok.body.id}`, { must_check: true }), 409, 'conflict', 'status');
    const pubList = await anon.get('/api/v1/public/checklists?sector=hazchem&date=2031-02-01');
    assert.equal(pubList.body.items[0].id, d.body.id);
    const list = await officer.get('/api/v1/checklists/versions?sector=hazchem');
    assert.ok(list.body.items.length >= 2);
    assert.ok(list.body.items.every((v) => v.sector === 'hazchem'));
  });
});
