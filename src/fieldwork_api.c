/*
** fieldwork_api.c — HTTP for carrying out an inspection (FIELDWORK JSON,
** start, steps, attendance, checklist results, measures, report, close),
** the 409 reply with the current record on a version conflict, and the
** demo (inspections in progress, reported and closed). Domain rules are in
** fieldwork.c. Plan clauses 12, 15, 16, 19.
*/
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "core/calendar.h"
#include "checklist.h"
#include "fieldwork.h"
#include "inspection.h"
#include "org.h"

#define FW_VERSION {"version", JF_INT, JF_REQUIRED, 1, 0, "版本", "the inspection's version this write is based on (409 when it changed)"}

const json_field fieldwork_start_body[] = {
  FW_VERSION,
  {"actual_start", JF_STRING, 0, 20, 20, "实际开始时间", "UTC YYYY-MM-DDTHH:MM:SSZ; default now"},
  {"officers", JF_ARRAY, 0, 0, FIELDWORK_MAX_PEOPLE, "执法人员", "person ids; replaces the scheduled officers"},
  {"assistants", JF_ARRAY, 0, 0, FIELDWORK_MAX_PEOPLE, "安监员", "person ids; replaces"},
  {"experts", JF_ARRAY, 0, 0, FIELDWORK_MAX_PEOPLE, "专家", "person ids; replaces"},
  {0}
};
const json_field fieldwork_step_body[] = {
  FW_VERSION,
  {"step", JF_STRING, JF_REQUIRED, 1, 10, "现场步骤", "notice 执法告知, check 现场检查, feedback 交流反馈 (in this order)"},
  {"at", JF_STRING, 0, 20, 20, "时间", "UTC YYYY-MM-DDTHH:MM:SSZ; default now"},
  {0}
};
const json_field fieldwork_attendance_body[] = {
  FW_VERSION,
  {"principal_present", JF_BOOL, JF_REQUIRED, 0, 0, "主要负责人全程在场", 0},
  {"principal_name", JF_STRING, 0, 0, 50, "主要负责人姓名", 0},
  {"safety_manager_present", JF_BOOL, JF_REQUIRED, 0, 0, "安全管理人员全程在场", 0},
  {"safety_manager_name", JF_STRING, 0, 0, 50, "安全管理人员姓名", 0},
  {"operators_present", JF_BOOL, JF_REQUIRED, 0, 0, "操作人员全程在场", 0},
  {"operators_names", JF_STRING, 0, 0, 200, "操作人员姓名", 0},
  {0}
};
const json_field fieldwork_results_body[] = {
  FW_VERSION,
  {"items", JF_OBJECTS, JF_REQUIRED, 1, 500, "检查结果",
   "[{line_id, verdict ok|fail|na, note (≤ 1000), evidence [ids]}]"},
  {0}
};
const json_field fieldwork_notes_body[] = {
  FW_VERSION,
  {"measures", JF_STRING, 0, 0, 4000, "现场处理措施", 0},
  {"education", JF_STRING, 0, 0, 4000, "普法及以案释法", 0},
  {0}
};
const json_field fieldwork_report_body[] = {
  FW_VERSION,
  {"actual_end", JF_STRING, 0, 20, 20, "实际结束时间", "UTC YYYY-MM-DDTHH:MM:SSZ; default now"},
  {"late_reason", JF_STRING, 0, 0, 500, "逾期原因", "required when entered after inspection.report_hours"},
  {0}
};
const json_field fieldwork_close_body[] = {
  FW_VERSION,
  {0}
};

