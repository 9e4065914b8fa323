// The vocabularies of hazards and transfers (src/sql/0011_hazard.sql):
// statuses in the order of the status machine with their tag colours;
// names come from the locale files (hazard.statuses.*, hazard.tstatuses.*).

export const STATUSES = ['open', 'rectifying', 'reported', 'closed', 'overdue', 'proposed', 'transferred', 'void'];
export const STATUS_TAG = {
  open: 'warning', rectifying: 'primary', reported: 'success', closed: 'info', overdue: 'danger',
  proposed: 'danger', transferred: 'info', void: 'info',
};
// A failed re-inspection before the deadline leaves a hazard rectifying with
// reinspect_result failed (reinspect_failed): shown as 复查未通过 until the
// deadline passes (hazardStatus.* in the locale files).
const FAILED_KEY = 'hazardStatus.reinspect_failed';

/** The locale key of a hazard's status name. */
export function statusKey(h) {
  return h.status === 'rectifying' && h.reinspect_failed ? FAILED_KEY : 'hazard.statuses.' + h.status;
}

/** The tag colour of a hazard's status. */
export function statusTag(h) {
  return h.status === 'rectifying' && h.reinspect_failed ? 'warning' : STATUS_TAG[h.status];
}

/** The locale key of a timeline event's resulting status. */
export function eventStatusKey(e) {
  return e.action === 'reinspect' && e.to_status === 'rectifying' ? FAILED_KEY : 'hazard.statuses.' + e.to_status;
}

export const TSTATUSES = ['sent', 'received', 'answered', 'void'];
export const TSTATUS_TAG = { sent: 'warning', received: 'primary', answered: 'success', void: 'info' };

/** The actions the status machine allows from a hazard's status (hazard.h). */
export function actionsFor(h) {
  const out = [];
  if (h.status === 'open' && h.rectify === 'immediate') out.push('rectified');
  if (h.status === 'open') out.push('order');
  if (h.status === 'rectifying' || h.status === 'overdue') out.push('report');
  if (h.order_date && ['rectifying', 'reported', 'overdue'].includes(h.status)) out.push('reinspect');
  if (h.status === 'overdue') out.push('propose');
  if (['open', 'rectifying', 'reported', 'overdue'].includes(h.status)) out.push('transfer');
  if (h.status !== 'void') out.push('void');
  return out;
}

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export function todayIso() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
