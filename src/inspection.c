/*
** inspection.c — scheduling inspections: the checks made when an
** inspection is put in the calendar (officers eligible, experts from the
** pool, the yearly cap), the "fewer visits" overlap warning with the offer
** of a joint inspection, cancellation, and the queries draws and plans use
** (last inspector, workload, yearly count). HTTP handlers are in
** inspection_api.c. Plan clauses 14, 15, 18; see inspection.h.
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "fieldwork.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"
#include "staff.h"
#include "region.h"

/* Inspection types in table order, with their Chinese names. */
static const char *const inspection_types[][2] = {
  {"key", "重点检查"}, {"random", "双随机抽查"}, {"routine", "日常检查"},
  {"special", "专项检查"}, {"covert", "暗访暗查"}, {"cross", "交叉互检"},
  {"complaint", "举报投诉核查"}, {"reinspection", "复查"}, {"joint", "联合检查"},
};

const char *inspection_type_name(const char *zType){
  size_t i;
  for(i=0; zType && i<sizeof inspection_types/sizeof inspection_types[0]; i++){
    if( strcmp(inspection_types[i][0], zType)==0 ) return inspection_types[i][1];
  }
  return 0;
}

/* 1 when inspections of this type count toward inspection.yearly_cap. */
static int inspection_type_capped(const char *zType){
  return strcmp(zType, "complaint")!=0 && strcmp(zType, "reinspection")!=0;
}

/* Enterprise exists and is not closed; copies its region path and name. */
static int inspection_enterprise(zf_db *pDb, int64_t id, char *zPath, size_t nPath, char *zName,
                                 size_t nName, zf_error *e){
  static const char zSql[] = "SELECT region_path, name, status FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zPath, nPath, "%s", db_text(pStmt, 0));
    snprintf(zName, nName, "%s", db_text(pStmt, 1));
    if( strcmp(db_text(pStmt, 2), "closed")==0 ) rc = 2;
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "enterprise_id", "企业不存在：%lld", (long long)id);
  if( rc==2 ) return err_set(e, ZF_ECONFLICT, "enterprise_id", "企业“%s”已注销，不能安排检查", zName);
  return ZF_OK;
}

/* Unit exists and is active. */
static int inspection_unit_check(zf_db *pDb, int64_t id, zf_error *e){
  static const char zSql[] = "SELECT status FROM unit WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 && strcmp(db_text(pStmt, 0), "active")!=0 ) rc = 2;
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "unit_id", "单位不存在：%lld", (long long)id);
  if( rc==2 ) return err_set(e, ZF_EINVAL, "unit_id", "单位 %lld 已撤销", (long long)id);
  return ZF_OK;
}

/* Name of person id for messages ("" when unknown). */
static void inspection_person_name(zf_db *pDb, int64_t id, char *zOut, size_t n){
  static const char zSql[] = "SELECT name FROM person WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  zOut[0] = 0;
  if( pStmt==0 ) return;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(zOut, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
}

/* No person listed twice across officers, assistants and experts. */
static int inspection_people_distinct(const inspection_new *p, zf_error *e){
  const int64_t *aList[3] = {p->aOfficer, p->aAssistant, p->aExpert};
  int anList[3] = {p->nOfficer, p->nAssistant, p->nExpert};
  static const char *const azField[3] = {"officers", "assistants", "experts"};
  int i, j, k, l;
  for(i=0; i<3; i++) for(j=0; j<anList[i]; j++){
    if( aList[i][j]<=0 ) return err_set(e, ZF_EINVAL, azField[i], "人员编号无效：%lld", (long long)aList[i][j]);
    for(k=i; k<3; k++) for(l=(k==i ? j+1 : 0); l<anList[k]; l++){
      if( aList[k][l]==aList[i][j] ){
        return err_set(e, ZF_EINVAL, azField[k], "人员 %lld 重复列入本次检查", (long long)aList[i][j]);
      }
    }
  }
  return ZF_OK;
}

/* An officer of a street unit inspects only inside the street's area
** (org_street_may with the enterprise's region as the place). */
static int inspection_street_area(zf_db *pDb, const inspection_new *p, int64_t personId,
                                  const char *zPath, zf_error *e){
  static const char zSql[] =
    "SELECT u.id FROM person p JOIN unit u ON u.id=p.unit_id WHERE p.id=? AND u.kind='street'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zRegion[16], zName[64];
  int64_t unitId = 0;
  zf_error e2 = {0};
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", personId);
  if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unitId==0 ) return ZF_OK;
  region_code_of_path(zPath, zRegion, sizeof zRegion);
  rc = org_street_may(pDb, unitId, zRegion, p->zItemCode, p->zFrom, &e2);
  if( rc==ZF_OK ) return ZF_OK;
  inspection_person_name(pDb, personId, zName, sizeof zName);
  return err_set(e, rc==ZF_EPROCEDURE ? rc : ZF_EINTERNAL, "officers", "执法人员%s（%lld）不能参加本次检查：%s",
                 zName, (long long)personId, e2.message);
}

