/*
** fieldwork.c — carrying out an inspection on site: start, steps,
** attendance, checklist results, measures, report, close (rules in
** fieldwork.h). Every write: one transaction that checks scope, the covert
** rule, the version and the status, writes, bumps inspection.version and
** appends the audit entry. Plan clauses 12, 15, 16, 19.
*/
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/auth.h"
#include "core/clock.h"
#include "checklist.h"
#include "fieldwork.h"
#include "hazard.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"
#include "staff.h"
#include "region.h"

/* The inspection row a write works on. */
typedef struct fw_row {
  int64_t id, enterpriseId, unitId, version;
  char zType[16], zStatus[16], zPath[128], zFrom[11];
  char zStart[24], zEnd[24], zCreatedBy[64];
} fw_row;

/* Parses UTC "YYYY-MM-DDTHH:MM:SSZ" into Unix seconds; 0 when malformed. */
static int fw_time(const char *z, int64_t *pT){
  struct tm tm;
  char zBack[24];
  if( z==0 || strlen(z)!=20 ) return 0;
  memset(&tm, 0, sizeof tm);
  if( sscanf(z, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
             &tm.tm_hour, &tm.tm_min, &tm.tm_sec)!=6 ) return 0;
  tm.tm_year -= 1900; tm.tm_mon -= 1;
  *pT = (int64_t)timegm(&tm);
  clock_iso(*pT, zBack);
  return strcmp(zBack, z)==0;
}

/* A client time, or now when z is NULL, as canonical text; checked not in
** the future. */
static int fw_time_arg(const char *z, const char *zField, char zOut[24], int64_t *pT, zf_error *e){
  if( z==0 ){ *pT = clock_now(); clock_iso(*pT, zOut); return ZF_OK; }
  if( !fw_time(z, pT) ) return err_set(e, ZF_EINVAL, zField, "时间格式应为 YYYY-MM-DDTHH:MM:SSZ（UTC）：%.30s", z);
  if( *pT > clock_now() + 60 ) return err_set(e, ZF_EINVAL, zField, "时间 %s 晚于当前时间，不能预填", z);
  clock_iso(*pT, zOut);
  return ZF_OK;
}

/* Loads inspection id into *p; 1 found, 0 absent, <0 error. */
static int fw_load(zf_db *pDb, int64_t id, fw_row *p){
  static const char zSql[] =
    "SELECT id, enterprise_id, unit_id, version, type, status, region_path, window_from,"
    " COALESCE(actual_start,''), COALESCE(actual_end,''), created_by FROM inspection WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return -ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    p->id = db_column_int64(pStmt, 0);
    p->enterpriseId = db_column_int64(pStmt, 1);
    p->unitId = db_column_int64(pStmt, 2);
    p->version = db_column_int64(pStmt, 3);
    snprintf(p->zType, sizeof p->zType, "%s", db_text(pStmt, 4));
    snprintf(p->zStatus, sizeof p->zStatus, "%s", db_text(pStmt, 5));
    snprintf(p->zPath, sizeof p->zPath, "%s", db_text(pStmt, 6));
    snprintf(p->zFrom, sizeof p->zFrom, "%s", db_text(pStmt, 7));
    snprintf(p->zStart, sizeof p->zStart, "%s", db_text(pStmt, 8));
    snprintf(p->zEnd, sizeof p->zEnd, "%s", db_text(pStmt, 9));
    snprintf(p->zCreatedBy, sizeof p->zCreatedBy, "%s", db_text(pStmt, 10));
  }
  db_reset(pStmt);
  return rc;
}

/* The covert rule on a loaded row. */
static int fw_row_visible(zf_db *pDb, const zf_who *pActor, const fw_row *p){
  static const char zSql[] =
    "SELECT 1 FROM inspection_person ip JOIN person p ON p.id=ip.person_id"
    " WHERE ip.inspection_id=? AND p.account_id=?";
  zf_stmt *pStmt;
  int ok = 0;
  if( pActor==0 || strcmp(p->zType, "covert")!=0 || strcmp(p->zStatus, "closed")==0 ) return 1;
  if( pActor->roles & (1u<<ROLE_LEADER) ) return 1;
  if( strcmp(p->zCreatedBy, pActor->zUsername)==0 ) return 1;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return 0;
  db_bind(pStmt, "ii", p->id, pActor->accountId);
  ok = db_step(pStmt)==1;
  db_reset(pStmt);
  return ok;
}

