/*
** draw_api.c — HTTP for double-random draws: list and detail (scope),
** the live pool preview of the wizard, create (+ freeze), draw, re-draw,
** the published document; and the public routes (no login): published
** draws and their documents (the seed only once revealed). Domain rules
** are in draw.c / draw_run.c; see draw.h. Plan clause 14 (一公开).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "draw.h"
#include "core/text.h"
#include "org.h"

const json_field draw_create_body[] = {
  {"name", JF_STRING, JF_REQUIRED, 2, 100, "抽查名称", 0},
  {"unit_id", JF_INT, 0, 1, 0, "抽查单位", "unit.id; default: the unit of the signed-in person"},
  {"window_from", JF_STRING, JF_REQUIRED, 10, 10, "检查开始日期", "YYYY-MM-DD"},
  {"window_to", JF_STRING, JF_REQUIRED, 10, 10, "检查结束日期", "YYYY-MM-DD"},
  {"sectors", JF_STRINGS, 0, 0, 40, "监管行业", "sector codes; 'trade' matches every trade.*"},
  {"regions", JF_STRINGS, 0, 0, 40, "街道/区划", "region codes inside the unit's area"},
  {"hazards", JF_STRINGS, 0, 0, 40, "风险特征", "hazard_kind codes (any of them)"},
  {"plan_id", JF_INT, JF_NULLABLE, 1, 0, "年度计划", "plan id (migration 0008)"},
  {"quota_id", JF_INT, JF_NULLABLE, 1, 0, "抽查指标", "quota id of the plan"},
  {"count", JF_INT, JF_NULLABLE, 0, 0, "抽取数量", "enterprises to draw (or ratio)"},
  {"ratio", JF_NUMBER, JF_NULLABLE, 0, 0, "抽取比例", "percent of the pool, 0 < ratio < 100 (or count)"},
  {"stratify_sector", JF_BOOL, 0, 0, 0, "按行业分层", 0},
  {"stratify_street", JF_BOOL, 0, 0, 0, "按街道分层", 0},
  {"officers_per_enterprise", JF_INT, JF_NULLABLE, 0, 0, "每户执法人员数", "default draw.min_officers"},
  {"experts_per_enterprise", JF_INT, JF_NULLABLE, 0, 0, "每户专家数", "0: none"},
  {"expert_field", JF_STRING, JF_NULLABLE, 1, 40, "专家领域", 0},
  {"item_code", JF_STRING, JF_NULLABLE, 1, 40, "检查事项", "catalog item code (street powers)"},
  {0}
};

const json_field draw_redraw_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 200, "重新抽取原因", 0},
  {0}
};

/* The body as a draw_new (pointers into the body). */
static int draw_body(zf_req *r, draw_new *p){
  json_t *b = r->pBody, *pCount = json_object_get(b, "count"), *pRatio = json_object_get(b, "ratio");
  memset(p, 0, sizeof *p);
  p->zName = json_str(b, "name");
  p->unitId = json_int(b, "unit_id", 0);
  p->zFrom = json_str(b, "window_from");
  p->zTo = json_str(b, "window_to");
  p->pSectors = json_object_get(b, "sectors");
  p->pRegions = json_object_get(b, "regions");
  p->pHazards = json_object_get(b, "hazards");
  p->planId = json_int(b, "plan_id", 0);
  p->quotaId = json_int(b, "quota_id", 0);
  if( json_is_integer(pCount) ){
    p->sampleCount = json_integer_value(pCount);
    if( p->sampleCount<=0 ){
      return http_fail(r, ZF_EINVAL, "count", "抽取数量应大于 0（现为 %lld）", (long long)p->sampleCount);
    }
  }
  if( json_is_number(pRatio) ){
    double v = json_number_value(pRatio);
    if( !(v>0 && v<100) ) return http_fail(r, ZF_EINVAL, "ratio", "抽取比例应大于 0%% 且小于 100%%（现为 %g%%）", v);
    p->ratioBp = llround(v*100);
    if( p->ratioBp<=0 ) p->ratioBp = 1;
    if( p->ratioBp>=10000 ) p->ratioBp = 9999;
  }
  p->stratifySector = json_is_true(json_object_get(b, "stratify_sector"));
  p->stratifyStreet = json_is_true(json_object_get(b, "stratify_street"));
  p->officersPer = (int)json_int(b, "officers_per_enterprise", 0);
  if( json_is_integer(json_object_get(b, "officers_per_enterprise")) && p->officersPer<=0 ){
    return http_fail(r, ZF_EINVAL, "officers_per_enterprise", "每户执法人员数应大于 0");
  }
  p->expertsPer = (int)json_int(b, "experts_per_enterprise", 0);
  p->zExpertField = json_str(b, "expert_field");
  p->zItemCode = json_str(b, "item_code");
  return ZF_OK;
}

/* ROUTE: POST /api/v1/draws/preview — pool size and staff, nothing saved. */
int draw_preview_handler(zf_req *r){
  draw_new nu;
  json_t *p;
  int rc = draw_body(r, &nu);
  if( rc ) return rc;
  if( (rc = draw_preview(r->pDb, &r->who, &nu, &p, &r->err))!=0 ) return rc;
  return http_reply(r, 200, p);
}

/* ROUTE: POST /api/v1/draws — create and freeze. */
int draw_create_handler(zf_req *r){
  draw_new nu;
  int64_t id;
  int rc = draw_body(r, &nu);
  if( rc ) return rc;
  if( (rc = draw_create(r->pDb, &r->who, &nu, &id, &r->err))!=0 ) return rc;
  return http_reply(r, 201, draw_json(r->pDb, id, 1));
}

