/*
** test_audit.c — the hash chain (core/audit.c): appends in transactions,
** verification, and detection of edits, deletions and reordering.
*/
#include "testutil.h"
#include "core/audit.h"

static void append(zf_db *pDb, const char *zAction){
  json_t *p = json_pack("{s:s}", "k", "值");
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(audit_append(pDb, "tester", zAction, "thing", "1", "360104", p), ZF_OK);
  assert_int_equal(db_commit(pDb), ZF_OK);
  json_decref(p);
}

static void test_needs_tx(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  assert_int_equal(audit_append(pDb, "a", "b", "c", "d", "", 0), ZF_EINTERNAL);
  db_close(pDb);
}

static void test_chain_ok(void **state){
  zf_db *pDb = test_db(0);
  audit_report rep;
  int64_t n0 = test_int(pDb, "SELECT count(*) FROM audit");
  (void)state;
  append(pDb, "x.one");
  append(pDb, "x.two");
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  assert_int_equal(rep.nEntry, n0 + 2);
  /* first entry chains from the genesis hash */
  assert_int_equal(test_int(pDb, "SELECT prev_hash='" AUDIT_GENESIS "' FROM audit WHERE seq=1"), 1);
  db_close(pDb);
}

static void test_rollback_leaves_no_entry(void **state){
  zf_db *pDb = test_db(0);
  int64_t n0 = test_int(pDb, "SELECT count(*) FROM audit");
  (void)state;
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(audit_append(pDb, "t", "a", "e", "1", "", 0), ZF_OK);
  db_rollback(pDb);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), n0);
  db_close(pDb);
}

static void test_append_only(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  (void)state;
  assert_int_not_equal(db_exec_script(pDb, "UPDATE audit SET actor='x' WHERE seq=1", &e), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM audit WHERE seq=1", &e), ZF_OK);
  db_close(pDb);
}

static void test_tamper_detected(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  audit_report rep;
  (void)state;
  append(pDb, "x.one");
  append(pDb, "x.two");
  append(pDb, "x.three");
  assert_int_equal(db_exec_script(pDb, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;", &e), ZF_OK);
  /* an edited field */
  assert_int_equal(db_exec_script(pDb, "UPDATE audit SET change='{\"k\":\"改\"}' WHERE seq=3", &e), ZF_OK);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 3);
  db_close(pDb);

  /* an edit whose own hash is recomputed still breaks the next entry */
  pDb = test_db(0);
  append(pDb, "x.one");
  append(pDb, "x.two");
  {
    int64_t last = test_int(pDb, "SELECT max(seq) FROM audit");
    zf_stmt *pStmt = 0;
    char zHash[65], zSql[400];
    assert_int_equal(sqlite3_prepare_v2(db_handle(pDb),
      "SELECT at, action, entity, entity_id, region, change, prev_hash FROM audit WHERE seq=?",
      -1, &pStmt, 0), SQLITE_OK);
    db_bind_int64(pStmt, 1, last - 1);
    assert_int_equal(sqlite3_step(pStmt), SQLITE_ROW);
    audit_hash(last - 1, db_text(pStmt, 0), "evil", db_text(pStmt, 1), db_text(pStmt, 2),
               db_text(pStmt, 3), db_text(pStmt, 4), db_text(pStmt, 5), db_text(pStmt, 6), zHash);
    db_finalize(pStmt);
    snprintf(zSql, sizeof zSql, "DROP TRIGGER audit_no_update;"
             "UPDATE audit SET actor='evil', hash='%s' WHERE seq=%lld", zHash, (long long)(last - 1));
    assert_int_equal(db_exec_script(pDb, zSql, &e), ZF_OK);
    assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
    assert_int_equal(rep.brokenSeq, last);
    assert_non_null(strstr(rep.zReason, "prev_hash"));
  }
  db_close(pDb);

  /* a deleted entry in the middle */
  pDb = test_db(0);
  append(pDb, "x.one");
  append(pDb, "x.two");
  assert_int_equal(db_exec_script(pDb, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq=2", &e), ZF_OK);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 2);
  assert_non_null(strstr(rep.zReason, "missing"));
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_needs_tx),
    cmocka_unit_test(test_chain_ok),
    cmocka_unit_test(test_rollback_leaves_no_entry),
    cmocka_unit_test(test_append_only),
    cmocka_unit_test(test_tamper_detected),
  };
  return cmocka_run_group_tests_name("audit", tests, 0, 0);
}