/* Officers: enough of them, each eligible on both ends of the window, a
** street's officers only inside its area (zPath: the enterprise's). */
static int inspection_officers_check(zf_db *pDb, const inspection_new *p, const char *zPath,
                                     zf_error *e){
  int64_t minOfficers = 2;
  int i, rc;
  if( p->nOfficer==0 ) return ZF_OK;
  rc = rules_int(pDb, "inspection.min_officers", p->zFrom, &minOfficers, e);
  if( rc ) return rc;
  if( p->nOfficer<minOfficers ){
    return err_set(e, ZF_EPROCEDURE, "officers",
                   "检查须有不少于 %lld 名持证执法人员，现只有 %d 名，还差 %lld 名",
                   (long long)minOfficers, p->nOfficer, (long long)(minOfficers - p->nOfficer));
  }
  for(i=0; i<p->nOfficer; i++){
    const char *azDay[2] = {p->zFrom, p->zTo};
    int d;
    for(d=0; d<2; d++){
      zf_error e2 = {0};
      char zName[64];
      if( d==1 && strcmp(p->zFrom, p->zTo)==0 ) break;
      rc = staff_may_enforce(pDb, p->aOfficer[i], azDay[d], p->zItemCode, p->enterpriseId, &e2);
      if( rc==ZF_ENOTFOUND ){
        return err_set(e, ZF_EINVAL, "officers", "人员不存在：%lld", (long long)p->aOfficer[i]);
      }
      if( rc ){
        inspection_person_name(pDb, p->aOfficer[i], zName, sizeof zName);
        return err_set(e, rc, "officers", "执法人员%s（%lld）不能参加本次检查：%s", zName,
                       (long long)p->aOfficer[i], e2.message);
      }
    }
    if( (rc = inspection_street_area(pDb, p, p->aOfficer[i], zPath, e))!=0 ) return rc;
  }
  return ZF_OK;
}

/* Experts are in the expert pool; assistants are persons of kind
** assistant in service. */
static int inspection_helpers_check(zf_db *pDb, const inspection_new *p, zf_error *e){
  static const char zExpert[] =
    "SELECT 1 FROM expert x JOIN person p ON p.id=x.person_id WHERE x.person_id=? AND p.status='active'";
  static const char zAssist[] =
    "SELECT 1 FROM person WHERE id=? AND kind='assistant' AND status='active'";
  int i, rc;
  for(i=0; i<p->nExpert + p->nAssistant; i++){
    int isExpert = i<p->nExpert;
    int64_t id = isExpert ? p->aExpert[i] : p->aAssistant[i - p->nExpert];
    zf_stmt *pStmt = db_stmt(pDb, isExpert ? zExpert : zAssist);
    if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", id);
    rc = db_step(pStmt);
    db_reset(pStmt);
    if( rc<0 ) return err_set(e, -rc, 0, 0);
    if( rc==0 ){
      return isExpert
        ? err_set(e, ZF_EINVAL, "experts", "人员 %lld 不在专家库中或已离岗", (long long)id)
        : err_set(e, ZF_EINVAL, "assistants", "人员 %lld 不是在岗的安监员", (long long)id);
    }
  }
  return ZF_OK;
}

