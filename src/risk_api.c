/*
** risk_api.c — the HTTP handlers of risk grading and the key-enterprise
** list (plan clauses 14, 18), the background job that recomputes the
** whole ledger, and the `zhifa risk recompute` verb. Each handler runs
** permission (route table) → parse → domain call (risk.c) → render. Every
** read is limited to the account's region subtree in SQL (the enterprise's
** region_path); every write checks the enterprise is in scope.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/calendar.h"
#include "core/log.h"
#include "enterprise.h"
#include "enterprise_search.h"
#include "job.h"
#include "risk.h"
#include "rules.h"

const json_field risk_fact_body[] = {
  {"kind", JF_STRING, JF_REQUIRED, 1, 24, "事实类型", "accident, violation, hazard, major_hazard_found, dishonest"},
  {"occurred_on", JF_STRING, JF_REQUIRED, 1, 10, "发生日期", "YYYY-MM-DD, not in the future"},
  {"severity", JF_INT, JF_REQUIRED, 1, 4, "严重程度", "1 一般, 2 较大, 3 重大, 4 特别重大"},
  {"note", JF_STRING, JF_REQUIRED, 1, 500, "事实说明", "2–500 characters"},
  {"reference", JF_STRING, JF_NULLABLE, 0, 100, "文号或编号", "document number, record id"},
  {"source", JF_STRING, 0, 1, 24, "来源", "manual (default), inspection, case, credit …"},
  {0}
};

const json_field risk_reason_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 1, 500, "理由", "2–500 characters"},
  {0}
};

const json_field risk_override_body[] = {
  {"grade", JF_STRING, JF_REQUIRED, 1, 8, "风险等级", "red, orange, yellow, blue"},
  {"reason", JF_STRING, JF_REQUIRED, 1, 500, "调整理由", "2–500 characters"},
  {"expires_on", JF_STRING, JF_NULLABLE, 0, 10, "有效期至", "YYYY-MM-DD (inclusive); null: until withdrawn"},
  {0}
};

const json_field risk_key_body[] = {
  {"enterprise_id", JF_INT, JF_REQUIRED, 1, 0, "企业", "enterprise id"},
  {"year", JF_INT, JF_REQUIRED, 2000, 2100, "年度", "this year or next"},
  {"reason", JF_STRING, JF_REQUIRED, 1, 500, "列入理由", "2–500 characters"},
  {0}
};

/* ---- helpers --------------------------------------------------------------- */

/* Path parameter zName as a positive id, else 404 naming it. */
static int risk_path_id(zf_req *r, const char *zName, const char *zWhat, int64_t *pId){
  const char *z = http_param(r, zName);
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || *z==0 || *zEnd || *pId<=0 ) return http_fail(r, ZF_ENOTFOUND, "id", "%s不存在：%.20s", zWhat, z ? z : "");
  return ZF_OK;
}

/* ?limit= (1–200, default 50). */
static int risk_limit(zf_req *r, int *pLimit){
  const char *z = http_query(r, "limit");
  char *zEnd;
  long v;
  *pLimit = 50;
  if( z==0 ) return ZF_OK;
  v = strtol(z, &zEnd, 10);
  if( *z==0 || *zEnd || v<1 || v>200 ) return http_fail(r, ZF_EINVAL, "limit", "参数 limit 应为 1 到 200 之间的整数");
  *pLimit = (int)v;
  return ZF_OK;
}

/* ?year= (2000–2100), default this year. */
static int risk_year_param(zf_req *r, int *pYear){
  const char *z = http_query(r, "year");
  char zToday[11], *zEnd;
  long v;
  calendar_today(zToday);
  *pYear = atoi(zToday);
  if( z==0 ) return ZF_OK;
  v = strtol(z, &zEnd, 10);
  if( *z==0 || *zEnd || v<2000 || v>2100 ) return http_fail(r, ZF_EINVAL, "year", "参数 year 应为 2000–2100 的年份");
  *pYear = (int)v;
  return ZF_OK;
}

/* Expired overrides are put out of force before anything is read. */
static void risk_expire_quietly(zf_req *r){
  zf_error e = {0};
  if( risk_expire_overrides(r->pDb, &e) ) log_error("risk: expiring overrides failed: %s", e.message);
}

