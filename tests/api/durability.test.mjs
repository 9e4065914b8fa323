// Durability: an acknowledged write survives kill -9; an online backup taken
// while writes stream in is consistent; SIGTERM drains and checkpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, zhifa, tempDir, Client } from '../lib/server.mjs';
import { ApiClient, signIn, listAll, sqlite, zhifaAsync, sleep } from './helpers.mjs';

/**
 * Streams PATCH display_name = "<prefix>-<i>" at one account with `inflight`
 * concurrent requests until stop() is called. Records every i answered 200
 * (acked) and every i sent. Network errors (server killed) end a worker.
 */
function writeStream(client, id, prefix, inflight = 4) {
  const acked = [];
  const sent = [];
  const failures = [];
  let next = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      const i = next++;
      sent.push(i);
      try {
        const r = await client.patch(`/api/v1/users/${id}`, { display_name: `${prefix}-${i}` });
        if (r.status === 200) acked.push(i);
        else failures.push(`${i}: ${r.status} ${JSON.stringify(r.body)}`);
      } catch {
        return;   // connection refused/reset: the server is gone
      }
    }
  };
  const workers = Promise.all(Array.from({ length: inflight }, worker));
  return {
    acked, sent, failures,
    stop: async () => { running = false; await workers; },
  };
}

async function officerId(client) {
  const r = await client.get('/api/v1/users?q=officer2');
  return r.body.items.find((u) => u.username === 'officer2').id;
}

test('kill -9 during a stream of writes: every acknowledged write is still there after restart', async () => {
  const s = await startServer();
  const admin = await signIn(s.url, 'admin');
  const id = await officerId(admin);
  // a plain client for the stream: its 5xx land in w.failures, connection errors end it
  const raw = new Client(s.url);
  raw.cookie = admin.cookie;
  const w = writeStream(raw, id, 'n');
  await sleep(2000);
  s.proc.kill('SIGKILL');
  await new Promise((res) => (s.proc.exitCode !== null || s.proc.signalCode !== null ? res() : s.proc.once('exit', res)));
  assert.equal(s.proc.signalCode, 'SIGKILL');
  await w.stop();
  assert.deepEqual(w.failures, []);
  assert.ok(w.acked.length >= 20, `only ${w.acked.length} writes acknowledged in 2 s`);

  const s2 = await startServer({ db: s.db });
  const a2 = new ApiClient(s2.url);   // new port; the same session cookie
  a2.cookie = admin.cookie;
  try {
    // the session itself was durable too
    assert.equal((await a2.get('/api/v1/me')).status, 200);
    const entries = await listAll(a2, `/api/v1/audit?entity=account&entity_id=${id}&action=account.update`);
    const names = new Set(entries.map((e) => e.change.after.display_name));
    const lost = w.acked.filter((i) => !names.has(`n-${i}`));
    assert.deepEqual(lost, [], `${lost.length} of ${w.acked.length} acknowledged writes lost`);
    // nothing that was never sent appears, and the current value is one that was sent
    const sent = new Set(w.sent.map((i) => `n-${i}`));
    assert.ok([...names].every((n) => sent.has(n)));
    const now = (await a2.get(`/api/v1/users/${id}`)).body.display_name;
    assert.ok(sent.has(now), now);
    const v = await a2.get('/api/v1/audit/verify');
    assert.equal(v.body.ok, true, JSON.stringify(v.body));
  } finally {
    assert.equal(await s2.stop(), 0);
  }
  const ic = sqlite(s.db, 'PRAGMA integrity_check');
  assert.equal(ic.status, 0, ic.stderr);
  assert.equal(ic.stdout.trim(), 'ok');
  const r = zhifa(['audit', 'verify', '--db', s.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit chain ok/);
});

test('zhifa backup while the server takes writes: the copy is consistent and usable', async () => {
  const s = await startServer();
  const out = join(tempDir(), 'backup.db');
  try {
    const admin = await signIn(s.url, 'admin');
    const id = await officerId(admin);
    const raw = new Client(s.url);
    raw.cookie = admin.cookie;
    const w = writeStream(raw, id, 'b');
    await sleep(300);
    const ackedBefore = w.acked.length;
    const r = await zhifaAsync(['backup', '--db', s.db, '--out', out]);
    await sleep(300);
    await w.stop();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /backup written to/);
    assert.deepEqual(w.failures, []);
    assert.ok(w.acked.length > ackedBefore, 'writes kept flowing during and after the backup');
    assert.ok(existsSync(out));
    assert.ok(!existsSync(`${out}.part`), 'no partial file left behind');
    // the live database carries on
    assert.equal((await admin.get('/api/v1/health')).status, 200);
  } finally {
    await s.stop();
  }
  const ic = sqlite(out, 'PRAGMA integrity_check');
  assert.equal(ic.stdout.trim(), 'ok', ic.stderr);
  assert.equal(sqlite(out, 'PRAGMA journal_mode').stdout.trim(), 'delete');
  assert.equal(sqlite(out, 'SELECT count(*) FROM account').stdout.trim(), '11');
  const v = zhifa(['audit', 'verify', '--db', out]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /audit chain ok/);
  // the backup serves
  const b = await startServer({ db: out });
  try {
    const a = await signIn(b.url, 'admin');
    assert.equal((await a.get('/api/v1/users?q=officer2')).body.items.length, 1);
  } finally { await b.stop(); }
});

test('backup refuses a missing source and does not create it', () => {
  const dir = tempDir();
  const r = zhifa(['backup', '--db', join(dir, 'none.db'), '--out', join(dir, 'b.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /does not exist/);
  assert.ok(!existsSync(join(dir, 'none.db')));
  assert.ok(!existsSync(join(dir, 'b.db')));
});

test('SIGTERM: the server exits 0 promptly and leaves no WAL behind', async () => {
  const s = await startServer();
  const admin = await signIn(s.url, 'admin');
  const id = await officerId(admin);
  for (let i = 0; i < 20; i++) {
    assert.equal((await admin.patch(`/api/v1/users/${id}`, { display_name: `t-${i}` })).status, 200);
  }
  assert.ok(existsSync(`${s.db}-wal`), 'writes went through the WAL');
  const t0 = Date.now();
  const code = await s.stop('SIGTERM');
  const took = Date.now() - t0;
  assert.equal(code, 0, s.log());
  assert.ok(took < 5000, `took ${took} ms to stop`);
  const wal = `${s.db}-wal`;
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed');
  assert.match(s.log(), /checkpointed/);
  // the last write is in the main database file
  assert.equal(sqlite(s.db, "SELECT display_name FROM account WHERE username='officer2'").stdout.trim(), 't-19');
});

test('SIGINT stops the server the same way', async () => {
  const s = await startServer();
  const code = await s.stop('SIGINT');
  assert.equal(code, 0, s.log());
});
