// The annual-plan endpoints (src/plan_api.c, docs/api.md "Annual plans")
// and the small vocabulary the plan pages share.
import { api, request } from '../../api.js';

const P = (id) => `/plans/${encodeURIComponent(id)}`;

export const planApi = {
  list: (query) => api.get('/plans', query),
  create: (body) => api.post('/plans', body),
  get: (id, version) => api.get(P(id), { version }),
  patch: (id, body) => api.patch(P(id), body),
  keys: (id, version) => api.get(`${P(id)}/keys`, { version }),
  entries: (id, entries) => api.post(`${P(id)}/entries`, { entries }),
  spread: (id, periodKind, from) => api.post(`${P(id)}/spread`, { period_kind: periodKind, from }),
  quotas: (id, quotas) => request('PUT', `${P(id)}/quotas`, { body: { quotas } }),
  addCampaign: (id, body) => api.post(`${P(id)}/campaigns`, body),
  patchCampaign: (id, cid, body) => api.patch(`${P(id)}/campaigns/${cid}`, body),
  removeCampaign: (id, cid) => api.del(`${P(id)}/campaigns/${cid}`),
  submit: (id) => api.post(`${P(id)}/submit`, {}),
  approve: (id, body) => api.post(`${P(id)}/approve`, body),
  sendBack: (id, reason) => api.post(`${P(id)}/return`, { reason }),
  publish: (id) => api.post(`${P(id)}/publish`, {}),
  adjust: (id, reason) => api.post(`${P(id)}/adjust`, { reason }),
  versions: (id) => api.get(`${P(id)}/versions`),
  progress: (id, version) => api.get(`${P(id)}/progress`, { version }),
  yearProgress: (year) => api.get('/plans/progress', { year }),
  publicPlans: (year) => api.get('/public/plans', { year }, { redirectOn401: false }),
};

export const STATUS_TAG = { draft: 'warning', submitted: 'primary', approved: 'success', published: 'success', superseded: 'info' };

/** "3月" / "第2季度" (or English) for a period. */
export function periodText(t, kind, period) {
  if (!kind) return t('plan.unscheduled');
  return kind === 'quarter' ? t('plan.quarterN', { n: period }) : t('plan.monthN', { n: period });
}

/** The period choices of a select: months then quarters, as "month:3". */
export function periodOptions(t) {
  const out = [];
  for (let m = 1; m <= 12; m++) out.push({ value: `month:${m}`, label: t('plan.monthN', { n: m }) });
  for (let q = 1; q <= 4; q++) out.push({ value: `quarter:${q}`, label: t('plan.quarterN', { n: q }) });
  return out;
}

export function splitPeriod(v) {
  if (!v) return { period_kind: null };
  const [kind, n] = v.split(':');
  return { period_kind: kind, period: Number(n) };
}

/** A budget kind's label: the server's Chinese name, or the English text. */
export function kindName(t, locale, row) {
  return locale === 'en' ? t('plan.kinds.' + row.kind.replace('.', '_')) : row.name;
}

export function todayShanghai() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
