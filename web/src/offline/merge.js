// Pure logic of the field app's outbox (no browser APIs, so node:test can
// run it: tests/api/offline_merge.test.mjs).
//
// An outbox ENTRY is one unsent write:
//   {seq, inspection_id, kind, path, body, base_version, created_at,
//    status: 'pending' | 'conflict' | 'error', error?, server?}
// kind is the fieldwork write (start, steps, attendance, results, notes,
// report, close — these carry the inspection's version) or 'hazard' /
// 'evidence' (no version). A photo of a hazard (evidence with hazard_seq,
// the hazard entry's seq) is sent once the hazard is saved (hazard_id). base_version is the server version of the
// record the officer was looking at when the change was made.
//
// - applyPending(base, entries): the record as the officer sees it — the
//   last server copy with every unsent change laid over it;
// - rebase(entries, from, to): after a write made on version `from`
//   succeeded and the server answered `to`, the later writes made on the
//   same local state move to `to` (they were made on top of it); writes by
//   someone else still raise a 409, which becomes a conflict;
// - classify(err): what a failed replay means (conflict, error to show on
//   the entry, or stop and retry later);
// - conflictRows(entry, server): the officer's value next to the server's,
//   field by field, for the conflict view.

export const VERSIONED = ['start', 'steps', 'attendance', 'results', 'notes', 'report', 'close'];
export const STEP_COLUMN = { notice: 'notice_at', check: 'check_at', feedback: 'feedback_at' };
export const ATTENDANCE = ['principal_present', 'principal_name', 'safety_manager_present',
  'safety_manager_name', 'operators_present', 'operators_names'];

export const isVersioned = (e) => VERSIONED.includes(e.kind);

/** UTC time as the API wants it: YYYY-MM-DDTHH:MM:SSZ. */
export function apiTime(d = new Date()) {
  return d.toISOString().slice(0, 19) + 'Z';
}

const clone = (x) => (x == null ? x : JSON.parse(JSON.stringify(x)));

/** RECORD with one unsent change laid over it (a new object). */
export function applyEntry(rec, e) {
  const r = clone(rec);
  if (!r) return r;
  const b = e.body || {};
  const site = () => (r.site = r.site || {});
  switch (e.kind) {
    case 'start':
      r.status = 'in_progress';
      site().started_at = b.actual_start || e.created_at;
      if (!r.actual_start) r.actual_start = b.actual_start || e.created_at;
      break;
    case 'steps':
      if (STEP_COLUMN[b.step]) site()[STEP_COLUMN[b.step]] = b.at || e.created_at;
      break;
    case 'attendance':
      for (const k of ATTENDANCE) if (b[k] !== undefined) site()[k] = b[k];
      break;
    case 'notes':
      if (b.measures !== undefined) site().measures = b.measures;
      if (b.education !== undefined) site().education = b.education;
      break;
    case 'results':
      for (const it of b.items || []) {
        const l = (r.checklist || []).find((x) => x.line_id === it.line_id);
        if (l) l.result = { ...(l.result || {}), verdict: it.verdict, note: it.note || '', pending: true };
      }
      break;
    case 'report':
      r.status = 'reported';
      site().reported_at = b.actual_end || e.created_at;
      if (b.late_reason) site().late_reason = b.late_reason;
      break;
    case 'close':
      r.status = 'closed';
      break;
    case 'hazard': // listed on the walk-through as not yet synced
      r.hazards = [...(r.hazards || []), { id: null, seq: e.seq, description: b.description || '', place: b.place || '',
        category: b.category, rectify: b.rectify, deadline: b.deadline || null, status: 'open', photos: 0, pending: true }];
      break;
    default:
      break; // evidence: a separate record
  }
  return r;
}

/** The base record with the inspection's unsent entries (in order) applied. */
export function applyPending(base, entries) {
  let r = clone(base);
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (e.inspection_id === (base && base.id)) r = applyEntry(r, e);
  }
  return r;
}

