// Registers the service worker (web/public/sw.js, scope /) in production
// builds and hands it the /assets/* files this page loaded before the worker
// controlled it, so that the app shell opens offline. When the worker has
// them, <html data-zf-offline="ready"> (the browser test waits for it).
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  window.addEventListener('load', async () => {
    try {
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      const reg = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
      // from here on every fetch passes through the worker; hand it what came before
      const urls = performance.getEntriesByType('resource').map((r) => new URL(r.name))
        .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/')).map((u) => u.pathname);
      await new Promise((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        reg.active.postMessage({ type: 'cache', urls }, [ch.port2]);
      });
      document.documentElement.dataset.zfOffline = 'ready';
    } catch {
      // no service worker (private mode, old browser): the app works online
    }
  });
}
