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

/* ---- calendar dates ------------------------------------------------ */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t org_days(int y, int m, int d){
  int64_t era, yoe, doy, doe;
  y -= m<=2;
  era = (y>=0 ? y : y-399) / 400;
  yoe = y - era*400;
  doy = (153*(m + (m>2 ? -3 : 9)) + 2)/5 + d - 1;
  doe = yoe*365 + yoe/4 - yoe/100 + doy;
  return era*146097 + doe - 719468;
}

static void org_civil(int64_t z, char zOut[11]){
  int64_t era, doe, yoe, y, doy, mp, d, m;
  z += 719468;
  era = (z>=0 ? z : z-146096) / 146097;
  doe = z - era*146097;
  yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365;
  y = yoe + era*400;
  doy = doe - (365*yoe + yoe/4 - yoe/100);
  mp = (5*doy + 2)/153;
  d = doy - (153*mp + 2)/5 + 1;
  m = mp<10 ? mp+3 : mp-9;
  y += m<=2;
  snprintf(zOut, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* Parses a valid 'YYYY-MM-DD' into y m d; 0 when it is not one. */
static int org_date_parse(const char *z, int *y, int *m, int *d){
  static const int aDays[12] = {31,29,31,30,31,30,31,31,30,31,30,31};
  int i;
  if( z==0 || strlen(z)!=10 || z[4]!='-' || z[7]!='-' ) return 0;
  for(i=0; i<10; i++) if( i!=4 && i!=7 && !isdigit((unsigned char)z[i]) ) return 0;
  *y = atoi(z); *m = atoi(z+5); *d = atoi(z+8);
  if( *y<1900 || *y>2199 || *m<1 || *m>12 || *d<1 || *d>aDays[*m-1] ) return 0;
  if( *m==2 && *d==29 && !((*y%4==0 && *y%100!=0) || *y%400==0) ) return 0;
  return 1;
}

int calendar_parse_date(const char *z, const char *zField, 0, zf_error *e){
  int y, m, d;
  if( org_date_parse(z, &y, &m, &d) ) return ZF_OK;
  return err_set(e, ZF_EINVAL, zField, "日期“%.20s”无效，应为 YYYY-MM-DD 格式的真实日期（%s）",
                 z ? z : "", zField ? zField : "");
}

void calendar_today(char zOut[11]){
  int64_t t = clock_now() + 8*3600;
  org_civil(t>=0 ? t/86400 : (t-86399)/86400, zOut);
}

void calendar_local_date(const char *zIso, char zOut[11]){
  int y, m, d, hh = 0, mm = 0;
  char zDay[11];
  snprintf(zDay, sizeof zDay, "%.10s", zIso ? zIso : "");
  if( !org_date_parse(zDay, &y, &m, &d) || strlen(zIso)<16 || zIso[10]!='T'
   || sscanf(zIso+11, "%2d:%2d", &hh, &mm)!=2 || hh<0 || hh>23 || mm<0 || mm>59 ){
    zOut[0] = 0;
    return;
  }
  org_civil(org_days(y, m, d) + (hh + 8)/24, zOut);
}

void calendar_days_add(const char *zDate, int nDays, char zOut[11], 0){
  int y, m, d;
  if( !org_date_parse(zDate, &y, &m, &d) ){ zOut[0] = 0; return; }
  org_civil(org_days(y, m, d) + nDays, zOut);
}

int calendar_days_between(const char *zA, const char *zB){
  int ya, ma, da, yb, mb, db;
  if( !org_date_parse(zA, &ya, &ma, &da) || !org_date_parse(zB, &yb, &mb, &db) ) return 0;
  return (int)(org_days(yb, mb, db) - org_days(ya, ma, da));
}

int text_phone_check(const char *z, const char *zField, zf_error *e){
  size_t i, n = z ? strlen(z) : 0, nDigit = 0;
  for(i=0; i<n; i++){
    if( isdigit((unsigned char)z[i]) ) nDigit++;
    else if( !strchr("+- ()", z[i]) ) break;
  }
  if( i<n || n<7 || n>20 || nDigit<7 ){
    return err_set(e, ZF_EINVAL, zField, "电话号码“%.24s”无效：应为 7–20 位数字，可含 + - 空格和括号", z ? z : "");
  }
  return ZF_OK;
}

/* ---- helpers shared with staff (org.h) ----------------------------- */

json_t *db_row_json(zf_stmt *pStmt, const char *zNames){
  json_t *p = json_object();
  int i = 0;
  while( zNames && *zNames ){
    size_t n = strcspn(zNames, ",");
    char zKey[40];
    json_t *v;
    snprintf(zKey, sizeof zKey, "%.*s", (int)n, zNames);
    switch( db_column_type(pStmt, i) ){
      case DB_NULL: v = json_null(); break;
      case DB_INTEGER: v = json_integer(db_column_int64(pStmt, i)); break;
      case DB_FLOAT: v = json_real(db_column_double(pStmt, i)); break;
      default: v = json_string(db_text(pStmt, i)); break;
    }
    if( zKey[0]=='?' ){     /* "?name": a 0/1 column rendered as a boolean */
      json_object_set_new(p, zKey+1, json_boolean(json_integer_value(v)));
      json_decref(v);
    }else{
      json_object_set_new(p, zKey, v);
    }
    i++;
    zNames += n;
    if( *zNames ) zNames++;
  }
  return p;
}

int audit_record(zf_db *pDb, const char *zActor, const char *zAction, const char *zEntity,
              int64_t id, const char *zRegion, json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor ? zActor : "cli", zAction, zEntity, zId, zRegion, pChange);
  json_decref(pChange);
  return rc;
}

int http_path_id(zf_req *r, const char *zName, int64_t *pId){
  const char *z = http_param(r, zName);
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || z[0]==0 || *zEnd || *pId<=0 ){
    return http_fail(r, ZF_ENOTFOUND, zName, "记录不存在：%.20s", z ? z : "");
  }
  return ZF_OK;
}

