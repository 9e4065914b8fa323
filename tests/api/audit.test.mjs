// The audit chain: entries written by account changes and sessions, the
// list API, /audit/verify, and tampering detected by `zhifa audit verify`.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { startServer, zhifa, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, listAll, auditCount, sqlite, copyDb, ISO } from './helpers.mjs';

const HEX64 = /^[0-9a-f]{64}$/;

let server;
let admin;

before(async () => {
  server = await startServer({ args: ['--login-max-failures', '1000'] });
  admin = await signIn(server.url, 'admin');
});
after(async () => { if (server) await server.stop(); });

/** Entries about one account, oldest first. */
async function entriesFor(id) {
  const items = await listAll(admin, `/api/v1/audit?entity=account&entity_id=${id}`);
  return items.reverse();
}

function assertEntryShape(e) {
  assert.equal(typeof e.seq, 'number');
  assert.match(e.at, ISO);
  assert.equal(typeof e.actor, 'string');
  assert.equal(typeof e.action, 'string');
  assert.equal(typeof e.entity, 'string');
  assert.equal(typeof e.entity_id, 'string');
  assert.equal(typeof e.region, 'string');
  assert.equal(typeof e.change, 'object');
  assert.match(e.prev_hash, HEX64);
  assert.match(e.hash, HEX64);
}

describe('what gets recorded', () => {
  let user;
  let entries;
  const PW = 'audited-pass-2026';

  before(async () => {
    const r = await admin.post('/api/v1/users', {
      username: 'audited', password: PW, display_name: '审计对象', roles: ['officer'], scope: '360104002',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    user = r.body;
    assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { display_name: '审计对象二', roles: ['officer', 'legal'] })).status, 200);
    const c = new ApiClient(server.url);
    await c.login('audited', PW);
    assert.equal((await c.post('/api/v1/me/password', { old_password: PW, new_password: 'Audited-pass-new' })).status, 204);
    assert.equal((await c.del('/api/v1/session')).status, 204);
    assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { disabled: true })).status, 200);
    assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { disabled: false })).status, 200);
    assert.equal((await admin.patch(`/api/v1/users/${user.id}`, { password: 'Reset-password-1' })).status, 200);
    entries = await entriesFor(user.id);
  });

  test('the sequence of actions for the account', () => {
    assert.deepEqual(entries.map((e) => e.action), [
      'account.create', 'account.update', 'session.login', 'account.password_change', 'session.logout',
      'account.disable', 'account.enable', 'account.password_reset',
    ]);
    for (const e of entries) {
      assertEntryShape(e);
      assert.equal(e.entity, 'account');
      assert.equal(e.entity_id, String(user.id));
      assert.equal(e.region, '360104002');
    }
    const seqs = entries.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  });

  test('account.create: actor admin, change lists the new values (no password)', () => {
    const e = entries[0];
    assert.equal(e.actor, 'admin');
    assert.deepEqual(e.change, { username: 'audited', display_name: '审计对象', roles: ['officer'], scope: '360104002' });
  });

  test('account.update: before and after of the changed fields only', () => {
    const e = entries[1];
    assert.equal(e.actor, 'admin');
    assert.deepEqual(e.change.before, { display_name: '审计对象', roles: ['officer'] });
    assert.deepEqual(e.change.after.display_name, '审计对象二');
    assert.deepEqual([...e.change.after.roles].sort(), ['legal', 'officer']);
    assert.deepEqual(Object.keys(e.change).sort(), ['after', 'before']);
  });

  test('session.login and session.logout: actor is the user, change names the session and client', () => {
    const login = entries[2];
    const logout = entries[4];
    assert.equal(login.actor, 'audited');
    assert.equal(login.change.client, '127.0.0.1');
    assert.equal(typeof login.change.session, 'number');
    assert.equal(logout.actor, 'audited');
    assert.deepEqual(logout.change, { session: login.change.session });
  });

  test('password, disable, enable, reset entries never contain a password or hash', () => {
    assert.equal(entries[3].actor, 'audited');
    assert.deepEqual(entries[3].change, { password: 'changed' });
    assert.equal(entries[5].actor, 'admin');
    assert.deepEqual(entries[5].change, { disabled: true });
    assert.deepEqual(entries[6].change, { disabled: false });
    assert.equal(entries[7].actor, 'admin');
    assert.deepEqual(entries[7].change, { password: 'changed' });
    const text = JSON.stringify(entries);
    for (const secret of [PW, 'Audited-pass-new', 'Reset-password-1', '$argon2']) {
      assert.ok(!text.includes(secret), `audit must not contain ${secret}`);
    }
  });

  test('filters by actor and action; newest first; the chain links in the listing', async () => {
    const mine = await listAll(admin, '/api/v1/audit?actor=audited');
    assert.ok(mine.length >= 3 && mine.every((e) => e.actor === 'audited'));
    const logins = await listAll(admin, '/api/v1/audit?action=session.login');
    assert.ok(logins.length >= 2 && logins.every((e) => e.action === 'session.login'));
    const all = await listAll(admin, '/api/v1/audit', 3);
    const seqs = all.map((e) => e.seq);
    assert.equal(new Set(seqs).size, seqs.length);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first, across pages');
    assert.equal(all[all.length - 1].seq, 1);
    assert.equal(all[all.length - 1].prev_hash, '0'.repeat(64));
    for (let i = 0; i + 1 < all.length; i++) {
      assert.equal(all[i].prev_hash, all[i + 1].hash, `entry ${all[i].seq} links to ${all[i + 1].seq}`);
    }
    assert.equal(all.length, await auditCount(admin));
  });
});

