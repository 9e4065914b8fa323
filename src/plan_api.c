/*
** plan_api.c — the annual enforcement plan over HTTP (年度执法计划, plan
** clause 14): list, create, detail, edit the draft (header, budget, key
** enterprises, quotas, campaigns), submit, approve, return, publish,
** adjust, versions, progress, and the public summary. Handlers run
** permission (route table) → parse → domain (plan.c, plan_report.c) →
** render; scope is checked on the plan's region path.
*/
#include <stdlib.h>
#include <string.h>
#include "org.h"
#include "plan.h"

const json_field plan_create_body[] = {
  {"unit_id", JF_INT, JF_REQUIRED, 1, 0, "编制单位", "bureau, brigade or street unit id"},
  {"year", JF_INT, JF_REQUIRED, 2000, 2100, "年度", 0},
  {"title", JF_STRING, 0, 2, 100, "计划名称", "default: <unit><year>年度执法计划"},
  {0}
};

const json_field plan_patch_body[] = {
  {"title", JF_STRING, 0, 2, 100, "计划名称", 0},
  {"officers_planned", JF_INT, JF_NULLABLE, 0, 10000, "计划执法人员数", "null: the officers counted from staff records"},
  {"note", JF_STRING, 0, 0, 2000, "说明", 0},
  {"budget", JF_OBJECT, 0, 0, 0, "工作日预算", "{\"other.complaint\": 40, \"non.training\": 80, …} person-days per kind"},
  {0}
};

const json_field plan_entries_body[] = {
  {"entries", JF_OBJECTS, JF_REQUIRED, 1, PLAN_MAX_ENTRIES, "重点企业安排",
   "[{\"enterprise_id\":1,\"period_kind\":\"month|quarter|null\",\"period\":3}] (null period_kind: unschedule)"},
  {0}
};

static const json_field plan_entry_fields[] = {
  {"enterprise_id", JF_INT, JF_REQUIRED, 1, 0, "企业", 0},
  {"period_kind", JF_STRING, JF_REQUIRED | JF_NULLABLE, 1, 8, "安排方式", 0},
  {"period", JF_INT, 0, 1, 12, "月份或季度", 0},
  {0}
};

const json_field plan_spread_body[] = {
  {"period_kind", JF_STRING, JF_REQUIRED, 1, 8, "安排方式", "month | quarter"},
  {"from", JF_INT, 0, 1, 12, "起始月份或季度", "default 1"},
  {0}
};

const json_field plan_quotas_body[] = {
  {"quotas", JF_OBJECTS, JF_REQUIRED, 0, PLAN_MAX_QUOTAS, "检查配额",
   "[{\"sector\":\"trade\",\"kind\":\"random|routine\",\"period_kind\":\"month|quarter\",\"period\":3,\"count\":30}]"},
  {0}
};

static const json_field plan_quota_fields[] = {
  {"sector", JF_STRING, JF_REQUIRED, 1, 32, "监管行业", 0},
  {"kind", JF_STRING, JF_REQUIRED, 1, 16, "检查方式", 0},
  {"period_kind", JF_STRING, JF_REQUIRED, 1, 8, "安排方式", 0},
  {"period", JF_INT, JF_REQUIRED, 1, 12, "月份或季度", 0},
  {"count", JF_INT, JF_REQUIRED, 1, 100000, "计划户次", 0},
  {0}
};

const json_field plan_campaign_body[] = {
  {"name", JF_STRING, JF_REQUIRED, 2, 100, "专项名称", 0},
  {"topic", JF_STRING, JF_REQUIRED, 2, 50, "专项主题", "e.g. 粉尘涉爆"},
  {"period_kind", JF_STRING, JF_REQUIRED, 1, 8, "安排方式", "month | quarter"},
  {"period", JF_INT, JF_REQUIRED, 1, 12, "月份或季度", 0},
  {"sector", JF_STRING, JF_NULLABLE, 1, 32, "目标行业", "sector code or null (any)"},
  {"hazard", JF_STRING, JF_NULLABLE, 1, 32, "目标风险特征", "hazard code or null (any)"},
  {"count", JF_INT, JF_REQUIRED, 1, 100000, "计划户次", 0},
  {"note", JF_STRING, 0, 0, 500, "说明", 0},
  {0}
};

const json_field plan_approve_body[] = {
  {"approval_document", JF_STRING, JF_REQUIRED, 2, 64, "批准文号", "区政府批准文件的文号"},
  {"approved_on", JF_STRING, JF_REQUIRED, 10, 10, "批准日期", "YYYY-MM-DD"},
  {0}
};

