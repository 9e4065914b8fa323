/*
** checklist.c — inspection checklists (检查表) per sector, versioned with
** the life cycle of catalog.c (plan clauses 12, 18).
**
** Rules: every line has its key point, what to check and its legal basis;
** a line's catalog_code, when given, must name a matter of the catalog in
** force on the checklist's effective_from (checked when the line is written
** and again when the checklist is published); lines change only in drafts;
** must-check lines (必查项) are what checklist_must_items() hands the
** inspection module, which refuses to skip them.
*/
#include <stdlib.h>
#include <string.h>
#include "checklist.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/log.h"

static const struct { const char *zKey, *zName; } checklist_features[] = {
  {"", "全部企业"}, {"dust", "粉尘涉爆"}, {"confined_space", "有限空间"},
  {"ammonia", "涉氨制冷"}, {"major_hazard", "重大危险源"}, {0, 0}
};

const char *checklist_feature_key(const char *z){
  int i;
  if( z==0 ) return "";
  for(i=0; checklist_features[i].zKey; i++){
    if( strcmp(z, checklist_features[i].zKey)==0 || strcmp(z, checklist_features[i].zName)==0 ){
      return checklist_features[i].zKey;
    }
  }
  return 0;
}

const char *checklist_feature_name(const char *zKey){
  int i;
  for(i=0; checklist_features[i].zKey; i++){
    if( zKey && strcmp(zKey, checklist_features[i].zKey)==0 ) return checklist_features[i].zName;
  }
  return "";
}

#define LINE_COLS "id, version_id, section, feature, key_point, content, basis, must_check," \
  " catalog_code, sort_order"

static json_t *checklist_item_row(zf_stmt *pStmt){
  json_t *p = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:I}",
    "id", (json_int_t)db_column_int64(pStmt, 0),
    "version_id", (json_int_t)db_column_int64(pStmt, 1),
    "section", db_text(pStmt, 2), "feature", db_text(pStmt, 3),
    "feature_name", checklist_feature_name(db_text(pStmt, 3)),
    "key_point", db_text(pStmt, 4), "content", db_text(pStmt, 5), "basis", db_text(pStmt, 6),
    "must_check", db_column_int(pStmt, 7),
    "sort_order", (json_int_t)db_column_int64(pStmt, 9));
  json_object_set_new(p, "catalog_code", db_column_type(pStmt, 8)==DB_NULL
                      ? json_null() : json_string(db_text(pStmt, 8)));
  return p;
}

json_t *checklist_item_json(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT " LINE_COLS " FROM checklist_item WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = checklist_item_row(pStmt);
  db_reset(pStmt);
  return p;
}

/* Every line of version v, in order, as a JSON array. */
static json_t *checklist_lines_json(zf_db *pDb, int64_t v){
  static const char zSql[] =
    "SELECT " LINE_COLS " FROM checklist_item WHERE version_id=? ORDER BY sort_order, id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = json_array();
  if( pStmt==0 ) return p;
  db_bind(pStmt, "i", v);
  while( db_step(pStmt)==1 ) json_array_append_new(p, checklist_item_row(pStmt));
  db_reset(pStmt);
  return p;
}

/* Effective-from date of checklist version v into zFrom. */
static int checklist_version_from(zf_db *pDb, int64_t v, char zFrom[11]){
  static const char zSql[] = "SELECT effective_from FROM checklist_version WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", v);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zFrom, 11, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* A catalog code must name a matter of the catalog in force on zFrom. */
static int checklist_code_check(zf_db *pDb, const char *zCode, const char *zFrom, zf_error *e){
  int64_t v;
  if( !catalog_code_ok(zCode) ){
    return err_set(e, ZF_EINVAL, "catalog_code", "关联事项编码（catalog_code）格式不正确：%.40s", zCode);
  }
  if( catalog_version_in_force(&catalog_reg_catalog, pDb, 0, zFrom, &v)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "catalog_code",
      "检查表生效日期 %s 没有已发布的执法事项目录，无法关联事项 %s", zFrom, zCode);
  }
  if( catalog_code_in_force(pDb, zFrom, zCode, 0, 0)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "catalog_code",
      "关联事项编码 %s 不在 %s 生效的执法事项目录中", zCode, zFrom);
  }
  return ZF_OK;
}

