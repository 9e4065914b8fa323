/*
** org.c — organisation units: calendar-date helpers, the unit rules,
** create / change / void, and their HTTP handlers. Powers granted to
** streets are in org_power.c. Plan clauses 1, 2, 3, 5.
**
** Rules: a unit has a name (1–64 characters, unique in its region), a kind,
** a region inside the actor's scope (a township-level region for streets,
** 街道/镇/集聚区), an optional parent unit inside the actor's scope that is
** not voided and does not make a cycle, an optional unique code, a short
** name of at most 8 characters for document numbers, phone and address.
** Units are never deleted: a unit without staff in service and without
** active child units is voided with a reason. Every change is audited in
** its transaction with the unit's region.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "org.h"
#include "region.h"

/* ---- units --------------------------------------------------------- */

static const struct { const char *zKey, *zName; } org_kinds[] = {
  {"bureau", "局机关"}, {"brigade", "执法大队"}, {"squad", "执法中队"},
  {"street", "街道/镇/集聚区"}, {"department", "其他部门"}, {"police", "公安机关"},
  {"procuratorate", "检察机关"}, {"supervision", "纪检监察/考核"}, {0, 0}
};

const char *org_unit_kind_name(const char *zKind){
  int i;
  for(i=0; zKind && org_kinds[i].zKey; i++) if( strcmp(org_kinds[i].zKey, zKind)==0 ) return org_kinds[i].zName;
  return 0;
}

int org_unit_info(zf_db *pDb, int64_t unitId, char *zRegion, size_t nRegion,
                  char *zKind, size_t nKind){
  static const char zSql[] = "SELECT region, kind FROM unit WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", unitId);
  rc = db_step(pStmt);
  if( rc==1 ){
    if( zRegion ) snprintf(zRegion, nRegion, "%s", db_text(pStmt, 0));
    if( zKind ) snprintf(zKind, nKind, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

#define ORG_UNIT_COLS \
  "u.id, u.name, u.kind, u.region, g.name, u.parent_id, p.name, u.code, u.short_name," \
  " u.phone, u.address, u.status, u.voided_at, u.void_reason, u.created_at, u.updated_at," \
  " (SELECT count(*) FROM person x WHERE x.unit_id=u.id AND x.status='active')"
#define ORG_UNIT_NAMES \
  "id,name,kind,region,region_name,parent_id,parent_name,code,short_name," \
  "phone,address,status,voided_at,void_reason,created_at,updated_at,staff_in_service"
#define ORG_UNIT_FROM \
  " FROM unit u JOIN region g ON g.code=u.region LEFT JOIN unit p ON p.id=u.parent_id"

static json_t *org_unit_row(zf_stmt *pStmt){
  json_t *p = db_row_json(pStmt, ORG_UNIT_NAMES);
  const char *zName = org_unit_kind_name(json_string_value(json_object_get(p, "kind")));
  json_object_set_new(p, "kind_name", json_string(zName ? zName : ""));
  return p;
}

json_t *org_unit_json(zf_db *pDb, int64_t unitId){
  static const char zSql[] = "SELECT " ORG_UNIT_COLS ORG_UNIT_FROM " WHERE u.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", unitId);
  if( db_step(pStmt)==1 ) p = org_unit_row(pStmt);
  db_reset(pStmt);
  return p;
}

/* Region level of zCode into zLevel; ZF_ENOTFOUND. */
static int org_region_level(zf_db *pDb, const char *zCode, char *zLevel, size_t n){
  static const char zSql[] = "SELECT level FROM region WHERE code=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zCode);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zLevel, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* The region must exist, be in the actor's scope, and be a township for a
** street unit. */
static int org_region_check(zf_db *pDb, const zf_who *pActor, const char *zKind,
                            const char *zRegion, zf_error *e){
  char zLevel[16];
  if( zRegion==0 ) return err_set(e, ZF_EMISSING, "region", "请填写所属区划（region）");
  if( org_region_level(pDb, zRegion, zLevel, sizeof zLevel)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "region", "区划代码不存在：%.16s", zRegion);
  }
  if( pActor && !auth_in_scope(pDb, pActor, zRegion) ){
    return err_set(e, ZF_ESCOPE, "region", "区划 %.16s 不在您的管辖范围内", zRegion);
  }
  if( strcmp(zKind, "street")==0 && strcmp(zLevel, "township")!=0 ){
    return err_set(e, ZF_EINVAL, "region", "街道/镇/集聚区单位的所属区划应为乡级区划（街道、镇、集聚区）");
  }
  return ZF_OK;
}

/* The parent must exist, be active, in scope, and not be unitId or below
** it (unitId 0: a new unit). */
static int org_parent_check(zf_db *pDb, const zf_who *pActor, int64_t unitId, int64_t parentId,
                            zf_error *e){
  static const char zSql[] = "SELECT region, status, parent_id FROM unit WHERE id=?";
  int64_t cur = parentId;
  int depth, rc;
  for(depth=0; cur>0 && depth<64; depth++){
    zf_stmt *pStmt = db_stmt(pDb, zSql);
    char zRegion[16] = "", zStatus[16] = "";
    int64_t next = 0;
    if( pStmt==0 ) return ZF_EINTERNAL;
    db_bind(pStmt, "i", cur);
    rc = db_step(pStmt);
    if( rc==1 ){
      snprintf(zRegion, sizeof zRegion, "%s", db_text(pStmt, 0));
      snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 1));
      next = db_column_int64(pStmt, 2);
    }
    db_reset(pStmt);
    if( rc!=1 ) return err_set(e, ZF_EINVAL, "parent_id", "上级单位不存在：%lld", (long long)cur);
    if( cur==unitId ) return err_set(e, ZF_EINVAL, "parent_id", "上级单位不能是本单位或其下级单位");
    if( depth==0 ){
      if( strcmp(zStatus, "active")!=0 ) return err_set(e, ZF_EINVAL, "parent_id", "上级单位已撤销");
      if( pActor && !auth_in_scope(pDb, pActor, zRegion) ){
        return err_set(e, ZF_ESCOPE, "parent_id", "上级单位不在您的管辖范围内");
      }
    }
    cur = next;
  }
  return ZF_OK;
}

