/*
** catalog.c — the enforcement catalog (执法事项目录 / 权责清单) and the
** version life cycle shared with the checklists (plan clauses 3, 4, 12, 18).
**
** Rules (catalog.h has the vocabularies):
**   - a version is draft → published, or draft → void (with a reason);
**     published versions and their items never change (also refused by the
**     triggers of 0004_catalog.sql), except that publishing a successor
**     closes effective_to the day before the successor starts;
**   - publishing needs ≥ 1 item; effective_from not before today (the first
**     version ever published may be retroactive: it is the starting record);
**     no published version may start on or after the new one;
**   - item codes are unique inside a version, written AQ-CF-001;
**   - a penalty (行政处罚) needs its violated provision; every item needs its
**     legal basis (penalty_provision); fines only on penalties, in fen;
**   - the published catalog in force is public (GET /api/v1/public/catalog).
**
** The domain functions come first; the HTTP handlers (ROUTE: comments) at
** the end only parse, call them and render.
*/
#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "catalog.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/embed.h"
#include "core/log.h"

/* ---- vocabularies --------------------------------------------------- */

typedef struct catalog_word { const char *zKey, *zName; } catalog_word;

static const catalog_word catalog_sectors[] = {
  {"hazchem", "危化"}, {"fireworks", "烟花爆竹"}, {"industry", "工贸"},
  {"mining", "非煤矿山"}, {"general", "通用"}, {0, 0}
};
static const catalog_word catalog_kinds[] = {
  {"penalty", "行政处罚"}, {"coercion", "行政强制"}, {"inspection", "行政检查"},
  {"other", "其他"}, {0, 0}
};
static const catalog_word catalog_levels[] = {
  {"district", "区级"}, {"street", "街道"}, {0, 0}
};

static const catalog_word *catalog_word_find(const catalog_word *a, const char *z){
  for(; z && a->zKey; a++){
    if( strcmp(a->zKey, z)==0 || strcmp(a->zName, z)==0 ) return a;
  }
  return 0;
}

const char *catalog_sector_key(const char *z){
  const catalog_word *w = catalog_word_find(catalog_sectors, z);
  return w ? w->zKey : 0;
}
const char *catalog_sector_name(const char *zKey){
  const catalog_word *w = catalog_word_find(catalog_sectors, zKey);
  return w ? w->zName : "";
}
const char *catalog_kind_key(const char *z){
  const catalog_word *w = catalog_word_find(catalog_kinds, z);
  return w ? w->zKey : 0;
}
const char *catalog_kind_name(const char *zKey){
  const catalog_word *w = catalog_word_find(catalog_kinds, zKey);
  return w ? w->zName : "";
}
const char *catalog_level_key(const char *z){
  const catalog_word *w = catalog_word_find(catalog_levels, z);
  if( w==0 && z && strcmp(z, "街道（镇、集聚区）")==0 ) return "street";
  return w ? w->zKey : 0;
}

/* ---- dates and codes ----------------------------------------------- */

static int catalog_date_parse(const char *z, struct tm *pTm){
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  int y, m, d, i, dim;
  if( z==0 || strlen(z)!=10 || z[4]!='-' || z[7]!='-' ) return 0;
  for(i=0; i<10; i++) if( i!=4 && i!=7 && !isdigit((unsigned char)z[i]) ) return 0;
  y = atoi(z); m = atoi(z+5); d = atoi(z+8);
  if( y<1900 || y>2999 || m<1 || m>12 || d<1 ) return 0;
  dim = aDays[m-1] + (m==2 && ((y%4==0 && y%100!=0) || y%400==0));
  if( d>dim ) return 0;
  memset(pTm, 0, sizeof *pTm);
  pTm->tm_year = y - 1900; pTm->tm_mon = m - 1; pTm->tm_mday = d; pTm->tm_hour = 12;
  return 1;
}

int catalog_date_ok(const char *z){
  struct tm tm;
  return catalog_date_parse(z, &tm);
}

void catalog_today(char zOut[11]){
  time_t t = (time_t)(clock_now() + 8*3600);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

void catalog_date_prev(const char *zDate, char zOut[11]){
  struct tm tm;
  time_t t;
  if( !catalog_date_parse(zDate, &tm) ){ snprintf(zOut, 11, "%s", ""); return; }
  t = timegm(&tm) - 86400;
  gmtime_r(&t, &tm);
  strftime(zOut, 11, "%Y-%m-%d", &tm);
}

int catalog_code_ok(const char *z){
  size_t i, n = z ? strlen(z) : 0;
  if( n<3 || n>32 || !isupper((unsigned char)z[0]) || z[n-1]=='-' ) return 0;
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !(isupper(c) || isdigit(c) || c=='-') ) return 0;
    if( c=='-' && z[i+1]=='-' ) return 0;
  }
  return 1;
}

/* 1 when z has a character that is not white space. */
static int catalog_has_text(const char *z){
  for(; z && *z; z++) if( !isspace((unsigned char)*z) ) return 1;
  return 0;
}

/* Checks a text field: required (non-blank) or optional, length bounds. */
static int catalog_text_check(zf_error *e, const char *zField, const char *zLabel,
                              const char *z, int required, size_t nMin, size_t nMax){
  size_t n = z ? json_utf8_len(z) : 0;
  if( required && !catalog_has_text(z) ){
    return err_set(e, ZF_EINVAL, zField, "%s（%s）不能为空", zLabel, zField);
  }
  if( z && n>0 && n<nMin ){
    return err_set(e, ZF_EINVAL, zField, "%s（%s）至少需要 %zu 个字符", zLabel, zField, nMin);
  }
  if( n>nMax ) return err_set(e, ZF_EINVAL, zField, "%s（%s）不能超过 %zu 个字符", zLabel, zField, nMax);
  return ZF_OK;
}