int inspection_year_count(zf_db *pDb, int64_t enterpriseId, int year){
  static const char zSql[] =
    "SELECT count(DISTINCT COALESCE(joint_group, id)) FROM inspection WHERE enterprise_id=?"
    " AND window_from>=? AND window_from<=?"
    " AND status<>'cancelled' AND type<>'complaint' AND type<>'reinspection'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zFrom[11], zTo[11];
  int n = -1;
  if( pStmt==0 ) return -1;
  snprintf(zFrom, sizeof zFrom, "%04d-01-01", year);
  snprintf(zTo, sizeof zTo, "%04d-12-31", year);
  db_bind(pStmt, "iss", enterpriseId, zFrom, zTo);
  if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/* The yearly cap on visits that are not complaint checks or re-inspections
** (减少检查频次). Joining another unit's inspection adds no visit, so a
** join is never refused by the cap: that is the remedy the refusal offers. */
static int inspection_cap_check(zf_db *pDb, const inspection_new *p, const char *zName, zf_error *e){
  int64_t cap;
  int n, rc;
  if( !inspection_type_capped(p->zType) || p->joinId ) return ZF_OK;
  rc = rules_int(pDb, "inspection.yearly_cap", p->zFrom, &cap, e);
  if( rc ) return rc;
  n = inspection_year_count(pDb, p->enterpriseId, atoi(p->zFrom));
  if( n<0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( n>=cap ){
    return err_set(e, ZF_ECONFLICT, "enterprise_id",
                   "企业“%.60s”%.4s年已安排 %d 次检查，已达每年 %lld 次的上限（举报投诉核查、复查不计）；"
                   "可合并为联合检查", zName, p->zFrom, n, (long long)cap);
  }
  return ZF_OK;
}

/* The same unit may not schedule the same enterprise twice in overlapping
** windows (不重复检查): refused, naming the inspection already there.
** Complaint checks and re-inspections answer an event and are exempt on
** either side. */
static int inspection_duplicate_check(zf_db *pDb, const inspection_new *p, zf_error *e){
  static const char zSql[] =
    "SELECT id, window_from, window_to, type FROM inspection WHERE enterprise_id=? AND unit_id=?"
    " AND window_from<=? AND window_to>=? AND (status='scheduled' OR status='in_progress')"
    " AND type<>'complaint' AND type<>'reinspection' ORDER BY window_from, id LIMIT 1";
  zf_stmt *pStmt;
  int rc;
  if( !inspection_type_capped(p->zType) ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "iiss", p->enterpriseId, p->unitId, p->zTo, p->zFrom);
  rc = db_step(pStmt);
  if( rc==1 ){
    const char *zType = inspection_type_name(db_text(pStmt, 3));
    err_set(e, ZF_ECONFLICT, "window_from",
            "本单位已安排 %s 至 %s 对该企业的%s（检查编号 %lld），同一单位同期不重复检查；请调整时段或先取消原安排",
            db_text(pStmt, 1), db_text(pStmt, 2), zType ? zType : "检查", (long long)db_column_int64(pStmt, 0));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  return rc==1 ? ZF_ECONFLICT : ZF_OK;
}

/* Appends overlap warnings: other units' inspections of the enterprise,
** scheduled or under way, whose window meets [from, to], outside the joint
** group the new inspection joined (group 0: none). */
static int inspection_overlaps(zf_db *pDb, const inspection_new *p, int64_t selfId, int64_t group,
                               json_t *pOut){
  static const char zSql[] =
    "SELECT i.id, i.unit_id, u.name, i.window_from, i.window_to, i.type, COALESCE(i.joint_group, i.id)"
    " FROM inspection i JOIN unit u ON u.id=i.unit_id"
    " WHERE i.enterprise_id=? AND i.unit_id<>? AND i.id<>? AND i.window_from<=? AND i.window_to>=?"
    " AND (i.status='scheduled' OR i.status='in_progress') AND COALESCE(i.joint_group, i.id)<>?"
    " ORDER BY i.window_from, i.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "iiissi", p->enterpriseId, p->unitId, selfId, p->zTo, p->zFrom, group);
  while( (rc = db_step(pStmt))==1 ){
    json_t *pW = json_pack("{s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:I}", "code", "overlap",
      "inspection_id", (json_int_t)db_column_int64(pStmt, 0),
      "unit_id", (json_int_t)db_column_int64(pStmt, 1), "unit_name", db_text(pStmt, 2),
      "window_from", db_text(pStmt, 3), "window_to", db_text(pStmt, 4), "type", db_text(pStmt, 5),
      "joint_group", (json_int_t)db_column_int64(pStmt, 6));
    json_object_set_new(pW, "message", json_sprintf(
      "%s已安排在 %s 至 %s 检查该企业，建议合并为联合检查，减少对企业的检查频次",
      db_text(pStmt, 2), db_text(pStmt, 3), db_text(pStmt, 4)));
    json_array_append_new(pOut, pW);
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* The group an accepted joint offer joins: the joined inspection's group
** (or its own id). It must be the same enterprise, not yet done
** (scheduled or under way) and its window must meet the new one. */
static int inspection_join_group(zf_db *pDb, const inspection_new *p, int64_t *pGroup, zf_error *e){
  static const char zSql[] =
    "SELECT COALESCE(joint_group, id), enterprise_id, status, window_from, window_to FROM inspection WHERE id=?";
  zf_stmt *pStmt;
  int rc;
  *pGroup = 0;
  if( p->joinId==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", p->joinId);
  rc = db_step(pStmt);
  if( rc==1 ){
    const char *zStatus = db_text(pStmt, 2), *zFrom = db_text(pStmt, 3), *zTo = db_text(pStmt, 4);
    *pGroup = db_column_int64(pStmt, 0);
    if( db_column_int64(pStmt, 1)!=p->enterpriseId ){
      rc = err_set(e, ZF_EINVAL, "join_id", "要合并的检查 %lld 不是同一企业的检查", (long long)p->joinId);
    }else if( strcmp(zStatus, "scheduled")!=0 && strcmp(zStatus, "in_progress")!=0 ){
      rc = err_set(e, ZF_ECONFLICT, "join_id", "要合并的检查 %lld 已%s，不能再合并", (long long)p->joinId,
                   strcmp(zStatus, "cancelled")==0 ? "取消" : "结束");
    }else if( strcmp(zFrom, p->zTo)>0 || strcmp(zTo, p->zFrom)<0 ){
      rc = err_set(e, ZF_EINVAL, "join_id", "要合并的检查 %lld 安排在 %s 至 %s，与本次检查时段不重叠",
                   (long long)p->joinId, zFrom, zTo);
    }else{
      rc = ZF_OK;
    }
  }else if( rc==0 ){
    rc = err_set(e, ZF_EINVAL, "join_id", "要合并的检查不存在：%lld", (long long)p->joinId);
  }else{
    rc = err_set(e, -rc, 0, 0);
  }
  db_reset(pStmt);
  if( rc ) *pGroup = 0;
  return rc;
}

/* Every check of pNew that does not need writing; *pGroup gets the joint
** group an accepted offer joins (0: none). */
static int inspection_check(zf_db *pDb, const inspection_new *p, char *zPath, size_t nPath,
                            int64_t *pGroup, zf_error *e){
  char zName[256], zToday[11];
  int32_t a, b;
  int rc;
  if( inspection_type_name(p->zType)==0 ){
    return err_set(e, ZF_EINVAL, "type", "未知检查类型：%.20s", p->zType ? p->zType : "");
  }
  if( (rc = calendar_parse_date(p->zFrom, "window_from", &a, e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zTo, "window_to", &b, e))!=0 ) return rc;
  if( b<a ) return err_set(e, ZF_EINVAL, "window_to", "检查时段的结束日期 %s 早于开始日期 %s", p->zTo, p->zFrom);
  if( b-a>366 ) return err_set(e, ZF_EINVAL, "window_to", "检查时段不能超过一年");
  calendar_today(zToday);
  if( strcmp(p->zTo, zToday)<0 ){
    return err_set(e, ZF_EINVAL, "window_to", "检查时段的结束日期 %s 已经过去，不能再安排", p->zTo);
  }
  if( p->zNote && strlen(p->zNote)>2000 ) return err_set(e, ZF_EINVAL, "note", "备注过长");
  if( p->zDepartments && strlen(p->zDepartments)>500 ){
    return err_set(e, ZF_EINVAL, "departments", "联合检查部门过长");
  }
  if( (rc = inspection_enterprise(pDb, p->enterpriseId, zPath, nPath, zName, sizeof zName, e))!=0 ) return rc;
  if( (rc = inspection_unit_check(pDb, p->unitId, e))!=0 ) return rc;
  if( (rc = inspection_people_distinct(p, e))!=0 ) return rc;
  if( (rc = inspection_officers_check(pDb, p, zPath, e))!=0 ) return rc;
  if( (rc = inspection_helpers_check(pDb, p, e))!=0 ) return rc;
  if( (rc = inspection_join_group(pDb, p, pGroup, e))!=0 ) return rc;
  if( (rc = inspection_duplicate_check(pDb, p, e))!=0 ) return rc;
  return inspection_cap_check(pDb, p, zName, e);
}

/* Binds v to parameter i, NULL when 0. */
static void inspection_bind_id(zf_stmt *pStmt, int i, int64_t v){
  if( v ) db_bind_int64(pStmt, i, v); else db_bind_null(pStmt, i);
}

/* Inserts the row and its people; the region path is the enterprise's. */
static int inspection_write(zf_db *pDb, const char *zActor, const inspection_new *p,
                            const char *zPath, int64_t group, int64_t *pId){
  static const char zIns[] =
    "INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to,"
    " departments, note, created_by, created_at, updated_at, plan_id, draw_id, campaign_id, joint_group)"
    " VALUES(?,?,?,?,'scheduled',?,?,?,?,?,?,?,?,?,?,?)";
  static const char zPerson[] =
    "INSERT INTO inspection_person(inspection_id, person_id, role) VALUES(?,?,?)";
  static const char zGroup[] = "UPDATE inspection SET joint_group=? WHERE id=? AND joint_group IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zIns);
  char zNow[24];
  int i, rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  clock_now_iso(zNow);
  db_bind(pStmt, "iisssssssss", p->enterpriseId, p->unitId, zPath, p->zType, p->zFrom, p->zTo,
          p->zDepartments ? p->zDepartments : "", p->zNote ? p->zNote : "", zActor ? zActor : "cli",
          zNow, zNow);
  inspection_bind_id(pStmt, 12, p->planId);
  inspection_bind_id(pStmt, 13, p->drawId);
  inspection_bind_id(pStmt, 14, p->campaignId);
  inspection_bind_id(pStmt, 15, group);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  *pId = db_last_id(pDb);
  for(i=0; rc==ZF_OK && i<p->nOfficer; i++) rc = db_exec(pDb, zPerson, "iis", *pId, p->aOfficer[i], "officer");
  for(i=0; rc==ZF_OK && i<p->nAssistant; i++) rc = db_exec(pDb, zPerson, "iis", *pId, p->aAssistant[i], "assistant");
  for(i=0; rc==ZF_OK && i<p->nExpert; i++) rc = db_exec(pDb, zPerson, "iis", *pId, p->aExpert[i], "expert");
  if( rc==ZF_OK && group ) rc = db_exec(pDb, zGroup, "ii", group, group);
  return rc;
}

int inspection_insert_tx(zf_db *pDb, const char *zActor, const inspection_new *pNew, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zPath[128];
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", pNew->enterpriseId);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  if( rc!=1 ) return rc<0 ? -rc : ZF_ENOTFOUND;
  return inspection_write(pDb, zActor, pNew, zPath, 0, pId);
}

int inspection_schedule_tx(zf_db *pDb, const char *zActor, const inspection_new *pNew,
                           int64_t *pId, json_t *pWarnings, zf_error *e){
  char zPath[128];
  int64_t group = 0;
  int rc = inspection_check(pDb, pNew, zPath, sizeof zPath, &group, e);
  if( rc ) return rc;
  rc = inspection_write(pDb, zActor, pNew, zPath, group, pId);
  if( rc==ZF_OK && pWarnings ) rc = inspection_overlaps(pDb, pNew, *pId, group, pWarnings);
  return rc ? err_set(e, rc, 0, "无法保存检查安排") : ZF_OK;
}

/* The audit record of a scheduled inspection. */
static json_t *inspection_audit_json(const inspection_new *p){
  json_t *pO = json_array(), *pA = json_array(), *pE = json_array();
  int i;
  for(i=0; i<p->nOfficer; i++) json_array_append_new(pO, json_integer(p->aOfficer[i]));
  for(i=0; i<p->nAssistant; i++) json_array_append_new(pA, json_integer(p->aAssistant[i]));
  for(i=0; i<p->nExpert; i++) json_array_append_new(pE, json_integer(p->aExpert[i]));
  return json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:I}", "enterprise_id", (json_int_t)p->enterpriseId,
                   "unit_id", (json_int_t)p->unitId, "type", p->zType, "window_from", p->zFrom,
                   "window_to", p->zTo, "officers", pO, "assistants", pA, "experts", pE,
                   "join_id", (json_int_t)p->joinId);
}

/* 1 when zPath lies inside the actor's scope (always for the command line). */
static int inspection_in_scope(const zf_who *pActor, const char *zPath){
  return pActor==0 || strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))==0;
}

/* What the actor may schedule, checked before anything else so that a
** refusal says nothing about records outside the scope: the enterprise,
** the inspecting unit and the officers and assistants (their units) lie
** inside the actor's scope. Experts come from the shared pool. Unknown
** records are left to inspection_check. */
static int inspection_scope_check(zf_db *pDb, const zf_who *pActor, const inspection_new *p, zf_error *e){
  static const char zEnt[] = "SELECT region_path FROM enterprise WHERE id=?";
  static const char zUnit[] =
    "SELECT g.path, u.name FROM unit u JOIN region g ON g.code=u.region WHERE u.id=?";
  static const char zPerson[] =
    "SELECT g.path, p.name FROM person p JOIN unit u ON u.id=p.unit_id JOIN region g ON g.code=u.region"
    " WHERE p.id=?";
  int i, rc = ZF_OK;
  zf_stmt *pStmt;
  if( pActor==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zEnt))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", p->enterpriseId);
  if( db_step(pStmt)==1 && !inspection_in_scope(pActor, db_text(pStmt, 0)) ){
    rc = err_set(e, ZF_ESCOPE, "enterprise_id", "该企业不在您的管辖范围内");
  }
  db_reset(pStmt);
  if( rc ) return rc;
  if( (pStmt = db_stmt(pDb, zUnit))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", p->unitId);
  if( db_step(pStmt)==1 && !inspection_in_scope(pActor, db_text(pStmt, 0)) ){
    rc = err_set(e, ZF_ESCOPE, "unit_id", "检查单位“%s”不在您的管辖范围内", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  for(i=0; rc==ZF_OK && i<p->nOfficer + p->nAssistant; i++){
    int isOfficer = i<p->nOfficer;
    int64_t id = isOfficer ? p->aOfficer[i] : p->aAssistant[i - p->nOfficer];
    if( (pStmt = db_stmt(pDb, zPerson))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", id);
    if( db_step(pStmt)==1 && !inspection_in_scope(pActor, db_text(pStmt, 0)) ){
      rc = err_set(e, ZF_ESCOPE, isOfficer ? "officers" : "assistants", "人员%s（%lld）不在您的管辖范围内",
                   db_text(pStmt, 1), (long long)id);
    }
    db_reset(pStmt);
  }
  return rc;
}

/*
** The covert rule (暗访暗查, fieldwork.h) at scheduling, for an actor who may
** not see a covert inspection of the enterprise: a join_id naming it is
** answered as absent; the same unit's covert inspection in an overlapping
** window still refuses the new one (不重复检查) but without naming it. The
** yearly cap counts covert inspections too (inspection_year_count): its
** refusal gives only the count, never which inspections. Overlap warnings
** are filtered by inspection_covert_warnings().
*/
static int inspection_covert_check(zf_db *pDb, const zf_who *pActor, const inspection_new *p, zf_error *e){
  static const char zDup[] =
    "SELECT id FROM inspection WHERE enterprise_id=? AND unit_id=? AND type='covert'"
    " AND window_from<=? AND window_to>=? AND (status='scheduled' OR status='in_progress')";
  zf_stmt *pStmt;
  int hidden = 0;
  if( pActor==0 ) return ZF_OK;
  if( p->joinId && !covert_visible(pDb, pActor, p->joinId) ){
    return err_set(e, ZF_EINVAL, "join_id", "要合并的检查不存在：%lld", (long long)p->joinId);
  }
  if( p->zType==0 || !inspection_type_capped(p->zType) || p->zFrom==0 || p->zTo==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zDup))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "iiss", p->enterpriseId, p->unitId, p->zTo, p->zFrom);
  while( !hidden && db_step(pStmt)==1 ) hidden = !covert_visible(pDb, pActor, db_column_int64(pStmt, 0));
  db_reset(pStmt);
  if( hidden ){
    return err_set(e, ZF_ECONFLICT, "window_from",
                   "本单位该时段已有对该企业的检查安排，同一单位同期不重复检查；请调整时段");
  }
  return ZF_OK;
}

/* Drops the overlap warnings naming a covert inspection the actor may not
** see (the warning would reveal it). */
static void inspection_covert_warnings(zf_db *pDb, const zf_who *pActor, json_t *pW){
  size_t i = 0;
  if( pActor==0 ) return;
  while( i<json_array_size(pW) ){
    json_int_t id = json_integer_value(json_object_get(json_array_get(pW, i), "inspection_id"));
    if( id && !covert_visible(pDb, pActor, id) ) json_array_remove(pW, i); else i++;
  }
}

int inspection_schedule(zf_db *pDb, const zf_who *pActor, const inspection_new *pNew,
                        int64_t *pId, json_t **ppWarnings, zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zPath[128] = "", zRegion[16], zId[24];
  json_t *pW = json_array();
  int rc;
  *ppWarnings = 0;
  if( (rc = db_begin(pDb))!=0 ){ json_decref(pW); return err_set(e, rc, 0, 0); }
  rc = inspection_scope_check(pDb, pActor, pNew, e);
  if( rc==ZF_OK ) rc = inspection_covert_check(pDb, pActor, pNew, e);
  if( rc==ZF_OK ) rc = inspection_schedule_tx(pDb, zActor, pNew, pId, pW, e);
  if( rc==ZF_OK ) inspection_covert_warnings(pDb, pActor, pW);
  if( rc==ZF_OK ){
    static const char zSql[] = "SELECT region_path FROM inspection WHERE id=?";
    zf_stmt *pStmt = db_stmt(pDb, zSql);
    json_t *pA;
    if( pStmt ){
      db_bind(pStmt, "i", *pId);
      if( db_step(pStmt)==1 ) snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 0));
      db_reset(pStmt);
    }
    pA = inspection_audit_json(pNew);
    json_object_set(pA, "warnings", pW);
    region_code_of_path(zPath, zRegion, sizeof zRegion);
    snprintf(zId, sizeof zId, "%lld", (long long)*pId);
    rc = audit_append(pDb, zActor, "inspection.schedule", "inspection", zId, zRegion, pA);
    json_decref(pA);
    if( rc ) err_set(e, rc, 0, 0);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){
    db_rollback(pDb);
    json_decref(pW);
    return e->rc ? e->rc : err_set(e, rc, 0, 0);
  }
  *ppWarnings = pW;
  return ZF_OK;
}

int inspection_cancel_tx(zf_db *pDb, const char *zActor, int64_t id, const char *zReason){
  static const char zUpd[] =
    "UPDATE inspection SET status='cancelled', cancel_reason=?, cancelled_at=?, cancelled_by=?,"
    " updated_at=?, version=version+1 WHERE id=? AND status='scheduled'";
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "ssssi", zReason, zNow, zActor ? zActor : "cli", zNow, id);
  if( rc==ZF_OK && db_changes(pDb)==0 ) rc = ZF_ECONFLICT;
  return rc;
}

