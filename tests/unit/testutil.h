/*
** testutil.h — shared set-up for the cmocka unit tests: an in-memory
** database built by the real migrations and the real reference data, with
** the demo district when asked.
*/
#ifndef ZF_TESTUTIL_H
#define ZF_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>
#include "core/db.h"
#include "core/log.h"
#include "demo.h"

#define TEST_PASSWORD "unit-test-pass-1"

/* A migrated in-memory database with regions and the admin account;
** withDemo adds the demo units and accounts. */
static inline zf_db *test_db(int withDemo){
  zf_db *pDb = 0;
  zf_error e = {0};
  log_set_level(LOG_ERROR);
  assert_int_equal(sodium_init() >= 0, 1);
  assert_int_equal(db_open(":memory:", DB_CREATE, &pDb), ZF_OK);
  assert_int_equal(demo_init(pDb, "360104", TEST_PASSWORD, 0, &e), ZF_OK);
  if( withDemo ) assert_int_equal(demo_fill(pDb, TEST_PASSWORD, 0, &e), ZF_OK);
  return pDb;
}

/* Integer result of a one-value query. */
static inline int64_t test_int(zf_db *pDb, const char *zSql){
  zf_stmt *pStmt = 0;
  int64_t v = -1;
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), zSql, -1, &pStmt, 0), SQLITE_OK);
  if( sqlite3_step(pStmt)==SQLITE_ROW ) v = db_column_int64(pStmt, 0);
  db_finalize(pStmt);
  return v;
}

#endif