void catalog_audit_region(zf_db *pDb, char *zOut, size_t n){
  static const char zSql[] = "SELECT value FROM setting WHERE key='deployment.root'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  zOut[0] = 0;
  if( pStmt==0 ) return;
  if( db_step(pStmt)==1 ) snprintf(zOut, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
}

/* Appends an audit entry for entity/id in the caller's transaction; frees pChange. */
static int catalog_audit(zf_db *pDb, const char *zActor, const char *zAction,
                         const char *zEntity, int64_t id, json_t *pChange){
  char zId[24], zRegion[16];
  int rc;
  catalog_audit_region(pDb, zRegion, sizeof zRegion);
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor, zAction, zEntity, zId, zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* A nullable text column as JSON. */
static json_t *catalog_col(zf_stmt *pStmt, int i){
  switch( db_column_type(pStmt, i) ){
    case DB_NULL: return json_null();
    case DB_INTEGER: return json_integer(db_column_int64(pStmt, i));
    default: return json_string(db_text(pStmt, i));
  }
}

/* ---- registers: the SQL of each versioned table ----------------------- */

static int catalog_publish_check(zf_db *pDb, int64_t id, const char *zFrom, zf_error *e);
int checklist_publish_check(zf_db *pDb, int64_t id, const char *zFrom, zf_error *e);

struct catalog_register {
  const char *zPrefix;        /* "catalog" / "checklist": audit actions and entities */
  const char *zWhat;          /* 执法事项目录 / 检查表 */
  int hasSector;
  const char *zLoad, *zInsert, *zCopy, *zUpdate, *zCount, *zEver, *zLater, *zToClose;
  const char *zClose, *zPublish, *zVoid, *zInForce, *zJson, *zList;
  int (*xPublishCheck)(zf_db*, int64_t, const char*, zf_error*);
};

#define VER_COLS(T, S) "v.id, v.name, " S ", v.effective_from, v.effective_to, v.status," \
  " v.based_on, v.notes, v.created_by, v.created_at, v.updated_at, v.published_by," \
  " v.published_at, v.superseded_by, v.voided_by, v.voided_at, v.void_reason," \
  " (SELECT count(*) FROM " T "_item i WHERE i.version_id=v.id)"

/* T: table prefix, S: sector expression ('' for the catalog), SC/SV: the
** sector column and value of the INSERT. Parameter ?1 is always the sector. */
#define VER_SQL(T, S, SC, SV) \
  "SELECT status, effective_from, " S ", name FROM " T "_version WHERE id=?2", \
  "INSERT INTO " T "_version(" SC "name, effective_from, effective_to, notes, based_on," \
  " created_by, created_at, updated_at) VALUES(" SV "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", \
  0, \
  "UPDATE " T "_version SET name=?2, effective_from=?3, effective_to=?4, notes=?5," \
  " updated_at=?6 WHERE id=?7 AND status='draft'", \
  "SELECT count(*) FROM " T "_item WHERE version_id=?2", \
  "SELECT count(*) FROM " T "_version WHERE status='published' AND " S "=?1", \
  "SELECT id, effective_from FROM " T "_version WHERE status='published' AND " S "=?1" \
  " AND effective_from>=?2 ORDER BY effective_from LIMIT 1", \
  "SELECT id, effective_to FROM " T "_version WHERE status='published' AND " S "=?1" \
  " AND effective_from<?2 AND (effective_to IS NULL OR effective_to>=?2)", \
  "UPDATE " T "_version SET effective_to=?3, superseded_by=?4 WHERE id=?2", \
  "UPDATE " T "_version SET status='published', published_by=?3, published_at=?4," \
  " updated_at=?4 WHERE id=?2 AND status='draft'", \
  "UPDATE " T "_version SET status='void', voided_by=?3, voided_at=?4, void_reason=?5," \
  " updated_at=?4 WHERE id=?2 AND status='draft'", \
  "SELECT id FROM " T "_version WHERE status='published' AND " S "=?1 AND effective_from<=?2" \
  " AND (effective_to IS NULL OR effective_to>=?2) ORDER BY effective_from DESC LIMIT 1", \
  "SELECT " VER_COLS(T, S) " FROM " T "_version v WHERE v.id=?2", \
  "SELECT " VER_COLS(T, S) " FROM " T "_version v WHERE (?1 IS NULL OR " S "=?1)" \
  " AND (?2 IS NULL OR v.status=?2) AND v.id<?3 ORDER BY v.id DESC LIMIT ?4"

const catalog_register catalog_reg_catalog = {
  "catalog", "执法事项目录", 0,
  VER_SQL("catalog", "''", "", ""),
  catalog_publish_check
};
const catalog_register catalog_reg_checklist = {
  "checklist", "检查表", 1,
  VER_SQL("checklist", "sector", "sector, ", "?1, "),
  checklist_publish_check
};

static const char catalog_copy_sql[] =
  "INSERT INTO catalog_item(version_id, code, name, kind, sectors, violated_provision,"
  " penalty_provision, levels, benchmark_code, max_fine_org, max_fine_person, notes, sort_order)"
  " SELECT ?1, code, name, kind, sectors, violated_provision, penalty_provision, levels,"
  " benchmark_code, max_fine_org, max_fine_person, notes, sort_order FROM catalog_item"
  " WHERE version_id=?2 ORDER BY sort_order, id";
static const char checklist_copy_sql[] =
  "INSERT INTO checklist_item(version_id, section, feature, key_point, content, basis,"
  " must_check, catalog_code, sort_order)"
  " SELECT ?1, section, feature, key_point, content, basis, must_check, catalog_code, sort_order"
  " FROM checklist_item WHERE version_id=?2 ORDER BY sort_order, id";

/* ---- versions --------------------------------------------------------- */

/* Loaded head of a version. */
typedef struct catalog_head { char zStatus[12], zFrom[11], zSector[16], zName[256]; } catalog_head;

static int catalog_head_load(const catalog_register *pReg, zf_db *pDb, int64_t id,
                             catalog_head *pHead){
  zf_stmt *pStmt = db_stmt(pDb, pReg->zLoad);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ni", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(pHead->zStatus, sizeof pHead->zStatus, "%s", db_text(pStmt, 0));
    snprintf(pHead->zFrom, sizeof pHead->zFrom, "%s", db_text(pStmt, 1));
    snprintf(pHead->zSector, sizeof pHead->zSector, "%s", db_text(pStmt, 2));
    snprintf(pHead->zName, sizeof pHead->zName, "%s", db_text(pStmt, 3));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int catalog_version_status(const catalog_register *pReg, zf_db *pDb, int64_t id,
                           char *zStatus, size_t n){
  catalog_head h;
  int rc = catalog_head_load(pReg, pDb, id, &h);
  if( rc==ZF_OK ) snprintf(zStatus, n, "%s", h.zStatus);
  return rc;
}

/* Loads version id and insists it is a draft: 404 / 409 naming "status". */
static int catalog_draft_or_fail(const catalog_register *pReg, zf_db *pDb, int64_t id,
                                 catalog_head *pHead, zf_error *e){
  int rc = catalog_head_load(pReg, pDb, id, pHead);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "version_id", "%s版本不存在：%lld", pReg->zWhat, (long long)id);
  if( rc ) return err_set(e, rc, 0, 0);
  if( strcmp(pHead->zStatus, "published")==0 ){
    return err_set(e, ZF_ECONFLICT, "status",
      "%s“%s”已发布，已发布的版本不能修改；如需调整，请以它为底稿新建草稿版本",
      pReg->zWhat, pHead->zName);
  }
  if( strcmp(pHead->zStatus, "draft")!=0 ){
    return err_set(e, ZF_ECONFLICT, "status", "%s“%s”已作废，不能修改", pReg->zWhat, pHead->zName);
  }
  return ZF_OK;
}

/* Checks the head fields of a version. */
static int catalog_version_check(const catalog_register *pReg, const catalog_version_in *p,
                                 zf_error *e){
  int rc = catalog_text_check(e, "name", "版本名称", p->zName, 1, 4, 200);
  if( rc ) return rc;
  if( pReg->hasSector ){
    if( p->zSector==0 ) return err_set(e, ZF_EMISSING, "sector", "缺少必填字段：行业（sector）");
    if( catalog_sector_key(p->zSector)==0 ){
      return err_set(e, ZF_EINVAL, "sector", "未知行业：%.40s（可选：危化、烟花爆竹、工贸、非煤矿山、通用）", p->zSector);
    }
  }
  if( !catalog_date_ok(p->zFrom) ){
    return err_set(e, ZF_EINVAL, "effective_from", "生效日期（effective_from）应为 YYYY-MM-DD 格式的有效日期");
  }
  if( p->zTo && !catalog_date_ok(p->zTo) ){
    return err_set(e, ZF_EINVAL, "effective_to", "失效日期（effective_to）应为 YYYY-MM-DD 格式的有效日期");
  }
  if( p->zTo && strcmp(p->zTo, p->zFrom)<0 ){
    return err_set(e, ZF_EINVAL, "effective_to", "失效日期（effective_to）不能早于生效日期 %s", p->zFrom);
  }
  return catalog_text_check(e, "notes", "说明", p->zNotes, 0, 0, 2000);
}

int catalog_version_create(const catalog_register *pReg, zf_db *pDb, const char *zActor,
                           const catalog_version_in *pIn, int64_t *pId, zf_error *e){
  const char *zSector = pReg->hasSector ? catalog_sector_key(pIn->zSector) : "";
  char zNow[24], zAction[48];
  catalog_head base;
  int rc = catalog_version_check(pReg, pIn, e);
  if( rc ) return rc;
  if( pIn->copyFrom>0 ){
    rc = catalog_head_load(pReg, pDb, pIn->copyFrom, &base);
    if( rc ) return err_set(e, rc==ZF_ENOTFOUND ? ZF_EINVAL : rc, "copy_from",
                            "作为底稿的%s版本不存在：%lld", pReg->zWhat, (long long)pIn->copyFrom);
    if( pReg->hasSector && strcmp(base.zSector, zSector)!=0 ){
      return err_set(e, ZF_EINVAL, "copy_from", "底稿版本属于“%s”行业，与新版本的行业不同",
                     catalog_sector_name(base.zSector));
    }
  }
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  if( pIn->copyFrom>0 ){
    rc = db_exec(pDb, pReg->zInsert, "sssssiss", zSector, pIn->zName, pIn->zFrom, pIn->zTo,
                 pIn->zNotes ? pIn->zNotes : "", pIn->copyFrom, zActor, zNow);
  }else{
    rc = db_exec(pDb, pReg->zInsert, "sssssnss", zSector, pIn->zName, pIn->zFrom, pIn->zTo,
                 pIn->zNotes ? pIn->zNotes : "", zActor, zNow);
  }
  if( rc==ZF_OK ) *pId = db_last_id(pDb);
  if( rc==ZF_OK && pIn->copyFrom>0 ){
    rc = db_exec(pDb, pReg->hasSector ? checklist_copy_sql : catalog_copy_sql, "ii", *pId, pIn->copyFrom);
  }
  if( rc==ZF_OK ){
    json_t *p = json_pack("{s:s,s:s,s:o,s:s}", "name", pIn->zName, "effective_from", pIn->zFrom,
      "effective_to", pIn->zTo ? json_string(pIn->zTo) : json_null(), "notes", pIn->zNotes ? pIn->zNotes : "");
    if( pReg->hasSector ) json_object_set_new(p, "sector", json_string(zSector));
    if( pIn->copyFrom>0 ) json_object_set_new(p, "copy_from", json_integer(pIn->copyFrom));
    snprintf(zAction, sizeof zAction, "%s.version.create", pReg->zPrefix);
    rc = catalog_audit(pDb, zActor, zAction, pReg->hasSector ? "checklist_version" : "catalog_version", *pId, p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int catalog_version_update(const catalog_register *pReg, zf_db *pDb, const char *zActor,
                           int64_t id, const catalog_version_in *pIn, zf_error *e){
  char zNow[24], zAction[48];
  catalog_head h;
  json_t *pBefore;
  int rc = catalog_draft_or_fail(pReg, pDb, id, &h, e);
  if( rc ) return rc;
  rc = catalog_version_check(pReg, pIn, e);
  if( rc ) return rc;
  if( pReg->hasSector && strcmp(catalog_sector_key(pIn->zSector), h.zSector)!=0 ){
    return err_set(e, ZF_EINVAL, "sector", "检查表的行业不能修改；请为新行业新建检查表");
  }
  pBefore = catalog_version_json(pReg, pDb, id);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, pReg->zUpdate, "nsssssi", pIn->zName, pIn->zFrom, pIn->zTo,
                 pIn->zNotes ? pIn->zNotes : "", zNow, id);
    if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = ZF_ECONFLICT;
  }
  if( rc==ZF_OK ){
    json_t *p = json_pack("{s:{s:O,s:O,s:O,s:O},s:{s:s,s:s,s:o,s:s}}",
      "before", "name", json_object_get(pBefore, "name"),
      "effective_from", json_object_get(pBefore, "effective_from"),
      "effective_to", json_object_get(pBefore, "effective_to"), "notes", json_object_get(pBefore, "notes"),
      "after", "name", pIn->zName, "effective_from", pIn->zFrom,
      "effective_to", pIn->zTo ? json_string(pIn->zTo) : json_null(), "notes", pIn->zNotes ? pIn->zNotes : "");
    snprintf(zAction, sizeof zAction, "%s.version.update", pReg->zPrefix);
    rc = catalog_audit(pDb, zActor, zAction, pReg->hasSector ? "checklist_version" : "catalog_version", id, p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  json_decref(pBefore);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* The publishing rules that read the database; no writes. */
static int catalog_publish_rules(const catalog_register *pReg, zf_db *pDb, int64_t id,
                                 const catalog_head *pH, zf_error *e){
  zf_stmt *pStmt;
  char zToday[11];
  int64_t nItem = 0, nEver = 0;
  int rc;
  pStmt = db_stmt(pDb, pReg->zCount);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ni", id);
  if( db_step(pStmt)==1 ) nItem = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( nItem==0 ) return err_set(e, ZF_EPROCEDURE, "items", "%s“%s”没有任何事项，不能发布", pReg->zWhat, pH->zName);
  pStmt = db_stmt(pDb, pReg->zEver);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", pH->zSector);
  if( db_step(pStmt)==1 ) nEver = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  catalog_today(zToday);
  if( nEver>0 && strcmp(pH->zFrom, zToday)<0 ){
    return err_set(e, ZF_EPROCEDURE, "effective_from",
      "生效日期 %s 早于今天（%s）：已发布的版本不能溯及既往，请改为今天或以后的日期", pH->zFrom, zToday);
  }
  pStmt = db_stmt(pDb, pReg->zLater);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ss", pH->zSector, pH->zFrom);
  rc = db_step(pStmt);
  if( rc==1 ){
    char zOther[11];
    snprintf(zOther, sizeof zOther, "%s", db_text(pStmt, 1));
    db_reset(pStmt);
    return err_set(e, ZF_ECONFLICT, "effective_from",
      "已有自 %s 起生效的已发布版本，新版本的生效日期须晚于它", zOther);
  }
  db_reset(pStmt);
  return pReg->xPublishCheck ? pReg->xPublishCheck(pDb, id, pH->zFrom, e) : ZF_OK;
}

/* Closes the versions the new one succeeds; inside the transaction. */
static int catalog_publish_close(const catalog_register *pReg, zf_db *pDb, const char *zActor,
                                 int64_t id, const catalog_head *pH){
  zf_stmt *pStmt = db_stmt(pDb, pReg->zToClose);
  int64_t aId[16];
  char zPrev[11], zAction[48];
  int i, n = 0, rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ss", pH->zSector, pH->zFrom);
  while( (rc = db_step(pStmt))==1 && n<16 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  catalog_date_prev(pH->zFrom, zPrev);
  snprintf(zAction, sizeof zAction, "%s.version.close", pReg->zPrefix);
  for(i=0, rc=ZF_OK; rc==ZF_OK && i<n; i++){
    rc = db_exec(pDb, pReg->zClose, "nisi", aId[i], zPrev, id);
    if( rc==ZF_OK ){
      rc = catalog_audit(pDb, zActor, zAction, pReg->hasSector ? "checklist_version" : "catalog_version",
                         aId[i], json_pack("{s:s,s:I}", "effective_to", zPrev, "superseded_by", (json_int_t)id));
    }
  }
  return rc;
}

int catalog_version_publish(const catalog_register *pReg, zf_db *pDb, const char *zActor,
                            int64_t id, zf_error *e){
  char zNow[24], zAction[48];
  catalog_head h;
  int rc = catalog_draft_or_fail(pReg, pDb, id, &h, e);
  if( rc ) return rc;
  rc = catalog_publish_rules(pReg, pDb, id, &h, e);
  if( rc ) return e && e->rc ? rc : err_set(e, rc, 0, 0);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = catalog_publish_close(pReg, pDb, zActor, id, &h);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, pReg->zPublish, "niss", id, zActor, zNow);
    if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = ZF_ECONFLICT;
  }
  if( rc==ZF_OK ){
    snprintf(zAction, sizeof zAction, "%s.version.publish", pReg->zPrefix);
    rc = catalog_audit(pDb, zActor, zAction, pReg->hasSector ? "checklist_version" : "catalog_version", id,
                       json_pack("{s:s,s:s}", "name", h.zName, "effective_from", h.zFrom));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int catalog_version_void(const catalog_register *pReg, zf_db *pDb, const char *zActor,
                         int64_t id, const char *zReason, zf_error *e){
  char zNow[24], zAction[48];
  catalog_head h;
  int rc = catalog_draft_or_fail(pReg, pDb, id, &h, e);
  if( rc ) return rc;
  rc = catalog_text_check(e, "reason", "作废理由", zReason, 1, 2, 500);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, pReg->zVoid, "nisss", id, zActor, zNow, zReason);
  if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = ZF_ECONFLICT;
  if( rc==ZF_OK ){
    snprintf(zAction, sizeof zAction, "%s.version.void", pReg->zPrefix);
    rc = catalog_audit(pDb, zActor, zAction, pReg->hasSector ? "checklist_version" : "catalog_version", id,
                       json_pack("{s:s}", "reason", zReason));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int catalog_version_in_force(const catalog_register *pReg, zf_db *pDb, const char *zSector,
                             const char *zDate, int64_t *pId){
  zf_stmt *pStmt = db_stmt(pDb, pReg->zInForce);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ss", pReg->hasSector ? (zSector ? zSector : "") : "", zDate);
  rc = db_step(pStmt);
  if( rc==1 ) *pId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

static const char *catalog_status_name(const char *z){
  if( strcmp(z, "draft")==0 ) return "草稿";
  if( strcmp(z, "published")==0 ) return "已发布";
  return "已作废";
}

/* VERSION JSON from a row of VER_COLS. */
static json_t *catalog_version_row(const catalog_register *pReg, zf_stmt *pStmt){
  static const char *azName[] = {"id", "name", "sector", "effective_from", "effective_to",
    "status", "based_on", "notes", "created_by", "created_at", "updated_at", "published_by",
    "published_at", "superseded_by", "voided_by", "voided_at", "void_reason", "item_count"};
  json_t *p = json_object();
  char zToday[11];
  const char *zFrom, *zTo;
  int i;
  for(i=0; i<18; i++){
    if( i==2 && !pReg->hasSector ) continue;
    json_object_set_new(p, azName[i], catalog_col(pStmt, i));
  }
  if( db_column_int64(pStmt, 6)==0 ) json_object_set_new(p, "based_on", json_null());
  if( pReg->hasSector ) json_object_set_new(p, "sector_name", json_string(catalog_sector_name(db_text(pStmt, 2))));
  json_object_set_new(p, "status_name", json_string(catalog_status_name(db_text(pStmt, 5))));
  catalog_today(zToday);
  zFrom = db_text(pStmt, 3);
  zTo = db_column_type(pStmt, 4)==DB_NULL ? 0 : db_text(pStmt, 4);
  json_object_set_new(p, "in_force", json_boolean(strcmp(db_text(pStmt, 5), "published")==0
    && strcmp(zFrom, zToday)<=0 && (zTo==0 || strcmp(zTo, zToday)>=0)));
  return p;
}

json_t *catalog_version_json(const catalog_register *pReg, zf_db *pDb, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, pReg->zJson);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "ni", id);
  if( db_step(pStmt)==1 ) p = catalog_version_row(pReg, pStmt);
  db_reset(pStmt);
  return p;
}

void catalog_version_from_json(json_t *pBody, catalog_version_in *pIn){
  memset(pIn, 0, sizeof *pIn);
  pIn->zName = json_str(pBody, "name");
  pIn->zSector = json_str(pBody, "sector");
  pIn->zFrom = json_str(pBody, "effective_from");
  pIn->zTo = json_str(pBody, "effective_to");
  pIn->zNotes = json_str(pBody, "notes");
  pIn->copyFrom = json_int(pBody, "copy_from", 0);
}

/* Lists versions newest first: ?status=, ?sector= (checklists), cursor = last id. */
int catalog_version_list_reply(const catalog_register *pReg, zf_req *r){
  const char *zStatus = http_query(r, "status"), *zSector = http_query(r, "sector");
  const char *zKey = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc;
  int64_t cursor, last = 0;
  rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  if( zStatus && strcmp(zStatus, "draft") && strcmp(zStatus, "published") && strcmp(zStatus, "void") ){
    return http_fail(r, ZF_EINVAL, "status", "参数 status 应为 draft、published 或 void");
  }
  if( zSector && pReg->hasSector && (zKey = catalog_sector_key(zSector))==0 ){
    return http_fail(r, ZF_EINVAL, "sector", "未知行业：%.40s", zSector);
  }
  pStmt = db_stmt(r->pDb, pReg->zList);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ssii", zKey, zStatus, cursor>0 ? cursor : INT64_MAX, (int64_t)limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, catalog_version_row(pReg, pStmt));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

/* Reads the path parameter zParam as a version id that exists: 404 otherwise. */
int catalog_version_id_or_reply(const catalog_register *pReg, zf_req *r, const char *zParam,
                                int64_t *pId){
  const char *z = http_param(r, zParam);
  catalog_head h;
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || *zEnd || *pId<=0 || catalog_head_load(pReg, r->pDb, *pId, &h)!=ZF_OK ){
    return http_fail(r, ZF_ENOTFOUND, zParam, "%s版本不存在：%.20s", pReg->zWhat, z ? z : "");
  }
  return ZF_OK;
}

/* ---- catalog items ------------------------------------------------------ */

#define ITEM_COLS "id, version_id, code, name, kind, sectors, violated_provision," \
  " penalty_provision, levels, benchmark_code, max_fine_org, max_fine_person, notes, sort_order"

/* Splits ",a,b," into a JSON array of keys and one of names (xName may be NULL). */
static json_t *catalog_split(const char *z, const char *(*xName)(const char*), json_t **ppNames){
  json_t *p = json_array();
  char zBuf[160];
  char *zTok, *zSave = 0;
  if( ppNames ) *ppNames = json_array();
  snprintf(zBuf, sizeof zBuf, "%s", z);
  for(zTok=strtok_r(zBuf, ",", &zSave); zTok; zTok=strtok_r(0, ",", &zSave)){
    json_array_append_new(p, json_string(zTok));
    if( ppNames && xName ) json_array_append_new(*ppNames, json_string(xName(zTok)));
  }
  return p;
}

static const char *catalog_level_name(const char *z){
  const catalog_word *w = catalog_word_find(catalog_levels, z);
  return w ? w->zName : "";
}

/* ITEM JSON from a row of ITEM_COLS. */
static json_t *catalog_item_row(zf_stmt *pStmt){
  json_t *pSectorNames, *pLevelNames;
  json_t *pSectors = catalog_split(db_text(pStmt, 5), catalog_sector_name, &pSectorNames);
  json_t *pLevels = catalog_split(db_text(pStmt, 8), catalog_level_name, &pLevelNames);
  json_t *p = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:o,s:s,s:I}",
    "id", (json_int_t)db_column_int64(pStmt, 0),
    "version_id", (json_int_t)db_column_int64(pStmt, 1),
    "code", db_text(pStmt, 2), "name", db_text(pStmt, 3),
    "kind", db_text(pStmt, 4), "kind_name", catalog_kind_name(db_text(pStmt, 4)),
    "sectors", pSectors, "sector_names", pSectorNames,
    "violated_provision", db_text(pStmt, 6), "penalty_provision", db_text(pStmt, 7),
    "levels", pLevels, "level_names", pLevelNames,
    "street", strstr(db_text(pStmt, 8), ",street,")!=0,
    "benchmark_code", catalog_col(pStmt, 9), "max_fine_org", catalog_col(pStmt, 10),
    "max_fine_person", catalog_col(pStmt, 11), "notes", db_text(pStmt, 12),
    "sort_order", (json_int_t)db_column_int64(pStmt, 13));
  return p;
}

json_t *catalog_item_json(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT " ITEM_COLS " FROM catalog_item WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = catalog_item_row(pStmt);
  db_reset(pStmt);
  return p;
}

/* Copies up to nMax strings of JSON array pArr into az; returns the count
** or -1 when there are more than nMax. */
static int catalog_strings(json_t *pArr, const char **az, int nMax){
  size_t i;
  if( json_array_size(pArr)>(size_t)nMax ) return -1;
  for(i=0; i<json_array_size(pArr); i++) az[i] = json_string_value(json_array_get(pArr, i));
  return (int)json_array_size(pArr);
}

int catalog_item_from_json(json_t *pObj, catalog_item_in *pIn, zf_error *e){
  json_t *v;
  memset(pIn, 0, sizeof *pIn);
  pIn->zCode = json_str(pObj, "code");
  pIn->zName = json_str(pObj, "name");
  pIn->zKind = json_str(pObj, "kind");
  pIn->nSector = catalog_strings(json_object_get(pObj, "sectors"), pIn->azSector, CATALOG_MAX_SECTOR);
  if( pIn->nSector<0 ) return err_set(e, ZF_EINVAL, "sectors", "适用行业（sectors）不能超过 %d 项", CATALOG_MAX_SECTOR);
  pIn->zViolated = json_str(pObj, "violated_provision");
  pIn->zPenalty = json_str(pObj, "penalty_provision");
  pIn->nLevel = catalog_strings(json_object_get(pObj, "levels"), pIn->azLevel, CATALOG_MAX_LEVEL);
  if( pIn->nLevel<0 ) return err_set(e, ZF_EINVAL, "levels", "行使层级（levels）不能超过 %d 项", CATALOG_MAX_LEVEL);
  pIn->zBenchmark = json_str(pObj, "benchmark_code");
  if( pIn->zBenchmark && pIn->zBenchmark[0]==0 ) pIn->zBenchmark = 0;
  v = json_object_get(pObj, "max_fine_org");
  pIn->maxFineOrg = json_is_integer(v) ? json_integer_value(v) : -1;
  v = json_object_get(pObj, "max_fine_person");
  pIn->maxFinePerson = json_is_integer(v) ? json_integer_value(v) : -1;
  pIn->zNotes = json_str(pObj, "notes");
  pIn->sortOrder = json_int(pObj, "sort_order", -1);
  return ZF_OK;
}

/* Joins the canonical keys of az (via xKey) as ",a,b,"; checks repeats. */
static int catalog_join(const char *const *az, int n, const char *(*xKey)(const char*),
                        const char *zField, const char *zLabel, char *zOut, size_t nOut,
                        zf_error *e){
  int i;
  if( n<=0 ) return err_set(e, ZF_EINVAL, zField, "%s（%s）至少需要一项", zLabel, zField);
  snprintf(zOut, nOut, ",");
  for(i=0; i<n; i++){
    const char *zKey = xKey(az[i]);
    char zWrap[40];
    if( zKey==0 ) return err_set(e, ZF_EINVAL, zField, "%s（%s）中有未知的值：%.40s", zLabel, zField, az[i]);
    snprintf(zWrap, sizeof zWrap, ",%s,", zKey);
    if( strstr(zOut, zWrap) ) return err_set(e, ZF_EINVAL, zField, "%s（%s）重复：%.40s", zLabel, zField, az[i]);
    strncat(zOut, zKey, nOut - strlen(zOut) - 1);
    strncat(zOut, ",", nOut - strlen(zOut) - 1);
  }
  return ZF_OK;
}

int catalog_benchmark_check(zf_db *pDb, const char *zCode, zf_error *e){
  static const char zSql[] =
    "SELECT 1 FROM benchmark WHERE code=? AND status IN ('published','superseded','draft') LIMIT 1";
  zf_stmt *pStmt;
  int rc;
  if( !catalog_code_ok(zCode) ){
    return err_set(e, ZF_EINVAL, "benchmark_code",
      "裁量基准编码（benchmark_code）格式不正确：%.40s（应为大写字母、数字和连字符，如 AQF-097-4）", zCode);
  }
  /* the benchmark must exist in the rules module (any live version) */
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "s", zCode);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ){
    return err_set(e, ZF_EINVAL, "benchmark_code",
      "裁量基准 %.40s 不存在，请先在“裁量基准”中录入", zCode);
  }
  return ZF_OK;
}

#define CATALOG_MAX_FINE 100000000000LL   /* 10 亿元 in fen: a typo guard, not a legal number */

int catalog_item_check(zf_db *pDb, const catalog_item_in *p, zf_error *e){
  char zBuf[80];
  const char *zKind;
  int rc;
  if( p->zCode==0 ) return err_set(e, ZF_EMISSING, "code", "缺少必填字段：事项编码（code）");
  if( !catalog_code_ok(p->zCode) ){
    return err_set(e, ZF_EINVAL, "code", "事项编码（code）应为 3–32 位大写字母、数字和连字符，以字母开头，如 AQ-CF-001");
  }
  if( (rc = catalog_text_check(e, "name", "事项名称", p->zName, 1, 2, 300))!=0 ) return rc;
  if( p->zKind==0 ) return err_set(e, ZF_EMISSING, "kind", "缺少必填字段：事项类型（kind）");
  zKind = catalog_kind_key(p->zKind);
  if( zKind==0 ) return err_set(e, ZF_EINVAL, "kind", "事项类型（kind）应为 行政处罚、行政强制、行政检查 或 其他：%.40s", p->zKind);
  rc = catalog_join(p->azSector, p->nSector, catalog_sector_key, "sectors", "适用行业", zBuf, sizeof zBuf, e);
  if( rc ) return rc;
  rc = catalog_text_check(e, "violated_provision", "违法条款", p->zViolated, strcmp(zKind, "penalty")==0, 2, 1000);
  if( rc ) return rc;
  rc = catalog_text_check(e, "penalty_provision", "处罚（实施）依据", p->zPenalty, 1, 2, 1000);
  if( rc ) return rc;
  rc = catalog_join(p->azLevel, p->nLevel, catalog_level_key, "levels", "行使层级", zBuf, sizeof zBuf, e);
  if( rc ) return rc;
  if( p->zBenchmark && (rc = catalog_benchmark_check(pDb, p->zBenchmark, e))!=0 ) return rc;
  if( p->maxFineOrg>=0 || p->maxFinePerson>=0 ){
    const char *zF = p->maxFineOrg>=0 ? "max_fine_org" : "max_fine_person";
    if( strcmp(zKind, "penalty")!=0 ) return err_set(e, ZF_EINVAL, zF, "只有行政处罚事项可以填写罚款上限（%s）", zF);
  }
  if( p->maxFineOrg>CATALOG_MAX_FINE ) return err_set(e, ZF_EINVAL, "max_fine_org", "单位罚款上限（max_fine_org，单位：分）过大");
  if( p->maxFinePerson>CATALOG_MAX_FINE ) return err_set(e, ZF_EINVAL, "max_fine_person", "个人罚款上限（max_fine_person，单位：分）过大");
  if( p->maxFineOrg<-1 ) return err_set(e, ZF_EINVAL, "max_fine_org", "单位罚款上限（max_fine_org）不能为负数");
  if( p->maxFinePerson<-1 ) return err_set(e, ZF_EINVAL, "max_fine_person", "个人罚款上限（max_fine_person）不能为负数");
  return catalog_text_check(e, "notes", "备注", p->zNotes, 0, 0, 2000);
}

/* Binds the columns of an item (2..13) on pStmt, after ?1. */
static int catalog_item_exec(zf_db *pDb, const char *zSql, int64_t first, const catalog_item_in *p){
  char zSectors[80], zLevels[40];
  zf_error e;
  catalog_join(p->azSector, p->nSector, catalog_sector_key, "sectors", "", zSectors, sizeof zSectors, &e);
  catalog_join(p->azLevel, p->nLevel, catalog_level_key, "levels", "", zLevels, sizeof zLevels, &e);
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "isssssssss", first, p->zCode, p->zName, catalog_kind_key(p->zKind), zSectors,
          p->zViolated ? p->zViolated : "", p->zPenalty, zLevels, p->zBenchmark, p->zNotes ? p->zNotes : "");
  if( p->maxFineOrg>=0 ) db_bind_int64(pStmt, 11, p->maxFineOrg);
  if( p->maxFinePerson>=0 ) db_bind_int64(pStmt, 12, p->maxFinePerson);
  if( p->sortOrder>=0 ) db_bind_int64(pStmt, 13, p->sortOrder);
  rc = db_step(pStmt);
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* 1 when another item of version v has code zCode. */
static int catalog_code_taken(zf_db *pDb, int64_t v, const char *zCode, int64_t exceptId){
  static const char zSql[] = "SELECT 1 FROM catalog_item WHERE version_id=? AND code=? AND id<>?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "isi", v, zCode, exceptId);
  rc = db_step(pStmt);
  db_reset(pStmt);
  return rc==1;
}

/* Adds an item inside the caller's transaction (no audit). */
static int catalog_item_insert(zf_db *pDb, int64_t versionId, const catalog_item_in *p, int64_t *pId){
  static const char zIns[] =
    "INSERT INTO catalog_item(version_id, code, name, kind, sectors, violated_provision,"
    " penalty_provision, levels, benchmark_code, notes, max_fine_org, max_fine_person, sort_order)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
    " COALESCE(?13, (SELECT COALESCE(max(sort_order),0)+10 FROM catalog_item WHERE version_id=?1)))";
  int rc = catalog_item_exec(pDb, zIns, versionId, p);
  if( rc==ZF_OK && pId ) *pId = db_last_id(pDb);
  return rc;
}

int catalog_item_add(zf_db *pDb, const char *zActor, int64_t versionId,
                     const catalog_item_in *pIn, int64_t *pId, zf_error *e){
  catalog_head h;
  int rc = catalog_draft_or_fail(&catalog_reg_catalog, pDb, versionId, &h, e);
  if( rc ) return rc;
  rc = catalog_item_check(pDb, pIn, e);
  if( rc ) return rc;
  if( catalog_code_taken(pDb, versionId, pIn->zCode, 0) ){
    return err_set(e, ZF_ECONFLICT, "code", "事项编码 %s 在本版本中已存在", pIn->zCode);
  }
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = catalog_item_insert(pDb, versionId, pIn, pId);
  if( rc==ZF_OK ){
    rc = catalog_audit(pDb, zActor, "catalog.item.create", "catalog_item", *pId, catalog_item_json(pDb, *pId));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc==ZF_ECONFLICT ) return err_set(e, rc, "code", "事项编码 %s 在本版本中已存在", pIn->zCode);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* Version of item id; ZF_ENOTFOUND. */
static int catalog_item_version(zf_db *pDb, int64_t id, int64_t *pVersion){
  static const char zSql[] = "SELECT version_id FROM catalog_item WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) *pVersion = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int catalog_item_update(zf_db *pDb, const char *zActor, int64_t id,
                        const catalog_item_in *pIn, zf_error *e){
  static const char zUpd[] =
    "UPDATE catalog_item SET code=?2, name=?3, kind=?4, sectors=?5, violated_provision=?6,"
    " penalty_provision=?7, levels=?8, benchmark_code=?9, notes=?10, max_fine_org=?11,"
    " max_fine_person=?12, sort_order=COALESCE(?13, sort_order) WHERE id=?1";
  catalog_head h;
  int64_t v;
  json_t *pBefore;
  int rc = catalog_item_version(pDb, id, &v);
  if( rc ) return err_set(e, rc, "id", "执法事项不存在：%lld", (long long)id);
  rc = catalog_draft_or_fail(&catalog_reg_catalog, pDb, v, &h, e);
  if( rc ) return rc;
  rc = catalog_item_check(pDb, pIn, e);
  if( rc ) return rc;
  if( catalog_code_taken(pDb, v, pIn->zCode, id) ){
    return err_set(e, ZF_ECONFLICT, "code", "事项编码 %s 在本版本中已存在", pIn->zCode);
  }
  pBefore = catalog_item_json(pDb, id);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = catalog_item_exec(pDb, zUpd, id, pIn);
  if( rc==ZF_OK ){
    rc = catalog_audit(pDb, zActor, "catalog.item.update", "catalog_item", id,
                       json_pack("{s:O,s:o}", "before", pBefore, "after", catalog_item_json(pDb, id)));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  json_decref(pBefore);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int catalog_item_remove(zf_db *pDb, const char *zActor, int64_t id, zf_error *e){
  static const char zDel[] = "DELETE FROM catalog_item WHERE id=?";
  catalog_head h;
  int64_t v;
  json_t *pBefore;
  int rc = catalog_item_version(pDb, id, &v);
  if( rc ) return err_set(e, rc, "id", "执法事项不存在：%lld", (long long)id);
  rc = catalog_draft_or_fail(&catalog_reg_catalog, pDb, v, &h, e);
  if( rc ) return rc;
  pBefore = catalog_item_json(pDb, id);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = db_exec(pDb, zDel, "i", id);
  if( rc==ZF_OK ){
    rc = catalog_audit(pDb, zActor, "catalog.item.remove", "catalog_item", id,
                       json_pack("{s:O}", "before", pBefore));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  json_decref(pBefore);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int catalog_code_in_force(zf_db *pDb, const char *zDate, const char *zCode,
                          int64_t *pItemId, int *pStreet){
  static const char zSql[] = "SELECT id, levels FROM catalog_item WHERE version_id=? AND code=?";
  zf_stmt *pStmt;
  int64_t v;
  int rc = catalog_version_in_force(&catalog_reg_catalog, pDb, 0, zDate, &v);
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "is", v, zCode);
  rc = db_step(pStmt);
  if( rc==1 ){
    if( pItemId ) *pItemId = db_column_int64(pStmt, 0);
    if( pStreet ) *pStreet = strstr(db_text(pStmt, 1), ",street,")!=0;
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Publish check of the catalog: every benchmark code still passes. */
static int catalog_publish_check(zf_db *pDb, int64_t id, const char *zFrom, zf_error *e){
  static const char zSql[] =
    "SELECT code, benchmark_code FROM catalog_item WHERE version_id=? AND benchmark_code IS NOT NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc = ZF_OK;
  (void)zFrom;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  while( rc==ZF_OK && db_step(pStmt)==1 ){
    rc = catalog_benchmark_check(pDb, db_text(pStmt, 1), e);
    if( rc && e ){
      char zMsg[256];
      snprintf(zMsg, sizeof zMsg, "事项 %.32s：%.200s", db_text(pStmt, 0), e->message);
      snprintf(e->message, sizeof e->message, "%s", zMsg);
    }
  }
  db_reset(pStmt);
  return rc;
}

/* ---- the starter catalog (ref/catalog-starter.csv) ------------------- */

typedef struct catalog_csv {
  char **azField;
  int nField, iField, iRow, rc;
  int (*xRow)(void*, char**, int, zf_error*);
  void *pArg;
  zf_error *e;
} catalog_csv;

static void catalog_csv_field(void *s, size_t n, void *pArg){
  catalog_csv *p = pArg;
  if( p->iField<p->nField ){
    free(p->azField[p->iField]);
    p->azField[p->iField] = strndup(s ? (const char*)s : "", n);
  }
  p->iField++;
}

static void catalog_csv_row(int c, void *pArg){
  catalog_csv *p = pArg;
  int i;
  (void)c;
  if( p->iRow>0 && p->rc==ZF_OK ){
    for(i=p->iField; i<p->nField; i++){ free(p->azField[i]); p->azField[i] = strdup(""); }
    p->rc = p->xRow(p->pArg, p->azField, p->iRow, p->e);
  }
  p->iRow++;
  p->iField = 0;
}

int catalog_csv_each(const char *zName, int nField,
                     int (*xRow)(void *pArg, char **azField, int iRow, zf_error *e),
                     void *pArg, zf_error *e){
  const zf_asset *pCsv = embed_find(zf_ref_assets, zf_ref_nassets, zName);
  struct csv_parser csv;
  catalog_csv p;
  int i;
  if( pCsv==0 ) return err_set(e, ZF_EINTERNAL, 0, "缺少内置数据文件 %s", zName);
  memset(&p, 0, sizeof p);
  p.azField = calloc((size_t)nField, sizeof(char*));
  if( p.azField==0 ) return ZF_EINTERNAL;
  p.nField = nField; p.xRow = xRow; p.pArg = pArg; p.e = e;
  if( csv_init(&csv, CSV_STRICT | CSV_APPEND_NULL)!=0 ){ free(p.azField); return ZF_EINTERNAL; }
  if( csv_parse(&csv, pCsv->pData, pCsv->nData, catalog_csv_field, catalog_csv_row, &p)!=pCsv->nData ){
    p.rc = err_set(e, ZF_EINTERNAL, 0, "%s 格式错误：%s", zName, csv_strerror(csv_error(&csv)));
  }
  csv_fini(&csv, catalog_csv_field, catalog_csv_row, &p);
  csv_free(&csv);
  for(i=0; i<nField; i++) free(p.azField[i]);
  free(p.azField);
  return p.rc;
}

/* Splits a "a|b" cell into az (in place); returns the count or -1. */
static int catalog_cell_list(char *z, const char **az, int nMax){
  int n = 0;
  char *zTok, *zSave = 0;
  for(zTok=strtok_r(z, "|", &zSave); zTok; zTok=strtok_r(0, "|", &zSave)){
    if( n>=nMax ) return -1;
    az[n++] = zTok;
  }
  return n;
}

/* Yuan cell ("" or an integer) to fen, -1 when empty. */
static int64_t catalog_cell_fen(const char *z){
  return z[0] ? (int64_t)strtoll(z, 0, 10) * 100 : -1;
}

typedef struct catalog_starter { zf_db *pDb; int64_t versionId; int nItem; } catalog_starter;

/* One CSV row: 编码,名称,类型,行业,违法条款,处罚依据,层级,裁量基准编码,单位上限元,个人上限元,备注 */
static int catalog_starter_row(void *pArg, char **az, int iRow, zf_error *e){
  catalog_starter *p = pArg;
  catalog_item_in in;
  char zSectors[160], zLevels[80];
  int rc;
  memset(&in, 0, sizeof in);
  snprintf(zSectors, sizeof zSectors, "%s", az[3]);
  snprintf(zLevels, sizeof zLevels, "%s", az[6]);
  in.zCode = az[0]; in.zName = az[1]; in.zKind = az[2];
  in.nSector = catalog_cell_list(zSectors, in.azSector, CATALOG_MAX_SECTOR);
  in.zViolated = az[4]; in.zPenalty = az[5];
  in.nLevel = catalog_cell_list(zLevels, in.azLevel, CATALOG_MAX_LEVEL);
  in.zBenchmark = az[7][0] ? az[7] : 0;
  in.maxFineOrg = catalog_cell_fen(az[8]);
  in.maxFinePerson = catalog_cell_fen(az[9]);
  in.zNotes = az[10];
  in.sortOrder = (int64_t)iRow * 10;
  rc = catalog_item_check(p->pDb, &in, e);
  if( rc==ZF_OK ) rc = catalog_item_insert(p->pDb, p->versionId, &in, 0);
  if( rc ){
    char zMsg[256], zField[64];
    snprintf(zMsg, sizeof zMsg, "%s", e && e->message[0] ? e->message : err_message(rc));
    snprintf(zField, sizeof zField, "%s", e ? e->field : "");
    return err_set(e, rc, zField, "catalog-starter.csv 第 %d 行（%.32s）：%.180s", iRow + 1, az[0], zMsg);
  }
  p->nItem++;
  return ZF_OK;
}

int catalog_load_starter(zf_db *pDb, const char *zDistrict, zf_error *e){
  catalog_version_in in;
  catalog_starter st;
  char zName[256];
  int rc;
  snprintf(zName, sizeof zName, "%s应急管理综合行政执法事项指导目录（2026年版）", zDistrict);
  memset(&in, 0, sizeof in);
  in.zName = zName;
  in.zFrom = "2026-01-01";
  in.zNotes = "随软件提供的初始目录，依据《中华人民共和国安全生产法》等法律法规整理；标注“待核”的条款须经法制机构核对后再行使。";
  rc = catalog_version_create(&catalog_reg_catalog, pDb, "cli", &in, &st.versionId, e);
  if( rc ) return rc;
  st.pDb = pDb;
  st.nItem = 0;
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = catalog_csv_each("catalog-starter.csv", 11, catalog_starter_row, &st, e);
  if( rc==ZF_OK ){
    rc = catalog_audit(pDb, "cli", "catalog.item.load", "catalog_version", st.versionId,
                       json_pack("{s:s,s:i}", "source", "catalog-starter.csv", "items", st.nItem));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc ) return e && e->message[0] ? rc : err_set(e, rc, 0, "初始执法事项目录导入失败");
  return catalog_version_publish(&catalog_reg_catalog, pDb, "cli", st.versionId, e);
}

/* ---- HTTP ---------------------------------------------------------------- */

const json_field catalog_version_body[] = {
  {"name", JF_STRING, JF_REQUIRED, 4, 200, "版本名称", "e.g. 青云谱区应急管理综合行政执法事项指导目录（2027年版）"},
  {"effective_from", JF_STRING, JF_REQUIRED, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"effective_to", JF_STRING, JF_NULLABLE, 10, 10, "失效日期", "YYYY-MM-DD or null (open-ended)"},
  {"notes", JF_STRING, 0, 0, 2000, "说明", 0},
  {"copy_from", JF_INT, 0, 1, 1LL<<53, "底稿版本", "id of a version whose items are copied"},
  {0}
};

const json_field catalog_version_patch_body[] = {
  {"name", JF_STRING, 0, 4, 200, "版本名称", 0},
  {"effective_from", JF_STRING, 0, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"effective_to", JF_STRING, JF_NULLABLE, 10, 10, "失效日期", "YYYY-MM-DD or null"},
  {"notes", JF_STRING, 0, 0, 2000, "说明", 0},
  {0}
};

const json_field catalog_void_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 500, "作废理由", "why the draft is abandoned"},
  {0}
};

#define CATALOG_ITEM_FIELDS(REQ) \
  {"code", JF_STRING, REQ, 3, 32, "事项编码", "e.g. AQ-CF-001, unique in the version"}, \
  {"name", JF_STRING, REQ, 2, 300, "事项名称", 0}, \
  {"kind", JF_STRING, REQ, 1, 16, "事项类型", "penalty | coercion | inspection | other (or 行政处罚 …)"}, \
  {"sectors", JF_STRINGS, REQ, 1, CATALOG_MAX_SECTOR, "适用行业", "hazchem | fireworks | industry | mining | general"}, \
  {"violated_provision", JF_STRING, 0, 0, 1000, "违法条款", "required for penalties"}, \
  {"penalty_provision", JF_STRING, REQ, 2, 1000, "处罚（实施）依据", 0}, \
  {"levels", JF_STRINGS, REQ, 1, CATALOG_MAX_LEVEL, "行使层级", "district | street"}, \
  {"benchmark_code", JF_STRING, JF_NULLABLE, 0, 32, "裁量基准编码", 0}, \
  {"max_fine_org", JF_INT, JF_NULLABLE, 0, CATALOG_MAX_FINE, "单位罚款上限（分）", "fen"}, \
  {"max_fine_person", JF_INT, JF_NULLABLE, 0, CATALOG_MAX_FINE, "个人罚款上限（分）", "fen"}, \
  {"notes", JF_STRING, 0, 0, 2000, "备注", 0}, \
  {"sort_order", JF_INT, 0, 0, 1000000000, "排序", 0}, \
  {0}

const json_field catalog_item_body[] = { CATALOG_ITEM_FIELDS(JF_REQUIRED) };
const json_field catalog_item_patch_body[] = { CATALOG_ITEM_FIELDS(0) };

/* Reads a filter value from the query: ?kind=, ?sector=, ?level= as keys. */
static int catalog_filters(zf_req *r, const char **pzKind, char *zSector, char *zLevel){
  const char *zK = http_query(r, "kind"), *zS = http_query(r, "sector"), *zL = http_query(r, "level");
  *pzKind = 0; zSector[0] = 0; zLevel[0] = 0;
  if( zK && (*pzKind = catalog_kind_key(zK))==0 ) return http_fail(r, ZF_EINVAL, "kind", "未知事项类型：%.40s", zK);
  if( zS ){
    if( catalog_sector_key(zS)==0 ) return http_fail(r, ZF_EINVAL, "sector", "未知行业：%.40s", zS);
    snprintf(zSector, 40, "%%,%s,%%", catalog_sector_key(zS));
  }
  if( zL ){
    if( catalog_level_key(zL)==0 ) return http_fail(r, ZF_EINVAL, "level", "未知行使层级：%.40s", zL);
    snprintf(zLevel, 40, "%%,%s,%%", catalog_level_key(zL));
  }
  return ZF_OK;
}

/* Escapes % _ and \ for a LIKE ... ESCAPE '\' pattern "%q%". */
static void catalog_like(const char *zIn, char *zOut, size_t n){
  size_t j = 0;
  zOut[j++] = '%';
  for(; *zIn && j+3<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}

/*
** Replies with the items of version v filtered by ?q= (code, name or
** provisions), ?kind=, ?sector= (items of that sector and 通用 ones),
** ?level=; cursor = last id. pVersion (stolen) is added as "version".
*/
static int catalog_items_reply(zf_req *r, int64_t v, json_t *pVersion){
  static const char zSql[] =
    "SELECT " ITEM_COLS " FROM catalog_item WHERE version_id=?1"
    " AND (?2 IS NULL OR code LIKE ?2 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\'"
    "      OR violated_provision LIKE ?2 ESCAPE '\\' OR penalty_provision LIKE ?2 ESCAPE '\\'"
    "      OR notes LIKE ?2 ESCAPE '\\')"
    " AND (?3 IS NULL OR kind=?3)"
    " AND (?4 IS NULL OR sectors LIKE ?4 OR sectors LIKE '%,general,%')"
    " AND (?5 IS NULL OR levels LIKE ?5)"
    " AND id>?6 ORDER BY id LIMIT ?7";
  const char *zQ = http_query(r, "q"), *zKind;
  char zLike[256], zSector[40], zLevel[40];
  zf_stmt *pStmt;
  json_t *pItems, *pOut;
  int limit, n = 0, rc;
  int64_t cursor, last = 0;
  rc = http_page(r, &limit, &cursor);
  if( rc==ZF_OK ) rc = catalog_filters(r, &zKind, zSector, zLevel);
  if( rc ){ json_decref(pVersion); return rc; }
  if( zQ ) catalog_like(zQ, zLike, sizeof zLike);
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ){ json_decref(pVersion); return ZF_EINTERNAL; }
  db_bind(pStmt, "issssii", v, zQ ? zLike : 0, zKind, zSector[0] ? zSector : 0,
          zLevel[0] ? zLevel : 0, cursor, (int64_t)limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, catalog_item_row(pStmt));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); json_decref(pVersion); return -rc; }
  pOut = json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                   rc==1 ? json_sprintf("%lld", (long long)last) : json_null());
  if( pVersion ) json_object_set_new(pOut, "version", pVersion);
  return http_reply(r, 200, pOut);
}

/* ?date= (default today), checked. */
static int catalog_date_param(zf_req *r, char zDate[11]){
  const char *z = http_query(r, "date");
  if( z==0 ){ catalog_today(zDate); return ZF_OK; }
  if( !catalog_date_ok(z) ) return http_fail(r, ZF_EINVAL, "date", "参数 date 应为 YYYY-MM-DD 格式的有效日期");
  snprintf(zDate, 11, "%s", z);
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/public/catalog
** The published catalog in force today or on ?date=, without login (plan
** clause 4: 及时向社会公布), with the filters of catalog_items_reply.
** 404 when no catalog is in force on that date.
*/
int catalog_public_handler(zf_req *r){
  char zDate[11];
  int64_t v;
  json_t *pV;
  int rc = catalog_date_param(r, zDate);
  if( rc ) return rc;
  if( catalog_version_in_force(&catalog_reg_catalog, r->pDb, 0, zDate, &v)!=ZF_OK ){
    return http_fail(r, ZF_ENOTFOUND, "date", "%s 没有生效的执法事项目录", zDate);
  }
  pV = catalog_version_json(&catalog_reg_catalog, r->pDb, v);
  if( pV ){   /* the public sees what was published, not who drafted it */
    json_object_del(pV, "created_by"); json_object_del(pV, "published_by");
    json_object_del(pV, "voided_by"); json_object_del(pV, "void_reason"); json_object_del(pV, "voided_at");
  }
  return catalog_items_reply(r, v, pV);
}

/* ROUTE: GET /api/v1/catalog/versions — ?status=, newest first. */
int catalog_version_list_handler(zf_req *r){
  return catalog_version_list_reply(&catalog_reg_catalog, r);
}

/* ROUTE: POST /api/v1/catalog/versions — a new draft, empty or copied (copy_from). */
int catalog_version_create_handler(zf_req *r){
  catalog_version_in in;
  int64_t id;
  int rc;
  catalog_version_from_json(r->pBody, &in);
  in.zSector = 0;
  rc = catalog_version_create(&catalog_reg_catalog, r->pDb, r->who.zUsername, &in, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, catalog_version_json(&catalog_reg_catalog, r->pDb, id));
}

/* ROUTE: GET /api/v1/catalog/versions/{id} */
int catalog_version_get_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &id);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_version_json(&catalog_reg_catalog, r->pDb, id));
}

/* ROUTE: PATCH /api/v1/catalog/versions/{id} — head fields of a draft. */
int catalog_version_patch_handler(zf_req *r){
  catalog_version_in in;
  json_t *pCur;
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &id);
  if( rc ) return rc;
  pCur = catalog_version_json(&catalog_reg_catalog, r->pDb, id);
  if( pCur==0 ) return ZF_EINTERNAL;
  json_object_update(pCur, r->pBody);
  catalog_version_from_json(pCur, &in);
  in.zSector = 0; in.copyFrom = 0;
  rc = catalog_version_update(&catalog_reg_catalog, r->pDb, r->who.zUsername, id, &in, &r->err);
  json_decref(pCur);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_version_json(&catalog_reg_catalog, r->pDb, id));
}

