/*
** enterprise_dossier.c — 一企一档: one enterprise's record across the
** modules, for its page's tabs — its inspections, the hazards found there
** and its risk grade with the changes of it. Each section is there only
** for a reader whose roles may read that kind of record (null otherwise),
** and the covert rule (covert.h) holds: a covert inspection under way, and
** the hazards found in it, are absent for those who may not know of it.
** Newest first, at most DOSSIER_MAX rows a section ("more": true when cut).
*/
#include <stdio.h>
#include <string.h>
#include "core/calendar.h"
#include "core/auth.h"
#include "core/http.h"
#include "covert.h"
#include "enterprise.h"
#include "hazard.h"

#define DOSSIER_MAX 200

/* Rows of pStmt (bound, LIMIT DOSSIER_MAX+1) as {"items", "more"}; zNames
** as db_row_json; a hazard's status gets its Chinese name (iStatus >= 0). */
static json_t *dossier_rows(zf_stmt *pStmt, const char *zNames, int iStatus){
  json_t *pItems = json_array();
  int n = 0;
  while( db_step(pStmt)==1 ){
    json_t *p;
    if( ++n>DOSSIER_MAX ) break;
    p = db_row_json(pStmt, zNames);
    if( iStatus>=0 ){
      const char *zName = hazard_status_name(db_text(pStmt, iStatus));
      json_object_set_new(p, "status_name", json_string(zName ? zName : ""));
    }
    json_array_append_new(pItems, p);
  }
  db_reset(pStmt);
  return json_pack("{s:o,s:b}", "items", pItems, "more", n>DOSSIER_MAX);
}

/* Its inspections (not the covert ones under way the reader may not know
** of), with the number of hazards recorded in each. */
static json_t *dossier_inspections(zf_db *pDb, const zf_who *pWho, int64_t id){
  static const char zSql[] =
    "SELECT i.id, i.type, i.status, i.window_from, i.window_to, i.actual_start, i.actual_end,"
    " u.name, (SELECT count(*) FROM hazard h WHERE h.inspection_id=i.id)"
    " FROM inspection i JOIN unit u ON u.id=i.unit_id"
    " WHERE i.enterprise_id=?1 AND substr(i.region_path, 1, length(?2))=?2 AND"
    COVERT_VISIBLE_ROW_SQL("i", "3", "4", "5")
    " ORDER BY i.window_from DESC, i.id DESC LIMIT ?6";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return 0;
  db_bind_int64(pStmt, 1, id);
  db_bind_text(pStmt, 2, pWho->zScopePath, -1, DB_TRANSIENT);
  covert_bind(pStmt, pWho, 3, 4, 5);
  db_bind_int(pStmt, 6, DOSSIER_MAX + 1);
  return dossier_rows(pStmt, "id,type,status,window_from,window_to,actual_start,actual_end,unit_name,hazards", -1);
}

/* The hazards found in its inspections (the same covert rule). */
static json_t *dossier_hazards(zf_db *pDb, const zf_who *pWho, int64_t id){
  static const char zSql[] =
    "SELECT h.id, h.inspection_id, h.description, h.place, h.category, h.rectify, h.status,"
    " h.order_no, h.deadline, h.created_at"
    " FROM hazard h WHERE h.enterprise_id=?1 AND substr(h.region_path, 1, length(?2))=?2 AND"
    COVERT_VISIBLE_SQL("h.inspection_id", "3", "4", "5")
    " ORDER BY h.id DESC LIMIT ?6";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return 0;
  db_bind_int64(pStmt, 1, id);
  db_bind_text(pStmt, 2, pWho->zScopePath, -1, DB_TRANSIENT);
  covert_bind(pStmt, pWho, 3, 4, 5);
  db_bind_int(pStmt, 6, DOSSIER_MAX + 1);
  return dossier_rows(pStmt,
    "id,inspection_id,description,place,category,rectify,status,order_no,deadline,created_at", 6);
}

/* Its risk grade now ({grade, score, computed_grade, computed_at} or null)
** and its history: the audited grade changes (risk.grade: from, to, score)
** and the manual overrides (人工调整, with their withdrawal), newest first. */
static json_t *dossier_risk(zf_db *pDb, int64_t id){
  static const char zNow[] =
    "SELECT grade, score, computed_grade, computed_at FROM enterprise_risk WHERE enterprise_id=?";
  static const char zChanges[] =
    "SELECT at, json_extract(change, '$.before.grade'), json_extract(change, '$.after.grade'),"
    " json_extract(change, '$.after.score') FROM audit"
    " WHERE entity='enterprise_risk' AND entity_id=?1 AND action='risk.grade'"
    " ORDER BY seq DESC LIMIT ?2";
  static const char zOverrides[] =
    "SELECT grade, computed_grade, reason, expires_on, created_at, withdrawn_at, withdraw_reason"
    " FROM risk_override WHERE enterprise_id=? ORDER BY id DESC LIMIT ?";
  zf_stmt *pStmt;
  json_t *pOut = json_object();
  char zId[24];
  if( (pStmt = db_stmt(pDb, zNow))==0 ){ json_decref(pOut); return 0; }
  db_bind(pStmt, "i", id);
  json_object_set_new(pOut, "current", db_step(pStmt)==1
                      ? db_row_json(pStmt, "grade,score,computed_grade,computed_at") : json_null());
  db_reset(pStmt);
  if( (pStmt = db_stmt(pDb, zChanges))==0 ){ json_decref(pOut); return 0; }
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  db_bind(pStmt, "sd", zId, DOSSIER_MAX + 1);
  json_object_set_new(pOut, "changes", dossier_rows(pStmt, "at,from,to,score", -1));
  if( (pStmt = db_stmt(pDb, zOverrides))==0 ){ json_decref(pOut); return 0; }
  db_bind(pStmt, "id", id, DOSSIER_MAX + 1);
  json_object_set_new(pOut, "overrides", dossier_rows(pStmt,
    "grade,computed_grade,reason,expires_on,created_at,withdrawn_at,withdraw_reason", -1));
  return pOut;
}

/*
** ROUTE: GET /api/v1/enterprises/{id}/dossier
** 一企一档: {"enterprise_id", "inspections", "hazards", "risk"} — see the
** top of this file; 404 / 403 as the enterprise itself.
*/
int enterprise_dossier_handler(zf_req *r){
  static const char zSql[] = "SELECT region_path FROM enterprise WHERE id=?";
  const zf_who *pWho = &r->who;
  json_t *p, *pIns = json_null(), *pHaz = json_null(), *pRisk = json_null();
  char zToday[11];
  int64_t id;
  int rc = http_scoped_row(r, "id", zSql, "企业", 0, &id);
  if( rc ) return rc;
  if( auth_allows(pWho->roles, PERM_INSPECTION_READ) ) pIns = dossier_inspections(r->pDb, pWho, id);
  if( auth_allows(pWho->roles, PERM_HAZARD_READ) ){
    calendar_today(zToday);
    hazard_sweep(r->pDb, zToday);   /* past their deadline: overdue before they are read */
    pHaz = dossier_hazards(r->pDb, pWho, id);
  }
  if( auth_allows(pWho->roles, PERM_RISK_READ) ) pRisk = dossier_risk(r->pDb, id);
  p = json_pack("{s:I,s:o?,s:o?,s:o?}", "enterprise_id", (json_int_t)id, "inspections", pIns,
                "hazards", pHaz, "risk", pRisk);
  if( pIns==0 || pHaz==0 || pRisk==0 ){
    json_decref(p);
    return ZF_EINTERNAL;
  }
  return http_reply(r, 200, p);
}
