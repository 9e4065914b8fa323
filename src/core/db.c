/*
** db.c — SQLite connections, statement cache, binding, transactions,
** migrations, per-thread connections, checkpoint and online backup.
**
** Durability: every connection runs WAL with synchronous=FULL, so a COMMIT
** that returned is on disk before the client hears 2xx (survives kill -9 and
** power loss). busy_timeout makes writers queue instead of failing.
*/
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db.h"
#include "embed.h"
#include "log.h"

#define DB_CACHE 1024        /* statement cache slots per connection (power of 2) */
#define DB_TRANSIENT_MAX 64  /* uncached statements alive until request end */
#define DB_BUSY_MS 10000     /* wait this long for a competing writer */

/*
** The statement cache is an open-addressing hash keyed by the address of
** the SQL text (modules pass static strings), so a lookup is a few pointer
** compares. aUsed lists the occupied slots for db_release(). Should the
** cache ever fill, further statements are prepared uncached and finalized
** at db_end_request(), never while a caller may still hold them.
*/
struct zf_db {
  sqlite3 *h;
  int inTx;                   /* transaction nesting depth */
  int doRollback;             /* an inner level rolled back: the outermost must too */
  int nCache;
  struct { const char *zKey; sqlite3_stmt *pStmt; } aCache[DB_CACHE];
  int aUsed[DB_CACHE];
  int nDirty;                 /* slots handed out since the last release */
  int aDirty[DB_CACHE];
  int nTransient;
  sqlite3_stmt *aTransient[DB_TRANSIENT_MAX];
};

/* A zf_stmt is an sqlite3_stmt seen from outside core/db. */
#define ST(p) ((sqlite3_stmt*)(p))
#define ZS(p) ((zf_stmt*)(p))

/* Maps an SQLite result code to a zf rc. */
static int db_rc(int sqliteRc){
  switch( sqliteRc & 0xff ){
    case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: return ZF_OK;
    case SQLITE_CONSTRAINT:
      if( sqliteRc==SQLITE_CONSTRAINT_UNIQUE || sqliteRc==SQLITE_CONSTRAINT_PRIMARYKEY ){
        return ZF_ECONFLICT;
      }
      return ZF_EINVAL;
    case SQLITE_BUSY: case SQLITE_LOCKED: return ZF_EBUSY;
    default: return ZF_EINTERNAL;
  }
}