/* Checks a line for checklist version v (effective from zFrom). */
static int checklist_item_check(zf_db *pDb, const checklist_item_in *p, const char *zFrom, zf_error *e){
  static const struct { const char *zField, *zLabel; int nMin, nMax; } aText[] = {
    {"section", "分组", 1, 60}, {"key_point", "重点环节/部位/设施", 2, 200},
    {"content", "检查内容", 2, 1000}, {"basis", "检查依据", 2, 1000}
  };
  const char *az[4];
  int i;
  az[0] = p->zSection; az[1] = p->zKeyPoint; az[2] = p->zContent; az[3] = p->zBasis;
  for(i=0; i<4; i++){
    size_t n = az[i] ? json_utf8_len(az[i]) : 0;
    const char *z = az[i];
    while( z && (*z==' ' || *z=='\t' || *z=='\n') ) z++;
    if( z==0 || *z==0 ) return err_set(e, ZF_EINVAL, aText[i].zField, "%s（%s）不能为空", aText[i].zLabel, aText[i].zField);
    if( n<(size_t)aText[i].nMin || n>(size_t)aText[i].nMax ){
      return err_set(e, ZF_EINVAL, aText[i].zField, "%s（%s）应为 %d–%d 个字符",
                     aText[i].zLabel, aText[i].zField, aText[i].nMin, aText[i].nMax);
    }
  }
  if( checklist_feature_key(p->zFeature)==0 ){
    return err_set(e, ZF_EINVAL, "feature", "未知的适用情形（feature）：%.40s（可选：dust 粉尘涉爆、confined_space 有限空间、ammonia 涉氨制冷、major_hazard 重大危险源）", p->zFeature);
  }
  return p->zCatalogCode ? checklist_code_check(pDb, p->zCatalogCode, zFrom, e) : ZF_OK;
}

/* Binds a line after ?1 and steps zSql. */
static int checklist_item_exec(zf_db *pDb, const char *zSql, int64_t first, const checklist_item_in *p){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "isssssds", first, p->zSection, checklist_feature_key(p->zFeature), p->zKeyPoint,
          p->zContent, p->zBasis, p->mustCheck ? 1 : 0, p->zCatalogCode);
  if( p->sortOrder>=0 ) db_bind_int64(pStmt, 9, p->sortOrder);
  rc = db_step(pStmt);
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

static const char checklist_ins_sql[] =
  "INSERT INTO checklist_item(version_id, section, feature, key_point, content, basis, must_check,"
  " catalog_code, sort_order) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,"
  " COALESCE(?9, (SELECT COALESCE(max(sort_order),0)+10 FROM checklist_item WHERE version_id=?1)))";

/* Audits a line change (entity checklist_item); frees pChange. */
static int checklist_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id, json_t *pChange){
  char zId[24], zRegion[16];
  int rc;
  catalog_audit_region(pDb, zRegion, sizeof zRegion);
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor, zAction, "checklist_item", zId, zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* Loads the draft version v: 404, or 409 naming "status" unless a draft. */
static int checklist_draft(zf_db *pDb, int64_t v, char zFrom[11], zf_error *e){
  char zStatus[12];
  int rc = catalog_version_status(&catalog_reg_checklist, pDb, v, zStatus, sizeof zStatus);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "version_id", "检查表版本不存在：%lld", (long long)v);
  if( rc ) return err_set(e, rc, 0, 0);
  if( strcmp(zStatus, "draft")!=0 ){
    return err_set(e, ZF_ECONFLICT, "status", strcmp(zStatus, "published")==0
      ? "该检查表已发布，已发布的版本不能修改；如需调整，请以它为底稿新建草稿版本"
      : "该检查表已作废，不能修改");
  }
  return checklist_version_from(pDb, v, zFrom);
}

