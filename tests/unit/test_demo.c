/*
** test_demo.c — creating databases: reference data is loaded once and only
** what is missing (an upgraded database gets a new module's data; running
** it again changes nothing), and the demo district is complete.
*/
#include "testutil.h"
#include "core/audit.h"

static void test_reference_idempotent(void **state){
  zf_db *pDb = 0;
  zf_error e = {0};
  int64_t nAudit;
  (void)state;
  log_set_level(LOG_ERROR);
  assert_int_equal(db_open(":memory:", DB_CREATE, &pDb), ZF_OK);
  assert_int_equal(db_migrate(pDb, &e), ZF_OK);
  /* a migrated database without a deployment region: shared data only */
  assert_int_equal(demo_reference(pDb, &e), ZF_OK);
  assert_true(test_int(pDb, "SELECT count(*) FROM region") > 1800);
  assert_true(test_int(pDb, "SELECT count(*) FROM calendar_day") > 700);
  assert_true(test_int(pDb, "SELECT count(*) FROM rule_set") >= 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_version"), 0);
  /* once the deployment is known, the starter catalog and checklists come */
  assert_int_equal(db_exec(pDb, "INSERT INTO setting(key,value) VALUES('deployment.root','360104')", ""), ZF_OK);
  assert_int_equal(demo_reference(pDb, &e), ZF_OK);
  assert_true(test_int(pDb, "SELECT count(*) FROM catalog_item") > 30);
  assert_true(test_int(pDb, "SELECT count(*) FROM checklist_version") >= 2);
  /* again: nothing changes */
  nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  assert_int_equal(demo_reference(pDb, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nAudit);
  db_close(pDb);
}

static void test_demo_district(void **state){
  zf_db *pDb = test_db(1);
  audit_report rep;
  (void)state;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM account"), 11);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit WHERE kind='street'"), 7);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit WHERE name='青云谱区应急管理综合行政执法大队'"), 1);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reference_idempotent),
    cmocka_unit_test(test_demo_district),
  };
  return cmocka_run_group_tests_name("demo", tests, 0, 0);
}
