/*
** fieldwork_api.c — HTTP for carrying out an inspection (FIELDWORK JSON
** with the hazards recorded in it, start, steps, attendance, checklist
** results, measures, report, close) and the 409 reply with the current
** record on a version conflict. Domain rules are in fieldwork.c, the demo
** in fieldwork_demo.c. Plan clauses 12, 15, 16, 19.
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

/* "hazards": the hazards recorded in this inspection, oldest first, with
** their status and the photos (live evidence) linked to each. */
static json_t *fieldwork_hazards_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT h.id, h.description, h.place, h.category, h.rectify, h.status, h.deadline, h.order_no,"
    " (SELECT count(*) FROM evidence v WHERE v.link_kind='hazard' AND v.link_id=h.id AND v.voided_at IS NULL)"
    " FROM hazard h WHERE h.inspection_id=? ORDER BY h.id LIMIT 500";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut = json_array();
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "i", id);
  while( db_step(pStmt)==1 ){
    json_t *p = db_row_json(pStmt, "id,description,place,category,rectify,status,deadline,order_no,photos");
    const char *zName = hazard_status_name(db_text(pStmt, 5));
    json_object_set_new(p, "status_name", json_string(zName ? zName : ""));
    json_array_append_new(pOut, p);
  }
  db_reset(pStmt);
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
  json_object_set_new(p, "hazards", fieldwork_hazards_json(pDb, id));
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

