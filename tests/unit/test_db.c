/*
** test_db.c — storage layer: migrations, transactions, binding, errors,
** backup (core/db.c).
*/
#include <stdio.h>
#include <unistd.h>
#include "testutil.h"

static void test_migrations(void **state){
  zf_db *pDb = 0;
  zf_error e = {0};
  (void)state;
  assert_int_equal(db_open(":memory:", DB_CREATE, &pDb), ZF_OK);
  assert_int_equal(db_version(pDb), 0);
  assert_int_equal(db_migrate(pDb, &e), ZF_OK);
  assert_int_equal(db_version(pDb), db_latest_version());
  assert_true(db_latest_version()>=1);
  assert_int_equal(db_migrate(pDb, &e), ZF_OK);          /* idempotent */
  assert_int_equal(test_int(pDb, "PRAGMA foreign_keys"), 1);
  /* a database newer than the binary is refused */
  assert_int_equal(db_exec_script(pDb, "PRAGMA user_version=9999", &e), ZF_OK);
  assert_int_equal(db_migrate(pDb, &e), ZF_EINVAL);
  assert_non_null(strstr(e.message, "9999"));
  db_close(pDb);
}

static void test_tx(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  int64_t before = test_int(pDb, "SELECT count(*) FROM setting");
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(db_begin(pDb), ZF_EINTERNAL);         /* not nestable */
  assert_int_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES(?,?)", "ss", "k1", "v"), ZF_OK);
  db_rollback(pDb);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM setting"), before);
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES(?,?)", "ss", "k1", "v"), ZF_OK);
  assert_int_equal(db_commit(pDb), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM setting"), before + 1);
  db_close(pDb);
}

static void test_errors(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  /* unique → conflict */
  assert_int_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES(?,?)", "ss", "a", "1"), ZF_OK);
  assert_int_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES(?,?)", "ss", "a", "2"), ZF_ECONFLICT);
  /* STRICT: text into an INTEGER column is refused */
  assert_int_not_equal(db_exec(pDb, "INSERT INTO login_failure(key, at) VALUES(?,?)", "ss", "k", "notanumber"), ZF_OK);
  /* foreign key: unknown region */
  assert_int_not_equal(db_exec(pDb,
    "INSERT INTO unit(name, kind, region, created_at) VALUES('x','bureau','999999','t')", ""), ZF_OK);
  /* NULL binding */
  assert_int_not_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES(?,?)", "sn", "b"), ZF_OK);
  assert_null(db_stmt(pDb, "SELECT nonsense FROM nowhere"));
  db_close(pDb);
}

static void test_statement_cache(void **state){
  zf_db *pDb = test_db(0);
  static const char zSql[] = "SELECT count(*) FROM region WHERE parent=?";
  zf_stmt *p1, *p2;
  (void)state;
  p1 = db_stmt(pDb, zSql);
  db_bind(p1, "s", "360104");
  assert_int_equal(db_step(p1), 1);
  assert_int_equal(db_column_int(p1, 0), 7);         /* 5 streets, 1 town, 1 cluster area */
  p2 = db_stmt(pDb, zSql);                                /* same statement, reset */
  assert_ptr_equal(p1, p2);
  db_bind(p2, "s", "360100");
  assert_int_equal(db_step(p2), 1);
  assert_true(db_column_int(p2, 0) >= 9);
  db_release(pDb);
  db_close(pDb);
}

/* More distinct statements than the cache holds: the overflow is prepared
** uncached, stays valid until db_end_request(), and nothing is freed early. */
static void test_statement_overflow(void **state){
  zf_db *pDb = test_db(0);
  enum { N = 2000 };
  static char azSql[N][32];
  static zf_stmt *aStmt[N];
  int i, n = 0, ok = 0;
  (void)state;
  log_set_level(LOG_ERROR + 1);
  for(i=0; i<N; i++){
    snprintf(azSql[i], sizeof azSql[i], "SELECT %d", i);
    aStmt[i] = db_stmt(pDb, azSql[i]);
    if( aStmt[i]==0 ) break;
    n++;
  }
  log_set_level(LOG_ERROR);
  assert_true(n>700 && n<N);             /* the cache filled, the overflow was refused */
  for(i=0; i<n; i++){
    if( db_step(aStmt[i])==1 && db_column_int(aStmt[i], 0)==i ) ok++;
  }
  assert_int_equal(ok, n);               /* every statement handed out is still valid */
  db_end_request(pDb);
  assert_non_null(db_stmt(pDb, azSql[0]));   /* cached ones still work */
  db_close(pDb);
}

/* SQL built in a reused buffer must never get another text's statement. */
static void test_statement_same_address(void **state){
  zf_db *pDb = test_db(0);
  char zSql[64];
  zf_stmt *pStmt;
  (void)state;
  snprintf(zSql, sizeof zSql, "SELECT 'first'");
  pStmt = db_stmt(pDb, zSql);
  assert_int_equal(db_step(pStmt), 1);
  assert_string_equal(db_text(pStmt, 0), "first");
  snprintf(zSql, sizeof zSql, "SELECT 'second'");
  pStmt = db_stmt(pDb, zSql);
  assert_int_equal(db_step(pStmt), 1);
  assert_string_equal(db_text(pStmt, 0), "second");
  db_end_request(pDb);
  db_close(pDb);
}

static void test_backup(void **state){
  zf_db *pDb = test_db(0), *pCopy = 0;
  zf_error e = {0};
  char zPath[] = "/tmp/zhifa-unit-backup-XXXXXX";
  int fd = mkstemp(zPath);
  (void)state;
  assert_true(fd>=0);
  close(fd);
  assert_int_equal(db_backup(pDb, zPath, &e), ZF_OK);
  assert_int_equal(db_open(zPath, 0, &pCopy), ZF_OK);
  assert_int_equal(test_int(pCopy, "SELECT count(*) FROM region"), test_int(pDb, "SELECT count(*) FROM region"));
  assert_int_equal(test_int(pCopy, "SELECT count(*) FROM audit"), test_int(pDb, "SELECT count(*) FROM audit"));
  db_close(pCopy);
  unlink(zPath);
  /* an unwritable destination is an error naming the field, not a crash */
  assert_int_equal(db_backup(pDb, "/nonexistent-dir/x.db", &e), ZF_EINVAL);
  assert_string_equal(e.field, "out");
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_migrations),
    cmocka_unit_test(test_tx),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_statement_cache),
    cmocka_unit_test(test_statement_overflow),
    cmocka_unit_test(test_statement_same_address),
    cmocka_unit_test(test_backup),
  };
  return cmocka_run_group_tests_name("db", tests, 0, 0);
}