/* ROUTE: POST /api/v1/catalog/versions/{id}/publish */
int catalog_version_publish_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &id);
  if( rc ) return rc;
  rc = catalog_version_publish(&catalog_reg_catalog, r->pDb, r->who.zUsername, id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_version_json(&catalog_reg_catalog, r->pDb, id));
}

/* ROUTE: POST /api/v1/catalog/versions/{id}/void — {"reason"} */
int catalog_version_void_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &id);
  if( rc ) return rc;
  rc = catalog_version_void(&catalog_reg_catalog, r->pDb, r->who.zUsername, id,
                            json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_version_json(&catalog_reg_catalog, r->pDb, id));
}

/* Every item of version v as an object keyed by code. */
static json_t *catalog_items_by_code(zf_db *pDb, int64_t v){
  static const char zSql[] = "SELECT " ITEM_COLS " FROM catalog_item WHERE version_id=? ORDER BY sort_order, id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = json_object();
  if( pStmt==0 ) return p;
  db_bind(pStmt, "i", v);
  while( db_step(pStmt)==1 ) json_object_set_new(p, db_text(pStmt, 2), catalog_item_row(pStmt));
  db_reset(pStmt);
  return p;
}

/* Names of the fields that differ between two items (ids and order aside). */
static json_t *catalog_item_changes(json_t *pA, json_t *pB){
  static const char *azField[] = {"name", "kind", "sectors", "violated_provision",
    "penalty_provision", "levels", "benchmark_code", "max_fine_org", "max_fine_person", "notes", 0};
  json_t *p = json_array();
  int i;
  for(i=0; azField[i]; i++){
    if( !json_equal(json_object_get(pA, azField[i]), json_object_get(pB, azField[i])) ){
      json_array_append_new(p, json_string(azField[i]));
    }
  }
  return p;
}