/* May pActor record on inspection p? Its officers and experts (by the
** account's person; at the start also the officers aNew[0..nNew) being
** set), or the brigade and leaders entering on their behalf; the command
** line (NULL) always. */
static int fw_may_record(zf_db *pDb, const zf_who *pActor, const fw_row *p, const int64_t *aNew, int nNew,
                         zf_error *e){
  static const char zSql[] =
    "SELECT 1 FROM inspection_person ip JOIN person p ON p.id=ip.person_id"
    " WHERE ip.inspection_id=? AND p.account_id=? AND ip.role<>'assistant'";
  zf_stmt *pStmt;
  int ok;
  if( pActor==0 || (pActor->roles & ((1u<<ROLE_LEADER) | (1u<<ROLE_BRIGADE))) ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", p->id, pActor->accountId);
  ok = db_step(pStmt)==1;
  db_reset(pStmt);
  if( !ok && nNew>0 ){
    int64_t me = 0;
    int i;
    if( staff_person_of_account(pDb, pActor->accountId, &me)==ZF_OK ) for(i=0; i<nNew; i++) ok |= aNew[i]==me;
  }
  return ok ? ZF_OK : err_set(e, ZF_EFORBIDDEN, "id", "只有本次检查的执法人员（或大队、领导）可以记录现场检查");
}

int fieldwork_report_cutoff(zf_db *pDb, const char *zToday, char zCut[11], int64_t *pHours, zf_error *e){
  char zIso[24];
  int rc = rules_int(pDb, "inspection.report_hours", zToday, pHours, e);
  if( rc ) return rc;
  clock_iso(clock_now() - *pHours*3600, zIso);
  calendar_local_date(zIso, zCut);
  return ZF_OK;
}

int covert_visible(zf_db *pDb, const zf_who *pActor, int64_t id){
  fw_row row;
  return fw_load(pDb, id, &row)==1 && fw_row_visible(pDb, pActor, &row);
}

int covert_link_visible(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t id){
  zf_stmt *pStmt;
  int64_t inspectionId = 0;
  if( pActor==0 || zKind==0 ) return 1;
  if( strcmp(zKind, "inspection")==0 ){
    inspectionId = id;
  }else if( strcmp(zKind, "hazard")==0 ){
    if( (pStmt = db_stmt(pDb, "SELECT inspection_id FROM hazard WHERE id=?"))==0 ) return 0;
    db_bind(pStmt, "i", id);
    if( db_step(pStmt)==1 ) inspectionId = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  if( inspectionId==0 ) return 1;
  {
    fw_row row;
    int rc = fw_load(pDb, inspectionId, &row);
    if( rc<0 ) return 0;
    return rc==0 || fw_row_visible(pDb, pActor, &row);
  }
}

void covert_bind(zf_stmt *pStmt, const zf_who *pActor, int iL, int iU, int iA){
  db_bind_int(pStmt, iL, pActor==0 || (pActor->roles & (1u<<ROLE_LEADER))!=0);
  db_bind_text(pStmt, iU, pActor ? pActor->zUsername : "", -1, DB_TRANSIENT);
  db_bind_int64(pStmt, iA, pActor ? pActor->accountId : 0);
}

/* Begins a write on inspection id: found (404, also for a covert one the
** actor may not see), in scope (403), the same version (409 "version"),
** in status zStatus (409 "status"). Rolls back on refusal. */
static int fw_begin(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                    const char *zStatus, fw_row *p, zf_error *e){
  int rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  memset(p, 0, sizeof *p);
  rc = fw_load(pDb, id, p);
  if( rc<0 ){ db_rollback(pDb); return err_set(e, -rc, 0, 0); }
  if( rc==0 || !fw_row_visible(pDb, pActor, p) ){
    db_rollback(pDb);
    return err_set(e, ZF_ENOTFOUND, "id", "检查不存在：%lld", (long long)id);
  }
  if( pActor && strncmp(p->zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ESCOPE, "id", "该检查不在您的管辖范围内");
  }
  /* the start checks the people itself: they may be replaced there */
  if( (zStatus==0 || strcmp(zStatus, "scheduled")!=0) && (rc = fw_may_record(pDb, pActor, p, 0, 0, e))!=0 ){
    db_rollback(pDb);
    return rc;
  }
  if( version!=p->version ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, "version", "该检查已被他人修改（您的版本 %lld，当前版本 %lld），请核对后再提交",
                   (long long)version, (long long)p->version);
  }
  if( zStatus && strcmp(p->zStatus, zStatus)!=0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, "status", "检查当前状态为 %s，不能执行此操作（需要 %s）", p->zStatus, zStatus);
  }
  return ZF_OK;
}

