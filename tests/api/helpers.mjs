// Helpers shared by the API suites (tests/api/*.test.mjs). Not a test file
// itself: node --test only runs files named *.test.mjs here.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, Client, DEMO_PASSWORD, tempDir } from '../lib/server.mjs';

// tests/lib/server.mjs registers one process 'exit' listener per temporary
// directory (each demo database copy is one); a suite that starts a dozen
// servers would otherwise print MaxListenersExceededWarning.
process.setMaxListeners(Math.max(process.getMaxListeners(), 100));

let scratch = null;
/** One temporary directory per process for small files (passwords, copies). */
export function scratchDir() {
  if (!scratch) scratch = tempDir();
  return scratch;
}
let nScratch = 0;
const unique = (stem) => `${stem}-${process.pid}-${++nScratch}`;

/** Any CJK ideograph: every error message must be in Chinese. */
export const HAN = /[\u4e00-\u9fff]/;

/** ISO-8601 UTC timestamp as the API writes it. */
export const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Today's date in Beijing (the server's calendar day), and a date n days on. */
export const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
export const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
export const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

/**
 * The harness client, plus one rule checked on every answer: the server
 * never answers 5xx to anything these suites send.
 */
export class ApiClient extends Client {
  async req(method, path, body, headers) {
    const r = await super.req(method, path, body, headers);
    assert.ok(r.status < 500, `${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r;
  }
}

/** A client signed in as username (throws unless the login answers 200). */
export async function signIn(url, username, password = DEMO_PASSWORD) {
  const c = new ApiClient(url);
  await c.login(username, password);
  return c;
}

/**
 * Asserts an error answer: status, JSON content type, {"error":{code,
 * message, field}} with a Chinese message. field: expected field name, or
 * null when no field may be named. mentions: strings/regexps the message
 * must contain (e.g. the field's key or label).
 */
export function assertError(r, status, code, { field, mentions } = {}) {
  const dump = `${r.status} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`;
  assert.equal(r.status, status, `expected ${status} ${code}, got ${dump}`);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, dump);
  assert.equal(typeof r.body, 'object', dump);
  const e = r.body && r.body.error;
  assert.ok(e && typeof e === 'object', `no error object: ${dump}`);
  assert.equal(e.code, code, dump);
  assert.equal(typeof e.message, 'string', dump);
  assert.match(e.message, HAN, `message is not Chinese: ${dump}`);
  if (field === null) assert.equal(e.field, undefined, `no field expected: ${dump}`);
  else if (field !== undefined) assert.equal(e.field, field, dump);
  for (const m of [].concat(mentions === undefined ? [] : mentions)) {
    if (m instanceof RegExp) assert.match(e.message, m, dump);
    else assert.ok(e.message.includes(m), `message should mention ${JSON.stringify(m)}: ${dump}`);
  }
  return e;
}

/** Follows next_cursor from path (which may carry a query) and returns every item. */
export async function listAll(client, path, limit = 200) {
  const items = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor = null;
  for (let guard = 0; guard < 10000; guard++) {
    const r = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
    assert.ok(Array.isArray(r.body.items));
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (cursor === null) return items;
    assert.equal(typeof cursor, 'string');
  }
  throw new Error(`${path}: pagination does not end`);
}

/** Number of audit entries, from GET /api/v1/audit/verify (needs audit.read). */
export async function auditCount(client) {
  const r = await client.get('/api/v1/audit/verify');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.ok, true, JSON.stringify(r.body));
  return r.body.entries;
}

/** Runs the sqlite3 CLI on db with one SQL text; {status, stdout, stderr}. */
export function sqlite(db, sql, flags = []) {
  const r = spawnSync('sqlite3', [...flags, db, sql], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a verb of the binary without blocking the event loop. */
export function zhifaAsync(args) {
  return new Promise((res, rej) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('error', rej);
    p.on('close', (status, signal) => res({ status, signal, stdout, stderr }));
  });
}

/** Writes text (and a newline) to a new file and returns its path. */
export function secretFile(text, dir = scratchDir()) {
  const f = join(dir, unique('pw'));
  writeFileSync(f, `${text}\n`);
  return f;
}

/** Copies a (stopped) database with its -wal file, if any, to a new path. */
export function copyDb(db, dir = scratchDir(), name = `${unique('copy')}.db`) {
  const out = join(dir, name);
  copyFileSync(db, out);
  if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${out}-wal`);
  return out;
}

/** Parses one Set-Cookie value into {name, value, attrs: {lowercased: value|true}}. */
export function parseSetCookie(header) {
  assert.ok(header, 'Set-Cookie header expected');
  const [pair, ...rest] = header.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    if (i < 0) attrs[a.toLowerCase()] = true;
    else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs };
}