/*
** ROUTE: GET /api/v1/catalog/versions/{id}/diff
** What changed from ?against= (default: the version it was copied from, else
** the one in force today) to this version, by item code: added, removed,
** changed (with the names of the changed fields, before and after).
*/
int catalog_version_diff_handler(zf_req *r){
  const char *zAgainst = http_query(r, "against");
  json_t *pMine, *pTheirs, *pAdded, *pRemoved, *pChanged, *pV, *pItem, *pOut;
  const char *zCode;
  int64_t id, other = 0;
  char zToday[11], zStatus[12], *zEnd;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &id);
  if( rc ) return rc;
  pV = catalog_version_json(&catalog_reg_catalog, r->pDb, id);
  if( zAgainst ){
    other = strtoll(zAgainst, &zEnd, 10);
    if( *zEnd || other<=0 || catalog_version_status(&catalog_reg_catalog, r->pDb, other, zStatus, sizeof zStatus) ){
      json_decref(pV);
      return http_fail(r, ZF_EINVAL, "against", "对比的目录版本不存在：%.20s", zAgainst);
    }
  }else if( json_integer_value(json_object_get(pV, "based_on"))>0 ){
    other = json_integer_value(json_object_get(pV, "based_on"));
  }else{
    catalog_today(zToday);
    if( catalog_version_in_force(&catalog_reg_catalog, r->pDb, 0, zToday, &other) ) other = 0;
  }
  pMine = catalog_items_by_code(r->pDb, id);
  pTheirs = other ? catalog_items_by_code(r->pDb, other) : json_object();
  pAdded = json_array(); pRemoved = json_array(); pChanged = json_array();
  json_object_foreach(pMine, zCode, pItem){
    json_t *pOld = json_object_get(pTheirs, zCode);
    if( pOld==0 ){ json_array_append(pAdded, pItem); continue; }
    json_t *pFields = catalog_item_changes(pOld, pItem);
    if( json_array_size(pFields)>0 ){
      json_array_append_new(pChanged, json_pack("{s:s,s:o,s:O,s:O}", "code", zCode,
                            "fields", pFields, "before", pOld, "after", pItem));
    }else json_decref(pFields);
  }
  json_object_foreach(pTheirs, zCode, pItem){
    if( json_object_get(pMine, zCode)==0 ) json_array_append(pRemoved, pItem);
  }
  pOut = json_pack("{s:o,s:o,s:o,s:o,s:o}", "version", pV, "against",
                   other ? catalog_version_json(&catalog_reg_catalog, r->pDb, other) : json_null(),
                   "added", pAdded, "removed", pRemoved, "changed", pChanged);
  json_decref(pMine);
  json_decref(pTheirs);
  return http_reply(r, 200, pOut);
}