/* Ends a write: bumps the version, appends the audit entry (pChange is
** consumed), commits; rolls back when rc is not ZF_OK. */
static int fw_end(zf_db *pDb, const zf_who *pActor, const fw_row *p, int rc, const char *zAction,
                  json_t *pChange, zf_error *e){
  char zNow[24], zId[24], zRegion[16];
  if( rc==ZF_OK ){
    clock_now_iso(zNow);
    rc = db_exec(pDb, "UPDATE inspection SET version=version+1, updated_at=? WHERE id=?", "si", zNow, p->id);
  }
  if( rc==ZF_OK ){
    snprintf(zId, sizeof zId, "%lld", (long long)p->id);
    region_code_of_path(p->zPath, zRegion, sizeof zRegion);
    rc = audit_append(pDb, pActor ? pActor->zUsername : "cli", zAction, "inspection", zId, zRegion,
                      pChange ? pChange : json_object());
  }
  json_decref(pChange);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){
    db_rollback(pDb);
    return e->rc ? e->rc : err_set(e, rc, 0, 0);
  }
  return ZF_OK;
}

/* The name of person id ("#id" when unknown). */
static void fw_person_name(zf_db *pDb, int64_t id, char *z, size_t n){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT name, unit_id FROM person WHERE id=?");
  snprintf(z, n, "#%lld", (long long)id);
  if( pStmt==0 ) return;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(z, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
}

/* The enterprise's usual unit for the cross rule (see fieldwork.h). */
static int64_t fw_usual_unit(zf_db *pDb, const fw_row *p){
  static const char zLast[] =
    "SELECT unit_id FROM inspection WHERE enterprise_id=? AND id<>? AND type<>'cross'"
    " AND status<>'cancelled' ORDER BY COALESCE(actual_start, window_from) DESC, id DESC LIMIT 1";
  static const char zStreet[] =
    "SELECT u.id FROM unit u JOIN enterprise e ON e.region=u.region WHERE e.id=? AND u.kind='street'"
    " ORDER BY u.id LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zLast);
  int64_t unit = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "ii", p->enterpriseId, p->id);
  if( db_step(pStmt)==1 ) unit = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unit || (pStmt = db_stmt(pDb, zStreet))==0 ) return unit;
  db_bind(pStmt, "i", p->enterpriseId);
  if( db_step(pStmt)==1 ) unit = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return unit;
}