describe('GET /audit/verify', () => {
  test('supervisor and leader may verify; the chain is intact', async () => {
    for (const name of ['supervisor', 'leader']) {
      const c = await signIn(server.url, name);
      const r = await c.get('/api/v1/audit/verify');
      assert.equal(r.status, 200);
      assert.equal(r.body.ok, true);
      assert.equal(typeof r.body.entries, 'number');
      assert.ok(r.body.entries > 5);
      assert.equal(r.body.broken_seq, undefined);
      assert.equal((await c.get('/api/v1/audit?limit=1')).status, 200);
    }
  });

  test('officer1 gets 403 forbidden; no session gets 401', async () => {
    const o = await signIn(server.url, 'officer1');
    assertError(await o.get('/api/v1/audit/verify'), 403, 'forbidden', { mentions: '纪检监察' });
    assertError(await o.get('/api/v1/audit'), 403, 'forbidden', { mentions: '纪检监察' });
    assertError(await new ApiClient(server.url).get('/api/v1/audit/verify'), 401, 'unauthenticated');
  });
});

describe('concurrent changes', () => {
  test('under concurrent PATCHes each account.update "before" is the previous entry\'s "after"', async () => {
    const r = await admin.post('/api/v1/users', {
      username: 'contended', password: 'contended-pw-1', display_name: 'c-start', roles: ['officer'], scope: '360104',
    });
    assert.equal(r.status, 201);
    const id = r.body.id;
    let next = 0;
    const end = Date.now() + 1500;
    const worker = async () => {
      while (Date.now() < end) {
        const n = next++;
        const p = await admin.patch(`/api/v1/users/${id}`, { display_name: `c-${n}` });
        assert.equal(p.status, 200);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const updates = (await entriesFor(id)).filter((e) => e.action === 'account.update');
    assert.equal(updates.length, next);
    let prev = 'c-start';
    const wrong = [];
    for (const e of updates) {
      if (e.change.before.display_name !== prev) wrong.push(`seq ${e.seq}: before=${e.change.before.display_name}, actual previous=${prev}`);
      prev = e.change.after.display_name;
    }
    assert.equal((await admin.get(`/api/v1/users/${id}`)).body.display_name, prev, 'the last entry is the current value');
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${updates.length} entries record a stale "before"`);
  });
});

describe('tampering (database edited behind the server\'s back)', () => {
  let db;     // the stopped server's database
  let total;

  before(async () => {
    total = await auditCount(admin);
    assert.equal(await server.stop(), 0);
    db = server.db;
    assert.ok(!existsSync(`${db}-wal`) || sqlite(db, 'SELECT 1').status === 0);
    const r = zhifa(['audit', 'verify', '--db', db]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`audit chain ok: ${total} entries`));
  });

  test('the triggers refuse UPDATE and DELETE on audit (sqlite3 exits non-zero)', () => {
    const f = copyDb(db);
    let r = sqlite(f, "UPDATE audit SET actor='x' WHERE seq=3");
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /append-only/);
    r = sqlite(f, 'DELETE FROM audit WHERE seq=3');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /append-only/);
    assert.equal(sqlite(f, 'SELECT actor FROM audit WHERE seq=3').stdout.trim(), sqlite(db, 'SELECT actor FROM audit WHERE seq=3').stdout.trim());
    assert.equal(zhifa(['audit', 'verify', '--db', f]).status, 0);
  });

  test('an edited entry: `zhifa audit verify` exits 1 with "BROKEN at entry N"', () => {
    const n = Math.floor(total / 2);
    const f = copyDb(db);
    const t = sqlite(f, `DROP TRIGGER audit_no_update; UPDATE audit SET actor='x' WHERE seq=${n}`);
    assert.equal(t.status, 0, t.stderr);
    const r = zhifa(['audit', 'verify', '--db', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${n}\\b`));
    assert.match(r.stdout, /edited/);
  });

  test('editing the change of the last entry is detected too', () => {
    const f = copyDb(db);
    const t = sqlite(f, `DROP TRIGGER audit_no_update; UPDATE audit SET change='{}' WHERE seq=${total}`);
    assert.equal(t.status, 0, t.stderr);
    const r = zhifa(['audit', 'verify', '--db', f]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${total}\\b`));
  });

  test('a forged hash on an entry is detected at that entry', () => {
    const f = copyDb(db);
    const t = sqlite(f, `DROP TRIGGER audit_no_update; UPDATE audit SET hash='${'a'.repeat(64)}' WHERE seq=2`);
    assert.equal(t.status, 0, t.stderr);
    const r = zhifa(['audit', 'verify', '--db', f]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /BROKEN at entry 2\b/);
  });

  test('an edit that also recomputes the entry\'s own hash breaks the link of the next entry', () => {
    const n = Math.floor(total / 2);
    const f = copyDb(db);
    const q = sqlite(f, `SELECT seq, at, actor, action, entity, entity_id, region, change, prev_hash, hash FROM audit WHERE seq=${n}`, ['-json']);
    assert.equal(q.status, 0, q.stderr);
    const row = JSON.parse(q.stdout)[0];
    const sha = (e) => createHash('sha256').update([e.seq, e.at, e.actor, e.action, e.entity, e.entity_id,
      e.region, e.change, e.prev_hash].join('\x1f'), 'utf8').digest('hex');
    assert.equal(sha(row), row.hash, 'the test recomputes hashes the way src/core/audit.c does');
    const forged = sha({ ...row, actor: 'x' });
    const t = sqlite(f, `DROP TRIGGER audit_no_update; UPDATE audit SET actor='x', hash='${forged}' WHERE seq=${n}`);
    assert.equal(t.status, 0, t.stderr);
    const r = zhifa(['audit', 'verify', '--db', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${n + 1}\\b`));
    assert.match(r.stdout, /prev_hash/);
  });

  test('a deleted entry in the middle is detected', () => {
    const m = Math.floor(total / 3);
    const f = copyDb(db);
    const t = sqlite(f, `DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq=${m}`);
    assert.equal(t.status, 0, t.stderr);
    const r = zhifa(['audit', 'verify', '--db', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`BROKEN at entry ${m}\\b`));
    assert.match(r.stdout, /missing/);
  });

  test('GET /audit/verify on a tampered database reports ok:false with broken_seq', async () => {
    const n = Math.floor(total / 2);
    const f = copyDb(db);
    assert.equal(sqlite(f, `DROP TRIGGER audit_no_update; UPDATE audit SET actor='x' WHERE seq=${n}`).status, 0);
    const s = await startServer({ db: f });
    try {
      const c = await signIn(s.url, 'supervisor');
      const r = await c.get('/api/v1/audit/verify');
      assert.equal(r.status, 200);
      assert.equal(r.body.ok, false);
      assert.equal(r.body.broken_seq, n);
      assert.equal(typeof r.body.reason, 'string');
      assert.ok(r.body.entries >= n);
    } finally { await s.stop(); }
  });
});

