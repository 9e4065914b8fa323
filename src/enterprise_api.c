/*
** enterprise_api.c — the HTTP handlers of the enterprise ledger (plan
** clauses 5, 14, 18): options, create, read (with ?as_of=), change,
** history. Each handler runs permission (route table) → parse → domain
** call (enterprise.c) → render; phone numbers are masked for roles without
** enterprise.contact.
*/
#include <stdlib.h>
#include <string.h>
#include "enterprise.h"

/* ---- handlers ----------------------------------------------------------- */

const json_field enterprise_create_body[] = {
  {"uscc", JF_STRING, JF_REQUIRED, 1, 40, "统一社会信用代码", "GB 32100, 18 characters"},
  {"name", JF_STRING, JF_REQUIRED, 1, 200, "企业名称", "2–100 characters"},
  {"address", JF_STRING, JF_REQUIRED, 1, 400, "注册地址", "2–200 characters"},
  {"region", JF_STRING, JF_REQUIRED, 1, 16, "所属区划", "township code, 9 digits (e.g. 360104002)"},
  {"lng", JF_NUMBER, JF_NULLABLE, 0, 0, "经度", "73–136, with lat"},
  {"lat", JF_NUMBER, JF_NULLABLE, 0, 0, "纬度", "3–54, with lng"},
  {"industry", JF_STRING, JF_REQUIRED, 1, 10, "国民经济行业", "GB/T 4754-2017 code: 2614 or C2614"},
  {"sector", JF_STRING, JF_REQUIRED, 1, 24, "监管行业", "sector code, see /enterprises/options"},
  {"employees", JF_INT, JF_NULLABLE, 0, ENT_EMPLOYEES_MAX, "从业人员数", 0},
  {"revenue_band", JF_STRING, JF_NULLABLE, 0, 24, "营业收入区间", "band code"},
  {"standardisation", JF_STRING, JF_NULLABLE, 0, 12, "安全生产标准化等级", "none, level3, level2, level1"},
  {"hazards", JF_ARRAY, JF_NULLABLE, 0, 20, "安全风险特征", "[{\"kind\":\"major_hazard\",\"level\":2},{\"kind\":\"dust\"}]"},
  {"licences", JF_ARRAY, JF_NULLABLE, 0, ENT_LICENCE_MAX, "许可证", "[{\"type\",\"number\",\"valid_from\",\"valid_to\"}]"},
  {"principal", JF_STRING, JF_NULLABLE, 0, 100, "主要负责人", 0},
  {"principal_phone", JF_STRING, JF_NULLABLE, 0, 40, "主要负责人电话", 0},
  {"safety_manager", JF_STRING, JF_NULLABLE, 0, 100, "安全管理人员", 0},
  {"safety_manager_phone", JF_STRING, JF_NULLABLE, 0, 40, "安全管理人员电话", 0},
  {"supervising_level", JF_STRING, JF_NULLABLE, 0, 12, "监管层级", "province, city, district (default), street"},
  {"status", JF_STRING, 0, 1, 12, "企业状态", "active (default), suspended, closed"},
  {"status_reason", JF_STRING, JF_NULLABLE, 0, 400, "状态变更原因", "required with a status change"},
  {0}
};

