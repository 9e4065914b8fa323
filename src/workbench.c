/*
** workbench.c — 工作台 counts: what waits for the signed-in account, in
** its scope, each a number the workbench page links to the list that shows
** the rows (plan clauses 12, 15, 16, 19: results entered in time, hazards
** rectified and re-inspected, transfers answered, on-site recordings).
**
** One read-only route, GET /api/v1/workbench. A section appears only when
** the account may read what it counts (inspection.read, hazard.read), so a
** department or public-facing account gets only its notifications. Covert
** inspections (暗访暗查) not yet closed are counted only for those who may
** see them (COVERT_VISIBLE_SQL, the rule every list applies).
**
** "Report overdue" (逾期未报告): an inspection under way whose latest
** possible end (the end of its window's last day, Beijing time) is more
** than `inspection.report_hours` ago — its results are late whatever the
** actual end turns out to be (fieldwork_report_cutoff). "Reported late"
** (逾期填报): reports flagged late (fieldwork.c sets the flag) of
** inspections whose window reaches into this calendar year. Each count is
** what GET /api/v1/inspections?report_overdue=true, ?late=true&from=
** <year>-01-01 lists; "Missing recording" (缺少现场全过程记录): inspections
** whose window reaches into this year, at the site or past it, without a
** live on-site recording — GET /api/v1/av-records/missing?from=<year>-01-01.
*/
#include <stdio.h>
#include <string.h>
#include "core/auth.h"
#include "core/calendar.h"
#include "core/http.h"
#include "core/json.h"
#include "fieldwork.h"
#include "hazard.h"
#include "org.h"
#include "region.h"
#include "rules.h"
#include "staff.h"
#include "workbench.h"

