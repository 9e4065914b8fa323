// Bad input: malformed bodies, wrong types, unknown and missing fields,
// oversized bodies, unknown routes and methods, bad query parameters. Every
// refusal is a 4xx with a Chinese message naming the field; none is a 5xx
// (ApiClient asserts that on every answer); and afterwards the server is
// alive and nothing was written.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, listAll, auditCount } from './helpers.mjs';

let server;
let admin;
let anon;
let officerId;
let usersBefore;
let auditBefore;

before(async () => {
  server = await startServer();
  admin = await signIn(server.url, 'admin');
  anon = new ApiClient(server.url);
  usersBefore = await listAll(admin, '/api/v1/users');
  officerId = usersBefore.find((u) => u.username === 'officer1').id;
  auditBefore = await auditCount(admin);
});
after(async () => { if (server) await server.stop(); });

const enc = (s) => new TextEncoder().encode(s);
function bytes(...parts) {
  const arr = parts.map((p) => (typeof p === 'string' ? enc(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arr.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of arr) { out.set(p, k); k += p.length; }
  return out;
}

/** Sends body pieces with Transfer-Encoding: chunked (a stream body, no Content-Length). */
async function sendChunked(client, method, path, pieces) {
  let i = 0;
  const stream = new ReadableStream({
    pull(ctl) { if (i < pieces.length) ctl.enqueue(pieces[i++]); else ctl.close(); },
  });
  const headers = { 'content-type': 'application/json' };
  if (client.cookie) headers.cookie = client.cookie;
  const res = await fetch(server.url + path, { method, headers, body: stream, duplex: 'half' });
  const text = await res.text();
  assert.ok(res.status < 500, `${method} ${path} answered ${res.status}: ${text}`);
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : text };
}

const GOOD_USER = { username: 'newbie', password: 'long-enough-pw-1', display_name: '新人', roles: ['officer'], scope: '360104' };

/** The three body-taking routes: [label, method, path, client, a valid body]. */
const routes = () => [
  ['POST /users', 'POST', '/api/v1/users', admin, GOOD_USER],
  ['PATCH /users/{id}', 'PATCH', `/api/v1/users/${officerId}`, admin, { display_name: '李明' }],
  ['POST /session', 'POST', '/api/v1/session', anon, { username: 'officer1', password: 'wrong-password' }],
];

describe('malformed bodies on every body-taking route', () => {
  const cases = [
    ['truncated JSON', '{"display_name":', 'bad_json', 'JSON'],
    ['not JSON at all', 'hello', 'bad_json', 'JSON'],
    ['trailing garbage', '{"display_name":"x"} x', 'bad_json', 'JSON'],
    ['single quotes', "{'display_name':'x'}", 'bad_json', 'JSON'],
    ['JSON array', '[{"display_name":"x"}]', 'bad_json', '对象'],
    ['JSON string', '"display_name"', 'bad_json', 'JSON'],
    ['JSON number', '42', 'bad_json', 'JSON'],
    ['JSON null', 'null', 'bad_json', 'JSON'],
    ['empty body', '', 'bad_json', '为空'],
    ['duplicate keys', '{"display_name":"a","display_name":"b"}', 'bad_json', '重复'],
    ['lone surrogate escape', '{"display_name":"\\ud800"}', 'bad_json', 'JSON'],
    ['deep nesting', '['.repeat(5000) + ']'.repeat(5000), 'bad_json', 'JSON'],
    ['invalid UTF-8 (0xFF)', bytes('{"display_name":"', [0xff, 0xfe], '"}'), 'invalid_utf8', 'UTF-8'],
    ['overlong UTF-8', bytes('{"display_name":"', [0xc0, 0xaf], '"}'), 'invalid_utf8', 'UTF-8'],
    ['UTF-8 surrogate', bytes('{"display_name":"', [0xed, 0xa0, 0x80], '"}'), 'invalid_utf8', 'UTF-8'],
    ['truncated UTF-8', bytes('{"display_name":"', [0xe6, 0x9d], '"}'), 'invalid_utf8', 'UTF-8'],
    ['invalid UTF-8 in a key', bytes('{"', [0xff], '":1}'), 'invalid_utf8', 'UTF-8'],
  ];
  for (const [what, body, code, mention] of cases) {
    test(`${what} → 400 ${code}`, async () => {
      for (const [label, method, path, client] of routes()) {
        const r = await client.req(method, path, body);
        const e = assertError(r, 400, code, { field: null, mentions: mention });
        assert.ok(e, label);
      }
    });
  }

  test('escaped NUL in a string → 400, refused rather than truncated (a field of the route: invalid naming it)', async () => {
    for (const [label, method, path, client] of routes()) {
      const r = await client.req(method, path, '{"display_name":"a\\u0000b"}');
      assert.equal(r.status, 400, label);
      assert.ok(['invalid', 'unknown_field'].includes(r.body.error.code), `${label}: ${r.body.error.code}`);
      assert.equal(r.body.error.field, 'display_name', label);
      if (r.body.error.code === 'invalid') assert.match(r.body.error.message, /空字符/, label);
    }
  });

  test('unknown field → 400 unknown_field naming it', async () => {
    for (const [label, method, path, client, good] of routes()) {
      const r = await client.req(method, path, { ...good, nickname: 'x' });
      assertError(r, 400, 'unknown_field', { field: 'nickname', mentions: 'nickname' });
      assert.ok(label);
    }
  });

  test('oversized body with Content-Length (> 1 MiB) → 413 too_large, delivered every time', async () => {
    // The client must receive the 413, not a broken connection: repeat, since
    // a server that answers early and closes without draining the body makes
    // the client's upload fail (EPIPE/ECONNRESET) before it reads the answer.
    const big = JSON.stringify({ display_name: 'x'.repeat(4 << 20) });
    const outcomes = [];
    for (const [label, method, path, client] of routes()) {
      for (let i = 0; i < 10; i++) {
        try {
          const r = await client.req(method, path, big);
          assertError(r, 413, 'too_large', { field: null, mentions: '1048576' });
          outcomes.push('413');
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          outcomes.push(`${label}: ${e.message} (${e.cause && e.cause.code})`);
        }
      }
    }
    const broken = outcomes.filter((o) => o !== '413');
    assert.deepEqual(broken.slice(0, 3), [], `${broken.length} of ${outcomes.length} oversized requests got no 413`);
  });

  test('oversized chunked body (no Content-Length) → 413 too_large', async () => {
    for (const [, method, path, client] of routes()) {
      const r = await sendChunked(client, method, path, [enc('{"display_name":"'), ...Array(20).fill(enc('x'.repeat(64 * 1024)))]);
      assertError(r, 413, 'too_large', { mentions: '1048576' });
    }
  });

  test('the limit is exactly 1 MiB: 1 048 576 bytes reach the field check, one more is too large', async () => {
    const pad = (1 << 20) - JSON.stringify({ nickname: '' }).length;
    const body = JSON.stringify({ nickname: 'x'.repeat(pad) });
    assert.equal(enc(body).length, 1 << 20);
    for (const [, method, path, client] of routes()) {
      // with Content-Length
      assertError(await client.req(method, path, body), 400, 'unknown_field', { field: 'nickname' });
      // chunked, in pieces that add up to the same size
      const pieces = [];
      for (let k = 0; k < body.length; k += 100000) pieces.push(enc(body.slice(k, k + 100000)));
      assertError(await sendChunked(client, method, path, pieces), 400, 'unknown_field', { field: 'nickname' });
      // one byte more (chunked: the server reads to the end before answering)
      const over = JSON.stringify({ nickname: 'x'.repeat(pad + 1) });
      assertError(await sendChunked(client, method, path, [enc(over)]), 413, 'too_large');
    }
  });
});

describe('field checks', () => {
  test('POST /users: missing field → 400 missing_field naming it (field member: key; message: Chinese label only)', async () => {
    const labels = { username: '用户名', password: '密码', display_name: '姓名', roles: '角色', scope: '管辖区划' };
    for (const f of Object.keys(GOOD_USER)) {
      const body = { ...GOOD_USER };
      delete body[f];
      const r = await admin.post('/api/v1/users', body);
      const e = assertError(r, 400, 'missing_field', { field: f, mentions: labels[f] });
      assert.ok(!e.message.includes(f), `API name in the message: ${e.message}`);
    }
    assertError(await admin.post('/api/v1/users', {}), 400, 'missing_field', { field: 'username' });
  });

  test('POST /session: missing username or password → 400 missing_field', async () => {
    assertError(await anon.post('/api/v1/session', { password: 'x' }), 400, 'missing_field',
      { field: 'username', mentions: '用户名' });
    assertError(await anon.post('/api/v1/session', { username: 'officer1' }), 400, 'missing_field',
      { field: 'password', mentions: '密码' });
    assert.equal(anon.cookie, null);
  });

  test('wrong types → 400 wrong_type naming the field', async () => {
    const cases = [
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, username: 42 }, 'username', '字符串'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, roles: 'officer' }, 'roles', '字符串数组'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, roles: [1] }, 'roles', '第 1 项'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, roles: ['officer', null] }, 'roles', '第 2 项'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, display_name: null }, 'display_name', '空值'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, scope: 360104 }, 'scope', '字符串'],
      [admin, 'POST', '/api/v1/users', { ...GOOD_USER, password: { a: 1 } }, 'password', '字符串'],
      [admin, 'PATCH', `/api/v1/users/${officerId}`, { disabled: 'true' }, 'disabled', '布尔值'],
      [admin, 'PATCH', `/api/v1/users/${officerId}`, { disabled: 1 }, 'disabled', '布尔值'],
      [admin, 'PATCH', `/api/v1/users/${officerId}`, { roles: 'admin' }, 'roles', '字符串数组'],
      [admin, 'PATCH', `/api/v1/users/${officerId}`, { display_name: ['x'] }, 'display_name', '字符串'],
      [anon, 'POST', '/api/v1/session', { username: 5, password: 'x' }, 'username', '字符串'],
      [anon, 'POST', '/api/v1/session', { username: 'officer1', password: true }, 'password', '字符串'],
    ];
    for (const [client, method, path, body, field, mention] of cases) {
      const r = await client.req(method, path, body);
      const e = assertError(r, 400, 'wrong_type', { field, mentions: mention });
      assert.ok(!e.message.includes(field), `API name in the message: ${e.message}`);
    }
  });

  test('length and count limits → 400 invalid naming the field', async () => {
    const cases = [
      [{ ...GOOD_USER, username: 'ab' }, 'username', '3'],
      [{ ...GOOD_USER, username: 'a'.repeat(33) }, 'username', '32'],
      [{ ...GOOD_USER, display_name: '' }, 'display_name', '1'],
      [{ ...GOOD_USER, display_name: '名'.repeat(65) }, 'display_name', '64'],
      [{ ...GOOD_USER, roles: [] }, 'roles', '1'],
      [{ ...GOOD_USER, roles: Array(11).fill('officer') }, 'roles', '10'],
      [{ ...GOOD_USER, scope: '36' }, 'scope', '6'],
      [{ ...GOOD_USER, password: 'x'.repeat(257) }, 'password', '256'],
    ];
    for (const [body, field, mention] of cases) {
      const labels = { username: '用户名', password: '密码', display_name: '姓名', roles: '角色', scope: '管辖区划' };
      assertError(await admin.post('/api/v1/users', body), 400, 'invalid', { field, mentions: [labels[field], mention] });
    }
    // the limit counts characters, not bytes: 65 Chinese characters are too many for PATCH too
    assertError(await admin.patch(`/api/v1/users/${officerId}`, { display_name: '名'.repeat(65) }),
      400, 'invalid', { field: 'display_name' });
  });

  test('bad record ids → 404 not_found', async () => {
    for (const id of ['abc', '0', '-1', '99999', '1e3', '1.0', '%20']) {
      assertError(await admin.get(`/api/v1/users/${id}`), 404, 'not_found');
      assertError(await admin.patch(`/api/v1/users/${id}`, { display_name: 'x' }), 404, 'not_found');
    }
    assertError(await admin.get(`/api/v1/users/${'9'.repeat(200)}`), 404, 'not_found');
  });
});

