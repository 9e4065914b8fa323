// Thin wrapper around fetch for the zhifa JSON API (docs/api.md).
//
// - same-origin cookies (the session cookie zf_session is HttpOnly);
// - JSON bodies carry Content-Type: application/json (the server answers 415
//   to a state-changing request without it);
// - a failed request throws an ApiError carrying status, code, message and
//   field from the server's {"error":{"code","message","field"}};
// - a 401 sends the user to the login page (except for the login call itself
//   and calls made with {redirectOn401: false}).

export class ApiError extends Error {
  constructor(status, code, message, field, headers) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code || 'http_' + status;
    this.field = field || null;
    this.headers = headers || null;
  }

  /** Seconds from the Retry-After header, or null. */
  get retryAfter() {
    const v = this.headers && this.headers.get('Retry-After');
    const n = v == null ? NaN : Number.parseInt(v, 10);
    return Number.isFinite(n) ? n : null;
  }
}

let unauthorizedHandler = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** The router installs a handler that clears the session and routes to /login. */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/**
 * Sends one request. path is relative to /api/v1 ("/users") or absolute
 * ("/api/v1/users"). query is an object whose empty values are dropped.
 * Resolves to the parsed JSON body (null for 204).
 */
export async function request(method, path, { body, query, redirectOn401 = true } = {}) {
  let url = path.startsWith('/api/') ? path : '/api/v1' + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      qs.append(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, 'network', e && e.message ? e.message : 'network error');
  }
  let data = null;
  if (res.status !== 204) {
    const text = await res.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    const e = new ApiError(res.status, err.code, err.message, err.field, res.headers);
    if (res.status === 401 && redirectOn401) unauthorizedHandler(e);
    throw e;
  }
  return data;
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),

  // Session and account
  login: (username, password) =>
    request('POST', '/session', { body: { username, password }, redirectOn401: false }),
  logout: () => request('DELETE', '/session', { redirectOn401: false }),
  me: (opts) => request('GET', '/me', opts),
  changePassword: (oldPassword, newPassword) =>
    request('POST', '/me/password', { body: { old_password: oldPassword, new_password: newPassword } }),

  // Reference data
  roles: () => request('GET', '/roles'),
  regions: (parent, cursor) => request('GET', '/regions', { query: { parent, cursor, limit: 200 } }),
  /** Every child region of parent (all pages); the own scope when parent is absent. */
  async allRegions(parent) {
    const items = [];
    let cursor;
    for (let page = 0; page < 50; page++) {
      const r = await api.regions(parent, cursor);
      items.push(...(r.items || []));
      cursor = r.next_cursor;
      if (!cursor) break;
    }
    return items;
  },

  // Users
  users: (query) => request('GET', '/users', { query }),
  user: (id) => request('GET', `/users/${encodeURIComponent(id)}`),
  createUser: (body) => request('POST', '/users', { body }),
  updateUser: (id, body) => request('PATCH', `/users/${encodeURIComponent(id)}`, { body }),
  linkUserPerson: (id, personId) => request('PUT', `/users/${encodeURIComponent(id)}/person`, { body: { person_id: personId } }),

  // Organisation: units and powers granted to streets
  units: (query) => request('GET', '/units', { query }),
  /** Every unit in scope (all pages), for trees and pickers. */
  async allUnits(query = {}) {
    const items = [];
    let cursor;
    for (let page = 0; page < 50; page++) {
      const r = await api.units({ ...query, cursor, limit: 200 });
      items.push(...(r.items || []));
      cursor = r.next_cursor;
      if (!cursor) break;
    }
    return items;
  },
  unit: (id) => request('GET', `/units/${encodeURIComponent(id)}`),
  createUnit: (body) => request('POST', '/units', { body }),
  updateUnit: (id, body) => request('PATCH', `/units/${encodeURIComponent(id)}`, { body }),
  voidUnit: (id, reason) => request('POST', `/units/${encodeURIComponent(id)}/void`, { body: { reason } }),
  addPower: (id, body) => request('POST', `/units/${encodeURIComponent(id)}/powers`, { body }),
  revokePower: (id, pid, body) =>
    request('POST', `/units/${encodeURIComponent(id)}/powers/${encodeURIComponent(pid)}/revoke`, { body }),
  unitMay: (id, query) => request('GET', `/units/${encodeURIComponent(id)}/may`, { query }),

  // Staff
  staff: (query) => request('GET', '/staff', { query }),
  person: (id) => request('GET', `/staff/${encodeURIComponent(id)}`),
  createPerson: (body) => request('POST', '/staff', { body }),
  updatePerson: (id, body) => request('PATCH', `/staff/${encodeURIComponent(id)}`, { body }),
  eligibility: (id, query) => request('GET', `/staff/${encodeURIComponent(id)}/eligibility`, { query }),
  addCertificate: (id, body) => request('POST', `/staff/${encodeURIComponent(id)}/certificates`, { body }),
  certificateStatus: (certId, body) =>
    request('POST', `/certificates/${encodeURIComponent(certId)}/status`, { body }),
  addTraining: (id, body) => request('POST', `/staff/${encodeURIComponent(id)}/trainings`, { body }),
  addQualification: (id, body) => request('POST', `/staff/${encodeURIComponent(id)}/qualifications`, { body }),
  addConflict: (id, body) => request('POST', `/staff/${encodeURIComponent(id)}/conflicts`, { body }),
  /** kind: trainings | qualifications | conflicts */
  voidRecord: (kind, id, reason) => request('POST', `/${kind}/${encodeURIComponent(id)}/void`, { body: { reason } }),
  certWarnings: (query) => request('GET', '/certificates/warnings', { query }),
  professionalRatio: (query) => request('GET', '/professional-ratio', { query }),
  experts: (query) => request('GET', '/experts', { query }),

  // Audit
  audit: (query) => request('GET', '/audit', { query }),
  auditVerify: () => request('GET', '/audit/verify'),

  // Enterprise ledger
  enterprises: (query) => request('GET', '/enterprises', { query }),
  enterprise: (id, asOf) => request('GET', `/enterprises/${encodeURIComponent(id)}`, { query: { as_of: asOf } }),
  createEnterprise: (body) => request('POST', '/enterprises', { body }),
  updateEnterprise: (id, body) => request('PATCH', `/enterprises/${encodeURIComponent(id)}`, { body }),
  enterpriseHistory: (id, cursor) =>
    request('GET', `/enterprises/${encodeURIComponent(id)}/history`, { query: { cursor, limit: 50 } }),
  enterpriseOptions: () => request('GET', '/enterprises/options'),
  industries: (query) => request('GET', '/industries', { query }),
  job: (id) => request('GET', `/jobs/${encodeURIComponent(id)}`),
  /** Export/template URLs (plain downloads; the browser keeps the cookie). */
  enterpriseExportUrl(format, query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') qs.append(k, v);
    const s = qs.toString();
    return `/api/v1/enterprises/export.${format}${s ? '?' + s : ''}`;
  },
  /**
   * Uploads an import file as the raw request body (X-Requested-With marks
   * it as ours, see docs/api.md) and resolves to the queued JOB.
   */
  async importEnterprises(file, dryRun) {
    const qs = new URLSearchParams({ filename: file.name });
    if (dryRun) qs.append('dry_run', '1');
    let res;
    try {
      res = await fetch(`/api/v1/enterprises/import?${qs}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'zhifa', 'Content-Type': file.type || 'application/octet-stream' },
        body: file,
      });
    } catch (e) {
      throw new ApiError(0, 'network', e && e.message ? e.message : 'network error');
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data && data.error) || {};
      const e = new ApiError(res.status, err.code, err.message, err.field, res.headers);
      if (res.status === 401) unauthorizedHandler(e);
      throw e;
    }
    return data;
  },
};

export default api;
