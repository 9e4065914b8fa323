/*
** test_inspection.c — scheduling inspections: at least two eligible
** officers (certificate valid, no conflict), experts from the pool, the
** yearly cap, the fewer-visits overlap warning and joining, cancel, the
** last-inspector and workload queries, and that nothing is half-written.
** Demo people (src/staff_demo.c): 6 李明, 8 刘芳 valid; 10 吴涛 certificate
** expired 15 days ago; 19 高翔 suspended; 7 张伟 has a conflict with
** enterprise 1; 37 周海峰 is an expert; 12 孙悦 an assistant. Units 3 and 4
** are the two squads.
*/
#include "testutil.h"
#include "core/auth.h"
#include "inspection.h"
#include "org.h"

static char zFrom[11], zTo[11];
static int64_t ent;

static zf_db *setup(void){
  zf_db *pDb = test_db(1);
  char zToday[11];
  org_today(zToday);
  /* a window fully inside one calendar year, a week or more ahead */
  if( strcmp(zToday + 5, "12-01") >= 0 ){
    snprintf(zFrom, sizeof zFrom, "%04d-01-10", atoi(zToday) + 1);
    snprintf(zTo, sizeof zTo, "%04d-01-20", atoi(zToday) + 1);
  }else{
    org_date_add(zToday, 7, zFrom);
    org_date_add(zToday, 14, zTo);
  }
  /* an enterprise the demo's draws did not pick */
  ent = test_int(pDb, "SELECT min(id) FROM enterprise WHERE status='active' AND id>2"
                      " AND id NOT IN (SELECT enterprise_id FROM inspection)");
  return pDb;
}

static int schedule(zf_db *pDb, int64_t unit, const char *zType, const int64_t *aOff, int nOff,
                    int64_t joinId, int64_t *pId, json_t *pWarn, zf_error *e){
  inspection_new nu;
  memset(&nu, 0, sizeof nu);
  memset(e, 0, sizeof *e);
  nu.enterpriseId = ent;
  nu.unitId = unit;
  nu.zType = zType;
  nu.zFrom = zFrom;
  nu.zTo = zTo;
  nu.aOfficer = aOff;
  nu.nOfficer = nOff;
  nu.joinId = joinId;
  return inspection_schedule_tx(pDb, "brigade", &nu, pId, pWarn, e);
}