/*
** ROUTE: GET /api/v1/catalog/items
** Items of ?version= (default: the catalog in force today), filtered by ?q=,
** ?kind=, ?sector=, ?level=; cursor pagination by id.
*/
int catalog_item_list_handler(zf_req *r){
  const char *zV = http_query(r, "version");
  char zToday[11], zStatus[12], *zEnd;
  int64_t v = 0;
  if( zV ){
    v = strtoll(zV, &zEnd, 10);
    if( *zEnd || v<=0 || catalog_version_status(&catalog_reg_catalog, r->pDb, v, zStatus, sizeof zStatus) ){
      return http_fail(r, ZF_EINVAL, "version", "目录版本不存在：%.20s", zV);
    }
  }else{
    catalog_today(zToday);
    if( catalog_version_in_force(&catalog_reg_catalog, r->pDb, 0, zToday, &v) ){
      return http_fail(r, ZF_ENOTFOUND, "version", "今天没有生效的执法事项目录，请指定版本（version）");
    }
  }
  return catalog_items_reply(r, v, 0);
}

/* Reads {id} as an item id that exists: 404 otherwise. */
static int catalog_item_id_or_reply(zf_req *r, int64_t *pId){
  const char *z = http_param(r, "id");
  int64_t v;
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || *zEnd || *pId<=0 || catalog_item_version(r->pDb, *pId, &v)!=ZF_OK ){
    return http_fail(r, ZF_ENOTFOUND, "id", "执法事项不存在：%.20s", z ? z : "");
  }
  return ZF_OK;
}