/* "name LIKE %q%" pattern with % _ \ escaped (q is at most 50 characters). */
static void risk_like(const char *zIn, int prefix, char *zOut, size_t n){
  size_t j = 0;
  if( !prefix ) zOut[j++] = '%';
  for(; *zIn && j+4<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}

static int risk_hazard_bit(const char *zCode){
  int i;
  for(i=0; zCode && enterprise_hazards[i].zCode; i++) if( strcmp(enterprise_hazards[i].zCode, zCode)==0 ) return i;
  return -1;
}

/* ---- the list ----------------------------------------------------------------- */

#define RISK_LIST_COLS "e.id, e.name, e.uscc, e.region, g.name, e.sector, e.supervising_level, e.status," \
  " r.score, r.computed_grade, r.grade, r.override_id IS NOT NULL," \
  " EXISTS(SELECT 1 FROM key_enterprise k WHERE k.enterprise_id=e.id AND k.year=?1 AND k.removed_at IS NULL)"

static json_t *risk_row_json(zf_stmt *pStmt){
  return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:b,s:b}",
    "enterprise_id", (json_int_t)db_column_int64(pStmt, 0), "name", db_text(pStmt, 1),
    "uscc", db_text(pStmt, 2), "region", db_text(pStmt, 3), "region_name", db_text(pStmt, 4),
    "sector", db_text(pStmt, 5), "sector_name", ent_choice_name(enterprise_sectors, db_text(pStmt, 5)),
    "supervising_level", db_text(pStmt, 6), "status", db_text(pStmt, 7),
    "status_name", ent_choice_name(enterprise_statuses, db_text(pStmt, 7)),
    "score", (json_int_t)db_column_int64(pStmt, 8), "computed_grade", db_text(pStmt, 9),
    "grade", db_text(pStmt, 10), "overridden", db_column_int(pStmt, 11),
    "key", db_column_int(pStmt, 12));
}

/* Parses the list's own parameters: grade, key (true|false), cursor. */
static int risk_list_params(zf_req *r, const char **pzGrade, int *pKey, int64_t *pScore, int64_t *pId){
  const char *zGrade = http_query(r, "grade"), *zKey = http_query(r, "key"), *zCur = http_query(r, "cursor");
  *pzGrade = 0;
  *pKey = -1;
  *pScore = -1;
  *pId = 0;
  if( zGrade ){
    if( risk_grade_find(zGrade)<0 ) return http_fail(r, ZF_EINVAL, "grade", "参数 grade 应为 red、orange、yellow 或 blue");
    *pzGrade = zGrade;
  }
  if( zKey ){
    if( strcmp(zKey, "true")==0 ) *pKey = 1;
    else if( strcmp(zKey, "false")==0 ) *pKey = 0;
    else return http_fail(r, ZF_EINVAL, "key", "参数 key 应为 true 或 false");
  }
  if( zCur ){
    long long s, id;
    char c;
    if( sscanf(zCur, "%lld-%lld%c", &s, &id, &c)!=2 || s<0 || id<=0 ){
      return http_fail(r, ZF_EINVAL, "cursor", "参数 cursor 无效");
    }
    *pScore = s;
    *pId = id;
  }
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/risk/enterprises
** Graded enterprises in scope, highest score first: ?grade=, ?sector=
** ("trade" includes its sub-sectors), ?region= (a region in scope),
** ?level=, ?status=, ?hazard=, ?key=true|false (on this year's key list,
** or ?year='s), ?q= (name fragment or credit-code prefix), cursor paging
** (next_cursor "score-id").
*/
int risk_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT " RISK_LIST_COLS " FROM enterprise_risk r JOIN enterprise e ON e.id=r.enterprise_id"
    " JOIN region g ON g.code=e.region"
    " WHERE e.region_path>=?2 AND e.region_path<?3"
    " AND (?4 IS NULL OR r.grade=?4)"
    " AND (?5 IS NULL OR e.sector=?5 OR substr(e.sector, 1, length(?5)+1)=?5 || '.')"
    " AND (?6 IS NULL OR e.supervising_level=?6) AND (?7 IS NULL OR e.status=?7)"
    " AND (?8 IS NULL OR (e.hazards & ?8)<>0)"
    " AND (?9 IS NULL OR e.name LIKE ?9 ESCAPE '\\') AND (?10 IS NULL OR e.uscc LIKE ?10 ESCAPE '\\')"
    " AND (?11<0 OR r.score<?11 OR (r.score=?11 AND r.enterprise_id>?12))"
    " AND (?13<0 OR EXISTS(SELECT 1 FROM key_enterprise k WHERE k.enterprise_id=e.id AND k.year=?1"
    "  AND k.removed_at IS NULL)=?13)"
    " ORDER BY r.score DESC, r.enterprise_id LIMIT ?14";
  ent_query q;
  const char *zGrade;
  char zLike[256];
  zf_stmt *pStmt;
  json_t *pItems;
  int64_t cScore, cId, lastScore = 0, lastId = 0;
  int limit, key, year, n = 0, bit, rc;
  if( (rc = ent_query_from_request(r, &q))!=ZF_OK ) return rc;
  if( (rc = risk_list_params(r, &zGrade, &key, &cScore, &cId))!=ZF_OK ) return rc;
  if( (rc = risk_limit(r, &limit))!=ZF_OK || (rc = risk_year_param(r, &year))!=ZF_OK ) return rc;
  risk_expire_quietly(r);
  bit = risk_hazard_bit(q.zHazard);
  if( q.zQ[0] ) risk_like(q.zQ, q.qIsCode, zLike, sizeof zLike);
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "dssssss", year, q.zPathLo, q.zPathHi, zGrade, q.zSector, q.zLevel, q.zStatus);
  if( bit>=0 ) db_bind_int64(pStmt, 8, (int64_t)1<<bit);
  if( q.zQ[0] ) db_bind_text(pStmt, q.qIsCode ? 10 : 9, zLike, -1, DB_TRANSIENT);
  db_bind_int64(pStmt, 11, cScore);
  db_bind_int64(pStmt, 12, cId);
  db_bind_int(pStmt, 13, key);
  db_bind_int(pStmt, 14, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    lastScore = db_column_int64(pStmt, 8);
    lastId = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, risk_row_json(pStmt));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o,s:i}", "items", pItems, "next_cursor",
    rc==1 ? json_sprintf("%lld-%lld", (long long)lastScore, (long long)lastId) : json_null(), "year", year));
}