int http_scoped_row(zf_req *r, const char *zParam, const char *zSql, const char *zWhat,
                   int (*xVisible)(zf_db*, const zf_who*, int64_t), int64_t *pId){
  zf_stmt *pStmt;
  int rc = http_path_id(r, zParam, pId), inScope = 0;
  if( rc ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", *pId);
  rc = db_step(pStmt);
  if( rc==1 ) inScope = strncmp(db_text(pStmt, 0), r->who.zScopePath, strlen(r->who.zScopePath))==0;
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 || (xVisible && !xVisible(r->pDb, &r->who, *pId)) ){
    return http_fail(r, ZF_ENOTFOUND, zParam, "%s不存在：%lld", zWhat, (long long)*pId);
  }
  if( !inScope ) return http_fail(r, ZF_ESCOPE, zParam, "该%s不在您的管辖范围内", zWhat);
  return ZF_OK;
}

int http_query_id(zf_req *r, const char *zName, int64_t *pId){
  const char *z = http_query(r, zName);
  char *zEnd;
  *pId = 0;
  if( z==0 || z[0]==0 ) return ZF_OK;
  *pId = strtoll(z, &zEnd, 10);
  if( *zEnd || *pId<=0 ) return http_fail(r, ZF_EINVAL, zName, "参数 %s 应为正整数", zName);
  return ZF_OK;
}

void text_like(const char *zIn, char *zOut, size_t n){
  size_t j = 0;
  if( n<4 ) return;
  zOut[j++] = '%';
  for(; *zIn && j+3<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}

int text_check(const char *z, size_t nMin, size_t nMax, const char *zField,
                   const char *zLabel, zf_error *e){
  size_t n = z ? json_utf8_len(z) : 0;
  if( n<nMin ) return err_set(e, nMin && !z ? ZF_EMISSING : ZF_EINVAL, zField,
                              nMin<=1 ? "请填写%s（%s）" : "%s（%s）至少需要 %zu 个字符",
                              zLabel, zField, nMin);
  if( n>nMax ) return err_set(e, ZF_EINVAL, zField, "%s（%s）不能超过 %zu 个字符", zLabel, zField, nMax);
  return ZF_OK;
}

int db_finish(zf_db *pDb, int rc, zf_error *e){
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc==ZF_ECONFLICT ) return err_set(e, rc, 0, "与现有记录重复（并发修改），请刷新后重试");
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

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
