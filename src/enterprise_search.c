/*
** enterprise_search.c — SEARCH FUNCTIONS (SQLite-specific: FTS5, INDEXED
** BY). Everything else in the ledger is plain SQL.
**
** The name index. enterprise_fts is a contentless FTS5 table with the
** trigram tokenizer. Each enterprise name is indexed as its characters
** with U+001F before, between and after them: "南昌机械" is stored as
** "␟南␟昌␟机␟械␟", whose trigram tokens are "␟南␟" (one character) and
** "南␟昌" (a pair). A fragment of k characters is then the phrase
** "c1␟c2␟…␟ck" (one token for k = 2, 2k−3 consecutive tokens for k ≥ 3),
** so fragments of two characters — the common case in Chinese — are
** indexed as well as longer ones, which plain trigrams cannot do.
**
** The plan. A page is ordered and limited, so its cost depends on how the
** matches lie in that order. Before each page two bounded counts decide
** (each stops at its cap, so it costs at most that many index entries):
**   'f' / 'u'  few rows carry the fragment (FTS) or code prefix (index):
**              fetch those, filter, sort — cost ~ matches;
**   's'        the scope (region subtree) is small: walk it and sort;
**   'F'        a name fragment in the default order (registration order,
**              i.e. by id): walk the fragment's matches in the name index,
**              which come in rowid order, until the page is full — cost ~
**              page size, however common the fragment (ascending: FTS5
**              walks a doclist backwards only by loading all of it);
**   'o'        otherwise walk the order's own index (name, last change,
**              rowid, credit code) from the cursor, filtering row by row.
**              Cheap when matches are spread through that order; a name
**              sort of a fragment that clusters (a place name at the start
**              of names) can walk far — which is why searches default to
**              the 'F' order.
** Every plan applies every condition, including `name LIKE %q%` (so the
** results are exact whatever the index returned); the plans differ only in
** which index drives them.
*/
#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "core/log.h"
#include "enterprise_search.h"
#include "industry.h"

#define ENT_SEP "\x1f"
/* Plan thresholds (tuning, not rules): above capMatch matches, walk in
** sort order; below capScope rows in scope, walk the scope. */
static int ent_cap_match = 1000;
static int ent_cap_scope = 2000;
#define ENT_CAP_MATCH ent_cap_match
#define ENT_CAP_SCOPE ent_cap_scope


static _Thread_local char ent_plan_last = 0;
char ent_search_last_plan(void){ return ent_plan_last; }

/* ---- the index ----------------------------------------------------------- */

/* Interleaves the characters of z with U+001F into zOut (size n); wrap
** adds one before and after too. Returns 0 when zOut is too small. */
static int ent_grams(const char *z, char *zOut, size_t n, int wrap){
  size_t j = 0;
  int first = 1;
  if( n<3 ) return 0;
  if( wrap ) zOut[j++] = '\x1f';
  while( *z ){
    size_t k = 1;
    while( (z[k] & 0xC0)==0x80 ) k++;
    if( j + k + 3 > n ) return 0;
    if( !first ) zOut[j++] = '\x1f';
    memcpy(zOut + j, z, k);
    j += k;
    z += k;
    first = 0;
  }
  if( wrap ) zOut[j++] = '\x1f';
  zOut[j] = 0;
  return 1;
}

int ent_search_index(zf_db *pDb, int64_t id, const char *zOld, const char *zNew){
  static const char zDel[] =
    "INSERT INTO enterprise_fts(enterprise_fts, rowid, grams) VALUES('delete', ?, ?)";
  static const char zIns[] = "INSERT INTO enterprise_fts(rowid, grams) VALUES(?, ?)";
  char zBuf[1024];
  int rc = ZF_OK;
  if( zOld && ent_grams(zOld, zBuf, sizeof zBuf, 1) ) rc = db_exec(pDb, zDel, "is", id, zBuf);
  if( rc==ZF_OK && zNew && ent_grams(zNew, zBuf, sizeof zBuf, 1) ) rc = db_exec(pDb, zIns, "is", id, zBuf);
  return rc;
}