/*
** ROUTE: GET /api/v1/risk/enterprises/{id}
** One enterprise's RISK: score, grade computed and in force, the terms
** exactly as computed (rule key, label, points, detail), the rule set,
** the override history and the key-list rows of every year.
*/
int risk_get_handler(zf_req *r){
  int64_t id;
  json_t *p;
  int rc = risk_path_id(r, "id", "企业", &id);
  if( rc ) return rc;
  if( (rc = risk_enterprise_check(r->pDb, &r->who, id, 0, 0, &r->err))!=ZF_OK ) return rc;
  risk_expire_quietly(r);
  p = risk_enterprise_json(r->pDb, id);
  if( p==0 ) return http_fail(r, ZF_ENOTFOUND, "id", "企业不存在");
  return http_reply(r, 200, p);
}

/*
** ROUTE: GET /api/v1/risk/model
** The model in force today: every risk.* rule value with its label, unit,
** source and 待核 flag, and the rule set it comes from.
*/
int risk_model_handler(zf_req *r){
  risk_model m;
  rules_value v;
  json_t *pVals;
  int i, rc = risk_model_load(r->pDb, 0, &m, &r->err);
  if( rc ) return rc;
  pVals = json_array();
  for(i=0; risk_rule_keys[i]; i++){
    if( rules_get_in_set(r->pDb, m.setId, risk_rule_keys[i], &v, &r->err) ){ json_decref(pVals); return r->err.rc; }
    json_array_append_new(pVals, json_pack("{s:s,s:I,s:s,s:s,s:s,s:b}", "key", v.zKey, "value", (json_int_t)v.value,
                          "unit", v.zUnit, "label", v.zLabel, "source", v.zSource, "verified", v.verified));
  }
  return http_reply(r, 200, json_pack("{s:{s:I,s:s},s:s,s:s,s:o}", "rule_set", "id", (json_int_t)m.setId,
                    "name", m.zSetName, "date", m.zToday, "window_from", m.zWindowFrom, "values", pVals));
}

/* ---- statistics ----------------------------------------------------------------- */

/* Adds count n of grade g to the bucket zCode of pObj (creating it). */
static void risk_bucket_add(json_t *pObj, const char *zCode, int g, json_int_t n){
  json_t *b = json_object_get(pObj, zCode), *c;
  int i;
  if( b==0 ){
    b = json_pack("{s:s,s:{},s:I}", "code", zCode, "counts", "total", (json_int_t)0);
    c = json_object_get(b, "counts");
    for(i=0; i<RISK_NGRADE; i++) json_object_set_new(c, risk_grade_codes[i], json_integer(0));
    json_object_set_new(pObj, zCode, b);
  }
  c = json_object_get(b, "counts");
  json_object_set_new(c, risk_grade_codes[g], json_integer(json_integer_value(json_object_get(c, risk_grade_codes[g])) + n));
  json_object_set_new(b, "total", json_integer(json_integer_value(json_object_get(b, "total")) + n));
}

