// API tests of the enterprise ledger against the real binary: permissions
// and phone masking, the issue's "bad input" list (4xx naming the field in
// Chinese, nothing half-written), search and pagination, history and the
// as-of view, the 100,000-row import with 1% bad rows (streamed upload,
// background job, error file, second import and dry run change nothing),
// exports and templates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { startServer, Client } from '../lib/server.mjs';

const HAN = /[\u4e00-\u9fff]/;
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of a 17-character prefix. */
function usccCheck(p17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(p17[i]) * WEIGHTS[i];
  const c = 31 - (sum % 31);
  return CHARS[c === 31 ? 0 : c];
}

/** A valid credit code numbered n (distinct from the demo's). */
function uscc(n, county = '360104') {
  let org = '';
  for (let i = 0; i < 7; i++) { org = CHARS[n % 31] + org; n = Math.floor(n / 31); }
  const p17 = `91${county}TT${org}`;
  return p17 + usccCheck(p17);
}

/** The same code with its check character changed. */
function broken(code) {
  const c = code[17] === '0' ? '1' : '0';
  return code.slice(0, 17) + c;
}

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

const base = (code, extra = {}) => ({
  uscc: code, name: '测试机械有限公司', address: '洪都中大道100号', region: '360104002',
  industry: 'C3421', sector: 'trade.machinery', principal: '张三', principal_phone: '13800138000', ...extra,
});

/** Polls a job until it leaves queued/running. */
async function waitJob(c, id, onProgress) {
  for (let i = 0; i < 1200; i++) {
    const r = await c.get(`/api/v1/jobs/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (onProgress) onProgress(r.body);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('job did not finish');
}

async function upload(c, text, name, dry = false) {
  return c.req('POST', `/api/v1/enterprises/import?filename=${encodeURIComponent(name)}${dry ? '&dry_run=1' : ''}`,
    Buffer.from(text, 'utf8'), { 'x-requested-with': 'zhifa', 'content-type': 'text/csv' });
}

before(async () => { server = await startServer(); });
after(async () => { if (server) await server.stop(); });

test('permissions: who reads, who writes, who sees phones', async () => {
  const officer = await as('officer1');
  const list = await officer.get('/api/v1/enterprises?limit=3');
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 3);
  assert.ok(list.body.next_cursor);
  const id = list.body.items[0].id;
  const full = await officer.get(`/api/v1/enterprises/${id}`);
  assert.equal(full.body.phones_masked, false);
  assert.match(full.body.principal_phone, /^1\d{10}$/);
  for (const u of ['supervisor', 'legal']) {
    const r = await (await as(u)).get(`/api/v1/enterprises/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.phones_masked, true);
    assert.match(r.body.principal_phone, /^1\d\d\*{4}\d{4}$/);
    assertError(await (await as(u)).post('/api/v1/enterprises', base(uscc(1))), 403, 'forbidden');
  }
  for (const u of ['admin', 'expert1', 'dept1']) {
    assertError(await (await as(u)).get('/api/v1/enterprises'), 403, 'forbidden');
  }
  const me = await officer.get('/api/v1/me');
  assert.ok(me.body.permissions.includes('enterprise.write'));
});