/* The FTS5 query for a fragment: one phrase ("␟c␟" for one character,
** "c1␟c2␟…" for more), double quotes doubled. 0 when too long. */
static int ent_match_expr(const char *zFrag, char *zOut, size_t n){
  char zGrams[800];
  size_t i, j = 0;
  if( !ent_grams(zFrag, zGrams, sizeof zGrams, json_utf8_len(zFrag)==1) || n<4 ) return 0;
  zOut[j++] = '"';
  for(i=0; zGrams[i]; i++){
    if( j + 3 >= n ) return 0;
    if( zGrams[i]=='"' ) zOut[j++] = '"';
    zOut[j++] = zGrams[i];
  }
  zOut[j++] = '"';
  zOut[j] = 0;
  return 1;
}

/* ---- the query ------------------------------------------------------------ */

static const char ent_code_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

void ent_query_scope(ent_query *pQ, const char *zPath){
  size_t n = strlen(zPath);
  snprintf(pQ->zPathLo, sizeof pQ->zPathLo, "%s", zPath);
  snprintf(pQ->zPathHi, sizeof pQ->zPathHi, "%s", zPath);
  /* "/a/b/" → "/a/b0": every path below starts with "/a/b/" and '/' < '0' */
  if( n>0 && n<sizeof pQ->zPathHi ) pQ->zPathHi[n-1] = '0';
}

int ent_query_set_q(ent_query *pQ, const char *zIn, zf_error *e){
  char z[256];
  size_t i, n, nDigit = 0, len;
  int code = 1;
  const char *s = zIn ? zIn : "";
  while( *s==' ' ) s++;
  snprintf(z, sizeof z, "%s", s);
  n = strlen(z);
  while( n>0 && z[n-1]==' ' ) z[--n] = 0;
  pQ->zQ[0] = 0;
  pQ->qIsCode = 0;
  pQ->sort = ENT_SORT_NAME;
  if( n==0 ) return ZF_OK;
  if( !json_utf8_valid(z, n) ) return err_set(e, ZF_EUTF8, "q", "参数 q 包含非法的 UTF-8 字符");
  for(i=0; i<n; i++){
    char c = (char)toupper((unsigned char)z[i]);
    if( strchr(ent_code_chars, c)==0 || c==0 ){ code = 0; break; }
    if( isdigit((unsigned char)c) ) nDigit++;
  }
  if( code && nDigit>0 && n>=2 && n<=18 ){
    for(i=0; i<n; i++) pQ->zQ[i] = (char)toupper((unsigned char)z[i]);
    pQ->zQ[n] = 0;
    pQ->qIsCode = 1;
    pQ->sort = ENT_SORT_CODE;
    return ZF_OK;
  }
  len = json_utf8_len(z);
  if( len<2 ) return err_set(e, ZF_EINVAL, "q", "搜索企业名称至少需要 2 个字（或输入统一社会信用代码的开头）");
  if( len>50 ) return err_set(e, ZF_EINVAL, "q", "搜索关键词不能超过 50 个字");
  for(i=0; i<n; i++){
    if( (unsigned char)z[i]<0x20 ) return err_set(e, ZF_EINVAL, "q", "搜索关键词不能包含控制字符");
  }
  memcpy(pQ->zQ, z, n + 1);
  pQ->sort = ENT_SORT_REGISTERED;
  return ZF_OK;
}

/* A code of a choice table, or NULL (after recording the problem). */
static const char *ent_param_choice(zf_req *r, const char *zName, const ent_choice *a, int *pRc){
  const char *z = http_query(r, zName);
  int i;
  if( z==0 ) return 0;
  for(i=0; a[i].zCode; i++) if( strcmp(a[i].zCode, z)==0 ) return a[i].zCode;
  *pRc = http_fail(r, ZF_EINVAL, zName, "参数 %s 的值“%.40s”无效", zName, z);
  return 0;
}

