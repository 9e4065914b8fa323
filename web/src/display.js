// What users read instead of developer text: actor names of the server's
// own work (cli, system:…, demo) as 命令行 / 系统 / 演示数据, audit action
// names as Chinese labels, rule sources without the RULES.md file name and
// its [V]/[K] marks, user-agent strings summarised as a device, and the one
// confirmation before an irreversible act (saying what cannot be undone).
import { ElMessageBox } from 'element-plus';
import { i18n } from './i18n.js';

/** An audit / history actor as a user reads it: accounts as they are,
 *  the command line, the system (system:rule …) and the demo by name. */
export function actorName(actor) {
  const { t } = i18n.global;
  if (!actor) return '';
  if (actor === 'cli') return t('actors.cli');
  if (actor === 'demo') return t('actors.demo');
  if (actor === 'system' || actor.startsWith('system:')) return t('actors.system');
  return actor;
}

/** An audited object type (account, hazard_transfer …) by its name. */
export function entityLabel(entity) {
  const { t } = i18n.global;
  if (!entity) return '';
  const objects = i18n.global.getLocaleMessage('zh-CN').auditObjects || {};
  return entity in objects ? t('auditObjects.' + entity) : t('auditObjects.other');
}

/** Every audit action with a label of its own (auditActions in the
 *  locale files nests them as they are dotted: hazard.order → hazard: { order }). */
export function auditActionNames() {
  const names = [];
  const walk = (node, prefix) => {
    for (const [k, v] of Object.entries(node || {})) {
      if (!prefix && (k === 'compose' || k === 'other')) continue;
      const name = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object' && !Array.isArray(v) && !('type' in v && 'body' in v)) walk(v, name);
      else names.push(name);
    }
  };
  walk(i18n.global.getLocaleMessage('zh-CN').auditActions, '');
  return names;
}
let known = null;

/** An audit action (hazard.order, catalog.version.publish …) as a label:
 *  the whole name when known, else the object and the verb, else 其他操作. */
export function auditActionLabel(action) {
  const { t } = i18n.global;
  if (!action) return '';
  if (!known) known = new Set(auditActionNames());
  if (known.has(action)) return t('auditActions.' + action);
  const dot = action.lastIndexOf('.');
  const objects = i18n.global.getLocaleMessage('zh-CN').auditObjects || {};
  const verbs = i18n.global.getLocaleMessage('zh-CN').auditVerbs || {};
  const obj = action.slice(0, dot).replace(/\./g, '_');
  const verb = action.slice(dot + 1);
  if (dot > 0 && obj in objects && verb in verbs) {
    return t('auditActions.compose', { object: t('auditObjects.' + obj), verb: t('auditVerbs.' + verb) });
  }
  return t('auditActions.other');
}

/** A rule's or benchmark's source as users read it: the shipped notes name
 *  RULES.md (the developers' file) and mark wording seen [V] or reported [K]. */
export function sourceText(s) {
  const { t } = i18n.global;
  if (!s) return '';
  return String(s)
    .replace(/RULES\.md/g, t('sourceMarks.shipped'))
    .replace(/\s*\[V\]/g, t('sourceMarks.seen'))
    .replace(/\s*\[K\]/g, t('sourceMarks.reported'));
}

/** A calendar source without the name of the file it was shipped in:
 *  "…通知（内置数据 cn-calendar-2004-2026.csv）" → "…通知（随系统预置）". */
export function calendarSource(s) {
  const { t } = i18n.global;
  if (!s) return '';
  return String(s).replace(/[（(]\s*内置数据\s*[\w.-]+\.(csv|json|txt)\s*[）)]/g, t('sourceMarks.shippedData'))
    .replace(/\s*[\w-]+\.(csv|json|txt)\b/g, '');
}

/** A user-agent string summarised as 浏览器 · 设备 (never shown raw). */
export function deviceName(ua) {
  const { t } = i18n.global;
  if (!ua) return '';
  if (!/Mozilla\/|AppleWebKit|Chrom|Safari|Firefox/.test(ua)) return ua;   // a device name typed by a person
  const mobile = /Mobile|Android|iPhone|iPad/i.test(ua);
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : t('actors.browser');
  return `${browser} · ${mobile ? t('actors.mobile') : t('actors.desktop')}`;
}

/**
 * Asks before an irreversible act: titleKey names it, messageKey says what
 * cannot be undone. Resolves true when confirmed, false when cancelled.
 */
export async function confirmIrreversible(titleKey, messageKey, params = {}) {
  const { t } = i18n.global;
  try {
    await ElMessageBox.confirm(t(messageKey, params), t(titleKey), {
      type: 'warning',
      confirmButtonText: t('confirm.ok'),
      cancelButtonText: t('common.cancel'),
      customClass: 'zf-confirm',
    });
    return true;
  } catch {
    return false;
  }
}