/* Optional text fields shared by create and patch. */
static int org_unit_fields_check(const char *zName, const char *zCode, const char *zShort,
                                 const char *zPhone, const char *zAddress, zf_error *e){
  int rc = zName ? text_check(zName, 1, 64, "name", "单位名称", e) : ZF_OK;
  if( rc==ZF_OK && zCode ) rc = text_check(zCode, 1, 32, "code", "单位代码", e);
  if( rc==ZF_OK && zShort ) rc = text_check(zShort, 1, 8, "short_name", "简称", e);
  if( rc==ZF_OK && zPhone ) rc = text_phone_check(zPhone, "phone", e);
  if( rc==ZF_OK && zAddress ) rc = text_check(zAddress, 1, 128, "address", "地址", e);
  return rc;
}

/* A UNIQUE failure on insert/update: which field is taken. */
static int org_unit_conflict(zf_db *pDb, int64_t selfId, const char *zName, const char *zRegion,
                             const char *zCode, zf_error *e){
  static const char zByCode[] = "SELECT id FROM unit WHERE code=? AND id<>?";
  static const char zByName[] = "SELECT id FROM unit WHERE region=? AND name=? AND id<>?";
  zf_stmt *pStmt;
  int hit = 0;
  if( zCode && (pStmt = db_stmt(pDb, zByCode))!=0 ){
    db_bind(pStmt, "si", zCode, selfId);
    hit = db_step(pStmt)==1;
    db_reset(pStmt);
    if( hit ) return err_set(e, ZF_ECONFLICT, "code", "单位代码 %.32s 已被其他单位使用", zCode);
  }
  if( zName && (pStmt = db_stmt(pDb, zByName))!=0 ){
    db_bind(pStmt, "ssi", zRegion, zName, selfId);
    hit = db_step(pStmt)==1;
    db_reset(pStmt);
    if( hit ) return err_set(e, ZF_ECONFLICT, "name", "该区划内已有名为“%.64s”的单位", zName);
  }
  return ZF_OK;
}