/* ROUTE: POST /api/v1/catalog/versions/{id}/items — adds an item to a draft. */
int catalog_item_create_handler(zf_req *r){
  catalog_item_in in;
  int64_t v, id;
  int rc = catalog_version_id_or_reply(&catalog_reg_catalog, r, "id", &v);
  if( rc ) return rc;
  rc = catalog_item_from_json(r->pBody, &in, &r->err);
  if( rc ) return rc;
  rc = catalog_item_add(r->pDb, r->who.zUsername, v, &in, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, catalog_item_json(r->pDb, id));
}

/* ROUTE: GET /api/v1/catalog/items/{id} */
int catalog_item_get_handler(zf_req *r){
  int64_t id;
  int rc = catalog_item_id_or_reply(r, &id);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_item_json(r->pDb, id));
}

/* ROUTE: PATCH /api/v1/catalog/items/{id} — only items of drafts (409 otherwise). */
int catalog_item_patch_handler(zf_req *r){
  catalog_item_in in;
  json_t *pCur;
  int64_t id;
  int rc = catalog_item_id_or_reply(r, &id);
  if( rc ) return rc;
  pCur = catalog_item_json(r->pDb, id);
  if( pCur==0 ) return ZF_EINTERNAL;
  json_object_update(pCur, r->pBody);
  rc = catalog_item_from_json(pCur, &in, &r->err);
  if( rc==ZF_OK ) rc = catalog_item_update(r->pDb, r->who.zUsername, id, &in, &r->err);
  json_decref(pCur);
  if( rc ) return rc;
  return http_reply(r, 200, catalog_item_json(r->pDb, id));
}

