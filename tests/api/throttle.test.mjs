// Login throttling: 5 failures per account and 5 per client address inside
// the window (15 min by default) make every further attempt 429 — even with
// the right password — until the oldest failure leaves the window. Every
// test has its own server so that lockouts do not leak between tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { ApiClient, assertError, signIn, sleep, sqlite } from './helpers.mjs';

const WRONG = 'wrong-password-0';

/** One login attempt from a client address (X-Forwarded-For when given). */
async function attempt(url, username, password, addr) {
  const c = new ApiClient(url);
  const headers = addr ? { 'x-forwarded-for': addr } : {};
  const r = await c.post('/api/v1/session', { username, password }, headers);
  return r;
}

function assertThrottled(r, maxWait = 900) {
  assertError(r, 429, 'too_many_attempts', { field: null, mentions: '分钟' });
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

test('5 failures for one account: the 6th attempt, with the RIGHT password, is 429 with Retry-After', async () => {
  await withServer([], async (s) => {
    for (let i = 1; i <= 5; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG), 401, 'bad_credentials');
    }
    const wait = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD));
    assert.ok(wait > 800, `Retry-After ${wait} should be about the 15-minute window`);
    // still refused: a throttled attempt does not reset anything
    assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD));
    // the lockout was recorded in the audit chain
    await s.stop();
    const out = sqlite(s.db, "SELECT actor, change FROM audit WHERE action='session.throttled'");
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^officer1\|.*"account":"officer1".*"client":"127\.0\.0\.1"/m);
  });
});

test('per-address rule: after 5 failures from 127.0.0.1 every account is 429 from that address', async () => {
  await withServer([], async (s) => {
    const names = ['leader', 'brigade', 'legal', 'no-such-user', 'expert1'];
    for (const n of names) assertError(await attempt(s.url, n, WRONG), 401, 'bad_credentials');
    // none of these accounts has 5 failures, but the address has
    assertThrottled(await attempt(s.url, 'admin', DEMO_PASSWORD));
    assertThrottled(await attempt(s.url, 'officer2', DEMO_PASSWORD));
    // X-Forwarded-For is not believed without --trust-proxy
    assertThrottled(await attempt(s.url, 'officer2', DEMO_PASSWORD, '10.9.9.9'));
  });
});

test('without --trust-proxy a spoofed X-Forwarded-For does not escape the per-address limit', async () => {
  await withServer([], async (s) => {
    for (let i = 1; i <= 5; i++) {
      assertError(await attempt(s.url, `ghost${i}`, WRONG, `10.0.0.${i}`), 401, 'bad_credentials');
    }
    assertThrottled(await attempt(s.url, 'admin', DEMO_PASSWORD, '10.0.0.99'));
  });
});

test('--trust-proxy: an account lockout applies from every address', async () => {
  await withServer(['--trust-proxy'], async (s) => {
    for (let i = 1; i <= 5; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.0.${i}`), 401, 'bad_credentials');
    }
    // a fresh address, the right password: the account is locked
    assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.0.77'));
    assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD, '192.168.1.1, 10.0.0.2'));
    // no address reached 5 failures: other accounts log in from all of them
    assert.equal((await attempt(s.url, 'officer2', DEMO_PASSWORD, '10.0.0.77')).status, 200);
    assert.equal((await attempt(s.url, 'officer2', DEMO_PASSWORD, '10.0.0.1')).status, 200);
    // the lockout is in the audit chain with the client address
    const a = await signIn(s.url, 'admin');
    const r = await a.get('/api/v1/audit?action=session.throttled');
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 1, JSON.stringify(r.body));
    assert.equal(r.body.items[0].actor, 'officer1');
    assert.deepEqual(r.body.items[0].change, { account: 'officer1', client: '10.0.0.5' });
  });
});

test('--trust-proxy: an address lockout applies to every account', async () => {
  await withServer(['--trust-proxy'], async (s) => {
    const names = ['leader', 'brigade', 'legal', 'no-such-user', 'expert1'];
    for (const n of names) assertError(await attempt(s.url, n, WRONG, '10.0.1.1'), 401, 'bad_credentials');
    assertThrottled(await attempt(s.url, 'admin', DEMO_PASSWORD, '10.0.1.1'));
    assertThrottled(await attempt(s.url, 'leader', DEMO_PASSWORD, '10.0.1.1'));
    // the same accounts from another address are fine (1 failure each)
    assert.equal((await attempt(s.url, 'admin', DEMO_PASSWORD, '10.0.1.2')).status, 200);
    assert.equal((await attempt(s.url, 'leader', DEMO_PASSWORD, '10.0.1.2')).status, 200);
    // the first address of a list is the client
    assertThrottled(await attempt(s.url, 'admin', DEMO_PASSWORD, '10.0.1.1, 10.0.1.2'));
  });
});

test('a successful login clears the account\'s failures', async () => {
  await withServer(['--trust-proxy'], async (s) => {
    for (let i = 1; i <= 4; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.2.${i}`), 401, 'bad_credentials');
    }
    assert.equal((await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.2.50')).status, 200);
    for (let i = 5; i <= 8; i++) {
      assertError(await attempt(s.url, 'officer1', WRONG, `10.0.2.${i}`), 401, 'bad_credentials');
    }
    // 4 failures since the success: not locked
    assert.equal((await attempt(s.url, 'officer1', DEMO_PASSWORD, '10.0.2.51')).status, 200);
  });
});

test('--login-window 2: after the window passes the right password works again', async () => {
  await withServer(['--login-window', '2'], async (s) => {
    // concurrently, so that all 5 fall inside the 2 s window
    const rs = await Promise.all([1, 2, 3, 4, 5].map(() => attempt(s.url, 'officer1', WRONG)));
    for (const r of rs) assertError(r, 401, 'bad_credentials');
    const wait = assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD), 2);
    await sleep(wait * 1000 + 300);
    const r = await attempt(s.url, 'officer1', DEMO_PASSWORD);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });
});

test('--login-max-failures 2 lowers the limit', async () => {
  await withServer(['--login-max-failures', '2'], async (s) => {
    assertError(await attempt(s.url, 'officer1', WRONG), 401, 'bad_credentials');
    assertError(await attempt(s.url, 'officer1', WRONG), 401, 'bad_credentials');
    assertThrottled(await attempt(s.url, 'officer1', DEMO_PASSWORD));
  });
});
