// HTTP surface: security headers, the embedded web app (ETag, caching,
// gzip, SPA fallback) and the OpenAPI document against docs/api.md.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, root } from '../lib/server.mjs';
import { ApiClient, assertError } from './helpers.mjs';

let server;
let anon;
let indexHtml;
let assets;   // paths under /assets/ named by index.html

before(async () => {
  server = await startServer();
  anon = new ApiClient(server.url);
  const r = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'identity' } });
  indexHtml = await r.text();
  assets = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
});
after(async () => { if (server) await server.stop(); });

function get(path, headers = {}) {
  return fetch(server.url + path, { headers, redirect: 'manual' });
}

function assertSecurityHeaders(h, where) {
  const csp = h.get('content-security-policy') || '';
  assert.match(csp, /frame-ancestors 'none'/, `${where}: CSP ${csp}`);
  assert.match(csp, /default-src 'self'/, where);
  assert.match(csp, /script-src 'self'(;|$)/, `${where}: no inline or remote scripts`);
  assert.match(csp, /object-src 'none'/, where);
  assert.equal(h.get('x-content-type-options'), 'nosniff', where);
  assert.equal(h.get('referrer-policy'), 'no-referrer', where);
  assert.equal(h.get('x-frame-options'), 'DENY', where);
}

describe('security headers', () => {
  test('on API answers (success and error) with Cache-Control: no-store', async () => {
    for (const [path, status] of [['/api/v1/health', 200], ['/api/v1/me', 401], ['/api/v1/nope', 404],
      ['/api/v1/openapi.json', 200]]) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assertSecurityHeaders(r.headers, path);
      assert.equal(r.headers.get('cache-control'), 'no-store', path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', path);
      await r.arrayBuffer();
    }
  });

  test('on /, on assets, on 304 and on static 404', async () => {
    const root_ = await get('/');
    assertSecurityHeaders(root_.headers, '/');
    await root_.arrayBuffer();
    const a = await get(assets[0]);
    assertSecurityHeaders(a.headers, assets[0]);
    await a.arrayBuffer();
    const nm = await get('/', { 'if-none-match': root_.headers.get('etag') });
    assert.equal(nm.status, 304);
    assertSecurityHeaders(nm.headers, '304');
    const miss = await get('/assets/missing.js');
    assertSecurityHeaders(miss.headers, '404');
    await miss.arrayBuffer();
  });
});

