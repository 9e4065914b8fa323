// Formatting shared by the rules pages (法规参数, 工作日历, 裁量基准): money
// in fen shown as yuan, rule values with their unit, weekday names, today's
// date in Asia/Shanghai.
import { i18n } from './i18n.js';

/** 123456 fen → "1,234.56". null/undefined → "". */
export function yuan(fen) {
  if (fen === null || fen === undefined) return '';
  const neg = fen < 0;
  const v = Math.abs(Math.trunc(fen));
  const whole = Math.floor(v / 100).toLocaleString('en-US');
  const cents = String(v % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${cents}`;
}

/** A fine range in fen as "1,000.00–5,000.00 元", or "—" when not fined. */
export function range(min, max) {
  const { t } = i18n.global;
  if (min === null || min === undefined) return '—';
  if (min === 0) return t('benchmarks.upTo', { max: yuan(max) });
  return t('benchmarks.range', { min: yuan(min), max: yuan(max) });
}

/** A rule value with its unit: "15 日", "5 个工作日", "200.00 元", "75%". */
export function ruleValue(value, unit) {
  const { t } = i18n.global;
  if (unit === 'fen') return t('rules.units.fenValue', { v: yuan(value) });
  return t(`rules.units.${unit}Value`, { v: value });
}

/** ISO weekday (1 = Monday … 7 = Sunday) → 周一 / Mon. */
export function weekdayName(n) {
  return i18n.global.t(`calendar.weekdays.${n}`);
}

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function todayShanghai() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

/** ISO weekday of a YYYY-MM-DD date. */
export function weekdayOf(date) {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
