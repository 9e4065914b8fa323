// Login throttling that an attacker cannot turn into a lockout (core/auth.c):
// - account backoff: after --login-max-failures failures an account's next
//   attempt, from anywhere, waits 2^(failures − limit + 1) s (2, 4, 8 …) after the latest
//   failure, at most 60 s; attempts inside the wait are 429, not counted;
// - address limit: an address with that many failures may not try again the
//   accounts it failed on until the window passes — but its correct login to
//   another account still succeeds;
// - the old password of POST /me/password is throttled the same way;
// - behind --trust-proxy the client is the rightmost X-Forwarded-For entry.
// Every test has its own server so that failures do not leak between tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, sleep, sqlite } from './helpers.mjs';

const WRONG = 'wrong-password-0';
const LIMIT = ['--trust-proxy', '--login-max-failures', '3'];

/** One login attempt from a client address (X-Forwarded-For when given). */
async function attempt(url, username, password, addr) {
  const c = new ApiClient(url);
  const headers = addr ? { 'x-forwarded-for': addr } : {};
  return c.post('/api/v1/session', { username, password }, headers);
}

function assertThrottled(r, maxWait = 900) {
  assertError(r, 429, 'too_many_attempts', { field: null, mentions: /请 \d+ (秒|分钟)后再试/ });
  const wait = r.headers.get('retry-after');
  assert.match(wait || '', /^\d+$/, `Retry-After should be a number of seconds, got ${wait}`);
  assert.ok(Number(wait) > 0 && Number(wait) <= maxWait, `Retry-After ${wait} out of (0, ${maxWait}]`);
  assert.equal(r.headers.get('set-cookie'), null);
  return Number(wait);
}

async function withServer(args, fn) {
  const s = await startServer({ args });
  try { return await fn(s); } finally { await s.stop(); }
}

/** Logs in from addr, waiting out a (short) backoff once; returns the answer. */
async function loginAfterBackoff(url, username, addr) {
  let r = await attempt(url, username, DEMO_PASSWORD, addr);
  if (r.status === 429) {
    const wait = assertThrottled(r, 60);
    await sleep(wait * 1000 + 1100);
    r = await attempt(url, username, DEMO_PASSWORD, addr);
  }
  return r;
}

test('the admin is not locked out by another address\'s failures: after the short backoff the right password works', async () => {
  await withServer(LIMIT, async (s) => {
    for (let i = 0; i < 3; i++) assertError(await attempt(s.url, 'admin', WRONG, '10.0.0.66'), 401, 'bad_credentials');
    // the attacker's address is kept away from the admin account for the window …
    const wait = assertThrottled(await attempt(s.url, 'admin', DEMO_PASSWORD, '10.0.0.66'));
    assert.ok(wait > 800, `the attacking address waits about the window, not ${wait} s`);
    // … while the admin, elsewhere, waits at most the backoff (2 s here)
    const r = await loginAfterBackoff(s.url, 'admin', '10.0.0.1');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // the attacker's attempts inside its block were not counted: still blocked, no longer
    assert.ok(assertThrottled(await attempt(s.url, 'admin', WRONG, '10.0.0.66')) <= wait);
  });
});