/* The officer ids of inspection id into a (at most FIELDWORK_MAX_PEOPLE). */
static int fw_officers(zf_db *pDb, int64_t id, int64_t *a){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT person_id FROM inspection_person WHERE inspection_id=?"
                                     " AND role='officer' ORDER BY person_id");
  int n = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  while( n<FIELDWORK_MAX_PEOPLE && db_step(pStmt)==1 ) a[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/* Checks the officers for the start date zDate: count, eligibility, the
** cross rule, no one twice. */
static int fw_check_officers(zf_db *pDb, const fw_row *p, const int64_t *a, int n,
                             const char *zDate, zf_error *e){
  int64_t minOff, usual = strcmp(p->zType, "cross")==0 ? fw_usual_unit(pDb, p) : 0;
  char zName[128];
  int i, j, rc = rules_int(pDb, "inspection.min_officers", zDate, &minOff, e);
  if( rc ) return rc;
  if( n<minOff ){
    return err_set(e, ZF_EPROCEDURE, "officers", "现场检查至少需要 %lld 名持证执法人员，当前只有 %d 名",
                   (long long)minOff, n);
  }
  for(i=0; i<n; i++){
    zf_error e2 = {0};
    for(j=0; j<i; j++) if( a[j]==a[i] ) return err_set(e, ZF_EINVAL, "officers", "执法人员重复：%lld", (long long)a[i]);
    fw_person_name(pDb, a[i], zName, sizeof zName);
    rc = staff_may_enforce(pDb, a[i], zDate, 0, p->enterpriseId, &e2);
    if( rc==ZF_ENOTFOUND ) return err_set(e, ZF_EINVAL, "officers", "执法人员不存在：%lld", (long long)a[i]);
    if( rc ) return err_set(e, ZF_EPROCEDURE, "officers", "执法人员 %s 在 %s 不能执法：%s", zName, zDate, e2.message);
    if( usual ){
      zf_stmt *pStmt = db_stmt(pDb, "SELECT unit_id FROM person WHERE id=?");
      int64_t unit = 0;
      if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
      db_bind(pStmt, "i", a[i]);
      if( db_step(pStmt)==1 ) unit = db_column_int64(pStmt, 0);
      db_reset(pStmt);
      if( unit==usual ){
        return err_set(e, ZF_EPROCEDURE, "officers", "交叉互检须由其他单位的执法人员实施：%s 属于该企业通常的检查单位", zName);
      }
    }
  }
  return ZF_OK;
}

/* Replaces the people of role zRole with a[0..n). */
static int fw_people_set(zf_db *pDb, int64_t id, const char *zRole, const int64_t *a, int n){
  int i, rc = db_exec(pDb, "DELETE FROM inspection_person WHERE inspection_id=? AND role=?", "is", id, zRole);
  for(i=0; i<n && rc==ZF_OK; i++){
    rc = db_exec(pDb, "INSERT INTO inspection_person(inspection_id, person_id, role) VALUES(?,?,?)"
                 " ON CONFLICT(inspection_id, person_id) DO UPDATE SET role=excluded.role", "iis", id, a[i], zRole);
  }
  return rc;
}

/* The checklist sector (catalog vocabulary) of an enterprise sector code
** (0003 sector table): chem 危化, fireworks, trade.* 工贸, mining, other 通用. */
static const char *fw_sector(const char *zCode){
  if( strcmp(zCode, "chem")==0 ) return "hazchem";
  if( strcmp(zCode, "fireworks")==0 ) return "fireworks";
  if( strncmp(zCode, "trade", 5)==0 ) return "industry";
  if( strcmp(zCode, "mining")==0 ) return "mining";
  return "general";
}

/* Hazard-feature keys of the enterprise for the checklist filter. */
static int fw_features(zf_db *pDb, int64_t enterpriseId, const char **az, char *zSector, size_t nSector){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT sector, hazards FROM enterprise WHERE id=?");
  int64_t h = 0;
  int n = 0;
  snprintf(zSector, nSector, "general");
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", enterpriseId);
  if( db_step(pStmt)==1 ){
    snprintf(zSector, nSector, "%s", fw_sector(db_text(pStmt, 0)));
    h = db_column_int64(pStmt, 1);
  }
  db_reset(pStmt);
  if( h & 1 ) az[n++] = "major_hazard";
  if( h & (1<<5) ) az[n++] = "dust";
  if( h & (1<<6) ) az[n++] = "ammonia";
  if( h & (1<<7) ) az[n++] = "confined_space";
  return n;
}

int inspection_checklist(zf_db *pDb, int64_t enterpriseId, const char *zStart, int mustOnly,
                        checklist_set *pSet, zf_error *e){
  const char *az[4];
  char zSector[32], zDate[11];
  zf_error e2 = {0};
  int n = fw_features(pDb, enterpriseId, az, zSector, sizeof zSector), rc;
  if( zStart && zStart[0] ) calendar_local_date(zStart, zDate); else calendar_today(zDate);
  rc = (mustOnly ? checklist_must_items : checklist_current)(pDb, zSector, zDate, az, n, pSet, &e2);
  if( rc==ZF_ENOTFOUND && strcmp(zSector, "general")!=0 ){
    memset(&e2, 0, sizeof e2);
    rc = (mustOnly ? checklist_must_items : checklist_current)(pDb, "general", zDate, az, n, pSet, &e2);
  }
  if( rc==ZF_ENOTFOUND ) return ZF_OK;
  return rc ? err_set(e, rc, 0, "%s", e2.message) : ZF_OK;
}

int fieldwork_start(zf_db *pDb, const zf_who *pActor, int64_t id, const fieldwork_start_in *p,
                    zf_error *e){
  int64_t aOff[FIELDWORK_MAX_PEOPLE], t;
  const int64_t *a = p->aOfficer;
  char zStart[24], zDate[11];
  checklist_set set;
  fw_row row;
  int n = p->nOfficer, rc = fw_time_arg(p->zStart, "actual_start", zStart, &t, e);
  if( rc ) return rc;
  calendar_local_date(zStart, zDate);
  if( (rc = fw_begin(pDb, pActor, id, p->version, "scheduled", &row, e))!=0 ) return rc;
  if( strcmp(zDate, row.zFrom)<0 ){
    db_rollback(pDb);
    return err_set(e, ZF_EINVAL, "actual_start", "实际开始日期 %s 早于计划开始日期 %s", zDate, row.zFrom);
  }
  if( !p->setOfficers ){ n = fw_officers(pDb, id, aOff); a = aOff; }
  if( (rc = fw_may_record(pDb, pActor, &row, p->setOfficers ? a : 0, p->setOfficers ? n : 0, e))!=0 ){
    db_rollback(pDb);
    return rc;
  }
  rc = fw_check_officers(pDb, &row, a, n, zDate, e);
  if( rc ){ db_rollback(pDb); return rc; }
  memset(&set, 0, sizeof set);
  if( (rc = inspection_checklist(pDb, row.enterpriseId, zStart, 0, &set, e))!=0 ){ db_rollback(pDb); return rc; }
  if( p->setOfficers ) rc = fw_people_set(pDb, id, "officer", a, n);
  if( rc==ZF_OK && p->setAssistants ) rc = fw_people_set(pDb, id, "assistant", p->aAssistant, p->nAssistant);
  if( rc==ZF_OK && p->setExperts ) rc = fw_people_set(pDb, id, "expert", p->aExpert, p->nExpert);
  if( rc==ZF_OK ){
    char zNow[24];
    clock_now_iso(zNow);
    rc = db_exec(pDb, "UPDATE inspection SET status='in_progress', actual_start=? WHERE id=?", "si", zStart, id);
    if( rc==ZF_OK ){
      rc = db_exec(pDb, "INSERT INTO inspection_site(inspection_id, checklist_version, started_by, started_at)"
                   " VALUES(?,?,?,?)", "iiss", id, set.versionId, pActor ? pActor->zUsername : "cli", zNow);
    }
  }
  checklist_set_free(&set);
  {
    json_t *pOff = json_array();
    int i;
    for(i=0; i<n; i++) json_array_append_new(pOff, json_integer(a[i]));
    return fw_end(pDb, pActor, &row, rc, "inspection.start",
                  json_pack("{s:s,s:o,s:I}", "actual_start", zStart, "officers", pOff,
                            "checklist_version", (json_int_t)set.versionId), e);
  }
}

/* The step times of a started inspection (each "" when not recorded). */
static int fw_steps(zf_db *pDb, int64_t id, char az[3][24]){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT COALESCE(notice_at,''), COALESCE(check_at,''),"
                                     " COALESCE(feedback_at,'') FROM inspection_site WHERE inspection_id=?");
  int i, rc;
  for(i=0; i<3; i++) az[i][0] = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ) for(i=0; i<3; i++) snprintf(az[i], 24, "%s", db_text(pStmt, i));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : ZF_EINTERNAL;
}

