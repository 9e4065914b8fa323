// Service worker of the zhifa web app (registered by web/src/offline/register.js
// in production builds, scope /). It keeps the app shell so that the field
// pages (/field, /field/:id) open with the network cut:
// - navigations: network first, the last index.html from the cache when the
//   network fails (answered with X-Zhifa-SW: cache);
// - /assets/* (hashed, immutable): cache first, stored as they are fetched;
// - /api/* and anything not GET: never touched (the app keeps its own data
//   in IndexedDB, see web/src/offline/store.js).
// The page posts {type: 'cache', urls} with the assets it loaded before this
// worker controlled it. Old caches (another CACHE name) are dropped on activate.
const CACHE = 'zhifa-shell-v1';
const INDEX = '/index.html';

const assetsOf = (html) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch('/', { cache: 'no-cache', credentials: 'same-origin' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(INDEX, res);
  await Promise.all(assetsOf(html).map((u) => cache.add(u).catch(() => {})));
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
      await cache.put(INDEX, res.clone());
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
