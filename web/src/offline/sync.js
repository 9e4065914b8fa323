// The field app's sync engine: queues writes in the IndexedDB outbox
// (store.js) and replays them in order when the network is there (the
// `online` event, page load, the 立即同步 button, right after a write made
// online). Each success stores the server's answer as the record's new
// base; a 409 stops that inspection's replay and marks the entry as a
// conflict (with the server's current record) until the officer resolves
// it (resolveMine / resolveServer); another 4xx marks the entry as an
// error kept for the officer (retry / drop). Dropped entries go to the
// "discarded" store, listed on the page. Pure rules are in merge.js.
import { reactive, toRaw } from 'vue';
import { api, ApiError } from '../api.js';
import { idb } from './store.js';
import { isVersioned, rebase, replayable, classify, conflictRows, apiTime } from './merge.js';

/** Reactive state for the pages: online flag, outbox size, a change counter. */
export const offline = reactive({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  pending: 0,
  syncing: false,
  tick: 0,
});

function changed(n) {
  if (typeof n === 'number') offline.pending = n;
  offline.tick++;
}

// Entries belong to the account that made them: another account signed in
// on the same phone neither sees nor sends them (they wait for their owner).
let user = null;
const mine = async () => (await idb.outbox()).filter((e) => e.user === user);

async function recount() {
  changed((await mine()).length);
}

let started = false;
/** Sets the signed-in account (ME id); listens to online/offline once and
 * syncs on page load. */
export function startSync(userId) {
  if (userId !== user) {
    user = userId;
    recount().catch(() => {});
  }
  if (started) return;
  started = true;
  window.addEventListener('online', () => { offline.online = true; syncAll(); });
  window.addEventListener('offline', () => { offline.online = false; });
  recount().then(() => { if (navigator.onLine) syncAll(); }).catch(() => {});
}

/** Queues a write; resolves to the stored entry (with seq). */
export async function enqueue({ inspection_id, kind, path, body, base_version, blob, name, hazard_seq }) {
  const entry = { user, inspection_id, kind, path: path || kind, body: body || {}, base_version: base_version ?? null,
    created_at: apiTime(), status: 'pending' };
  if (blob) { entry.blob = blob; entry.name = name || 'photo.jpg'; }
  if (hazard_seq) entry.hazard_seq = hazard_seq; // a photo of the hazard queued as entry hazard_seq
  entry.seq = await idb.add(entry);
  await recount();
  return entry;
}

export const entriesOf = async (id) => (await mine()).filter((e) => e.inspection_id === id).sort((a, b) => a.seq - b.seq);
export const discardedOf = async (id) => (await idb.discarded()).filter((d) => d.inspection_id === id && d.user === user).sort((a, b) => b.seq - a.seq);

async function upload(e) {
  const qs = new URLSearchParams(e.hazard_id ? { link_kind: 'hazard', link_id: String(e.hazard_id), name: e.name }
    : { link_kind: 'inspection', link_id: String(e.inspection_id), name: e.name });
  let res;
  try {
    res = await fetch(`/api/v1/evidence?${qs}`, {
      method: 'POST', credentials: 'same-origin', body: e.blob,
      headers: { 'X-Requested-With': 'zhifa', 'Content-Type': 'application/octet-stream', Accept: 'application/json' },
    });
  } catch (err) {
    throw new ApiError(0, 'network', err && err.message);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code, err.message, err.field, res.headers);
  }
  return data;
}

/** Sends one entry; resolves to the server's answer, throws ApiError (with
 * .current on a 409). */
async function send(e) {
  if (e.kind === 'evidence') return upload(e);
  if (e.kind === 'hazard') return api.post('/hazards', e.body, { redirectOn401: false });
  const url = `/api/v1/inspections/${e.inspection_id}/${e.path}`;
  let res;
  try {
    res = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...e.body, version: e.base_version }),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err && err.message);
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data && data.error) || {};
    const x = new ApiError(res.status, err.code, err.message, err.field, res.headers);
    x.current = data && data.current;
    throw x;
  }
  return data;
}

/** Stores the server's copy of inspection id again (a hazard or photo
 * added changes its list of hazards, not its version); best effort. */
async function refresh(id) {
  try {
    await idb.putRecord(await api.get(`/inspections/${id}/field`, undefined, { redirectOn401: false }));
  } catch {
    // the next load reads it
  }
}

/** Replays one inspection's entries; returns false when the whole sync
 * should stop (network gone, signed out, server trouble). */
