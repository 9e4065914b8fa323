// Evidence API (src/evidence*.c, issue 5 item 5): a 50 MB upload streamed
// to disk arrives with the right SHA-256 while the server's peak memory
// grows by less than 20 MB, and plays back byte for byte;
// identical content is stored once; 413 over the cap (--evidence-max-bytes:
// drained below 64 MB, refused by Content-Length up front beyond); 415 for
// a type that is not a photo, audio, video or scan; an upload cut off mid-
// body leaves no file and no row; range requests (206, Content-Range, 416);
// scope (a street account cannot upload to or read evidence of another
// area) and permission (an expert cannot upload); void with a reason;
// audio-video records and the missing-recording list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { signIn, assertError, sleep } from './helpers.mjs';

const CAP = 60 * 1024 * 1024;
let server;
const clients = {};
const as = async (u) => (clients[u] ||= await signIn(server.url, u));
const UP = { 'x-requested-with': 'zhifa', 'content-type': 'application/octet-stream', 'x-device': 'DSJ-TEST-01' };
let inHongdu, outside;   // inspection ids inside / outside street1's area
let mine;                // a scheduled inspection with officer1 among its officers

/** Every file under dir (recursively). */
function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...files(p)); else out.push(p);
  }
  return out;
}

/** A JPEG-looking buffer of n random bytes. */
function jpeg(n) {
  const b = randomBytes(n);
  b[0] = 0xff; b[1] = 0xd8; b[2] = 0xff; b[3] = 0xe0;
  return b;
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

/** Sends raw HTTP on a socket; resolves to what came back when it closes or after ms. */
function raw(head, body, { ms = 3000, destroyAfterBody = false } = {}) {
  return new Promise((res) => {
    const s = net.connect(server.port, '127.0.0.1');
    let got = '';
    const done = () => { s.destroy(); res(got); };
    s.on('data', (d) => { got += d.toString('latin1'); });
    s.on('error', () => done());
    s.on('close', () => res(got));
    s.on('connect', () => {
      s.write(head);
      if (body) s.write(body);
      if (destroyAfterBody) setTimeout(done, 100);
      else setTimeout(done, ms);
    });
  });
}

before(async () => {
  server = await startServer({ args: ['--evidence-max-bytes', String(CAP)] });
  const street = (await (await as('street1')).get('/api/v1/inspections?limit=200')).body.items.map((i) => i.id);
  const all = (await (await as('officer1')).get('/api/v1/inspections?limit=200')).body.items.map((i) => i.id);
  inHongdu = street[0];
  outside = all.find((id) => !street.includes(id));
  assert.ok(inHongdu && outside, 'demo has inspections inside and outside 洪都街道');
  mine = (await (await as('officer1')).get('/api/v1/inspections?mine=true&limit=200')).body.items
    .find((i) => i.status === 'scheduled')?.id;
  assert.ok(mine, 'officer1 has a scheduled inspection');
});
after(async () => { await server?.stop(); });

test('a 50 MB upload arrives with the right hash and plays back byte for byte; dedupe', async () => {
  const officer = await as('officer1');
  const body = jpeg(50 * 1024 * 1024);
  // the server's peak resident memory, reset just before (Linux clear_refs 5)
  const status = () => readFileSync(`/proc/${server.proc.pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status())[1]);
  let resetOk = true;
  try { writeFileSync(`/proc/${server.proc.pid}/clear_refs`, '5'); } catch { resetOk = false; }
  const rss0 = kb('VmRSS');
  const r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}&name=${encodeURIComponent('现场.jpg')}`, body, UP);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.sha256, sha(body));
  assert.equal(r.body.size, body.length);
  assert.equal(r.body.mime, 'image/jpeg');
  assert.equal(r.body.media, 'photo');
  assert.equal(r.body.name, '现场.jpg');
  assert.equal(r.body.device, 'DSJ-TEST-01');
  assert.equal(r.body.uploaded_by, 'officer1');
  assert.equal(r.body.capture_time, null);
  if (resetOk) {
    const extraMb = (kb('VmHWM') - rss0) / 1024;
    assert.ok(extraMb < 20, `the server grew by ${extraMb.toFixed(1)} MB receiving 50 MB`);
  }
  const stored = `${server.db}.files/evidence/${r.body.sha256.slice(0, 2)}/${r.body.sha256.slice(2, 4)}/${r.body.sha256}`;
  assert.ok(existsSync(stored));
  const dl = await fetch(`${server.url}${r.body.content_url}`, { headers: { cookie: officer.cookie } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('accept-ranges'), 'bytes');
  assert.equal(dl.headers.get('content-type'), 'image/jpeg');
  assert.equal(sha(Buffer.from(await dl.arrayBuffer())), r.body.sha256);
  const fix = await officer.get(`/api/v1/evidence/${r.body.id}/verify`);
  assert.deepEqual(fix.body, { id: r.body.id, sha256: r.body.sha256, actual: r.body.sha256, ok: true });
  // the same bytes for another record: a second row, one stored file
  const before = files(`${server.db}.files/evidence`).length;
  const r2 = await officer.post(`/api/v1/evidence?link_kind=hazard&link_id=5`, body, UP);
  assert.equal(r2.status, 201);
  assert.equal(r2.body.sha256, r.body.sha256);
  assert.notEqual(r2.body.id, r.body.id);
  assert.equal(files(`${server.db}.files/evidence`).length, before);
  assert.deepEqual(files(`${server.db}.files/uploads`), []);
});

test('range requests: 206 with Content-Range, suffix, 416, several ranges give 200', async () => {
  const officer = await as('officer1');
  const body = jpeg(10000);
  const up = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, body, UP);
  assert.equal(up.status, 201);
  const get = (range) => fetch(`${server.url}${up.body.content_url}`, { headers: { cookie: officer.cookie, range } });
  let r = await get('bytes=100-199');
  assert.equal(r.status, 206);
  assert.equal(r.headers.get('content-range'), 'bytes 100-199/10000');
  assert.equal(r.headers.get('content-length'), '100');
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), body.subarray(100, 200));
  r = await get('bytes=9990-');
  assert.equal(r.status, 206);
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), body.subarray(9990));
  r = await get('bytes=-16');
  assert.equal(r.headers.get('content-range'), 'bytes 9984-9999/10000');
  assert.deepEqual(Buffer.from(await r.arrayBuffer()), body.subarray(9984));
  r = await get('bytes=9000-20000');
  assert.equal(r.headers.get('content-range'), 'bytes 9000-9999/10000');
  r = await get('bytes=10000-');
  assert.equal(r.status, 416);
  assert.equal(r.headers.get('content-range'), 'bytes */10000');
  await r.text();
  r = await get('bytes=0-1,5-6');
  assert.equal(r.status, 200);
  assert.equal((await r.arrayBuffer()).byteLength, 10000);
  const head = await fetch(`${server.url}${up.body.content_url}`, { method: 'HEAD', headers: { cookie: officer.cookie } });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), '10000');
});

