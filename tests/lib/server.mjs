// Test harness shared by the API (node:test) and browser (playwright-core)
// suites: builds demo databases from the real binary and starts
// `zhifa serve` on a random loopback port. No mocks: every test talks to
// the binary that `make` built (ZHIFA_BIN overrides, `make test` points it
// at the sanitizer build).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = resolve(root, process.env.ZHIFA_BIN || 'build/zhifa');
export const DEMO_PASSWORD = 'demo-pass-2026';

let templateDb = null;

/** A fresh temporary directory, removed when the process exits. */
const tempDirs = [];
process.on('exit', () => { for (const d of tempDirs) rmSync(d, { recursive: true, force: true }); });
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'zhifa-test-'));
  tempDirs.push(dir);
  return dir;
}

/** Runs a verb of the binary synchronously; returns {status, stdout, stderr}. */
export function zhifa(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

/** Path of a new copy of the demo database (built once per process). */
export function demoDb() {
  if (!templateDb) {
    const dir = tempDir();
    templateDb = join(dir, 'template.db');
    const r = zhifa(['demo', '--db', templateDb, '--password', DEMO_PASSWORD]);
    if (r.status !== 0) throw new Error(`zhifa demo failed: ${r.stderr}`);
  }
  const dir = tempDir();
  const db = join(dir, 'demo.db');
  copyFileSync(templateDb, db);
  return db;
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

/**
 * Starts `zhifa serve` on a free loopback port. Options: db (default a fresh
 * demo copy), args (extra flags). Resolves to {url, port, db, proc, stop()}.
 */
export async function startServer(options = {}) {
  const db = options.db || demoDb();
  const port = await freePort();
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '2', ...(options.args || [])];
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // never leave a server behind, even when the test process dies
  const reap = () => { if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL'); };
  process.on('exit', reap);
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`server did not start:\n${log}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (signal = 'SIGTERM') => {
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    const done = new Promise((res) => proc.once('exit', (code) => res(code)));
    proc.kill(signal);
    return done;
  };
  return { url, port, db, proc, stop, log: () => log };
}

/**
 * A tiny client that keeps the session cookie, sends JSON with the right
 * content type, and returns {status, headers, body} (body parsed when JSON).
 */
export class Client {
  constructor(url) { this.url = url; this.cookie = null; }
  async req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!('content-type' in h)) h['content-type'] = 'application/json';
    }
    const r = await fetch(this.url + path, { method, headers: h, body: payload, redirect: 'manual' });
    const set = r.headers.get('set-cookie');
    if (set) {
      const m = /zf_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `zf_session=${m[1]}` : null;
    }
    const text = await r.text();
    let parsed = text;
    if ((r.headers.get('content-type') || '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: r.status, headers: r.headers, body: parsed };
  }
  get(p, h) { return this.req('GET', p, undefined, h); }
  post(p, b, h) { return this.req('POST', p, b, h); }
  patch(p, b, h) { return this.req('PATCH', p, b, h); }
  del(p, h) { return this.req('DELETE', p, undefined, h); }
  async login(username, password = DEMO_PASSWORD) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }
}

/** Today's date in Beijing (the server's calendar day). */
export const beijingToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * Schedules n routine inspections for today (Beijing) by 执法一中队 with 李明
 * (officer1) and 刘芳, each of a different demo 危化 enterprise, as brigade;
 * returns their records.
 */
export async function scheduleToday(url, n = 1) {
  const c = new Client(url);
  await c.login('brigade');
  const u = await c.get('/api/v1/units?limit=200');
  const unit = u.body.items.find((x) => x.name === '执法一中队').id;
  const staff = async (name) => (await c.get(`/api/v1/staff?q=${encodeURIComponent(name)}`)).body.items
    .find((x) => x.name === name).id;
  const officers = [await staff('李明'), await staff('刘芳')];
  const ents = (await c.get('/api/v1/enterprises?status=active&limit=200')).body.items
    .filter((e) => e.sector === 'chem' && e.id > 12);
  const out = [];
  for (const e of ents.reverse()) {
    const r = await c.post('/api/v1/inspections', { enterprise_id: e.id, unit_id: unit, type: 'routine',
      window_from: beijingToday(), window_to: beijingToday(), officers });
    if (r.status === 201) out.push(r.body);
    if (out.length === n) break;
  }
  if (out.length !== n) throw new Error(`scheduleToday: ${out.length} of ${n} inspections scheduled`);
  return out;
}

export { root, existsSync };
