// Sessions: login and its cookie, /me, logout, wrong credentials, disabled
// accounts, idle and absolute expiry, changing one's own password.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, sleep, parseSetCookie } from './helpers.mjs';

let server;   // failures are not throttled here: throttle.test.mjs covers that
let admin;

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  admin = await signIn(server.url, 'admin');
});
after(async () => { if (server) await server.stop(); });

async function userId(username) {
  const r = await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}`);
  assert.equal(r.status, 200);
  const u = r.body.items.find((x) => x.username === username);
  assert.ok(u, `no account ${username}`);
  return u.id;
}

describe('login', () => {
  test('login answers the ME object and sets an HttpOnly, SameSite=Strict, Path=/ cookie', async () => {
    const c = new ApiClient(server.url);
    const r = await c.post('/api/v1/session', { username: 'officer1', password: DEMO_PASSWORD });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const u = r.body.user;
    assert.equal(typeof u.id, 'number');
    assert.equal(u.username, 'officer1');
    assert.equal(u.display_name, '李明');
    assert.deepEqual(u.roles, ['officer']);
    assert.deepEqual(u.scope, { code: '360104', name: '青云谱区' });
    // an officer administers nothing and reads no audit trail
    assert.ok(!u.permissions.includes('user.admin') && !u.permissions.includes('audit.read'), u.permissions.join());
    assert.equal(u.must_change_password, false);

    const ck = parseSetCookie(r.headers.get('set-cookie'));
    assert.equal(ck.name, 'zf_session');
    // 256 random bits, base64url without padding = 43 characters
    assert.equal(ck.value.length, 43);
    assert.match(ck.value, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(ck.attrs.httponly, true);
    assert.equal(ck.attrs.samesite, 'Strict');
    assert.equal(ck.attrs.path, '/');
    assert.equal(ck.attrs['max-age'], '43200', 'cookie lives as long as the absolute limit (12 h)');
    assert.equal(ck.attrs.secure, undefined, 'no Secure flag over plain HTTP');
  });

  test('each login gets a new token', async () => {
    const a = await signIn(server.url, 'officer1');
    const b = await signIn(server.url, 'officer1');
    assert.notEqual(a.cookie, b.cookie);
    assert.equal((await a.get('/api/v1/me')).status, 200);
    assert.equal((await b.get('/api/v1/me')).status, 200);
  });

  test('GET /me with the cookie answers the account; admin has user.admin and audit.read', async () => {
    const r = await admin.get('/api/v1/me');
    assert.equal(r.status, 200);
    assert.equal(r.body.username, 'admin');
    assert.equal(r.body.display_name, '系统管理员');
    assert.deepEqual(r.body.roles, ['admin']);
    assert.deepEqual(r.body.scope, { code: '360104', name: '青云谱区' });
    // the foundation's two; later modules may add more, but never enforcement powers
    assert.ok(r.body.permissions.includes('audit.read') && r.body.permissions.includes('user.admin'));
    assert.ok(!r.body.permissions.some((p) => /^catalog\.|^case\.|^inspection\./.test(p)), r.body.permissions.join());
    assert.equal(r.body.must_change_password, false);
    const s = await signIn(server.url, 'street1');
    const me = await s.get('/api/v1/me');
    assert.deepEqual(me.body.scope, { code: '360104002', name: '洪都街道' });
    assert.deepEqual(me.body.roles, ['street']);
  });

  test('GET /me without a cookie, or with a forged one, is 401 unauthenticated', async () => {
    const c = new ApiClient(server.url);
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated', { field: null });
    c.cookie = `zf_session=${'A'.repeat(43)}`;
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    c.cookie = 'zf_session=short';
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    c.cookie = 'zf_session=';
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    // the cookie of another name is not a session
    const good = (await signIn(server.url, 'officer1')).cookie.split('=')[1];
    c.cookie = `other=${good}`;
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  });

  test('wrong password → 401 bad_credentials, no cookie', async () => {
    const c = new ApiClient(server.url);
    const r = await c.post('/api/v1/session', { username: 'officer1', password: 'not-the-password' });
    assertError(r, 401, 'bad_credentials', { field: null });
    assert.equal(r.headers.get('set-cookie'), null);
    assert.equal(c.cookie, null);
  });

  test('unknown user → 401 bad_credentials with the same message as a wrong password', async () => {
    const c = new ApiClient(server.url);
    const wrong = assertError(await c.post('/api/v1/session', { username: 'officer1', password: 'nope-nope-nope' }),
      401, 'bad_credentials');
    const unknown = assertError(await c.post('/api/v1/session', { username: 'nobody-here', password: DEMO_PASSWORD }),
      401, 'bad_credentials');
    assert.equal(unknown.message, wrong.message, 'the answer must not reveal whether the account exists');
  });

  test('a disabled account cannot log in, even with the right password', async () => {
    const id = await userId('officer2');
    const r = await admin.patch(`/api/v1/users/${id}`, { disabled: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.disabled, true);
    const c = new ApiClient(server.url);
    assertError(await c.post('/api/v1/session', { username: 'officer2', password: DEMO_PASSWORD }), 401, 'bad_credentials');
    assert.equal(c.cookie, null);
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { disabled: false })).status, 200);
    await signIn(server.url, 'officer2');
  });
});

describe('signed-in routes', () => {
  test('GET /roles lists the ten roles with Chinese and English names', async () => {
    const c = await signIn(server.url, 'officer1');
    const r = await c.get('/api/v1/roles');
    assert.equal(r.status, 200);
    assert.equal(r.body.next_cursor, null);
    assert.deepEqual(r.body.items.map((x) => x.role),
      ['admin', 'leader', 'brigade', 'officer', 'legal', 'street', 'assistant', 'expert', 'supervisor', 'department']);
    assert.deepEqual(r.body.items.find((x) => x.role === 'officer'),
      { role: 'officer', name: '持证执法人员', name_en: 'Enforcement officer' });
    assertError(await new ApiClient(server.url).get('/api/v1/roles'), 401, 'unauthenticated');
  });

  test('GET /regions: own scope by default, children with ?parent=, out_of_scope outside', async () => {
    const c = await signIn(server.url, 'officer1');
    let r = await c.get('/api/v1/regions');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1);
    assert.equal(r.body.items[0].code, '360104');
    assert.equal(r.body.items[0].name, '青云谱区');
    assert.equal(r.body.items[0].level, 'county');
    assert.equal(r.body.items[0].parent, '360100');
    r = await c.get('/api/v1/regions?parent=360104');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 7, JSON.stringify(r.body));
    assert.ok(r.body.items.every((x) => x.parent === '360104' && x.level === 'township'));
    assert.ok(r.body.items.some((x) => x.code === '360104002' && x.name === '洪都街道'));
    assertError(await c.get('/api/v1/regions?parent=360102'), 403, 'out_of_scope', { field: 'parent', mentions: '360102' });
    const s = await signIn(server.url, 'street1');
    assertError(await s.get('/api/v1/regions?parent=360104'), 403, 'out_of_scope', { field: 'parent' });
  });
});

describe('logout', () => {
  test('DELETE /session → 204, clears the cookie, and the old token then gets 401', async () => {
    const c = await signIn(server.url, 'officer1');
    const old = c.cookie;
    const r = await c.del('/api/v1/session');
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    const ck = parseSetCookie(r.headers.get('set-cookie'));
    assert.equal(ck.name, 'zf_session');
    assert.equal(ck.value, '');
    assert.equal(ck.attrs['max-age'], '0');
    assert.equal(ck.attrs.httponly, true);
    assert.equal(ck.attrs.path, '/');
    c.cookie = old;   // a client that keeps the old cookie anyway
    assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await c.del('/api/v1/session'), 401, 'unauthenticated');
  });

  test('logout ends only that session', async () => {
    const a = await signIn(server.url, 'legal');
    const b = await signIn(server.url, 'legal');
    assert.equal((await a.del('/api/v1/session')).status, 204);
    assert.equal((await b.get('/api/v1/me')).status, 200);
  });

  test('DELETE /session without a session is 401', async () => {
    assertError(await new ApiClient(server.url).del('/api/v1/session'), 401, 'unauthenticated');
  });
});

describe('expiry', { concurrency: true }, () => {
  test('idle timeout (--session-idle 2): after 3 s without use the session is gone', async () => {
    const s = await startServer({ args: ['--session-idle', '2'] });
    try {
      const c = await signIn(s.url, 'officer1');
      assert.equal((await c.get('/api/v1/me')).status, 200);
      await sleep(3100);
      assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
      // and it stays gone
      assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
      // a new login works
      const d = await signIn(s.url, 'officer1');
      assert.equal((await d.get('/api/v1/me')).status, 200);
    } finally { await s.stop(); }
  });

  test('absolute timeout (--session-max 2): the session ends 2 s after login even while in use', async () => {
    const s = await startServer({ args: ['--session-max', '2'] });
    try {
      const c = new ApiClient(s.url);
      const r = await c.login('officer1');
      assert.equal(parseSetCookie(r.headers.get('set-cookie')).attrs['max-age'], '2');
      assert.equal((await c.get('/api/v1/me')).status, 200);
      await sleep(1000);
      assert.equal((await c.get('/api/v1/me')).status, 200);
      await sleep(2100);
      assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
    } finally { await s.stop(); }
  });
});

describe('TLS behind a proxy', () => {
  test('with --trust-proxy and X-Forwarded-Proto: https the cookie is Secure; without the flag it is not', async () => {
    const s = await startServer({ args: ['--trust-proxy'] });
    try {
      const c = new ApiClient(s.url);
      const r = await c.post('/api/v1/session', { username: 'officer1', password: DEMO_PASSWORD },
        { 'x-forwarded-proto': 'https' });
      assert.equal(r.status, 200);
      assert.equal(parseSetCookie(r.headers.get('set-cookie')).attrs.secure, true);
    } finally { await s.stop(); }
    const c = new ApiClient(server.url);
    const r = await c.post('/api/v1/session', { username: 'officer1', password: DEMO_PASSWORD },
      { 'x-forwarded-proto': 'https' });
    assert.equal(r.status, 200);
    assert.equal(parseSetCookie(r.headers.get('set-cookie')).attrs.secure, undefined,
      'X-Forwarded-Proto must be ignored unless --trust-proxy');
  });
});

describe('changing one\'s own password', () => {
  test('wrong old password → 400 invalid, field old_password', async () => {
    const c = await signIn(server.url, 'expert1');
    const r = await c.post('/api/v1/me/password', { old_password: 'wrong-password-1', new_password: 'brand-new-pass-1' });
    assertError(r, 400, 'invalid', { field: 'old_password', mentions: '原密码' });
  });

  test('too short → 400 invalid, field new_password', async () => {
    const c = await signIn(server.url, 'expert1');
    const r = await c.post('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: 'short-9ch' });
    assertError(r, 400, 'invalid', { field: 'new_password', mentions: ['密码', '10'] });
  });

  test('equal to the username (any case) → 400 invalid, field new_password', async () => {
    const c = await signIn(server.url, 'assistant1');   // 10 characters: long enough to be a password
    for (const pw of ['assistant1', 'ASSISTANT1', 'Assistant1']) {
      const r = await c.post('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: pw });
      assertError(r, 400, 'invalid', { field: 'new_password', mentions: '用户名' });
    }
  });

  test('equal to the old one → 400 invalid, field new_password', async () => {
    const c = await signIn(server.url, 'expert1');
    const r = await c.post('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: DEMO_PASSWORD });
    assertError(r, 400, 'invalid', { field: 'new_password' });
  });

  test('missing fields and no session', async () => {
    const c = await signIn(server.url, 'expert1');
    assertError(await c.post('/api/v1/me/password', { old_password: DEMO_PASSWORD }), 400, 'missing_field',
      { field: 'new_password', mentions: '新密码' });
    assertError(await new ApiClient(server.url).post('/api/v1/me/password',
      { old_password: DEMO_PASSWORD, new_password: 'brand-new-pass-1' }), 401, 'unauthenticated');
    // nothing changed: the old password still works
    await signIn(server.url, 'expert1');
  });

  test('success → 204; other sessions end, this one survives; new password works, old does not', async () => {
    const NEW = 'a-fresh-password-2026';
    const mine = await signIn(server.url, 'supervisor');
    const other1 = await signIn(server.url, 'supervisor');
    const other2 = await signIn(server.url, 'supervisor');
    const bystander = await signIn(server.url, 'leader');
    const r = await mine.post('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: NEW });
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    const me = await mine.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.must_change_password, false);
    assertError(await other1.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await other2.get('/api/v1/me'), 401, 'unauthenticated');
    assert.equal((await bystander.get('/api/v1/me')).status, 200, 'sessions of other accounts are untouched');
    const c = new ApiClient(server.url);
    assertError(await c.post('/api/v1/session', { username: 'supervisor', password: DEMO_PASSWORD }), 401, 'bad_credentials');
    const again = await signIn(server.url, 'supervisor', NEW);
    assert.equal((await again.get('/api/v1/me')).body.username, 'supervisor');
  });
});