/* ROUTE: DELETE /api/v1/catalog/items/{id} — removes an item from a draft. */
int catalog_item_delete_handler(zf_req *r){
  int64_t id;
  int rc = catalog_item_id_or_reply(r, &id);
  if( rc ) return rc;
  rc = catalog_item_remove(r->pDb, r->who.zUsername, id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 204, 0);
}

/* ---- demo ------------------------------------------------------------------ */

int catalog_demo(zf_db *pDb, int scale, zf_error *e){
  static const char zFind[] = "SELECT id FROM catalog_item WHERE version_id=? AND code='AQ-CF-007'";
  catalog_version_in v;
  catalog_item_in in;
  char zToday[11], zFrom[24], zName[256], zDistrict[96] = "", zNotes[1024];
  int64_t cur, id, itemId = 0;
  zf_stmt *pStmt;
  json_t *pItem;
  int rc;
  (void)scale;
  catalog_today(zToday);
  if( catalog_version_in_force(&catalog_reg_catalog, pDb, 0, zToday, &cur) ) return ZF_OK;
  snprintf(zFrom, sizeof zFrom, "%04d-01-01", atoi(zToday) + 1);
  pStmt = db_stmt(pDb, "SELECT r.name FROM setting s JOIN region r ON r.code=s.value WHERE s.key='deployment.root'");
  if( pStmt && db_step(pStmt)==1 ) snprintf(zDistrict, sizeof zDistrict, "%s", db_text(pStmt, 0));
  if( pStmt ) db_reset(pStmt);
  snprintf(zName, sizeof zName, "%s应急管理综合行政执法事项指导目录（%.4s年版，征求意见稿）", zDistrict, zFrom);
  memset(&v, 0, sizeof v);
  v.zName = zName; v.zFrom = zFrom; v.copyFrom = cur;
  v.zNotes = "演示数据：法制审核人员起草的下一年度目录草稿。";
  rc = catalog_version_create(&catalog_reg_catalog, pDb, "legal", &v, &id, e);
  if( rc ) return rc;
  memset(&in, 0, sizeof in);
  in.zCode = "AQ-CF-037"; in.zKind = "penalty";
  in.zName = "重大事故隐患排查治理情况未按照规定向负有安全生产监督管理职责的部门和职工大会或者职工代表大会报告（演示草稿）";
  in.azSector[0] = "general"; in.nSector = 1;
  in.zViolated = "《中华人民共和国安全生产法》第四十一条第二款";
  in.zPenalty = "《中华人民共和国安全生产法》第一百零一条第（五）项";
  in.azLevel[0] = "district"; in.nLevel = 1;
  in.maxFineOrg = 20000000; in.maxFinePerson = 5000000;
  in.zNotes = "演示草稿：从 AQ-CF-023 拆分的方案，待法制机构审定。";
  in.sortOrder = -1;
  rc = catalog_item_add(pDb, "legal", id, &in, &itemId, e);
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zFind);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  itemId = db_step(pStmt)==1 ? db_column_int64(pStmt, 0) : 0;
  db_reset(pStmt);
  if( itemId==0 ) return ZF_OK;
  pItem = catalog_item_json(pDb, itemId);
  snprintf(zNotes, sizeof zNotes, "%s（拟补充：受影响从业人员比例按培训档案统计。）",
           json_string_value(json_object_get(pItem, "notes")));
  json_object_set_new(pItem, "notes", json_string(zNotes));
  rc = catalog_item_from_json(pItem, &in, e);
  if( rc==ZF_OK ) rc = catalog_item_update(pDb, "legal", itemId, &in, e);
  json_decref(pItem);
  return rc;
}
