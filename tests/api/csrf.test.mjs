// CSRF defence: state-changing requests must come from this origin
// (Origin header, Sec-Fetch-Site) and carry a JSON content type unless the
// client marks itself with X-Requested-With: zhifa.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn } from './helpers.mjs';

let server;
let admin;
let officerId;
const LOGIN = { username: 'officer1', password: DEMO_PASSWORD };

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  admin = await signIn(server.url, 'admin');
  const r = await admin.get('/api/v1/users?q=officer1');
  officerId = r.body.items.find((u) => u.username === 'officer1').id;
});
after(async () => { if (server) await server.stop(); });

async function displayName() {
  return (await admin.get(`/api/v1/users/${officerId}`)).body.display_name;
}

describe('cross-site requests', () => {
  test('login from another Origin → 403 csrf and no session', async () => {
    const c = new ApiClient(server.url);
    const r = await c.post('/api/v1/session', LOGIN, { origin: 'http://evil.example' });
    assertError(r, 403, 'csrf', { field: null, mentions: 'evil.example' });
    assert.equal(r.headers.get('set-cookie'), null);
    assert.equal(c.cookie, null);
  });

  test('login with Sec-Fetch-Site: cross-site or same-site → 403 csrf', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const c = new ApiClient(server.url);
      const r = await c.post('/api/v1/session', LOGIN, { 'sec-fetch-site': site });
      assertError(r, 403, 'csrf', { mentions: site });
      assert.equal(c.cookie, null);
    }
  });

  test('PATCH with a foreign Origin → 403 csrf and nothing changes', async () => {
    const before_ = await displayName();
    const r = await admin.patch(`/api/v1/users/${officerId}`, { display_name: '被篡改' },
      { origin: 'http://evil.example' });
    assertError(r, 403, 'csrf');
    assert.equal(await displayName(), before_);
  });

  test('POST /users with Sec-Fetch-Site: cross-site → 403 csrf, no account created', async () => {
    const r = await admin.post('/api/v1/users', {
      username: 'csrf-victim', password: 'long-enough-pw-1', display_name: 'x', roles: ['officer'], scope: '360104',
    }, { 'sec-fetch-site': 'cross-site' });
    assertError(r, 403, 'csrf');
    const list = await admin.get('/api/v1/users?q=csrf-victim');
    assert.deepEqual(list.body.items, []);
  });

  test('logout with a foreign Origin → 403 csrf and the session survives', async () => {
    const c = await signIn(server.url, 'officer1');
    assertError(await c.del('/api/v1/session', { origin: 'http://evil.example' }), 403, 'csrf');
    assert.equal((await c.get('/api/v1/me')).status, 200);
  });

  test('an Origin naming another host or port of ours is still foreign', async () => {
    const c = new ApiClient(server.url);
    for (const origin of [`http://localhost:${server.port}`, `http://127.0.0.1:${server.port + 1}`,
      'http://127.0.0.1', `http://127.0.0.1:${server.port}.evil.example`, 'null']) {
      assertError(await c.post('/api/v1/session', LOGIN, { origin }), 403, 'csrf', { mentions: origin });
    }
    assert.equal(c.cookie, null);
  });

  test('reads are not CSRF-checked, and no CORS is granted', async () => {
    const r = await admin.get('/api/v1/me', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    assert.equal(r.headers.get('access-control-allow-credentials'), null);
    const pre = await admin.req('OPTIONS', '/api/v1/users', undefined, {
      origin: 'http://evil.example', 'access-control-request-method': 'POST',
    });
    assertError(pre, 405, 'method_not_allowed');
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.equal(pre.headers.get('access-control-allow-methods'), null);
  });

  test('X-Requested-With: zhifa does not bypass the Origin check', async () => {
    const r = await admin.del('/api/v1/session', { origin: 'http://evil.example', 'x-requested-with': 'zhifa' });
    assertError(r, 403, 'csrf');
    assert.equal((await admin.get('/api/v1/me')).status, 200);
  });
});

