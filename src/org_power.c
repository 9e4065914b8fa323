/*
** org_power.c — powers granted to street units (授权 / 委托, plan clause
** 3: 依法赋予街道、镇、集聚区必要的监管执法权限) and the one answer to "may
** this street act on this item here on this date" (org_street_may), with
** their HTTP handlers and the org demo data.
**
** A grant names a catalog item by code (catalog_item.code, text: the
** catalog lives in its own module), kind grant/entrust, [valid_from,
** valid_to] (to open when NULL) and the granting document (文号). Two grants
** of the same item to the same unit may not be in force on the same day.
** Revocation sets revoked_from (the first day not covered), a reason, who
** and when; rows are never deleted.
*/
#include <string.h>
#include "core/clock.h"
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/log.h"
#include "org.h"

static const char *org_power_kind_name(const char *zKind){
  if( zKind && strcmp(zKind, "grant")==0 ) return "授权";
  if( zKind && strcmp(zKind, "entrust")==0 ) return "委托";
  return 0;
}

/* Item codes: 1–40 printable ASCII characters without spaces. */
static int org_item_code_check(const char *z, const char *zField, zf_error *e){
  size_t i, n = z ? strlen(z) : 0;
  if( n==0 ) return err_set(e, ZF_EMISSING, zField, "请填写执法事项编码（%s）", zField);
  for(i=0; i<n; i++) if( z[i]<=' ' || z[i]>'~' ) break;
  if( i<n || n>40 ){
    return err_set(e, ZF_EINVAL, zField, "执法事项编码“%.40s”无效：应为 1–40 个字母、数字或符号，不含空格", z);
  }
  return ZF_OK;
}

#define ORG_POWER_COLS \
  "id, unit_id, item_code, kind, valid_from, valid_to, document, note, created_by, created_at," \
  " revoked_from, revoked_at, revoked_by, revoke_reason," \
  " (valid_from<=? AND (valid_to IS NULL OR ?<=valid_to) AND (revoked_from IS NULL OR ?<revoked_from))"
#define ORG_POWER_NAMES \
  "id,unit_id,item_code,kind,valid_from,valid_to,document,note,created_by,created_at," \
  "revoked_from,revoked_at,revoked_by,revoke_reason,?in_force"

static json_t *org_power_row(zf_stmt *pStmt){
  json_t *p = db_row_json(pStmt, ORG_POWER_NAMES);
  const char *zName = org_power_kind_name(json_string_value(json_object_get(p, "kind")));
  json_object_set_new(p, "kind_name", json_string(zName ? zName : ""));
  return p;
}

json_t *org_power_list_json(zf_db *pDb, int64_t unitId, const char *zDate){
  static const char zSql[] =
    "SELECT " ORG_POWER_COLS " FROM unit_power WHERE unit_id=? ORDER BY id DESC";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  if( pStmt==0 ) return pItems;
  db_bind(pStmt, "sssi", zDate, zDate, zDate, unitId);
  while( db_step(pStmt)==1 ) json_array_append_new(pItems, org_power_row(pStmt));
  db_reset(pStmt);
  return pItems;
}

static json_t *org_power_json(zf_db *pDb, int64_t powerId){
  static const char zSql[] = "SELECT " ORG_POWER_COLS " FROM unit_power WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zToday[11];
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  calendar_today(zToday);
  db_bind(pStmt, "sssi", zToday, zToday, zToday, powerId);
  if( db_step(pStmt)==1 ) p = org_power_row(pStmt);
  db_reset(pStmt);
  return p;
}

/* Name, kind, status and region of a unit; ZF_ENOTFOUND. */
static int org_unit_brief(zf_db *pDb, int64_t unitId, char *zName, char *zKind, char *zStatus,
                          char *zRegion, char *zPath){
  static const char zSql[] =
    "SELECT u.name, u.kind, u.status, u.region, g.path FROM unit u JOIN region g ON g.code=u.region"
    " WHERE u.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", unitId);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zName, 128, "%s", db_text(pStmt, 0));
    snprintf(zKind, 24, "%s", db_text(pStmt, 1));
    snprintf(zStatus, 16, "%s", db_text(pStmt, 2));
    snprintf(zRegion, 16, "%s", db_text(pStmt, 3));
    snprintf(zPath, 128, "%s", db_text(pStmt, 4));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Checks a new grant (no writes). */