/* Runs one row of counts: zSql's ?1 is the scope path, ?3 the end of its
** range (region_path_end), ?2 a text parameter (a date), ?4..?6, when
** present, the covert rule's (covert_bind). Column k goes into
** pOut under the k-th name of the comma-separated zKeys. */
static int wb_counts(zf_req *r, const char *zSql, const char *zArg, json_t *pOut, const char *zKeys){
  zf_stmt *pStmt = db_stmt(r->pDb, zSql);
  char zEnd[160], zKey[40];
  int rc, k, n;
  if( pStmt==0 ) return ZF_EINTERNAL;
  region_path_end(r->who.zScopePath, zEnd, sizeof zEnd);
  db_bind(pStmt, "sss", r->who.zScopePath, zArg, zEnd);
  if( db_bind_parameter_count(pStmt)>=6 ) covert_bind(pStmt, &r->who, 4, 5, 6);
  if( (rc = db_step(pStmt))==1 ){
    for(k=0; *zKeys; k++, zKeys += n + (zKeys[n]==',')){
      n = (int)strcspn(zKeys, ",");
      snprintf(zKey, sizeof zKey, "%.*s", n, zKeys);
      json_object_set_new(pOut, zKey, json_integer(db_column_int64(pStmt, k)));
    }
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* The signed-in person's own inspections: today's (window includes today,
** not cancelled or closed) and those under way. */
static int wb_mine(zf_req *r, const char *zToday, json_t *pOut){
  static const char zSql[] =
    "SELECT sum(i.window_from<=?2 AND i.window_to>=?2 AND (i.status='scheduled' OR i.status='in_progress')),"
    " sum(i.status='in_progress')"
    " FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id"
    " WHERE p.person_id=?1 AND (i.status='scheduled' OR i.status='in_progress')";
  int64_t person = 0;
  zf_stmt *pStmt;
  int rc;
  if( staff_person_of_account(r->pDb, r->who.accountId, &person)!=ZF_OK ) return ZF_OK;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "is", person, zToday);
  rc = db_step(pStmt);
  if( rc==1 ){
    json_object_set_new(pOut, "mine_today", json_integer(db_column_int64(pStmt, 0)));
    json_object_set_new(pOut, "mine_in_progress", json_integer(db_column_int64(pStmt, 1)));
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* The inspection section (inspection.read). */
static int wb_inspections(zf_req *r, const char *zToday, json_t **ppOut){
  /* the scope as a range of paths (inspection_status), or as the region
  ** paths inside it followed by the window (inspection_window): a
  ** province's two million inspections are never scanned for a county */
  static const char zOverdue[] =
    "SELECT count(*) FROM inspection i WHERE i.status='in_progress' AND i.region_path>=?1"
    " AND i.region_path<?3 AND i.window_to<?2 AND" COVERT_VISIBLE_SQL("i.id", "4", "5", "6");
  /* the year's counts from inspection_window alone: the ordinary rows
  ** need no table page; only covert ones are looked up for the rule */
#define WB_YEAR "SELECT count(*) FROM inspection i WHERE i.region_path IN (SELECT path FROM region" \
    " WHERE path>=?1 AND path<?3) AND i.window_to>=?2"
/* the late flag from its partial index (inspection_site_late), not the table */
#define WB_LATE "SELECT 1 FROM inspection_site s INDEXED BY inspection_site_late" \
    " WHERE s.late=1 AND s.inspection_id=i.id"
#define WB_VISIBLE " AND" COVERT_VISIBLE_ROW_SQL("i", "4", "5", "6")
  static const char zLate[] =
    "SELECT (" WB_YEAR " AND i.type<>'covert' AND EXISTS(" WB_LATE ")) + (" WB_YEAR
    " AND i.type='covert' AND EXISTS(" WB_LATE ")" WB_VISIBLE ")";
  static const char zMissing[] =
    "SELECT (" WB_YEAR " AND +i.status IN ('in_progress','reported','closed') AND i.type<>'covert'"
    " AND NOT EXISTS(SELECT 1 FROM av_record a WHERE a.inspection_id=i.id"
    "   AND a.occasion='onsite_inspection' AND a.voided_at IS NULL)) + (" WB_YEAR
    " AND +i.status IN ('in_progress','reported','closed') AND i.type='covert'"
    " AND NOT EXISTS(SELECT 1 FROM av_record a WHERE a.inspection_id=i.id"
    "   AND a.occasion='onsite_inspection' AND a.voided_at IS NULL)" WB_VISIBLE ")";
  char zCut[11], zYear[24];
  int64_t hours;
  json_t *p;
  int rc;
  if( (rc = fieldwork_report_cutoff(r->pDb, zToday, zCut, &hours, &r->err))!=ZF_OK ) return rc;
  snprintf(zYear, sizeof zYear, "%.4s-01-01", zToday);
  p = json_pack("{s:s,s:I,s:s}", "report_cutoff", zCut, "report_hours", (json_int_t)hours, "year_from", zYear);
  if( (rc = wb_counts(r, zOverdue, zCut, p, "report_overdue"))!=ZF_OK
   || (rc = wb_counts(r, zLate, zYear, p, "reported_late_this_year"))!=ZF_OK
   || (rc = wb_counts(r, zMissing, zYear, p, "missing_recording"))!=ZF_OK ){
    json_decref(p);
    return rc;
  }
  if( (rc = wb_mine(r, zToday, p))!=ZF_OK ){ json_decref(p); return rc; }
  *ppOut = p;
  return ZF_OK;
}

/* The hazard and transfer section (hazard.read), after today's overdue
** marks (hazard_sweep). */
static int wb_hazards(zf_req *r, const char *zToday, json_t **ppOut){
  /* the open ones only (hazard_status), hidden covert ones left out as
  ** the hazard list leaves them out */
  static const char zHaz[] =
    "SELECT count(*), COALESCE(sum(h.category='major'),0),"
    " COALESCE(sum(h.status='overdue' OR (h.status='reported' AND h.reinspect_due<?2)),0),"
    " COALESCE(sum(h.status='reported'),0)"
    " FROM hazard h WHERE h.status IN ('open','rectifying','reported','overdue')"
    " AND h.region_path>=?1 AND h.region_path<?3 AND" COVERT_VISIBLE_SQL("h.inspection_id", "4", "5", "6");
  static const char zTr[] =
    "SELECT count(*), COALESCE(sum(t.answer_due<?2),0)"
    " FROM hazard_transfer t WHERE t.status IN ('sent','received') AND t.region_path>=?1"
    " AND t.region_path<?3 AND t.direction='out'";
  json_t *p = json_object();
  int rc;
  hazard_sweep(r->pDb, zToday);
  if( (rc = wb_counts(r, zHaz, zToday, p, "open,major_open,overdue,awaiting_reinspection"))!=ZF_OK
   || (rc = wb_counts(r, zTr, zToday, p, "transfers_unanswered,transfers_overdue"))!=ZF_OK ){
    json_decref(p);
    return rc;
  }
  *ppOut = p;
  return ZF_OK;
}

/* ROUTE: GET /api/v1/workbench — {"today", "inspections"?, "hazards"?,
** "notifications_unread"}: the counts the 工作台 shows, each section only
** when the account may read its lists. */
int workbench_handler(zf_req *r){
  static const char zUnread[] = "SELECT count(*) FROM notification WHERE account_id=? AND read_at IS NULL";
  char zToday[11];
  json_t *pOut, *p = 0;
  zf_stmt *pStmt;
  int64_t unread = 0;
  int rc;
  calendar_today(zToday);
  pOut = json_pack("{s:s}", "today", zToday);
  if( auth_allows(r->who.roles, PERM_INSPECTION_READ) ){
    if( (rc = wb_inspections(r, zToday, &p))!=ZF_OK ){ json_decref(pOut); return rc; }
    json_object_set_new(pOut, "inspections", p);
  }
  if( auth_allows(r->who.roles, PERM_HAZARD_READ) ){
    if( (rc = wb_hazards(r, zToday, &p))!=ZF_OK ){ json_decref(pOut); return rc; }
    json_object_set_new(pOut, "hazards", p);
  }
  if( (pStmt = db_stmt(r->pDb, zUnread))==0 ){ json_decref(pOut); return ZF_EINTERNAL; }
  db_bind(pStmt, "i", r->who.accountId);
  if( db_step(pStmt)==1 ) unread = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  json_object_set_new(pOut, "notifications_unread", json_integer(unread));
  return http_reply(r, 200, pOut);
}