/* The region directly below zScopePath that path lies in ("" when the
** enterprise sits at the scope itself: then the scope's code). */
static void risk_child_code(const char *zPath, const char *zScopePath, char *zOut, size_t n){
  size_t k = strlen(zScopePath), j = 0;
  const char *s = strlen(zPath)>k ? zPath + k : "";
  while( s[j] && s[j]!='/' && j+1<n ){ zOut[j] = s[j]; j++; }
  zOut[j] = 0;
  if( j==0 && k>=2 ){          /* the scope itself: its last segment */
    const char *z = zScopePath + k - 2;
    while( z>zScopePath && *z!='/' ) z--;
    snprintf(zOut, n, "%.*s", (int)(zScopePath + k - 1 - z - 1), z + 1);
  }
}

/* The buckets of pObj as an array ordered by code, named. */
static json_t *risk_bucket_array(zf_req *r, json_t *pObj, int isRegion){
  static const char zName[] = "SELECT name FROM region WHERE code=?";
  json_t *pArr = json_array(), *b;
  const char *zKey;
  json_object_foreach(pObj, zKey, b){
    const char *zLabel = "";
    char zBuf[96] = "";
    if( isRegion ){
      zf_stmt *pStmt = db_stmt(r->pDb, zName);
      if( pStmt ){
        db_bind(pStmt, "s", zKey);
        if( db_step(pStmt)==1 ) snprintf(zBuf, sizeof zBuf, "%s", db_text(pStmt, 0));
        db_reset(pStmt);
      }
      zLabel = zBuf;
    }else{
      zLabel = ent_choice_name(enterprise_sectors, zKey);
    }
    json_object_set_new(b, "name", json_string(zLabel));
    json_array_append(pArr, b);
  }
  json_decref(pObj);
  return pArr;
}

static int risk_code_cmp(const void *a, const void *b){
  const char *x = json_string_value(json_object_get(*(json_t *const*)a, "code"));
  const char *y = json_string_value(json_object_get(*(json_t *const*)b, "code"));
  return strcmp(x ? x : "", y ? y : "");
}

/* Sorts an array of buckets by code (regions) or by the sector table order. */
static json_t *risk_sorted(json_t *pArr, int isRegion){
  size_t n = json_array_size(pArr), i;
  json_t **a = malloc(sizeof *a * (n ? n : 1)), *pOut = json_array();
  for(i=0; a && i<n; i++) a[i] = json_array_get(pArr, i);
  if( a && isRegion ) qsort(a, n, sizeof *a, risk_code_cmp);
  if( a && !isRegion ){
    int k;
    for(k=0; enterprise_sectors[k].zCode; k++){
      for(i=0; i<n; i++){
        if( strcmp(json_string_value(json_object_get(a[i], "code")), enterprise_sectors[k].zCode)==0 ){
          json_array_append(pOut, a[i]);
        }
      }
    }
  }else{
    for(i=0; a && i<n; i++) json_array_append(pOut, a[i]);
  }
  free(a);
  json_decref(pArr);
  return pOut;
}