static int org_power_check(zf_db *pDb, int64_t unitId, const org_power_new *p, zf_error *e){
  static const char zOverlap[] =
    "SELECT valid_from, valid_to, document FROM unit_power WHERE unit_id=? AND item_code=?"
    " AND valid_from<=COALESCE(?, '9999-12-31') AND ?<=COALESCE(valid_to, '9999-12-31')"
    " AND (revoked_from IS NULL OR (?<revoked_from AND valid_from<revoked_from)) LIMIT 1";
  char zName[128], zKind[24], zStatus[16], zRegion[16], zPath[128];
  zf_stmt *pStmt;
  int rc = org_unit_brief(pDb, unitId, zName, zKind, zStatus, zRegion, zPath);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "id", "单位不存在：%lld", (long long)unitId);
  if( rc ) return rc;
  if( strcmp(zKind, "street")!=0 ){
    return err_set(e, ZF_EPROCEDURE, 0, "授权/委托只适用于街道、镇、集聚区单位；%s 依法直接行使职权", zName);
  }
  if( strcmp(zStatus, "active")!=0 ) return err_set(e, ZF_ECONFLICT, 0, "单位“%s”已撤销", zName);
  if( (rc = org_item_code_check(p->zItemCode, "item_code", e))!=0 ) return rc;
  if( org_power_kind_name(p->zKind)==0 ){
    return err_set(e, ZF_EINVAL, "kind", "方式“%.20s”无效：应为 grant（授权）或 entrust（委托）",
                   p->zKind ? p->zKind : "");
  }
  if( (rc = calendar_parse_date(p->zValidFrom, "valid_from", 0, e))!=0 ) return rc;
  if( p->zValidTo && (rc = calendar_parse_date(p->zValidTo, "valid_to", 0, e))!=0 ) return rc;
  if( p->zValidTo && strcmp(p->zValidTo, p->zValidFrom)<0 ){
    return err_set(e, ZF_EINVAL, "valid_to", "截止日期（valid_to）%s 早于起始日期（valid_from）%s",
                   p->zValidTo, p->zValidFrom);
  }
  if( (rc = text_check(p->zDocument, 1, 64, "document", "授权文号", e))!=0 ) return rc;
  if( p->zNote && (rc = text_check(p->zNote, 0, 200, "note", "备注", e))!=0 ) return rc;
  pStmt = db_stmt(pDb, zOverlap);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "issss", unitId, p->zItemCode, p->zValidTo, p->zValidFrom, p->zValidFrom);
  if( db_step(pStmt)==1 ){
    rc = err_set(e, ZF_ECONFLICT, "item_code", "%s已有事项 %s 的授权/委托（%s 起，%s）在该期间内有效",
                 zName, p->zItemCode, db_text(pStmt, 0), db_text(pStmt, 2));
  }
  db_reset(pStmt);
  return rc;
}