describe('same-origin requests', () => {
  test('Origin equal to this server is accepted (login and POST /users)', async () => {
    const c = new ApiClient(server.url);
    const origin = `http://127.0.0.1:${server.port}`;
    const r = await c.post('/api/v1/session', LOGIN, { origin, 'sec-fetch-site': 'same-origin' });
    assert.equal(r.status, 200);
    const created = await admin.post('/api/v1/users', {
      username: 'same-origin-user', password: 'long-enough-pw-1', display_name: '同源', roles: ['officer'], scope: '360104',
    }, { origin, 'sec-fetch-site': 'same-origin' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  test('Sec-Fetch-Site: none (typed by the user) is accepted', async () => {
    const c = new ApiClient(server.url);
    assert.equal((await c.post('/api/v1/session', LOGIN, { 'sec-fetch-site': 'none' })).status, 200);
  });
});

describe('content types', () => {
  const body = JSON.stringify(LOGIN);

  test('POST with text/plain → 415 unsupported_media_type', async () => {
    const c = new ApiClient(server.url);
    const r = await c.post('/api/v1/session', body, { 'content-type': 'text/plain' });
    assertError(r, 415, 'unsupported_media_type', { field: null, mentions: 'application/json' });
    assert.equal(c.cookie, null);
  });

  test('POST with form-urlencoded or multipart → 415', async () => {
    const c = new ApiClient(server.url);
    assertError(await c.post('/api/v1/session', 'username=officer1&password=x',
      { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    assertError(await c.post('/api/v1/session', '--b\r\n\r\n--b--\r\n',
      { 'content-type': 'multipart/form-data; boundary=b' }), 415, 'unsupported_media_type');
  });

  test('look-alike JSON types are refused; parameters and case are fine', async () => {
    const c = new ApiClient(server.url);
    for (const t of ['application/jsonp', 'application/json-seq', 'application/x-json', 'text/json']) {
      assertError(await c.post('/api/v1/session', body, { 'content-type': t }), 415, 'unsupported_media_type');
    }
    for (const t of ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8']) {
      const r = await new ApiClient(server.url).post('/api/v1/session', body, { 'content-type': t });
      assert.equal(r.status, 200, `${t}: ${JSON.stringify(r.body)}`);
    }
  });

  test('POST without a body and without a content type → 415', async () => {
    const c = await signIn(server.url, 'officer1');
    const r = await c.req('POST', '/api/v1/me/password');
    assertError(r, 415, 'unsupported_media_type');
  });

  test('PATCH with text/plain → 415 and nothing changes', async () => {
    const before_ = await displayName();
    const r = await admin.patch(`/api/v1/users/${officerId}`, JSON.stringify({ display_name: '改名' }),
      { 'content-type': 'text/plain' });
    assertError(r, 415, 'unsupported_media_type');
    assert.equal(await displayName(), before_);
  });

  test('X-Requested-With: zhifa is allowed without a JSON type; other values are not', async () => {
    const c = await signIn(server.url, 'officer1');
    // a DELETE carrying a non-JSON body: refused unless marked
    assertError(await c.req('DELETE', '/api/v1/session', 'bye', { 'content-type': 'text/plain' }),
      415, 'unsupported_media_type');
    assertError(await c.req('DELETE', '/api/v1/session', 'bye',
      { 'content-type': 'text/plain', 'x-requested-with': 'XMLHttpRequest' }), 415, 'unsupported_media_type');
    assert.equal((await c.get('/api/v1/me')).status, 200);
    const r = await c.req('DELETE', '/api/v1/session', 'bye',
      { 'content-type': 'text/plain', 'x-requested-with': 'zhifa' });
    assert.equal(r.status, 204);
    assert.equal(c.cookie, null);
    // a marked POST without a JSON type reaches the handler (the body is still parsed as JSON)
    const d = new ApiClient(server.url);
    const ok = await d.post('/api/v1/session', body, { 'content-type': 'text/plain', 'x-requested-with': 'zhifa' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('a body-less DELETE needs no content type', async () => {
    const c = await signIn(server.url, 'officer1');
    assert.equal((await c.del('/api/v1/session')).status, 204);
  });
});