describe('the web app', () => {
  test('/ serves index.html with an ETag and Cache-Control: no-cache', async () => {
    const r = await get('/');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(r.headers.get('etag') || '', /^"[^"]+"$/);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const html = await r.text();
    assert.match(html, /<!doctype html>/i);
    assert.match(html, /<div id="app">/);
    assert.ok(assets.length >= 1, 'index.html names its assets');
  });

  test('If-None-Match with the ETag → 304 without a body; another ETag → 200', async () => {
    const etag = (await get('/')).headers.get('etag');
    const r = await get('/', { 'if-none-match': etag });
    assert.equal(r.status, 304);
    assert.equal(r.headers.get('etag'), etag);
    assert.equal(await r.text(), '');
    const list = await get('/', { 'if-none-match': `"nope", ${etag}` });
    assert.equal(list.status, 304, 'an ETag inside a list matches');
    const other = await get('/', { 'if-none-match': '"something-else"' });
    assert.equal(other.status, 200);
    assert.equal(await other.text(), indexHtml);
  });

  test('/assets/<file> is served immutable with the right type; its ETag revalidates', async () => {
    for (const p of assets) {
      const r = await get(p, { 'accept-encoding': 'identity' });
      assert.equal(r.status, 200, p);
      const cc = r.headers.get('cache-control') || '';
      assert.match(cc, /immutable/, p);
      assert.match(cc, /max-age=31536000/, p);
      const type = r.headers.get('content-type') || '';
      if (p.endsWith('.js')) assert.match(type, /^(application|text)\/javascript/, p);
      if (p.endsWith('.css')) assert.match(type, /^text\/css/, p);
      const body = await r.arrayBuffer();
      assert.ok(body.byteLength > 0);
      const again = await get(p, { 'if-none-match': r.headers.get('etag') });
      assert.equal(again.status, 304, p);
    }
  });

  test('an unknown client route gets index.html (SPA fallback)', async () => {
    for (const p of ['/admin/users', '/audit', '/login', '/some/deep/path', '/me/password?x=1']) {
      const r = await get(p, { 'accept-encoding': 'identity' });
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8', p);
      assert.equal(await r.text(), indexHtml, p);
    }
  });

  test('/assets/missing.js is 404, not the SPA page', async () => {
    for (const p of ['/assets/missing.js', '/assets/', '/assets/index.html']) {
      const r = await anon.get(p);
      assertError(r, 404, 'not_found', { mentions: p });
    }
  });

  test('non-GET on a page → 405 with Allow: GET, HEAD; HEAD works', async () => {
    const r = await anon.req('POST', '/admin/users', {});
    assertError(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
    const h = await fetch(`${server.url}/`, { method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get('content-type'), 'text/html; charset=utf-8');
  });

  test('big assets are served gzip-compressed when the client accepts gzip', async () => {
    const sizes = await Promise.all(assets.map(async (p) => {
      const r = await get(p, { 'accept-encoding': 'identity' });
      return [p, (await r.arrayBuffer()).byteLength];
    }));
    sizes.sort((a, b) => b[1] - a[1]);
    const [big, size] = sizes[0];
    assert.ok(size > 1024, `largest asset ${big} is ${size} bytes`);
    const plain = await get(big, { 'accept-encoding': 'identity' });
    assert.equal(plain.headers.get('content-encoding'), null);
    const plainLen = Number(plain.headers.get('content-length'));
    const plainBody = Buffer.from(await plain.arrayBuffer());
    const gz = await get(big, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.match(gz.headers.get('vary') || '', /Accept-Encoding/i);
    const gzLen = Number(gz.headers.get('content-length'));
    assert.ok(gzLen > 0 && gzLen < plainLen, `gzip ${gzLen} < identity ${plainLen}`);
    // fetch decodes the gzip: the content is the same file
    assert.ok(Buffer.from(await gz.arrayBuffer()).equals(plainBody));
  });
});

/** Routes of docs/api.md's "Routes of the foundation" table: [{method, path, perm, query}]. */
function documentedRoutes() {
  const md = readFileSync(join(root, 'docs', 'api.md'), 'utf8');
  const out = [];
  for (const line of md.split('\n')) {
    const m = /^\|\s*(GET|POST|PATCH|PUT|DELETE)\s*\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (!m) continue;
    const [path, qs] = m[2].split('?');
    const query = qs ? qs.split('&').map((kv) => kv.split('=')[0]) : [];
    const prev = out.find((d) => d.method === m[1] && d.path === path);
    // a route documented on several rows (e.g. two query forms) merges its parameters
    if (prev) prev.query = [...new Set([...prev.query, ...query])];
    else out.push({ method: m[1], path, perm: m[3].replace(/`/g, '').trim(), query });
  }
  return out;
}

describe('OpenAPI', () => {
  let doc;
  before(async () => {
    const r = await anon.get('/api/v1/openapi.json');
    assert.equal(r.status, 200);
    doc = r.body;
  });

  test('is an OpenAPI 3 document whose version is the server\'s', async () => {
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    const h = await anon.get('/api/v1/health');
    assert.equal(doc.info.version, h.body.version);
    assert.deepEqual(doc.components.securitySchemes.cookieAuth, { type: 'apiKey', in: 'cookie', name: 'zf_session' });
    assert.ok(doc.components.schemas.Error);
  });

  test('lists every route of docs/api.md with its permission and query parameters, and no others', () => {
    const documented = documentedRoutes();
    assert.ok(documented.length >= 14, `parsed ${documented.length} routes from docs/api.md`);
    // docs/api.md writes "signed in" for the signed_in permission; every other permission verbatim
    const permOf = (p) => (p === 'signed in' ? 'signed_in' : /^[a-z_]+(\.[a-z_]+)?$/.test(p) && p !== 'undeclared' ? p : null);
    for (const d of documented) {
      const op = doc.paths[d.path] && doc.paths[d.path][d.method.toLowerCase()];
      assert.ok(op, `${d.method} ${d.path} is documented but missing from openapi.json`);
      assert.ok(permOf(d.perm), `unknown permission "${d.perm}" in docs/api.md`);
      assert.equal(op['x-permission'], permOf(d.perm), `${d.method} ${d.path}`);
      const q = (op.parameters || []).filter((p) => p.in === 'query').map((p) => p.name).sort();
      assert.deepEqual(q, [...d.query].sort(), `query parameters of ${d.method} ${d.path}`);
      assert.deepEqual(op.security, d.perm === 'public' ? [] : [{ cookieAuth: [] }], `${d.method} ${d.path}`);
    }
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    assert.deepEqual(ops.sort(), documented.map((d) => `${d.method} ${d.path}`).sort(),
      'openapi.json and docs/api.md list the same routes');
  });

  test('every operation declares an x-permission that is not "undeclared", a summary and responses', () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item)) {
        assert.ok(op['x-permission'] !== 'undeclared' && /^[a-z_]+(\.[a-z_]+)?$/.test(op['x-permission']),
          `${m} ${p}: x-permission ${op['x-permission']}`);
        assert.equal(typeof op.summary, 'string');
        assert.ok(op.summary.length > 0);
        assert.ok(op.responses && op.responses.default, `${m} ${p}`);
        assert.equal(typeof op.operationId, 'string');
        for (const param of (op.parameters || []).filter((x) => x.in === 'path')) {
          assert.ok(p.includes(`{${param.name}}`), `${m} ${p}: path parameter ${param.name}`);
          assert.equal(param.required, true);
        }
      }
    }
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  test('POST /api/v1/users: the request body lists its fields and the required ones', () => {
    const op = doc.paths['/api/v1/users'].post;
    const schema = op.requestBody.content['application/json'].schema;
    assert.equal(op.requestBody.required, true);
    assert.equal(schema.type, 'object');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual([...schema.required].sort(), ['display_name', 'password', 'roles', 'scope', 'username']);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['display_name', 'password', 'roles', 'scope', 'username']);
    assert.equal(schema.properties.username.type, 'string');
    assert.equal(schema.properties.username.minLength, 3);
    assert.equal(schema.properties.username.maxLength, 32);
    assert.equal(schema.properties.roles.type, 'array');
    assert.deepEqual(schema.properties.roles.items, { type: 'string' });
    assert.ok(op.responses['201'], 'POST /users answers 201');
  });

  test('PATCH /api/v1/users/{id} takes optional fields only; POST /session requires both', () => {
    const patch = doc.paths['/api/v1/users/{id}'].patch.requestBody.content['application/json'].schema;
    assert.equal(patch.required, undefined);
    assert.deepEqual(Object.keys(patch.properties).sort(), ['disabled', 'display_name', 'password', 'roles', 'scope']);
    assert.equal(patch.properties.disabled.type, 'boolean');
    const login = doc.paths['/api/v1/session'].post.requestBody.content['application/json'].schema;
    assert.deepEqual([...login.required].sort(), ['password', 'username']);
    assert.equal(doc.paths['/api/v1/session'].delete.requestBody, undefined);
    assert.ok(doc.paths['/api/v1/session'].delete.responses['204']);
  });
});