int org_power_add(zf_db *pDb, const char *zActor, int64_t unitId, const org_power_new *p,
                  int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO unit_power(unit_id, item_code, kind, valid_from, valid_to, document, note,"
    " created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?)";
  char zNow[24], zRegion[16];
  int rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  /* checked under the write lock: two grants of one item cannot overlap */
  rc = org_power_check(pDb, unitId, p, e);
  if( rc==ZF_OK ) rc = org_unit_info(pDb, unitId, zRegion, sizeof zRegion, 0, 0);
  if( rc ){ db_rollback(pDb); return e && e->rc==rc ? rc : err_set(e, rc, 0, 0); }
  rc = db_exec(pDb, zIns, "issssssss", unitId, p->zItemCode, p->zKind, p->zValidFrom, p->zValidTo,
               p->zDocument, p->zNote ? p->zNote : "", zActor ? zActor : "cli", zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = audit_record(pDb, zActor, "unit_power.grant", "unit", unitId, zRegion,
                   org_power_json(pDb, *pId));
  }
  return db_finish(pDb, rc, e);
}

int org_power_revoke(zf_db *pDb, const char *zActor, int64_t unitId, int64_t powerId,
                     const char *zDate, const char *zReason, zf_error *e){
  static const char zUpd[] =
    "UPDATE unit_power SET revoked_from=?, revoked_at=?, revoked_by=?, revoke_reason=?"
    " WHERE id=? AND unit_id=? AND revoked_from IS NULL";
  static const char zFind[] = "SELECT revoked_from FROM unit_power WHERE id=? AND unit_id=?";
  char zToday[11], zNow[24], zRegion[16];
  zf_stmt *pStmt;
  int rc;
  calendar_today(zToday);
  if( zDate==0 ) zDate = zToday;
  if( (rc = calendar_parse_date(zDate, "date", 0, e))!=0 ) return rc;
  if( (rc = text_check(zReason, 1, 200, "reason", "撤销原因", e))!=0 ) return rc;
  if( (rc = org_unit_info(pDb, unitId, zRegion, sizeof zRegion, 0, 0))!=0 ) return err_set(e, rc, "id", "单位不存在");
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  pStmt = db_stmt(pDb, zFind);
  if( pStmt==0 ){ db_rollback(pDb); return ZF_EINTERNAL; }
  db_bind(pStmt, "ii", powerId, unitId);
  rc = db_step(pStmt);
  if( rc==1 && db_column_type(pStmt, 0)!=DB_NULL ){
    rc = err_set(e, ZF_ECONFLICT, 0, "该授权/委托已于 %s 撤销", db_text(pStmt, 0));
  }else{
    rc = rc==1 ? ZF_OK : err_set(e, ZF_ENOTFOUND, "pid", "该单位没有编号为 %lld 的授权/委托", (long long)powerId);
  }
  db_reset(pStmt);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zUpd, "ssssii", zDate, zNow, zActor ? zActor : "cli", zReason, powerId, unitId);
  if( rc==ZF_OK && db_changes(pDb)==0 ) rc = ZF_ECONFLICT;
  if( rc==ZF_OK ){
    rc = audit_record(pDb, zActor, "unit_power.revoke", "unit", unitId, zRegion,
                   json_pack("{s:I,s:s,s:s}", "power_id", (json_int_t)powerId, "revoked_from", zDate,
                             "reason", zReason));
  }
  if( rc==ZF_ECONFLICT ){ db_rollback(pDb); return err_set(e, rc, 0, "该授权/委托已撤销"); }
  return db_finish(pDb, rc, e);
}

/* Why no grant of zItem (NULL: any) is in force for the unit on zDate:
** the most recent grant's story (revoked, ended, not yet), or none. */
static int org_power_refusal(zf_db *pDb, int64_t unitId, const char *zName, const char *zItem,
                             const char *zDate, zf_error *e){
  static const char zSql[] =
    "SELECT item_code, valid_from, valid_to, revoked_from, revoke_reason, document FROM unit_power"
    " WHERE unit_id=? AND (? IS NULL OR item_code=?) ORDER BY id DESC LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "iss", unitId, zItem, zItem);
  if( zItem && db_step(pStmt)==1 ){
    const char *zFrom = db_text(pStmt, 1), *zTo = db_text(pStmt, 2), *zRev = db_text(pStmt, 3);
    if( zRev[0] && strcmp(zRev, zDate)<=0 ){
      rc = err_set(e, ZF_EPROCEDURE, 0, "%s对执法事项 %s 的授权/委托（%s）已自 %s 起撤销（原因：%s），%s 无权实施",
                   zName, zItem, db_text(pStmt, 5), zRev, db_text(pStmt, 4), zDate);
    }else if( strcmp(zFrom, zDate)>0 ){
      rc = err_set(e, ZF_EPROCEDURE, 0, "%s对执法事项 %s 的授权/委托（%s）自 %s 起生效，%s 尚未生效",
                   zName, zItem, db_text(pStmt, 5), zFrom, zDate);
    }else{
      rc = err_set(e, ZF_EPROCEDURE, 0, "%s对执法事项 %s 的授权/委托（%s）已于 %s 到期，%s 无权实施",
                   zName, zItem, db_text(pStmt, 5), zTo, zDate);
    }
  }else if( zItem ){
    rc = err_set(e, ZF_EPROCEDURE, 0, "%s未获授权或委托实施执法事项 %s（%s），街道只能在授权/委托范围内执法",
                 zName, zItem, zDate);
  }else{
    rc = err_set(e, ZF_EPROCEDURE, 0, "%s在 %s 没有任何有效的授权或委托执法事项", zName, zDate);
  }
  db_reset(pStmt);
  return rc;
}

