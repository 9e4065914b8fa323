/*
** rules_api.c — HTTP handlers of the rules module: rule sets (法规参数)
** and discretion benchmarks (裁量基准). Each handler runs permission (route
** table) → parse → domain call (rules.c, rules_benchmark.c) → render.
** Reading needs a session; changes need PERM_RULES_ADMIN (admin, legal).
** Plan clauses 12 and 13.
*/
#include <stdlib.h>
#include <string.h>
#include "core/calendar.h"
#include "rules.h"

const json_field rules_set_create_body[] = {
  {"base_id", JF_INT, 0, 0, 0, "基础规则集", "id of the set to copy (default: the set in force today)"},
  {"name", JF_STRING, JF_REQUIRED, 1, 100, "名称", 0},
  {"effective_from", JF_STRING, JF_REQUIRED, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"legal_source", JF_STRING, 0, 1, 500, "法律依据", "default: the base's"},
  {"note", JF_STRING, 0, 0, 1000, "说明", 0},
  {0}
};

const json_field rules_set_patch_body[] = {
  {"name", JF_STRING, 0, 1, 100, "名称", 0},
  {"effective_from", JF_STRING, 0, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"legal_source", JF_STRING, 0, 1, 500, "法律依据", 0},
  {"note", JF_STRING, 0, 0, 1000, "说明", 0},
  {"values", JF_OBJECT, 0, 0, 0, "规则项",
   "{\"payment.days\":{\"value\":15,\"unit\":\"days\",\"label\",\"source\",\"verified\":true,\"note\"}}"},
  {0}
};

const json_field rules_value_patch_body[] = {
  {"value", JF_INT, 0, 0, 0, "取值", "integer in the value's unit (fen for money)"},
  {"unit", JF_STRING, 0, 1, 12, "单位", "days or workdays (only these two may be swapped)"},
  {"label", JF_STRING, 0, 1, 100, "名称", 0},
  {"source", JF_STRING, 0, 1, 200, "依据", 0},
  {"verified", JF_BOOL, 0, 0, 0, "已核对", "false shows 待核"},
  {"note", JF_STRING, 0, 0, 500, "说明", 0},
  {0}
};

const json_field rules_publish_body[] = {
  {"retroactive", JF_BOOL, 0, 0, 0, "追溯适用", "needed when effective_from is before today"},
  {"reason", JF_STRING, 0, 0, 500, "原因", "why it applies retroactively"},
  {0}
};

const json_field rules_void_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 500, "作废原因", 0},
  {0}
};

#define RULES_BM_FIELDS(req) \
  {"violation", JF_STRING, req, 1, 200, "违法行为", 0}, \
  {"violated_provision", JF_STRING, req, 1, 200, "违法条款", 0}, \
  {"penalty_provision", JF_STRING, req, 1, 200, "处罚依据", 0}, \
  {"max_org_fen", JF_INT, req, 0, 0, "对单位的法定罚款上限（分）", 0}, \
  {"max_person_fen", JF_INT, req, 0, 0, "对个人的法定罚款上限（分）", 0}, \
  {"overdue_max_org_fen", JF_INT, 0, 0, 0, "逾期未改正时对单位的法定上限（分）", 0}, \
  {"overdue_max_person_fen", JF_INT, 0, 0, 0, "逾期未改正时对个人的法定上限（分）", 0}, \
  {"source", JF_STRING, req, 1, 200, "基准来源", "应急管理部令第12号, 应急〔2024〕90号, local"}, \
  {"verified", JF_BOOL, 0, 0, 0, "已核对", 0}, \
  {"note", JF_STRING, 0, 0, 1000, "说明", 0}, \
  {"effective_from", JF_STRING, req, 10, 10, "生效日期", "YYYY-MM-DD"}, \
  {"effective_to", JF_STRING, JF_NULLABLE, 10, 10, "失效日期", "YYYY-MM-DD or null"}, \
  {"tiers", JF_OBJECTS, req, 1, RULES_MAX_TIERS, "裁量档次", \
   "[{condition, overdue, org_min_fen, org_max_fen, person_min_fen, person_max_fen, measures}]"}

const json_field rules_benchmark_body[] = {
  {"code", JF_STRING, JF_REQUIRED, 1, 32, "编码", "a new code, or an existing one for its next version"},
  RULES_BM_FIELDS(JF_REQUIRED),
  {0}
};

const json_field rules_benchmark_patch_body[] = {
  RULES_BM_FIELDS(0),
  {0}
};