test('DEMO_PASSWORD never appears in the audit chain of a demo database', async () => {
  const s = await startServer();
  try {
    await signIn(s.url, 'officer1');
    const a = await signIn(s.url, 'admin');
    const all = await listAll(a, '/api/v1/audit');
    assert.ok(all.length > 3);
    assert.ok(!JSON.stringify(all).includes(DEMO_PASSWORD));
  } finally { await s.stop(); }
});

// Personal data in entries is masked on reading by the reader's
// permissions, as the staff and ledger views mask it (src/auditlog.c); the
// stored entry and the chain are untouched.
describe('personal data in entries: masked by the reader\'s permissions', () => {
  const PHONE = '13987654321', ENT_PHONE = '13812345678';
  let personId, entId, s;
  const readers = {};
  const read = async (u, q) => listAll(readers[u] ||= await signIn(s.url, u), `/api/v1/audit?${q}`);

  before(async () => {
    s = await startServer();
    const brigade = await signIn(s.url, 'brigade');
    const staff = await brigade.get(`/api/v1/staff?q=${encodeURIComponent('李明')}`);
    personId = staff.body.items.find((x) => x.name === '李明').id;
    let r = await brigade.patch(`/api/v1/staff/${personId}`, { phone: PHONE });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const ents = (await brigade.get('/api/v1/enterprises?limit=5&status=active')).body.items;
    entId = ents[0].id;
    r = await brigade.patch(`/api/v1/enterprises/${entId}`, { principal_phone: ENT_PHONE, safety_manager_phone: '13700001111' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  test('a person\'s phone: unmasked for the administrator (keeps staff records), masked for leader and supervisor', async () => {
    const q = `entity=person&entity_id=${personId}&action=person.update`;
    const [a] = await read('admin', q);
    assert.equal(a.change.after.phone, PHONE);
    assert.equal(a.masked, undefined);
    for (const u of ['leader', 'supervisor']) {
      const [e] = await read(u, q);
      assert.equal(e.change.after.phone, '139****4321', u);
      assert.equal(e.masked, true, u);
      assert.ok(!JSON.stringify(await read(u, `entity=person&entity_id=${personId}`)).includes(PHONE), u);
      assert.equal(e.hash, a.hash, u);   // the same stored entry
    }
  });

  test('an enterprise\'s contact phones: unmasked for the leader (enterprise.contact), masked for admin and supervisor', async () => {
    const q = `entity=enterprise&entity_id=${entId}&action=enterprise.update`;
    const [l] = await read('leader', q);
    assert.equal(l.change.after.principal_phone, ENT_PHONE);
    assert.equal(l.change.after.safety_manager_phone, '13700001111');
    for (const u of ['admin', 'supervisor']) {
      const [e] = await read(u, q);
      assert.equal(e.change.after.principal_phone, '138****5678', u);
      assert.equal(e.change.after.safety_manager_phone, '137****1111', u);
      assert.equal(e.masked, true, u);
      assert.ok(!JSON.stringify(await read(u, 'entity=enterprise')).includes(ENT_PHONE), u);
    }
  });

  test('reading masked entries leaves the chain intact', async () => {
    const r = await (await signIn(s.url, 'supervisor')).get('/api/v1/audit/verify');
    assert.equal(r.body.ok, true, JSON.stringify(r.body));
  });
  after(async () => { if (s) await s.stop(); });
});