int org_street_may(zf_db *pDb, int64_t unitId, const char *zPlace, const char *zItemCode,
                   const char *zDate, zf_error *e){
  static const char zInForce[] =
    "SELECT 1 FROM unit_power WHERE unit_id=? AND (? IS NULL OR item_code=?) AND valid_from<=?"
    " AND (valid_to IS NULL OR ?<=valid_to) AND (revoked_from IS NULL OR ?<revoked_from) LIMIT 1";
  static const char zPlacePath[] = "SELECT path, name FROM region WHERE code=?";
  char zName[128], zKind[24], zStatus[16], zRegion[16], zPath[128];
  zf_stmt *pStmt;
  int rc, hit;
  if( (rc = calendar_parse_date(zDate, "date", 0, e))!=0 ) return rc;
  rc = org_unit_brief(pDb, unitId, zName, zKind, zStatus, zRegion, zPath);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "unit", "单位不存在：%lld", (long long)unitId);
  if( rc ) return err_set(e, rc, 0, 0);
  if( strcmp(zStatus, "active")!=0 ) return err_set(e, ZF_EPROCEDURE, 0, "%s已撤销，不能实施执法", zName);
  if( strcmp(zKind, "street")!=0 ) return ZF_OK;
  if( zPlace ){
    if( (pStmt = db_stmt(pDb, zPlacePath))==0 ) return ZF_EINTERNAL;
    db_bind(pStmt, "s", zPlace);
    hit = db_step(pStmt)==1;
    rc = !hit ? err_set(e, ZF_EINVAL, "place", "区划代码不存在：%.16s", zPlace)
       : strncmp(db_text(pStmt, 0), zPath, strlen(zPath))!=0
         ? err_set(e, ZF_EPROCEDURE, 0, "%s（%s）不在 %s 的辖区内，街道只能在本辖区内执法",
                   db_text(pStmt, 1), zPlace, zName) : ZF_OK;
    db_reset(pStmt);
    if( rc ) return rc;
  }
  if( zItemCode && (rc = org_item_code_check(zItemCode, "item", e))!=0 ) return rc;
  if( (pStmt = db_stmt(pDb, zInForce))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "isssss", unitId, zItemCode, zItemCode, zDate, zDate, zDate);
  hit = db_step(pStmt)==1;
  db_reset(pStmt);
  return hit ? ZF_OK : org_power_refusal(pDb, unitId, zName, zItemCode, zDate, e);
}

int org_street_may_region(zf_db *pDb, const char *zRegion, const char *zItemCode,
                          const char *zDate, zf_error *e){
  static const char zSql[] =
    "SELECT u.id FROM region p, unit u JOIN region g ON g.code=u.region"
    " WHERE p.code=? AND u.kind='street' AND u.status='active' AND p.path LIKE g.path || '%'"
    " ORDER BY length(g.path) DESC, u.id LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t unitId = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zRegion);
  if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unitId==0 ) return err_set(e, ZF_ENOTFOUND, "region", "区划 %.16s 没有对应的街道、镇、集聚区单位", zRegion);
  return org_street_may(pDb, unitId, zRegion, zItemCode, zDate, e);
}

/* ---- HTTP ---------------------------------------------------------- */

const json_field org_power_body[] = {
  {"item_code", JF_STRING, JF_REQUIRED, 1, 40, "执法事项编码", "catalog_item.code"},
  {"kind", JF_STRING, JF_REQUIRED, 1, 10, "方式", "grant (授权) or entrust (委托)"},
  {"valid_from", JF_STRING, JF_REQUIRED, 10, 10, "起始日期", "YYYY-MM-DD"},
  {"valid_to", JF_STRING, JF_NULLABLE, 10, 10, "截止日期", "YYYY-MM-DD; null: open"},
  {"document", JF_STRING, JF_REQUIRED, 1, 64, "授权文号", "e.g. 青府发〔2022〕18号"},
  {"note", JF_STRING, JF_NULLABLE, 0, 200, "备注", 0},
  {0}
};

const json_field org_revoke_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 1, 200, "撤销原因", 0},
  {"date", JF_STRING, JF_NULLABLE, 10, 10, "撤销生效日期", "YYYY-MM-DD, default today"},
  {0}
};