int ent_query_from_request(zf_req *r, ent_query *pQ){
  const char *zRegion = http_query(r, "region"), *zInd = http_query(r, "industry");
  const char *zSort = http_query(r, "sort");
  int rc = ZF_OK;
  memset(pQ, 0, sizeof *pQ);
  ent_query_scope(pQ, r->who.zScopePath);
  if( ent_query_set_q(pQ, http_query(r, "q"), &r->err) ) return r->err.rc;
  if( zRegion ){
    ent_ctx c;
    ent_region reg;
    ent_ctx_init(&c, r->pDb, &r->who, 0);
    if( ent_region_get(&c, zRegion, &reg)==0 ){
      return http_fail(r, ZF_EINVAL, "region", "区划代码 %.20s 不存在", zRegion);
    }
    if( !ent_in_scope(&c, reg.zPath) ){
      return http_fail(r, ZF_ESCOPE, "region", "区划 %.20s（%s）不在您的管辖范围内", zRegion, reg.zName);
    }
    ent_query_scope(pQ, reg.zPath);
  }
  pQ->zSector = ent_param_choice(r, "sector", enterprise_sectors, &rc);
  pQ->zLevel = ent_param_choice(r, "level", enterprise_levels, &rc);
  pQ->zStatus = ent_param_choice(r, "status", enterprise_statuses, &rc);
  pQ->zHazard = ent_param_choice(r, "hazard", enterprise_hazards, &rc);
  if( rc ) return rc;
  if( zInd ){
    char zNorm[8];
    if( industry_lookup(zInd, zNorm)==0 ){
      return http_fail(r, ZF_EINVAL, "industry", "国民经济行业代码“%.20s”不在 GB/T 4754-2017 中", zInd);
    }
    if( isalpha((unsigned char)zNorm[0]) ) pQ->cSection = zNorm[0];
    else memcpy(pQ->zIndustry, zNorm, sizeof zNorm);
  }
  if( zSort ){
    static const char *azSort[] = { "name", "updated", "registered", "code" };
    int k;
    for(k=0; k<4 && strcmp(zSort, azSort[k]); k++){}
    if( k==4 ) return http_fail(r, ZF_EINVAL, "sort", "参数 sort 应为 name、updated、registered 或 code");
    pQ->sort = k;
  }
  return ZF_OK;
}

/* ---- cursors ---------------------------------------------------------------- */