int fieldwork_step(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                   const char *zStep, const char *zAt, zf_error *e){
  static const char *const azStep[3] = {"notice", "check", "feedback"};
  static const char *const azName[3] = {"执法告知", "现场检查", "交流反馈"};
  static const char *const azSql[3] = {
    "UPDATE inspection_site SET notice_at=? WHERE inspection_id=?",
    "UPDATE inspection_site SET check_at=? WHERE inspection_id=?",
    "UPDATE inspection_site SET feedback_at=? WHERE inspection_id=?"};
  char az[3][24], zTime[24];
  int64_t t;
  fw_row row;
  int k, rc;
  for(k=0; k<3 && (zStep==0 || strcmp(zStep, azStep[k])); k++){}
  if( k==3 ) return err_set(e, ZF_EINVAL, "step", "未知的现场步骤：%.20s（notice / check / feedback）", zStep ? zStep : "");
  if( (rc = fw_time_arg(zAt, "at", zTime, &t, e))!=0 ) return rc;
  if( (rc = fw_begin(pDb, pActor, id, version, "in_progress", &row, e))!=0 ) return rc;
  if( (rc = fw_steps(pDb, id, az))!=0 ){ db_rollback(pDb); return err_set(e, rc, 0, 0); }
  if( az[k][0] ){
    db_rollback(pDb);
    return err_set(e, ZF_EPROCEDURE, "step", "%s 已于 %s 记录", azName[k], az[k]);
  }
  if( k>0 && az[k-1][0]==0 ){
    db_rollback(pDb);
    return err_set(e, ZF_EPROCEDURE, "step", "须先完成“%s”，才能记录“%s”（执法告知 → 现场检查 → 交流反馈）",
                   azName[k-1], azName[k]);
  }
  if( strcmp(zTime, row.zStart)<0 || (k>0 && strcmp(zTime, az[k-1])<0) ){
    db_rollback(pDb);
    return err_set(e, ZF_EINVAL, "at", "“%s”的时间 %s 早于%s（%s）", azName[k], zTime,
                   k>0 ? azName[k-1] : "实际开始时间", k>0 ? az[k-1] : row.zStart);
  }
  rc = db_exec(pDb, azSql[k], "si", zTime, id);
  return fw_end(pDb, pActor, &row, rc, "inspection.step", json_pack("{s:s,s:s}", "step", azStep[k], "at", zTime), e);
}

