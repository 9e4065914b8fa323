/*
** industry.c — the GB/T 4754-2017 code table.
**
** The embedded CSV (code,level,section,name) is parsed once per process
** into a sorted array that answers lookups without the database (imports
** check hundreds of thousands of codes); the same rows are loaded into the
** `industry` table for SQL joins and filters. A class whose group has a
** single class shares the group's digits ("0190 其他农业" has no group
** "019" row): its parent is then the division.
*/
#include <csv.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/embed.h"
#include "core/log.h"
#include "industry.h"

typedef struct industry_row {
  int iLine;                  /* order in the file: the first of a repeated code wins */
  char zCode[8];
  char zSection[2];
  int level;
  char zName[128];
} industry_row;

static industry_row *industry_rows;
static int industry_nrows;
static pthread_once_t industry_once = PTHREAD_ONCE_INIT;

typedef struct industry_parse {
  industry_row cur;
  int iField, isHeader, nAlloc;
} industry_parse;

static void industry_cb_field(void *s, size_t n, void *pArg){
  industry_parse *p = pArg;
  char zLevel[4];
  switch( p->iField ){
    case 0: if( n<sizeof p->cur.zCode ){ memcpy(p->cur.zCode, s, n); p->cur.zCode[n] = 0; } break;
    case 1:
      if( n<sizeof zLevel ){ memcpy(zLevel, s, n); zLevel[n] = 0; p->cur.level = atoi(zLevel); }
      break;
    case 2: if( n==1 ){ p->cur.zSection[0] = *(char*)s; p->cur.zSection[1] = 0; } break;
    case 3: if( n<sizeof p->cur.zName ){ memcpy(p->cur.zName, s, n); p->cur.zName[n] = 0; } break;
  }
  p->iField++;
}

static void industry_cb_row(int c, void *pArg){
  industry_parse *p = pArg;
  (void)c;
  if( p->isHeader ){
    p->isHeader = 0;
  }else if( p->iField>=4 && p->cur.zCode[0] && p->cur.level>=1 && p->cur.level<=4 ){
    if( industry_nrows>=p->nAlloc ){
      industry_row *pNew;
      p->nAlloc = p->nAlloc ? p->nAlloc*2 : 2048;
      pNew = realloc(industry_rows, sizeof(industry_row)*p->nAlloc);
      if( pNew==0 ){ p->iField = 0; return; }
      industry_rows = pNew;
    }
    p->cur.iLine = industry_nrows;
    industry_rows[industry_nrows++] = p->cur;
  }
  p->iField = 0;
  memset(&p->cur, 0, sizeof p->cur);
}

static int industry_cmp(const void *a, const void *b){
  return strcmp(((const industry_row*)a)->zCode, ((const industry_row*)b)->zCode);
}

static int industry_cmp_line(const void *a, const void *b){
  int c = industry_cmp(a, b);
  return c ? c : ((const industry_row*)a)->iLine - ((const industry_row*)b)->iLine;
}

/* Parses the embedded CSV into industry_rows (sorted by code). */
static void industry_init(void){
  const zf_asset *pCsv = embed_find(zf_ref_assets, zf_ref_nassets, "gbt4754-2017-industries.csv");
  struct csv_parser csv;
  industry_parse p;
  if( pCsv==0 ){ log_error("embedded GB/T 4754 table missing"); return; }
  memset(&p, 0, sizeof p);
  p.isHeader = 1;
  if( csv_init(&csv, CSV_STRICT | CSV_APPEND_NULL)!=0 ) return;
  if( csv_parse(&csv, pCsv->pData, pCsv->nData, industry_cb_field, industry_cb_row, &p)!=pCsv->nData ){
    log_error("GB/T 4754 table: %s", csv_strerror(csv_error(&csv)));
  }
  csv_fini(&csv, industry_cb_field, industry_cb_row, &p);
  csv_free(&csv);
  qsort(industry_rows, industry_nrows, sizeof industry_rows[0], industry_cmp_line);
  /* The shipped file names group 374 twice (航空、航天器及设备制造 and, wrongly,
  ** 飞机制造, which is class 3741): keep the first of each code. */
  {
    int i, j = 0;
    for(i=0; i<industry_nrows; i++){
      if( j>0 && strcmp(industry_rows[j-1].zCode, industry_rows[i].zCode)==0 ) continue;
      industry_rows[j++] = industry_rows[i];
    }
    industry_nrows = j;
  }
}

static const industry_row *industry_get(const char *zNorm){
  industry_row key;
  pthread_once(&industry_once, industry_init);
  if( industry_rows==0 || strlen(zNorm)>=sizeof key.zCode ) return 0;
  strcpy(key.zCode, zNorm);
  return bsearch(&key, industry_rows, industry_nrows, sizeof key, industry_cmp);
}

int industry_normalize(const char *zIn, char *zOut, size_t n){
  const char *z = zIn ? zIn : "";
  size_t len, i, j = 0;
  while( *z==' ' || *z=='\t' ) z++;
  len = strlen(z);
  while( len>0 && (z[len-1]==' ' || z[len-1]=='\t' || z[len-1]=='\r' || z[len-1]=='\n') ) len--;
  if( n==0 ) return 0;
  if( len==1 && isalpha((unsigned char)z[0]) ){
    if( n<2 ) return 0;
    zOut[0] = (char)toupper((unsigned char)z[0]);
    zOut[1] = 0;
    return 1;
  }
  i = (len>0 && isalpha((unsigned char)z[0])) ? 1 : 0;
  if( len-i<2 || len-i>4 || len-i+1>n ){ zOut[0] = 0; return 0; }
  for(; i<len; i++){
    if( !isdigit((unsigned char)z[i]) ){ zOut[0] = 0; return 0; }
    zOut[j++] = z[i];
  }
  zOut[j] = 0;
  return 1;
}