const json_field enterprise_patch_body[] = {
  {"uscc", JF_STRING, 0, 1, 40, "统一社会信用代码", 0},
  {"name", JF_STRING, 0, 1, 200, "企业名称", 0},
  {"address", JF_STRING, 0, 1, 400, "注册地址", 0},
  {"region", JF_STRING, 0, 1, 16, "所属区划", 0},
  {"lng", JF_NUMBER, JF_NULLABLE, 0, 0, "经度", 0},
  {"lat", JF_NUMBER, JF_NULLABLE, 0, 0, "纬度", 0},
  {"industry", JF_STRING, 0, 1, 10, "国民经济行业", 0},
  {"sector", JF_STRING, 0, 1, 24, "监管行业", 0},
  {"employees", JF_INT, JF_NULLABLE, 0, ENT_EMPLOYEES_MAX, "从业人员数", 0},
  {"revenue_band", JF_STRING, JF_NULLABLE, 0, 24, "营业收入区间", 0},
  {"standardisation", JF_STRING, JF_NULLABLE, 0, 12, "安全生产标准化等级", 0},
  {"hazards", JF_ARRAY, JF_NULLABLE, 0, 20, "安全风险特征", 0},
  {"licences", JF_ARRAY, JF_NULLABLE, 0, ENT_LICENCE_MAX, "许可证", 0},
  {"principal", JF_STRING, JF_NULLABLE, 0, 100, "主要负责人", 0},
  {"principal_phone", JF_STRING, JF_NULLABLE, 0, 40, "主要负责人电话", 0},
  {"safety_manager", JF_STRING, JF_NULLABLE, 0, 100, "安全管理人员", 0},
  {"safety_manager_phone", JF_STRING, JF_NULLABLE, 0, 40, "安全管理人员电话", 0},
  {"supervising_level", JF_STRING, JF_NULLABLE, 0, 12, "监管层级", 0},
  {"status", JF_STRING, 0, 1, 12, "企业状态", "closing is a status change with a reason, never a delete"},
  {"status_reason", JF_STRING, JF_NULLABLE, 0, 400, "状态变更原因", 0},
  {"version", JF_INT, 0, 1, 0, "版本", "refuse with 409 unless the record is still at this version"},
  {0}
};

static json_t *ent_choices_json(const ent_choice *a){
  json_t *pArr = json_array();
  int i;
  for(i=0; a[i].zCode; i++){
    json_array_append_new(pArr, json_pack("{s:s,s:s,s:s}", "code", a[i].zCode, "name", a[i].zName,
                                          "name_en", a[i].zNameEn));
  }
  return pArr;
}

/*
** ROUTE: GET /api/v1/enterprises/options
** The choice lists of the ledger's forms and filters: sectors (with their
** parent), hazard kinds (has_level), revenue bands, standardisation
** levels, supervising levels, statuses, and the field labels.
*/
int enterprise_options_handler(zf_req *r){
  json_t *pSectors = ent_choices_json(enterprise_sectors), *pHaz = ent_choices_json(enterprise_hazards);
  json_t *pFields = json_object(), *v;
  size_t i;
  int f;
  json_array_foreach(pSectors, i, v){
    const char *zCode = json_string_value(json_object_get(v, "code"));
    json_object_set_new(v, "parent", strncmp(zCode, "trade.", 6)==0 ? json_string("trade") : json_null());
  }
  json_array_foreach(pHaz, i, v) json_object_set_new(v, "has_level", json_boolean(i==ENT_HAZARD_MAJOR));
  for(f=0; f<EF_COUNT; f++) json_object_set_new(pFields, enterprise_field(f)->zKey, json_string(enterprise_field(f)->zLabel));
  return http_reply(r, 200, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "sectors", pSectors,
    "hazards", pHaz, "revenue_bands", ent_choices_json(enterprise_revenue_bands),
    "standardisation", ent_choices_json(enterprise_standards),
    "supervising_levels", ent_choices_json(enterprise_levels),
    "statuses", ent_choices_json(enterprise_statuses), "fields", pFields));
}

/* Replies with the first problem of errs (400/403/409 naming the field). */
static int ent_fail_errs(zf_req *r, const ent_errs *pErrs){
  return ent_errs_to_error(pErrs, &r->err);
}

/*
** ROUTE: POST /api/v1/enterprises
** Registers an enterprise (201 ENTERPRISE). Every field is checked first;
** the record, its history row and its audit entry are one transaction.
*/
int enterprise_create_handler(zf_req *r){
  ent_rec *p = malloc(sizeof *p);
  ent_errs errs;
  ent_ctx c;
  unsigned mask;
  int rc;
  if( p==0 ) return ZF_EINTERNAL;
  memset(&errs, 0, sizeof errs);
  ent_ctx_init(&c, r->pDb, &r->who, 0);
  ent_rec_init(p);
  ent_set_json(p, r->pBody, &mask, &errs);
  rc = errs.n ? ent_fail_errs(r, &errs) : enterprise_create(&c, p, &r->err);
  if( rc==ZF_OK ){
    http_reply(r, 201, enterprise_json(&c, p, auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT)));
  }
  free(p);
  return rc;
}