int fieldwork_attendance_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                             const fieldwork_attendance *p, zf_error *e){
  static const char zSql[] =
    "UPDATE inspection_site SET principal_present=?, principal_name=?, safety_present=?, safety_name=?,"
    " operators_present=?, operators_names=? WHERE inspection_id=?";
  const char *zP = p->zPrincipal ? p->zPrincipal : "", *zS = p->zSafety ? p->zSafety : "";
  const char *zO = p->zOperators ? p->zOperators : "";
  fw_row row;
  int rc;
  if( p->principal && zP[0]==0 ) return err_set(e, ZF_EMISSING, "principal_name", "主要负责人在场时须填写姓名");
  if( p->safety && zS[0]==0 ) return err_set(e, ZF_EMISSING, "safety_manager_name", "安全管理人员在场时须填写姓名");
  if( p->operators && zO[0]==0 ) return err_set(e, ZF_EMISSING, "operators_names", "操作人员在场时须填写姓名");
  if( (rc = fw_begin(pDb, pActor, id, version, "in_progress", &row, e))!=0 ) return rc;
  rc = db_exec(pDb, zSql, "isisisi", p->principal!=0, zP, p->safety!=0, zS, p->operators!=0, zO, id);
  return fw_end(pDb, pActor, &row, rc, "inspection.attendance",
                json_pack("{s:b,s:s,s:b,s:s,s:b,s:s}", "principal_present", p->principal, "principal_name", zP,
                          "safety_manager_present", p->safety, "safety_manager_name", zS,
                          "operators_present", p->operators, "operators_names", zO), e);
}

/* The line lineId of checklist set pSet, NULL when absent. */
static const checklist_line *fw_line(const checklist_set *pSet, int64_t lineId){
  int i;
  for(i=0; i<pSet->nLine; i++) if( pSet->aLine[i].id==lineId ) return &pSet->aLine[i];
  return 0;
}

int fieldwork_results_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                          const fieldwork_result_in *a, int n, zf_error *e){
  static const char zSql[] =
    "INSERT INTO inspection_result(inspection_id, line_id, must_check, section, key_point, content,"
    " catalog_code, verdict, note, evidence, recorded_by, recorded_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(inspection_id, line_id) DO UPDATE SET verdict=excluded.verdict, note=excluded.note,"
    " evidence=excluded.evidence, recorded_by=excluded.recorded_by, recorded_at=excluded.recorded_at";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  checklist_set set;
  json_t *pAudit = json_array();
  char zNow[24];
  fw_row row;
  int i, rc;
  for(i=0; i<n; i++){
    const char *v = a[i].zVerdict;
    if( v==0 || (strcmp(v, "ok") && strcmp(v, "fail") && strcmp(v, "na")) ){
      json_decref(pAudit);
      return err_set(e, ZF_EINVAL, "items", "items[%d].verdict 应为 ok（符合）、fail（不符合）或 na（不涉及）", i);
    }
  }
  if( (rc = fw_begin(pDb, pActor, id, version, "in_progress", &row, e))!=0 ){ json_decref(pAudit); return rc; }
  memset(&set, 0, sizeof set);
  if( (rc = inspection_checklist(pDb, row.enterpriseId, row.zStart, 0, &set, e))!=0 ){
    db_rollback(pDb); json_decref(pAudit); return rc;
  }
  clock_now_iso(zNow);
  for(i=0; i<n && rc==ZF_OK; i++){
    const checklist_line *l = fw_line(&set, a[i].lineId);
    json_t *pEv = json_array();
    char *zEv;
    int j;
    if( l==0 ){
      rc = err_set(e, ZF_EINVAL, "items", "items[%d].line_id %lld 不是本次检查所用检查表中的检查项", i, (long long)a[i].lineId);
      json_decref(pEv);
      break;
    }
    for(j=0; j<a[i].nEvidence; j++) json_array_append_new(pEv, json_integer(a[i].aEvidence[j]));
    zEv = json_dumps(pEv, JSON_COMPACT);
    rc = db_exec(pDb, zSql, "iiisssssssss", id, l->id, l->mustCheck, l->zSection, l->zKeyPoint, l->zContent,
                 l->zCatalogCode, a[i].zVerdict, a[i].zNote ? a[i].zNote : "", zEv ? zEv : "[]", zActor, zNow);
    free(zEv);
    json_array_append_new(pAudit, json_pack("{s:I,s:s,s:s,s:o}", "line_id", (json_int_t)l->id, "verdict",
                          a[i].zVerdict, "note", a[i].zNote ? a[i].zNote : "", "evidence", pEv));
  }
  checklist_set_free(&set);
  if( rc ){ db_rollback(pDb); json_decref(pAudit); return e->rc ? e->rc : err_set(e, rc, 0, 0); }
  return fw_end(pDb, pActor, &row, rc, "inspection.results", json_pack("{s:o}", "items", pAudit), e);
}

