// Draw API (src/draw*.c) against the real binary: the wizard's preview,
// create (+freeze) with the commitment and no seed, draw creating the
// inspections and revealing the seed, the published document verified by
// `zhifa draw verify` AND by the independent JavaScript port, tampered
// documents rejected (row, seed), refusals with their numbers and nothing
// saved (ratio, count, empty pool, not enough officers), re-draw with a
// reason keeping the old draw, permissions and scope, public routes
// without login (no seed before the draw), the demo's draws.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { startServer, Client, zhifa, tempDir } from '../lib/server.mjs';
import { verifyDocument } from '../../web/src/views/draw/drawAlgo.js';

const HAN = /[\u4e00-\u9fff]/;
let server;
const clients = {};

async function as(username) {
  if (!clients[username]) {
    const c = new Client(server.url);
    const orig = c.req.bind(c);
    c.req = async (...args) => {
      const r = await orig(...args);
      assert.ok(r.status < 500, `${args[0]} ${args[1]} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r;
    };
    await c.login(username);
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

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const FROM = addDays(today(), 120);
const TO = addDays(today(), 130);
const params = (extra = {}) => ({ name: '接口测试抽查', window_from: FROM, window_to: TO, sectors: ['trade'], count: 12, ...extra });

async function drawCount() {
  const c = await as('brigade');
  const r = await c.get('/api/v1/draws?limit=200');
  return r.body.items.length;
}

function verifyFile(doc) {
  const f = join(tempDir(), 'doc.json');
  writeFileSync(f, JSON.stringify(doc));
  return zhifa(['draw', 'verify', f]);
}

before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

describe('draws', () => {
  test('the demo has a published draw and a re-draw, both public', async () => {
    const anon = new Client(server.url);
    const r = await anon.get('/api/v1/public/draws');
    assert.equal(r.status, 200);
    const statuses = r.body.items.map((d) => d.status).sort();
    assert.deepEqual(statuses, ['published', 'published', 'superseded']);
    assert.ok(r.body.items.every((d) => d.created_by === undefined && d.drawn_by === undefined));
    const re = r.body.items.find((d) => d.supersedes);
    assert.ok(re.redraw_reason.length > 2);
    const old = r.body.items.find((d) => d.id === re.supersedes);
    assert.equal(old.superseded_by, re.id);
    const brigade = await as('brigade');
    for (const d of r.body.items) {
      // the demo's windows open in a week: the drawn officers are not public yet
      assert.ok(d.window_from > today());
      const doc = (await anon.get(`/api/v1/public/draws/${d.id}/document`)).body;
      assert.equal(doc.draw.created_by, undefined);
      assert.equal(doc.people_from, d.window_from);
      assert.equal(doc.officers, undefined);
      assert.equal(doc.experts, undefined);
      assert.ok(doc.result.rows.length > 0);
      assert.ok(doc.result.rows.every((row) => row.officers === undefined && row.officer_names === undefined));
      const pub = (await anon.get(`/api/v1/public/draws/${d.id}`)).body;
      assert.equal(pub.people_from, d.window_from);
      assert.equal(pub.officers, undefined);
      assert.ok(pub.result.every((row) => row.officer_names === undefined));
      // signed in, the whole document, and it verifies
      const full = (await brigade.get(`/api/v1/draws/${d.id}/document`)).body;
      assert.equal(full.people_from, undefined);
      const certs = full.officers.rows.map((row) => row[2]).filter((x) => x);
      assert.ok(certs.length > 0);
      assert.ok(certs.every((x) => !JSON.stringify(doc).includes(x) && !JSON.stringify(pub).includes(x)), 'no certificate number');
      const v = await verifyDocument(full, webcrypto.subtle);
      assert.ok(v.ok, `${d.id}: ${v.message}`);
    }
  });

  test('public: the drawn officers are shown from the window\'s first day, and the document verifies', async () => {
    const c = await as('brigade');
    const anon = new Client(server.url);
    const cr = await c.post('/api/v1/draws', params({ name: '今日开始的抽查', window_from: today(), window_to: addDays(today(), 20), count: 3 }));
    assert.equal(cr.status, 201, JSON.stringify(cr.body));
    const run = await c.post(`/api/v1/draws/${cr.body.id}/draw`, {});
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const doc = (await anon.get(`/api/v1/public/draws/${cr.body.id}/document`)).body;
    assert.equal(doc.people_from, undefined);
    assert.ok(doc.officers.rows.length > 0);
    assert.ok(doc.result.rows.every((row) => row.officer_names.length === 2));
    const v = await verifyDocument(doc, webcrypto.subtle);
    assert.ok(v.ok, v.message);
    const pub = (await anon.get(`/api/v1/public/draws/${cr.body.id}`)).body;
    assert.ok(pub.result.every((row) => row.officer_names.length === 2));
  });

  test('preview → create (frozen, commitment, no seed) → draw → verify', async () => {
    const c = await as('brigade');
    const anon = new Client(server.url);
    const pv = await c.post('/api/v1/draws/preview', params());
    assert.equal(pv.status, 200, JSON.stringify(pv.body));
    assert.ok(pv.body.pool_size > 100);
    assert.equal(pv.body.ok, true);
    assert.equal(pv.body.needed, 24);
    assert.ok(pv.body.ineligible.some((x) => x.name === '吴涛'));   // expired certificate, with the reason
    const before = await drawCount();
    const cr = await c.post('/api/v1/draws', params({ stratify_street: true }));
    assert.equal(cr.status, 201, JSON.stringify(cr.body));
    const d = cr.body;
    assert.equal(d.status, 'frozen');
    assert.equal(d.pool_size, pv.body.pool_size);
    assert.match(d.pool_hash, /^[0-9a-f]{64}$/);
    assert.match(d.commitment, /^[0-9a-f]{64}$/);
    assert.equal(d.seed, null);
    assert.equal(await drawCount(), before + 1);
    const pubDoc = (await anon.get(`/api/v1/public/draws/${d.id}/document`)).body;
    assert.equal(pubDoc.seed, null);
    assert.equal(pubDoc.pool.hash, d.pool_hash);
    assert.equal(pubDoc.pool.rows.length, d.pool_size);
    assert.equal(verifyFile(pubDoc).status, 2);          // not verifiable before the draw

    const run = await c.post(`/api/v1/draws/${d.id}/draw`, {});
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.status, 'published');
    assert.match(run.body.seed, /^[0-9a-f]{64}$/);
    assert.match(run.body.publish_due, /^\d{4}-\d\d-\d\d$/);
    assert.ok(run.body.publish_due > TO);
    assert.equal(run.body.result.length, 12);
    for (const row of run.body.result) {
      assert.equal(row.officers.length, 2);
      assert.ok(row.inspection_id > 0);
      assert.equal(row.inspection_status, 'scheduled');
    }
    const ins = await c.get(`/api/v1/inspections?draw_id=${d.id}&limit=50`);
    assert.equal(ins.body.items.length, 12);
    assert.ok(ins.body.items.every((i) => i.type === 'random' && i.window_from === FROM));
    const again = await c.post(`/api/v1/draws/${d.id}/draw`, {});
    assertError(again, 409, 'conflict', 'status', ['重新抽取']);

    const doc = (await c.get(`/api/v1/draws/${d.id}/document?download=1`));
    assert.match(doc.headers.get('content-disposition'), /attachment/);
    const ok = verifyFile(doc.body);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^OK/);
    assert.ok((await verifyDocument(doc.body, webcrypto.subtle)).ok);
    // any changed row is rejected, naming the row
    const bad = structuredClone(doc.body);
    bad.result.rows[3].officers[1] = 424242;
    const r1 = verifyFile(bad);
    assert.equal(r1.status, 1);
    assert.match(r1.stdout, /result row 4 differs/);
    const v1 = await verifyDocument(bad, webcrypto.subtle);
    assert.equal(v1.ok, false);
    assert.equal(v1.row, 4);
    const bad2 = structuredClone(doc.body);
    bad2.result.rows[0].enterprise_id = bad2.pool.rows.find((p) => !doc.body.result.rows.some((x) => x.enterprise_id === p[0]))[0];
    assert.equal(verifyFile(bad2).status, 1);
    const bad3 = structuredClone(doc.body);
    bad3.seed = bad3.seed.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
    const r3 = verifyFile(bad3);
    assert.equal(r3.status, 1);
    assert.match(r3.stdout, /commitment/);
    assert.equal((await verifyDocument(bad3, webcrypto.subtle)).step, 'commitment');
  });

  test('refusals say which constraint and by how much; nothing saved', async () => {
    const c = await as('brigade');
    const before = await drawCount();
    assertError(await c.post('/api/v1/draws', params({ count: null, ratio: 100 })), 400, 'invalid', 'ratio', ['100%']);
    assertError(await c.post('/api/v1/draws', params({ count: null, ratio: 0 })), 400, 'invalid', 'ratio');
    assertError(await c.post('/api/v1/draws', params({ count: null, ratio: -5 })), 400, 'invalid', 'ratio');
    assertError(await c.post('/api/v1/draws', params({ count: 0 })), 400, 'invalid', 'count');
    assertError(await c.post('/api/v1/draws', params({ count: 10000000 })), 422, 'procedure', 'count', ['超过']);
    assertError(await c.post('/api/v1/draws', params({ count: 500 })), 422, 'procedure', 'count', ['需要 1000 人次', '还差']);
    assertError(await c.post('/api/v1/draws', params({ sectors: ['trade'], regions: ['360104999'] })), 400, 'invalid', 'regions');
    assertError(await c.post('/api/v1/draws', params({ hazards: ['no_such'] })), 400, 'invalid', 'hazards');
    assertError(await c.post('/api/v1/draws', params({ officers_per_enterprise: 1 })), 400, 'invalid', 'officers_per_enterprise', ['2']);
    assertError(await c.post('/api/v1/draws', params({ window_to: addDays(FROM, -1) })), 400, 'invalid', 'window_to');
    // a pool that is empty after the filters
    const empty = await c.post('/api/v1/draws', params({ sectors: ['fireworks'], hazards: ['ammonia'], regions: ['360104002'] }));
    if (empty.status !== 201) assertError(empty, 422, 'procedure', undefined, ['对象库为空']);
    else await c.post(`/api/v1/draws/${empty.body.id}/redraw`, { reason: '测试清理' });
    const ratio = await c.post('/api/v1/draws/preview', params({ count: null, ratio: 2.5 }));
    assert.equal(ratio.body.sample_size, Math.ceil(ratio.body.pool_size * 0.025));
    if (empty.status !== 201) assert.equal(await drawCount(), before);
  });

  test('re-draw: a new draw with the reason; the old one kept and superseded', async () => {
    const c = await as('brigade');
    const d = (await c.post('/api/v1/draws', params({ count: 5, sectors: ['chem'] }))).body;
    await c.post(`/api/v1/draws/${d.id}/draw`, {});
    assertError(await c.post(`/api/v1/draws/${d.id}/redraw`, {}), 400, 'missing_field', 'reason');
    const re = await c.post(`/api/v1/draws/${d.id}/redraw`, { reason: '抽查时段与专项检查冲突' });
    assert.equal(re.status, 201, JSON.stringify(re.body));
    assert.equal(re.body.supersedes, d.id);
    assert.equal(re.body.redraw_reason, '抽查时段与专项检查冲突');
    assert.equal(re.body.status, 'frozen');
    const old = (await c.get(`/api/v1/draws/${d.id}`)).body;
    assert.equal(old.status, 'superseded');
    assert.equal(old.superseded_by, re.body.id);
    assert.ok(old.result.every((row) => row.inspection_status === 'cancelled'));
    const ins = await c.get(`/api/v1/inspections?draw_id=${d.id}&status=cancelled`);
    assert.equal(ins.body.items.length, 5);
    assert.ok(ins.body.items[0].cancel_reason.includes('抽查时段与专项检查冲突'));
    assertError(await c.post(`/api/v1/draws/${d.id}/redraw`, { reason: '再次重抽' }), 409, 'conflict', 'status');
    const run = await c.post(`/api/v1/draws/${re.body.id}/draw`, {});
    assert.equal(run.status, 200);
    const audit = await (await as('admin')).get(`/api/v1/audit?entity=draw&entity_id=${d.id}`);
    if (audit.status === 200) assert.ok(JSON.stringify(audit.body).includes('draw.redraw'));
  });

  test('permissions and scope', async () => {
    const officer = await as('officer1');
    assert.equal((await officer.get('/api/v1/draws')).status, 200);
    assertError(await officer.post('/api/v1/draws', params()), 403, 'forbidden');
    const street = await as('street1');
    const list = await street.get('/api/v1/draws');
    assert.equal(list.body.items.length, 0);                       // the district's draws are outside a street's scope
    const any = (await (await as('brigade')).get('/api/v1/draws')).body.items[0];
    assertError(await street.get(`/api/v1/draws/${any.id}`), 403, 'out_of_scope', 'id');
    assertError(await street.post('/api/v1/draws', params({ unit_id: 2 })), 403, 'out_of_scope', 'unit_id');
    const anon = new Client(server.url);
    assert.equal((await anon.get('/api/v1/draws')).status, 401);
    assert.equal((await anon.get('/api/v1/public/draws/999999')).status, 404);
  });
});