/**
 * After a write based on version `from` succeeded with the server now at
 * `to`: the later versioned entries of the same inspection still based on
 * `from` (made on top of the one just sent) move to `to`. Returns the
 * changed entries (new objects) for the caller to store.
 */
export function rebase(entries, inspectionId, from, to, afterSeq = -Infinity) {
  const out = [];
  for (const e of entries) {
    if (e.inspection_id !== inspectionId || !isVersioned(e) || e.seq <= afterSeq) continue;
    if (e.status === 'pending' && e.base_version === from) out.push({ ...e, base_version: to });
  }
  return out;
}

/** The entries of one inspection that a replay should send now, in order:
 * pending ones up to the first conflict (an error entry is skipped, it
 * waits for the officer; so is a hazard's photo until the hazard is saved). */
export function replayable(entries, inspectionId) {
  const out = [];
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (e.inspection_id !== inspectionId) continue;
    if (e.status === 'conflict') break;
    if (e.hazard_seq && !e.hazard_id) continue; // a hazard's photo waits for its hazard to be saved
    if (e.status === 'pending') out.push(e);
  }
  return out;
}

/**
 * What a failed send means: 'conflict' (409 on the version: show both
 * values), 'error' (another 4xx: keep it on the entry for the officer),
 * 'stop' (network, sign-in, server trouble: keep it pending, try later).
 */
export function classify(err) {
  const s = err && err.status;
  if (s === 409 && (!err.field || err.field === 'version')) return 'conflict';
  if (s === 0 || s === 401 || s === 408 || s === 429 || !s || s >= 500) return 'stop';
  return 'error';
}

const verdictText = (res) => (res && res.verdict ? { verdict: res.verdict, note: res.note || '' } : null);

/**
 * Rows of the conflict view: [{field, label, line_id?, type, mine, server}]
 * with type 'verdict' ({verdict, note} | null), 'bool', 'text', 'time',
 * 'status'. label is the checklist key point for results, else the field
 * name (the page translates it).
 */
export function conflictRows(e, server) {
  const b = e.body || {};
  const site = (server && server.site) || {};
  switch (e.kind) {
    case 'results':
      return (b.items || []).map((it) => {
        const l = ((server && server.checklist) || []).find((x) => x.line_id === it.line_id) || {};
        return { field: 'line', line_id: it.line_id, label: l.key_point || String(it.line_id), type: 'verdict',
          mine: { verdict: it.verdict, note: it.note || '' }, server: verdictText(l.result) };
      });
    case 'attendance':
      return ATTENDANCE.map((k) => ({ field: k, label: k, type: k.endsWith('_present') ? 'bool' : 'text',
        mine: b[k] === undefined ? null : b[k], server: site[k] === undefined ? null : site[k] }));
    case 'notes':
      return ['measures', 'education'].filter((k) => b[k] !== undefined)
        .map((k) => ({ field: k, label: k, type: 'text', mine: b[k], server: site[k] || '' }));
    case 'steps':
      return [{ field: 'step', label: b.step, type: 'time', mine: b.at || e.created_at,
        server: site[STEP_COLUMN[b.step]] || null }];
    default:
      return [{ field: 'status', label: 'status', type: 'status', mine: e.kind, server: server ? server.status : null }];
  }
}

/** One line saying what an entry carries (for the discarded log when there
 * is no server value to set it against). */
export function summary(e) {
  const b = e.body || {};
  switch (e.kind) {
    case 'hazard': return `${b.description || ''}（${b.place || ''}）`;
    case 'evidence': return e.name || '';
    case 'results': return (b.items || []).map((it) => `#${it.line_id} ${it.verdict}${it.note ? ' ' + it.note : ''}`).join('；');
    case 'steps': return `${b.step || ''} ${b.at || e.created_at || ''}`.trim();
    case 'notes': return [b.measures, b.education].filter(Boolean).join('；');
    case 'attendance': return ['principal_name', 'safety_manager_name', 'operators_names'].map((k) => b[k]).filter(Boolean).join('、');
    default: return '';
  }
}