test('413 over the cap: drained below 64 MB, refused by Content-Length up front beyond', async () => {
  const officer = await as('officer1');
  const n0 = (await officer.get('/api/v1/evidence?limit=200')).body.items.length;
  const r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, jpeg(CAP + 1024), UP);
  assertError(r, 413, 'too_large', { field: 'file' });
  // 100 MB announced, a few bytes sent: the answer comes before the body
  const t0 = Date.now();
  const got = await raw(`POST /api/v1/evidence?link_kind=inspection&link_id=${inHongdu} HTTP/1.1\r\nHost: 127.0.0.1\r\n`
    + `Cookie: ${officer.cookie}\r\nX-Requested-With: zhifa\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`, jpeg(1000), { ms: 2000 });
  assert.match(got, /^HTTP\/1\.1 413/);
  assert.ok(Date.now() - t0 < 2500);
  assert.equal((await officer.get('/api/v1/evidence?limit=200')).body.items.length, n0);
  assert.deepEqual(files(`${server.db}.files/uploads`), []);
});

test('415 for a type that is not evidence, naming the field', async () => {
  const officer = await as('officer1');
  let r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, Buffer.from('<html>hello</html>'), UP);
  assertError(r, 415, 'unsupported_media_type', { field: 'file' });
  r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, Buffer.from('PK\x03\x04zip'), UP);
  assertError(r, 415, 'unsupported_media_type', { field: 'file' });
  r = await officer.post(`/api/v1/evidence?link_kind=meeting&link_id=1`, jpeg(100), UP);
  assertError(r, 400, 'invalid', { field: 'link_kind' });
  r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=99999999`, jpeg(100), UP);
  assertError(r, 404, 'not_found', { field: 'link_id' });
  r = await officer.post(`/api/v1/evidence?link_kind=inspection`, jpeg(100), UP);
  assert.equal(r.status, 400);
  // without X-Requested-With a raw body is refused (CSRF rule)
  r = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, jpeg(100), { 'content-type': 'image/jpeg' });
  assert.equal(r.status, 415);
  assert.deepEqual(files(`${server.db}.files/uploads`), []);
});

test('an upload cut off mid-body leaves no file and no row', async () => {
  const officer = await as('officer1');
  const n0 = (await officer.get('/api/v1/evidence?limit=200')).body.items.length;
  const stored0 = files(`${server.db}.files/evidence`).length;
  await raw(`POST /api/v1/evidence?link_kind=inspection&link_id=${inHongdu} HTTP/1.1\r\nHost: 127.0.0.1\r\n`
    + `Cookie: ${officer.cookie}\r\nX-Requested-With: zhifa\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`,
  jpeg(4 * 1024 * 1024), { destroyAfterBody: true });
  await sleep(500);
  assert.deepEqual(files(`${server.db}.files/uploads`), []);
  assert.equal(files(`${server.db}.files/evidence`).length, stored0);
  assert.equal((await officer.get('/api/v1/evidence?limit=200')).body.items.length, n0);
});

test('scope and permission: street1 cannot upload to or read another area; an expert cannot upload', async () => {
  const officer = await as('officer1');
  const street = await as('street1');
  const up = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${outside}`, jpeg(500), UP);
  assert.equal(up.status, 201);
  let r = await street.post(`/api/v1/evidence?link_kind=inspection&link_id=${outside}`, jpeg(500), UP);
  assertError(r, 403, 'out_of_scope', { field: 'link_id' });
  r = await street.get(`/api/v1/evidence/${up.body.id}`);
  assertError(r, 403, 'out_of_scope', { field: 'id' });
  const dl = await fetch(`${server.url}${up.body.content_url}`, { headers: { cookie: street.cookie } });
  assert.equal(dl.status, 403);
  const list = (await street.get(`/api/v1/evidence?link_kind=inspection&link_id=${outside}`)).body.items;
  assert.deepEqual(list, []);
  r = await street.post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, jpeg(500), UP);
  assert.equal(r.status, 201);
  assert.equal((await street.get(`/api/v1/evidence/${r.body.id}`)).status, 200);
  r = await (await as('expert1')).post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, jpeg(500), UP);
  assertError(r, 403, 'forbidden');
  const anon = await fetch(`${server.url}${up.body.content_url}`);
  assert.equal(anon.status, 401);
});

