/*
** risk_demo.c — the demo district's risk data (plan clause 14: a graded
** ledger and key-enterprise lists to plan with, SCENARIOS.md §1).
**
** On top of the demo ledger: a history of facts (a few described by hand,
** then one fact in every 97th enterprise by a fixed pattern), one voided
** fact and one outside the three-year window (both shown, neither
** counted); every grade computed with the rule set in force; this year's
** and next year's (2027's, the plan year of SCENARIOS.md) key lists by
** rule; two manual key additions and one grade override with reasons, by
** the brigade leader. Dates are relative to today, so the window always
** holds them.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "risk.h"

/* The first active, district-supervised enterprise of sector zSector (a
** prefix) with the feature bit set (-1: any), after skipping nSkip. */
static int64_t risk_demo_pick(zf_db *pDb, const char *zSector, int bit, int nSkip){
  static const char zSql[] =
    "SELECT id FROM enterprise WHERE substr(sector, 1, length(?1))=?1 AND status='active'"
    " AND supervising_level='district' AND (?2<0 OR (hazards & (1<<?2))<>0) ORDER BY id LIMIT 1 OFFSET ?3";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "sdd", zSector, bit, nSkip);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* zOut = today minus nDays. */
static void risk_demo_date(int nDays, char zOut[11]){
  char zToday[11];
  calendar_today(zToday);
  if( calendar_days_add(zToday, -nDays, zOut, 0)!=ZF_OK ) memcpy(zOut, zToday, 11);
}

/* The hand-described facts. */
static const struct {
  const char *zSector; int bit; int skip;
  const char *zKind; int daysAgo; int severity; const char *zRef; const char *zNote;
} risk_demo_facts[] = {
  {"chem", 2, 0, "accident", 120, 2, "洪都应急〔事故〕调查报告第3号",
   "储罐区检修时发生闪爆，造成 1 人重伤、3 人轻伤（较大事故调查报告认定企业负主要责任）"},
  {"chem", 2, 0, "violation", 118, 2, "（青）应急罚〔2026〕12号", "未按规定对重大危险源进行辨识、评估并登记建档"},
  {"trade.metallurgy", 5, 0, "major_hazard_found", 200, 3, "现场检查记录 2026-0415",
   "除尘系统未按规定设置泄爆装置，粉尘爆炸危险场所使用非防爆电气设备（重大事故隐患判定标准）"},
  {"trade.metallurgy", 5, 0, "violation", 190, 2, "（青）应急罚〔2026〕21号", "粉尘涉爆重大事故隐患未在期限内整改"},
  {"trade.commerce", 6, 0, "hazard", 60, 1, "现场检查记录 2026-0902", "液氨管道阀门锈蚀，未设置警示标识"},
  {"trade.commerce", 6, 0, "hazard", 45, 2, "现场检查记录 2026-0917", "氨气泄漏报警装置未与事故排风联锁"},
  {"trade.machinery", -1, 3, "violation", 400, 1, "（青）应急罚〔2025〕40号", "未如实记录安全生产教育和培训情况"},
  {"trade.light", 5, 1, "dishonest", 300, 3, "赣应急失信〔2025〕7号",
   "因生产安全事故被列入严重失信主体名单（应急管理部令第11号）"},
  {"trade.light", 5, 1, "accident", 330, 1, "事故调查报告", "粉碎工序发生机械伤害事故，1 人死亡（一般事故）"},
  {"chem", -1, 5, "accident", 1500, 2, "2022年事故调查报告", "四年前的较大事故（超出三年统计期，不计分）"},
};