test('bad input: 4xx naming the field in Chinese, nothing half-written', async () => {
  const officer = await as('officer1');
  const code = uscc(2);
  const count = async () => (await officer.get(`/api/v1/enterprises?q=${code}`)).body.items.length;
  assertError(await officer.post('/api/v1/enterprises', base(broken(code))), 400, 'invalid', 'uscc');
  assertError(await officer.post('/api/v1/enterprises', base(code, { industry: 'C9999' })), 400, 'invalid', 'industry');
  assertError(await officer.post('/api/v1/enterprises', base(code, {
    licences: [{ type: '安全生产许可证', number: 'A-1', valid_from: '2027-05-01', valid_to: '2027-04-30' }],
  })), 400, 'invalid', 'licences');
  assertError(await officer.post('/api/v1/enterprises', base(code, { lng: 115.9 })), 400, 'invalid', 'location');
  assertError(await officer.post('/api/v1/enterprises', base(code, { region: '360102002' })), 403, 'out_of_scope', 'region');
  assertError(await officer.post('/api/v1/enterprises', { ...base(code), extra: 1 }), 400, 'unknown_field', 'extra');
  assert.equal(await count(), 0);
  const created = await officer.post('/api/v1/enterprises', base(code));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assertError(await officer.post('/api/v1/enterprises', base(code, { name: '另一家' })), 409, 'conflict', 'uscc');
  // a street account editing outside its area
  const street = await as('street1');                       // 洪都街道 360104002
  const other = await officer.post('/api/v1/enterprises', base(uscc(3), { region: '360104006' }));
  assert.equal(other.status, 201);
  assertError(await street.patch(`/api/v1/enterprises/${other.body.id}`, { name: '改名' }), 403, 'out_of_scope', 'id');
  assertError(await street.get(`/api/v1/enterprises/${other.body.id}`), 403, 'out_of_scope');
  assertError(await street.patch(`/api/v1/enterprises/${created.body.id}`, { region: '360104006' }), 403, 'out_of_scope', 'region');
  assertError(await street.post('/api/v1/enterprises', base(uscc(4), { region: '360104007' })), 403, 'out_of_scope', 'region');
  const again = await officer.get(`/api/v1/enterprises/${created.body.id}`);
  assert.equal(again.body.region, '360104002');
  assert.equal(again.body.version, 1);
  // closing needs a reason, and is a change, not a delete
  assertError(await officer.patch(`/api/v1/enterprises/${created.body.id}`, { status: 'closed' }), 400, 'invalid', 'status_reason');
  const closed = await officer.patch(`/api/v1/enterprises/${created.body.id}`, { status: 'closed', status_reason: '企业已注销' });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.status, 'closed');
  assertError(await officer.req('DELETE', `/api/v1/enterprises/${created.body.id}`), 405, 'method_not_allowed');
  assertError(await officer.patch(`/api/v1/enterprises/${created.body.id}`, { name: '新名字', version: 1 }), 409, 'conflict', 'version');
});