int fieldwork_notes_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                        const char *zMeasures, const char *zEducation, zf_error *e){
  fw_row row;
  int rc;
  if( (rc = fw_begin(pDb, pActor, id, version, "in_progress", &row, e))!=0 ) return rc;
  rc = db_exec(pDb, "UPDATE inspection_site SET measures=?, education=? WHERE inspection_id=?", "ssi",
               zMeasures ? zMeasures : "", zEducation ? zEducation : "", id);
  return fw_end(pDb, pActor, &row, rc, "inspection.notes", json_pack("{s:s,s:s}", "measures",
                zMeasures ? zMeasures : "", "education", zEducation ? zEducation : ""), e);
}

/* Must-check lines without a result: their names into zOut; count. */
static int fw_missing_must(zf_db *pDb, const fw_row *p, char *zOut, size_t nOut, zf_error *e){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT 1 FROM inspection_result WHERE inspection_id=? AND line_id=?");
  checklist_set set;
  size_t len = 0;
  int i, nMiss = 0, rc;
  zOut[0] = 0;
  if( pStmt==0 ) return -1;
  memset(&set, 0, sizeof set);
  if( (rc = inspection_checklist(pDb, p->enterpriseId, p->zStart, 1, &set, e))!=0 ) return -1;
  for(i=0; i<set.nLine; i++){
    db_bind(pStmt, "ii", p->id, set.aLine[i].id);
    rc = db_step(pStmt);
    db_reset(pStmt);
    if( rc==1 ) continue;
    nMiss++;
    if( len + 8 < nOut ){
      snprintf(zOut+len, nOut-len, "%s“%s：%s”", nMiss>1 ? "、" : "", set.aLine[i].zKeyPoint, set.aLine[i].zContent);
      len = strlen(zOut);
    }
  }
  checklist_set_free(&set);
  return nMiss;
}

/* Site fields the report needs: attendance recorded (0/1). */
static int fw_attendance_done(zf_db *pDb, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT principal_present IS NOT NULL AND safety_present IS NOT NULL"
                                     " AND operators_present IS NOT NULL FROM inspection_site WHERE inspection_id=?");
  int ok = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) ok = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return ok;
}

