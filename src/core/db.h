/*
** db.h — the storage layer: SQLite connections, cached prepared statements,
** typed binding, transactions and numbered migrations.
**
** This is the only file that speaks SQLite dialect (pragmas, user_version,
** the backup API). Modules hand it plain SQL with bound parameters so that a
** PostgreSQL backend can later implement the same interface.
**
** A zf_db is used by one thread at a time. The server gives each worker
** thread its own (db_thread()); CLI verbs and tests open one directly.
*/
#ifndef ZF_DB_H
#define ZF_DB_H
#include <stdint.h>
#include <sqlite3.h>
#include "err.h"

typedef struct zf_db zf_db;

/* Open flags */
#define DB_CREATE   0x01   /* create the file if absent */
#define DB_READONLY 0x02

int db_open(const char *zPath, int flags, zf_db **ppDb);
void db_close(zf_db *pDb);
sqlite3 *db_handle(zf_db *pDb);
/* The file behind a connection ("" for in-memory databases). */
const char *db_path(zf_db *pDb);

/* Migrations embedded from src/sql/NNNN_name.sql */
int db_latest_version(void);
int db_version(zf_db *pDb);
int db_migrate(zf_db *pDb, zf_error *e);

/*
** db_stmt() returns the cached, reset statement for zSql, preparing it on
** first use. The cache is keyed by the address of zSql (pass static
** strings); a different text at a cached address is detected and prepared
** uncached. NULL on a prepare error (logged). Statements stay owned by the
** connection.
*/
sqlite3_stmt *db_stmt(zf_db *pDb, const char *zSql);

/*
** db_bind() binds parameters 1..n from a type string:
**   s  const char*  (NULL binds NULL)     i  int64_t
**   d  int                                 n  (no argument) NULL
**   b  const void*, int n (blob)
*/
int db_bind(sqlite3_stmt *pStmt, const char *zTypes, ...);

/* Prepare+bind+step to completion. Returns a zf rc. */
int db_exec(zf_db *pDb, const char *zSql, const char *zTypes, ...);
/* Runs a script of several statements without parameters. */
int db_exec_script(zf_db *pDb, const char *zSql, zf_error *e);

/* Step: SQLITE_ROW → 1, SQLITE_DONE → 0, error → -zf_rc. */
int db_step(sqlite3_stmt *pStmt);
/* Text column as a const char* that is never NULL (empty string). */
const char *db_text(sqlite3_stmt *pStmt, int i);

/* Maps an SQLite result code to a zf rc (UNIQUE → ZF_ECONFLICT, …). */
int db_rc(int sqliteRc);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. Not nestable.
** db_begin_read: a deferred (read) transaction — one consistent snapshot
** for a long read such as an export; end it with db_commit. */
int db_begin(zf_db *pDb);
int db_begin_read(zf_db *pDb);
int db_commit(zf_db *pDb);
void db_rollback(zf_db *pDb);
int db_in_tx(zf_db *pDb);
int64_t db_last_id(zf_db *pDb);
int db_changes(zf_db *pDb);

/* Resets every cached statement: call at the end of each request so that no
** read snapshot outlives it. */
void db_release(zf_db *pDb);
/* db_release() plus finalizing statements prepared uncached because the
** cache was full: call once when a request (or CLI verb step) is done. */
void db_end_request(zf_db *pDb);

/* Per-thread connections for the server. db_thread_setup() once, then each
** thread's first db_thread() opens its own connection; it is closed when the
** thread exits. */
int db_thread_setup(const char *zPath);
zf_db *db_thread(void);

/* Bulk mode for long write transactions (imports, demo data): a page cache
** of cacheMb megabytes so that a large transaction does not spill pages to
** the WAL and read them back; 0 restores the default and frees the cache. */
int db_bulk(zf_db *pDb, int cacheMb);

/*
** Bulk loading into an empty table: drops its indexes (remembering their
** SQL) so that rows are appended without maintaining them, and recreates
** them afterwards — building an index once is much cheaper than keeping it
** up to date through hundreds of thousands of inserts. Both run inside the
** caller's transaction, so a failure rolls everything back. A unique index
** refuses the rebuild when the loaded rows break it.
*/
#define DB_MAX_SAVED_INDEX 16
typedef struct db_saved_indexes { int n; char *azSql[DB_MAX_SAVED_INDEX]; } db_saved_indexes;
int db_indexes_drop(zf_db *pDb, const char *zTable, db_saved_indexes *p);
int db_indexes_restore(zf_db *pDb, db_saved_indexes *p);

/* WAL checkpoint (TRUNCATE) — used at clean shutdown. */
int db_checkpoint(zf_db *pDb);
/* Online backup of pDb into the file zOut (consistent snapshot). */
int db_backup(zf_db *pDb, const char *zOut, zf_error *e);

#endif