/* Parses {id}, loads the record and checks the caller's scope. */
static int ent_lookup_or_reply(zf_req *r, ent_rec *p){
  const char *zId = http_param(r, "id");
  char *zEnd;
  int64_t id = strtoll(zId ? zId : "", &zEnd, 10);
  int rc;
  if( zId==0 || *zEnd || id<=0 ) return http_fail(r, ZF_ENOTFOUND, "id", "企业不存在：%.20s", zId ? zId : "");
  rc = ent_load(r->pDb, id, p);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, "id", "企业不存在：%.20s", zId);
  if( rc ) return rc;
  if( strncmp(p->zRegionPath, r->who.zScopePath, strlen(r->who.zScopePath))!=0 ){
    return http_fail(r, ZF_ESCOPE, "id", "该企业不在您的管辖范围内");
  }
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/enterprises/{id}
** The record; ?as_of=YYYY-MM-DD rebuilds it as it stood at the end of that
** day (Asia/Shanghai) from the history. Phones are masked for roles
** without enterprise.contact.
*/
int enterprise_get_handler(zf_req *r){
  ent_rec *p = malloc(sizeof *p);
  const char *zAsOf = http_query(r, "as_of");
  ent_ctx c;
  int rc;
  if( p==0 ) return ZF_EINTERNAL;
  ent_ctx_init(&c, r->pDb, &r->who, 0);
  rc = ent_lookup_or_reply(r, p);
  if( rc==ZF_OK && zAsOf ) rc = enterprise_as_of(r->pDb, p->id, zAsOf, p, &r->err);
  if( rc==ZF_OK ){
    json_t *pObj = enterprise_json(&c, p, auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT));
    if( zAsOf ) json_object_set_new(pObj, "as_of", json_string(zAsOf));
    http_reply(r, 200, pObj);
  }
  free(p);
  return rc;
}

/*
** ROUTE: PATCH /api/v1/enterprises/{id}
** Changes any fields (closing: {"status":"closed","status_reason":…}).
** Checked as a whole before anything is written; an unchanged record
** writes nothing. 200 with the record.
*/
int enterprise_patch_handler(zf_req *r){
  ent_rec *p = malloc(sizeof *p);
  ent_errs errs;
  ent_ctx c;
  unsigned mask;
  int rc;
  if( p==0 ) return ZF_EINTERNAL;
  memset(&errs, 0, sizeof errs);
  ent_ctx_init(&c, r->pDb, &r->who, 0);
  rc = ent_lookup_or_reply(r, p);
  if( rc==ZF_OK ){
    int64_t id = p->id;
    ent_rec_init(p);
    ent_set_json(p, r->pBody, &mask, &errs);
    if( errs.n ) rc = ent_fail_errs(r, &errs);
    else rc = enterprise_patch(&c, id, p, mask, json_int(r->pBody, "version", 0), &r->err);
    if( rc==ZF_OK ) rc = ent_load(r->pDb, id, p);
  }
  if( rc==ZF_OK ){
    http_reply(r, 200, enterprise_json(&c, p, auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT)));
  }
  free(p);
  return rc;
}

/* One history change value for display: phones masked unless allowed. */
static json_t *ent_history_value(int f, json_t *v, int showPhones){
  if( !showPhones && (f==EF_PRINCIPAL_PHONE || f==EF_SAFETY_PHONE) && json_is_string(v) ){
    char zMask[32];
    ent_mask_phone(json_string_value(v), zMask, sizeof zMask);
    return json_string(zMask);
  }
  return json_incref(v);
}