void ent_cursor_encode(const ent_cursor *p, char *zOut, size_t n){
  char zRaw[600];
  int len = snprintf(zRaw, sizeof zRaw, "%s" ENT_SEP "%lld", p->zKey, (long long)p->id);
  if( len<0 || (size_t)len>=sizeof zRaw || n<sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) ){
    if( n ) zOut[0] = 0;
    return;
  }
  sodium_bin2base64(zOut, n, (const unsigned char*)zRaw, (size_t)len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int ent_cursor_decode(const char *z, ent_cursor *p){
  unsigned char aRaw[600];
  size_t n;
  char *zSep, *zEnd;
  memset(p, 0, sizeof *p);
  if( sodium_base642bin(aRaw, sizeof aRaw - 1, z, strlen(z), 0, &n, 0,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING)!=0 ) return 0;
  aRaw[n] = 0;
  if( memchr(aRaw, 0, n) ) return 0;
  zSep = strrchr((char*)aRaw, '\x1f');
  if( zSep==0 || (size_t)(zSep - (char*)aRaw)>=sizeof p->zKey ) return 0;
  *zSep = 0;
  p->id = strtoll(zSep + 1, &zEnd, 10);
  if( *zEnd || p->id<=0 || !json_utf8_valid((char*)aRaw, strlen((char*)aRaw)) ) return 0;
  snprintf(p->zKey, sizeof p->zKey, "%.511s", (char*)aRaw);
  p->set = 1;
  return 1;
}

/* ---- the page ------------------------------------------------------------------ */

/* Conditions every plan applies (parameters ?3–?13; ?1 ?2 the scope). */
#define ENT_FILTERS \
  " AND (?3 IS NULL OR e.sector=?3 OR e.sector LIKE ?4)" \
  " AND (?5 IS NULL OR e.supervising_level=?5)" \
  " AND (?6 IS NULL OR e.status=?6)" \
  " AND (?7 IS NULL OR (e.hazards & ?7)<>0)" \
  " AND (?8 IS NULL OR (+e.industry>=?8 AND +e.industry<?9))" \
  " AND (?10 IS NULL OR +e.industry IN (SELECT code FROM industry WHERE section=?10))" \
  " AND (?11 IS NULL OR e.name LIKE ?11 ESCAPE '\\')" \
  " AND (?12 IS NULL OR (+e.uscc>=?12 AND +e.uscc<?13))"
#define ENT_SCOPE_PLAIN " AND +e.region_path>=?1 AND +e.region_path<?2"
#define ENT_FROM "SELECT " ENT_LIST_COLS " FROM enterprise e"
#define ENT_JOIN " LEFT JOIN region r ON r.code=e.region"

/* Keyset conditions and orders, by ENT_SORT_*. */
#define ENT_BY_NAME " AND (e.name, e.id)>(?14, ?15) ORDER BY e.name, e.id LIMIT ?16"
#define ENT_BY_UPDATED " AND (e.updated_at, e.id)<(?14, ?15) ORDER BY e.updated_at DESC, e.id DESC LIMIT ?16"
#define ENT_BY_REGISTERED " AND e.id>?15 ORDER BY e.id LIMIT ?16"
#define ENT_BY_CODE " AND e.uscc>?14 AND e.uscc<?18 ORDER BY e.uscc LIMIT ?16"

#define ENT_PLAN_FTS(ORDER) ENT_FROM " NOT INDEXED" ENT_JOIN \
  " WHERE e.id IN (SELECT rowid FROM enterprise_fts WHERE enterprise_fts MATCH ?17)" \
  ENT_SCOPE_PLAIN ENT_FILTERS ORDER
#define ENT_PLAN_CODE(ORDER) ENT_FROM " INDEXED BY enterprise_uscc" ENT_JOIN \
  " WHERE e.uscc>=?12 AND e.uscc<?13" ENT_SCOPE_PLAIN ENT_FILTERS ORDER
#define ENT_PLAN_SCOPE(ORDER) ENT_FROM " INDEXED BY enterprise_scope" ENT_JOIN \
  " WHERE e.region_path>=?1 AND e.region_path<?2" ENT_FILTERS ORDER
#define ENT_PLAN_ORDER(IDX, ORDER) ENT_FROM " " IDX ENT_JOIN \
  " WHERE 1" ENT_SCOPE_PLAIN ENT_FILTERS ORDER
#define ENT_PLAN_ROWID \
  "SELECT " ENT_LIST_COLS " FROM enterprise_fts f JOIN enterprise e ON e.id=f.rowid" ENT_JOIN \
  " WHERE enterprise_fts MATCH ?17 AND f.rowid>?15" ENT_SCOPE_PLAIN ENT_FILTERS \
  " ORDER BY f.rowid LIMIT ?16"

/* [sort][plan]: plans 0 'f', 1 'u', 2 's', 3 'o', 4 'F' (registered only). */
static const char *const ent_plans[4][5] = {
  { ENT_PLAN_FTS(ENT_BY_NAME), ENT_PLAN_CODE(ENT_BY_NAME), ENT_PLAN_SCOPE(ENT_BY_NAME),
    ENT_PLAN_ORDER("INDEXED BY enterprise_name", ENT_BY_NAME), 0 },
  { ENT_PLAN_FTS(ENT_BY_UPDATED), ENT_PLAN_CODE(ENT_BY_UPDATED), ENT_PLAN_SCOPE(ENT_BY_UPDATED),
    ENT_PLAN_ORDER("INDEXED BY enterprise_updated", ENT_BY_UPDATED), 0 },
  { ENT_PLAN_FTS(ENT_BY_REGISTERED), ENT_PLAN_CODE(ENT_BY_REGISTERED), ENT_PLAN_SCOPE(ENT_BY_REGISTERED),
    ENT_PLAN_ORDER("NOT INDEXED", ENT_BY_REGISTERED), ENT_PLAN_ROWID },
  { ENT_PLAN_FTS(ENT_BY_CODE), ENT_PLAN_CODE(ENT_BY_CODE), ENT_PLAN_SCOPE(ENT_BY_CODE),
    ENT_PLAN_ORDER("INDEXED BY enterprise_uscc", ENT_BY_CODE), 0 },
};

/* count(*) of a probe with one or two text parameters, stopping at cap;
** -1 on error. */
static int ent_probe(zf_db *pDb, const char *zSql, const char *z1, const char *z2, int cap){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = -1, i = 1;
  if( pStmt==0 ) return -1;
  db_bind_text(pStmt, i++, z1, -1, DB_STATIC);
  if( z2 ) db_bind_text(pStmt, i++, z2, -1, DB_STATIC);
  db_bind_int(pStmt, i, cap);
  if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/*
** How many enterprises a scope holds (capped), remembered for ten seconds
** per scope path: every list and search needs it to choose a plan, and it
** changes only as the ledger grows (a stale count just picks a slower
** plan; imports in this process forget the counts at once). Shared by the
** server's threads.
*/
#define ENT_SCOPE_SLOTS 64
static pthread_mutex_t ent_scope_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct { char zPath[128]; int n, cap; int64_t until; } ent_scope_cache[ENT_SCOPE_SLOTS];

void ent_search_forget(void){
  pthread_mutex_lock(&ent_scope_mutex);
  memset(ent_scope_cache, 0, sizeof ent_scope_cache);
  pthread_mutex_unlock(&ent_scope_mutex);
}

void ent_search_tune(int capMatch, int capScope){
  ent_cap_match = capMatch>0 ? capMatch : 1000;
  ent_cap_scope = capScope>0 ? capScope : 2000;
  ent_search_forget();
}

static int ent_scope_count(zf_db *pDb, const ent_query *pQ){
  static const char zScope[] =
    "SELECT count(*) FROM (SELECT 1 FROM enterprise INDEXED BY enterprise_scope"
    " WHERE region_path>=? AND region_path<? LIMIT ?)";
  int64_t now = clock_now();
  int i, n = -1, slot = 0;
  pthread_mutex_lock(&ent_scope_mutex);
  for(i=0; i<ENT_SCOPE_SLOTS; i++){
    if( strcmp(ent_scope_cache[i].zPath, pQ->zPathLo)==0 && ent_scope_cache[i].until>now
     && ent_scope_cache[i].cap==ENT_CAP_SCOPE ){
      n = ent_scope_cache[i].n;
      break;
    }
    if( ent_scope_cache[i].until < ent_scope_cache[slot].until ) slot = i;
  }
  pthread_mutex_unlock(&ent_scope_mutex);
  if( n>=0 ) return n;
  n = ent_probe(pDb, zScope, pQ->zPathLo, pQ->zPathHi, ENT_CAP_SCOPE);
  if( n<0 ) return ENT_CAP_SCOPE;
  pthread_mutex_lock(&ent_scope_mutex);
  snprintf(ent_scope_cache[slot].zPath, sizeof ent_scope_cache[slot].zPath, "%s", pQ->zPathLo);
  ent_scope_cache[slot].n = n;
  ent_scope_cache[slot].cap = ENT_CAP_SCOPE;
  ent_scope_cache[slot].until = now + 10;
  pthread_mutex_unlock(&ent_scope_mutex);
  return n;
}

/* Chooses the driving index: 0 'f', 1 'u', 2 's', 3 'o', 4 'F'. */
static int ent_choose(zf_db *pDb, const ent_query *pQ, const char *zMatch, const char *zCodeHi){
  static const char zFts[] =
    "SELECT count(*) FROM (SELECT 1 FROM enterprise_fts WHERE enterprise_fts MATCH ? LIMIT ?)";
  static const char zCode[] =
    "SELECT count(*) FROM (SELECT 1 FROM enterprise INDEXED BY enterprise_uscc"
    " WHERE uscc>=? AND uscc<? LIMIT ?)";
  int nMatch = ENT_CAP_MATCH, nScope, cand = pQ->qIsCode ? 1 : 0;
  /* The default orders of a search walk the matches in order ('F', or the
  ** code index for a code prefix), which never costs more than fetching
  ** every match: only a small scope does better. */
  if( pQ->zQ[0] && ((!pQ->qIsCode && pQ->sort==ENT_SORT_REGISTERED) || (pQ->qIsCode && pQ->sort==ENT_SORT_CODE)) ){
    nScope = ent_scope_count(pDb, pQ);
    if( nScope<ENT_CAP_SCOPE ){
      nMatch = pQ->qIsCode ? ent_probe(pDb, zCode, pQ->zQ, zCodeHi, nScope)
                           : ent_probe(pDb, zFts, zMatch, 0, nScope);
      if( nMatch>=nScope ) return 2;
    }
    return pQ->qIsCode ? 3 : 4;
  }
  if( pQ->zQ[0] ){
    nMatch = pQ->qIsCode ? ent_probe(pDb, zCode, pQ->zQ, zCodeHi, ENT_CAP_MATCH)
                         : ent_probe(pDb, zFts, zMatch, 0, ENT_CAP_MATCH);
    if( nMatch<0 ) nMatch = ENT_CAP_MATCH;
    if( nMatch<64 && nMatch<ENT_CAP_MATCH ) return cand;
  }
  nScope = ent_scope_count(pDb, pQ);
  if( pQ->zQ[0] && nMatch<ENT_CAP_MATCH && nMatch<=nScope ) return cand;
  if( nScope<ENT_CAP_SCOPE ) return 2;
  if( pQ->zQ[0] && !pQ->qIsCode && pQ->sort==ENT_SORT_REGISTERED ) return 4;
  return 3;
}

/* %fragment% with % _ \ escaped. */
static void ent_like(const char *zIn, char *zOut, size_t n){
  size_t j = 0;
  zOut[j++] = '%';
  for(; *zIn && j+3<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}

int ent_search_page(zf_db *pDb, const ent_query *pQ, ent_cursor *pCursor, int limit,
                    int (*xRow)(void*, zf_stmt*), void *pArg, int *pMore){
  char zMatch[1024] = "", zLike[600], zCodeHi[24], zSectorLike[32], zIndHi[12];
  zf_stmt *pStmt;
  int plan, rc, n = 0;
  *pMore = 0;
  if( pQ->zQ[0] && !pQ->qIsCode && !ent_match_expr(pQ->zQ, zMatch, sizeof zMatch) ) return ZF_EINVAL;
  snprintf(zCodeHi, sizeof zCodeHi, "%.18s\x7f", pQ->zQ);
  plan = ent_choose(pDb, pQ, zMatch, zCodeHi);
  ent_plan_last = "fusoF"[plan];
  pStmt = db_stmt(pDb, ent_plans[pQ->sort][plan]);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind_text(pStmt, 1, pQ->zPathLo, -1, DB_STATIC);
  db_bind_text(pStmt, 2, pQ->zPathHi, -1, DB_STATIC);
  if( pQ->zSector ){
    db_bind_text(pStmt, 3, pQ->zSector, -1, DB_STATIC);
    if( strchr(pQ->zSector, '.')==0 ){
      snprintf(zSectorLike, sizeof zSectorLike, "%s.%%", pQ->zSector);
      db_bind_text(pStmt, 4, zSectorLike, -1, DB_STATIC);
    }
  }
  if( pQ->zLevel ) db_bind_text(pStmt, 5, pQ->zLevel, -1, DB_STATIC);
  if( pQ->zStatus ) db_bind_text(pStmt, 6, pQ->zStatus, -1, DB_STATIC);
  if( pQ->zHazard ){
    int k;
    for(k=0; enterprise_hazards[k].zCode && strcmp(enterprise_hazards[k].zCode, pQ->zHazard); k++){}
    db_bind_int64(pStmt, 7, (int64_t)1<<k);
  }
  if( pQ->zIndustry[0] ){
    snprintf(zIndHi, sizeof zIndHi, "%s\x7f", pQ->zIndustry);
    db_bind_text(pStmt, 8, pQ->zIndustry, -1, DB_STATIC);
    db_bind_text(pStmt, 9, zIndHi, -1, DB_STATIC);
  }
  if( pQ->cSection ) db_bind_text(pStmt, 10, &pQ->cSection, 1, DB_STATIC);
  if( pQ->zQ[0] && !pQ->qIsCode ){
    ent_like(pQ->zQ, zLike, sizeof zLike);
    db_bind_text(pStmt, 11, zLike, -1, DB_STATIC);
    db_bind_text(pStmt, 17, zMatch, -1, DB_STATIC);
  }
  if( pQ->qIsCode ){
    db_bind_text(pStmt, 12, pQ->zQ, -1, DB_STATIC);
    db_bind_text(pStmt, 13, zCodeHi, -1, DB_STATIC);
  }
  if( pCursor->set ){
    db_bind_text(pStmt, 14, pCursor->zKey, -1, DB_TRANSIENT);   /* pCursor moves below */
    db_bind_int64(pStmt, 15, pCursor->id);
  }else if( pQ->sort==ENT_SORT_CODE && pQ->qIsCode ){
    db_bind_text(pStmt, 14, pQ->zQ, -1, DB_STATIC);           /* the walk starts at q */
  }else{
    db_bind_text(pStmt, 14, pQ->sort==ENT_SORT_UPDATED ? "9999" : "", -1, DB_STATIC);
    db_bind_int64(pStmt, 15, 0);
  }
  db_bind_int(pStmt, 16, limit + 1);
  if( pQ->sort==ENT_SORT_CODE ) db_bind_text(pStmt, 18, pQ->qIsCode ? zCodeHi : "\x7f", -1, DB_STATIC);
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ){ *pMore = 1; break; }
    n++;
    pCursor->set = 1;
    pCursor->id = db_column_int64(pStmt, 0);
    snprintf(pCursor->zKey, sizeof pCursor->zKey, "%s",
             pQ->sort==ENT_SORT_NAME ? db_text(pStmt, 1) : pQ->sort==ENT_SORT_UPDATED ? db_text(pStmt, 2)
             : pQ->sort==ENT_SORT_CODE ? db_text(pStmt, 3) : "");
    rc = xRow(pArg, pStmt);
    if( rc ){ rc = -rc; break; }
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* ---- the handler --------------------------------------------------------------- */

typedef struct ent_list_state { zf_db *pDb; json_t *pItems; } ent_list_state;

static int ent_list_row(void *pArg, zf_stmt *pStmt){
  ent_list_state *s = pArg;
  const char *zInd = db_text(pStmt, 7);
  char zNorm[8];
  const char *zIndName = industry_lookup(zInd, zNorm);
  unsigned hazards = (unsigned)db_column_int64(pStmt, 13);
  int major = db_column_int(pStmt, 14);
  json_t *pItem;
  pItem = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I}",
    "id", (json_int_t)db_column_int64(pStmt, 0), "name", db_text(pStmt, 1),
    "updated_at", db_text(pStmt, 2), "uscc", db_text(pStmt, 3), "address", db_text(pStmt, 4),
    "region", db_text(pStmt, 5), "region_name", db_text(pStmt, 6), "industry", zInd,
    "industry_name", zIndName ? zIndName : "", "sector", db_text(pStmt, 8),
    "sector_name", ent_choice_name(enterprise_sectors, db_text(pStmt, 8)),
    "supervising_level", db_text(pStmt, 9), "status", db_text(pStmt, 10),
    "version", (json_int_t)db_column_int64(pStmt, 12));
  json_object_set_new(pItem, "employees", db_column_type(pStmt, 11)==DB_NULL
                      ? json_null() : json_integer(db_column_int64(pStmt, 11)));
  json_object_set_new(pItem, "hazards", ent_hazards_json(hazards, major));
  json_array_append_new(s->pItems, pItem);
  return 0;
}

/* ?limit= (1–200, default 50) and the opaque ?cursor=. */
int ent_page_params(zf_req *r, int *pLimit, ent_cursor *pCursor){
  const char *zLimit = http_query(r, "limit"), *zCursor = http_query(r, "cursor");
  char *zEnd;
  long v;
  *pLimit = 50;
  memset(pCursor, 0, sizeof *pCursor);
  if( zLimit ){
    v = strtol(zLimit, &zEnd, 10);
    if( *zEnd || v<1 || v>200 ) return http_fail(r, ZF_EINVAL, "limit", "参数 limit 应为 1 到 200 之间的整数");
    *pLimit = (int)v;
  }
  if( zCursor && !ent_cursor_decode(zCursor, pCursor) ){
    return http_fail(r, ZF_EINVAL, "cursor", "参数 cursor 无效");
  }
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/enterprises
** The ledger inside the caller's scope: ?q= (name fragment of 2+
** characters, or the start of a credit code), ?region= (subtree),
** ?sector= ("trade" includes its sub-sectors), ?level=, ?status=,
** ?hazard=, ?industry= (section letter or code prefix),
** ?sort=name|updated|registered|code (default: name; with a fragment,
** registration order; with a code prefix, by code), cursor
** pagination.
*/
int enterprise_list_handler(zf_req *r){
  ent_query q;
  ent_cursor cur;
  ent_list_state s;
  int limit, more, rc;
  char zNext[1024];
  rc = ent_query_from_request(r, &q);
  if( rc==ZF_OK ) rc = ent_page_params(r, &limit, &cur);
  if( rc ) return rc;
  s.pDb = r->pDb;
  s.pItems = json_array();
  rc = ent_search_page(r->pDb, &q, &cur, limit, ent_list_row, &s, &more);
  if( rc ){ json_decref(s.pItems); return rc; }
  if( more ) ent_cursor_encode(&cur, zNext, sizeof zNext);
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", s.pItems,
                    "next_cursor", more ? json_string(zNext) : json_null()));
}
