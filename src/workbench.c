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
** see them, with the same condition the inspection list applies.
**
** "Report overdue" (逾期未报告): an inspection under way whose latest
** possible end (the end of its window's last day, Beijing time) is more
** than `inspection.report_hours` ago — its results are late whatever the
** actual end turns out to be (fieldwork_report_cutoff). "Reported late"
** (逾期填报): reports flagged late (fieldwork.c sets the flag) of
** inspections whose window reaches into this calendar year. Each count is
** what GET /api/v1/inspections?report_overdue=true, ?late=true&from=
** <year>-01-01 lists.
*/
#include <stdio.h>
#include <string.h>
#include "core/auth.h"
#include "core/clock.h"
#include "core/http.h"
#include "core/json.h"
#include "fieldwork.h"
#include "hazard.h"
#include "org.h"
#include "rules.h"
#include "staff.h"
#include "workbench.h"

/* The covert condition of the inspection list (inspection_api.c), for
** counts: ?3 leader, ?4 username, ?5 account id. */
#define WB_COVERT \
  " AND (i.type<>'covert' OR i.status='closed' OR ?3=1 OR i.created_by=?4 OR EXISTS(SELECT 1" \
  "   FROM inspection_person cp JOIN person pp ON pp.id=cp.person_id WHERE cp.inspection_id=i.id" \
  "   AND pp.account_id=?5))"

/* One count: zSql's ?1 is the scope path, ?2 a text parameter (a date, a
** cut-off), ?3..?5 the covert condition's. -1 on error. */
static int64_t wb_count(zf_req *r, const char *zSql, const char *zArg){
  sqlite3_stmt *pStmt = db_stmt(r->pDb, zSql);
  int64_t n = -1;
  int rc;
  if( pStmt==0 ) return -1;
  sqlite3_bind_text(pStmt, 1, r->who.zScopePath, -1, SQLITE_TRANSIENT);
  if( zArg ) sqlite3_bind_text(pStmt, 2, zArg, -1, SQLITE_TRANSIENT);
  if( sqlite3_bind_parameter_count(pStmt)>=5 ){
    sqlite3_bind_int(pStmt, 3, (r->who.roles & (1u<<ROLE_LEADER))!=0);
    sqlite3_bind_text(pStmt, 4, r->who.zUsername, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(pStmt, 5, r->who.accountId);
  }
  rc = db_step(pStmt);
  if( rc==1 ) n = sqlite3_column_int64(pStmt, 0);
  sqlite3_reset(pStmt);
  return n;
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
  sqlite3_stmt *pStmt;
  int rc;
  if( staff_person_of_account(r->pDb, r->who.accountId, &person)!=ZF_OK ) return ZF_OK;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "is", person, zToday);
  rc = db_step(pStmt);
  if( rc==1 ){
    json_object_set_new(pOut, "mine_today", json_integer(sqlite3_column_int64(pStmt, 0)));
    json_object_set_new(pOut, "mine_in_progress", json_integer(sqlite3_column_int64(pStmt, 1)));
  }
  sqlite3_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* The inspection section (inspection.read). */
static int wb_inspections(zf_req *r, const char *zToday, json_t **ppOut){
  static const char zOverdue[] =
    "SELECT count(*) FROM inspection i WHERE i.status='in_progress' AND i.window_to<?2"
    " AND i.region_path LIKE ?1 || '%'" WB_COVERT;
  static const char zLate[] =
    "SELECT count(*) FROM inspection_site s JOIN inspection i ON i.id=s.inspection_id"
    " WHERE s.late=1 AND i.window_to>=?2 AND i.region_path LIKE ?1 || '%'" WB_COVERT;
  static const char zMissing[] =
    "SELECT count(*) FROM inspection i WHERE i.region_path LIKE ?1 || '%' AND ?2 IS NULL"
    " AND (i.status='in_progress' OR i.status='reported' OR i.status='closed')"
    " AND NOT EXISTS(SELECT 1 FROM av_record a WHERE a.inspection_id=i.id"
    "   AND a.occasion='onsite_inspection' AND a.voided_at IS NULL)" WB_COVERT;
  char zCut[11], zYear[24];
  int64_t hours, overdue, late, missing;
  json_t *p;
  int rc;
  if( (rc = fieldwork_report_cutoff(r->pDb, zToday, zCut, &hours, &r->err))!=ZF_OK ) return rc;
  snprintf(zYear, sizeof zYear, "%.4s-01-01", zToday);
  overdue = wb_count(r, zOverdue, zCut);
  late = wb_count(r, zLate, zYear);
  missing = wb_count(r, zMissing, 0);
  if( overdue<0 || late<0 || missing<0 ) return ZF_EINTERNAL;
  p = json_pack("{s:I,s:s,s:I,s:I,s:I}", "report_overdue", (json_int_t)overdue, "report_cutoff", zCut,
                "reported_late_this_year", (json_int_t)late, "missing_recording", (json_int_t)missing,
                "report_hours", (json_int_t)hours);
  if( (rc = wb_mine(r, zToday, p))!=ZF_OK ){ json_decref(p); return rc; }
  *ppOut = p;
  return ZF_OK;
}

/* The hazard and transfer section (hazard.read), after today's overdue
** marks (hazard_sweep). */
static int wb_hazards(zf_req *r, const char *zToday, json_t **ppOut){
  static const char zHaz[] =
    "SELECT sum(h.status IN ('open','rectifying','reported','overdue')),"
    " sum(h.category='major' AND h.status IN ('open','rectifying','reported','overdue')),"
    " sum(h.status='overdue' OR (h.status='reported' AND h.reinspect_due<?2)),"
    " sum(h.status='reported')"
    " FROM hazard h WHERE h.region_path LIKE ?1 || '%'";
  static const char zTr[] =
    "SELECT sum(t.status IN ('sent','received')), sum(t.status IN ('sent','received') AND t.answer_due<?2)"
    " FROM hazard_transfer t WHERE t.region_path LIKE ?1 || '%' AND t.direction='out'";
  sqlite3_stmt *pStmt;
  json_t *p = json_object();
  int rc;
  hazard_sweep(r->pDb, zToday);
  if( (pStmt = db_stmt(r->pDb, zHaz))==0 ){ json_decref(p); return ZF_EINTERNAL; }
  db_bind(pStmt, "ss", r->who.zScopePath, zToday);
  if( (rc = db_step(pStmt))==1 ){
    json_object_set_new(p, "open", json_integer(sqlite3_column_int64(pStmt, 0)));
    json_object_set_new(p, "major_open", json_integer(sqlite3_column_int64(pStmt, 1)));
    json_object_set_new(p, "overdue", json_integer(sqlite3_column_int64(pStmt, 2)));
    json_object_set_new(p, "awaiting_reinspection", json_integer(sqlite3_column_int64(pStmt, 3)));
  }
  sqlite3_reset(pStmt);
  if( rc<0 ){ json_decref(p); return -rc; }
  if( (pStmt = db_stmt(r->pDb, zTr))==0 ){ json_decref(p); return ZF_EINTERNAL; }
  db_bind(pStmt, "ss", r->who.zScopePath, zToday);
  if( (rc = db_step(pStmt))==1 ){
    json_object_set_new(p, "transfers_unanswered", json_integer(sqlite3_column_int64(pStmt, 0)));
    json_object_set_new(p, "transfers_overdue", json_integer(sqlite3_column_int64(pStmt, 1)));
  }
  sqlite3_reset(pStmt);
  if( rc<0 ){ json_decref(p); return -rc; }
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
  sqlite3_stmt *pStmt;
  int64_t unread = 0;
  int rc;
  org_today(zToday);
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
  if( db_step(pStmt)==1 ) unread = sqlite3_column_int64(pStmt, 0);
  sqlite3_reset(pStmt);
  json_object_set_new(pOut, "notifications_unread", json_integer(unread));
  return http_reply(r, 200, pOut);
}
