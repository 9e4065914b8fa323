// Small helpers shared by the draw pages (wizard, list, detail, public).

/** Element Plus tag type of a draw status. */
export function statusType(status) {
  return status === 'published' ? 'success' : status === 'frozen' ? 'warning' : 'info';
}

/** Short form of a 64-digit hash for tables: first and last 8. */
export function shortHash(h) {
  return h ? `${h.slice(0, 8)}…${h.slice(-8)}` : '—';
}

/** Saves a JSON value as a file in the browser. */
export function downloadJson(value, filename) {
  const blob = new Blob([JSON.stringify(value, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}
