// Registers the service worker (web/public/sw.js, scope /) in production
// builds and hands it the /assets/* files this page loaded before the worker
// controlled it, so that the app shell opens offline. window.zfOfflineReady
// is a promise of that moment (it rejects with the reason when there can be
// no worker); then <html data-zf-offline="ready"> is set too. The browser
// tests await the promise itself, so a busy machine only makes them slower,
// never fail on a fixed wait.
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const ready = new Promise((resolve, reject) => {
    const start = async () => {
      try {
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        const reg = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          // the worker claims open pages when it activates; a page whose
          // navigation began while it was installing can miss that claim, so
          // ask for it again (claim is idempotent) and wait for the change
          const changed = new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
          reg.active.postMessage({ type: 'claim' });
          await changed;
        }
        // from here on every fetch passes through the worker; hand it what came before
        const urls = performance.getEntriesByType('resource').map((r) => new URL(r.name))
          .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/')).map((u) => u.pathname);
        await new Promise((done) => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => done();
          reg.active.postMessage({ type: 'cache', urls }, [ch.port2]);
        });
        document.documentElement.dataset.zfOffline = 'ready';
        resolve();
      } catch (e) {
        reject(e);   // no service worker (private mode, old browser): the app works online
      }
    };
    if (document.readyState === 'complete') start();
    else window.addEventListener('load', start, { once: true });
  });
  ready.catch(() => {});
  window.zfOfflineReady = ready;
}
