/*
** test_document.c — the document number register (document.c, table
** doc_number): numbers per unit, document type and year, each sequence
** from 1 and continuing where the issued numbers (the demo's hazards)
** left it; a number is never reused (the register refuses UPDATE and
** DELETE, so even a voided record keeps its number); unknown types, years
** and units refused without a row written.
*/
#include "testutil.h"
#include "core/calendar.h"
#include "document.h"
#include "org.h"

/* Issues one number; returns its sequence. */
static int64_t issue(zf_db *pDb, int64_t unit, const char *zType, int year, char *zOut){
  zf_error e = {0};
  int64_t seq = 0;
  assert_int_equal(document_number_next(pDb, unit, zType, year, "hazard", 1, "officer1", zOut, 300, &seq, &e),
                   ZF_OK);
  return seq;
}

static int64_t unit_id(zf_db *pDb, const char *zName){
  char zSql[200];
  snprintf(zSql, sizeof zSql, "SELECT id FROM unit WHERE name='%s'", zName);
  return test_int(pDb, zSql);
}

static void test_per_unit_type_year(void **state){
  zf_db *pDb = test_db(1);
  int64_t squad = unit_id(pDb, "执法一中队"), brigade = unit_id(pDb, "青云谱区应急管理综合行政执法大队");
  char z[300];
  (void)state;
  assert_true(squad > 0 && brigade > 0);
  /* a year nobody has numbered yet: each (unit, type, year) counts from 1 */
  assert_int_equal(issue(pDb, squad, "rectify_order", 2031, z), 1);
  assert_string_equal(z, "执法一中队责改〔2031〕第1号");
  assert_int_equal(issue(pDb, squad, "rectify_order", 2031, z), 2);
  assert_string_equal(z, "执法一中队责改〔2031〕第2号");
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2031, z), 1);
  assert_string_equal(z, "执法一中队复查〔2031〕第1号");
  assert_int_equal(issue(pDb, brigade, "rectify_order", 2031, z), 1);
  assert_int_equal(issue(pDb, squad, "rectify_order", 2032, z), 1);
  assert_int_equal(issue(pDb, squad, "rectify_order", 2031, z), 3);
  /* what it was issued for and by whom */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number WHERE year=2031 AND entity='hazard'"
                            " AND entity_id=1 AND issued_by='officer1'"), 5);
  assert_string_equal(document_type_name("rectify_order"), "责令限期整改指令书");
  assert_string_equal(document_type_name("reinspect_opinion"), "整改复查意见书");
  assert_null(document_type_name("x"));
  db_close(pDb);
}

/* The register the demo's hazards filled goes on: no number changes. */
static void test_continues_issued_numbers(void **state){
  zf_db *pDb = test_db(1);
  char z[300], zToday[11], zSql[300];
  int64_t unit, seq, issued;
  int year;
  (void)state;
  calendar_today(zToday);
  year = atoi(zToday);
  issued = test_int(pDb, "SELECT count(*) FROM doc_number WHERE kind='rectify_order'");
  assert_true(issued > 0);
  unit = test_int(pDb, "SELECT unit_id FROM doc_number WHERE kind='rectify_order' ORDER BY seq DESC LIMIT 1");
  snprintf(zSql, sizeof zSql, "SELECT max(seq) FROM doc_number WHERE kind='rectify_order' AND unit_id=%lld"
           " AND year=%d", (long long)unit, year);
  seq = test_int(pDb, zSql);
  assert_int_equal(issue(pDb, unit, "rectify_order", year, z), seq + 1);
  /* the issued rows are as they were */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number WHERE kind='rectify_order'"), issued + 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number d JOIN hazard h ON h.id=d.entity_id"
                            " WHERE d.kind='rectify_order' AND d.number=h.order_no"), issued);
  db_close(pDb);
}

static void test_never_reused(void **state){
  zf_db *pDb = test_db(1);
  int64_t squad = unit_id(pDb, "执法一中队");
  char z[300];
  (void)state;
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2033, z), 1);
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2033, z), 2);
  /* the register cannot be changed or emptied, so 1 and 2 are never issued again */
  assert_int_not_equal(db_exec(pDb, "DELETE FROM doc_number WHERE year=2033", ""), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE doc_number SET seq=9 WHERE year=2033", ""), ZF_OK);
  /* a number issued in a transaction rolled back is not issued: the next act gets it */
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2033, z), 3);
  db_rollback(pDb);
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2033, z), 3);
  assert_int_equal(issue(pDb, squad, "reinspect_opinion", 2033, z), 4);
  assert_int_equal(test_int(pDb, "SELECT count(DISTINCT number) FROM doc_number WHERE year=2033"), 4);
  db_close(pDb);
}

static void test_refusals(void **state){
  zf_db *pDb = test_db(1);
  int64_t squad = unit_id(pDb, "执法一中队"), before = test_int(pDb, "SELECT count(*) FROM doc_number");
  zf_error e = {0};
  char z[300];
  (void)state;
  assert_int_equal(document_number_next(pDb, squad, "penalty", 2031, "hazard", 1, "x", z, sizeof z, 0, &e),
                   ZF_EINVAL);
  assert_string_equal(e.field, "type");
  memset(&e, 0, sizeof e);
  assert_int_equal(document_number_next(pDb, squad, "rectify_order", 1999, "hazard", 1, "x", z, sizeof z, 0, &e),
                   ZF_EINVAL);
  assert_string_equal(e.field, "year");
  memset(&e, 0, sizeof e);
  assert_int_equal(document_number_next(pDb, 999999, "rectify_order", 2031, "hazard", 1, "x", z, sizeof z, 0, &e),
                   ZF_ENOTFOUND);
  assert_string_equal(e.field, "unit_id");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number"), before);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_per_unit_type_year),
    cmocka_unit_test(test_continues_issued_numbers),
    cmocka_unit_test(test_never_reused),
    cmocka_unit_test(test_refusals),
  };
  return cmocka_run_group_tests_name("document", tests, 0, 0);
}
