// The catalog's vocabularies (keys as the API uses them; names come from
// the locale files under catalog.kinds / sectorNames / levelNames /
// features). Mirrors src/catalog.h and src/checklist.h.
export const KINDS = ['penalty', 'coercion', 'inspection', 'other'];
export const SECTORS = ['hazchem', 'fireworks', 'industry', 'mining', 'general'];
export const LEVELS = ['district', 'street'];
export const FEATURES = ['', 'dust', 'confined_space', 'ammonia', 'major_hazard'];

/** "2000000" fen → "20,000 元"-style text in yuan; '' for null. */
export function yuanText(fen) {
  if (fen === null || fen === undefined) return '';
  return (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}