/*
** ROUTE: GET /api/v1/risk/stats
** Counts for the charts, inside scope (or ?region=): by grade × the
** regions directly below the scope (the streets of a district) and by
** grade × sector; ?status= (default active); totals and this year's
** (?year=) key-enterprise count.
*/
int risk_stats_handler(zf_req *r){
  static const char zSql[] =
    "SELECT e.region_path, e.sector, r.grade, count(*) FROM enterprise_risk r"
    " JOIN enterprise e ON e.id=r.enterprise_id WHERE e.region_path>=?1 AND e.region_path<?2 AND e.status=?3"
    " AND (?4 IS NULL OR e.sector=?4 OR substr(e.sector, 1, length(?4)+1)=?4 || '.')"
    " GROUP BY e.region_path, e.sector, r.grade";
  static const char zKeys[] =
    "SELECT count(*) FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id"
    " WHERE k.year=? AND k.removed_at IS NULL AND e.region_path>=? AND e.region_path<?";
  ent_query q;
  json_t *pRegions = json_object(), *pSectors = json_object(), *pTotal = json_object();
  zf_stmt *pStmt;
  char zScope[128], zChild[24];
  const char *zStatus;
  int64_t nKey = 0;
  int i, year, rc = ent_query_from_request(r, &q);
  if( rc==ZF_OK ) rc = risk_year_param(r, &year);
  if( rc ){ json_decref(pRegions); json_decref(pSectors); json_decref(pTotal); return rc; }
  risk_expire_quietly(r);
  zStatus = q.zStatus ? q.zStatus : "active";
  snprintf(zScope, sizeof zScope, "%s", q.zPathLo);
  for(i=0; i<RISK_NGRADE; i++) json_object_set_new(pTotal, risk_grade_codes[i], json_integer(0));
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) rc = ZF_EINTERNAL;
  else{
    db_bind(pStmt, "ssss", q.zPathLo, q.zPathHi, zStatus, q.zSector);
    while( db_step(pStmt)==1 ){
      int g = risk_grade_find(db_text(pStmt, 2));
      json_int_t n = db_column_int64(pStmt, 3);
      if( g<0 ) continue;
      risk_child_code(db_text(pStmt, 0), zScope, zChild, sizeof zChild);
      risk_bucket_add(pRegions, zChild, g, n);
      risk_bucket_add(pSectors, db_text(pStmt, 1), g, n);
      json_object_set_new(pTotal, risk_grade_codes[g],
                          json_integer(json_integer_value(json_object_get(pTotal, risk_grade_codes[g])) + n));
    }
    db_reset(pStmt);
  }
  if( rc==ZF_OK && (pStmt = db_stmt(r->pDb, zKeys))!=0 ){
    db_bind(pStmt, "dss", year, q.zPathLo, q.zPathHi);
    if( db_step(pStmt)==1 ) nKey = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  if( rc ){ json_decref(pRegions); json_decref(pSectors); json_decref(pTotal); return rc; }
  return http_reply(r, 200, json_pack("{s:[ssss],s:[ssss],s:o,s:o,s:o,s:i,s:I,s:s}",
    "grades", "red", "orange", "yellow", "blue", "grade_names", risk_grade_names[0], risk_grade_names[1],
    risk_grade_names[2], risk_grade_names[3],
    "by_region", risk_sorted(risk_bucket_array(r, pRegions, 1), 1),
    "by_sector", risk_sorted(risk_bucket_array(r, pSectors, 0), 0),
    "total", pTotal, "year", year, "key_count", (json_int_t)nKey, "status", zStatus));
}

/* ---- facts -------------------------------------------------------------------- */