const char *industry_lookup(const char *zCode, char zNorm[8]){
  const industry_row *p;
  char zTmp[8];
  const char *z = zCode ? zCode : "";
  if( !industry_normalize(z, zTmp, sizeof zTmp) ) return 0;
  p = industry_get(zTmp);
  if( p==0 ) return 0;
  while( *z==' ' || *z=='\t' ) z++;
  /* "C2614": the letter must be the class's own section */
  if( isalpha((unsigned char)z[0]) && isdigit((unsigned char)z[1])
   && toupper((unsigned char)z[0])!=p->zSection[0] ){
    return 0;
  }
  memcpy(zNorm, zTmp, sizeof zTmp);
  return p->zName;
}

int industry_check(const char *zCode, char zNorm[8], const char *zField, zf_error *e){
  char zTmp[8];
  if( zCode==0 || zCode[0]==0 ) return err_set(e, ZF_EINVAL, zField, "请填写国民经济行业代码");
  if( !industry_normalize(zCode, zTmp, sizeof zTmp) ){
    return err_set(e, ZF_EINVAL, zField,
      "国民经济行业代码“%.20s”格式不正确（应为门类字母或 2–4 位数字，如 C2614 或 2614）", zCode);
  }
  if( industry_lookup(zCode, zNorm)==0 ){
    return err_set(e, ZF_EINVAL, zField, "国民经济行业代码“%.20s”不在 GB/T 4754-2017 中", zCode);
  }
  return ZF_OK;
}

char industry_section(const char *zNorm){
  const industry_row *p = industry_get(zNorm ? zNorm : "");
  return p ? p->zSection[0] : 0;
}

int industry_load_reference(zf_db *pDb, const zf_who *pActor, zf_error *e){
  const char *zActor = auth_actor(pActor);
  static const char zIns[] =
    "INSERT OR IGNORE INTO industry(code, level, section, name) VALUES(?,?,?,?)";
  json_t *pChange;
  int i, rc, nNew = 0;
  pthread_once(&industry_once, industry_init);
  if( industry_nrows==0 ) return err_set(e, ZF_EINTERNAL, 0, "缺少内置的国民经济行业分类数据");
  rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && i<industry_nrows; i++){
    const industry_row *p = &industry_rows[i];
    rc = db_exec(pDb, zIns, "sdss", p->zCode, p->level, p->zSection, p->zName);
    nNew += db_changes(pDb);
  }
  if( rc==ZF_OK && nNew>0 ){
    pChange = json_pack("{s:s,s:i}", "source", "gbt4754-2017-industries.csv", "rows", nNew);
    rc = audit_append(pDb, zActor, "industry.load", "industry", "*", "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "国民经济行业分类数据导入失败") : ZF_OK;
}

/* The parent of a stored code: section letter, division or group. */
static void industry_parent(const industry_row *p, char *zOut){
  zOut[0] = 0;
  if( p->level==2 ){
    strcpy(zOut, p->zSection);
  }else if( p->level==3 ){
    memcpy(zOut, p->zCode, 2); zOut[2] = 0;
  }else if( p->level==4 ){
    memcpy(zOut, p->zCode, 3); zOut[3] = 0;
    if( industry_get(zOut)==0 ) zOut[2] = 0;
  }
}

static json_t *industry_json(const industry_row *p){
  char zParent[8];
  json_t *pObj;
  industry_parent(p, zParent);
  pObj = json_pack("{s:s,s:s,s:i,s:s,s:s}", "code", p->zCode, "name", p->zName,
                   "level", p->level, "section", p->zSection, "label", "");
  json_object_set_new(pObj, "label", p->level==1 ? json_sprintf("%s %s", p->zCode, p->zName)
                      : json_sprintf("%s%s %s", p->zSection, p->zCode, p->zName));
  json_object_set_new(pObj, "parent", zParent[0] ? json_string(zParent) : json_null());
  return pObj;
}

/*
** ROUTE: GET /api/v1/industries
** ?parent=CODE: the children of a code (no parent: the 20 sections);
** ?q=: codes starting with q (either form) or names containing q, at most
** ?limit= (default 50). Served from the embedded table.
*/
int industry_list_handler(zf_req *r){
  const char *zParent = http_query(r, "parent"), *zQ = http_query(r, "q");
  char zNorm[8] = "", zP[8];
  json_t *pItems = json_array();
  int i, limit, n = 0, hasCode;
  int64_t cursor;
  int rc = http_page(r, &limit, &cursor);
  if( rc ){ json_decref(pItems); return rc; }
  pthread_once(&industry_once, industry_init);
  if( zParent && industry_lookup(zParent, zNorm)==0 ){
    json_decref(pItems);
    return http_fail(r, ZF_EINVAL, "parent", "国民经济行业代码“%.20s”不在 GB/T 4754-2017 中", zParent);
  }
  hasCode = zQ && industry_normalize(zQ, zP, sizeof zP);
  for(i=0; i<industry_nrows && n<limit; i++){
    const industry_row *p = &industry_rows[i];
    char zPar[8];
    if( zQ ){
      int byCode = hasCode && strncmp(p->zCode, zP, strlen(zP))==0;
      if( !byCode && strstr(p->zName, zQ)==0 ) continue;
    }else{
      industry_parent(p, zPar);
      if( zParent ? strcmp(zPar, zNorm)!=0 : p->level!=1 ) continue;
    }
    json_array_append_new(pItems, industry_json(p));
    n++;
  }
  return http_reply(r, 200, json_pack("{s:o,s:n}", "items", pItems, "next_cursor"));
}