static const json_field rules_tier_fields[] = {
  {"condition", JF_STRING, JF_REQUIRED, 1, 200, "适用情形", 0},
  {"overdue", JF_BOOL, 0, 0, 0, "逾期未改正档", 0},
  {"org_min_fen", JF_INT, JF_NULLABLE, 0, 0, "对单位罚款下限（分）", 0},
  {"org_max_fen", JF_INT, JF_NULLABLE, 0, 0, "对单位罚款上限（分）", 0},
  {"person_min_fen", JF_INT, JF_NULLABLE, 0, 0, "对个人罚款下限（分）", 0},
  {"person_max_fen", JF_INT, JF_NULLABLE, 0, 0, "对个人罚款上限（分）", 0},
  {"measures", JF_STRING, 0, 0, 100, "其他处罚措施", 0},
  {0}
};

/* Path {id} as a positive integer, else 404 naming what. */
static int rules_id_or_reply(zf_req *r, const char *zWhat, int64_t *pId){
  const char *zId = http_param(r, "id");
  char *zEnd;
  *pId = strtoll(zId ? zId : "", &zEnd, 10);
  if( zId==0 || *zEnd || *pId<=0 ) return http_fail(r, ZF_ENOTFOUND, "id", "%s不存在：%.20s", zWhat, zId ? zId : "");
  return ZF_OK;
}

/* Checks json_check()'s error of a nested object and prefixes the field. */
static int rules_nested_check(zf_req *r, json_t *pObj, const json_field *aField, const char *zPrefix){
  zf_error e = {0};
  int rc = json_check(pObj, aField, &e);
  if( rc ){
    char zField[64];
    snprintf(zField, sizeof zField, "%.42s.%.20s", zPrefix, e.field);
    return http_fail(r, rc, zField, "%s：%s", zPrefix, e.message);
  }
  return ZF_OK;
}

/* ---- rule sets ------------------------------------------------------------ */

/*
** ROUTE: GET /api/v1/rules
** The rule set in force on ?date= (default today, Asia/Shanghai) with all
** its values.
*/
int rules_in_force_handler(zf_req *r){
  const char *zDate = http_query(r, "date");
  char zToday[11];
  rules_set_ref ref;
  json_t *p;
  int rc;
  if( zDate==0 ){ calendar_today(zToday); zDate = zToday; }
  rc = rules_set_in_force(r->pDb, zDate, &ref, &r->err);
  if( rc ) return rc;
  p = rules_set_json(r->pDb, ref.id, 1);
  if( p==0 ) return ZF_EINTERNAL;
  json_object_del(p, "history");
  json_object_set_new(p, "date", json_string(zDate));
  return http_reply(r, 200, p);
}

/*
** ROUTE: GET /api/v1/rule-sets
** Every rule set, newest first, without values; ?status= filters
** (draft|published|superseded|void), ?q= a fragment of the name, legal
** source or note; cursor = last id seen.
*/
int rules_set_list_handler(zf_req *r){
  static const char *const azStatus[] = {"draft", "published", "superseded", "void"};
  const char *zStatus = http_query(r, "status");
  int64_t cursor, next;
  json_t *pItems;
  int limit, i, rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  if( zStatus ){
    for(i=0; i<4 && strcmp(azStatus[i], zStatus)!=0; i++){}
    if( i==4 ) return http_fail(r, ZF_EINVAL, "status", "状态（status）应为 draft、published、superseded 或 void");
  }
  pItems = rules_set_page(r->pDb, zStatus, http_query(r, "q"), cursor, limit, &next);
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null()));
}

/* ROUTE: GET /api/v1/rule-sets/{id} — one set with values and history. */
int rules_set_get_handler(zf_req *r){
  int64_t id;
  json_t *p;
  int rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  p = rules_set_json(r->pDb, id, 1);
  if( p==0 ) return http_fail(r, ZF_ENOTFOUND, "id", "规则集不存在：%lld", (long long)id);
  return http_reply(r, 200, p);
}

/*
** ROUTE: GET /api/v1/rule-sets/{id}/diff
** What changed from ?base= (default: the set it was copied from) to {id}.
*/
int rules_set_diff_handler(zf_req *r){
  const char *zBase = http_query(r, "base");
  int64_t id, base = 0;
  json_t *pSet, *p;
  int rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  pSet = rules_set_json(r->pDb, id, 0);
  if( pSet==0 ) return http_fail(r, ZF_ENOTFOUND, "id", "规则集不存在：%lld", (long long)id);
  if( zBase ){
    char *zEnd;
    base = strtoll(zBase, &zEnd, 10);
    if( *zEnd || base<=0 ) base = -1;
  }else{
    base = json_integer_value(json_object_get(pSet, "base_id"));
  }
  json_decref(pSet);
  if( base<=0 ) return http_fail(r, ZF_EINVAL, "base", "请指定用于比较的规则集（base）");
  p = rules_set_diff(r->pDb, base, id);
  if( p==0 ) return http_fail(r, ZF_EINVAL, "base", "用于比较的规则集不存在：%lld", (long long)base);
  return http_reply(r, 200, p);
}

