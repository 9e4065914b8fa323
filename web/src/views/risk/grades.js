// Risk grades (安全风险分级): the four colours used by every risk page and
// chart, most serious first, as the API's codes (src/risk.c).
export const GRADES = ['red', 'orange', 'yellow', 'blue'];

// The official colours: 红 重大, 橙 较大, 黄 一般, 蓝 低.
export const GRADE_COLOR = { red: '#e02020', orange: '#f7800a', yellow: '#f5c518', blue: '#1f6fd1' };

// Text colour readable on each background.
export const GRADE_TEXT = { red: '#fff', orange: '#fff', yellow: '#3a2f00', blue: '#fff' };

/** Inline style of a grade badge. */
export function gradeStyle(g) {
  return {
    background: GRADE_COLOR[g] || '#9ca3af',
    color: GRADE_TEXT[g] || '#fff',
    borderColor: GRADE_COLOR[g] || '#9ca3af',
  };
}

/** Today in Asia/Shanghai (YYYY-MM-DD) and its year. */
export function todayShanghai() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}
export function thisYear() {
  return Number(todayShanghai().slice(0, 4));
}