/* Path {id} as a draw inside the caller's scope. */
static int draw_lookup(zf_req *r, int64_t *pId){
  char zPath[128];
  int rc = http_path_id(r, "id", pId);
  if( rc ) return rc;
  rc = draw_region_path(r->pDb, *pId, zPath, sizeof zPath);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, "id", "抽查不存在：%lld", (long long)*pId);
  if( rc ) return rc;
  if( strncmp(zPath, r->who.zScopePath, strlen(r->who.zScopePath))!=0 ){
    return http_fail(r, ZF_ESCOPE, "id", "该抽查不在您的管辖范围内");
  }
  return ZF_OK;
}

/* ROUTE: GET /api/v1/draws/{id} */
int draw_get_handler(zf_req *r){
  int64_t id;
  int rc = draw_lookup(r, &id);
  if( rc ) return rc;
  return http_reply(r, 200, draw_json(r->pDb, id, 1));
}

/* ROUTE: POST /api/v1/draws/{id}/draw */
int draw_run_handler(zf_req *r){
  int64_t id;
  int rc = draw_lookup(r, &id);
  if( rc ) return rc;
  if( (rc = draw_run(r->pDb, &r->who, id, &r->err))!=0 ) return rc;
  return http_reply(r, 200, draw_json(r->pDb, id, 1));
}

/* ROUTE: POST /api/v1/draws/{id}/redraw */
int draw_redraw_handler(zf_req *r){
  int64_t id, newId;
  int rc = draw_lookup(r, &id);
  if( rc ) return rc;
  rc = draw_redraw(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &newId, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, draw_json(r->pDb, newId, 1));
}

/* Replies with the document as a download. */
static int draw_document_reply(zf_req *r, int64_t id, int isPublic){
  char zDisp[96];
  json_t *p = draw_document(r->pDb, id);
  if( p==0 ) return ZF_EINTERNAL;
  if( isPublic ){
    json_object_del(json_object_get(p, "draw"), "created_by");
    json_object_del(json_object_get(p, "draw"), "drawn_by");
  }
  snprintf(zDisp, sizeof zDisp, "attachment; filename=\"zhifa-draw-%lld.json\"", (long long)id);
  if( http_query(r, "download") ) http_header_add(r, "Content-Disposition", zDisp);
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/draws/{id}/document */
int draw_document_handler(zf_req *r){
  int64_t id;
  int rc = draw_lookup(r, &id);
  if( rc ) return rc;
  return draw_document_reply(r, id, 0);
}

/* A page of draw ids (newest first) matching the filters; zScope NULL =
** public (not limited to a scope). */
static int draw_page(zf_req *r, const char *zScope){
  static const char zSql[] =
    "SELECT id FROM draw WHERE region_path LIKE ?1 || '%' AND (?2 IS NULL OR status=?2)"
    " AND (?3 IS NULL OR name LIKE ?3 ESCAPE '\\') AND (?4=0 OR id<?4) ORDER BY id DESC LIMIT ?5";
  const char *zStatus = http_query(r, "status"), *zQ = http_query(r, "q");
  char zLike[200];
  int64_t cursor, aId[201], last = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, rc, n = 0, more = 0, i;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( zStatus && zStatus[0]==0 ) zStatus = 0;
  if( zStatus && strcmp(zStatus, "frozen") && strcmp(zStatus, "published") && strcmp(zStatus, "superseded") ){
    return http_fail(r, ZF_EINVAL, "status", "未知抽查状态：%.20s", zStatus);
  }
  if( zQ && zQ[0] ) text_like(zQ, zLike, sizeof zLike);
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sssii", zScope ? zScope : "/", zStatus, zQ && zQ[0] ? zLike : 0, cursor, (int64_t)limit + 1);
  while( (rc = db_step(pStmt))==1 ){
    if( n<limit ) aId[n++] = db_column_int64(pStmt, 0); else more = 1;
  }
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  pItems = json_array();
  for(i=0; i<n; i++){
    json_t *p = draw_json(r->pDb, aId[i], 0);
    if( p && zScope==0 ){            /* public: no account names */
      json_object_del(p, "created_by");
      json_object_del(p, "drawn_by");
    }
    if( p ) json_array_append_new(pItems, p);
    last = aId[i];
  }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    more ? json_sprintf("%lld", (long long)last) : json_null()));
}

/* ROUTE: GET /api/v1/draws */
int draw_list_handler(zf_req *r){
  return draw_page(r, r->who.zScopePath);
}

/* ROUTE: GET /api/v1/public/draws — every draw (frozen ones show their
** commitment before the draw: that is the point), newest first. */
int draw_public_list_handler(zf_req *r){
  return draw_page(r, 0);
}

/* Path {id} as any draw (public). */
static int draw_public_lookup(zf_req *r, int64_t *pId){
  char zPath[128];
  int rc = http_path_id(r, "id", pId);
  if( rc ) return rc;
  rc = draw_region_path(r->pDb, *pId, zPath, sizeof zPath);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, "id", "抽查不存在：%lld", (long long)*pId);
  return rc;
}

/* ROUTE: GET /api/v1/public/draws/{id} — the draw with its result. */
int draw_public_get_handler(zf_req *r){
  int64_t id;
  json_t *p;
  int rc = draw_public_lookup(r, &id);
  if( rc ) return rc;
  p = draw_json(r->pDb, id, 1);
  if( p==0 ) return ZF_EINTERNAL;
  json_object_del(p, "created_by");
  json_object_del(p, "drawn_by");
  return http_reply(r, 200, p);
}

/* ROUTE: GET /api/v1/public/draws/{id}/document — the published document. */
int draw_public_document_handler(zf_req *r){
  int64_t id;
  int rc = draw_public_lookup(r, &id);
  if( rc ) return rc;
  return draw_document_reply(r, id, 1);
}