const json_field plan_reason_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 500, "原因", 0},
  {0}
};

/* Loads plan {id} (version ?version= or the latest) inside the scope. */
static int plan_lookup_or_reply(zf_req *r, int withVersion, plan_row *p){
  const char *zVer = withVersion ? http_query(r, "version") : 0;
  int64_t id;
  int version = 0, rc = http_path_id(r, "id", &id);
  if( rc ) return rc;
  if( zVer ){
    char *zEnd;
    long v = strtol(zVer, &zEnd, 10);
    if( zVer[0]==0 || *zEnd || v<1 || v>100000 ) return http_fail(r, ZF_EINVAL, "version", "参数 version 应为正整数");
    version = (int)v;
  }
  rc = plan_load(r->pDb, id, version, p);
  if( rc==ZF_ENOTFOUND ){
    return http_fail(r, rc, version ? "version" : "id", version ? "该计划没有第 %d 版" : "年度执法计划不存在",
                     version);
  }
  if( rc ) return http_fail(r, rc, 0, 0);
  if( !plan_in_scope(&r->who, p) ) return http_fail(r, ZF_ESCOPE, "id", "该年度执法计划不在您的管辖范围内");
  return ZF_OK;
}

/* Replies with the PLAN JSON (latest version) of plan id. */
static int plan_reply(zf_req *r, int status, int64_t id, json_t *pExtra){
  json_t *p = plan_json(r->pDb, id, 0, &r->err);
  if( p==0 ){ json_decref(pExtra); return r->err.rc ? r->err.rc : ZF_EINTERNAL; }
  if( pExtra ){ json_object_update(p, pExtra); json_decref(pExtra); }
  return http_reply(r, status, p);
}

/* Strict optional positive-integer query parameter (0 when absent). */
static int plan_query_int(zf_req *r, const char *zName, int lo, int hi, int *pOut){
  const char *z = http_query(r, zName);
  char *zEnd;
  long v;
  *pOut = 0;
  if( z==0 || z[0]==0 ) return ZF_OK;
  v = strtol(z, &zEnd, 10);
  if( *zEnd || v<lo || v>hi ) return http_fail(r, ZF_EINVAL, zName, "参数 %s 应为 %d–%d 的整数", zName, lo, hi);
  *pOut = (int)v;
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/plans
** Plans inside the caller's scope, newest first: ?year=, ?unit=,
** ?status= (of the latest version); cursor = last id seen.
*/
int plan_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT p.id FROM plan p JOIN plan_version v ON v.plan_id=p.id"
    " AND v.version=(SELECT max(version) FROM plan_version WHERE plan_id=p.id)"
    " WHERE p.region_path LIKE ?1 || '%' AND (?2=0 OR p.year=?2) AND (?3=0 OR p.unit_id=?3)"
    " AND (?4 IS NULL OR v.status=?4) AND (?5=0 OR p.id<?5) ORDER BY p.id DESC LIMIT ?6";
  const char *zStatus = http_query(r, "status");
  zf_stmt *pStmt;
  json_t *pItems;
  int64_t cursor, unit, aId[201], last = 0;
  int limit, year, n = 0, i, rc = http_page(r, &limit, &cursor);
  if( rc==ZF_OK ) rc = plan_query_int(r, "year", 2000, 2100, &year);
  if( rc==ZF_OK ) rc = http_query_id(r, "unit", &unit);
  if( rc ) return rc;
  if( zStatus && strcmp(zStatus, "draft") && strcmp(zStatus, "submitted") && strcmp(zStatus, "approved")
   && strcmp(zStatus, "published") ){
    return http_fail(r, ZF_EINVAL, "status", "参数 status 应为 draft、submitted、approved 或 published");
  }
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "siisii", r->who.zScopePath, (int64_t)year, unit, zStatus, cursor, (int64_t)limit + 1);
  while( n<=limit && db_step(pStmt)==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  pItems = json_array();
  for(i=0; i<n && i<limit; i++){
    json_t *p = plan_json(r->pDb, aId[i], 0, &r->err);
    if( p==0 ){ json_decref(pItems); return r->err.rc ? r->err.rc : ZF_EINTERNAL; }
    json_object_del(p, "entries");      /* the list keeps the head, budget and coverage */
    json_array_append_new(pItems, p);
    last = aId[i];
  }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    n>limit ? json_sprintf("%lld", (long long)last) : json_null()));
}