test('search: fragments of 2 and 3+ characters, code prefix, filters, cursor pages', async () => {
  const officer = await as('officer1');
  const names = async (q) => {
    const out = [];
    let cursor = null;
    for (let i = 0; i < 100; i++) {
      const r = await officer.get(`/api/v1/enterprises?${q}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      out.push(...r.body.items);
      cursor = r.body.next_cursor;
      if (!cursor) break;
    }
    return out;
  };
  const two = await names(`q=${encodeURIComponent('机械')}`);
  assert.ok(two.length > 50);
  assert.ok(two.every((x) => x.name.includes('机械')));
  assert.equal(new Set(two.map((x) => x.id)).size, two.length);          // no row twice across pages
  // a search lists in registration order by default; by name on request
  assert.deepEqual(two.map((x) => x.id), [...two].map((x) => x.id).sort((a, b) => a - b));
  const byName = await names(`q=${encodeURIComponent('机械')}&sort=name`);
  const sorted = [...two].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  assert.deepEqual(byName.map((x) => x.id), sorted.map((x) => x.id));
  const three = await names(`q=${encodeURIComponent('机械制造')}`);
  assert.ok(three.length > 0 && three.length <= two.length);
  assert.ok(three.every((x) => x.name.includes('机械制造')));
  const one = await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('机')}`);
  assertError(one, 400, 'invalid', 'q');
  const someone = two[0];
  const byCode = await names(`q=${someone.uscc.slice(0, 12)}`);
  assert.ok(byCode.some((x) => x.id === someone.id));
  assert.ok(byCode.every((x) => x.uscc.startsWith(someone.uscc.slice(0, 12))));
  assert.deepEqual(byCode.map((x) => x.uscc), byCode.map((x) => x.uscc).sort());
  const trade = await names('sector=trade&status=active');
  assert.ok(trade.length > 100);
  assert.ok(trade.every((x) => x.sector.startsWith('trade.') && x.status === 'active'));
  const dust = await names('hazard=dust&region=360104008');
  assert.ok(dust.length > 0);
  assert.ok(dust.every((x) => x.region === '360104008' && x.hazards.some((h) => h.kind === 'dust')));
  const chem = await names('industry=C26');
  assert.ok(chem.every((x) => x.industry.startsWith('26')));
  const recent = await officer.get('/api/v1/enterprises?sort=updated&limit=5');
  const times = recent.body.items.map((x) => x.updated_at);
  assert.deepEqual(times, [...times].sort().reverse());
  assertError(await officer.get('/api/v1/enterprises?sector=coal'), 400, 'invalid', 'sector');
  assertError(await officer.get('/api/v1/enterprises?cursor=nonsense'), 400, 'invalid', 'cursor');
  assertError(await (await as('street1')).get('/api/v1/enterprises?region=360104006'), 403, 'out_of_scope', 'region');
  const streetList = await (await as('street1')).get('/api/v1/enterprises?limit=200');
  assert.ok(streetList.body.items.every((x) => x.region === '360104002'));
});

test('history lists every change; as_of rebuilds the record', async () => {
  const officer = await as('officer1');
  const c = await officer.post('/api/v1/enterprises', base(uscc(5), { name: '历史测试企业' }));
  const id = c.body.id;
  await officer.patch(`/api/v1/enterprises/${id}`, { name: '历史测试企业（改名）', employees: 42 });
  await officer.patch(`/api/v1/enterprises/${id}`, { employees: 42 });          // no change
  const h = await officer.get(`/api/v1/enterprises/${id}/history`);
  assert.equal(h.status, 200);
  assert.deepEqual(h.body.items.map((x) => x.action), ['update', 'create']);
  const upd = h.body.items[0];
  assert.equal(upd.actor, 'officer1');
  assert.deepEqual(upd.changes.find((x) => x.field === 'name'), { field: 'name', label: '企业名称', before: '历史测试企业', after: '历史测试企业（改名）' });
  const created = h.body.items[1].changes;
  assert.equal(created.find((x) => x.field === 'name').after, '历史测试企业');
  const supervisorView = await (await as('supervisor')).get(`/api/v1/enterprises/${id}/history`);
  assert.match(supervisorView.body.items[1].changes.find((x) => x.field === 'principal_phone').after, /\*{4}/);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const asOf = await officer.get(`/api/v1/enterprises/${id}?as_of=${today}`);
  assert.equal(asOf.body.name, '历史测试企业（改名）');
  assert.equal(asOf.body.as_of, today);
  assertError(await officer.get(`/api/v1/enterprises/${id}?as_of=2020-01-01`), 404, 'not_found', 'as_of');
  assertError(await officer.get(`/api/v1/enterprises/${id}?as_of=yesterday`), 400, 'invalid', 'as_of');
  const audit = await (await as('leader')).get(`/api/v1/audit?entity=enterprise&entity_id=${id}`);
  assert.deepEqual(audit.body.items.map((x) => x.action).sort(), ['enterprise.create', 'enterprise.update']);
});

test('import 100,000 rows with 1% bad: good rows in, bad rows listed; again changes nothing; dry run writes nothing', { timeout: 600000 }, async () => {
  const officer = await as('officer1');
  const towns = ['360104002', '360104006', '360104007', '360104008', '360104009', '360104100', '360104400'];
  const header = '统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话,安全风险特征\r\n';
  const lines = [];
  const bad = new Map();
  for (let i = 0; i < 100000; i++) {
    let code = uscc(100000 + i), industry = 'C3421', region = towns[i % 7];
    if (i % 100 === 37) {
      const kind = (i / 100) % 3 | 0;
      if (kind === 0) { code = broken(code); bad.set(i + 2, 'uscc'); }
      else if (kind === 1) { industry = '9999'; bad.set(i + 2, 'industry'); }
      else { region = '360102002'; bad.set(i + 2, 'region'); }
    }
    lines.push(`${code},南昌导入测试${i}号机械有限公司,青云谱区测试路${i}号,${region},${industry},机械,${i % 500},李${i % 97},1390000${String(i % 10000).padStart(4, '0')},粉尘涉爆\r\n`);
  }
  const csv = '\ufeff' + header + lines.join('');
  assert.ok(Buffer.byteLength(csv) > 10 << 20, 'ten times the JSON body limit (--max-body)');

  const histBefore = (await (await as('leader')).get('/api/v1/audit?action=enterprise.import')).body.items.length;
  const r = await upload(officer, csv, '导入测试.csv');
  assert.equal(r.status, 202, JSON.stringify(r.body));
  let sawProgress = false;
  const job = await waitJob(officer, r.body.id, (j) => { if (j.status === 'running' && j.progress.total > 0) sawProgress = true; });
  assert.equal(job.status, 'done', JSON.stringify(job));
  const res = job.result;
  assert.equal(res.rows, 100000);
  assert.equal(res.inserted, 99000);
  assert.equal(res.refused, 1000);
  assert.equal(res.errors.length, 1000);
  for (const e of res.errors) {
    assert.equal(e.field, bad.get(e.row), JSON.stringify(e));
    assert.match(e.reason, HAN);
  }
  assert.equal(job.progress.done, job.progress.total);
  assert.ok(job.error_file);
  const errFile = await officer.get(`/api/v1/jobs/${r.body.id}/errors`);
  assert.equal(errFile.status, 200);
  assert.match(errFile.headers.get('content-disposition'), /attachment/);
  const errLines = errFile.body.trim().split('\r\n');
  assert.equal(errLines.length, 1001);
  assert.match(errLines[0], /错误行号,错误原因$/);
  // another account cannot see the job
  assertError(await (await as('officer2')).get(`/api/v1/jobs/${r.body.id}`), 404, 'not_found');
  const audits = (await (await as('leader')).get('/api/v1/audit?action=enterprise.import')).body.items;
  assert.equal(audits.length, histBefore + 1);
  assert.equal(audits[0].change.inserted, 99000);
  const found = await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('导入测试12345号')}`);
  assert.equal(found.body.items.length, 1);

  // the same file again: nothing changes
  const r2 = await upload(officer, csv, '导入测试.csv');
  const job2 = await waitJob(officer, r2.body.id);
  assert.equal(job2.result.unchanged, 99000);
  assert.equal(job2.result.inserted + job2.result.updated, 0);
  assert.equal((await (await as('leader')).get('/api/v1/audit?action=enterprise.import')).body.items.length, histBefore + 1);
  const one = found.body.items[0];
  assert.equal((await officer.get(`/api/v1/enterprises/${one.id}/history`)).body.items.length, 1);

  // a dry run of changed rows reports them and writes nothing
  const changed = '\ufeff' + header + lines.slice(0, 1000).map((l) => l.replace('机械,', '建材,')).join('');
  const r3 = await upload(officer, changed, 'changed.csv', true);
  const job3 = await waitJob(officer, r3.body.id);
  assert.equal(job3.result.dry_run, true);
  assert.equal(job3.result.updated, 990);
  assert.equal((await officer.get(`/api/v1/enterprises/${one.id}/history`)).body.items.length, 1);
  const first = (await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('导入测试0号机械')}`)).body.items[0];
  assert.equal(first.sector, 'trade.machinery');
  assert.ok(sawProgress || job.progress.total > 0);
});