/* ROUTE: GET /api/v1/units/{id}/powers — the unit's grants, newest first,
** each with in_force on ?date= (default today). */
int org_power_list_handler(zf_req *r){
  const char *zDate = http_query(r, "date");
  char zRegion[16], zToday[11];
  int64_t id;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  calendar_today(zToday);
  if( zDate && (rc = calendar_parse_date(zDate, "date", 0, &r->err))!=0 ) return rc;
  return http_reply(r, 200, json_pack("{s:o,s:n}", "items",
                    org_power_list_json(r->pDb, id, zDate ? zDate : zToday), "next_cursor"));
}

/* ROUTE: POST /api/v1/units/{id}/powers — records a grant to a street
** unit; 201 with the POWER. */
int org_power_add_handler(zf_req *r){
  org_power_new p;
  char zRegion[16];
  int64_t id, pid;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  p.zItemCode = json_str(r->pBody, "item_code");
  p.zKind = json_str(r->pBody, "kind");
  p.zValidFrom = json_str(r->pBody, "valid_from");
  p.zValidTo = json_str(r->pBody, "valid_to");
  p.zDocument = json_str(r->pBody, "document");
  p.zNote = json_str(r->pBody, "note");
  rc = org_power_add(r->pDb, r->who.zUsername, id, &p, &pid, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, org_power_json(r->pDb, pid));
}

/* ROUTE: POST /api/v1/units/{id}/powers/{pid}/revoke — revokes a grant
** from ?date (default today) with a reason; 200 with the POWER. */
int org_power_revoke_handler(zf_req *r){
  char zRegion[16];
  int64_t id, pid;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc==ZF_OK ) rc = http_path_id(r, "pid", &pid);
  if( rc ) return rc;
  rc = org_power_revoke(r->pDb, r->who.zUsername, id, pid, json_str(r->pBody, "date"),
                        json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, org_power_json(r->pDb, pid));
}

/*
** ROUTE: GET /api/v1/units/{id}/may?item=&date=&place=
** org_street_may over HTTP: {"may":true} or {"may":false,"reason":"…"}.
** date defaults to today; place is a region code.
*/
int org_may_handler(zf_req *r){
  const char *zItem = http_query(r, "item"), *zDate = http_query(r, "date");
  const char *zPlace = http_query(r, "place");
  char zRegion[16], zToday[11];
  zf_error e = {0};
  int64_t id;
  int rc = org_unit_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  calendar_today(zToday);
  if( zItem && zItem[0]==0 ) zItem = 0;
  if( zPlace && zPlace[0]==0 ) zPlace = 0;
  rc = org_street_may(r->pDb, id, zPlace, zItem, zDate ? zDate : zToday, &e);
  if( rc && rc!=ZF_EPROCEDURE ){
    r->err = e;
    return rc;
  }
  return http_reply(r, 200, rc==ZF_OK
    ? json_pack("{s:b,s:I,s:s}", "may", 1, "unit_id", (json_int_t)id, "date", zDate ? zDate : zToday)
    : json_pack("{s:b,s:I,s:s,s:s}", "may", 0, "unit_id", (json_int_t)id, "date", zDate ? zDate : zToday,
                "reason", e.message));
}

/* ---- demo ---------------------------------------------------------- */

/* Catalog item codes a street may be granted: from the catalog when its
** table is present (merged branch), else placeholders. Fills az (n). */
static int org_demo_items(zf_db *pDb, char az[][41], int nMax){
  static const char *const azPlaceholder[] = {
    "AJ-JC-001", "AJ-JC-002", "AJ-CF-011", "AJ-CF-012", "AJ-CF-021", "AJ-QZ-001", 0
  };
  zf_stmt *pStmt = 0;
  int n = 0;
  /* Raw prepare on purpose: a catalog schema other than expected simply
  ** means placeholders, without an error in the log. */
  if( sqlite3_prepare_v2(db_handle(pDb),
        "SELECT DISTINCT i.code FROM catalog_item i JOIN catalog_version v ON v.id=i.version_id"
        " WHERE v.status='published' AND i.levels LIKE '%,street,%' ORDER BY i.code",
        -1, &pStmt, 0)==SQLITE_OK ){
    while( n<nMax && sqlite3_step(pStmt)==SQLITE_ROW ){
      snprintf(az[n++], 41, "%s", (const char*)db_column_text(pStmt, 0));
    }
  }
  db_finalize(pStmt);
  for(; n<nMax && azPlaceholder[n]; n++) snprintf(az[n], 41, "%s", azPlaceholder[n]);
  return n;
}