/** Announces a 10 MB upload, sends its first 1000 bytes and, the connection
 *  still open, returns what came back within ms and the upload files then. */
function announce(headers, ms = 800) {
  return new Promise((res) => {
    const s = net.connect(server.port, '127.0.0.1');
    let got = '';
    s.on('data', (d) => { got += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('connect', () => {
      s.write(`POST /api/v1/evidence?link_kind=inspection&link_id=${inHongdu} HTTP/1.1\r\nHost: 127.0.0.1\r\n`
        + `${headers}X-Requested-With: zhifa\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`);
      s.write(jpeg(1000));
      setTimeout(() => { const left = files(`${server.db}.files/uploads`); s.destroy(); res({ got, left }); }, ms);
    });
  });
}

test('uploads: session and permission checked on the headers, answered at once, nothing written', async () => {
  const n0 = files(`${server.db}.files/evidence`).length;
  // signed out: 401 before the body; no temporary file while the client is still sending
  let { got, left } = await announce('');
  assert.match(got, /^HTTP\/1\.1 401/);
  assert.deepEqual(left, []);
  // a role without evidence.write (expert): 403 the same way
  ({ got, left } = await announce(`Cookie: ${(await as('expert1')).cookie}\r\n`));
  assert.match(got, /^HTTP\/1\.1 403/);
  assert.match(got, /forbidden/);
  assert.deepEqual(left, []);
  // a whole small body: the same answers, nothing stored
  const anon = await fetch(`${server.url}/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`,
    { method: 'POST', headers: UP, body: jpeg(2000) });
  assert.equal(anon.status, 401);
  assert.equal((await anon.json()).error.code, 'unauthenticated');
  assertError(await (await as('expert1')).post(`/api/v1/evidence?link_kind=inspection&link_id=${inHongdu}`, jpeg(2000), UP),
    403, 'forbidden');
  assert.deepEqual(files(`${server.db}.files/uploads`), []);
  assert.equal(files(`${server.db}.files/evidence`).length, n0);
  // a signed-in officer's announced upload is read on (no early answer)
  ({ got, left } = await announce(`Cookie: ${(await as('officer1')).cookie}\r\n`));
  assert.equal(got, '');
  assert.equal(left.length, 1);
});

test('void with a reason: kept, listed only on request, audited', async () => {
  const officer = await as('officer1');
  const up = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`, jpeg(300), UP);
  let r = await officer.post(`/api/v1/evidence/${up.body.id}/void`, {});
  assertError(r, 400, 'missing_field', { field: 'reason' });
  r = await officer.post(`/api/v1/evidence/${up.body.id}/void`, { reason: '拍错对象' });
  assert.equal(r.status, 200);
  assert.equal(r.body.void_reason, '拍错对象');
  r = await officer.post(`/api/v1/evidence/${up.body.id}/void`, { reason: '拍错对象' });
  assertError(r, 409, 'conflict');
  const live = (await officer.get(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`)).body.items;
  assert.ok(!live.some((e) => e.id === up.body.id));
  const all = (await officer.get(`/api/v1/evidence?link_kind=inspection&link_id=${mine}&include_voided=true`)).body.items;
  assert.ok(all.some((e) => e.id === up.body.id));
  const audit = (await (await as('leader')).get('/api/v1/audit?action=evidence.void')).body.items;
  assert.ok(audit.length >= 1);
});