int org_unit_create(zf_db *pDb, const zf_who *pActor, const org_unit_new *pNew,
                    int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO unit(name, kind, region, parent_id, code, short_name, phone, address,"
    " status, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,'active',?,?)";
  char zNow[24];
  int rc;
  if( pNew->zName==0 ) return err_set(e, ZF_EMISSING, "name", "请填写单位名称（name）");
  if( org_unit_kind_name(pNew->zKind)==0 ){
    return err_set(e, ZF_EINVAL, "kind", "单位类型“%.20s”无效：应为 bureau、brigade、squad、street、"
                   "department、police、procuratorate 或 supervision", pNew->zKind ? pNew->zKind : "");
  }
  rc = org_unit_fields_check(pNew->zName, pNew->zCode, pNew->zShortName, pNew->zPhone,
                             pNew->zAddress, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  /* the checks that read the database run inside the write transaction */
  rc = org_region_check(pDb, pActor, pNew->zKind, pNew->zRegion, e);
  if( rc==ZF_OK && pNew->parentId ) rc = org_parent_check(pDb, pActor, 0, pNew->parentId, e);
  if( rc==ZF_OK ) rc = org_unit_conflict(pDb, 0, pNew->zName, pNew->zRegion, pNew->zCode, e);
  if( rc ){ db_rollback(pDb); return rc; }
  if( pNew->parentId ){
    rc = db_exec(pDb, zIns, "sssissssss", pNew->zName, pNew->zKind, pNew->zRegion, pNew->parentId,
                 pNew->zCode, pNew->zShortName, pNew->zPhone, pNew->zAddress, zNow, zNow);
  }else{
    rc = db_exec(pDb, zIns, "sssnssssss", pNew->zName, pNew->zKind, pNew->zRegion,
                 pNew->zCode, pNew->zShortName, pNew->zPhone, pNew->zAddress, zNow, zNow);
  }
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = audit_record(pDb, pActor ? pActor->zUsername : "cli", "unit.create", "unit", *pId,
                   pNew->zRegion, org_unit_json(pDb, *pId));
  }
  return db_finish(pDb, rc, e);
}

/* ---- HTTP: units --------------------------------------------------- */

const json_field org_unit_create_body[] = {
  {"name", JF_STRING, JF_REQUIRED, 1, 64, "单位名称", 0},
  {"kind", JF_STRING, JF_REQUIRED, 1, 20, "单位类型",
   "bureau, brigade, squad, street, department, police, procuratorate, supervision"},
  {"region", JF_STRING, JF_REQUIRED, 6, 12, "所属区划", "region code; a township for streets"},
  {"parent_id", JF_INT, JF_NULLABLE, 0, 0, "上级单位", "unit id"},
  {"code", JF_STRING, JF_NULLABLE, 1, 32, "单位代码", "e.g. the unit's credit code; unique"},
  {"short_name", JF_STRING, JF_NULLABLE, 1, 8, "简称", "used in document numbers, e.g. 青"},
  {"phone", JF_STRING, JF_NULLABLE, 7, 20, "电话", 0},
  {"address", JF_STRING, JF_NULLABLE, 1, 128, "地址", 0},
  {0}
};

const json_field org_unit_patch_body[] = {
  {"name", JF_STRING, 0, 1, 64, "单位名称", 0},
  {"region", JF_STRING, 0, 6, 12, "所属区划", 0},
  {"parent_id", JF_INT, JF_NULLABLE, 0, 0, "上级单位", "null: none"},
  {"code", JF_STRING, JF_NULLABLE, 1, 32, "单位代码", 0},
  {"short_name", JF_STRING, JF_NULLABLE, 1, 8, "简称", 0},
  {"phone", JF_STRING, JF_NULLABLE, 7, 20, "电话", 0},
  {"address", JF_STRING, JF_NULLABLE, 1, 128, "地址", 0},
  {0}
};

const json_field org_void_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 1, 200, "撤销原因", 0},
  {0}
};

