// The vocabularies of inspections (src/sql/0006_planning.sql): types and
// statuses in table order with their tag colours; names come from the
// locale files (inspection.types.*, inspection.statuses.*).

export const TYPES = ['key', 'random', 'routine', 'special', 'covert', 'cross', 'complaint', 'reinspection', 'joint'];
export const STATUSES = ['scheduled', 'in_progress', 'reported', 'closed', 'cancelled'];

/** Types that do not count toward the yearly cap (inspection.yearly_cap). */
export const UNCAPPED = new Set(['complaint', 'reinspection']);

export const TYPE_TAG = {
  key: 'danger', random: 'primary', routine: 'info', special: 'warning', covert: 'info',
  cross: 'info', complaint: 'danger', reinspection: 'warning', joint: 'success',
};
export const STATUS_TAG = {
  scheduled: 'primary', in_progress: 'warning', reported: 'success', closed: 'info', cancelled: 'danger',
};

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayIso() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Fetches every page of a list endpoint (at most 50 pages of 200). */
export async function allPages(api, path, query = {}) {
  const items = [];
  let cursor;
  for (let page = 0; page < 50; page++) {
    const r = await api.get(path, { ...query, cursor, limit: 200 });
    items.push(...(r.items || []));
    cursor = r.next_cursor;
    if (!cursor) break;
  }
  return items;
}