/*
** ROUTE: POST /api/v1/rule-sets
** A new draft copied from base_id (default: the set in force today); 201.
*/
int rules_set_create_handler(zf_req *r){
  rules_set_new nu;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.baseId = json_int(r->pBody, "base_id", 0);
  nu.zName = json_str(r->pBody, "name");
  nu.zEffective = json_str(r->pBody, "effective_from");
  nu.zLegalSource = json_str(r->pBody, "legal_source");
  nu.zNote = json_str(r->pBody, "note");
  if( json_object_get(r->pBody, "base_id") && nu.baseId<=0 ){
    return http_fail(r, ZF_EINVAL, "base_id", "基础规则集（base_id）应为正整数");
  }
  rc = rules_set_create(r->pDb, &r->who, &nu, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, rules_set_json(r->pDb, id, 1));
}

/* Fills one value edit from a JSON object already checked by the table. */
static void rules_edit_from_json(rules_value_edit *v, const char *zKey, json_t *p){
  json_t *pVerified = json_object_get(p, "verified");
  memset(v, 0, sizeof *v);
  v->zKey = zKey;
  v->hasValue = json_object_get(p, "value")!=0;
  v->value = json_int(p, "value", 0);
  v->zUnit = json_str(p, "unit");
  v->zLabel = json_str(p, "label");
  v->zSource = json_str(p, "source");
  v->zNote = json_str(p, "note");
  v->verified = pVerified ? json_is_true(pVerified) : -1;
}

/*
** ROUTE: PATCH /api/v1/rule-sets/{id}
** Edits a draft: header fields and any values ({"values":{KEY:{…}}}), all
** or nothing. 409 when the set is not a draft.
*/
int rules_set_patch_handler(zf_req *r){
  rules_value_edit *a;
  rules_set_edit ed;
  json_t *pValues = json_object_get(r->pBody, "values"), *v;
  const char *zKey;
  int64_t id;
  int n = 0, rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  if( json_object_size(pValues)>RULES_MAX_EDITS ){
    return http_fail(r, ZF_EINVAL, "values", "一次最多修改 %d 个规则项", RULES_MAX_EDITS);
  }
  a = calloc(RULES_MAX_EDITS, sizeof *a);
  if( a==0 ) return ZF_EINTERNAL;
  json_object_foreach(pValues, zKey, v){
    char zField[80];
    snprintf(zField, sizeof zField, "values.%.60s", zKey);
    if( !json_is_object(v) ){
      free(a);
      return http_fail(r, ZF_ETYPE, zField, "规则项 %.60s 的修改内容应为对象", zKey);
    }
    rc = rules_nested_check(r, v, rules_value_patch_body, zField);
    if( rc ){ free(a); return rc; }
    rules_edit_from_json(&a[n++], zKey, v);
  }
  ed.zName = json_str(r->pBody, "name");
  ed.zEffective = json_str(r->pBody, "effective_from");
  ed.zLegalSource = json_str(r->pBody, "legal_source");
  ed.zNote = json_str(r->pBody, "note");
  rc = rules_set_update(r->pDb, &r->who, id, &ed, a, n, &r->err);
  free(a);
  if( rc ) return rc;
  return http_reply(r, 200, rules_set_json(r->pDb, id, 1));
}

/*
** ROUTE: PATCH /api/v1/rule-sets/{id}/values/{key}
** Edits one value of a draft (value, unit days↔workdays, label, source,
** verified, note). 409 when the set is not a draft.
*/
int rules_value_patch_handler(zf_req *r){
  rules_value_edit v;
  int64_t id;
  int rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  rules_edit_from_json(&v, http_param(r, "key"), r->pBody);
  rc = rules_set_update(r->pDb, &r->who, id, 0, &v, 1, &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, rules_set_json(r->pDb, id, 1));
}

/*
** ROUTE: POST /api/v1/rule-sets/{id}/publish
** Publishes a draft: effective today or later, or {"retroactive":true,
** "reason":"…"}. A published set with the same date is superseded.
*/
int rules_set_publish_handler(zf_req *r){
  int64_t id;
  int rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  rc = rules_set_publish(r->pDb, &r->who, id,
                         json_is_true(json_object_get(r->pBody, "retroactive")),
                         json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, rules_set_json(r->pDb, id, 1));
}

