// Account administration: create, list (filters, cursor paging), read,
// change (atomically), disable/enable, password reset, self-protection,
// permission and scope checks.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoDb, zhifa, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, listAll, auditCount, secretFile, ISO } from './helpers.mjs';

let server;
let admin;
let adminId;

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  admin = await signIn(server.url, 'admin');
  adminId = (await admin.get('/api/v1/me')).body.id;
});
after(async () => { if (server) await server.stop(); });

let seq = 0;
/** A fresh valid create body; overrides replace fields. */
function newUser(over = {}) {
  seq++;
  return {
    username: `user${seq}-${Date.now() % 100000}`,
    password: 'initial-pass-2026',
    display_name: `测试用户${seq}`,
    roles: ['officer'],
    scope: '360104',
    ...over,
  };
}

async function create(over) {
  const body = newUser(over);
  const r = await admin.post('/api/v1/users', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { ...r.body, password: body.password };
}

async function getUser(id) {
  const r = await admin.get(`/api/v1/users/${id}`);
  assert.equal(r.status, 200);
  return r.body;
}

describe('create', () => {
  test('admin creates a user: 201 with every USER field', async () => {
    const body = newUser({ display_name: '钱七', roles: ['officer', 'brigade'], scope: '360104002' });
    const r = await admin.post('/api/v1/users', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const u = r.body;
    assert.equal(typeof u.id, 'number');
    assert.equal(u.username, body.username);
    assert.equal(u.display_name, '钱七');
    assert.deepEqual([...u.roles].sort(), ['brigade', 'officer']);
    assert.equal(u.scope, '360104002');
    assert.equal(u.scope_name, '洪都街道');
    assert.equal(u.disabled, false);
    assert.match(u.created_at, ISO);
    assert.match(u.updated_at, ISO);
    assert.equal(u.last_login_at, null);
    assert.equal(u.must_change_password, true, 'an admin-set password must be changed at first login');
    assert.equal(u.password, undefined);
    assert.equal(u.password_hash, undefined);
    assert.deepEqual(await getUser(u.id), u);
    // the new account logs in and is told to change its password
    const c = new ApiClient(server.url);
    const me = (await c.login(body.username, body.password)).body.user;
    assert.equal(me.must_change_password, true);
    assert.deepEqual(me.scope, { code: '360104002', name: '洪都街道' });
    assert.match((await getUser(u.id)).last_login_at, ISO);
  });

  test('duplicate username → 409 conflict, field username', async () => {
    const u = await create();
    assertError(await admin.post('/api/v1/users', newUser({ username: u.username })), 409, 'conflict',
      { field: 'username', mentions: u.username });
    assertError(await admin.post('/api/v1/users', newUser({ username: 'admin' })), 409, 'conflict',
      { field: 'username', mentions: 'admin' });
  });

  test('concurrent creates of one username: exactly one 201, the rest 409', async () => {
    const body = newUser();
    const rs = await Promise.all([1, 2, 3, 4].map(() => admin.post('/api/v1/users', body)));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409], JSON.stringify(rs.map((r) => r.body)));
    for (const r of rs.filter((x) => x.status === 409)) assertError(r, 409, 'conflict', { field: 'username' });
    const list = await admin.get(`/api/v1/users?q=${body.username}`);
    assert.equal(list.body.items.length, 1);
  });

  test('bad username characters → 400 invalid, field username', async () => {
    for (const name of ['Bad Name', 'UPPER', '_lead', '.dot', '-dash', '名字abc', 'a/b', 'semi;colon', 'tab\tx']) {
      assertError(await admin.post('/api/v1/users', newUser({ username: name })), 400, 'invalid',
        { field: 'username', mentions: '用户名' });
    }
    // the allowed alphabet
    const ok = await admin.post('/api/v1/users', newUser({ username: `9a_b.c-d${seq}` }));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  test('password rules → 400 invalid, field password', async () => {
    assertError(await admin.post('/api/v1/users', newUser({ password: 'short' })), 400, 'invalid',
      { field: 'password', mentions: '10' });
    assertError(await admin.post('/api/v1/users', newUser({ username: 'samepassword1', password: 'SamePassword1' })),
      400, 'invalid', { field: 'password', mentions: '用户名' });
  });

  test('unknown or repeated role → 400 invalid, field roles', async () => {
    assertError(await admin.post('/api/v1/users', newUser({ roles: ['officer', 'wizard'] })), 400, 'invalid',
      { field: 'roles', mentions: 'wizard' });
    assertError(await admin.post('/api/v1/users', newUser({ roles: ['officer', 'officer'] })), 400, 'invalid',
      { field: 'roles', mentions: '重复' });
    assertError(await admin.post('/api/v1/users', newUser({ roles: ['Admin'] })), 400, 'invalid', { field: 'roles' });
  });

  test('scope outside the admin\'s scope → 403 out_of_scope, field scope', async () => {
    // 360102 东湖区 is another district of 南昌市; 360000 is the whole province
    assertError(await admin.post('/api/v1/users', newUser({ scope: '360102' })), 403, 'out_of_scope',
      { field: 'scope', mentions: ['360102', '东湖区'] });
    assertError(await admin.post('/api/v1/users', newUser({ scope: '360102002' })), 403, 'out_of_scope',
      { field: 'scope' });
    assertError(await admin.post('/api/v1/users', newUser({ scope: '360000' })), 403, 'out_of_scope',
      { field: 'scope' });
  });

  test('non-existent region → 400 invalid, field scope', async () => {
    assertError(await admin.post('/api/v1/users', newUser({ scope: '999999' })), 400, 'invalid',
      { field: 'scope', mentions: '999999' });
    assertError(await admin.post('/api/v1/users', newUser({ scope: '360104999' })), 400, 'invalid',
      { field: 'scope', mentions: '360104999' });
  });

  test('refused creates leave no account and no audit entry behind', async () => {
    const users = (await listAll(admin, '/api/v1/users')).length;
    const audit = await auditCount(admin);
    for (const over of [{ scope: '360102' }, { scope: '999999' }, { roles: ['wizard'] }, { password: 'x' },
      { username: 'admin' }, { username: 'Nope' }]) {
      const r = await admin.post('/api/v1/users', newUser(over));
      assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
    }
    assert.equal((await listAll(admin, '/api/v1/users')).length, users);
    assert.equal(await auditCount(admin), audit);
  });
});

describe('list and read', () => {
  test('filters: q (username or name), role, disabled', async () => {
    let r = await admin.get('/api/v1/users?q=officer');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((u) => u.username).sort(), ['officer1', 'officer2']);
    assert.equal(r.body.next_cursor, null);
    r = await admin.get(`/api/v1/users?q=${encodeURIComponent('静')}`);   // display name 陈静
    assert.deepEqual(r.body.items.map((u) => u.username), ['legal']);
    r = await admin.get('/api/v1/users?q=OFFICER1');
    assert.ok(r.body.items.some((u) => u.username === 'officer1'), 'q is case-insensitive (LIKE)');
    // LIKE wildcards in q are literal
    assert.deepEqual((await admin.get('/api/v1/users?q=%25')).body.items, []);
    assert.deepEqual((await admin.get('/api/v1/users?q=_')).body.items.map((u) => u.username).filter((n) => !n.includes('_')), []);
    r = await admin.get('/api/v1/users?role=supervisor');
    assert.deepEqual(r.body.items.map((u) => u.username), ['supervisor']);
    const all = await listAll(admin, '/api/v1/users?role=officer');
    assert.ok(all.length >= 2 && all.every((u) => u.roles.includes('officer')));
    const u = await create({ display_name: '停用筛选' });
    assert.equal((await admin.patch(`/api/v1/users/${u.id}`, { disabled: true })).status, 200);
    const disabled = await listAll(admin, '/api/v1/users?disabled=true');
    assert.ok(disabled.some((x) => x.id === u.id));
    assert.ok(disabled.every((x) => x.disabled === true));
    const enabled = await listAll(admin, '/api/v1/users?disabled=false');
    assert.ok(!enabled.some((x) => x.id === u.id));
    assert.ok(enabled.every((x) => x.disabled === false));
    r = await admin.get(`/api/v1/users?q=${encodeURIComponent('停用筛选')}&disabled=false`);
    assert.deepEqual(r.body.items, []);
  });

  test('cursor pagination with limit=2 visits every account once, in id order', async () => {
    const full = (await admin.get('/api/v1/users?limit=200')).body;
    assert.equal(full.next_cursor, null);
    assert.ok(full.items.length > 4);
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const r = await admin.get(`/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      assert.ok(r.body.items.length >= 1 && r.body.items.length <= 2, JSON.stringify(r.body));
      seen.push(...r.body.items.map((u) => u.id));
      cursor = r.body.next_cursor;
      pages++;
      assert.ok(pages < 1000);
    } while (cursor !== null);
    assert.equal(new Set(seen).size, seen.length, 'no duplicates');
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'ascending ids');
    assert.deepEqual(seen, full.items.map((u) => u.id));
    assert.equal(pages, Math.ceil(seen.length / 2));
  });

  test('GET /users/{id} answers the USER; unknown id → 404', async () => {
    const u = await getUser(adminId);
    assert.equal(u.username, 'admin');
    assert.deepEqual(u.roles, ['admin']);
    assert.equal(u.scope, '360104');
    assert.equal(u.scope_name, '青云谱区');
    assertError(await admin.get('/api/v1/users/424242'), 404, 'not_found', { field: 'id' });
  });
});

describe('change', () => {
  test('PATCH display_name, roles, scope → 200 with the new values, persisted', async () => {
    const u = await create();
    let r = await admin.patch(`/api/v1/users/${u.id}`, { display_name: '改过的名字' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.display_name, '改过的名字');
    r = await admin.patch(`/api/v1/users/${u.id}`, { roles: ['legal', 'expert'] });
    assert.equal(r.status, 200);
    assert.deepEqual([...r.body.roles].sort(), ['expert', 'legal']);
    r = await admin.patch(`/api/v1/users/${u.id}`, { scope: '360104006' });
    assert.equal(r.status, 200);
    assert.equal(r.body.scope, '360104006');
    assert.equal(r.body.scope_name, '京山街道');
    r = await admin.patch(`/api/v1/users/${u.id}`, { display_name: '三项同改', roles: ['street'], scope: '360104002' });
    assert.equal(r.status, 200);
    const now = await getUser(u.id);
    assert.equal(now.display_name, '三项同改');
    assert.deepEqual(now.roles, ['street']);
    assert.equal(now.scope, '360104002');
    assert.equal(now.username, u.username, 'username is not changeable');
    assert.equal(now.created_at, u.created_at);
    // an empty PATCH changes nothing
    r = await admin.patch(`/api/v1/users/${u.id}`, {});
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, now);
  });

  test('a PATCH with one bad field among good ones changes NOTHING', async () => {
    const u = await create({ display_name: '原名', roles: ['officer'] });
    const before_ = await getUser(u.id);
    const audit = await auditCount(admin);
    const bad = [
      [{ display_name: '新名', roles: ['wizard'] }, 400, 'invalid', 'roles'],
      [{ display_name: '新名', roles: ['legal'], scope: '360102' }, 403, 'out_of_scope', 'scope'],
      [{ display_name: '新名', scope: '999999' }, 400, 'invalid', 'scope'],
      [{ display_name: '新名', disabled: true, password: 'short' }, 400, 'invalid', 'password'],
      [{ display_name: '新名', roles: ['legal'], disabled: 'yes' }, 400, 'wrong_type', 'disabled'],
      [{ display_name: '新名', roles: ['legal'], email: 'x@y' }, 400, 'unknown_field', 'email'],
      [{ roles: ['legal'], display_name: '' }, 400, 'invalid', 'display_name'],
    ];
    for (const [body, status, code, field] of bad) {
      assertError(await admin.patch(`/api/v1/users/${u.id}`, body), status, code, { field });
      assert.deepEqual(await getUser(u.id), before_, `after ${JSON.stringify(body)}`);
    }
    assert.equal(await auditCount(admin), audit, 'no audit entry for refused changes');
    // the user can still log in with the old password (the bad password reset did not apply)
    await signIn(server.url, u.username, u.password);
  });

  test('disable ends the user\'s sessions and blocks login; re-enable lets them back in', async () => {
    const u = await create();
    const s1 = await signIn(server.url, u.username, u.password);
    const s2 = await signIn(server.url, u.username, u.password);
    let r = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.disabled, true);
    assertError(await s1.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await s2.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await new ApiClient(server.url).post('/api/v1/session', { username: u.username, password: u.password }),
      401, 'bad_credentials');
    r = await admin.patch(`/api/v1/users/${u.id}`, { disabled: false });
    assert.equal(r.status, 200);
    assert.equal(r.body.disabled, false);
    // re-enabling does not revive the old sessions
    assertError(await s1.get('/api/v1/me'), 401, 'unauthenticated');
    const s3 = await signIn(server.url, u.username, u.password);
    assert.equal((await s3.get('/api/v1/me')).status, 200);
  });

  test('admin password reset → must_change_password true, old sessions end, only the new password works', async () => {
    const u = await create();
    const s = await signIn(server.url, u.username, u.password);
    // the user changes the initial password first, so must_change_password is false
    assert.equal((await s.post('/api/v1/me/password', { old_password: u.password, new_password: 'users-own-pass-1' })).status, 204);
    assert.equal((await getUser(u.id)).must_change_password, false);
    const r = await admin.patch(`/api/v1/users/${u.id}`, { password: 'reset-by-admin-1' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.must_change_password, true);
    assertError(await s.get('/api/v1/me'), 401, 'unauthenticated');
    assertError(await new ApiClient(server.url).post('/api/v1/session', { username: u.username, password: 'users-own-pass-1' }),
      401, 'bad_credentials');
    const c = new ApiClient(server.url);
    const me = (await c.login(u.username, 'reset-by-admin-1')).body.user;
    assert.equal(me.must_change_password, true);
    // the password rules apply to resets too
    assertError(await admin.patch(`/api/v1/users/${u.id}`, { password: u.username.toUpperCase() }), 400, 'invalid',
      { field: 'password' });
  });

  test('admin cannot disable self nor change own roles or scope (三员分立)', async () => {
    assertError(await admin.patch(`/api/v1/users/${adminId}`, { disabled: true }), 400, 'invalid',
      { field: 'disabled', mentions: '自己' });
    assertError(await admin.patch(`/api/v1/users/${adminId}`, { roles: ['leader'] }), 403, 'forbidden',
      { field: 'roles', mentions: ['自己的角色', '三员分立'] });
    assertError(await admin.patch(`/api/v1/users/${adminId}`, { roles: ['admin', 'supervisor'] }), 400, 'invalid',
      { field: 'roles', mentions: '角色' });
    assertError(await admin.patch(`/api/v1/users/${adminId}`, { scope: '360104002' }), 403, 'forbidden',
      { field: 'scope', mentions: '管辖区划' });
    const me = await getUser(adminId);
    assert.equal(me.disabled, false);
    assert.deepEqual(me.roles, ['admin']);
    assert.equal((await admin.get('/api/v1/me')).status, 200);
    // harmless changes to oneself are allowed
    const r = await admin.patch(`/api/v1/users/${adminId}`, { disabled: false, roles: ['admin'] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
});

describe('separation of duties, reserved names, password strength', () => {
  test('admin cannot be combined with a role that reads business data, at creation or later', async () => {
    for (const other of ['leader', 'supervisor', 'officer', 'expert', 'department']) {
      assertError(await admin.post('/api/v1/users', newUser({ roles: ['admin', other] })), 400, 'invalid',
        { field: 'roles', mentions: ['角色', '三员分立'] });
    }
    const u = await create({ roles: ['admin'] });
    assertError(await admin.patch(`/api/v1/users/${u.id}`, { roles: ['admin', 'leader'] }), 400, 'invalid',
      { field: 'roles', mentions: '系统管理员' });
    assert.deepEqual((await getUser(u.id)).roles, ['admin']);
    // another administrator changes this one's roles: allowed (not self), without mixing
    const r = await admin.patch(`/api/v1/users/${u.id}`, { roles: ['leader'] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  test('a second administrator cannot grant itself a business role either', async () => {
    const u = await create({ roles: ['admin'] });
    const c = new ApiClient(server.url);
    await c.login(u.username, u.password);
    assert.equal((await c.post('/api/v1/me/password', { old_password: u.password, new_password: 'Second-admin-pw-1' })).status, 204);
    await c.login(u.username, 'Second-admin-pw-1');
    assertError(await c.patch(`/api/v1/users/${u.id}`, { roles: ['leader'] }), 403, 'forbidden', { field: 'roles' });
    assertError(await c.patch(`/api/v1/users/${u.id}`, { scope: '360104002' }), 403, 'forbidden', { field: 'scope' });
    assert.deepEqual((await getUser(u.id)).roles, ['admin']);
    assert.equal((await getUser(u.id)).scope, '360104');
  });

  test('usernames the system writes as audit actors are reserved', async () => {
    for (const username of ['cli', 'system', 'demo', 'system-rule']) {
      assertError(await admin.post('/api/v1/users', newUser({ username })), 400, 'invalid',
        { field: 'username', mentions: ['用户名', '保留'] });
    }
    assert.equal((await admin.get('/api/v1/users?q=cli')).body.items.filter((x) => x.username === 'cli').length, 0);
  });

  test('passwords need three character classes and must not be common', async () => {
    assertError(await admin.post('/api/v1/users', newUser({ password: 'onlylowercase' })), 400, 'invalid',
      { field: 'password', mentions: '三类' });
    assertError(await admin.post('/api/v1/users', newUser({ password: 'P@ssw0rd123' })), 400, 'invalid',
      { field: 'password', mentions: '常见' });
    const u = await create();
    assertError(await admin.patch(`/api/v1/users/${u.id}`, { password: 'Admin@123456' }), 400, 'invalid',
      { field: 'password', mentions: '常见' });
  });
});

describe('linking an account to a person', () => {
  test('PUT /users/{id}/person links, moves and unlinks; refusals name 关联人员', async () => {
    const staff = (await admin.get('/api/v1/staff?limit=200')).body.items;
    const free = staff.filter((p) => !p.account && p.status === 'active' && p.region.startsWith('360104'));
    const linked = staff.find((p) => p.account && p.account.username === 'officer1');
    assert.ok(free.length >= 2 && linked);
    const u = await create();
    const put = (id, body) => admin.req('PUT', `/api/v1/users/${id}/person`, body);
    let r = await put(u.id, { person_id: free[0].id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.person, { id: free[0].id, name: free[0].name, unit_name: free[0].unit_name });
    r = await put(u.id, { person_id: free[1].id });
    assert.equal(r.body.person.id, free[1].id);
    assert.equal((await admin.get(`/api/v1/staff/${free[0].id}`)).body.account, null);
    assertError(await put(u.id, { person_id: linked.id }), 409, 'conflict', { field: 'person_id', mentions: 'officer1' });
    assertError(await put(u.id, { person_id: 99999999 }), 400, 'invalid', { field: 'person_id', mentions: '关联人员' });
    assertError(await put(u.id, {}), 400, 'missing_field', { field: 'person_id' });
    assertError(await put(adminId, { person_id: free[0].id }), 403, 'forbidden', { field: 'person_id', mentions: '自己' });
    r = await put(u.id, { person_id: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.person, null);
    const audit = await admin.get(`/api/v1/audit?action=account.person&entity=account&entity_id=${u.id}`);
    assert.equal(audit.body.items.length, 3, JSON.stringify(audit.body));
    assert.equal(audit.body.items[0].change.after.person_id, null);
  });
});

describe('permissions', () => {
  test('officer1 (no user.admin) gets 403 forbidden on every /users route', async () => {
    const o = await signIn(server.url, 'officer1');
    const calls = [
      o.get('/api/v1/users'),
      o.get(`/api/v1/users/${adminId}`),
      o.post('/api/v1/users', newUser()),
      o.patch(`/api/v1/users/${adminId}`, { display_name: 'x' }),
    ];
    for (const r of await Promise.all(calls)) assertError(r, 403, 'forbidden', { mentions: '系统管理员' });
    assert.equal((await getUser(adminId)).display_name, '系统管理员');
  });

  test('leader and supervisor (audit.read only) are forbidden too; no session is 401', async () => {
    for (const name of ['leader', 'supervisor', 'street1']) {
      const c = await signIn(server.url, name);
      assertError(await c.get('/api/v1/users'), 403, 'forbidden');
    }
    assertError(await new ApiClient(server.url).get('/api/v1/users'), 401, 'unauthenticated');
    assertError(await new ApiClient(server.url).post('/api/v1/users', newUser()), 401, 'unauthenticated');
  });
});

describe('an administrator scoped to one street', () => {
  let s;
  let street;
  before(async () => {
    // created with the CLI on a copy of the demo database before serving it
    const db = demoDb();
    const r = zhifa(['user', 'add', '--db', db, '--username', 'hongdu-admin', '--display-name', '洪都管理员',
      '--roles', 'admin', '--scope', '360104002', '--password-file', secretFile('hongdu-admin-pw-1')]);
    assert.equal(r.status, 0, r.stderr);
    s = await startServer({ db });
    street = await signIn(s.url, 'hongdu-admin', 'hongdu-admin-pw-1');
    // a CLI-made password must be changed before anything else is allowed
    assertError(await street.get('/api/v1/users'), 403, 'forbidden');
    const ch = await street.post('/api/v1/me/password', { old_password: 'hongdu-admin-pw-1', new_password: 'hongdu-admin-pw-2' });
    assert.equal(ch.status, 204);
  });
  after(async () => { if (s) await s.stop(); });

  test('sees only the accounts inside 洪都街道', async () => {
    const items = await listAll(street, '/api/v1/users', 1);
    assert.deepEqual(items.map((u) => u.username).sort(), ['assistant1', 'hongdu-admin', 'street1']);
    assert.ok(items.every((u) => u.scope === '360104002'));
    assert.deepEqual((await street.get('/api/v1/users?q=admin')).body.items.map((u) => u.username), ['hongdu-admin']);
  });

  test('a district account is out_of_scope for GET and PATCH', async () => {
    const a = await signIn(s.url, 'admin');
    const districtIds = (await listAll(a, '/api/v1/users')).filter((u) => u.scope === '360104').map((u) => u.id);
    assert.ok(districtIds.length >= 5);
    for (const id of districtIds.slice(0, 3)) {
      assertError(await street.get(`/api/v1/users/${id}`), 403, 'out_of_scope', { field: 'id' });
      assertError(await street.patch(`/api/v1/users/${id}`, { disabled: true }), 403, 'out_of_scope', { field: 'id' });
    }
    for (const id of districtIds.slice(0, 3)) {
      assert.equal((await a.get(`/api/v1/users/${id}`)).body.disabled, false, 'the refused PATCH changed nothing');
    }
  });

  test('creates accounts only inside the street; can read and change street1', async () => {
    assertError(await street.post('/api/v1/users', newUser({ scope: '360104' })), 403, 'out_of_scope', { field: 'scope' });
    assertError(await street.post('/api/v1/users', newUser({ scope: '360104006' })), 403, 'out_of_scope', { field: 'scope' });
    const r = await street.post('/api/v1/users', newUser({ scope: '360104002', roles: ['assistant'] }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const s1 = (await street.get('/api/v1/users?q=street1')).body.items[0];
    assert.equal((await street.get(`/api/v1/users/${s1.id}`)).status, 200);
    // moving street1 out of the street is refused
    assertError(await street.patch(`/api/v1/users/${s1.id}`, { scope: '360104' }), 403, 'out_of_scope', { field: 'scope' });
    assert.equal((await street.patch(`/api/v1/users/${s1.id}`, { display_name: '刘洋（洪都）' })).status, 200);
  });
});

test('the demo password is not accepted for a fresh account (sanity)', async () => {
  const u = await create();
  assertError(await new ApiClient(server.url).post('/api/v1/session', { username: u.username, password: DEMO_PASSWORD }),
    401, 'bad_credentials');
});