/* "site" of FIELDWORK JSON, NULL before the start. */
static json_t *fieldwork_site_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT checklist_version, started_by, started_at, notice_at, check_at, feedback_at,"
    " principal_present, principal_name, safety_present, safety_name, operators_present, operators_names,"
    " measures, education, report_deadline, reported_at, reported_by, late, late_reason, closed_at, closed_by"
    " FROM inspection_site WHERE inspection_id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    int i;
    static const int aBool[] = {6, 8, 10};
    static const char *const azBool[] = {"principal_present", "safety_manager_present", "operators_present"};
    p = db_row_json(pStmt, "checklist_version,started_by,started_at,notice_at,check_at,feedback_at,"
                     "principal_present,principal_name,safety_manager_present,safety_manager_name,"
                     "operators_present,operators_names,measures,education,report_deadline,reported_at,"
                     "reported_by,late,late_reason,closed_at,closed_by");
    for(i=0; i<3; i++){
      json_object_set_new(p, azBool[i], db_column_type(pStmt, aBool[i])==DB_NULL ? json_null()
                          : json_boolean(db_column_int(pStmt, aBool[i])));
    }
    json_object_set_new(p, "late", json_boolean(db_column_int(pStmt, 17)));
  }
  db_reset(pStmt);
  return p;
}

/* The result of line lineId, or NULL. */
static json_t *fieldwork_result_json(zf_stmt *pStmt, int64_t id, int64_t lineId){
  json_t *p = 0;
  db_bind(pStmt, "ii", id, lineId);
  if( db_step(pStmt)==1 ){
    p = json_pack("{s:s,s:s,s:o,s:s,s:s}", "verdict", db_text(pStmt, 0), "note", db_text(pStmt, 1),
                  "evidence", json_loads(db_text(pStmt, 2), 0, 0), "recorded_by", db_text(pStmt, 3),
                  "recorded_at", db_text(pStmt, 4));
  }
  db_reset(pStmt);
  return p;
}

/* "checklist": the lines in force on the start date (or today before the
** start) with their results. */
static json_t *fieldwork_checklist_json(zf_db *pDb, int64_t id, int64_t enterpriseId, const char *zStart){
  static const char zRes[] = "SELECT verdict, note, evidence, recorded_by, recorded_at FROM inspection_result"
                             " WHERE inspection_id=? AND line_id=?";
  zf_stmt *pR;
  int i;
  checklist_set set;
  zf_error e = {0};
  json_t *pOut = json_array();
  memset(&set, 0, sizeof set);
  if( inspection_checklist(pDb, enterpriseId, zStart, 0, &set, &e)!=ZF_OK ) return pOut;
  if( (pR = db_stmt(pDb, zRes))==0 ){ checklist_set_free(&set); return pOut; }
  for(i=0; i<set.nLine; i++){
    const checklist_line *l = &set.aLine[i];
    json_t *pRes = fieldwork_result_json(pR, id, l->id);
    json_array_append_new(pOut, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:o}", "line_id", (json_int_t)l->id,
      "section", l->zSection, "key_point", l->zKeyPoint, "content", l->zContent, "basis", l->zBasis,
      "catalog_code", l->zCatalogCode, "must_check", l->mustCheck, "result", pRes ? pRes : json_null()));
  }
  checklist_set_free(&set);
  return pOut;
}

json_t *fieldwork_json(zf_db *pDb, int64_t id){
  json_t *p = inspection_json(pDb, id), *pSite;
  const char *zStart;
  if( p==0 ) return 0;
  pSite = fieldwork_site_json(pDb, id);
  json_object_set_new(p, "site", pSite ? pSite : json_null());
  zStart = json_string_value(json_object_get(p, "actual_start"));
  json_object_set_new(p, "checklist", fieldwork_checklist_json(pDb, id,
                      json_integer_value(json_object_get(p, "enterprise_id")), zStart));
  return p;
}

/* Path {id}; replies 404 for an unknown or hidden (covert) inspection and
** 403 outside the caller's scope. */
static int fieldwork_lookup(zf_req *r, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM inspection WHERE id=?";
  return http_scoped_row(r, "id", zSql, "检查", covert_visible, pId);
}

