// IndexedDB of the field app (database "zhifa-field"), the raw IDB API in a
// few promise helpers. Object stores:
//   records   — the newest server copy of each /field record (key: id);
//   today     — the 今日检查 list of an account (key: user id);
//   outbox    — unsent writes in order (key: seq, auto-increment), see
//               merge.js; photo Blobs are kept inside their entry;
//   discarded — changes the officer dropped in favour of the server's value
//               or after an error (key: seq), shown on the page, never lost
//               silently.
const DB_NAME = 'zhifa-field';
const DB_VERSION = 1;
let opening = null;

function open() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('records')) db.createObjectStore('records', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('today')) db.createObjectStore('today', { keyPath: 'user' });
      if (!db.objectStoreNames.contains('outbox')) {
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('inspection', 'inspection_id');
      }
      if (!db.objectStoreNames.contains('discarded')) {
        db.createObjectStore('discarded', { keyPath: 'seq', autoIncrement: true }).createIndex('inspection', 'inspection_id');
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { opening = null; reject(req.error); };
  });
  return opening;
}

/** Runs fn(store) in a transaction on `name`; resolves to the request's result. */
async function run(name, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const req = fn(tx.objectStore(name));
    let out;
    if (req) req.onsuccess = () => { out = req.result; };
    tx.oncomplete = () => resolve(out);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const idb = {
  getRecord: (id) => run('records', 'readonly', (s) => s.get(id)),
  /** Stores a server copy unless the device already holds a newer one (a
   * slow GET must not undo what a replay stored meanwhile). */
  putRecord: (rec) => run('records', 'readwrite', (s) => {
    const req = s.get(rec.id);
    req.onsuccess = () => {
      if (!req.result || !(req.result.version > rec.version)) s.put(rec);
    };
    return null;
  }),
  getToday: (user) => run('today', 'readonly', (s) => s.get(user)),
  putToday: (user, items) => run('today', 'readwrite', (s) => s.put({ user, items, at: Date.now() })),
  /** Every outbox entry, in order. */
  outbox: () => run('outbox', 'readonly', (s) => s.getAll()),
  add: (entry) => run('outbox', 'readwrite', (s) => s.add(entry)),
  put: (entry) => run('outbox', 'readwrite', (s) => s.put(entry)),
  del: (seq) => run('outbox', 'readwrite', (s) => s.delete(seq)),
  discarded: () => run('discarded', 'readonly', (s) => s.getAll()),
  discard: (item) => run('discarded', 'readwrite', (s) => s.add(item)),
};