describe('routes, methods, query parameters', () => {
  test('unknown route → 404 JSON not_found naming the path', async () => {
    for (const p of ['/api/v1/nope', '/api/v2/users', '/api/v1/users/1/extra', '/api', '/api/v1/']) {
      const r = await admin.get(p);
      assertError(r, 404, 'not_found', { field: null, mentions: p });
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
    assertError(await admin.post('/api/v1/nope', {}), 404, 'not_found');
  });

  test('wrong method → 405 method_not_allowed with an Allow header', async () => {
    const cases = [
      ['PUT', '/api/v1/users', 'GET, POST'],
      ['DELETE', '/api/v1/users', 'GET, POST'],
      ['DELETE', `/api/v1/users/${officerId}`, 'GET, PATCH'],
      ['PUT', '/api/v1/session', 'POST, DELETE'],
      ['GET', '/api/v1/session', 'POST, DELETE'],
      ['POST', '/api/v1/health', 'GET'],
      ['POST', '/api/v1/me', 'GET'],
      ['GET', '/api/v1/me/password', 'POST'],
      ['PATCH', '/api/v1/audit/verify', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await admin.req(method, path, method === 'GET' ? undefined : {});
      assertError(r, 405, 'method_not_allowed', { mentions: [method, allow] });
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    }
  });

  test('invalid UTF-8 in a query parameter → 400 invalid_utf8 naming it', async () => {
    const cases = [
      ['/api/v1/users?q=%FF', 'q'],
      ['/api/v1/users?role=%C0%AF', 'role'],
      ['/api/v1/users?q=ok&disabled=%E6%9D', 'disabled'],
      ['/api/v1/audit?actor=%ED%A0%80', 'actor'],
      ['/api/v1/regions?parent=%FF', 'parent'],
    ];
    for (const [p, field] of cases) {
      assertError(await admin.get(p), 400, 'invalid_utf8', { field, mentions: field });
    }
    // checked before the session: the same answer without one
    assertError(await anon.get('/api/v1/users?q=%FF'), 400, 'invalid_utf8', { field: 'q' });
    // valid UTF-8 is fine: 李 finds 李明 and 李振华
    const r = await admin.get('/api/v1/users?q=%E6%9D%8E');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((u) => u.display_name).sort(), ['李振华', '李明'].sort());
  });

  test('bad ?limit, ?cursor, ?role, ?disabled → 400 invalid naming the parameter', async () => {
    for (const base of ['/api/v1/users', '/api/v1/audit']) {
      for (const v of ['0', 'abc', '-1', '201', '1.5', '2x', '99999999999999999999']) {
        assertError(await admin.get(`${base}?limit=${v}`), 400, 'invalid', { field: 'limit', mentions: 'limit' });
      }
      for (const v of ['abc', '-5', '1x']) {
        assertError(await admin.get(`${base}?cursor=${v}`), 400, 'invalid', { field: 'cursor', mentions: 'cursor' });
      }
      assert.equal((await admin.get(`${base}?limit=1`)).status, 200);
      assert.equal((await admin.get(`${base}?limit=200`)).status, 200);
    }
    assertError(await admin.get('/api/v1/users?role=wizard'), 400, 'invalid', { field: 'role', mentions: 'wizard' });
    assertError(await admin.get('/api/v1/users?disabled=maybe'), 400, 'invalid', { field: 'disabled', mentions: 'disabled' });
  });
});

describe('afterwards', () => {
  test('the server is alive and nothing was written by the refused requests', async () => {
    assert.equal(server.proc.exitCode, null, 'server process still running');
    const h = await anon.get('/api/v1/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    assert.deepEqual(await listAll(admin, '/api/v1/users'), usersBefore);
    assert.equal(await auditCount(admin), auditBefore);
    assert.equal((await admin.get('/api/v1/me')).status, 200, 'the admin session survived');
  });
});

describe('NUL in a parameter', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { if (server) await server.stop(); });
  test('%00 in a query or path parameter is refused naming it, not cut short', async () => {
    const c = await signIn(server.url, 'brigade');
    let r = await c.get('/api/v1/enterprises?q=%E6%B4%AA%00x');
    assertError(r, 400, 'invalid', { field: 'q', mentions: '空字符' });
    r = await c.get('/api/v1/inspections/1%00');
    assert.ok(r.status === 400 || r.status === 404, `path: ${r.status}`);
    assert.notEqual(r.status, 200);
  });
});
