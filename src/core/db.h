/*
** db.h — the storage layer: SQLite connections, cached prepared statements,
** typed binding, transactions and numbered migrations.
**
** core/db is the only place that speaks to SQLite: this header does not
** include sqlite3.h, statements are the opaque zf_stmt, and every step,
** bind, column read and reset goes through the db_* functions below, so
** that a PostgreSQL backend can later implement the same interface.
** `make test` fails when `sqlite3_` appears in src/ outside core/db
** (scripts/check-storage.sh). Modules hand it plain SQL with bound
** parameters; SQL dialect (json_object, FTS5 …) stays the SQL's business.
**
** A zf_db is used by one thread at a time. The server gives each worker
** thread its own (db_thread()); CLI verbs and tests open one directly.
*/
#ifndef ZF_DB_H
#define ZF_DB_H
#include <stdint.h>
#include <jansson.h>
#include "err.h"

typedef struct zf_db zf_db;
/* A prepared statement (an sqlite3_stmt inside core/db). */
typedef struct zf_stmt zf_stmt;

/* Column types of db_column_type() (the same values as SQLite's). */
#define DB_INTEGER 1
#define DB_FLOAT   2
#define DB_TEXT    3
#define DB_BLOB    4
#define DB_NULL    5
/* Lifetime of bound text/blob: DB_STATIC — the caller keeps it alive until
** the statement is reset; DB_TRANSIENT — copied at once. */
typedef void (*db_destructor)(void*);
#define DB_STATIC    ((db_destructor)0)
#define DB_TRANSIENT ((db_destructor)-1)

/* Open flags */
#define DB_CREATE   0x01   /* create the file if absent */
#define DB_READONLY 0x02

int db_open(const char *zPath, int flags, zf_db **ppDb);
void db_close(zf_db *pDb);
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
zf_stmt *db_stmt(zf_db *pDb, const char *zSql);
/* An uncached statement for one-off SQL (tests, demo set-up); the caller
** ends it with db_finalize() (NULL is harmless). NULL when the SQL does
** not prepare — not logged: callers use it to probe optional tables. */
zf_stmt *db_prepare(zf_db *pDb, const char *zSql);
void db_finalize(zf_stmt *pStmt);
/* Resets a statement so that it can run again (bindings kept). */
void db_reset(zf_stmt *pStmt);

/* Binding by position (1-based). Text length n<0: up to the NUL. */
int db_bind_text(zf_stmt *pStmt, int i, const char *z, int n, db_destructor xDel);
int db_bind_blob(zf_stmt *pStmt, int i, const void *p, int n, db_destructor xDel);
int db_bind_int64(zf_stmt *pStmt, int i, int64_t v);
int db_bind_int(zf_stmt *pStmt, int i, int v);
int db_bind_double(zf_stmt *pStmt, int i, double v);
int db_bind_null(zf_stmt *pStmt, int i);
/* Number of parameters in the statement's SQL. */
int db_bind_parameter_count(zf_stmt *pStmt);

/* Columns of the current row (0-based). db_column_text may return NULL for
** a NULL column; db_text() never does. */
int64_t db_column_int64(zf_stmt *pStmt, int i);
int db_column_int(zf_stmt *pStmt, int i);
double db_column_double(zf_stmt *pStmt, int i);
const unsigned char *db_column_text(zf_stmt *pStmt, int i);
const void *db_column_blob(zf_stmt *pStmt, int i);
int db_column_bytes(zf_stmt *pStmt, int i);
int db_column_type(zf_stmt *pStmt, int i);
int db_column_count(zf_stmt *pStmt);
const char *db_column_name(zf_stmt *pStmt, int i);

/* The storage engine's name and version, for `zhifa --version`. */
const char *db_engine_version(void);

/*
** db_bind() binds parameters 1..n from a type string:
**   s  const char*  (NULL binds NULL)     i  int64_t
**   d  int                                 n  (no argument) NULL
**   b  const void*, int n (blob)
*/
int db_bind(zf_stmt *pStmt, const char *zTypes, ...);

/* Prepare+bind+step to completion. Returns a zf rc. */
int db_exec(zf_db *pDb, const char *zSql, const char *zTypes, ...);
/* Runs a script of several statements without parameters. */
int db_exec_script(zf_db *pDb, const char *zSql, zf_error *e);

/* Step: SQLITE_ROW → 1, SQLITE_DONE → 0, error → -zf_rc. */
int db_step(zf_stmt *pStmt);
/* Text column as a const char* that is never NULL (empty string). */
const char *db_text(zf_stmt *pStmt, int i);


/*
** Transactions nest, as in Fossil: the outermost db_begin() issues BEGIN
** IMMEDIATE, inner ones only count. Every db_begin() is matched by exactly
** one db_commit() or db_rollback(). An inner db_rollback() marks the whole
** transaction for rollback: the outermost db_commit() then rolls back and
** returns ZF_EINTERNAL, so a step that failed inside hazard → case →
** document can never be committed by its caller by mistake.
** db_begin_read: a deferred (read) transaction — one consistent snapshot
** for a long read such as an export; end it with db_commit. Inside a write
** transaction it only counts.
*/
int db_begin(zf_db *pDb);
int db_begin_read(zf_db *pDb);
int db_commit(zf_db *pDb);
void db_rollback(zf_db *pDb);
/* Nesting depth: 0 outside any transaction. */
int db_in_tx(zf_db *pDb);

/*
** The one exit of a function that began a transaction: commits when rc is
** ZF_OK, else rolls back (an inner level marks the whole for rollback).
** Returns the outcome, with a message in e for a conflict found at commit.
*/
int db_finish(zf_db *pDb, int rc, zf_error *e);

/* Rolls back every level of an open transaction (the request loop's guard
** against a handler that returned without ending one). */
void db_abandon(zf_db *pDb);

/*
** The current row as a JSON object: zNames lists one key per column,
** comma-separated; a key written "?name" renders a 0/1 column as a
** boolean. Integers, reals, text and NULL keep their types.
*/
json_t *db_row_json(zf_stmt *pStmt, const char *zNames);
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
/* Frees saved index SQL without restoring it (the transaction rolled back). */
void db_indexes_free(db_saved_indexes *p);

/* WAL checkpoint (TRUNCATE) — used at clean shutdown. */
int db_checkpoint(zf_db *pDb);
/* Online backup of pDb into the file zOut (consistent snapshot). */
int db_backup(zf_db *pDb, const char *zOut, zf_error *e);

#endif