int inspection_cancel(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason,
                      zf_error *e){
  static const char zGet[] = "SELECT status, region_path FROM inspection WHERE id=?";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  zf_stmt *pStmt;
  char zStatus[16] = "", zPath[128] = "", zRegion[16], zId[24];
  int rc = text_check(zReason, 2, 200, "reason", "取消原因", e);
  if( rc ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( (pStmt = db_stmt(pDb, zGet))==0 ){ db_rollback(pDb); return err_set(e, ZF_EINTERNAL, 0, 0); }
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 0));
    snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  if( rc!=1 ){
    db_rollback(pDb);
    return rc<0 ? err_set(e, -rc, 0, 0) : err_set(e, ZF_ENOTFOUND, "id", "检查不存在：%lld", (long long)id);
  }
  if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ESCOPE, "id", "该检查不在您的管辖范围内");
  }
  if( strcmp(zStatus, "scheduled")!=0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, "status", "只能取消尚未开始的检查（当前状态：%s）", zStatus);
  }
  rc = inspection_cancel_tx(pDb, zActor, id, zReason);
  if( rc==ZF_OK ){
    json_t *pA = json_pack("{s:s}", "reason", zReason);
    region_code_of_path(zPath, zRegion, sizeof zRegion);
    snprintf(zId, sizeof zId, "%lld", (long long)id);
    rc = audit_append(pDb, zActor, "inspection.cancel", "inspection", zId, zRegion, pA);
    json_decref(pA);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){ db_rollback(pDb); return err_set(e, rc, 0, "无法取消检查"); }
  return ZF_OK;
}