test('the backoff grows with each counted failure (2, 4, 8 s …) and attempts inside it are not counted', async () => {
  await withServer(LIMIT, async (s) => {
    // every failure from a fresh address: only the account rule applies
    let n = 0;
    const fail = async () => assertError(await attempt(s.url, 'officer1', WRONG, `10.0.1.${++n}`), 401, 'bad_credentials');
    await fail(); await fail(); await fail();
    const w1 = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.1.100'), 2);
    // refused attempts inside the backoff do not make it longer
    assert.ok(assertThrottled(await attempt(s.url, 'officer1', WRONG, '10.0.1.101'), 2) <= w1);
    await sleep(w1 * 1000 + 1100);
    await fail();                            // 4th failure: the next attempt waits 4 s
    const w2 = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.1.102'), 4);
    assert.ok(w2 > w1, `backoff grows: ${w1} s then ${w2} s`);
    await sleep(w2 * 1000 + 1100);
    await fail();                            // 5th failure: 8 s
    const w3 = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.1.103'), 8);
    assert.ok(w3 > w2, `backoff grows: ${w2} s then ${w3} s`);
    await sleep(w3 * 1000 + 1100);
    assert.equal((await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.1.104')).status, 200);
  });
});

test('an address over the limit still logs in to another account with the right password', async () => {
  await withServer(LIMIT, async (s) => {
    const addr = '10.0.2.9';
    for (const n of ['expert1', 'expert1', 'no-such-user']) {
      assertError(await attempt(s.url, n, WRONG, addr), 401, 'bad_credentials');
    }
    // a colleague behind the same address, right password: in
    assert.equal((await attempt(s.url, 'officer2', DEMO_PASSWORD, addr)).status, 200);
    assert.equal((await attempt(s.url, 'leader', DEMO_PASSWORD, addr)).status, 200);
    // an account this address failed on stays blocked for it, even with the right password
    assertThrottled(await attempt(s.url, 'expert1', DEMO_PASSWORD, addr));
    // a wrong password for a new account is counted and blocks that account too
    assertError(await attempt(s.url, 'legal', WRONG, addr), 401, 'bad_credentials');
    assertThrottled(await attempt(s.url, 'legal', DEMO_PASSWORD, addr));
    // expert1 (2 failures) from elsewhere is fine
    assert.equal((await attempt(s.url, 'expert1', DEMO_PASSWORD, '10.0.2.10')).status, 200);
  });
});

test('guessing the old password of POST /me/password is throttled like a login', async () => {
  await withServer(LIMIT, async (s) => {
    const c = new ApiClient(s.url);
    const h = { 'x-forwarded-for': '10.0.3.3' };
    assert.equal((await c.post('/api/v1/session', { username: 'officer2', password: DEMO_PASSWORD }, h)).status, 200);
    for (let i = 0; i < 3; i++) {
      assertError(await c.post('/api/v1/me/password', { old_password: `guess-${i}-Password`, new_password: 'Brand-new-pass-1' }, h),
        400, 'invalid', { field: 'old_password', mentions: '原密码' });
    }
    // the 4th guess, even the right one, is refused: the session cannot be used to find the password
    assertThrottled(await c.post('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: 'Brand-new-pass-1' }, h));
    // the password did not change
    assert.equal((await loginAfterBackoff(s.url, 'officer2', '10.0.3.4')).status, 200);
    // the failures are in the security log
    const sup = await signIn(s.url, 'supervisor');
    const log = await sup.get('/api/v1/security-log?kind=password_failed&account=officer2');
    assert.equal(log.status, 200);
    assert.equal(log.body.items.reduce((a, x) => a + x.count, 0), 3, JSON.stringify(log.body));
    assert.equal(log.body.items[0].client, '10.0.3.3');
  });
});

test('--trust-proxy: the client is the RIGHTMOST X-Forwarded-For entry (the one the proxy appended)', async () => {
  await withServer(LIMIT, async (s) => {
    // the client sends any leftmost entries it likes; the proxy appends the real address
    for (let i = 0; i < 3; i++) {
      assertError(await attempt(s.url, 'brigade', WRONG, `192.0.2.${i}, 10.0.4.4`), 401, 'bad_credentials');
    }
    // the same real address, another invented leftmost: still the blocked pair
    assert.ok(assertThrottled(await attempt(s.url, 'brigade', DEMO_PASSWORD, '192.0.2.99, 10.0.4.4')) > 800);
    const r = await attempt(s.url, 'leader', DEMO_PASSWORD, '6.6.6.6,  10.0.4.5');
    assert.equal(r.status, 200);
    const a = await signIn(s.url, 'supervisor');
    const audit = await a.get('/api/v1/audit?action=session.login&actor=leader');
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items[0].change.client, '10.0.4.5', JSON.stringify(audit.body.items[0]));
  });
});

test('without --trust-proxy X-Forwarded-For is ignored: the socket address counts', async () => {
  await withServer(['--login-max-failures', '3'], async (s) => {
    for (let i = 1; i <= 3; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.5.${i}`), 401, 'bad_credentials');
    }
    // one address (127.0.0.1) failed 3 times on officer1: blocked for the window
    assert.ok(assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.5.99')) > 800);
    // the same address logs in to another account
    assert.equal((await attempt(s.url, 'officer2', DEMO_PASSWORD, '10.0.5.99')).status, 200);
    // the limit was recorded in the audit chain once
    await s.stop();
    const out = sqlite(s.db, "SELECT actor, change FROM audit WHERE action='session.throttled'");
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^officer1\|.*"account":"officer1".*"client":"127\.0\.0\.1"/m);
  });
});

test('a successful login clears the account\'s failures', async () => {
  await withServer(['--trust-proxy'], async (s) => {
    for (let i = 1; i <= 4; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.6.${i}`), 401, 'bad_credentials');
    }
    assert.equal((await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.6.50')).status, 200);
    for (let i = 5; i <= 8; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.6.${i}`), 401, 'bad_credentials');
    }
    // 4 failures since the success: no backoff yet
    assert.equal((await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.6.51')).status, 200);
  });
});

test('--login-window 6 --login-max-failures 2: after the window passes the blocked address tries again', async () => {
  await withServer(['--login-window', '6', '--login-max-failures', '2'], async (s) => {
    // concurrently, so that both fall well inside the window even on a busy machine
    const rs = await Promise.all([1, 2].map(() => attempt(s.url, 'officer1', WRONG)));
    for (const r of rs) assertError(r, 401, 'bad_credentials');
    const wait = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD), 6);
    await sleep(wait * 1000 + 1100);
    const r = await attempt(s.url, 'officer1', DEMO_PASSWORD);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
});

test('HSTS only when the client reached us over HTTPS: a trusted proxy saying X-Forwarded-Proto: https', async () => {
  await withServer(['--trust-proxy'], async (s) => {
    const c = new ApiClient(s.url);
    const plain = await c.get('/api/v1/health');
    assert.equal(plain.headers.get('strict-transport-security'), null);
    const tls = await c.get('/api/v1/health', { 'x-forwarded-proto': 'https' });
    assert.match(tls.headers.get('strict-transport-security') || '', /max-age=\d{7,}/);
  });
  await withServer([], async (s) => {   // an untrusted client cannot ask for it
    const r = await new ApiClient(s.url).get('/api/v1/health', { 'x-forwarded-proto': 'https' });
    assert.equal(r.headers.get('strict-transport-security'), null);
  });
});