/*
** ROUTE: GET /api/v1/units
** Units inside the caller's scope (by the unit's region), by id; filters
** ?kind=, ?status=active|voided, ?q= (name fragment), ?parent= (unit id);
** cursor = last id. The web app builds the tree from parent_id.
*/
int org_unit_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT " ORG_UNIT_COLS ORG_UNIT_FROM
    " WHERE g.path LIKE ? || '%' AND (? IS NULL OR u.kind=?) AND (? IS NULL OR u.status=?)"
    " AND (? IS NULL OR u.name LIKE ? ESCAPE '\\') AND (? IS NULL OR u.parent_id=?)"
    " AND u.id>? ORDER BY u.id LIMIT ?";
  const char *zKind = http_query(r, "kind"), *zStatus = http_query(r, "status");
  const char *zQ = http_query(r, "q");
  char zLike[200];
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc;
  int64_t cursor, last = 0, parent;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( (rc = http_query_id(r, "parent", &parent))!=0 ) return rc;
  if( zKind && org_unit_kind_name(zKind)==0 ) return http_fail(r, ZF_EINVAL, "kind", "未知单位类型：%.20s", zKind);
  if( zStatus && strcmp(zStatus, "active") && strcmp(zStatus, "voided") ){
    return http_fail(r, ZF_EINVAL, "status", "参数 status 应为 active 或 voided");
  }
  if( zQ && zQ[0]==0 ) zQ = 0;
  if( zQ ) text_like(zQ, zLike, sizeof zLike);
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sssssss", r->who.zScopePath, zKind, zKind, zStatus, zStatus,
          zQ ? zLike : 0, zLike);
  if( parent ){ db_bind_int64(pStmt, 8, parent); db_bind_int64(pStmt, 9, parent); }
  db_bind_int64(pStmt, 10, cursor);
  db_bind_int(pStmt, 11, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 && n<limit ){
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, org_unit_row(pStmt));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

int org_unit_lookup_or_reply(zf_req *r, const char *zParam, int64_t *pId, char *zRegion,
                             size_t nRegion){
  char zKind[24];
  int rc = http_path_id(r, zParam, pId);
  if( rc ) return rc;
  rc = org_unit_info(r->pDb, *pId, zRegion, nRegion, zKind, sizeof zKind);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, zParam, "单位不存在：%lld", (long long)*pId);
  if( rc ) return rc;
  if( !auth_in_scope(r->pDb, &r->who, zRegion) ){
    return http_fail(r, ZF_ESCOPE, zParam, "该单位不在您的管辖范围内");
  }
  return ZF_OK;
}

/*
** ROUTE: POST /api/v1/units
** Creates a unit inside the caller's scope; 201 with the UNIT.
*/
int org_unit_create_handler(zf_req *r){
  org_unit_new nu;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.zName = json_str(r->pBody, "name");
  nu.zKind = json_str(r->pBody, "kind");
  nu.zRegion = json_str(r->pBody, "region");
  nu.parentId = json_int(r->pBody, "parent_id", 0);
  nu.zCode = json_str(r->pBody, "code");
  nu.zShortName = json_str(r->pBody, "short_name");
  nu.zPhone = json_str(r->pBody, "phone");
  nu.zAddress = json_str(r->pBody, "address");
  if( json_object_get(r->pBody, "parent_id") && !json_is_null(json_object_get(r->pBody, "parent_id"))
   && nu.parentId<=0 ){
    return http_fail(r, ZF_EINVAL, "parent_id", "上级单位编号应为正整数");
  }
  rc = org_unit_create(r->pDb, &r->who, &nu, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, org_unit_json(r->pDb, id));
}

