// vue-i18n setup: Chinese (zh-CN) by default, English on request; the
// choice is kept in localStorage under "zhifa.locale". errorText() turns an
// ApiError into the text to show in the current language.
import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';

export const LOCALES = ['zh-CN', 'en'];
const STORAGE_KEY = 'zhifa.locale';

function storedLocale() {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return LOCALES.includes(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

function applyDocument(locale) {
  document.documentElement.lang = locale;
  document.title = i18n.global.t('app.title');
}
applyDocument(i18n.global.locale.value);

/** Switches the language and remembers it. */
export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return;
  i18n.global.locale.value = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyDocument(locale);
}

// Codes whose server message carries detail (which field by its Chinese
// label, which rule, which value) that a generic English text would lose:
// the English text quotes it. Never the API field name (err.field).
const DETAILED = new Set(['invalid', 'conflict', 'procedure', 'missing_field', 'wrong_type']);

/**
 * The text to show for an error thrown by api.js. Chinese shows the server's
 * own message; English maps known codes and falls back to the message.
 * 429 becomes "try again in N minutes" from the Retry-After header.
 */
export function errorText(err) {
  const { t, te, locale } = i18n.global;
  if (!err) return '';
  if (err.code === 'too_many_attempts') {
    const secs = typeof err.retryAfter === 'number' && err.retryAfter > 0 ? err.retryAfter : 60;
    return t('login.tooMany', { n: Math.max(1, Math.ceil(secs / 60)) });
  }
  if (err.code === 'network') return t('errors.network');
  const key = 'errors.' + err.code;
  if (locale.value === 'zh-CN' || !te(key, 'en')) {
    return err.message || (te(key) ? t(key) : String(err.code));
  }
  let text = t(key);
  if (DETAILED.has(err.code) && err.message) text += ` (${err.message})`;
  return text;
}