test('imports that cannot be read, and the upload path', async () => {
  const officer = await as('officer1');
  const noHeader = await upload(officer, 'a,b\r\n1,2\r\n', 'x.csv');
  const job = await waitJob(officer, noHeader.body.id);
  assert.equal(job.status, 'failed');
  assert.match(job.message, /缺少必需的列/);
  const xls = await officer.req('POST', '/api/v1/enterprises/import?filename=a.xls',
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), { 'x-requested-with': 'zhifa' });
  assertError(xls, 400, 'invalid', 'file');
  const empty = await officer.req('POST', '/api/v1/enterprises/import', '', { 'x-requested-with': 'zhifa' });
  assertError(empty, 400, 'invalid', 'file');
  const noMark = await officer.req('POST', '/api/v1/enterprises/import', 'a,b', { 'content-type': 'text/csv' });
  assertError(noMark, 415, 'unsupported_media_type');
  assertError(await (await as('supervisor')).req('POST', '/api/v1/enterprises/import', 'a,b',
    { 'x-requested-with': 'zhifa' }), 403, 'forbidden');
});

test('search: a full 18-character credit code, lower-case codes, ASCII brackets in names', async () => {
  const officer = await as('officer1');
  const bracketed = (await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('（南昌）')}&limit=5`)).body.items;
  assert.ok(bracketed.length > 0, 'a demo name with full-width brackets');
  const e = bracketed[0];
  const ids = async (q, extra = '') => (await officer.get(`/api/v1/enterprises?q=${encodeURIComponent(q)}${extra}`)).body.items.map((x) => x.id);
  // the whole code finds the enterprise, under every sort
  for (const sort of ['', '&sort=code', '&sort=name', '&sort=updated']) {
    assert.deepEqual(await ids(e.uscc, sort), [e.id], `full code${sort}`);
    assert.deepEqual(await ids(e.uscc.toLowerCase(), sort), [e.id], `lower-case full code${sort}`);
  }
  assert.ok((await ids(e.uscc.slice(0, 12).toLowerCase())).includes(e.id), 'lower-case prefix');
  // the export takes the same query
  const csv = await officer.get(`/api/v1/enterprises/export.csv?q=${e.uscc.toLowerCase()}`);
  assert.equal(csv.body.replace(/^\ufeff/, '').trim().split('\r\n').length, 2);
  // ASCII brackets match the ledger's full-width ones (and a full-width query still does)
  const ascii = e.name.replace(/（/g, '(').replace(/）/g, ')');
  assert.notEqual(ascii, e.name);
  assert.ok((await ids(ascii)).includes(e.id), ascii);
  assert.ok((await ids(ascii, '&sort=name')).includes(e.id), `${ascii} by name`);
  assert.ok((await ids(e.name)).includes(e.id), e.name);
  assert.ok((await ids('(南昌)')).includes(e.id) || !e.name.includes('（南昌）'));
  // a name typed with ASCII brackets is found by either form too
  const code = uscc(57);
  const created = await officer.post('/api/v1/enterprises', base(code, { name: '括号测试(江西)有限公司' }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.ok((await ids('括号测试(江西)')).includes(created.body.id));
  assert.ok((await ids('括号测试（江西）')).includes(created.body.id));
});

/** The CRC-32 of b, as zlib computes it: the gzip trailer carries it (Node 18,
 *  which a fresh Debian 12 has, lacks zlib.crc32). */
const crc32 = (b) => { const g = gzipSync(b); return g.readUInt32LE(g.length - 8); };

/** A zip archive (deflated entries) of {name: Buffer|string}. */
function zip(entries) {
  const local = [];
  const central = [];
  let off = 0;
  for (const [name, data] of Object.entries(entries)) {
    const raw = Buffer.from(data);
    const comp = deflateRawSync(raw, { level: 9 });
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc32(raw), 14); h.writeUInt32LE(comp.length, 18); h.writeUInt32LE(raw.length, 22);
    h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(raw), 16); c.writeUInt32LE(comp.length, 20); c.writeUInt32LE(raw.length, 24);
    c.writeUInt16LE(n.length, 28); c.writeUInt32LE(off, 42);
    local.push(h, n, comp);
    central.push(c, n);
    off += h.length + n.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(central.length / 2, 8); end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16);
  return Buffer.concat([...local, cd, end]);
}

test('an XLSX that inflates past the caps is refused with a Chinese message; nothing imported', async () => {
  const officer = await as('officer1');
  const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>';
  // 2,000,001 shared strings: 10 MB of XML, about 10 kB zipped
  const sst = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si/>'.repeat(2000001)}</sst>`;
  const bomb = zip({ 'xl/sharedStrings.xml': sst, 'xl/worksheets/sheet1.xml': sheet });
  assert.ok(bomb.length < 100000, String(bomb.length));
  const imports = async () => (await (await as('leader')).get('/api/v1/audit?action=enterprise.import')).body.items.length;
  const n0 = await imports();
  const r = await officer.req('POST', '/api/v1/enterprises/import?filename=bomb.xlsx', bomb, { 'x-requested-with': 'zhifa' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const job = await waitJob(officer, r.body.id);
  assert.equal(job.status, 'failed', JSON.stringify(job));
  assert.match(job.message, /共享字符串过多/);
  // an archive whose sheet says it inflates to 4 GB: refused before it is read
  const big = zip({ 'xl/worksheets/sheet1.xml': sheet });
  const at = big.indexOf(Buffer.from('PK\x01\x02', 'latin1'));
  big.writeUInt32LE(0xfffffff0, at + 24);
  const r2 = await officer.req('POST', '/api/v1/enterprises/import?filename=big.xlsx', big, { 'x-requested-with': 'zhifa' });
  assert.equal(r2.status, 202, JSON.stringify(r2.body));
  const job2 = await waitJob(officer, r2.body.id);
  assert.equal(job2.status, 'failed', JSON.stringify(job2));
  assert.match(job2.message, /文件解压后过大/);
  assert.equal(await imports(), n0);
});

test('CSV export: a cell a spreadsheet would run as a formula starts with an apostrophe', async () => {
  const officer = await as('officer1');
  const code = uscc(41);
  const created = await officer.post('/api/v1/enterprises', base(code, { name: '公式测试有限公司', principal: '@张三', address: '=HYPERLINK("http://x.example","点击")' }));
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const csv = await officer.get(`/api/v1/enterprises/export.csv?q=${encodeURIComponent('公式测试有限公司')}`);
  assert.equal(csv.status, 200);
  const row = csv.body.replace(/^\ufeff/, '').split('\r\n')[1];
  assert.ok(row.startsWith(`${code},公式测试有限公司,"'=HYPERLINK(`), row);
  assert.ok(row.includes(",'@张三,"), row);
  // the file imports back unchanged (the apostrophe is ours and dropped)
  const r = await upload(officer, csv.body, 'again.csv');
  const job = await waitJob(officer, r.body.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  const got = await officer.get(`/api/v1/enterprises/${created.body.id}`);
  assert.equal(got.body.address, '=HYPERLINK("http://x.example","点击")');
  assert.equal(got.body.principal, '@张三');
  assert.equal(got.body.version, created.body.version);
});

test('a credit-code clash names the other enterprise only to a caller who may see it (create, patch, import)', async () => {
  const officer = await as('officer1');
  const street = await as('street1');            // 洪都街道 (360104002) only
  const code = uscc(777);
  const secret = '京山街道保密测试机械有限公司';
  const theirs = await officer.post('/api/v1/enterprises', base(code, { name: secret, region: '360104006' }));
  assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  // the district officer sees the whole district: the name helps
  let r = await officer.post('/api/v1/enterprises', base(code, { name: '另一家测试机械有限公司' }));
  assertError(r, 409, 'conflict', 'uscc');
  assert.ok(r.body.error.message.includes(secret), r.body.error.message);
  // the street office: told the code is registered, never whose
  r = await street.post('/api/v1/enterprises', base(code, { name: '洪都测试机械有限公司' }));
  assertError(r, 409, 'conflict', 'uscc');
  assert.match(r.body.error.message, /已登记/);
  assert.ok(!r.body.error.message.includes(secret), r.body.error.message);
  const mine = await street.post('/api/v1/enterprises', base(uscc(778), { name: '洪都测试机械有限公司' }));
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  r = await street.patch(`/api/v1/enterprises/${mine.body.id}`, { uscc: code });
  assertError(r, 409, 'conflict', 'uscc');
  assert.ok(!r.body.error.message.includes(secret), r.body.error.message);
  const header = '统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话,安全风险特征\r\n';
  const up = await upload(street, `${header}${code},洪都导入测试机械有限公司,洪都中大道1号,360104002,C3421,机械,10,李四,13900000000,\r\n`, 'clash.csv');
  assert.equal(up.status, 202, JSON.stringify(up.body));
  const job = await waitJob(street, up.body.id);
  assert.equal(job.status, 'done', JSON.stringify(job));
  assert.equal(job.result.refused, 1, JSON.stringify(job.result));
  assert.equal(job.result.errors[0].field, 'uscc');
  assert.match(job.result.errors[0].reason, HAN);
  assert.ok(!job.result.errors[0].reason.includes(secret), job.result.errors[0].reason);
  assert.equal((await officer.get(`/api/v1/enterprises/${theirs.body.id}`)).body.name, secret);
});

test('export streams the filtered list; templates', async () => {
  const officer = await as('officer1');
  const list = [];
  let cursor = null;
  do {
    const r = await officer.get(`/api/v1/enterprises?sector=chem&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    list.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  const csv = await officer.get('/api/v1/enterprises/export.csv?sector=chem');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(csv.headers.get('transfer-encoding'), 'chunked');
  const rows = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(rows.length, list.length + 1);
  assert.match(rows[0], /^统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话,/);
  assert.equal(rows[1].split(',')[0], list[0].uscc);
  const masked = await (await as('supervisor')).get('/api/v1/enterprises/export.csv?sector=chem');
  assert.match(masked.body.split('\r\n')[1], /1\d\d\*{4}\d{4}/);
  const xlsx = await fetch(`${server.url}/api/v1/enterprises/export.xlsx?sector=chem`, { headers: { cookie: officer.cookie } });
  assert.equal(xlsx.status, 200);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
  const tx = await fetch(`${server.url}/api/v1/enterprises/template.xlsx`, { headers: { cookie: officer.cookie } });
  assert.equal(Buffer.from(await tx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const tc = await officer.get('/api/v1/enterprises/template.csv');
  assert.equal(tc.body.replace(/^\ufeff/, '').split('\r\n')[0].split(',').slice(0, 9).join(','),
    '统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话');
  const opts = await officer.get('/api/v1/enterprises/options');
  assert.ok(opts.body.sectors.some((s) => s.code === 'trade.machinery' && s.parent === 'trade'));
  const ind = await officer.get(`/api/v1/industries?q=${encodeURIComponent('机床')}`);
  assert.ok(ind.body.items.some((x) => x.code === '3421'));
});