test('audio-video records: occasion, triggers, device, officer, files, keep_until; missing list', async () => {
  const officer = await as('officer1');
  const insp = (await officer.get(`/api/v1/inspections/${mine}`)).body;
  const person = insp.people[0].person_id;
  const mp4 = Buffer.concat([Buffer.from('\0\0\0\x18ftypisom\0\0\0\0', 'latin1'), randomBytes(5000)]);
  const video = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`, mp4, UP);
  assert.equal(video.status, 201);
  assert.equal(video.body.media, 'video');
  const rec = {
    link_kind: 'inspection', link_id: mine, occasion: 'onsite_inspection',
    started_at: '2026-06-01T01:00:00Z', ended_at: '2026-06-01T02:10:00Z',
    start_trigger: '出示执法证件', end_trigger: '交流反馈结束', device: 'DSJ-TEST-01',
    officer_id: person, evidence_ids: [video.body.id],
  };
  let r = await officer.post('/api/v1/av-records', { ...rec, occasion: 'lunch' });
  assertError(r, 400, 'invalid', { field: 'occasion' });
  r = await officer.post('/api/v1/av-records', { ...rec, ended_at: '2026-05-01T00:00:00Z' });
  assertError(r, 400, 'invalid', { field: 'ended_at' });
  const photo = await officer.post(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`, jpeg(100), UP);
  r = await officer.post('/api/v1/av-records', { ...rec, evidence_ids: [photo.body.id] });
  assertError(r, 400, 'invalid', { field: 'evidence_ids' });
  r = await officer.post('/api/v1/av-records', rec);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.keep_until, '2026-11-28');
  assert.deepEqual(r.body.evidence_ids, [video.body.id]);
  assert.equal(r.body.officer_id, person);
  const list = (await officer.get(`/api/v1/av-records?link_kind=inspection&link_id=${mine}`)).body.items;
  assert.equal(list[0].id, r.body.id);
  r = await (await as('street1')).post('/api/v1/av-records', { ...rec, link_id: outside, evidence_ids: [] });
  assertError(r, 403, 'out_of_scope', { field: 'link_id' });
  const missing = await officer.get('/api/v1/av-records/missing');
  assert.equal(missing.status, 200);
  assert.ok(Array.isArray(missing.body.items));
  // scheduled inspections have not reached the site: never flagged
  assert.ok(!missing.body.items.some((m) => m.inspection_id === mine));
});

