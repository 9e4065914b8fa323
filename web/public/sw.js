// Service worker of the zhifa web app (registered by web/src/offline/register.js
// in production builds, scope /). It keeps the app shell so that the field
// pages (/field, /field/:id) open with the network cut:
// - navigations: network first, the last index.html from the cache when the
//   network fails (answered with X-Zhifa-SW: cache);
// - /assets/* (hashed, immutable): cache first, stored as they are fetched;
//   on install and on each new index.html (a new release) the entry's assets
//   and the field pages' chunks are fetched ahead;
// - /api/* and anything not GET: never touched (the app keeps its own data
//   in IndexedDB, see web/src/offline/store.js).
// The page posts {type: 'cache', urls} with the assets it loaded before this
// worker controlled it. Old caches (another CACHE name) are dropped on activate.
const CACHE = 'zhifa-shell-v1';
const INDEX = '/index.html';

const assetsOf = (html) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

/** The field pages' lazy chunks and what they import, read from the entry
 * chunk's Vite dependency map (`m.f=["assets/…",…]` and
 * `import("./FieldWalkView-….js"),__vite__mapDeps([i,…])`), so that they are
 * kept even when the officer has not opened them since a new release. */
function fieldChunksOf(js) {
  const files = /m\.f=\[([^\]]*)\]/.exec(js);
  const list = files ? [...files[1].matchAll(/"([^"]+)"/g)].map((m) => '/' + m[1]) : [];
  const out = [];
  for (const m of js.matchAll(/import\("\.\/(Field[\w]*View-[\w-]+\.js)"\)(?:,__vite__mapDeps\(\[([\d,]*)\]\))?/g)) {
    out.push('/assets/' + m[1]);
    for (const i of (m[2] || '').split(',').filter(Boolean)) if (list[Number(i)]) out.push(list[Number(i)]);
  }
  return out;
}

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/', { cache: 'no-cache', credentials: 'same-origin' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(INDEX, res);
  const assets = assetsOf(html);
  await Promise.all(assets.map((u) => cache.add(u).catch(() => {})));
  for (const u of assets.filter((a) => a.endsWith('.js'))) {
    const js = await (await cache.match(u))?.text().catch(() => '');
    if (!js) continue;
    for (const c of fieldChunksOf(js)) if (!(await cache.match(c))) await cache.add(c).catch(() => {});
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const k of await caches.keys()) if (k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const d = event.data || {};
  // a page that loaded while this worker was installing can miss the claim
  // made on activation: it asks again
  if (d.type === 'claim') { event.waitUntil(self.clients.claim()); return; }
  if (d.type !== 'cache') return;
  const urls = (d.urls || []).filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const u of urls) if (!(await cache.match(u))) await cache.add(u).catch(() => {});
    if (!(await cache.match(INDEX))) await cacheShell().catch(() => {});
    if (event.ports && event.ports[0]) event.ports[0].postMessage({ ok: true, cached: urls.length });
  })());
});

async function navigate(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok && (res.headers.get('Content-Type') || '').startsWith('text/html')) {
      const old = await cache.match(INDEX);
      const etag = res.headers.get('ETag');
      await cache.put(INDEX, res.clone());
      // a new release: keep its field pages too (in the background)
      if (!old || old.headers.get('ETag') !== etag) cacheShell().catch(() => {});
    }
    return res;
  } catch (e) {
    const hit = await cache.match(INDEX);
    if (!hit) throw e;
    const headers = new Headers(hit.headers);
    headers.set('X-Zhifa-SW', 'cache');
    return new Response(await hit.blob(), { status: 200, headers });
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') event.respondWith(navigate(req));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(req));
});