int fieldwork_report(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                     const char *zEnd, const char *zLateReason, int *pLate, zf_error *e){
  char az[3][24], zTime[24], zDeadline[24], zNow[24], zMiss[1024];
  int64_t t, hours;
  fw_row row;
  int rc, late, nMiss;
  if( (rc = fw_time_arg(zEnd, "actual_end", zTime, &t, e))!=0 ) return rc;
  if( (rc = fw_begin(pDb, pActor, id, version, "in_progress", &row, e))!=0 ) return rc;
  if( (rc = fw_steps(pDb, id, az))!=0 ){ db_rollback(pDb); return err_set(e, rc, 0, 0); }
  if( az[2][0]==0 ){
    db_rollback(pDb);
    return err_set(e, ZF_EPROCEDURE, "step", "现场步骤未完成：须依次记录执法告知、现场检查、交流反馈后才能报告");
  }
  if( !fw_attendance_done(pDb, id) ){
    db_rollback(pDb);
    return err_set(e, ZF_EPROCEDURE, "attendance", "未记录主要负责人、安全管理人员、操作人员是否全程在场");
  }
  if( strcmp(zTime, row.zStart)<0 || strcmp(zTime, az[2])<0 ){
    db_rollback(pDb);
    return err_set(e, ZF_EINVAL, "actual_end", "实际结束时间 %s 早于%s", zTime,
                   strcmp(zTime, row.zStart)<0 ? "实际开始时间" : "交流反馈的时间");
  }
  if( (nMiss = fw_missing_must(pDb, &row, zMiss, sizeof zMiss, e))!=0 ){
    db_rollback(pDb);
    if( nMiss<0 ) return e->rc ? e->rc : err_set(e, ZF_EINTERNAL, 0, 0);
    return err_set(e, ZF_EPROCEDURE, "items", "%d 项必查项未检查：%s", nMiss, zMiss);
  }
  calendar_local_date(zTime, zNow);
  if( (rc = rules_int(pDb, "inspection.report_hours", zNow, &hours, e))!=0 ){ db_rollback(pDb); return rc; }
  clock_iso(t + hours*3600, zDeadline);
  clock_now_iso(zNow);
  late = strcmp(zNow, zDeadline)>0;
  if( late && (zLateReason==0 || zLateReason[0]==0) ){
    db_rollback(pDb);
    return err_set(e, ZF_EPROCEDURE, "late_reason", "已超过录入时限（结束后 %lld 小时，截止 %s）：须说明逾期原因，报告将标记为逾期",
                   (long long)hours, zDeadline);
  }
  rc = db_exec(pDb, "UPDATE inspection SET status='reported', actual_end=? WHERE id=?", "si", zTime, id);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, "UPDATE inspection_site SET report_deadline=?, reported_at=?, reported_by=?, late=?,"
                 " late_reason=? WHERE inspection_id=?", "sssisi", zDeadline, zNow,
                 pActor ? pActor->zUsername : "cli", late, late ? zLateReason : 0, id);
  }
  if( pLate ) *pLate = late;
  return fw_end(pDb, pActor, &row, rc, "inspection.report",
                json_pack("{s:s,s:s,s:b,s:s?}", "actual_end", zTime, "report_deadline", zDeadline, "late", late,
                          "late_reason", late ? zLateReason : 0), e);
}

int fieldwork_close_check(zf_db *pDb, int64_t inspectionId, zf_error *e){
  static const char zFirst[] =
    "SELECT id, description, status FROM hazard WHERE inspection_id=? AND status<>'closed'"
    " AND status<>'proposed' AND status<>'transferred' AND status<>'void' ORDER BY id LIMIT 1";
  zf_stmt *pStmt;
  int n = hazard_open_for_inspection(pDb, inspectionId), rc;
  if( n<0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( n==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zFirst))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", inspectionId);
  rc = db_step(pStmt);
  if( rc==1 ){
    err_set(e, ZF_EPROCEDURE, "hazards", "本次检查还有 %d 项隐患未闭环（如隐患 %lld“%.60s”，状态：%s），"
            "整改复查合格、移交或建议立案后才能结束检查", n, (long long)db_column_int64(pStmt, 0),
            db_text(pStmt, 1), db_text(pStmt, 2));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_EPROCEDURE : err_set(e, ZF_EINTERNAL, 0, 0);
}

int fieldwork_close(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                    zf_error *e){
  char zNow[24];
  fw_row row;
  int rc;
  if( (rc = fw_begin(pDb, pActor, id, version, "reported", &row, e))!=0 ) return rc;
  if( (rc = fieldwork_close_check(pDb, id, e))!=0 ){ db_rollback(pDb); return rc; }
  clock_now_iso(zNow);
  rc = db_exec(pDb, "UPDATE inspection SET status='closed' WHERE id=?", "i", id);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, "UPDATE inspection_site SET closed_at=?, closed_by=? WHERE inspection_id=?", "ssi",
                 zNow, pActor ? pActor->zUsername : "cli", id);
  }
  return fw_end(pDb, pActor, &row, rc, "inspection.close", json_object(), e);
}

json_t *fieldwork_failures(zf_db *pDb, int64_t inspectionId){
  static const char zSql[] =
    "SELECT line_id, section, key_point, content, catalog_code, note, evidence, recorded_at"
    " FROM inspection_result WHERE inspection_id=? AND verdict='fail' ORDER BY line_id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut;
  if( pStmt==0 ) return 0;
  pOut = json_array();
  db_bind(pStmt, "i", inspectionId);
  while( db_step(pStmt)==1 ){
    json_t *p = db_row_json(pStmt, "line_id,section,key_point,content,catalog_code,note,evidence,recorded_at");
    json_object_set_new(p, "evidence", json_loads(db_text(pStmt, 6), 0, 0));
    json_array_append_new(pOut, p);
  }
  db_reset(pStmt);
  return pOut;
}