/* The reply of a write: 200 FIELDWORK, or on a version conflict 409 with
** the error and "current", the record as it is now. */
static int fieldwork_done(zf_req *r, int64_t id, int rc){
  json_t *p;
  if( rc==ZF_ECONFLICT && strcmp(r->err.field, "version")==0 ){
    p = json_pack("{s:{s:s,s:s,s:s},s:o}", "error", "code", "conflict", "message", r->err.message,
                  "field", "version", "current", fieldwork_json(r->pDb, id));
    return http_reply(r, 409, p);
  }
  if( rc ) return rc;
  if( (p = fieldwork_json(r->pDb, id))==0 ) return ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/inspections/{id}/field — FIELDWORK: the inspection,
** its on-site record and the checklist with results. */
int fieldwork_get_handler(zf_req *r){
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  return fieldwork_done(r, id, ZF_OK);
}

/* Array zKey of positive integers into a; *pSet 1 when present. */
static int fieldwork_ids(zf_req *r, const char *zKey, int64_t *a, int *pN, int *pSet){
  json_t *p = json_object_get(r->pBody, zKey), *v;
  size_t i;
  *pN = 0;
  if( pSet ) *pSet = p!=0;
  if( p==0 ) return ZF_OK;
  json_array_foreach(p, i, v){
    if( !json_is_integer(v) || json_integer_value(v)<=0 ){
      return http_fail(r, ZF_ETYPE, zKey, "%s[%zu] 应为正整数编号", zKey, i);
    }
    if( *pN>=FIELDWORK_MAX_PEOPLE ) return http_fail(r, ZF_EINVAL, zKey, "%s 过多", zKey);
    a[(*pN)++] = json_integer_value(v);
  }
  return ZF_OK;
}

/* ROUTE: POST /api/v1/inspections/{id}/start — {"version", "actual_start",
** "officers", "assistants", "experts"}: scheduled → in_progress. */
int fieldwork_start_handler(zf_req *r){
  int64_t id, aO[FIELDWORK_MAX_PEOPLE], aA[FIELDWORK_MAX_PEOPLE], aE[FIELDWORK_MAX_PEOPLE];
  fieldwork_start_in in;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  memset(&in, 0, sizeof in);
  in.version = json_int(r->pBody, "version", 0);
  in.zStart = json_str(r->pBody, "actual_start");
  if( (rc = fieldwork_ids(r, "officers", aO, &in.nOfficer, &in.setOfficers))!=0
   || (rc = fieldwork_ids(r, "assistants", aA, &in.nAssistant, &in.setAssistants))!=0
   || (rc = fieldwork_ids(r, "experts", aE, &in.nExpert, &in.setExperts))!=0 ) return rc;
  in.aOfficer = aO; in.aAssistant = aA; in.aExpert = aE;
  return fieldwork_done(r, id, fieldwork_start(r->pDb, &r->who, id, &in, &r->err));
}

/* ROUTE: POST /api/v1/inspections/{id}/steps — {"version","step","at"}. */
int fieldwork_step_handler(zf_req *r){
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  return fieldwork_done(r, id, fieldwork_step(r->pDb, &r->who, id, json_int(r->pBody, "version", 0),
                        json_str(r->pBody, "step"), json_str(r->pBody, "at"), &r->err));
}

/* ROUTE: POST /api/v1/inspections/{id}/attendance — present flags and names. */
int fieldwork_attendance_handler(zf_req *r){
  fieldwork_attendance a;
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  a.principal = json_is_true(json_object_get(r->pBody, "principal_present"));
  a.safety = json_is_true(json_object_get(r->pBody, "safety_manager_present"));
  a.operators = json_is_true(json_object_get(r->pBody, "operators_present"));
  a.zPrincipal = json_str(r->pBody, "principal_name");
  a.zSafety = json_str(r->pBody, "safety_manager_name");
  a.zOperators = json_str(r->pBody, "operators_names");
  return fieldwork_done(r, id, fieldwork_attendance_set(r->pDb, &r->who, id, json_int(r->pBody, "version", 0),
                        &a, &r->err));
}

/* Item i of "items" into *p (evidence ids into aEv, at most 20). */
static int fieldwork_item(zf_req *r, json_t *pItem, size_t i, fieldwork_result_in *p, int64_t *aEv){
  json_t *pLine = json_object_get(pItem, "line_id"), *pEv = json_object_get(pItem, "evidence"), *v;
  const char *zKey;
  size_t j;
  json_object_foreach(pItem, zKey, v){
    if( strcmp(zKey, "line_id") && strcmp(zKey, "verdict") && strcmp(zKey, "note") && strcmp(zKey, "evidence") ){
      return http_fail(r, ZF_EUNKNOWN, "items", "items[%zu] 含未知字段：%.40s", i, zKey);
    }
  }
  if( !json_is_integer(pLine) || json_integer_value(pLine)<=0 ){
    return http_fail(r, ZF_ETYPE, "items", "items[%zu].line_id 应为检查项编号", i);
  }
  if( !json_is_string(json_object_get(pItem, "verdict")) ){
    return http_fail(r, ZF_EMISSING, "items", "items[%zu].verdict 缺失（ok / fail / na）", i);
  }
  p->lineId = json_integer_value(pLine);
  p->zVerdict = json_str(pItem, "verdict");
  p->zNote = json_str(pItem, "note");
  if( json_object_get(pItem, "note") && !json_is_string(json_object_get(pItem, "note")) ){
    return http_fail(r, ZF_ETYPE, "items", "items[%zu].note 应为文字", i);
  }
  if( p->zNote && strlen(p->zNote)>3000 ) return http_fail(r, ZF_EINVAL, "items", "items[%zu].note 过长", i);
  p->aEvidence = aEv;
  p->nEvidence = 0;
  if( pEv && !json_is_array(pEv) ) return http_fail(r, ZF_ETYPE, "items", "items[%zu].evidence 应为编号数组", i);
  json_array_foreach(pEv, j, v){
    if( !json_is_integer(v) || json_integer_value(v)<=0 || j>=20 ){
      return http_fail(r, ZF_EINVAL, "items", "items[%zu].evidence[%zu] 应为证据编号（正整数，至多 20 个）", i, j);
    }
    aEv[p->nEvidence++] = json_integer_value(v);
  }
  return ZF_OK;
}

/* ROUTE: POST /api/v1/inspections/{id}/results — {"version","items":[…]}:
** checklist results (recorded or corrected while in progress). */
int fieldwork_results_handler(zf_req *r){
  json_t *pItems = json_object_get(r->pBody, "items"), *v;
  size_t n = json_array_size(pItems), i;
  fieldwork_result_in *a;
  int64_t id, *aEv;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  a = calloc(n ? n : 1, sizeof *a);
  aEv = calloc((n ? n : 1) * 20, sizeof *aEv);
  if( a==0 || aEv==0 ){ free(a); free(aEv); return ZF_EINTERNAL; }
  json_array_foreach(pItems, i, v){
    if( (rc = fieldwork_item(r, v, i, &a[i], aEv + i*20))!=0 ) break;
  }
  if( rc==ZF_OK ) rc = fieldwork_results_set(r->pDb, &r->who, id, json_int(r->pBody, "version", 0), a, (int)n, &r->err);
  free(a);
  free(aEv);
  return fieldwork_done(r, id, rc);
}

/* ROUTE: POST /api/v1/inspections/{id}/notes — {"version","measures",
** "education"}: 现场处理措施 and 普法/以案释法. */
int fieldwork_notes_handler(zf_req *r){
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  return fieldwork_done(r, id, fieldwork_notes_set(r->pDb, &r->who, id, json_int(r->pBody, "version", 0),
                        json_str(r->pBody, "measures"), json_str(r->pBody, "education"), &r->err));
}

/* ROUTE: POST /api/v1/inspections/{id}/report — {"version","actual_end",
** "late_reason"}: in_progress → reported (late ones flagged). */
int fieldwork_report_handler(zf_req *r){
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  return fieldwork_done(r, id, fieldwork_report(r->pDb, &r->who, id, json_int(r->pBody, "version", 0),
                        json_str(r->pBody, "actual_end"), json_str(r->pBody, "late_reason"), 0, &r->err));
}

/* ROUTE: POST /api/v1/inspections/{id}/close — {"version"}: reported →
** closed. */
int fieldwork_close_handler(zf_req *r){
  int64_t id;
  int rc = fieldwork_lookup(r, &id);
  if( rc ) return rc;
  return fieldwork_done(r, id, fieldwork_close(r->pDb, &r->who, id, json_int(r->pBody, "version", 0), &r->err));
}

/* ---- demo ------------------------------------------------------------ */

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