/* Once per process, before the first connection: no memory statistics
** (they take a global mutex on every allocation; zhifa never reads them). */
static pthread_once_t db_global_once = PTHREAD_ONCE_INIT;
static void db_global_init(void){
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
** Opens zPath (":memory:" for tests) and applies the connection pragmas.
** On success *ppDb owns the connection; free with db_close().
*/
int db_open(const char *zPath, int flags, zf_db **ppDb){
  zf_db *p;
  int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc;
  *ppDb = 0;
  pthread_once(&db_global_once, db_global_init);
  if( flags & DB_READONLY ) oflags |= SQLITE_OPEN_READONLY;
  else oflags |= SQLITE_OPEN_READWRITE | ((flags & DB_CREATE) ? SQLITE_OPEN_CREATE : 0);
  p = calloc(1, sizeof *p);
  if( p==0 ) return ZF_EINTERNAL;
  rc = sqlite3_open_v2(zPath, &p->h, oflags, 0);
  if( rc!=SQLITE_OK ){
    log_error("cannot open database %s: %s", zPath, p->h ? sqlite3_errmsg(p->h) : "out of memory");
    sqlite3_close(p->h);
    free(p);
    return ZF_EINTERNAL;
  }
  sqlite3_busy_timeout(p->h, DB_BUSY_MS);
  sqlite3_extended_result_codes(p->h, 1);
  if( !(flags & DB_READONLY) ){
    rc = sqlite3_exec(p->h,
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=FULL;", 0, 0, 0);
  }
  if( rc==SQLITE_OK ){
    rc = sqlite3_exec(p->h,
      "PRAGMA foreign_keys=ON;"
      "PRAGMA trusted_schema=OFF;"
      "PRAGMA cache_size=-16000;", 0, 0, 0);
  }
  if( rc!=SQLITE_OK ){
    log_error("cannot configure database %s: %s", zPath, sqlite3_errmsg(p->h));
    sqlite3_close(p->h);
    free(p);
    return db_rc(rc);
  }
  *ppDb = p;
  return ZF_OK;
}

/* Finalizes cached statements and closes the connection. NULL is a no-op. */
void db_close(zf_db *p){
  int i;
  if( p==0 ) return;
  for(i=0; i<p->nCache; i++) sqlite3_finalize(p->aCache[p->aUsed[i]].pStmt);
  for(i=0; i<p->nTransient; i++) sqlite3_finalize(p->aTransient[i]);
  sqlite3_close(p->h);
  free(p);
}


static unsigned db_slot(const char *zSql){
  uintptr_t h = (uintptr_t)zSql;
  h ^= h >> 17;
  h *= 0x9E3779B1u;
  return (unsigned)(h >> 7) & (DB_CACHE - 1);
}

const char *db_path(zf_db *p){
  const char *z = sqlite3_db_filename(p->h, "main");
  return z ? z : "";
}

zf_stmt *db_stmt(zf_db *p, const char *zSql){
  sqlite3_stmt *pStmt = 0;
  unsigned i = db_slot(zSql), k;
  int rc;
  for(k=0; k<DB_CACHE && p->aCache[i].zKey; k++, i=(i+1) & (DB_CACHE-1)){
    if( p->aCache[i].zKey==zSql ){
      pStmt = p->aCache[i].pStmt;
      if( strcmp(sqlite3_sql(pStmt), zSql)!=0 ){
        /* same address, other text: SQL built in a reused buffer. Never
        ** hand out the wrong statement: prepare it uncached instead. */
        pStmt = 0;
        break;
      }
      sqlite3_reset(pStmt);
      sqlite3_clear_bindings(pStmt);
      if( p->nDirty<DB_CACHE ) p->aDirty[p->nDirty++] = (int)i;
      return ZS(pStmt);
    }
  }
  rc = sqlite3_prepare_v3(p->h, zSql, -1, SQLITE_PREPARE_PERSISTENT, &pStmt, 0);
  if( rc!=SQLITE_OK ){
    log_error("prepare failed: %s\n  SQL: %s", sqlite3_errmsg(p->h), zSql);
    return 0;
  }
  if( p->aCache[i].zKey==0 && p->nCache < DB_CACHE*3/4 ){
    p->aCache[i].zKey = zSql;
    p->aCache[i].pStmt = pStmt;
    p->aUsed[p->nCache++] = (int)i;
    if( p->nDirty<DB_CACHE ) p->aDirty[p->nDirty++] = (int)i;
  }else if( p->nTransient < DB_TRANSIENT_MAX ){
    log_warn("statement cache full: preparing uncached");
    p->aTransient[p->nTransient++] = pStmt;
  }else{
    log_error("statement cache and transient list full");
    sqlite3_finalize(pStmt);
    return 0;
  }
  return ZS(pStmt);
}

static int db_bind_va(zf_stmt *pZs, const char *zTypes, va_list ap){
  sqlite3_stmt *pStmt = ST(pZs);
  int i, rc = SQLITE_OK;
  for(i=0; zTypes && zTypes[i] && rc==SQLITE_OK; i++){
    switch( zTypes[i] ){
      case 's': {
        const char *z = va_arg(ap, const char*);
        rc = z ? sqlite3_bind_text(pStmt, i+1, z, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(pStmt, i+1);
        break;
      }
      case 'i': rc = sqlite3_bind_int64(pStmt, i+1, va_arg(ap, int64_t)); break;
      case 'd': rc = sqlite3_bind_int(pStmt, i+1, va_arg(ap, int)); break;
      case 'n': rc = sqlite3_bind_null(pStmt, i+1); break;
      case 'b': {
        const void *pBlob = va_arg(ap, const void*);
        int n = va_arg(ap, int);
        rc = sqlite3_bind_blob(pStmt, i+1, pBlob, n, SQLITE_TRANSIENT);
        break;
      }
      default:
        log_error("db_bind: bad type '%c'", zTypes[i]);
        return ZF_EINTERNAL;
    }
  }
  return db_rc(rc);
}

int db_bind(zf_stmt *pStmt, const char *zTypes, ...){
  va_list ap;
  int rc;
  va_start(ap, zTypes);
  rc = db_bind_va(pStmt, zTypes, ap);
  va_end(ap);
  return rc;
}

int db_step(zf_stmt *pStmt){
  int rc = sqlite3_step(ST(pStmt));
  if( rc==SQLITE_ROW ) return 1;
  if( rc==SQLITE_DONE ) return 0;
  if( (rc & 0xff)!=SQLITE_CONSTRAINT ){
    log_error("step failed (%d): %s", rc, sqlite3_errmsg(sqlite3_db_handle(ST(pStmt))));
  }
  return -db_rc(rc);
}

const char *db_text(zf_stmt *pStmt, int i){
  const char *z = (const char*)sqlite3_column_text(ST(pStmt), i);
  return z ? z : "";
}

/* ---- the statement interface (thin wrappers, see db.h) ---------------- */

zf_stmt *db_prepare(zf_db *p, const char *zSql){
  sqlite3_stmt *pStmt = 0;
  if( sqlite3_prepare_v2(p->h, zSql, -1, &pStmt, 0)!=SQLITE_OK ){
    sqlite3_finalize(pStmt);
    return 0;
  }
  return ZS(pStmt);
}
void db_finalize(zf_stmt *pStmt){ sqlite3_finalize(ST(pStmt)); }
void db_reset(zf_stmt *pStmt){ sqlite3_reset(ST(pStmt)); }
int db_bind_text(zf_stmt *pStmt, int i, const char *z, int n, db_destructor xDel){
  return db_rc(sqlite3_bind_text(ST(pStmt), i, z, n, xDel));
}
int db_bind_blob(zf_stmt *pStmt, int i, const void *pData, int n, db_destructor xDel){
  return db_rc(sqlite3_bind_blob(ST(pStmt), i, pData, n, xDel));
}
int db_bind_int64(zf_stmt *pStmt, int i, int64_t v){ return db_rc(sqlite3_bind_int64(ST(pStmt), i, v)); }
int db_bind_int(zf_stmt *pStmt, int i, int v){ return db_rc(sqlite3_bind_int(ST(pStmt), i, v)); }
int db_bind_double(zf_stmt *pStmt, int i, double v){ return db_rc(sqlite3_bind_double(ST(pStmt), i, v)); }
int db_bind_null(zf_stmt *pStmt, int i){ return db_rc(sqlite3_bind_null(ST(pStmt), i)); }
int db_bind_parameter_count(zf_stmt *pStmt){ return sqlite3_bind_parameter_count(ST(pStmt)); }
int64_t db_column_int64(zf_stmt *pStmt, int i){ return sqlite3_column_int64(ST(pStmt), i); }
int db_column_int(zf_stmt *pStmt, int i){ return sqlite3_column_int(ST(pStmt), i); }
double db_column_double(zf_stmt *pStmt, int i){ return sqlite3_column_double(ST(pStmt), i); }
const unsigned char *db_column_text(zf_stmt *pStmt, int i){ return sqlite3_column_text(ST(pStmt), i); }
const void *db_column_blob(zf_stmt *pStmt, int i){ return sqlite3_column_blob(ST(pStmt), i); }
int db_column_bytes(zf_stmt *pStmt, int i){ return sqlite3_column_bytes(ST(pStmt), i); }
int db_column_type(zf_stmt *pStmt, int i){ return sqlite3_column_type(ST(pStmt), i); }
int db_column_count(zf_stmt *pStmt){ return sqlite3_column_count(ST(pStmt)); }
const char *db_column_name(zf_stmt *pStmt, int i){ return sqlite3_column_name(ST(pStmt), i); }

const char *db_engine_version(void){
  static char zVersion[32];
  if( zVersion[0]==0 ) snprintf(zVersion, sizeof zVersion, "SQLite %s", sqlite3_libversion());
  return zVersion;
}

int db_exec(zf_db *p, const char *zSql, const char *zTypes, ...){
  zf_stmt *pStmt = db_stmt(p, zSql);
  va_list ap;
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  va_start(ap, zTypes);
  rc = db_bind_va(pStmt, zTypes, ap);
  va_end(ap);
  if( rc==ZF_OK ){
    while( (rc = db_step(pStmt))==1 ){}
    rc = rc<0 ? -rc : ZF_OK;
  }
  db_reset(pStmt);
  return rc;
}

int db_exec_script(zf_db *p, const char *zSql, zf_error *e){
  char *zErr = 0;
  int rc = sqlite3_exec(p->h, zSql, 0, 0, &zErr);
  if( rc!=SQLITE_OK ){
    err_set(e, db_rc(rc), 0, "数据库脚本执行失败：%s", zErr ? zErr : "");
    log_error("script failed: %s", zErr ? zErr : "");
    sqlite3_free(zErr);
    return db_rc(rc) ? db_rc(rc) : ZF_EINTERNAL;
  }
  return ZF_OK;
}

/* Opens the outermost transaction with zSql, or counts a nested one. */
static int db_begin_with(zf_db *p, const char *zSql){
  int rc;
  if( p->inTx ){
    p->inTx++;
    return ZF_OK;
  }
  rc = sqlite3_exec(p->h, zSql, 0, 0, 0);
  if( rc!=SQLITE_OK ) return db_rc(rc);
  p->inTx = 1;
  p->doRollback = 0;
  return ZF_OK;
}

int db_begin(zf_db *p){ return db_begin_with(p, "BEGIN IMMEDIATE"); }
int db_begin_read(zf_db *p){ return db_begin_with(p, "BEGIN"); }

/* Ends the outermost transaction: ROLLBACK, or COMMIT falling back to it. */
static int db_end_outer(zf_db *p, int commit){
  int rc = SQLITE_OK;
  db_release(p);
  if( commit ){
    rc = sqlite3_exec(p->h, "COMMIT", 0, 0, 0);
    if( rc!=SQLITE_OK ) log_error("commit failed: %s", sqlite3_errmsg(p->h));
  }
  if( !commit || rc!=SQLITE_OK ) sqlite3_exec(p->h, "ROLLBACK", 0, 0, 0);
  p->inTx = 0;
  p->doRollback = 0;
  return rc==SQLITE_OK ? ZF_OK : (db_rc(rc) ? db_rc(rc) : ZF_EINTERNAL);
}

int db_commit(zf_db *p){
  if( p->inTx<=0 ){
    log_error("db_commit: no transaction");
    return ZF_EINTERNAL;
  }
  if( p->inTx>1 ){
    p->inTx--;
    return ZF_OK;
  }
  if( p->doRollback ){
    log_error("db_commit: an inner transaction rolled back; rolling back");
    db_end_outer(p, 0);
    return ZF_EINTERNAL;
  }
  return db_end_outer(p, 1);
}

void db_rollback(zf_db *p){
  if( p->inTx<=0 ) return;
  if( p->inTx>1 ){
    p->inTx--;
    p->doRollback = 1;
    return;
  }
  db_end_outer(p, 0);
}

int db_in_tx(zf_db *p){ return p->inTx; }

int db_finish(zf_db *p, int rc, zf_error *e){
  if( rc==ZF_OK ) rc = db_commit(p); else db_rollback(p);
  if( rc && e && e->rc==rc && e->message[0] ) return rc;   /* a check said why */
  if( rc==ZF_ECONFLICT ) return err_set(e, rc, 0, "与现有记录重复（并发修改），请刷新后重试");
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

void db_abandon(zf_db *p){
  if( p->inTx>0 ){
    p->inTx = 1;
    db_end_outer(p, 0);
  }
}

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
int64_t db_last_id(zf_db *p){ return sqlite3_last_insert_rowid(p->h); }
int db_changes(zf_db *p){ return sqlite3_changes(p->h); }

/* Resets the statements handed out since the last release (a statement
** stepped to SQLITE_DONE or mid-rows keeps its read snapshot until reset). */
void db_release(zf_db *p){
  int i;
  for(i=0; i<p->nDirty; i++) sqlite3_reset(p->aCache[p->aDirty[i]].pStmt);
  p->nDirty = 0;
  for(i=0; i<p->nTransient; i++) sqlite3_reset(p->aTransient[i]);
}

void db_end_request(zf_db *p){
  int i;
  db_release(p);
  for(i=0; i<p->nTransient; i++) sqlite3_finalize(p->aTransient[i]);
  p->nTransient = 0;
}

/* ---- migrations ------------------------------------------------------ */

/* Version number of a migration file name "0003_cases.sql" → 3. */
static int migration_number(const char *zName){
  const char *z = strrchr(zName, '/');
  return atoi(z ? z+1 : zName);
}

int db_latest_version(void){
  int i, v = 0;
  for(i=0; i<(int)zf_sql_nassets; i++){
    int n = migration_number(zf_sql_assets[i].zName);
    if( n>v ) v = n;
  }
  return v;
}

int db_version(zf_db *p){
  sqlite3_stmt *pStmt;
  int v = -1;
  if( sqlite3_prepare_v2(p->h, "PRAGMA user_version", -1, &pStmt, 0)==SQLITE_OK ){
    if( sqlite3_step(pStmt)==SQLITE_ROW ) v = sqlite3_column_int(pStmt, 0);
    sqlite3_finalize(pStmt);
  }
  return v;
}

/*
** Applies every embedded migration newer than PRAGMA user_version, each in
** its own transaction together with the version bump. A database newer than
** this binary is refused.
*/
int db_migrate(zf_db *p, zf_error *e){
  int i, cur = db_version(p), rc = ZF_OK;
  if( cur<0 ) return err_set(e, ZF_EINTERNAL, 0, "无法读取数据库版本");
  if( cur>db_latest_version() ){
    return err_set(e, ZF_EINVAL, 0,
      "数据库版本 %d 高于本程序支持的版本 %d，请升级程序", cur, db_latest_version());
  }
  for(i=0; i<(int)zf_sql_nassets && rc==ZF_OK; i++){
    int n = migration_number(zf_sql_assets[i].zName);
    char zBump[64];
    if( n<=cur ) continue;
    rc = db_begin(p);
    if( rc ) return err_set(e, rc, 0, "无法开始迁移事务");
    rc = db_exec_script(p, (const char*)zf_sql_assets[i].pData, e);
    if( rc==ZF_OK ){
      snprintf(zBump, sizeof zBump, "PRAGMA user_version=%d", n);
      rc = db_exec_script(p, zBump, e);
    }
    if( rc==ZF_OK ){
      rc = db_commit(p);
      log_info("migrated database to version %d (%s)", n, zf_sql_assets[i].zName);
    }else{
      db_rollback(p);
      log_error("migration %s failed", zf_sql_assets[i].zName);
    }
  }
  return rc;
}

/* ---- per-thread connections ----------------------------------------- */

static char *db_thread_path = 0;
static pthread_key_t db_thread_key;
static pthread_once_t db_thread_once = PTHREAD_ONCE_INIT;

static void db_thread_free(void *p){ db_close((zf_db*)p); }
static void db_thread_key_init(void){ pthread_key_create(&db_thread_key, db_thread_free); }

int db_thread_setup(const char *zPath){
  pthread_once(&db_thread_once, db_thread_key_init);
  free(db_thread_path);
  db_thread_path = strdup(zPath);
  return db_thread_path ? ZF_OK : ZF_EINTERNAL;
}

/* This thread's connection, opened on first use; NULL if it cannot open. */
zf_db *db_thread(void){
  zf_db *p = pthread_getspecific(db_thread_key);
  if( p==0 && db_thread_path ){
    if( db_open(db_thread_path, 0, &p)==ZF_OK ) pthread_setspecific(db_thread_key, p);
  }
  return p;
}

int db_bulk(zf_db *p, int cacheMb){
  char zSql[64];
  int rc;
  if( cacheMb>0 ) snprintf(zSql, sizeof zSql, "PRAGMA cache_size=-%d", cacheMb * 1024);
  else snprintf(zSql, sizeof zSql, "PRAGMA cache_size=-16000; PRAGMA shrink_memory");
  rc = sqlite3_exec(p->h, zSql, 0, 0, 0);
  return db_rc(rc);
}

int db_indexes_drop(zf_db *p, const char *zTable, db_saved_indexes *pSaved){
  sqlite3_stmt *pStmt = 0;
  char *azName[DB_MAX_SAVED_INDEX];
  int i, n = 0, rc;
  memset(pSaved, 0, sizeof *pSaved);
  rc = sqlite3_prepare_v2(p->h, "SELECT name, sql FROM sqlite_schema WHERE type='index'"
                          " AND tbl_name=? AND sql IS NOT NULL", -1, &pStmt, 0);
  if( rc!=SQLITE_OK ) return db_rc(rc);
  sqlite3_bind_text(pStmt, 1, zTable, -1, SQLITE_STATIC);
  while( sqlite3_step(pStmt)==SQLITE_ROW && n<DB_MAX_SAVED_INDEX ){
    azName[n] = sqlite3_mprintf("DROP INDEX \"%w\"", (const char*)sqlite3_column_text(pStmt, 0));
    pSaved->azSql[n] = sqlite3_mprintf("%s", (const char*)sqlite3_column_text(pStmt, 1));
    n++;
  }
  sqlite3_finalize(pStmt);
  pSaved->n = n;
  db_release(p);
  for(i=0, rc=SQLITE_OK; i<n; i++){
    if( rc==SQLITE_OK ) rc = sqlite3_exec(p->h, azName[i], 0, 0, 0);
    sqlite3_free(azName[i]);
  }
  if( rc!=SQLITE_OK ) log_error("db_indexes_drop: %s", sqlite3_errmsg(p->h));
  return db_rc(rc);
}

void db_indexes_free(db_saved_indexes *pSaved){
  int i;
  for(i=0; i<pSaved->n; i++){
    sqlite3_free(pSaved->azSql[i]);
    pSaved->azSql[i] = 0;
  }
  pSaved->n = 0;
}

int db_indexes_restore(zf_db *p, db_saved_indexes *pSaved){
  int i, rc = SQLITE_OK;
  db_release(p);
  for(i=0; i<pSaved->n; i++){
    if( rc==SQLITE_OK ){
      rc = sqlite3_exec(p->h, pSaved->azSql[i], 0, 0, 0);
      if( rc!=SQLITE_OK ) log_error("db_indexes_restore: %s", sqlite3_errmsg(p->h));
    }
    sqlite3_free(pSaved->azSql[i]);
    pSaved->azSql[i] = 0;
  }
  pSaved->n = 0;
  return db_rc(rc);
}

int db_checkpoint(zf_db *p){
  int rc = sqlite3_wal_checkpoint_v2(p->h, 0, SQLITE_CHECKPOINT_TRUNCATE, 0, 0);
  return db_rc(rc);
}

/*
** Copies the live database into zOut with the online backup API, in steps,
** so that writers are not blocked for long. The copy is written to
** zOut.part and renamed into place only when complete.
*/
int db_backup(zf_db *p, const char *zOut, zf_error *e){
  sqlite3 *pDest = 0;
  sqlite3_backup *pBk;
  char zTmp[4096];
  int rc;
  if( snprintf(zTmp, sizeof zTmp, "%s.part", zOut)>=(int)sizeof zTmp ){
    return err_set(e, ZF_EINVAL, "out", "输出路径过长");
  }
  remove(zTmp);
  rc = sqlite3_open_v2(zTmp, &pDest, SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE, 0);
  if( rc!=SQLITE_OK ){
    sqlite3_close(pDest);
    return err_set(e, ZF_EINVAL, "out", "无法创建备份文件 %s", zTmp);
  }
  pBk = sqlite3_backup_init(pDest, "main", p->h, "main");
  if( pBk==0 ){
    err_set(e, ZF_EINTERNAL, 0, "备份初始化失败：%s", sqlite3_errmsg(pDest));
    sqlite3_close(pDest);
    remove(zTmp);
    return ZF_EINTERNAL;
  }
  do{
    rc = sqlite3_backup_step(pBk, 256);
    if( rc==SQLITE_BUSY || rc==SQLITE_LOCKED ) sqlite3_sleep(20);
  }while( rc==SQLITE_OK || rc==SQLITE_BUSY || rc==SQLITE_LOCKED );
  sqlite3_backup_finish(pBk);
  if( rc==SQLITE_DONE ){
    rc = sqlite3_exec(pDest, "PRAGMA journal_mode=DELETE", 0, 0, 0);
  }
  sqlite3_close(pDest);
  if( rc!=SQLITE_OK ){
    remove(zTmp);
    return err_set(e, ZF_EINTERNAL, 0, "备份失败（SQLite 代码 %d）", rc);
  }
  if( rename(zTmp, zOut)!=0 ){
    remove(zTmp);
    return err_set(e, ZF_EINVAL, "out", "无法写入备份文件 %s", zOut);
  }
  return ZF_OK;
}
