// Browser-test helpers shared by tests/e2e/*: Debian's chromium driven by
// playwright-core (never a downloaded browser), a page per test with CSP
// and script errors collected, and signing in through the login page.
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD, startServer } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// headless as root in a closed network: no sandbox, no background traffic
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts headless chromium; fails clearly when it is not installed. */
export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Returns openPage(t, viewport?): a new context on the server's URL (zh-CN)
 * closed after test t, with page errors and CSP refusals collected in
 * `problems`. getBrowser/getServer are read when a page is opened.
 */
export function pageOpener(getBrowser, getServer, { timeout = 15000, viewport: dflt = { width: 1280, height: 800 } } = {}) {
  return async function openPage(t, viewport = dflt) {
    const context = await getBrowser().newContext({ baseURL: getServer().url, viewport, locale: 'zh-CN' });
    context.setDefaultTimeout(timeout);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    t.after(() => context.close());
    return { context, page, problems };
  };
}

/** Signs in through the login page and waits for the workbench. */
export async function uiLogin(page, username, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => new URL(u).pathname === '/');
}

/**
 * The usual browser suite: before all tests a fresh demo server (login
 * throttling relaxed) and chromium, after them both stopped. Returns
 * { server, browser } (filled in before the tests run) and openPage as
 * pageOpener gives it with these options. `setup(suite)`, when given, runs
 * in the same hook once both are up (a second top-level before() would
 * start at once, beside this one, not after it).
 */
export function browserSuite({ setup, ...options } = {}) {
  const suite = { server: null, browser: null };
  before(async () => {
    suite.server = await startServer({ args: ['--login-max-failures', '1000'] });
    suite.browser = await launchBrowser();
    if (setup) await setup(suite);
  });
  after(async () => {
    if (suite.browser) await suite.browser.close();
    if (suite.server) await suite.server.stop();
  });
  suite.openPage = pageOpener(() => suite.browser, () => suite.server, options);
  return suite;
}