/*
** ROUTE: GET /api/v1/risk/enterprises/{id}/facts
** The enterprise's facts, newest event first, voided ones included (with
** who and why); cursor = the last fact id seen.
*/
int risk_fact_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT id, kind, occurred_on, severity, source, reference, note, recorded_by, recorded_at,"
    " voided_at, voided_by, void_reason FROM risk_fact WHERE enterprise_id=?"
    " AND (?2=0 OR id<?2) ORDER BY id DESC LIMIT ?3";
  zf_stmt *pStmt;
  json_t *pItems;
  int64_t id, cursor, last = 0;
  int limit, n = 0, rc = risk_path_id(r, "id", "企业", &id);
  if( rc ) return rc;
  if( (rc = risk_enterprise_check(r->pDb, &r->who, id, 0, 0, &r->err))!=ZF_OK ) return rc;
  if( (rc = http_page(r, &limit, &cursor))!=ZF_OK ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "iid", id, cursor, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    int k;
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    for(k=0; risk_fact_kinds[k] && strcmp(risk_fact_kinds[k], db_text(pStmt, 1)); k++){}
    json_array_append_new(pItems, json_pack("{s:I,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
      "id", (json_int_t)last, "kind", db_text(pStmt, 1), "kind_name", risk_fact_kinds[k] ? risk_fact_kind_names[k] : "",
      "occurred_on", db_text(pStmt, 2), "severity", db_column_int(pStmt, 3),
      "severity_name", risk_severity_names[db_column_int(pStmt, 3)>=1 && db_column_int(pStmt, 3)<=4
                                           ? db_column_int(pStmt, 3) : 0],
      "source", db_text(pStmt, 4), "reference", db_text(pStmt, 5), "note", db_text(pStmt, 6),
      "recorded_by", db_text(pStmt, 7), "recorded_at", db_text(pStmt, 8),
      "voided_at", db_column_type(pStmt, 9)==DB_NULL ? json_null() : json_string(db_text(pStmt, 9)),
      "voided_by", db_column_type(pStmt, 10)==DB_NULL ? json_null() : json_string(db_text(pStmt, 10)),
      "void_reason", db_column_type(pStmt, 11)==DB_NULL ? json_null() : json_string(db_text(pStmt, 11))));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

/*
** ROUTE: POST /api/v1/risk/enterprises/{id}/facts
** Records a fact (accident, violation, hazard, major hazard found,
** dishonesty listing); the enterprise is recomputed in the same
** transaction. 201 with the enterprise's RISK.
*/
int risk_fact_add_handler(zf_req *r){
  risk_fact_new f;
  int64_t id, fid;
  int rc = risk_path_id(r, "id", "企业", &id);
  if( rc ) return rc;
  memset(&f, 0, sizeof f);
  f.enterpriseId = id;
  f.zKind = json_str(r->pBody, "kind");
  f.zOccurred = json_str(r->pBody, "occurred_on");
  f.severity = (int)json_int(r->pBody, "severity", 0);
  f.zNote = json_str(r->pBody, "note");
  f.zReference = json_str(r->pBody, "reference");
  f.zSource = json_str(r->pBody, "source");
  rc = risk_fact_add(r->pDb, &r->who, r->who.zUsername, &f, &fid, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:o}", "fact_id", (json_int_t)fid, "risk", risk_enterprise_json(r->pDb, id)));
}

/* ROUTE: POST /api/v1/risk/facts/{id}/void — voids a fact with a reason; recomputes. */
int risk_fact_void_handler(zf_req *r){
  int64_t id;
  int rc = risk_path_id(r, "id", "风险事实", &id);
  if( rc ) return rc;
  rc = risk_fact_void(r->pDb, &r->who, r->who.zUsername, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "voided", 1));
}

/* ---- overrides ---------------------------------------------------------------------- */

/*
** ROUTE: POST /api/v1/risk/enterprises/{id}/overrides
** Puts a grade in force by hand, with a reason and an optional last day;
** an open override is withdrawn by it. 201 with the enterprise's RISK.
*/
int risk_override_add_handler(zf_req *r){
  int64_t id, oid;
  json_t *pExp = json_object_get(r->pBody, "expires_on");
  const char *zExp = pExp && json_is_string(pExp) && json_string_value(pExp)[0] ? json_string_value(pExp) : 0;
  int rc = risk_path_id(r, "id", "企业", &id);
  if( rc ) return rc;
  rc = risk_override_add(r->pDb, &r->who, r->who.zUsername, id, json_str(r->pBody, "grade"),
                         json_str(r->pBody, "reason"), zExp, &oid, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:o}", "override_id", (json_int_t)oid, "risk", risk_enterprise_json(r->pDb, id)));
}

/* ROUTE: POST /api/v1/risk/overrides/{id}/withdraw — the model's grade is in force again. */
int risk_override_withdraw_handler(zf_req *r){
  int64_t id;
  int rc = risk_path_id(r, "id", "人工调整记录", &id);
  if( rc ) return rc;
  rc = risk_override_withdraw(r->pDb, &r->who, r->who.zUsername, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "withdrawn", 1));
}

/* ---- key enterprises ------------------------------------------------------------------ */