/* ROUTE: GET /api/v1/units/{id} — one UNIT, with "powers" for streets. */
int org_unit_get_handler(zf_req *r){
  char zRegion[16];
  int64_t id;
  json_t *p;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  p = org_unit_json(r->pDb, id);
  if( p==0 ) return ZF_EINTERNAL;
  if( strcmp(json_string_value(json_object_get(p, "kind")), "street")==0 ){
    char zToday[11];
    calendar_today(zToday);
    json_object_set_new(p, "powers", org_power_list_json(r->pDb, id, zToday));
  }
  return http_reply(r, 200, p);
}

/* Validates a unit PATCH against the stored unit pOld (no writes). */
static int org_unit_patch_check(zf_req *r, int64_t id, json_t *pOld){
  json_t *pParent = json_object_get(r->pBody, "parent_id");
  const char *zRegion = json_str(r->pBody, "region");
  const char *zName = json_str(r->pBody, "name");
  int rc;
  if( strcmp(json_string_value(json_object_get(pOld, "status")), "active")!=0 ){
    return http_fail(r, ZF_ECONFLICT, 0, "单位已撤销，不能修改");
  }
  rc = org_unit_fields_check(zName, json_str(r->pBody, "code"), json_str(r->pBody, "short_name"),
                             json_str(r->pBody, "phone"), json_str(r->pBody, "address"), &r->err);
  if( rc==ZF_OK && zRegion ){
    rc = org_region_check(r->pDb, &r->who, json_string_value(json_object_get(pOld, "kind")),
                          zRegion, &r->err);
  }
  if( rc==ZF_OK && pParent && !json_is_null(pParent) ){
    if( json_integer_value(pParent)<=0 ) return http_fail(r, ZF_EINVAL, "parent_id", "上级单位编号应为正整数");
    rc = org_parent_check(r->pDb, &r->who, id, json_integer_value(pParent), &r->err);
  }
  if( rc==ZF_OK ){
    rc = org_unit_conflict(r->pDb, id, zName ? zName : json_string_value(json_object_get(pOld, "name")),
           zRegion ? zRegion : json_string_value(json_object_get(pOld, "region")),
           json_str(r->pBody, "code"), &r->err);
  }
  return rc;
}

/* Writes the PATCH fields of unit id; before/after into the audit entry. */
static int org_unit_patch_write(zf_req *r, int64_t id, json_t *pOld){
  /* one static statement per column: db_stmt() caches by the text's address */
  static const char *const azText[] = {"name", "region", "code", "short_name", "phone", "address", 0};
  static const char *const azSql[] = {
    "UPDATE unit SET name=? WHERE id=?", "UPDATE unit SET region=? WHERE id=?",
    "UPDATE unit SET code=? WHERE id=?", "UPDATE unit SET short_name=? WHERE id=?",
    "UPDATE unit SET phone=? WHERE id=?", "UPDATE unit SET address=? WHERE id=?", 0
  };
  static const char zParent[] = "UPDATE unit SET parent_id=? WHERE id=?";
  json_t *pBefore = json_object(), *pAfter = json_object(), *pNew;
  char zNow[24];
  int i, rc = ZF_OK;
  for(i=0; rc==ZF_OK && azText[i]; i++){
    json_t *v = json_object_get(r->pBody, azText[i]);
    if( v==0 ) continue;
    rc = db_exec(r->pDb, azSql[i], "si", json_string_value(v), id);
    json_object_set(pBefore, azText[i], json_object_get(pOld, azText[i]));
    json_object_set(pAfter, azText[i], v);
  }
  pNew = json_object_get(r->pBody, "parent_id");
  if( rc==ZF_OK && pNew ){
    rc = json_is_null(pNew) ? db_exec(r->pDb, zParent, "ni", id)
                            : db_exec(r->pDb, zParent, "ii", (int64_t)json_integer_value(pNew), id);
    json_object_set(pBefore, "parent_id", json_object_get(pOld, "parent_id"));
    json_object_set(pAfter, "parent_id", pNew);
  }
  clock_now_iso(zNow);
  if( rc==ZF_OK ) rc = db_exec(r->pDb, "UPDATE unit SET updated_at=? WHERE id=?", "si", zNow, id);
  if( rc==ZF_OK ){
    const char *zRegion = json_str(r->pBody, "region");
    rc = audit_record(r->pDb, r->who.zUsername, "unit.update", "unit", id,
                   zRegion ? zRegion : json_string_value(json_object_get(pOld, "region")),
                   json_pack("{s:O,s:O}", "before", pBefore, "after", pAfter));
  }
  json_decref(pBefore);
  json_decref(pAfter);
  return rc;
}

