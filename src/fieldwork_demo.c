/*
** fieldwork_demo.c — demo field enforcement: inspections in progress, reported
** and closed, carried through the same domain functions an officer's phone
** calls (start, steps, attendance, results, notes, report, close). Plan
** clauses 12, 15, 16, 19.
*/
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "core/calendar.h"
#include "checklist.h"
#include "fieldwork.h"
#include "hazard.h"
#include "inspection.h"
#include "org.h"

/* The current version of inspection id. */
static int64_t fieldwork_demo_version(zf_db *pDb, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT version FROM inspection WHERE id=?");
  int64_t v = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) v = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return v;
}

/* Id of the first row of zSql bound to text z (0 when none). */
static int64_t fieldwork_demo_id(zf_db *pDb, const char *zSql, const char *z, int n){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "si", z, n);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* Every line of the inspection's checklist answered: ok, except the
** nFail-th lines from the end answered fail with a note. */
static int fieldwork_demo_results(zf_db *pDb, int64_t id, int nFail, zf_error *e){
  json_t *p = fieldwork_json(pDb, id), *pList = json_object_get(p, "checklist"), *v;
  size_t n = json_array_size(pList), i;
  fieldwork_result_in *a = calloc(n ? n : 1, sizeof *a);
  int rc;
  if( a==0 ){ json_decref(p); return err_set(e, ZF_EINTERNAL, 0, 0); }
  json_array_foreach(pList, i, v){
    a[i].lineId = json_integer_value(json_object_get(v, "line_id"));
    a[i].zVerdict = i + nFail >= n ? "fail" : (i%5==4 ? "na" : "ok");
    a[i].zNote = i + nFail >= n ? "现场发现问题，已拍照取证，责令整改" : "";
  }
  rc = n ? fieldwork_results_set(pDb, 0, id, fieldwork_demo_version(pDb, id), a, (int)n, e) : ZF_OK;
  free(a);
  json_decref(p);
  return rc;
}

/* One demo inspection started hoursAgo hours ago and carried to stage
** (1 in progress after the notice, 2 reported, 3 closed). */
static int fieldwork_demo_one(zf_db *pDb, int64_t ent, int64_t unit, const int64_t *aOff, int hoursAgo,
                              int stage, const char *zLate, zf_error *e){
  char zToday[11], zFrom[11], zTo[11], zT[4][24];
  int64_t id = 0, now = clock_now(), t0 = now - (int64_t)hoursAgo*3600;
  fieldwork_start_in st;
  fieldwork_attendance at = {1, 1, 1, "企业负责人", "安全员", "操作工二名"};
  inspection_new nu;
  json_t *pW = 0;
  int rc, i;
  calendar_today(zToday);
  calendar_days_add(zToday, -(hoursAgo/24) - 1, zFrom, 0);
  calendar_days_add(zToday, 3, zTo, 0);
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = ent; nu.unitId = unit; nu.zType = "routine"; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = aOff; nu.nOfficer = 2; nu.zNote = "现场检查演示";
  rc = inspection_schedule(pDb, 0, &nu, &id, &pW, e);
  json_decref(pW);
  for(i=0; i<4; i++) clock_iso(t0 + i*1200, zT[i]);
  memset(&st, 0, sizeof st);
  st.version = fieldwork_demo_version(pDb, id); st.zStart = zT[0];
  if( rc==ZF_OK ) rc = fieldwork_start(pDb, 0, id, &st, e);
  if( rc==ZF_OK ) rc = fieldwork_step(pDb, 0, id, fieldwork_demo_version(pDb, id), "notice", zT[1], e);
  if( rc || stage<2 ) return rc;
  rc = fieldwork_step(pDb, 0, id, fieldwork_demo_version(pDb, id), "check", zT[2], e);
  if( rc==ZF_OK ) rc = fieldwork_step(pDb, 0, id, fieldwork_demo_version(pDb, id), "feedback", zT[3], e);
  if( rc==ZF_OK ) rc = fieldwork_attendance_set(pDb, 0, id, fieldwork_demo_version(pDb, id), &at, e);
  if( rc==ZF_OK ) rc = fieldwork_demo_results(pDb, id, stage==3 ? 0 : 2, e);
  if( rc==ZF_OK ) rc = fieldwork_notes_set(pDb, 0, id, fieldwork_demo_version(pDb, id),
                                           "责令立即整改现场问题一项", "讲解《安全生产法》第四十一条，以同类事故案例释法", e);
  if( rc==ZF_OK ) rc = fieldwork_report(pDb, 0, id, fieldwork_demo_version(pDb, id), zT[3], zLate, 0, e);
  if( rc==ZF_OK && stage==3 ) rc = fieldwork_close(pDb, 0, id, fieldwork_demo_version(pDb, id), e);
  return rc;
}

int fieldwork_demo(zf_db *pDb, int scale, zf_error *e){
  /* 危化 enterprises of the district not yet inspected, from the end of the
  ** ledger (tests use its first ids), so that the checklists have lines */
  static const char zEnt[] =
    "SELECT e.id FROM enterprise e JOIN region g ON g.code=? WHERE e.status='active' AND e.sector='chem'"
    " AND e.region_path LIKE g.path || '%' AND e.id NOT IN (SELECT enterprise_id FROM inspection)"
    " ORDER BY e.id DESC LIMIT 1 OFFSET ?";
  static const char zPerson[] = "SELECT id FROM person WHERE name=? AND ?>=0 ORDER BY id LIMIT 1";
  static const char zUnit[] = "SELECT id FROM unit WHERE name=? AND ?>=0 ORDER BY id LIMIT 1";
  int64_t aOff[2], unit;
  int rc = ZF_OK;
  (void)scale;
  aOff[0] = fieldwork_demo_id(pDb, zPerson, "李明", 0);
  aOff[1] = fieldwork_demo_id(pDb, zPerson, "刘芳", 0);
  unit = fieldwork_demo_id(pDb, zUnit, "执法一中队", 0);
  if( aOff[0]==0 || aOff[1]==0 || unit==0 ) return ZF_OK;
  {
    static const struct { int nth, hoursAgo, stage; const char *zLate; } a[] = {
      {0, 1, 1, 0}, {1, 6, 2, 0}, {2, 30, 3, 0}, {3, 80, 2, "检查当日系统故障，次日补录后又遇连续外勤"}};
    size_t i;
    for(i=0; i<sizeof a/sizeof a[0] && rc==ZF_OK; i++){
      int64_t ent = fieldwork_demo_id(pDb, zEnt, "360104", a[i].nth);
      if( ent ) rc = fieldwork_demo_one(pDb, ent, unit, aOff, a[i].hoursAgo, a[i].stage, a[i].zLate, e);
    }
  }
  return rc;
}