/*
** ROUTE: GET /api/v1/risk/key-enterprises
** Key enterprises of ?year= (default this year) in scope (or ?region=),
** ?basis=rule|manual, ?q= (name or code), ?removed=true to list the
** removed rows instead; by key-row id, cursor = last id. With counts of
** the year's active rows (total, by rule, manual).
*/
int risk_key_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT k.id, k.enterprise_id, e.name, e.uscc, g.name, e.sector, k.basis, k.reason, k.added_by, k.added_at,"
    " k.removed_at, k.removed_by, k.remove_reason, r.grade, r.score"
    " FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id JOIN region g ON g.code=e.region"
    " LEFT JOIN enterprise_risk r ON r.enterprise_id=k.enterprise_id"
    " WHERE k.year=?1 AND e.region_path>=?2 AND e.region_path<?3 AND (k.removed_at IS NULL)=?4"
    " AND (?5 IS NULL OR k.basis=?5) AND (?6 IS NULL OR e.name LIKE ?6 ESCAPE '\\')"
    " AND (?7 IS NULL OR e.uscc LIKE ?7 ESCAPE '\\') AND k.id>?8 ORDER BY k.id LIMIT ?9";
  static const char zCount[] =
    "SELECT count(*), coalesce(sum(k.basis='rule'),0) FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id"
    " WHERE k.year=? AND k.removed_at IS NULL AND e.region_path>=? AND e.region_path<?";
  const char *zBasis = http_query(r, "basis"), *zRemoved = http_query(r, "removed");
  ent_query q;
  zf_stmt *pStmt;
  json_t *pItems;
  char zLike[256];
  int64_t cursor, last = 0, nAll = 0, nRule = 0;
  int limit, year, removed = 0, n = 0, rc = ent_query_from_request(r, &q);
  if( rc==ZF_OK ) rc = risk_year_param(r, &year);
  if( rc==ZF_OK ) rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  if( zBasis && strcmp(zBasis, "rule") && strcmp(zBasis, "manual") ) return http_fail(r, ZF_EINVAL, "basis", "参数 basis 应为 rule 或 manual");
  if( zRemoved ){
    if( strcmp(zRemoved, "true")==0 ) removed = 1;
    else if( strcmp(zRemoved, "false")!=0 ) return http_fail(r, ZF_EINVAL, "removed", "参数 removed 应为 true 或 false");
  }
  risk_expire_quietly(r);
  if( q.zQ[0] ) risk_like(q.zQ, q.qIsCode, zLike, sizeof zLike);
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "dssds", year, q.zPathLo, q.zPathHi, !removed, zBasis);
  if( q.zQ[0] ) db_bind_text(pStmt, q.qIsCode ? 7 : 6, zLike, -1, DB_TRANSIENT);
  db_bind_int64(pStmt, 8, cursor);
  db_bind_int(pStmt, 9, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o}",
      "id", (json_int_t)last, "enterprise_id", (json_int_t)db_column_int64(pStmt, 1),
      "name", db_text(pStmt, 2), "uscc", db_text(pStmt, 3), "region_name", db_text(pStmt, 4),
      "sector", db_text(pStmt, 5), "sector_name", ent_choice_name(enterprise_sectors, db_text(pStmt, 5)),
      "basis", db_text(pStmt, 6), "reason", db_text(pStmt, 7), "added_by", db_text(pStmt, 8),
      "added_at", db_text(pStmt, 9),
      "removed_at", db_column_type(pStmt, 10)==DB_NULL ? json_null() : json_string(db_text(pStmt, 10)),
      "removed_by", db_column_type(pStmt, 11)==DB_NULL ? json_null() : json_string(db_text(pStmt, 11)),
      "remove_reason", db_column_type(pStmt, 12)==DB_NULL ? json_null() : json_string(db_text(pStmt, 12)),
      "grade", db_column_type(pStmt, 13)==DB_NULL ? json_null() : json_string(db_text(pStmt, 13)),
      "score", db_column_type(pStmt, 14)==DB_NULL ? json_null() : json_integer(db_column_int64(pStmt, 14))));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  if( (pStmt = db_stmt(r->pDb, zCount))!=0 ){
    db_bind(pStmt, "dss", year, q.zPathLo, q.zPathHi);
    if( db_step(pStmt)==1 ){ nAll = db_column_int64(pStmt, 0); nRule = db_column_int64(pStmt, 1); }
    db_reset(pStmt);
  }
  return http_reply(r, 200, json_pack("{s:o,s:o,s:i,s:{s:I,s:I,s:I}}", "items", pItems,
    "next_cursor", rc==1 ? json_sprintf("%lld", (long long)last) : json_null(), "year", year,
    "counts", "active", (json_int_t)nAll, "rule", (json_int_t)nRule, "manual", (json_int_t)(nAll - nRule)));
}

/*
** ROUTE: POST /api/v1/risk/key-enterprises
** Adds an enterprise to this or next year's list by hand, with a reason.
** 422 for a city- or province-supervised or inactive enterprise (not on a
** district's list), 409 when it is already on the list.
*/
int risk_key_add_handler(zf_req *r){
  int64_t id;
  int rc = risk_key_add(r->pDb, &r->who, r->who.zUsername, json_int(r->pBody, "enterprise_id", 0),
                        (int)json_int(r->pBody, "year", 0), json_str(r->pBody, "reason"), &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:I,s:i,s:s}", "id", (json_int_t)id,
    "enterprise_id", (json_int_t)json_int(r->pBody, "enterprise_id", 0), "year", (int)json_int(r->pBody, "year", 0),
    "basis", "manual"));
}

