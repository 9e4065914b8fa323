/*
** plan_report.c — reading the annual enforcement plan (年度执法计划, plan
** clause 14): loading a plan and version, the workday budget (legal
** workdays from the calendar, or rule plan.legal_workdays when the year's
** calendar is not loaded, × officers, minus other-enforcement and
** non-enforcement days — RULES.md, 宽城区 2025 plan), the key enterprises
** a plan must schedule, the PLAN / BUDGET JSON, version history, progress
** (planned vs scheduled vs done per month and unit, key-enterprise
** coverage) and the public summary. See plan.h.
*/
#include <stdlib.h>
#include <string.h>
#include "core/calendar.h"
#include "org.h"
#include "plan.h"
#include "rules.h"

int plan_load(zf_db *pDb, int64_t id, int version, plan_row *p){
  static const char zSql[] =
    "SELECT p.id, p.unit_id, p.year, p.level, p.region, p.region_path, p.title, u.name, u.kind,"
    " v.id, v.version, v.status, (SELECT max(version) FROM plan_version WHERE plan_id=p.id)"
    " FROM plan p JOIN unit u ON u.id=p.unit_id JOIN plan_version v ON v.plan_id=p.id"
    " WHERE p.id=?1 AND v.version=CASE WHEN ?2>0 THEN ?2"
    " ELSE (SELECT max(version) FROM plan_version WHERE plan_id=?1) END";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  memset(p, 0, sizeof *p);
  db_bind(pStmt, "ii", id, (int64_t)version);
  rc = db_step(pStmt);
  if( rc==1 ){
    p->id = db_column_int64(pStmt, 0);
    p->unitId = db_column_int64(pStmt, 1);
    p->year = db_column_int(pStmt, 2);
    snprintf(p->zLevel, sizeof p->zLevel, "%s", db_text(pStmt, 3));
    snprintf(p->zRegion, sizeof p->zRegion, "%s", db_text(pStmt, 4));
    snprintf(p->zPath, sizeof p->zPath, "%s", db_text(pStmt, 5));
    snprintf(p->zTitle, sizeof p->zTitle, "%s", db_text(pStmt, 6));
    snprintf(p->zUnit, sizeof p->zUnit, "%s", db_text(pStmt, 7));
    snprintf(p->zUnitKind, sizeof p->zUnitKind, "%s", db_text(pStmt, 8));
    p->versionId = db_column_int64(pStmt, 9);
    p->version = db_column_int(pStmt, 10);
    snprintf(p->zStatus, sizeof p->zStatus, "%s", db_text(pStmt, 11));
    p->latest = db_column_int(pStmt, 12);
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int plan_in_scope(const zf_who *pActor, const plan_row *p){
  return pActor==0 || strncmp(p->zPath, pActor->zScopePath, strlen(pActor->zScopePath))==0;
}

void plan_window(int year, const char *zPeriodKind, int period, char zFrom[11], char zTo[11]){
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  int m1, m2, last;
  if( zPeriodKind[0]=='q' ){ m1 = 3*period - 2; m2 = 3*period; }
  else{ m1 = m2 = period; }
  last = aDays[m2-1] + (m2==2 && ((year%4==0 && year%100!=0) || year%400==0));
  snprintf(zFrom, 11, "%04d-%02d-01", year, m1);
  snprintf(zTo, 11, "%04d-%02d-%02d", year, m2, last);
}

/* Rule zKey for the plan year: the set in force on 1 January of the
** year, or today's when the year starts before every published set. */
static int plan_rule(zf_db *pDb, const char *zKey, int year, int *pValue, zf_error *e){
  char zDate[11], zToday[11];
  int64_t v = 0;
  zf_error e2 = {0};
  int rc;
  snprintf(zDate, sizeof zDate, "%04d-01-01", year);
  rc = rules_int(pDb, zKey, zDate, &v, &e2);
  if( rc==ZF_EINVAL ){
    calendar_today(zToday);
    rc = rules_int(pDb, zKey, zToday, &v, &e2);
  }
  if( rc ) return err_set(e, rc, 0, "无法读取规则 %s：%s", zKey, e2.message);
  *pValue = (int)v;
  return ZF_OK;
}

int plan_officers_count(zf_db *pDb, int64_t unitId, int year){
  static const char zSql[] =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id=sub.id"
    "   WHERE u.kind<>'street' AND u.status='active')"
    " SELECT count(*) FROM person p WHERE p.unit_id IN (SELECT id FROM sub) AND p.kind='officer'"
    " AND p.status='active' AND EXISTS(SELECT 1 FROM certificate c WHERE c.person_id=p.id"
    "   AND c.status='valid' AND c.valid_from<=?3 AND c.valid_to>=?2)";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zFrom[11], zTo[11];
  int n = -1;
  if( pStmt==0 ) return -1;
  snprintf(zFrom, sizeof zFrom, "%04d-01-01", year);
  snprintf(zTo, sizeof zTo, "%04d-12-31", year);
  db_bind(pStmt, "iss", unitId, zFrom, zTo);
  if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/* Legal workdays of the year: the calendar when the year is loaded, else
** the rule. */
static int plan_legal_workdays(zf_db *pDb, int year, plan_budget *b, zf_error *e){
  char zFrom[11], zTo[11];
  int covered = 0, provisional = 0, rc = calendar_year_covered(pDb, year, &covered);
  if( rc ) return err_set(e, rc, 0, 0);
  if( covered ){
    snprintf(zFrom, sizeof zFrom, "%04d-01-01", year);
    snprintf(zTo, sizeof zTo, "%04d-12-31", year);
    rc = calendar_workdays_between(pDb, zFrom, zTo, &b->legalWorkdays, &provisional, e);
    if( rc ) return rc;
    b->fromCalendar = !provisional;
    if( !provisional ) return ZF_OK;
  }
  b->fromCalendar = 0;
  return plan_rule(pDb, "plan.legal_workdays", year, &b->legalWorkdays, e);
}

/* The version's own figures: snapshot, kinds, counts. */
static int plan_budget_counts(zf_db *pDb, int64_t versionId, plan_budget *b){
  static const char zDays[] = "SELECT kind, days FROM plan_budget WHERE version_id=?";
  static const char zCounts[] =
    "SELECT (SELECT count(*) FROM plan_entry WHERE version_id=?1),"
    " (SELECT COALESCE(sum(count),0) FROM plan_quota WHERE version_id=?1 AND kind='random'),"
    " (SELECT COALESCE(sum(count),0) FROM plan_quota WHERE version_id=?1 AND kind='routine'),"
    " (SELECT COALESCE(sum(count),0) FROM plan_campaign WHERE version_id=?1)";
  zf_stmt *pStmt = db_stmt(pDb, zDays);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", versionId);
  while( db_step(pStmt)==1 ){
    int k = plan_budget_kind_find(db_text(pStmt, 0));
    if( k<0 ) continue;
    if( plan_budget_kinds[k].zGroup[0]=='o' ) b->otherDays += db_column_int64(pStmt, 1);
    else b->nonDays += db_column_int64(pStmt, 1);
  }
  db_reset(pStmt);
  if( (pStmt = db_stmt(pDb, zCounts))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", versionId);
  if( db_step(pStmt)==1 ){
    b->nKey = db_column_int(pStmt, 0);
    b->nRandom = db_column_int(pStmt, 1);
    b->nRoutine = db_column_int(pStmt, 2);
    b->nCampaign = db_column_int(pStmt, 3);
  }
  db_reset(pStmt);
  return ZF_OK;
}

int plan_budget_compute(zf_db *pDb, const plan_row *p, plan_budget *b, zf_error *e){
  static const char zSnap[] =
    "SELECT officers_planned, legal_workdays, workdays_source, officers, days_per_inspection"
    " FROM plan_version WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSnap);
  int frozen = 0, rc = ZF_OK;
  memset(b, 0, sizeof *b);
  b->officersPlanned = -1;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", p->versionId);
  if( db_step(pStmt)==1 ){
    if( db_column_type(pStmt, 0)!=DB_NULL ) b->officersPlanned = db_column_int(pStmt, 0);
    if( db_column_type(pStmt, 1)!=DB_NULL ){
      frozen = 1;
      b->legalWorkdays = db_column_int(pStmt, 1);
      b->fromCalendar = strcmp(db_text(pStmt, 2), "calendar")==0;
      b->officersCounted = db_column_int(pStmt, 3);
      b->daysPerInspection = db_column_int(pStmt, 4);
    }
  }
  db_reset(pStmt);
  if( !frozen ){
    rc = plan_legal_workdays(pDb, p->year, b, e);
    if( rc==ZF_OK ) rc = plan_rule(pDb, "plan.days_per_inspection", p->year, &b->daysPerInspection, e);
    b->officersCounted = plan_officers_count(pDb, p->unitId, p->year);
    if( rc==ZF_OK && b->officersCounted<0 ) rc = err_set(e, ZF_EINTERNAL, 0, 0);
  }
  if( rc==ZF_OK ) rc = plan_rule(pDb, "plan.double_random_share_percent", p->year, &b->shareRequired, e);
  if( rc==ZF_OK && plan_budget_counts(pDb, p->versionId, b) ) rc = err_set(e, ZF_EINTERNAL, 0, 0);
  if( rc ) return rc;
  b->officers = b->officersPlanned>=0 ? b->officersPlanned : b->officersCounted;
  b->gross = (int64_t)b->legalWorkdays * b->officers;
  b->available = b->gross - b->otherDays - b->nonDays;
  b->nInspections = b->nKey + b->nRandom + b->nRoutine + b->nCampaign;
  b->planned = (int64_t)b->nInspections * b->daysPerInspection;
  b->remaining = b->available - b->planned;
  b->sharePercent = b->nRandom + b->nRoutine>0 ? (int)((int64_t)b->nRandom*100 / (b->nRandom + b->nRoutine)) : -1;
  return ZF_OK;
}

/* Key enterprises the plan may schedule: key in its year, not closed, in
** its area, supervised at its level (a district plan may also take
** street-supervised ones), not in another plan of the year (a version not
** superseded). ?1 year ?2 path ?3 level ?4 plan id ?5 version id. */
#define PLAN_CANDIDATES \
  "SELECT e.id AS id, e.supervising_level=?3 AS required FROM key_enterprise k" \
  " JOIN enterprise e ON e.id=k.enterprise_id" \
  " WHERE k.year=?1 AND k.removed_at IS NULL AND e.status<>'closed' AND e.region_path LIKE ?2 || '%'" \
  " AND (e.supervising_level=?3 OR (?3='district' AND e.supervising_level='street'))" \
  " AND NOT EXISTS(SELECT 1 FROM plan_entry x JOIN plan_version v ON v.id=x.version_id" \
  "   JOIN plan q ON q.id=v.plan_id WHERE x.enterprise_id=e.id AND q.year=?1 AND q.id<>?4" \
  "   AND v.status<>'superseded')"

static void plan_bind_candidates(zf_stmt *pStmt, const plan_row *p){
  db_bind(pStmt, "issii", (int64_t)p->year, p->zPath, p->zLevel, p->id, p->versionId);
}

int plan_coverage(zf_db *pDb, const plan_row *p, int *pTotal, int *pScheduled){
  static const char zSql[] =
    "WITH c AS (" PLAN_CANDIDATES ") SELECT count(*), COALESCE(sum(EXISTS(SELECT 1 FROM plan_entry y"
    " WHERE y.version_id=?5 AND y.enterprise_id=c.id)),0) FROM c WHERE c.required";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  *pTotal = *pScheduled = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  plan_bind_candidates(pStmt, p);
  rc = db_step(pStmt);
  if( rc==1 ){
    *pTotal = db_column_int(pStmt, 0);
    *pScheduled = db_column_int(pStmt, 1);
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : ZF_EINTERNAL;
}

json_t *plan_unscheduled_json(zf_db *pDb, const plan_row *p){
  static const char zSql[] =
    "WITH c AS (" PLAN_CANDIDATES ") SELECT e.id, e.name, e.uscc FROM c JOIN enterprise e ON e.id=c.id"
    " WHERE c.required AND NOT EXISTS(SELECT 1 FROM plan_entry y WHERE y.version_id=?5 AND y.enterprise_id=c.id)"
    " ORDER BY e.name, e.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut;
  int rc;
  if( pStmt==0 ) return 0;
  plan_bind_candidates(pStmt, p);
  pOut = json_array();
  while( (rc = db_step(pStmt))==1 ){
    json_array_append_new(pOut, json_pack("{s:I,s:s,s:s}", "enterprise_id",
      (json_int_t)db_column_int64(pStmt, 0), "name", db_text(pStmt, 1), "uscc", db_text(pStmt, 2)));
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pOut); return 0; }
  return pOut;
}

json_t *plan_keys_json(zf_db *pDb, const plan_row *p){
  static const char zSql[] =
    "WITH c AS MATERIALIZED (" PLAN_CANDIDATES "),"
    " r(id) AS (SELECT id FROM c UNION SELECT enterprise_id FROM plan_entry WHERE version_id=?5)"
    " SELECT e.id, e.name, e.uscc, e.sector, s.name, e.supervising_level, g.name, x.period_kind, x.period,"
    " COALESCE(c.required, 0),"
    " (SELECT k.reason FROM key_enterprise k WHERE k.enterprise_id=e.id AND k.year=?1 AND k.removed_at IS NULL),"
    " (SELECT grade FROM enterprise_risk WHERE enterprise_id=e.id)"
    " FROM r JOIN enterprise e ON e.id=r.id JOIN sector s ON s.code=e.sector JOIN region g ON g.code=e.region"
    " LEFT JOIN c ON c.id=e.id"
    " LEFT JOIN plan_entry x ON x.version_id=?5 AND x.enterprise_id=e.id ORDER BY e.name, e.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems;
  int total = 0, scheduled = 0, rc;
  if( pStmt==0 ) return 0;
  plan_bind_candidates(pStmt, p);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    json_t *o = db_row_json(pStmt, "enterprise_id,name,uscc,sector,sector_name,supervising_level,region_name,"
                                    "period_kind,period,?required,key_reason,risk_grade");
    if( db_column_int(pStmt, 9) ){
      total++;
      if( db_column_type(pStmt, 7)!=DB_NULL ) scheduled++;
    }
    json_array_append_new(pItems, o);
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return 0; }
  return json_pack("{s:I,s:i,s:o,s:{s:i,s:i,s:i}}", "plan_id", (json_int_t)p->id, "version", p->version,
                   "items", pItems, "coverage", "total", total, "scheduled", scheduled, "unscheduled",
                   total - scheduled);
}

json_t *plan_budget_json(zf_db *pDb, const plan_row *p, zf_error *e){
  static const char zDays[] = "SELECT days FROM plan_budget WHERE version_id=? AND kind=?";
  plan_budget b;
  json_t *pRows;
  char zSource[160];
  int i;
  if( plan_budget_compute(pDb, p, &b, e) ) return 0;
  pRows = json_array();
  for(i=0; plan_budget_kinds[i].zKey; i++){
    zf_stmt *pStmt = db_stmt(pDb, zDays);
    int64_t days = 0;
    if( pStmt ){
      db_bind(pStmt, "is", p->versionId, plan_budget_kinds[i].zKey);
      if( db_step(pStmt)==1 ) days = db_column_int64(pStmt, 0);
      db_reset(pStmt);
    }
    json_array_append_new(pRows, json_pack("{s:s,s:s,s:s,s:I}", "kind", plan_budget_kinds[i].zKey,
      "group", plan_budget_kinds[i].zGroup, "name", plan_budget_kinds[i].zName, "days", (json_int_t)days));
  }
  if( b.fromCalendar ) snprintf(zSource, sizeof zSource, "%d 年工作日历（节假日安排）", p->year);
  else snprintf(zSource, sizeof zSource, "规则 plan.legal_workdays（%d 年节假日安排尚未录入）", p->year);
  return json_pack("{s:i,s:i,s:s,s:s,s:i,s:o,s:i,s:I,s:o,s:I,s:I,s:I,s:i,"
                   "s:{s:i,s:i,s:i,s:i,s:i},s:I,s:I,s:I,s:o,s:i,s:b}",
    "year", p->year, "legal_workdays", b.legalWorkdays,
    "workdays_source", b.fromCalendar ? "calendar" : "rule", "workdays_source_name", zSource,
    "officers_counted", b.officersCounted,
    "officers_planned", b.officersPlanned>=0 ? json_integer(b.officersPlanned) : json_null(),
    "officers", b.officers, "gross_days", (json_int_t)b.gross, "rows", pRows,
    "other_days", (json_int_t)b.otherDays, "non_enforcement_days", (json_int_t)b.nonDays,
    "available_days", (json_int_t)b.available, "days_per_inspection", b.daysPerInspection,
    "planned", "key", b.nKey, "random", b.nRandom, "routine", b.nRoutine, "campaign", b.nCampaign,
    "total", b.nInspections,
    "planned_days", (json_int_t)b.planned, "remaining_days", (json_int_t)b.remaining,
    "over_days", (json_int_t)(b.remaining<0 ? -b.remaining : 0),
    "share_percent", b.sharePercent>=0 ? json_integer(b.sharePercent) : json_null(),
    "share_required_percent", b.shareRequired, "frozen", strcmp(p->zStatus, "draft")!=0);
}

/* Rows of one statement bound to versionId, rendered with zNames. */
static json_t *plan_rows(zf_db *pDb, const char *zSql, int64_t versionId, const char *zNames){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut = json_array();
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "i", versionId);
  while( db_step(pStmt)==1 ) json_array_append_new(pOut, db_row_json(pStmt, zNames));
  db_reset(pStmt);
  return pOut;
}

#define PLAN_VERSION_COLS "id,version,status,reason,officers_planned,note,legal_workdays,workdays_source," \
  "officers,days_per_inspection,submitted_at,submitted_by,approval_document,approved_on,approved_at," \
  "approved_by,published_at,published_by,superseded_at,created_by,created_at,updated_at"

static json_t *plan_version_json(zf_db *pDb, int64_t versionId){
  static const char zSql[] =
    "SELECT id, version, status, reason, officers_planned, note, legal_workdays, workdays_source, officers,"
    " days_per_inspection, submitted_at, submitted_by, approval_document, approved_on, approved_at,"
    " approved_by, published_at, published_by, superseded_at, created_by, created_at, updated_at"
    " FROM plan_version WHERE id=?";
  json_t *pArr = plan_rows(pDb, zSql, versionId, PLAN_VERSION_COLS);
  json_t *p = json_incref(json_array_get(pArr, 0));
  json_decref(pArr);
  return p;
}

/* Version number in force (published), 0 when none. */
static int plan_in_force(zf_db *pDb, int64_t planId){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT version FROM plan_version WHERE plan_id=? AND status='published'");
  int v = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", planId);
  if( db_step(pStmt)==1 ) v = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return v;
}

/* Quotas and campaigns of a version. */
static json_t *plan_quotas_json(zf_db *pDb, int64_t versionId){
  static const char zSql[] =
    "SELECT q.id, q.sector, s.name, q.kind, q.period_kind, q.period, q.count FROM plan_quota q"
    " JOIN sector s ON s.code=q.sector WHERE q.version_id=? ORDER BY s.sort, q.kind, q.period_kind, q.period";
  return plan_rows(pDb, zSql, versionId, "id,sector,sector_name,kind,period_kind,period,count");
}
static json_t *plan_campaigns_json(zf_db *pDb, int64_t versionId){
  static const char zSql[] =
    "SELECT c.id, c.name, c.topic, c.period_kind, c.period, c.sector, s.name, c.hazard, h.name, c.count, c.note"
    " FROM plan_campaign c LEFT JOIN sector s ON s.code=c.sector LEFT JOIN hazard_kind h ON h.code=c.hazard"
    " WHERE c.version_id=? ORDER BY c.period_kind DESC, c.period, c.id";
  return plan_rows(pDb, zSql, versionId,
                   "id,name,topic,period_kind,period,sector,sector_name,hazard,hazard_name,count,note");
}

json_t *plan_json(zf_db *pDb, int64_t id, int version, zf_error *e){
  static const char zEntries[] =
    "SELECT x.enterprise_id, e.name, e.uscc, x.period_kind, x.period FROM plan_entry x"
    " JOIN enterprise e ON e.id=x.enterprise_id WHERE x.version_id=? ORDER BY x.period_kind DESC, x.period, e.name";
  plan_row row;
  json_t *p, *pBudget;
  int total, scheduled, inForce, rc = plan_load(pDb, id, version, &row);
  if( rc ){ err_set(e, rc, "id", rc==ZF_ENOTFOUND ? "年度执法计划不存在" : 0); return 0; }
  pBudget = plan_budget_json(pDb, &row, e);
  if( pBudget==0 ) return 0;
  if( plan_coverage(pDb, &row, &total, &scheduled) ){ json_decref(pBudget); err_set(e, ZF_EINTERNAL, 0, 0); return 0; }
  inForce = plan_in_force(pDb, id);
  p = json_pack("{s:I,s:I,s:s,s:s,s:i,s:s,s:s,s:s,s:i,s:s,s:o,s:b}", "id", (json_int_t)row.id,
    "unit_id", (json_int_t)row.unitId, "unit_name", row.zUnit, "unit_kind", row.zUnitKind, "year", row.year,
    "level", row.zLevel, "region", row.zRegion, "title", row.zTitle, "latest_version", row.latest,
    "status", row.zStatus, "in_force_version", inForce ? json_integer(inForce) : json_null(),
    "adjusted", inForce>1);
  json_object_set_new(p, "version", plan_version_json(pDb, row.versionId));
  json_object_set_new(p, "budget", pBudget);
  json_object_set_new(p, "coverage", json_pack("{s:i,s:i,s:i}", "total", total, "scheduled", scheduled,
                                                "unscheduled", total - scheduled));
  json_object_set_new(p, "entries", plan_rows(pDb, zEntries, row.versionId,
                                               "enterprise_id,name,uscc,period_kind,period"));
  json_object_set_new(p, "quotas", plan_quotas_json(pDb, row.versionId));
  json_object_set_new(p, "campaigns", plan_campaigns_json(pDb, row.versionId));
  return p;
}

json_t *plan_versions_json(zf_db *pDb, int64_t planId){
  static const char zVers[] = "SELECT id FROM plan_version WHERE plan_id=? ORDER BY version DESC";
  static const char zEvents[] =
    "SELECT action, detail, actor, at FROM plan_event WHERE version_id=? ORDER BY id";
  zf_stmt *pStmt = db_stmt(pDb, zVers);
  json_t *pOut = json_array();
  int64_t aId[256];
  int n = 0, i;
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "i", planId);
  while( n<256 && db_step(pStmt)==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  for(i=0; i<n; i++){
    json_t *v = plan_version_json(pDb, aId[i]);
    if( v==0 ) continue;
    json_object_set_new(v, "events", plan_rows(pDb, zEvents, aId[i], "action,detail,actor,at"));
    json_array_append_new(pOut, v);
  }
  return pOut;
}

/* ---- progress ------------------------------------------------------------------ */

/* Planned per month (quarter items in the quarter's first month): key
** entries, quotas random / routine, campaigns into a[13][4]. */
static void plan_planned_months(zf_db *pDb, int64_t versionId, int a[13][4]){
  static const char zSql[] =
    "SELECT 0, CASE period_kind WHEN 'month' THEN period ELSE 3*period-2 END, count(*)"
    "  FROM plan_entry WHERE version_id=?1 GROUP BY 2"
    " UNION ALL SELECT CASE kind WHEN 'random' THEN 1 ELSE 2 END,"
    "  CASE period_kind WHEN 'month' THEN period ELSE 3*period-2 END, sum(count)"
    "  FROM plan_quota WHERE version_id=?1 GROUP BY 1, 2"
    " UNION ALL SELECT 3, CASE period_kind WHEN 'month' THEN period ELSE 3*period-2 END, sum(count)"
    "  FROM plan_campaign WHERE version_id=?1 GROUP BY 2";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  memset(a, 0, sizeof(int)*13*4);
  if( pStmt==0 ) return;
  db_bind(pStmt, "i", versionId);
  while( db_step(pStmt)==1 ){
    int k = db_column_int(pStmt, 0), m = db_column_int(pStmt, 1);
    if( k>=0 && k<4 && m>=1 && m<=12 ) a[m][k] += db_column_int(pStmt, 2);
  }
  db_reset(pStmt);
}

/* Key-enterprise coverage of the year: of the plan's required key
** enterprises and its scheduled ones, how many have at least `min` done
** (reported / closed) inspections with a window in the year. */
static int plan_key_done(zf_db *pDb, const plan_row *p, int min, int *pTotal, int *pDone){
  static const char zSql[] =
    "WITH c AS MATERIALIZED (" PLAN_CANDIDATES "),"
    " r(id) AS (SELECT id FROM c WHERE required UNION SELECT enterprise_id FROM plan_entry WHERE version_id=?5)"
    " SELECT count(*), COALESCE(sum((SELECT count(*) FROM inspection i WHERE i.enterprise_id=r.id"
    "   AND (i.status='reported' OR i.status='closed') AND i.window_from>=?6 AND i.window_from<=?7)>=?8),0)"
    " FROM r";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zFrom[11], zTo[11];
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  snprintf(zFrom, sizeof zFrom, "%04d-01-01", p->year);
  snprintf(zTo, sizeof zTo, "%04d-12-31", p->year);
  db_bind(pStmt, "issiissi", (int64_t)p->year, p->zPath, p->zLevel, p->id, p->versionId, zFrom, zTo, (int64_t)min);
  rc = db_step(pStmt);
  if( rc==1 ){ *pTotal = db_column_int(pStmt, 0); *pDone = db_column_int(pStmt, 1); }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : ZF_EINTERNAL;
}

/* Scheduled, done and reported-late (逾期填报) inspections of the plan per
** month into a[13][3]. */
static void plan_inspected_months(zf_db *pDb, int64_t planId, int a[13][3]){
  static const char zSql[] =
    "SELECT CAST(substr(i.window_from,6,2) AS INTEGER), count(*),"
    " sum(i.status='reported' OR i.status='closed'), COALESCE(sum(s.late=1),0)"
    " FROM inspection i LEFT JOIN inspection_site s ON s.inspection_id=i.id"
    " WHERE i.plan_id=? AND i.status<>'cancelled' GROUP BY 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  memset(a, 0, sizeof(int)*13*3);
  if( pStmt==0 ) return;
  db_bind(pStmt, "i", planId);
  while( db_step(pStmt)==1 ){
    int m = db_column_int(pStmt, 0);
    if( m<1 || m>12 ) continue;
    a[m][0] = db_column_int(pStmt, 1);
    a[m][1] = db_column_int(pStmt, 2);
    a[m][2] = db_column_int(pStmt, 3);
  }
  db_reset(pStmt);
}

json_t *plan_progress_json(zf_db *pDb, const plan_row *p, zf_error *e){
  static const char zUnits[] =
    "SELECT i.unit_id, u.name, count(*), sum(i.status='reported' OR i.status='closed'),"
    " COALESCE(sum(s.late=1),0) FROM inspection i JOIN unit u ON u.id=i.unit_id"
    " LEFT JOIN inspection_site s ON s.inspection_id=i.id"
    " WHERE i.plan_id=? AND i.status<>'cancelled' GROUP BY i.unit_id, u.name"
    " ORDER BY i.unit_id";
  int aPlan[13][4], aDone[13][3], m, min = 1, total = 0, done = 0;
  json_t *pMonths = json_array();
  plan_planned_months(pDb, p->versionId, aPlan);
  plan_inspected_months(pDb, p->id, aDone);
  for(m=1; m<=12; m++){
    json_array_append_new(pMonths, json_pack("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "month", m,
      "planned_key", aPlan[m][0], "planned_random", aPlan[m][1], "planned_routine", aPlan[m][2],
      "planned_campaign", aPlan[m][3], "planned", aPlan[m][0]+aPlan[m][1]+aPlan[m][2]+aPlan[m][3],
      "scheduled", aDone[m][0], "done", aDone[m][1], "late", aDone[m][2]));
  }
  if( plan_rule(pDb, "plan.key_enterprise_min_inspections", p->year, &min, e)
   || plan_key_done(pDb, p, min, &total, &done) ){
    json_decref(pMonths);
    if( e->rc==0 ) err_set(e, ZF_EINTERNAL, 0, 0);
    return 0;
  }
  return json_pack("{s:I,s:i,s:i,s:s,s:o,s:o,s:{s:i,s:i,s:i,s:o}}", "plan_id", (json_int_t)p->id,
    "year", p->year, "version", p->version, "note", "按季度安排的计划户次计入该季度第一个月",
    "months", pMonths,
    "units", plan_rows(pDb, zUnits, p->id, "unit_id,unit_name,scheduled,done,late"),
    "key_coverage", "total", total, "covered", done, "min_inspections", min,
    "percent", total ? json_integer(done*100/total) : json_null());
}

/* The version shown for progress and publicity: the published one, else
** the latest. */
static int plan_load_in_force(zf_db *pDb, int64_t id, plan_row *p){
  return plan_load(pDb, id, plan_in_force(pDb, id), p);
}

json_t *plan_year_progress_json(zf_db *pDb, const char *zScopePath, int year, zf_error *e){
  static const char zPlans[] =
    "SELECT id FROM plan WHERE year=? AND region_path LIKE ? || '%' ORDER BY level, unit_id";
  static const char zInsp[] =
    "SELECT count(*), COALESCE(sum(status='reported' OR status='closed'),0) FROM inspection"
    " WHERE plan_id=? AND status<>'cancelled'";
  zf_stmt *pStmt = db_stmt(pDb, zPlans);
  json_t *pRows = json_array();
  int64_t aId[512];
  int n = 0, i, min = 1;
  if( pStmt==0 ) return pRows;
  db_bind(pStmt, "is", (int64_t)year, zScopePath);
  while( n<512 && db_step(pStmt)==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( plan_rule(pDb, "plan.key_enterprise_min_inspections", year, &min, e) ){ json_decref(pRows); return 0; }
  for(i=0; i<n; i++){
    plan_row row;
    plan_budget b;
    int nSched = 0, nDone = 0, total = 0, covered = 0;
    if( plan_load_in_force(pDb, aId[i], &row) || plan_budget_compute(pDb, &row, &b, e)
     || plan_key_done(pDb, &row, min, &total, &covered) ) continue;
    if( (pStmt = db_stmt(pDb, zInsp))!=0 ){
      db_bind(pStmt, "i", row.id);
      if( db_step(pStmt)==1 ){ nSched = db_column_int(pStmt, 0); nDone = db_column_int(pStmt, 1); }
      db_reset(pStmt);
    }
    json_array_append_new(pRows, json_pack("{s:I,s:I,s:s,s:s,s:s,s:i,s:i,s:i,s:i,s:i,s:i}",
      "plan_id", (json_int_t)row.id, "unit_id", (json_int_t)row.unitId, "unit_name", row.zUnit,
      "level", row.zLevel, "status", row.zStatus, "version", row.version, "planned", b.nInspections,
      "scheduled", nSched, "done", nDone, "key_total", total, "key_covered", covered));
  }
  return json_pack("{s:i,s:o}", "year", year, "items", pRows);
}

/* ---- public summary --------------------------------------------------------------- */

/* Approvals of every version that reached approval (public record). */
static json_t *plan_approvals_json(zf_db *pDb, int64_t planId){
  static const char zSql[] =
    "SELECT version, status, reason, approval_document, approved_on, published_at FROM plan_version"
    " WHERE plan_id=? AND (status='published' OR status='superseded') ORDER BY version";
  return plan_rows(pDb, zSql, planId, "version,status,reason,approval_document,approved_on,published_at");
}

/* Public summary of the published version of plan p. */
static json_t *plan_public_one(zf_db *pDb, const plan_row *p, zf_error *e){
  static const char zSectors[] =
    "SELECT q.sector, s.name, COALESCE(sum(CASE q.kind WHEN 'random' THEN q.count END),0),"
    " COALESCE(sum(CASE q.kind WHEN 'routine' THEN q.count END),0) FROM plan_quota q"
    " JOIN sector s ON s.code=q.sector WHERE q.version_id=? GROUP BY q.sector, s.name, s.sort ORDER BY s.sort";
  static const char zCampaigns[] =
    "SELECT c.name, c.topic, c.period_kind, c.period, s.name, h.name, c.count FROM plan_campaign c"
    " LEFT JOIN sector s ON s.code=c.sector LEFT JOIN hazard_kind h ON h.code=c.hazard"
    " WHERE c.version_id=? ORDER BY c.period_kind DESC, c.period, c.id";
  int aPlan[13][4], m;
  json_t *pMonths = json_array();
  plan_budget b;
  if( plan_budget_compute(pDb, p, &b, e) ){ json_decref(pMonths); return 0; }
  plan_planned_months(pDb, p->versionId, aPlan);
  for(m=1; m<=12; m++){
    json_array_append_new(pMonths, json_pack("{s:i,s:i,s:i}", "month", m, "key", aPlan[m][0],
                                             "general", aPlan[m][1] + aPlan[m][2]));
  }
  return json_pack("{s:I,s:s,s:i,s:s,s:s,s:i,s:o,s:i,s:i,s:i,s:i,s:o,s:o,s:o,s:{s:i,s:i,s:I,s:I}}",
    "plan_id", (json_int_t)p->id, "unit_name", p->zUnit, "year", p->year, "level", p->zLevel,
    "title", p->zTitle, "version", p->version, "approvals", plan_approvals_json(pDb, p->id),
    "key_enterprises", b.nKey, "random", b.nRandom, "routine", b.nRoutine, "campaign", b.nCampaign,
    "months", pMonths,
    "sectors", plan_rows(pDb, zSectors, p->versionId, "sector,sector_name,random,routine"),
    "campaigns", plan_rows(pDb, zCampaigns, p->versionId,
                           "name,topic,period_kind,period,sector_name,hazard_name,count"),
    "budget", "legal_workdays", b.legalWorkdays, "officers", b.officers,
    "available_days", (json_int_t)b.available, "planned_days", (json_int_t)b.planned);
}

json_t *plan_public_json(zf_db *pDb, int year, zf_error *e){
  static const char zSql[] =
    "SELECT p.id, v.version FROM plan p JOIN plan_version v ON v.plan_id=p.id AND v.status='published'"
    " WHERE (?1=0 OR p.year=?1) ORDER BY p.year DESC, p.level, p.unit_id LIMIT 500";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  int64_t aId[500];
  int aVer[500], n = 0, i;
  if( pStmt==0 ) return pItems;
  db_bind(pStmt, "i", (int64_t)year);
  while( n<500 && db_step(pStmt)==1 ){
    aId[n] = db_column_int64(pStmt, 0);
    aVer[n++] = db_column_int(pStmt, 1);
  }
  db_reset(pStmt);
  for(i=0; i<n; i++){
    plan_row row;
    json_t *p;
    if( plan_load(pDb, aId[i], aVer[i], &row) ) continue;
    p = plan_public_one(pDb, &row, e);
    if( p==0 ){ json_decref(pItems); return 0; }
    json_array_append_new(pItems, p);
  }
  return json_pack("{s:o}", "items", pItems);
}