/* The demo's hand-described facts and the patterned ones; one voided. */
static int risk_demo_facts_add(zf_db *pDb, zf_error *e){
  static const char zBulk[] =
    "INSERT INTO risk_fact(enterprise_id, kind, occurred_on, severity, source, reference, note, recorded_by,"
    " recorded_at) SELECT id, CASE id % 5 WHEN 0 THEN 'violation' WHEN 1 THEN 'hazard' WHEN 2 THEN 'hazard'"
    " WHEN 3 THEN 'violation' ELSE 'major_hazard_found' END, ?, 1 + id % 2, 'demo', '',"
    " '演示数据：日常检查发现的问题', 'officer1', ? FROM enterprise WHERE id % 97 = 0";
  risk_fact_new f;
  char zDate[11], zNow[24];
  int64_t id, firstId = 0;
  size_t i;
  int rc = ZF_OK;
  for(i=0; rc==ZF_OK && i<sizeof risk_demo_facts/sizeof risk_demo_facts[0]; i++){
    memset(&f, 0, sizeof f);
    f.enterpriseId = risk_demo_pick(pDb, risk_demo_facts[i].zSector, risk_demo_facts[i].bit, risk_demo_facts[i].skip);
    if( f.enterpriseId==0 ) continue;
    risk_demo_date(risk_demo_facts[i].daysAgo, zDate);
    f.zKind = risk_demo_facts[i].zKind;
    f.zOccurred = zDate;
    f.severity = risk_demo_facts[i].severity;
    f.zReference = risk_demo_facts[i].zRef;
    f.zNote = risk_demo_facts[i].zNote;
    rc = risk_fact_add(pDb, 0, "brigade", &f, &id, e);
    if( rc==ZF_OK && firstId==0 ) firstId = id;
  }
  if( rc==ZF_OK && firstId ){
    memset(&f, 0, sizeof f);
    risk_demo_date(20, zDate);
    f.enterpriseId = risk_demo_pick(pDb, "trade.building", -1, 0);
    f.zKind = "violation"; f.zOccurred = zDate; f.severity = 2; f.zNote = "误录：应为另一家企业的违法行为";
    if( f.enterpriseId ) rc = risk_fact_add(pDb, 0, "brigade", &f, &id, e);
    if( rc==ZF_OK && f.enterpriseId ) rc = risk_fact_void(pDb, 0, "brigade", id, "录入错误：企业选错，已在正确企业下重新登记", e);
  }
  if( rc ) return rc;
  risk_demo_date(75, zDate);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = db_exec(pDb, zBulk, "ss", zDate, zNow);
  if( rc==ZF_OK ){
    json_t *p = json_pack("{s:s,s:i}", "source", "demo", "facts", db_changes(pDb));
    rc = audit_append(pDb, "demo", "risk_fact.demo", "risk_fact", "*", "", p);
    json_decref(p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法写入演示风险事实") : ZF_OK;
}

int risk_demo(zf_db *pDb, int scale, zf_error *e){
  risk_result res;
  char zToday[11];
  int64_t id, a, b, c;
  int year, rc = risk_demo_facts_add(pDb, e);
  (void)scale;
  if( rc==ZF_OK ) rc = risk_recompute_all(pDb, "demo", "", &res, e);
  if( rc ) return rc;
  log_info("demo: risk grades of %lld enterprises computed in %.2f s (%lld key rows)",
           (long long)res.nEnterprise, res.seconds, (long long)res.nKeyAdded);
  calendar_today(zToday);
  year = atoi(zToday);
  a = risk_demo_pick(pDb, "trade.commerce", 6, 0);          /* 冷链物流, 涉氨制冷 */
  b = risk_demo_pick(pDb, "trade.light", 5, 2);             /* 粉尘涉爆 */
  c = risk_demo_pick(pDb, "trade.machinery", -1, 0);
  if( a && risk_is_key(pDb, a, year + 1)==0 ){
    rc = risk_key_add(pDb, 0, "brigade", a, year + 1,
                      "涉氨制冷企业，近期两次检查发现液氨系统隐患，列入明年重点检查（大队办公会研究决定）", &id, e);
  }
  if( rc==ZF_OK && a && risk_is_key(pDb, a, year)==0 ){
    rc = risk_key_add(pDb, 0, "brigade", a, year, "涉氨制冷隐患整改情况需年内复查（大队办公会研究决定）", &id, e);
  }
  if( rc==ZF_OK && b && risk_is_key(pDb, b, year + 1)==0 ){
    rc = risk_key_add(pDb, 0, "brigade", b, year + 1, "粉尘涉爆企业，纳入明年5月粉尘涉爆专项的重点对象", &id, e);
  }
  if( rc==ZF_OK && c ){
    rc = risk_override_add(pDb, 0, "brigade", c, "orange",
                           "群众多次举报夜间违规动火作业，现场核实属实，调高风险等级至整改验收", 0, &id, e);
  }
  return rc;
}