/* ROUTE: POST /api/v1/risk/key-enterprises/{id}/remove — removes a row with a reason (kept). */
int risk_key_remove_handler(zf_req *r){
  int64_t id;
  int rc = risk_path_id(r, "id", "名单记录", &id);
  if( rc ) return rc;
  rc = risk_key_remove(r->pDb, &r->who, r->who.zUsername, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "removed", 1));
}

/* ---- recompute: API job and command line ------------------------------------------- */

static json_t *risk_result_json(const risk_result *p){
  return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:f}", "enterprises", (json_int_t)p->nEnterprise,
    "written", (json_int_t)p->nWritten, "grade_changed", (json_int_t)p->nGradeChanged,
    "key_added", (json_int_t)p->nKeyAdded, "key_removed", (json_int_t)p->nKeyRemoved,
    "rule_set_id", (json_int_t)p->setId, "seconds", p->seconds);
}

/*
** ROUTE: POST /api/v1/risk/recompute
** Recomputes every grade and the key lists with the rule set in force (for
** after a new rule set is published): a background job, 202 with it; poll
** GET /api/v1/jobs/{id}.
*/
int risk_recompute_handler(zf_req *r){
  json_t *pParams = json_object();
  int64_t id;
  int rc = job_submit(r->pDb, &r->who, "risk.recompute", pParams, 0, 0, &id, &r->err);
  json_decref(pParams);
  if( rc ) return rc;
  return http_reply(r, 202, job_json(r->pDb, id, 0));
}

int risk_recompute_job(zf_db *pDb, zf_job *pJob){
  const zf_who *pWho = job_who(pJob);
  risk_result res;
  zf_error e = {0};
  int rc = risk_recompute_all(pDb, pWho->zUsername, pWho->zScope, &res, &e);
  if( rc ){
    job_fail(pJob, "%s", e.message[0] ? e.message : "重新计算失败");
    return rc;
  }
  job_progress(pJob, res.nEnterprise, res.nEnterprise, res.nEnterprise);
  job_set_result(pJob, risk_result_json(&res));
  return ZF_OK;
}

int risk_cli(int argc, char **argv){
  static const char zUsage[] = "usage: zhifa risk recompute --db FILE\n"
    "  recomputes every enterprise's risk grade and this and next year's key-enterprise lists\n"
    "  with the rule set in force today (one transaction; only changed rows are written)\n";
  const char *zDb = 0;
  risk_result res;
  zf_error e = {0};
  zf_db *pDb = 0;
  int i, rc;
  if( argc<3 || strcmp(argv[2], "recompute")!=0 ){
    int help = argc>=3 && (strcmp(argv[2], "--help")==0 || strcmp(argv[2], "-h")==0);
    fputs(zUsage, help ? stdout : stderr);
    return help ? 0 : 2;
  }
  for(i=3; i<argc; i++){
    if( strcmp(argv[i], "--help")==0 || strcmp(argv[i], "-h")==0 ){ fputs(zUsage, stdout); return 0; }
    if( strcmp(argv[i], "--db")==0 && i+1<argc ){ zDb = argv[++i]; continue; }
    fprintf(stderr, "zhifa: unexpected '%s'\n%s", argv[i], zUsage);
    return 2;
  }
  if( zDb==0 ){ fprintf(stderr, "zhifa: --db is required (try --help)\n"); return 2; }
  if( access(zDb, F_OK)!=0 ){ fprintf(stderr, "zhifa: database %s does not exist\n", zDb); return 1; }
  if( db_open(zDb, 0, &pDb)!=ZF_OK ){ fprintf(stderr, "zhifa: cannot open %s\n", zDb); return 1; }
  rc = db_migrate(pDb, &e);
  if( rc==ZF_OK ) rc = risk_recompute_all(pDb, "cli", "", &res, &e);
  db_close(pDb);
  if( rc ){
    fprintf(stderr, "zhifa: %s\n", e.message[0] ? e.message : err_message(rc));
    return 1;
  }
  printf("risk recompute: %lld enterprises, %lld rows written, %lld grades changed, key list +%lld -%lld,"
         " rule set #%lld, %.2f s\n", (long long)res.nEnterprise, (long long)res.nWritten,
         (long long)res.nGradeChanged, (long long)res.nKeyAdded, (long long)res.nKeyRemoved,
         (long long)res.setId, res.seconds);
  return 0;
}