/* [{field, label, before, after}] of one history row. */
static json_t *ent_history_changes(zf_db *pDb, int64_t id, const char *zAction, const char *zChange,
                                   int showPhones){
  json_t *pOut = json_array();
  int f;
  if( strcmp(zAction, "create")==0 ){
    ent_rec *p = malloc(sizeof *p);
    if( p && ent_rewind(pDb, id, 1, 0, p)==ZF_OK ){
      for(f=0; f<EF_COUNT; f++){
        json_t *v = ent_field_json(p, f);
        if( json_is_null(v) || (json_is_array(v) && json_array_size(v)==0) ){ json_decref(v); continue; }
        json_array_append_new(pOut, json_pack("{s:s,s:s,s:n,s:o}", "field", enterprise_field(f)->zKey,
          "label", enterprise_field(f)->zLabel, "before", "after", ent_history_value(f, v, showPhones)));
        json_decref(v);
      }
    }
    free(p);
  }else{
    json_t *pChange = json_loads(zChange, 0, 0);
    for(f=0; f<EF_COUNT; f++){
      json_t *pPair = json_object_get(pChange, enterprise_field(f)->zKey);
      if( !json_is_array(pPair) ) continue;
      json_array_append_new(pOut, json_pack("{s:s,s:s,s:o,s:o}", "field", enterprise_field(f)->zKey,
        "label", enterprise_field(f)->zLabel,
        "before", ent_history_value(f, json_array_get(pPair, 0), showPhones),
        "after", ent_history_value(f, json_array_get(pPair, 1), showPhones)));
    }
    json_decref(pChange);
  }
  return pOut;
}

/*
** ROUTE: GET /api/v1/enterprises/{id}/history
** Every change, newest first: {version, at, actor, action (create, update,
** status), source, changes:[{field, label, before, after}]}; a creation
** lists the record as created. Cursor: the last version seen.
*/
int enterprise_history_handler(zf_req *r){
  static const char zSql[] =
    "SELECT version, at, actor, action, source, change FROM enterprise_history"
    " WHERE enterprise_id=? AND version<? ORDER BY version DESC LIMIT ?";
  typedef struct { int64_t v; char zAt[24], zActor[64], zAction[12], zSource[96]; char *zChange; } row;
  ent_rec *p = malloc(sizeof *p);
  int showPhones = auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT);
  zf_stmt *pStmt;
  json_t *pItems;
  row *aRow = 0;
  int limit, n = 0, i, rc;
  int64_t cursor;
  if( p==0 ) return ZF_EINTERNAL;
  rc = ent_lookup_or_reply(r, p);
  if( rc==ZF_OK ) rc = http_page(r, &limit, &cursor);
  if( rc==ZF_OK && (pStmt = db_stmt(r->pDb, zSql))==0 ) rc = ZF_EINTERNAL;
  if( rc ){ free(p); return rc; }
  /* copy the page first: rebuilding a creation reuses the statements */
  aRow = calloc(limit + 1, sizeof *aRow);
  db_bind(pStmt, "iid", p->id, cursor>0 ? cursor : INT64_MAX, limit + 1);
  while( aRow && (rc = db_step(pStmt))==1 ){
    row *x = &aRow[n++];
    x->v = db_column_int64(pStmt, 0);
    snprintf(x->zAt, sizeof x->zAt, "%s", db_text(pStmt, 1));
    snprintf(x->zActor, sizeof x->zActor, "%s", db_text(pStmt, 2));
    snprintf(x->zAction, sizeof x->zAction, "%s", db_text(pStmt, 3));
    snprintf(x->zSource, sizeof x->zSource, "%s", db_text(pStmt, 4));
    x->zChange = strdup(db_text(pStmt, 5));
  }
  db_reset(pStmt);
  pItems = json_array();
  for(i=0; i<n && i<limit; i++){
    json_array_append_new(pItems, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "version", (json_int_t)aRow[i].v,
      "at", aRow[i].zAt, "actor", aRow[i].zActor, "action", aRow[i].zAction, "source", aRow[i].zSource,
      "changes", ent_history_changes(r->pDb, p->id, aRow[i].zAction, aRow[i].zChange, showPhones)));
  }
  for(i=0; i<n; i++) free(aRow[i].zChange);
  rc = http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                  n>limit ? json_sprintf("%lld", (long long)aRow[limit-1].v) : json_null()));
  free(aRow);
  free(p);
  return rc;
}