static int64_t org_demo_unit(zf_db *pDb, const char *zName){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM unit WHERE name=?");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zName);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* Codes, short names and contacts of the demo units (one transaction). */
static int org_demo_contacts(zf_db *pDb){
  static const struct { const char *zName, *zCode, *zShort, *zPhone, *zAddr; } a[] = {
    {"青云谱区应急管理局", "11360104MB1786543X", "青", "0791-85201234", "南昌市青云谱区井冈山大道1288号"},
    {"青云谱区应急管理综合行政执法大队", 0, "青", "0791-85201299", "南昌市青云谱区井冈山大道1288号"},
    {"洪都街道办事处", 0, 0, "0791-85210010", "南昌市青云谱区洪都中大道"},
    {"京山街道办事处", 0, 0, "0791-85230020", "南昌市青云谱区京山北路"},
    {"三家店街道办事处", 0, 0, "0791-85240030", "南昌市青云谱区三店西路"},
    {"岱山街道办事处", 0, 0, "0791-85250040", "南昌市青云谱区岱山东路"},
    {"徐家坊街道办事处", 0, 0, "0791-85260050", "南昌市青云谱区徐家坊路"},
    {"青云谱镇人民政府", 0, 0, "0791-85270060", "南昌市青云谱区青云谱路"},
    {"江西青云谱新经济产业集聚区管委会", 0, 0, "0791-85280070", "南昌市青云谱区昌南大道"},
    {0, 0, 0, 0, 0}
  };
  static const char zUpd[] =
    "UPDATE unit SET code=?, short_name=?, phone=?, address=?, updated_at=? WHERE name=?";
  char zNow[24];
  int i, rc = db_begin(pDb);
  clock_now_iso(zNow);
  for(i=0; rc==ZF_OK && a[i].zName; i++){
    rc = db_exec(pDb, zUpd, "ssssss", a[i].zCode, a[i].zShort, a[i].zPhone, a[i].zAddr, zNow, a[i].zName);
  }
  if( rc==ZF_OK ){
    rc = audit_record(pDb, "cli", "unit.update", "unit", 0, "360104",
                   json_pack("{s:s,s:s}", "source", "demo", "fields", "code,short_name,phone,address"));
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

int org_demo(zf_db *pDb, int scale, zf_error *e){
  /* unit, item index, kind, from, to, document, revoke-from (or NULL) */
  static const struct { const char *zUnit; int iItem; const char *zKind, *zFrom, *zTo, *zDoc, *zRevoke; } g[] = {
    {"洪都街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"洪都街道办事处", 1, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"洪都街道办事处", 2, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", 0},
    {"洪都街道办事处", 3, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", "2025-07-01"},
    {"京山街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"京山街道办事处", 2, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", 0},
    {"三家店街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"岱山街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"徐家坊街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"青云谱镇人民政府", 0, "grant", "2023-01-01", "2025-12-31", "青府发〔2022〕18号", 0},
    {"江西青云谱新经济产业集聚区管委会", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"江西青云谱新经济产业集聚区管委会", 1, "grant", "2024-01-01", 0, "青府发〔2023〕31号", 0},
    {0, 0, 0, 0, 0, 0, 0}
  };
  char azItem[6][41];
  int i, nItem, rc;
  (void)scale;
  rc = org_demo_contacts(pDb);
  if( rc ) return err_set(e, rc, 0, "无法写入演示单位信息");
  nItem = org_demo_items(pDb, azItem, 6);
  for(i=0; rc==ZF_OK && g[i].zUnit; i++){
    org_power_new p = { azItem[g[i].iItem % nItem], g[i].zKind, g[i].zFrom, g[i].zTo, g[i].zDoc,
                        "演示数据" };
    int64_t unitId = org_demo_unit(pDb, g[i].zUnit), pid;
    if( unitId==0 ) continue;
    rc = org_power_add(pDb, "cli", unitId, &p, &pid, e);
    if( rc==ZF_OK && g[i].zRevoke ){
      rc = org_power_revoke(pDb, "cli", unitId, pid, g[i].zRevoke, "职责调整，收回委托", e);
    }
  }
  if( rc ) log_error("org demo: %s", e ? e->message : "");
  return rc;
}