int inspection_last_officers(zf_db *pDb, int64_t enterpriseId, const char *zBefore,
                             int64_t *aOut, int nMax){
  static const char zSql[] =
    "SELECT p.person_id FROM inspection_person p WHERE p.role='officer' AND p.inspection_id="
    " (SELECT id FROM inspection WHERE enterprise_id=? AND status<>'cancelled'"
    "  AND COALESCE(substr(actual_start,1,10), window_from)<?"
    "  ORDER BY COALESCE(substr(actual_start,1,10), window_from) DESC, id DESC LIMIT 1)"
    " ORDER BY p.person_id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = 0, rc;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "is", enterpriseId, zBefore);
  while( (rc = db_step(pStmt))==1 ){
    if( n<nMax ) aOut[n] = db_column_int64(pStmt, 0);
    n++;
  }
  db_reset(pStmt);
  return rc<0 ? -1 : (n<nMax ? n : nMax);
}

int inspection_person_load(zf_db *pDb, int64_t personId, const char *zFrom, const char *zTo){
  static const char zSql[] =
    "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id"
    " WHERE p.person_id=? AND p.role<>'assistant' AND i.status<>'cancelled'"
    " AND i.window_from>=? AND i.window_from<=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = -1;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "iss", personId, zFrom, zTo);
  if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return n;
}

json_t *inspection_json(zf_db *pDb, int64_t id){
  /* the list's rendering (INSPECTION_JSON_SQL), so a row reads the same in
  ** a list and on its own */
  static const char zSql[] = "SELECT " INSPECTION_JSON_SQL INSPECTION_FROM " WHERE i.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = json_loads(db_text(pStmt, 0), 0, 0);
  db_reset(pStmt);
  return p;
}