/*
** ROUTE: PATCH /api/v1/units/{id}
** Changes name, region, parent, code, short name, phone, address of an
** active unit inside the caller's scope (the new region and parent too).
** Everything is checked before anything is written.
*/
int org_unit_patch_handler(zf_req *r){
  char zRegion[16];
  int64_t id;
  json_t *pOld = 0;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  if( (rc = db_begin(r->pDb))!=0 ) return rc;
  /* "before" and the checks are read under the write lock: concurrent
  ** changes are serialised and each audit entry's before is current */
  pOld = org_unit_json(r->pDb, id);
  rc = pOld ? org_unit_patch_check(r, id, pOld) : ZF_EINTERNAL;
  if( rc ){ db_rollback(r->pDb); json_decref(pOld); return rc; }
  rc = org_unit_patch_write(r, id, pOld);
  json_decref(pOld);
  if( (rc = db_finish(r->pDb, rc, &r->err))!=0 ) return rc;
  return http_reply(r, 200, org_unit_json(r->pDb, id));
}

/* Counts rows of a one-value query with one integer parameter. */
static int64_t org_count(zf_db *pDb, const char *zSql, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t n = -1;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) n = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/*
** ROUTE: POST /api/v1/units/{id}/void
** Voids (撤销) a unit with a reason. Refused while staff are in service in
** it or active units sit below it. Units are never deleted.
*/
int org_unit_void_handler(zf_req *r){
  static const char zStaff[] = "SELECT count(*) FROM person WHERE unit_id=? AND status='active'";
  static const char zKids[] = "SELECT count(*) FROM unit WHERE parent_id=? AND status='active'";
  static const char zUpd[] =
    "UPDATE unit SET status='voided', voided_at=?, void_reason=?, updated_at=? WHERE id=? AND status='active'";
  const char *zReason = json_str(r->pBody, "reason");
  char zRegion[16], zNow[24];
  int64_t id, n;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(r->pDb))!=0 ) return rc;
  if( (n = org_count(r->pDb, zStaff, id))>0 ){
    db_rollback(r->pDb);
    return http_fail(r, ZF_ECONFLICT, 0, "该单位仍有 %lld 名在岗人员，请先调整人员后再撤销", (long long)n);
  }
  if( (n = org_count(r->pDb, zKids, id))>0 ){
    db_rollback(r->pDb);
    return http_fail(r, ZF_ECONFLICT, 0, "该单位仍有 %lld 个下级单位，请先撤销或调整下级单位", (long long)n);
  }
  rc = db_exec(r->pDb, zUpd, "sssi", zNow, zReason, zNow, id);
  if( rc==ZF_OK && db_changes(r->pDb)==0 ) rc = http_fail(r, ZF_ECONFLICT, 0, "该单位已撤销");
  if( rc==ZF_OK ){
    rc = audit_record(r->pDb, r->who.zUsername, "unit.void", "unit", id, zRegion,
                   json_pack("{s:s}", "reason", zReason));
  }
  if( rc==ZF_OK ) rc = db_commit(r->pDb); else db_rollback(r->pDb);
  if( rc ) return rc;
  return http_reply(r, 200, org_unit_json(r->pDb, id));
}
