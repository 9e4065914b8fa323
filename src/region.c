/*
** region.c — the region tree.
**
** Rows come from the embedded CSV (code,name,parent,level), read with
** libcsv. Each row's path is its parent's path plus "code/", so "is X inside
** Y's subtree" is a prefix test on plain text (portable to PostgreSQL).
*/
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/embed.h"
#include "core/log.h"
#include "region.h"

typedef struct region_row { char zCode[16], zName[96], zParent[16], zLevel[16]; } region_row;

typedef struct region_parse {
  region_row *aRow;
  int nRow, nAlloc;
  int iField;
  int isHeader;
  region_row cur;
} region_parse;

static void region_cb_field(void *s, size_t n, void *pArg){
  region_parse *p = pArg;
  char *aDst[4] = { p->cur.zCode, p->cur.zName, p->cur.zParent, p->cur.zLevel };
  size_t aMax[4] = { sizeof p->cur.zCode, sizeof p->cur.zName, sizeof p->cur.zParent,
                     sizeof p->cur.zLevel };
  if( p->iField<4 ){
    if( n>=aMax[p->iField] ) n = aMax[p->iField] - 1;
    memcpy(aDst[p->iField], s, n);
    aDst[p->iField][n] = 0;
  }
  p->iField++;
}

static void region_cb_row(int c, void *pArg){
  region_parse *p = pArg;
  (void)c;
  if( p->isHeader ){
    p->isHeader = 0;
  }else if( p->iField>=4 ){
    if( p->nRow>=p->nAlloc ){
      p->nAlloc = p->nAlloc ? p->nAlloc*2 : 2048;
      p->aRow = realloc(p->aRow, sizeof(region_row)*p->nAlloc);
    }
    if( p->aRow ) p->aRow[p->nRow++] = p->cur;
  }
  p->iField = 0;
  memset(&p->cur, 0, sizeof p->cur);
}

static int region_level_rank(const char *z){
  if( strcmp(z, "province")==0 ) return 0;
  if( strcmp(z, "city")==0 ) return 1;
  if( strcmp(z, "county")==0 ) return 2;
  return 3;
}

static int region_cmp(const void *a, const void *b){
  const region_row *x = a, *y = b;
  int d = region_level_rank(x->zLevel) - region_level_rank(y->zLevel);
  return d ? d : strcmp(x->zCode, y->zCode);
}

int region_load_reference(zf_db *pDb, const char *zActor, zf_error *e){
  static const char zIns[] =
    "INSERT INTO region(code, name, parent, level, path) VALUES(?,?,?,?,"
    " COALESCE((SELECT path FROM region WHERE code=?), '/') || ? || '/')";
  const zf_asset *pCsv = embed_find(zf_ref_assets, zf_ref_nassets, "regions-jiangxi.csv");
  struct csv_parser csv;
  region_parse p;
  int i, rc = ZF_OK;
  json_t *pChange;
  if( pCsv==0 ) return err_set(e, ZF_EINTERNAL, 0, "缺少内置的区划数据");
  memset(&p, 0, sizeof p);
  p.isHeader = 1;
  if( csv_init(&csv, CSV_STRICT | CSV_APPEND_NULL)!=0 ) return ZF_EINTERNAL;
  if( csv_parse(&csv, pCsv->pData, pCsv->nData, region_cb_field, region_cb_row, &p)!=pCsv->nData ){
    rc = err_set(e, ZF_EINTERNAL, 0, "区划数据格式错误：%s", csv_strerror(csv_error(&csv)));
  }
  csv_fini(&csv, region_cb_field, region_cb_row, &p);
  csv_free(&csv);
  if( rc==ZF_OK && p.aRow==0 ) rc = err_set(e, ZF_EINTERNAL, 0, "区划数据为空");
  if( rc ){ free(p.aRow); return rc; }
  qsort(p.aRow, p.nRow, sizeof p.aRow[0], region_cmp);
  rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && i<p.nRow; i++){
    region_row *x = &p.aRow[i];
    rc = db_exec(pDb, zIns, "ssssss", x->zCode, x->zName, x->zParent[0] ? x->zParent : 0,
                 x->zLevel, x->zParent, x->zCode);
  }
  if( rc==ZF_OK ){
    pChange = json_pack("{s:s,s:i}", "source", "regions-jiangxi.csv", "rows", p.nRow);
    rc = audit_append(pDb, zActor, "region.load", "region", "*", "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  free(p.aRow);
  if( rc && (e==0 || e->message[0]==0) ) return err_set(e, rc, 0, "区划数据导入失败");
  if( rc ) return rc;
  return ZF_OK;
}

void region_code_of_path(const char *zPath, char *zOut, size_t n){
  size_t len = strlen(zPath);
  const char *z;
  while( len>1 && zPath[len-1]=='/' ) len--;
  for(z = zPath + len; z>zPath && z[-1]!='/'; z--){}
  snprintf(zOut, n, "%.*s", (int)(zPath + len - z), z);
}

void region_path_end(const char *zPath, char *zEnd, size_t n){
  size_t len = strlen(zPath);
  snprintf(zEnd, n, "%s", zPath);
  if( len>0 && len<n && zEnd[len-1]=='/' ) zEnd[len-1]++;
}

int region_name(zf_db *pDb, const char *zCode, char *zName, size_t n){
  static const char zSql[] = "SELECT name FROM region WHERE code=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zCode);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zName, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

static json_t *region_json(zf_stmt *pStmt){
  json_t *p = json_pack("{s:s,s:s,s:s}", "code", db_text(pStmt, 0),
                        "name", db_text(pStmt, 1), "level", db_text(pStmt, 3));
  json_object_set_new(p, "parent", db_column_type(pStmt, 2)==DB_NULL
                      ? json_null() : json_string(db_text(pStmt, 2)));
  json_object_set_new(p, "has_children", json_boolean(db_column_int(pStmt, 4)));
  return p;
}

/*
** ROUTE: GET /api/v1/regions
** Children of ?parent= (default: the account's own scope region, returned
** as a one-item list). Only regions inside the account's scope are listed.
*/
int region_list_handler(zf_req *r){
  static const char zOne[] =
    "SELECT code, name, parent, level,"
    " EXISTS(SELECT 1 FROM region c WHERE c.parent=region.code) FROM region WHERE code=?";
  static const char zKids[] =
    "SELECT code, name, parent, level,"
    " EXISTS(SELECT 1 FROM region c WHERE c.parent=region.code)"
    " FROM region WHERE parent=? ORDER BY code";
  const char *zParent = http_query(r, "parent");
  zf_stmt *pStmt;
  json_t *pItems = json_array();
  int rc;
  if( zParent && !auth_in_scope(r->pDb, &r->who, zParent) ){
    json_decref(pItems);
    return http_fail(r, ZF_ESCOPE, "parent", "区划 %.20s 不在本账号的管辖范围内", zParent);
  }
  pStmt = db_stmt(r->pDb, zParent ? zKids : zOne);
  if( pStmt==0 ){ json_decref(pItems); return ZF_EINTERNAL; }
  db_bind(pStmt, "s", zParent ? zParent : r->who.zScope);
  while( (rc = db_step(pStmt))==1 ) json_array_append_new(pItems, region_json(pStmt));
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:n}", "items", pItems, "next_cursor"));
}