int checklist_item_add(zf_db *pDb, const char *zActor, int64_t versionId,
                       const checklist_item_in *pIn, int64_t *pId, zf_error *e){
  char zFrom[11];
  int rc = checklist_draft(pDb, versionId, zFrom, e);
  if( rc ) return rc;
  rc = checklist_item_check(pDb, pIn, zFrom, e);
  if( rc ) return rc;
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = checklist_item_exec(pDb, checklist_ins_sql, versionId, pIn);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = checklist_audit(pDb, zActor, "checklist.item.create", *pId, checklist_item_json(pDb, *pId));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* Version of line id; ZF_ENOTFOUND. */
static int checklist_item_version(zf_db *pDb, int64_t id, int64_t *pV){
  static const char zSql[] = "SELECT version_id FROM checklist_item WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) *pV = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int checklist_item_update(zf_db *pDb, const char *zActor, int64_t id,
                          const checklist_item_in *pIn, zf_error *e){
  static const char zUpd[] =
    "UPDATE checklist_item SET section=?2, feature=?3, key_point=?4, content=?5, basis=?6,"
    " must_check=?7, catalog_code=?8, sort_order=COALESCE(?9, sort_order) WHERE id=?1";
  char zFrom[11];
  int64_t v;
  json_t *pBefore;
  int rc = checklist_item_version(pDb, id, &v);
  if( rc ) return err_set(e, rc, "id", "检查项不存在：%lld", (long long)id);
  rc = checklist_draft(pDb, v, zFrom, e);
  if( rc ) return rc;
  rc = checklist_item_check(pDb, pIn, zFrom, e);
  if( rc ) return rc;
  pBefore = checklist_item_json(pDb, id);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = checklist_item_exec(pDb, zUpd, id, pIn);
  if( rc==ZF_OK ){
    rc = checklist_audit(pDb, zActor, "checklist.item.update", id,
                         json_pack("{s:O,s:o}", "before", pBefore, "after", checklist_item_json(pDb, id)));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  json_decref(pBefore);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int checklist_item_remove(zf_db *pDb, const char *zActor, int64_t id, zf_error *e){
  static const char zDel[] = "DELETE FROM checklist_item WHERE id=?";
  char zFrom[11];
  int64_t v;
  json_t *pBefore;
  int rc = checklist_item_version(pDb, id, &v);
  if( rc ) return err_set(e, rc, "id", "检查项不存在：%lld", (long long)id);
  rc = checklist_draft(pDb, v, zFrom, e);
  if( rc ) return rc;
  pBefore = checklist_item_json(pDb, id);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = db_exec(pDb, zDel, "i", id);
  if( rc==ZF_OK ) rc = checklist_audit(pDb, zActor, "checklist.item.remove", id, json_pack("{s:O}", "before", pBefore));
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  json_decref(pBefore);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int checklist_publish_check(zf_db *pDb, int64_t id, const char *zFrom, zf_error *e){
  static const char zSql[] =
    "SELECT catalog_code FROM checklist_item WHERE version_id=? AND catalog_code IS NOT NULL"
    " ORDER BY sort_order, id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc = ZF_OK;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  while( rc==ZF_OK && db_step(pStmt)==1 ){
    rc = checklist_code_check(pDb, db_text(pStmt, 0), zFrom, e);
    if( rc && e ){
      char zMsg[256];
      snprintf(zMsg, sizeof zMsg, "%s", e->message);
      rc = err_set(e, ZF_EPROCEDURE, "catalog_code", "不能发布：%s", zMsg);
    }
  }
  db_reset(pStmt);
  return rc;
}

/* ---- the C API for other modules ------------------------------------ */

void checklist_set_free(checklist_set *p){
  int i;
  for(i=0; p && i<p->nLine; i++){
    checklist_line *l = &p->aLine[i];
    free(l->zSection); free(l->zFeature); free(l->zKeyPoint);
    free(l->zContent); free(l->zBasis); free(l->zCatalogCode);
  }
  if( p ){ free(p->aLine); memset(p, 0, sizeof *p); }
}

/* 1 when zFeature is "" or among az[0..n); az NULL: every feature. */
static int checklist_feature_wanted(const char *zFeature, const char *const *az, int n){
  int i;
  if( az==0 || zFeature[0]==0 ) return 1;
  for(i=0; i<n; i++){
    const char *zKey = checklist_feature_key(az[i]);
    if( zKey && strcmp(zKey, zFeature)==0 ) return 1;
  }
  return 0;
}

static int checklist_load(zf_db *pDb, const char *zSector, const char *zDate,
                          const char *const *azFeature, int nFeature, int mustOnly,
                          checklist_set *pOut, zf_error *e){
  static const char zSql[] =
    "SELECT " LINE_COLS " FROM checklist_item WHERE version_id=? ORDER BY sort_order, id";
  const char *zKey = catalog_sector_key(zSector);
  zf_stmt *pStmt;
  int rc, nAlloc = 0;
  memset(pOut, 0, sizeof *pOut);
  if( zKey==0 ) return err_set(e, ZF_EINVAL, "sector", "未知行业：%.40s", zSector ? zSector : "");
  if( !catalog_date_ok(zDate) ) return err_set(e, ZF_EINVAL, "date", "日期应为 YYYY-MM-DD 格式的有效日期");
  rc = catalog_version_in_force(&catalog_reg_checklist, pDb, zKey, zDate, &pOut->versionId);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "sector", "%s 没有生效的%s检查表", zDate, catalog_sector_name(zKey));
  if( rc ) return err_set(e, rc, 0, 0);
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", pOut->versionId);
  while( (rc = db_step(pStmt))==1 ){
    checklist_line *l;
    if( mustOnly && !db_column_int(pStmt, 7) ) continue;
    if( !checklist_feature_wanted(db_text(pStmt, 3), azFeature, nFeature) ) continue;
    if( pOut->nLine>=nAlloc ){
      void *pNew = realloc(pOut->aLine, sizeof(checklist_line) * (size_t)(nAlloc = nAlloc ? nAlloc*2 : 32));
      if( pNew==0 ){ rc = -ZF_EINTERNAL; break; }
      pOut->aLine = pNew;
    }
    l = &pOut->aLine[pOut->nLine++];
    l->id = db_column_int64(pStmt, 0);
    l->zSection = strdup(db_text(pStmt, 2)); l->zFeature = strdup(db_text(pStmt, 3));
    l->zKeyPoint = strdup(db_text(pStmt, 4)); l->zContent = strdup(db_text(pStmt, 5));
    l->zBasis = strdup(db_text(pStmt, 6)); l->zCatalogCode = strdup(db_text(pStmt, 8));
    l->mustCheck = db_column_int(pStmt, 7);
  }
  db_reset(pStmt);
  if( rc<0 ){ checklist_set_free(pOut); return err_set(e, -rc, 0, 0); }
  return ZF_OK;
}

int checklist_current(zf_db *pDb, const char *zSector, const char *zDate,
                      const char *const *azFeature, int nFeature, checklist_set *pOut,
                      zf_error *e){
  return checklist_load(pDb, zSector, zDate, azFeature, nFeature, 0, pOut, e);
}

int checklist_must_items(zf_db *pDb, const char *zSector, const char *zDate,
                         const char *const *azFeature, int nFeature, checklist_set *pOut,
                         zf_error *e){
  return checklist_load(pDb, zSector, zDate, azFeature, nFeature, 1, pOut, e);
}

/* ---- starter checklists (ref/checklist-starter.csv) ------------------ */

#define CHECKLIST_MAX_STARTER 8

typedef struct checklist_starter {
  zf_db *pDb;
  int pass, nVersion, nLine;
  struct { char zSector[16], zName[256]; int64_t id; } a[CHECKLIST_MAX_STARTER];
} checklist_starter;

/* Row: 行业,检查表名称,分组,适用情形,重点环节/部位/设施,检查内容,检查依据,必查项,关联事项编码 */
static int checklist_starter_row(void *pArg, char **az, int iRow, zf_error *e){
  checklist_starter *p = pArg;
  const char *zSector = catalog_sector_key(az[0]);
  checklist_item_in in;
  int i, rc;
  if( zSector==0 ) return err_set(e, ZF_EINTERNAL, 0, "checklist-starter.csv 第 %d 行：未知行业 %s", iRow + 1, az[0]);
  for(i=0; i<p->nVersion; i++) if( strcmp(p->a[i].zSector, zSector)==0 && strcmp(p->a[i].zName, az[1])==0 ) break;
  if( p->pass==1 ){
    catalog_version_in v;
    if( i<p->nVersion ) return ZF_OK;
    if( p->nVersion>=CHECKLIST_MAX_STARTER ) return err_set(e, ZF_EINTERNAL, 0, "初始检查表过多");
    memset(&v, 0, sizeof v);
    v.zName = az[1]; v.zSector = zSector; v.zFrom = "2026-01-01";
    v.zNotes = "随软件提供的初始检查表；依据标注“待核”的条款须经法制机构核对。";
    snprintf(p->a[i].zSector, sizeof p->a[i].zSector, "%s", zSector);
    snprintf(p->a[i].zName, sizeof p->a[i].zName, "%s", az[1]);
    p->nVersion++;
    return catalog_version_create(&catalog_reg_checklist, p->pDb, "cli", &v, &p->a[i].id, e);
  }
  memset(&in, 0, sizeof in);
  in.zSection = az[2]; in.zFeature = az[3]; in.zKeyPoint = az[4]; in.zContent = az[5];
  in.zBasis = az[6]; in.mustCheck = strcmp(az[7], "是")==0; in.zCatalogCode = az[8][0] ? az[8] : 0;
  in.sortOrder = (int64_t)iRow * 10;
  rc = checklist_item_check(p->pDb, &in, "2026-01-01", e);
  if( rc==ZF_OK ) rc = checklist_item_exec(p->pDb, checklist_ins_sql, p->a[i].id, &in);
  if( rc ){
    char zMsg[256];
    snprintf(zMsg, sizeof zMsg, "%s", e && e->message[0] ? e->message : err_message(rc));
    return err_set(e, rc, 0, "checklist-starter.csv 第 %d 行：%.200s", iRow + 1, zMsg);
  }
  p->nLine++;
  return ZF_OK;
}

int checklist_load_starter(zf_db *pDb, zf_error *e){
  checklist_starter st;
  int i, rc;
  memset(&st, 0, sizeof st);
  st.pDb = pDb;
  st.pass = 1;
  rc = catalog_csv_each("checklist-starter.csv", 9, checklist_starter_row, &st, e);
  if( rc ) return rc;
  st.pass = 2;
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = catalog_csv_each("checklist-starter.csv", 9, checklist_starter_row, &st, e);
  for(i=0; rc==ZF_OK && i<st.nVersion; i++){
    char zId[24], zRegion[16];
    json_t *p = json_pack("{s:s,s:s}", "source", "checklist-starter.csv", "name", st.a[i].zName);
    catalog_audit_region(pDb, zRegion, sizeof zRegion);
    snprintf(zId, sizeof zId, "%lld", (long long)st.a[i].id);
    rc = audit_append(pDb, "cli", "checklist.item.load", "checklist_version", zId, zRegion, p);
    json_decref(p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  for(i=0; rc==ZF_OK && i<st.nVersion; i++){
    rc = catalog_version_publish(&catalog_reg_checklist, pDb, "cli", st.a[i].id, e);
  }
  return rc;
}

/* ---- HTTP ---------------------------------------------------------------- */

const json_field checklist_version_body[] = {
  {"sector", JF_STRING, JF_REQUIRED, 1, 16, "行业", "hazchem | fireworks | industry | mining | general"},
  {"name", JF_STRING, JF_REQUIRED, 4, 200, "检查表名称", 0},
  {"effective_from", JF_STRING, JF_REQUIRED, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"effective_to", JF_STRING, JF_NULLABLE, 10, 10, "失效日期", "YYYY-MM-DD or null"},
  {"notes", JF_STRING, 0, 0, 2000, "说明", 0},
  {"copy_from", JF_INT, 0, 1, 1LL<<53, "底稿版本", "id of a checklist of the same sector whose lines are copied"},
  {0}
};

const json_field checklist_version_patch_body[] = {
  {"name", JF_STRING, 0, 4, 200, "检查表名称", 0},
  {"effective_from", JF_STRING, 0, 10, 10, "生效日期", "YYYY-MM-DD"},
  {"effective_to", JF_STRING, JF_NULLABLE, 10, 10, "失效日期", "YYYY-MM-DD or null"},
  {"notes", JF_STRING, 0, 0, 2000, "说明", 0},
  {0}
};

#define CHECKLIST_ITEM_FIELDS(REQ) \
  {"section", JF_STRING, REQ, 1, 60, "分组", "e.g. 安全管理, 粉尘涉爆"}, \
  {"feature", JF_STRING, 0, 0, 20, "适用情形", "'' | dust | confined_space | ammonia | major_hazard"}, \
  {"key_point", JF_STRING, REQ, 2, 200, "重点环节/部位/设施", 0}, \
  {"content", JF_STRING, REQ, 2, 1000, "检查内容", 0}, \
  {"basis", JF_STRING, REQ, 2, 1000, "检查依据", 0}, \
  {"must_check", JF_BOOL, 0, 0, 0, "必查项", "an inspection may not skip it"}, \
  {"catalog_code", JF_STRING, JF_NULLABLE, 0, 32, "关联事项编码", "code in the catalog in force on effective_from"}, \
  {"sort_order", JF_INT, 0, 0, 1000000000, "排序", 0}, \
  {0}

const json_field checklist_item_body[] = { CHECKLIST_ITEM_FIELDS(JF_REQUIRED) };
const json_field checklist_item_patch_body[] = { CHECKLIST_ITEM_FIELDS(0) };

static void checklist_item_from_json(json_t *p, checklist_item_in *pIn){
  memset(pIn, 0, sizeof *pIn);
  pIn->zSection = json_str(p, "section");
  pIn->zFeature = json_str(p, "feature");
  pIn->zKeyPoint = json_str(p, "key_point");
  pIn->zContent = json_str(p, "content");
  pIn->zBasis = json_str(p, "basis");
  pIn->mustCheck = json_is_true(json_object_get(p, "must_check"));
  pIn->zCatalogCode = json_str(p, "catalog_code");
  if( pIn->zCatalogCode && pIn->zCatalogCode[0]==0 ) pIn->zCatalogCode = 0;
  pIn->sortOrder = json_int(p, "sort_order", -1);
}

/* VERSION JSON with its lines. */
static json_t *checklist_full_json(zf_db *pDb, int64_t v){
  json_t *p = catalog_version_json(&catalog_reg_checklist, pDb, v);
  if( p ) json_object_set_new(p, "items", checklist_lines_json(pDb, v));
  return p;
}

/* ?date= (default today) into zDate. */
static int checklist_date_param(zf_req *r, char zDate[11]){
  const char *z = http_query(r, "date");
  if( z==0 ){ catalog_today(zDate); return ZF_OK; }
  if( !catalog_date_ok(z) ) return http_fail(r, ZF_EINVAL, "date", "参数 date 应为 YYYY-MM-DD 格式的有效日期");
  snprintf(zDate, 11, "%s", z);
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/public/checklists
** The published checklists in force today or on ?date=, for ?sector= or
** every sector, each with its lines; without login.
*/
int checklist_public_handler(zf_req *r){
  static const char *azSector[] = {"hazchem", "fireworks", "industry", "mining", "general", 0};
  const char *zSector = http_query(r, "sector");
  json_t *pItems;
  char zDate[11];
  int i, rc = checklist_date_param(r, zDate);
  if( rc ) return rc;
  if( zSector && catalog_sector_key(zSector)==0 ) return http_fail(r, ZF_EINVAL, "sector", "未知行业：%.40s", zSector);
  pItems = json_array();
  for(i=0; azSector[i]; i++){
    int64_t v;
    json_t *p;
    if( zSector && strcmp(catalog_sector_key(zSector), azSector[i])!=0 ) continue;
    if( catalog_version_in_force(&catalog_reg_checklist, r->pDb, azSector[i], zDate, &v)!=ZF_OK ) continue;
    p = checklist_full_json(r->pDb, v);
    json_object_del(p, "created_by"); json_object_del(p, "published_by");
    json_array_append_new(pItems, p);
  }
  return http_reply(r, 200, json_pack("{s:o,s:n,s:s}", "items", pItems, "next_cursor", "date", zDate));
}

/*
** ROUTE: GET /api/v1/checklists/current
** The lines in force for ?sector= on ?date= (default today); ?features=
** dust,confined_space limits the feature lines; ?must=true only 必查项.
*/
int checklist_current_handler(zf_req *r){
  const char *zFeatures = http_query(r, "features"), *zMust = http_query(r, "must");
  const char *azFeature[8];
  char zDate[11], zBuf[160];
  checklist_set set;
  json_t *pLines;
  int i, nFeature = 0, rc = checklist_date_param(r, zDate);
  if( rc ) return rc;
  if( http_query(r, "sector")==0 ) return http_fail(r, ZF_EMISSING, "sector", "缺少参数：行业（sector）");
  if( zFeatures ){
    char *zTok, *zSave = 0;
    snprintf(zBuf, sizeof zBuf, "%s", zFeatures);
    for(zTok=strtok_r(zBuf, ",", &zSave); zTok && nFeature<8; zTok=strtok_r(0, ",", &zSave)){
      if( checklist_feature_key(zTok)==0 ) return http_fail(r, ZF_EINVAL, "features", "未知的适用情形：%.40s", zTok);
      azFeature[nFeature++] = zTok;
    }
  }
  rc = (zMust && strcmp(zMust, "true")==0 ? checklist_must_items : checklist_current)(
         r->pDb, http_query(r, "sector"), zDate, zFeatures ? azFeature : 0, nFeature, &set, &r->err);
  if( rc ) return rc;
  pLines = json_array();
  for(i=0; i<set.nLine; i++) json_array_append_new(pLines, checklist_item_json(r->pDb, set.aLine[i].id));
  rc = http_reply(r, 200, json_pack("{s:o,s:o,s:n}", "version",
                  catalog_version_json(&catalog_reg_checklist, r->pDb, set.versionId), "items", pLines,
                  "next_cursor"));
  checklist_set_free(&set);
  return rc;
}

/* ROUTE: GET /api/v1/checklists/versions — ?sector=, ?status=, newest first. */
int checklist_version_list_handler(zf_req *r){
  return catalog_version_list_reply(&catalog_reg_checklist, r);
}

/* ROUTE: POST /api/v1/checklists/versions — a new draft, empty or copied. */
int checklist_version_create_handler(zf_req *r){
  catalog_version_in in;
  int64_t id;
  int rc;
  catalog_version_from_json(r->pBody, &in);
  rc = catalog_version_create(&catalog_reg_checklist, r->pDb, r->who.zUsername, &in, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, checklist_full_json(r->pDb, id));
}

/* ROUTE: GET /api/v1/checklists/versions/{id} — the version with its lines. */
int checklist_version_get_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_checklist, r, "id", &id);
  if( rc ) return rc;
  return http_reply(r, 200, checklist_full_json(r->pDb, id));
}

/* ROUTE: PATCH /api/v1/checklists/versions/{id} — head fields of a draft. */
int checklist_version_patch_handler(zf_req *r){
  catalog_version_in in;
  json_t *pCur;
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_checklist, r, "id", &id);
  if( rc ) return rc;
  pCur = catalog_version_json(&catalog_reg_checklist, r->pDb, id);
  if( pCur==0 ) return ZF_EINTERNAL;
  json_object_update(pCur, r->pBody);
  catalog_version_from_json(pCur, &in);
  in.copyFrom = 0;
  rc = catalog_version_update(&catalog_reg_checklist, r->pDb, r->who.zUsername, id, &in, &r->err);
  json_decref(pCur);
  if( rc ) return rc;
  return http_reply(r, 200, checklist_full_json(r->pDb, id));
}

/* ROUTE: POST /api/v1/checklists/versions/{id}/publish */
int checklist_version_publish_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_checklist, r, "id", &id);
  if( rc ) return rc;
  rc = catalog_version_publish(&catalog_reg_checklist, r->pDb, r->who.zUsername, id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, checklist_full_json(r->pDb, id));
}