/* ROUTE: POST /api/v1/rule-sets/{id}/void — voids a draft with a reason. */
int rules_set_void_handler(zf_req *r){
  int64_t id;
  int rc = rules_id_or_reply(r, "规则集", &id);
  if( rc ) return rc;
  rc = rules_set_void(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, rules_set_json(r->pDb, id, 1));
}

/* ---- benchmarks ------------------------------------------------------------- */

/*
** ROUTE: GET /api/v1/benchmarks
** Benchmark versions by id; ?q= code or violation fragment, ?status=,
** ?code=, ?date= (only versions in force that day); cursor = last id.
*/
int rules_benchmark_list_handler(zf_req *r){
  const char *zDate = http_query(r, "date"), *zStatus = http_query(r, "status");
  int64_t cursor, next;
  json_t *pItems;
  int limit, rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  if( zDate && calendar_parse_date(zDate, "date", 0, &r->err) ) return ZF_EINVAL;
  if( zStatus && strcmp(zStatus, "draft") && strcmp(zStatus, "published") && strcmp(zStatus, "superseded")
   && strcmp(zStatus, "void") ){
    return http_fail(r, ZF_EINVAL, "status", "状态（status）应为 draft、published、superseded 或 void");
  }
  pItems = rules_benchmark_page(r->pDb, http_query(r, "q"), zStatus, http_query(r, "code"), zDate,
                                cursor, limit, &next);
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", next ? json_sprintf("%lld", (long long)next) : json_null()));
}

/* ROUTE: GET /api/v1/benchmarks/{id} — one version with its tiers and versions of the code. */
int rules_benchmark_get_handler(zf_req *r){
  rules_benchmark *p;
  int64_t id, next;
  json_t *pJson;
  int rc = rules_id_or_reply(r, "裁量基准", &id);
  if( rc ) return rc;
  p = malloc(sizeof *p);
  if( p==0 ) return ZF_EINTERNAL;
  rc = rules_benchmark_load(r->pDb, id, p);
  if( rc ){
    free(p);
    return rc==ZF_ENOTFOUND ? http_fail(r, rc, "id", "裁量基准不存在：%lld", (long long)id) : rc;
  }
  pJson = rules_benchmark_json(p);
  json_object_set_new(pJson, "versions",
                      rules_benchmark_page(r->pDb, 0, 0, p->zCode, 0, 0, 200, &next));
  free(p);
  return http_reply(r, 200, pJson);
}

/* Reads a fen bound that may be null (no fine). */
static int64_t rules_fen_or_none(json_t *p, const char *zKey){
  json_t *v = json_object_get(p, zKey);
  return json_is_integer(v) ? json_integer_value(v) : RULES_NO_FINE;
}

/* Overlays the body's tiers on p; checks each tier object's keys and types. */
static int rules_tiers_from_json(zf_req *r, json_t *pTiers, rules_benchmark *p){
  size_t i;
  json_t *t;
  p->nTier = (int)json_array_size(pTiers);
  json_array_foreach(pTiers, i, t){
    rules_tier *x = &p->aTier[i];
    char zPrefix[24];
    int rc;
    snprintf(zPrefix, sizeof zPrefix, "tiers[%d]", (int)(i % 1000));
    rc = rules_nested_check(r, t, rules_tier_fields, zPrefix);
    if( rc ) return rc;
    memset(x, 0, sizeof *x);
    snprintf(x->zCondition, sizeof x->zCondition, "%s", json_str(t, "condition"));
    x->overdue = json_is_true(json_object_get(t, "overdue"));
    x->orgMin = rules_fen_or_none(t, "org_min_fen");
    x->orgMax = rules_fen_or_none(t, "org_max_fen");
    x->personMin = rules_fen_or_none(t, "person_min_fen");
    x->personMax = rules_fen_or_none(t, "person_max_fen");
    snprintf(x->zMeasures, sizeof x->zMeasures, "%s", json_str(t, "measures") ? json_str(t, "measures") : "");
  }
  return ZF_OK;
}

static void rules_copy_str(json_t *pBody, const char *zKey, char *zDst, size_t n){
  json_t *v = json_object_get(pBody, zKey);
  if( json_is_string(v) ) snprintf(zDst, n, "%s", json_string_value(v));
  else if( json_is_null(v) ) zDst[0] = 0;
}

static void rules_copy_int(json_t *pBody, const char *zKey, int64_t *pDst){
  json_t *v = json_object_get(pBody, zKey);
  if( json_is_integer(v) ) *pDst = json_integer_value(v);
}