/*
** ROUTE: POST /api/v1/plans
** A new plan (version 1, draft) of a unit in the caller's scope; 201 PLAN.
*/
int plan_create_handler(zf_req *r){
  int64_t id;
  int rc = plan_create(r->pDb, &r->who, json_int(r->pBody, "unit_id", 0), (int)json_int(r->pBody, "year", 0),
                       json_str(r->pBody, "title"), &id, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 201, id, 0);
}

/* ROUTE: GET /api/v1/plans/{id} — PLAN of ?version= (default the latest). */
int plan_get_handler(zf_req *r){
  plan_row row;
  json_t *p;
  int rc = plan_lookup_or_reply(r, 1, &row);
  if( rc ) return rc;
  p = plan_json(r->pDb, row.id, row.version, &r->err);
  if( p==0 ) return r->err.rc ? r->err.rc : ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/*
** ROUTE: PATCH /api/v1/plans/{id}
** Edits the draft: title, officers_planned (null: counted), note, budget
** days per kind ({"other.complaint": 40 …}).
*/
int plan_patch_handler(zf_req *r){
  json_t *pBudget = json_object_get(r->pBody, "budget"), *pOff = json_object_get(r->pBody, "officers_planned");
  plan_row row;
  plan_edit ed;
  const char *zKey;
  json_t *v;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  memset(&ed, 0, sizeof ed);
  ed.zTitle = json_str(r->pBody, "title");
  ed.zNote = json_str(r->pBody, "note");
  if( pOff ){ ed.setOfficers = 1; ed.officersPlanned = json_is_null(pOff) ? -1 : (int)json_integer_value(pOff); }
  json_object_foreach(pBudget, zKey, v){
    if( ed.nBudget==32 ) return http_fail(r, ZF_EINVAL, "budget", "工作日预算项目过多");
    if( !json_is_integer(v) ) return http_fail(r, ZF_ETYPE, "budget", "工作日预算 %.40s 的人日数应为整数", zKey);
    ed.azKind[ed.nBudget] = zKey;
    ed.aDays[ed.nBudget++] = json_integer_value(v);
  }
  rc = plan_update(r->pDb, &r->who, row.id, &ed, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

/* ROUTE: GET /api/v1/plans/{id}/budget — the workday budget table (?version=). */
int plan_budget_handler(zf_req *r){
  plan_row row;
  json_t *p;
  int rc = plan_lookup_or_reply(r, 1, &row);
  if( rc ) return rc;
  p = plan_budget_json(r->pDb, &row, &r->err);
  if( p==0 ) return r->err.rc ? r->err.rc : ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/plans/{id}/keys — the key-enterprise grid (?version=). */
int plan_keys_handler(zf_req *r){
  plan_row row;
  json_t *p;
  int rc = plan_lookup_or_reply(r, 1, &row);
  if( rc ) return rc;
  p = plan_keys_json(r->pDb, &row);
  if( p==0 ) return ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/* Replies with item i's error, its field named with "zList[i].field" after a json_check of item i. */
static int plan_item_fail(zf_req *r, const char *zList, size_t i, const zf_error *e){
  http_fail(r, e->rc, 0, "第 %zu 项：%s", i+1, e->message);
  snprintf(r->err.field, sizeof r->err.field, "%s[%zu].%.32s", zList, i, e->field);
  return e->rc;
}

/*
** ROUTE: POST /api/v1/plans/{id}/entries
** Schedules key enterprises to a month or quarter (period_kind null:
** unschedules); all or nothing. 200 with the grid.
*/
int plan_entries_handler(zf_req *r){
  json_t *pArr = json_object_get(r->pBody, "entries"), *v;
  plan_entry_new *a;
  plan_row row;
  size_t i;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  a = calloc(json_array_size(pArr) + 1, sizeof *a);
  if( a==0 ) return ZF_EINTERNAL;
  json_array_foreach(pArr, i, v){
    zf_error e = {0};
    rc = json_check(v, plan_entry_fields, &e);
    if( rc==ZF_OK && json_str(v, "period_kind") && json_object_get(v, "period")==0 ){
      rc = err_set(&e, ZF_EMISSING, "period", "请填写月份或季度（period）");
    }
    if( rc ){ free(a); return plan_item_fail(r, "entries", i, &e); }
    a[i].enterpriseId = json_int(v, "enterprise_id", 0);
    a[i].zPeriodKind = json_str(v, "period_kind");
    a[i].period = (int)json_int(v, "period", 0);
  }
  rc = plan_entries_set(r->pDb, &r->who, row.id, a, (int)json_array_size(pArr), &r->err);
  free(a);
  if( rc ) return rc;
  return plan_keys_handler(r);
}

/*
** ROUTE: POST /api/v1/plans/{id}/spread
** "Spread evenly": every unscheduled key enterprise to the least-loaded
** month / quarter from `from`. 200 with the grid and "scheduled": N.
*/
int plan_spread_handler(zf_req *r){
  plan_row row;
  json_t *p;
  int n, rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_spread(r->pDb, &r->who, row.id, json_str(r->pBody, "period_kind"), (int)json_int(r->pBody, "from", 1),
                   &n, &r->err);
  if( rc ) return rc;
  if( plan_load(r->pDb, row.id, 0, &row) || (p = plan_keys_json(r->pDb, &row))==0 ) return ZF_EINTERNAL;
  json_object_set_new(p, "scheduled", json_integer(n));
  return http_reply(r, 200, p);
}

/*
** ROUTE: PUT /api/v1/plans/{id}/quotas
** Replaces the draft's general-inspection quotas (双随机 / 日常) per
** sector and period. 200 PLAN.
*/
int plan_quotas_handler(zf_req *r){
  json_t *pArr = json_object_get(r->pBody, "quotas"), *v;
  plan_quota_new *a;
  plan_row row;
  size_t i;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  a = calloc(json_array_size(pArr) + 1, sizeof *a);
  if( a==0 ) return ZF_EINTERNAL;
  json_array_foreach(pArr, i, v){
    zf_error e = {0};
    rc = json_check(v, plan_quota_fields, &e);
    if( rc ){ free(a); return plan_item_fail(r, "quotas", i, &e); }
    a[i].zSector = json_str(v, "sector");
    a[i].zKind = json_str(v, "kind");
    a[i].zPeriodKind = json_str(v, "period_kind");
    a[i].period = (int)json_int(v, "period", 0);
    a[i].count = (int)json_int(v, "count", 0);
  }
  rc = plan_quotas_set(r->pDb, &r->who, row.id, a, (int)json_array_size(pArr), &r->err);
  free(a);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

static void plan_campaign_from(json_t *pBody, plan_campaign_new *p){
  memset(p, 0, sizeof *p);
  p->zName = json_str(pBody, "name");
  p->zTopic = json_str(pBody, "topic");
  p->zPeriodKind = json_str(pBody, "period_kind");
  p->period = (int)json_int(pBody, "period", 0);
  p->zSector = json_str(pBody, "sector");
  p->zHazard = json_str(pBody, "hazard");
  p->count = (int)json_int(pBody, "count", 0);
  p->zNote = json_str(pBody, "note");
}

/* ROUTE: POST /api/v1/plans/{id}/campaigns — adds a 专项 to the draft; 201 PLAN. */
int plan_campaign_add_handler(zf_req *r){
  plan_campaign_new c;
  plan_row row;
  int64_t id;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  plan_campaign_from(r->pBody, &c);
  rc = plan_campaign_add(r->pDb, &r->who, row.id, &c, &id, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 201, row.id, json_pack("{s:I}", "campaign_id", (json_int_t)id));
}

/* ROUTE: PATCH /api/v1/plans/{id}/campaigns/{cid} — replaces a 专项 of the draft. */
int plan_campaign_patch_handler(zf_req *r){
  plan_campaign_new c;
  plan_row row;
  int64_t cid;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc==ZF_OK ) rc = http_path_id(r, "cid", &cid);
  if( rc ) return rc;
  plan_campaign_from(r->pBody, &c);
  rc = plan_campaign_update(r->pDb, &r->who, row.id, cid, &c, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

/* ROUTE: DELETE /api/v1/plans/{id}/campaigns/{cid} — takes a 专项 out of the draft. */
int plan_campaign_delete_handler(zf_req *r){
  plan_row row;
  int64_t cid;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc==ZF_OK ) rc = http_path_id(r, "cid", &cid);
  if( rc ) return rc;
  rc = plan_campaign_remove(r->pDb, &r->who, row.id, cid, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

/*
** ROUTE: POST /api/v1/plans/{id}/submit
** Submits the draft for approval. Refused 422 {"error":{code "procedure",
** message naming the unscheduled key enterprises and the days over
** budget, field, "unscheduled":[…], "unscheduled_count", "over_days"}}.
** 200 PLAN with "warnings" (double-random share).
*/
int plan_submit_handler(zf_req *r){
  json_t *pRefusal = 0, *pWarn = 0;
  plan_row row;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_submit(r->pDb, &r->who, row.id, &pRefusal, &pWarn, &r->err);
  if( rc==ZF_EPROCEDURE && pRefusal ){
    json_t *pErr = json_pack("{s:s,s:s,s:s}", "code", err_code(rc), "message", r->err.message,
                             "field", r->err.field);
    json_object_update(pErr, pRefusal);
    json_decref(pRefusal);
    return http_reply(r, err_status(rc), json_pack("{s:o}", "error", pErr));
  }
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, json_pack("{s:o}", "warnings", pWarn ? pWarn : json_array()));
}

/* ROUTE: POST /api/v1/plans/{id}/approve — records the government's 文号 and date. */
int plan_approve_handler(zf_req *r){
  plan_row row;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_approve(r->pDb, &r->who, row.id, json_str(r->pBody, "approval_document"),
                    json_str(r->pBody, "approved_on"), &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

/* ROUTE: POST /api/v1/plans/{id}/return — sends the submitted version back to draft. */
int plan_return_handler(zf_req *r){
  plan_row row;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_return(r->pDb, &r->who, row.id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, 0);
}

/*
** ROUTE: POST /api/v1/plans/{id}/publish
** Publishes the approved version; key enterprises become scheduled
** inspections. 200 PLAN with inspections_created / inspections_cancelled.
*/
int plan_publish_handler(zf_req *r){
  plan_row row;
  int nNew = 0, nGone = 0, rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_publish(r->pDb, &r->who, row.id, &nNew, &nGone, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 200, row.id, json_pack("{s:i,s:i}", "inspections_created", nNew,
                                              "inspections_cancelled", nGone));
}

/* ROUTE: POST /api/v1/plans/{id}/adjust — proposes an adjustment (new draft version); 201 PLAN. */
int plan_adjust_handler(zf_req *r){
  plan_row row;
  int v, rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  rc = plan_adjust(r->pDb, &r->who, row.id, json_str(r->pBody, "reason"), &v, &r->err);
  if( rc ) return rc;
  return plan_reply(r, 201, row.id, 0);
}

/* ROUTE: GET /api/v1/plans/{id}/versions — every version with its events. */
int plan_versions_handler(zf_req *r){
  plan_row row;
  int rc = plan_lookup_or_reply(r, 0, &row);
  if( rc ) return rc;
  return http_reply(r, 200, json_pack("{s:I,s:o}", "plan_id", (json_int_t)row.id, "items",
                                      plan_versions_json(r->pDb, row.id)));
}

/* ROUTE: GET /api/v1/plans/{id}/progress — planned vs done per month and unit, key coverage. */
int plan_progress_handler(zf_req *r){
  plan_row row;
  json_t *p;
  int rc = plan_lookup_or_reply(r, 1, &row);
  if( rc ) return rc;
  if( http_query(r, "version")==0 ){            /* default: the version in force */
    json_t *pPlan = plan_json(r->pDb, row.id, 0, &r->err);
    json_t *pIn = pPlan ? json_object_get(pPlan, "in_force_version") : 0;
    int v = json_is_integer(pIn) ? (int)json_integer_value(pIn) : 0;
    json_decref(pPlan);
    if( v && plan_load(r->pDb, row.id, v, &row) ) return ZF_EINTERNAL;
  }
  p = plan_progress_json(r->pDb, &row, &r->err);
  if( p==0 ) return r->err.rc ? r->err.rc : ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/plans/progress — every plan of ?year= in scope, one row per unit. */
int plan_year_progress_handler(zf_req *r){
  json_t *p;
  int year, rc = plan_query_int(r, "year", 2000, 2100, &year);
  if( rc ) return rc;
  if( year==0 ) return http_fail(r, ZF_EINVAL, "year", "请指定年度（year）");
  p = plan_year_progress_json(r->pDb, r->who.zScopePath, year, &r->err);
  if( p==0 ) return r->err.rc ? r->err.rc : ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/public/plans — published plan summaries, no login (?year=). */
int plan_public_handler(zf_req *r){
  json_t *p;
  int year, rc = plan_query_int(r, "year", 2000, 2100, &year);
  if( rc ) return rc;
  p = plan_public_json(r->pDb, year, &r->err);
  if( p==0 ) return r->err.rc ? r->err.rc : ZF_EINTERNAL;
  return http_reply(r, 200, p);
}