test('void and recordings: only the inspection\'s officers (or brigade, leader for them); never an assistant; a recording needs its files', async () => {
  const o1 = await as('officer1');
  const o2 = await as('officer2');
  const brigade = await as('brigade');
  const people = (await o1.get(`/api/v1/inspections/${mine}`)).body.people;
  assert.ok(!people.some((p) => p.username === 'officer2'), 'officer2 is not on it');
  const up = await o1.post(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`, jpeg(700), UP);
  assert.equal(up.status, 201);
  // an officer not on the inspection: refused, nothing changed
  assertError(await o2.post(`/api/v1/evidence/${up.body.id}/void`, { reason: '不是我的检查' }), 403, 'forbidden', { field: 'id' });
  assert.equal((await o1.get(`/api/v1/evidence/${up.body.id}`)).body.voided_at, null);
  // nor on a hazard of it
  const mp4 = Buffer.concat([Buffer.from('\0\0\0\x18ftypisom\0\0\0\0', 'latin1'), randomBytes(4000)]);
  const video = await o1.post(`/api/v1/evidence?link_kind=inspection&link_id=${mine}`, mp4, UP);
  const rec = {
    link_kind: 'inspection', link_id: mine, occasion: 'evidence_collection',
    started_at: '2026-06-02T01:00:00Z', ended_at: '2026-06-02T01:30:00Z',
    start_trigger: '开始取证', end_trigger: '取证结束', device: 'DSJ-TEST-02',
    officer_id: people.find((p) => p.role === 'officer').person_id, evidence_ids: [video.body.id],
  };
  assertError(await o2.post('/api/v1/av-records', rec), 403, 'forbidden', { field: 'link_id' });
  // no files: refused naming the field (by its Chinese label's meaning)
  assertError(await o1.post('/api/v1/av-records', { ...rec, evidence_ids: [] }), 400, 'invalid',
    { field: 'evidence_ids', mentions: '音视频文件' });
  const { evidence_ids: _, ...noFiles } = rec;
  assertError(await o1.post('/api/v1/av-records', noFiles), 400, 'invalid', { field: 'evidence_ids' });
  const av = await o1.post('/api/v1/av-records', rec);
  assert.equal(av.status, 201, JSON.stringify(av.body));
  assertError(await o2.post(`/api/v1/av-records/${av.body.id}/void`, { reason: '不是我的检查' }), 403, 'forbidden', { field: 'id' });
  // the brigade voids for its officers
  assert.equal((await brigade.post(`/api/v1/evidence/${up.body.id}/void`, { reason: '重复上传' })).status, 200);
  assert.equal((await brigade.post(`/api/v1/av-records/${av.body.id}/void`, { reason: '设备时间错误' })).status, 200);
  // an assistant (安监员) on an inspection uploads its photos but never voids, nor files a recording
  const a1 = await as('assistant1');
  const hers = (await a1.get('/api/v1/inspections?mine=true&limit=200')).body.items.find((i) => i.status === 'scheduled');
  assert.ok(hers, 'assistant1 is on a scheduled inspection');
  const photo = await a1.post(`/api/v1/evidence?link_kind=inspection&link_id=${hers.id}`, jpeg(600), UP);
  assert.equal(photo.status, 201, JSON.stringify(photo.body));
  assertError(await a1.post(`/api/v1/evidence/${photo.body.id}/void`, { reason: '拍错了' }), 403, 'forbidden',
    { field: 'id', mentions: '安监员' });
  const v2 = await a1.post(`/api/v1/evidence?link_kind=inspection&link_id=${hers.id}`, mp4, UP);
  assertError(await a1.post('/api/v1/av-records', { ...rec, link_id: hers.id, evidence_ids: [v2.body.id] }), 403, 'forbidden',
    { field: 'link_id', mentions: '安监员' });
});