async function replayOne(id) {
  for (;;) {
    const all = await mine();
    const e = replayable(all, id)[0];
    if (!e) return true;
    try {
      const r = await send(e);
      await idb.del(e.seq);
      if (isVersioned(e) && r && r.id === id) {
        await idb.putRecord(r);
        for (const x of rebase(all, id, e.base_version, r.version, e.seq)) await idb.put(x);
      }
      if (e.kind === 'hazard' || e.kind === 'evidence') e.result = r;
      if (e.kind === 'hazard' && r && r.id) await relinkPhotos(all, e.seq, { hazard_id: r.id });
      if (e.kind === 'hazard' || e.kind === 'evidence') await refresh(id);
    } catch (err) {
      const what = classify(err);
      if (what === 'stop') return false;
      const error = { status: err.status, code: err.code, message: err.message, field: err.field };
      if (what === 'conflict') {
        await idb.put({ ...e, status: 'conflict', error, server: err.current || null });
        if (err.current) await idb.putRecord(err.current);
        await recount();
        return true;
      }
      await idb.put({ ...e, status: 'error', error });
    }
    await recount();
  }
}

let running = null;
/** Replays the outbox (all inspections, or one), one replay at a time. */
export function syncAll(only) {
  if (running) return running.then(() => (only !== undefined ? syncAll(only) : undefined));
  running = (async () => {
    offline.syncing = true;
    try {
      const ids = [...new Set((await mine()).map((e) => e.inspection_id))];
      for (const id of ids) {
        if (only !== undefined && id !== only) continue;
        if (!(await replayOne(id))) break;
      }
    } catch {
      // IndexedDB trouble: leave the outbox as it is
    } finally {
      offline.syncing = false;
      running = null;
      await recount().catch(() => {});
    }
  })();
  return running;
}

/** The photos queued with hazard entry seq: linked to the saved hazard
 * ({hazard_id}), moved to a retried entry ({hazard_seq}) or, when the
 * hazard is dropped, kept as photos of the inspection ({}). */
async function relinkPhotos(all, seq, to) {
  for (const x of all) {
    if (x.kind !== 'evidence' || x.hazard_seq !== seq) continue;
    const { hazard_seq, hazard_id, ...rest } = x; // eslint-disable-line no-unused-vars
    await idb.put({ ...rest, ...to });
  }
}

/** Removes an unsent hazard entry and its photos (refused while the officer
 * watches: the form keeps them for another try). */
export async function forgetHazard(seq) {
  for (const x of await mine()) if (x.seq === seq || (x.kind === 'evidence' && x.hazard_seq === seq)) await idb.del(x.seq);
  await recount();
}

async function moveBase(e, to) {
  // the later entries made on the same local state follow this one
  const all = await mine();
  for (const x of rebase(all, e.inspection_id, e.base_version, to, e.seq)) await idb.put(x);
}

/** Removes an entry the page has just shown as refused (made online). */
export async function forget(seq) {
  await idb.del(seq);
  await recount();
}

/** 以我的为准: send the officer's change again on the server's current version. */
export async function resolveMine(e) {
  e = toRaw(e);
  const to = e.server ? e.server.version : e.base_version;
  await moveBase(e, to);
  const { server, error, ...rest } = e; // eslint-disable-line no-unused-vars
  await idb.put({ ...rest, base_version: to, status: 'pending' });
  await recount();
  if (navigator.onLine) await syncAll(e.inspection_id);
}

/** 采用服务器的 (or 放弃 an error entry): keep the server's value; the
 * officer's change goes to the discarded log. */
export async function resolveServer(e, why = 'server') {
  e = toRaw(e);
  if (e.status === 'conflict' && e.server) await moveBase(e, e.server.version);
  const { server, ...rest } = e;
  await idb.discard({ user, inspection_id: e.inspection_id, why, at: apiTime(), entry: rest,
    rows: server ? conflictRows(e, server) : null });
  if (e.kind === 'hazard') await relinkPhotos(await mine(), e.seq, {});
  await idb.del(e.seq);
  await recount();
  if (navigator.onLine) await syncAll(e.inspection_id);
}

/** 重试: an error entry is sent again (on the current version) at the end of the queue. */
export async function retry(e, currentVersion) {
  e = toRaw(e);
  const { error, seq, ...rest } = e; // eslint-disable-line no-unused-vars
  await idb.del(seq);
  const to = await idb.add({ ...rest, base_version: isVersioned(e) ? currentVersion : null, status: 'pending' });
  if (e.kind === 'hazard') await relinkPhotos(await mine(), seq, { hazard_seq: to });
  await recount();
  if (navigator.onLine) await syncAll(e.inspection_id);
}