/* Overlays the body's benchmark fields on p (absent fields stay). */
static int rules_benchmark_from_json(zf_req *r, rules_benchmark *p){
  json_t *b = r->pBody, *pVerified = json_object_get(b, "verified");
  rules_copy_str(b, "code", p->zCode, sizeof p->zCode);
  rules_copy_str(b, "violation", p->zViolation, sizeof p->zViolation);
  rules_copy_str(b, "violated_provision", p->zViolated, sizeof p->zViolated);
  rules_copy_str(b, "penalty_provision", p->zPenalty, sizeof p->zPenalty);
  rules_copy_str(b, "source", p->zSource, sizeof p->zSource);
  rules_copy_str(b, "note", p->zNote, sizeof p->zNote);
  rules_copy_str(b, "effective_from", p->zEffectiveFrom, sizeof p->zEffectiveFrom);
  rules_copy_str(b, "effective_to", p->zEffectiveTo, sizeof p->zEffectiveTo);
  rules_copy_int(b, "max_org_fen", &p->maxOrg);
  rules_copy_int(b, "max_person_fen", &p->maxPerson);
  rules_copy_int(b, "overdue_max_org_fen", &p->overdueMaxOrg);
  rules_copy_int(b, "overdue_max_person_fen", &p->overdueMaxPerson);
  if( pVerified ) p->verified = json_is_true(pVerified);
  if( json_object_get(b, "tiers") ) return rules_tiers_from_json(r, json_object_get(b, "tiers"), p);
  return ZF_OK;
}

/*
** ROUTE: POST /api/v1/benchmarks
** A new draft: a new code (version 1) or the next version of a code; 201.
*/
int rules_benchmark_create_handler(zf_req *r){
  rules_benchmark *p = calloc(1, sizeof *p);
  int64_t id;
  int rc;
  if( p==0 ) return ZF_EINTERNAL;
  rc = rules_benchmark_from_json(r, p);
  if( rc==ZF_OK ) rc = rules_benchmark_create(r->pDb, &r->who, p, &id, &r->err);
  if( rc==ZF_OK ) rc = rules_benchmark_load(r->pDb, id, p);
  if( rc==ZF_OK ) rc = http_reply(r, 201, rules_benchmark_json(p));
  free(p);
  return rc;
}

/* ROUTE: PATCH /api/v1/benchmarks/{id} — edits a draft (tiers replaced when given). */
int rules_benchmark_patch_handler(zf_req *r){
  rules_benchmark *p = calloc(1, sizeof *p);
  int64_t id;
  int rc = p ? rules_id_or_reply(r, "裁量基准", &id) : ZF_EINTERNAL;
  if( rc==ZF_OK ){
    rc = rules_benchmark_load(r->pDb, id, p);
    if( rc==ZF_ENOTFOUND ) rc = http_fail(r, rc, "id", "裁量基准不存在：%lld", (long long)id);
  }
  if( rc==ZF_OK ) rc = rules_benchmark_from_json(r, p);
  if( rc==ZF_OK ) rc = rules_benchmark_update(r->pDb, &r->who, id, p, &r->err);
  if( rc==ZF_OK ) rc = rules_benchmark_load(r->pDb, id, p);
  if( rc==ZF_OK ) rc = http_reply(r, 200, rules_benchmark_json(p));
  free(p);
  return rc;
}

/* Loads version id after a state change and replies with it. */
static int rules_benchmark_reply(zf_req *r, int64_t id){
  rules_benchmark *p = malloc(sizeof *p);
  int rc = p ? rules_benchmark_load(r->pDb, id, p) : ZF_EINTERNAL;
  if( rc==ZF_OK ) rc = http_reply(r, 200, rules_benchmark_json(p));
  free(p);
  return rc;
}

/* ROUTE: POST /api/v1/benchmarks/{id}/publish — same date rule as rule sets. */
int rules_benchmark_publish_handler(zf_req *r){
  int64_t id;
  int rc = rules_id_or_reply(r, "裁量基准", &id);
  if( rc ) return rc;
  rc = rules_benchmark_publish(r->pDb, &r->who, id,
                               json_is_true(json_object_get(r->pBody, "retroactive")),
                               json_str(r->pBody, "reason"), &r->err);
  return rc ? rc : rules_benchmark_reply(r, id);
}

/* ROUTE: POST /api/v1/benchmarks/{id}/void — voids a draft with a reason. */
int rules_benchmark_void_handler(zf_req *r){
  int64_t id;
  int rc = rules_id_or_reply(r, "裁量基准", &id);
  if( rc ) return rc;
  rc = rules_benchmark_void(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &r->err);
  return rc ? rc : rules_benchmark_reply(r, id);
}