/* ROUTE: POST /api/v1/checklists/versions/{id}/void — {"reason"} */
int checklist_version_void_handler(zf_req *r){
  int64_t id;
  int rc = catalog_version_id_or_reply(&catalog_reg_checklist, r, "id", &id);
  if( rc ) return rc;
  rc = catalog_version_void(&catalog_reg_checklist, r->pDb, r->who.zUsername, id,
                            json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, checklist_full_json(r->pDb, id));
}

/* ROUTE: POST /api/v1/checklists/versions/{id}/items — adds a line to a draft. */
int checklist_item_create_handler(zf_req *r){
  checklist_item_in in;
  int64_t v, id;
  int rc = catalog_version_id_or_reply(&catalog_reg_checklist, r, "id", &v);
  if( rc ) return rc;
  checklist_item_from_json(r->pBody, &in);
  rc = checklist_item_add(r->pDb, r->who.zUsername, v, &in, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, checklist_item_json(r->pDb, id));
}

/* Reads {id} as a line id that exists. */
static int checklist_item_id_or_reply(zf_req *r, int64_t *pId){
  const char *z = http_param(r, "id");
  int64_t v;
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || *zEnd || *pId<=0 || checklist_item_version(r->pDb, *pId, &v)!=ZF_OK ){
    return http_fail(r, ZF_ENOTFOUND, "id", "检查项不存在：%.20s", z ? z : "");
  }
  return ZF_OK;
}

/* ROUTE: PATCH /api/v1/checklists/items/{id} — only lines of drafts. */
int checklist_item_patch_handler(zf_req *r){
  checklist_item_in in;
  json_t *pCur;
  int64_t id;
  int rc = checklist_item_id_or_reply(r, &id);
  if( rc ) return rc;
  pCur = checklist_item_json(r->pDb, id);
  if( pCur==0 ) return ZF_EINTERNAL;
  json_object_update(pCur, r->pBody);
  checklist_item_from_json(pCur, &in);
  rc = checklist_item_update(r->pDb, r->who.zUsername, id, &in, &r->err);
  json_decref(pCur);
  if( rc ) return rc;
  return http_reply(r, 200, checklist_item_json(r->pDb, id));
}

/* ROUTE: DELETE /api/v1/checklists/items/{id} — removes a line from a draft. */
int checklist_item_delete_handler(zf_req *r){
  int64_t id;
  int rc = checklist_item_id_or_reply(r, &id);
  if( rc ) return rc;
  rc = checklist_item_remove(r->pDb, r->who.zUsername, id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 204, 0);
}