static void test_officers_required_and_checked(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, one[1] = {6}, two[2] = {6, 8}, expired[2] = {6, 10}, suspended[2] = {8, 19};
  int64_t before, people;
  (void)state;
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  people = test_int(pDb, "SELECT count(*) FROM inspection_person");   /* the demo's draws have some */
  assert_int_equal(schedule(pDb, 3, "routine", one, 1, 0, &id, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "officers");
  assert_non_null(strstr(e.message, "不少于 2 名"));
  assert_int_equal(schedule(pDb, 3, "routine", expired, 2, 0, &id, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "吴涛"));
  assert_int_equal(schedule(pDb, 3, "routine", suspended, 2, 0, &id, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "高翔"));
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection"), before);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person"), people);
  assert_int_equal(schedule(pDb, 3, "routine", two, 2, 0, &id, 0, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person WHERE role='officer'"), people + 2);
  /* none at all: officers are assigned later */
  assert_int_equal(schedule(pDb, 3, "key", 0, 0, 0, &id, 0, &e), ZF_OK);
  db_close(pDb);
}

static void test_conflict_refused(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, withConflict[2] = {6, 7};
  (void)state;
  ent = 1;
  assert_int_equal(schedule(pDb, 3, "routine", withConflict, 2, 0, &id, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "张伟"));
  assert_non_null(strstr(e.message, "回避"));
  db_close(pDb);
}

static void test_people_checks(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  int64_t id, two[2] = {6, 8}, dup[2] = {6, 6}, expert = 37, notExpert = 9, assistant = 12;
  inspection_new nu;
  (void)state;
  assert_int_equal(schedule(pDb, 3, "routine", dup, 2, 0, &id, 0, &e), ZF_EINVAL);
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = ent; nu.unitId = 3; nu.zType = "special"; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = two; nu.nOfficer = 2;
  nu.aExpert = &notExpert; nu.nExpert = 1;
  assert_int_equal(inspection_schedule_tx(pDb, "x", &nu, &id, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "experts");
  nu.aExpert = &expert;
  nu.aAssistant = &expert; nu.nAssistant = 1;
  assert_int_equal(inspection_schedule_tx(pDb, "x", &nu, &id, 0, &e), ZF_EINVAL);
  nu.aAssistant = &assistant;
  assert_int_equal(inspection_schedule_tx(pDb, "x", &nu, &id, 0, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person WHERE role='expert' AND person_id=37"), 1);
  nu.zType = "bogus";
  assert_int_equal(inspection_schedule_tx(pDb, "x", &nu, &id, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "type");
  nu.zType = "routine"; nu.zFrom = zTo; nu.zTo = zFrom;
  if( strcmp(zFrom, zTo)!=0 ){
    assert_int_equal(inspection_schedule_tx(pDb, "x", &nu, &id, 0, &e), ZF_EINVAL);
    assert_string_equal(e.field, "window_to");
  }
  db_close(pDb);
}

static void test_overlap_warning_and_join(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t first, second, third, a[2] = {6, 8}, b[2] = {14, 15};
  json_t *pW = json_array();
  (void)state;
  assert_int_equal(schedule(pDb, 3, "routine", a, 2, 0, &first, pW, &e), ZF_OK);
  assert_int_equal(json_array_size(pW), 0);
  /* another unit, same window: written, with the offer of a joint inspection */
  assert_int_equal(schedule(pDb, 4, "special", b, 2, 0, &second, pW, &e), ZF_OK);
  assert_int_equal(json_array_size(pW), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(pW, 0), "code")), "overlap");
  assert_int_equal(json_integer_value(json_object_get(json_array_get(pW, 0), "inspection_id")), first);
  json_array_clear(pW);
  /* accepting the offer joins the group: no warning, both share it */
  assert_int_equal(schedule(pDb, 4, "joint", 0, 0, first, &third, pW, &e), ZF_OK);
  assert_int_equal(json_array_size(pW), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE joint_group=(SELECT min(id) FROM inspection"
                                 " WHERE joint_group IS NOT NULL)"), 2);
  /* a join to an unrelated inspection is refused */
  ent = ent + 1;
  assert_int_equal(schedule(pDb, 4, "joint", 0, 0, first, &third, pW, &e), ZF_EINVAL);
  assert_string_equal(e.field, "join_id");
  json_decref(pW);
  db_close(pDb);
}

static void test_yearly_cap(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, cap = test_int(pDb, "SELECT value FROM rule_value WHERE key='inspection.yearly_cap' LIMIT 1");
  int i;
  (void)state;
  assert_true(cap >= 1);
  for(i=0; i<cap; i++) assert_int_equal(schedule(pDb, 3, "routine", 0, 0, 0, &id, 0, &e), ZF_OK);
  assert_int_equal(inspection_year_count(pDb, ent, atoi(zFrom)), cap);
  assert_int_equal(schedule(pDb, 3, "random", 0, 0, 0, &id, 0, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "enterprise_id");
  assert_non_null(strstr(e.message, "上限"));
  /* complaints are not capped */
  assert_int_equal(schedule(pDb, 3, "complaint", 0, 0, 0, &id, 0, &e), ZF_OK);
  /* a cancelled one frees its place */
  assert_int_equal(inspection_cancel(pDb, 0, id - 1, "企业停产", &e), ZF_OK);
  assert_int_equal(schedule(pDb, 3, "random", 0, 0, 0, &id, 0, &e), ZF_OK);
  db_close(pDb);
}

static void test_cancel_and_queries(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, two[2] = {8, 6}, out[4];
  int load;
  char zAfter[11];
  (void)state;
  assert_int_equal(schedule(pDb, 3, "routine", two, 2, 0, &id, 0, &e), ZF_OK);
  org_date_add(zTo, 1, zAfter);
  assert_int_equal(inspection_last_officers(pDb, ent, zAfter, out, 4), 2);
  assert_int_equal(out[0], 6);
  assert_int_equal(out[1], 8);
  assert_int_equal(inspection_last_officers(pDb, ent, zFrom, out, 4), 0);
  load = inspection_person_load(pDb, 6, zFrom, zTo);   /* the demo's draws may count */
  assert_true(load>=1);
  assert_int_equal(inspection_cancel(pDb, 0, id, "x", &e), ZF_EINVAL);
  assert_int_equal(inspection_cancel(pDb, 0, id, "企业停产", &e), ZF_OK);
  assert_int_equal(inspection_cancel(pDb, 0, id, "企业停产", &e), ZF_ECONFLICT);
  assert_int_equal(inspection_person_load(pDb, 6, zFrom, zTo), load - 1);
  assert_int_equal(inspection_last_officers(pDb, ent, zAfter, out, 4), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.cancel'"), 1);
  /* never deleted */
  assert_int_not_equal(db_exec(pDb, "DELETE FROM inspection WHERE id=?", "i", id), ZF_OK);
  db_close(pDb);
}

static void test_schedule_scope_and_audit(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  zf_who street;
  int64_t id, two[2] = {6, 8};
  json_t *pW = 0;
  inspection_new nu;
  (void)state;
  memset(&street, 0, sizeof street);
  snprintf(street.zUsername, sizeof street.zUsername, "street1");
  snprintf(street.zScopePath, sizeof street.zScopePath, "/360000/360100/360104/360104999/");
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = ent; nu.unitId = 3; nu.zType = "routine"; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = two; nu.nOfficer = 2;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_ESCOPE);
  assert_null(pW);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE created_by<>'cli'"), 0);
  assert_int_equal(inspection_schedule(pDb, 0, &nu, &id, &pW, &e), ZF_OK);
  assert_non_null(pW);
  json_decref(pW);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.schedule'"), 1);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_officers_required_and_checked),
    cmocka_unit_test(test_conflict_refused),
    cmocka_unit_test(test_people_checks),
    cmocka_unit_test(test_overlap_warning_and_join),
    cmocka_unit_test(test_yearly_cap),
    cmocka_unit_test(test_cancel_and_queries),
    cmocka_unit_test(test_schedule_scope_and_audit),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
