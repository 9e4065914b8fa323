/*
** test_inspection.c — scheduling inspections: at least two eligible
** officers (certificate valid, no conflict), experts from the pool, the
** yearly cap, the fewer-visits overlap warning and joining, cancel, the
** last-inspector and workload queries, that nothing is half-written, and
** that the list's single-statement rendering equals inspection_json().
** Demo people (src/staff_demo.c): 6 李明, 8 刘芳 valid; 10 吴涛 certificate
** expired 15 days ago; 19 高翔 suspended; 7 张伟 has a conflict with
** enterprise 1; 37 周海峰 is an expert; 12 孙悦 an assistant. Units 3 and 4
** are the two squads, 5 洪都街道 (刘洋, 蔡晓燕; scope 360104002), 1 the
** bureau, 2 the brigade, 10 青云谱镇.
*/
#include "testutil.h"
#include "core/calendar.h"
#include "core/auth.h"
#include "inspection.h"
#include "org.h"

static char zFrom[11], zTo[11];
static int64_t ent;

static zf_db *setup(void){
  zf_db *pDb = test_db(1);
  char zToday[11];
  calendar_today(zToday);
  /* a window fully inside one calendar year, a week ahead when the year
  ** allows, else a day ahead, else the first days of next year — always
  ** within 25 days, while every demo officer's certificate is valid (the
  ** shortest, 张伟's, ends 25 days after today: a window further out made
  ** the certificate refusal hide the conflict one in December) */
  calendar_days_add(zToday, 7, zFrom, 0);
  calendar_days_add(zToday, 14, zTo, 0);
  if( memcmp(zTo, zToday, 4)!=0 ){
    calendar_days_add(zToday, 1, zFrom, 0);
    calendar_days_add(zToday, 3, zTo, 0);
  }
  if( memcmp(zTo, zToday, 4)!=0 ){
    snprintf(zFrom, sizeof zFrom, "%04d-01-02", atoi(zToday) + 1);
    snprintf(zTo, sizeof zTo, "%04d-01-04", atoi(zToday) + 1);
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

/* The demo district's inspections (inspection_demo.c): a joint group of
** two units, the fewer-visits case not joined, a cancelled one; all
** audited. */
static void test_demo(void **state){
  zf_db *pDb = setup();
  (void)state;
  /* inspection_demo's rows: neither from a plan nor from a draw (those
  ** modules audit their whole act, not each inspection) */
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection WHERE plan_id IS NULL AND draw_id IS NULL") >= 6);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE joint_group IS NOT NULL"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='cancelled'"
                                 " AND draw_id IS NULL"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='inspection'"
                                 " AND action IN ('inspection.schedule','inspection.cancel')"),
                   test_int(pDb, "SELECT count(*) FROM inspection WHERE plan_id IS NULL AND draw_id IS NULL") + 1);
  /* the first ids of the ledger, which the tests use, are left alone */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE enterprise_id<=12"
                                 " AND plan_id IS NULL AND draw_id IS NULL"), 0);
  db_close(pDb);
}

static void test_officers_required_and_checked(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, one[1] = {6}, two[2] = {6, 8}, expired[2] = {6, 10}, suspended[2] = {8, 19};
  int64_t before, people;
  (void)state;
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  people = test_int(pDb, "SELECT count(*) FROM inspection_person");
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
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person"), people + 2);
  /* none at all: officers are assigned later (another unit: the same one
  ** may not schedule the enterprise twice in the window) */
  assert_int_equal(schedule(pDb, 4, "key", 0, 0, 0, &id, 0, &e), ZF_OK);
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
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person WHERE role='expert' AND person_id=37"
                                 " AND inspection_id=(SELECT max(id) FROM inspection)"), 1);
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
  /* accepting the offer joins the group: no warning about the group joined,
  ** still one about the other unit outside it; both share the group */
  assert_int_equal(schedule(pDb, 2, "joint", 0, 0, first, &third, pW, &e), ZF_OK);
  assert_int_equal(json_array_size(pW), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(pW, 0), "inspection_id")), second);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(pW, 0), "joint_group")), second);
  {
    char zSql[128];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection WHERE joint_group=%lld", (long long)first);
    assert_int_equal(test_int(pDb, zSql), 2);
  }
  /* a joint inspection is one visit to the enterprise */
  assert_int_equal(inspection_year_count(pDb, ent, atoi(zFrom)), 2);
  /* a join to an unrelated inspection is refused */
  ent = ent + 1;
  assert_int_equal(schedule(pDb, 4, "joint", 0, 0, first, &third, pW, &e), ZF_EINVAL);
  assert_string_equal(e.field, "join_id");
  json_decref(pW);
  db_close(pDb);
}

/* Bug fix: the cap refusal offers a joint inspection, but the cap refused
** the join too. Joining adds no visit, so the cap never refuses it, and
** the year count counts a joint group once. */
static void test_cap_allows_join(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, first = 0, cap = test_int(pDb, "SELECT value FROM rule_value WHERE key='inspection.yearly_cap' LIMIT 1");
  int i;
  (void)state;
  assert_true(cap >= 1 && cap <= 6);
  for(i=0; i<cap; i++){
    assert_int_equal(schedule(pDb, 1 + i, "routine", 0, 0, 0, &id, 0, &e), ZF_OK);
    if( i==0 ) first = id;
  }
  assert_int_equal(schedule(pDb, 10, "routine", 0, 0, 0, &id, 0, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "enterprise_id");
  assert_int_equal(schedule(pDb, 10, "routine", 0, 0, first, &id, 0, &e), ZF_OK);
  assert_int_equal(inspection_year_count(pDb, ent, atoi(zFrom)), cap);
  db_close(pDb);
}

/* Bug fix: a join to an inspection already done or cancelled, or in a
** window that does not meet the new one, was accepted. */
static void test_join_rules(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t first, other, id;
  char zSaveFrom[11], zSaveTo[11];
  (void)state;
  assert_int_equal(schedule(pDb, 3, "routine", 0, 0, 0, &first, 0, &e), ZF_OK);
  /* a window that does not meet the joined one */
  memcpy(zSaveFrom, zFrom, 11); memcpy(zSaveTo, zTo, 11);
  snprintf(zFrom, sizeof zFrom, "%04d-06-01", atoi(zSaveFrom) + 1);
  snprintf(zTo, sizeof zTo, "%04d-06-05", atoi(zSaveFrom) + 1);
  assert_int_equal(schedule(pDb, 4, "joint", 0, 0, first, &id, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "join_id");
  assert_non_null(strstr(e.message, "不重叠"));
  memcpy(zFrom, zSaveFrom, 11); memcpy(zTo, zSaveTo, 11);
  /* a cancelled one */
  assert_int_equal(schedule(pDb, 4, "special", 0, 0, 0, &other, 0, &e), ZF_OK);
  assert_int_equal(inspection_cancel(pDb, 0, other, "计划调整", &e), ZF_OK);
  assert_int_equal(schedule(pDb, 2, "joint", 0, 0, other, &id, 0, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "join_id");
  /* one already reported */
  assert_int_equal(db_exec(pDb, "UPDATE inspection SET status='reported' WHERE id=?", "i", first), ZF_OK);
  assert_int_equal(schedule(pDb, 2, "joint", 0, 0, first, &id, 0, &e), ZF_ECONFLICT);
  {
    char zSql[128];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection WHERE enterprise_id=%lld AND joint_group IS NOT NULL",
             (long long)ent);
    assert_int_equal(test_int(pDb, zSql), 0);
  }
  db_close(pDb);
}

/* Decision: the same unit scheduling the same enterprise twice in an
** overlapping window is refused (不重复检查), naming the inspection there;
** complaint checks and re-inspections are exempt; another window is fine. */
static void test_same_unit_refused(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t first, id, before;
  json_t *pW = json_array();
  (void)state;
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  assert_int_equal(schedule(pDb, 3, "routine", 0, 0, 0, &first, pW, &e), ZF_OK);
  assert_int_equal(schedule(pDb, 3, "special", 0, 0, 0, &id, pW, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "window_from");
  assert_non_null(strstr(e.message, "本单位已安排"));
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection"), before + 1);
  /* joining its own unit's inspection is the same duplicate */
  assert_int_equal(schedule(pDb, 3, "joint", 0, 0, first, &id, pW, &e), ZF_ECONFLICT);
  assert_int_equal(schedule(pDb, 3, "complaint", 0, 0, 0, &id, pW, &e), ZF_OK);
  assert_int_equal(schedule(pDb, 3, "reinspection", 0, 0, 0, &id, pW, &e), ZF_OK);
  /* no overlap warning about one's own unit */
  assert_int_equal(json_array_size(pW), 0);
  /* once cancelled, the window is free again */
  assert_int_equal(inspection_cancel(pDb, 0, first, "改期", &e), ZF_OK);
  assert_int_equal(schedule(pDb, 3, "special", 0, 0, 0, &id, pW, &e), ZF_OK);
  json_decref(pW);
  db_close(pDb);
}

/* Bug fix: a street's officers could be scheduled on an enterprise outside
** the street's area (staff_may_enforce checks its powers, not the place). */
static void test_street_officers_in_their_area(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, pair[2];
  int64_t inside = test_int(pDb, "SELECT min(id) FROM enterprise WHERE status='active' AND id>2"
                                 " AND region_path LIKE '%/360104002/'");
  int64_t outside = test_int(pDb, "SELECT min(id) FROM enterprise WHERE status='active' AND id>2"
                                  " AND region_path LIKE '%/360104400/'");
  (void)state;
  pair[0] = test_int(pDb, "SELECT id FROM person WHERE name='刘洋'");
  pair[1] = test_int(pDb, "SELECT id FROM person WHERE name='蔡晓燕'");
  assert_true(inside > 0 && outside > 0 && pair[0] > 0 && pair[1] > 0);
  ent = outside;
  assert_int_equal(schedule(pDb, 5, "routine", pair, 2, 0, &id, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "officers");
  assert_non_null(strstr(e.message, "刘洋"));
  assert_non_null(strstr(e.message, "辖区"));
  ent = inside;
  assert_int_equal(schedule(pDb, 5, "routine", pair, 2, 0, &id, 0, &e), ZF_OK);
  db_close(pDb);
}

/* A window wholly in the past is not scheduled. */
static void test_past_window_refused(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id;
  char zToday[11];
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -10, zFrom, 0);
  calendar_days_add(zToday, -1, zTo, 0);
  assert_int_equal(schedule(pDb, 3, "routine", 0, 0, 0, &id, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "window_to");
  /* a window under way (started, not ended) is fine */
  memcpy(zTo, zToday, 11);
  assert_int_equal(schedule(pDb, 3, "routine", 0, 0, 0, &id, 0, &e), ZF_OK);
  db_close(pDb);
}

static void test_yearly_cap(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, cap = test_int(pDb, "SELECT value FROM rule_value WHERE key='inspection.yearly_cap' LIMIT 1");
  int i;
  (void)state;
  assert_true(cap >= 1 && cap <= 6);
  /* one unit each: the same unit may not schedule the window twice */
  for(i=0; i<cap; i++) assert_int_equal(schedule(pDb, 1 + i, "routine", 0, 0, 0, &id, 0, &e), ZF_OK);
  assert_int_equal(inspection_year_count(pDb, ent, atoi(zFrom)), cap);
  assert_int_equal(schedule(pDb, 10, "random", 0, 0, 0, &id, 0, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "enterprise_id");
  assert_non_null(strstr(e.message, "上限"));
  /* complaints are not capped */
  assert_int_equal(schedule(pDb, 3, "complaint", 0, 0, 0, &id, 0, &e), ZF_OK);
  /* a cancelled one frees its place */
  assert_int_equal(inspection_cancel(pDb, 0, id - 1, "企业停产", &e), ZF_OK);
  assert_int_equal(schedule(pDb, 10, "random", 0, 0, 0, &id, 0, &e), ZF_OK);
  db_close(pDb);
}

static void test_cancel_and_queries(void **state){
  zf_db *pDb = setup();
  zf_error e;
  int64_t id, two[2] = {8, 6}, out[4], load, cancels;
  char zAfter[11];
  (void)state;
  load = inspection_person_load(pDb, 6, zFrom, zTo);
  cancels = test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.cancel'");
  assert_int_equal(schedule(pDb, 3, "routine", two, 2, 0, &id, 0, &e), ZF_OK);
  calendar_days_add(zTo, 1, zAfter, 0);
  assert_int_equal(inspection_last_officers(pDb, ent, zAfter, out, 4), 2);
  assert_int_equal(out[0], 6);
  assert_int_equal(out[1], 8);
  assert_int_equal(inspection_last_officers(pDb, ent, zFrom, out, 4), 0);
  assert_int_equal(inspection_person_load(pDb, 6, zFrom, zTo), load + 1);
  assert_int_equal(inspection_cancel(pDb, 0, id, "x", &e), ZF_EINVAL);
  assert_int_equal(inspection_cancel(pDb, 0, id, "企业停产", &e), ZF_OK);
  assert_int_equal(inspection_cancel(pDb, 0, id, "企业停产", &e), ZF_ECONFLICT);
  assert_int_equal(inspection_person_load(pDb, 6, zFrom, zTo), load);
  assert_int_equal(inspection_last_officers(pDb, ent, zAfter, out, 4), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.cancel'"), cancels + 1);
  /* never deleted */
  assert_int_not_equal(db_exec(pDb, "DELETE FROM inspection WHERE id=?", "i", id), ZF_OK);
  db_close(pDb);
}

static void test_schedule_scope_and_audit(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  zf_who street;
  int64_t id, two[2] = {6, 8}, before, audits;
  json_t *pW = 0;
  inspection_new nu;
  (void)state;
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  audits = test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.schedule'");
  memset(&street, 0, sizeof street);
  snprintf(street.zUsername, sizeof street.zUsername, "street1");
  snprintf(street.zScopePath, sizeof street.zScopePath, "/360000/360100/360104/360104999/");
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = ent; nu.unitId = 3; nu.zType = "routine"; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = two; nu.nOfficer = 2;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_ESCOPE);
  assert_null(pW);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection"), before);
  assert_int_equal(inspection_schedule(pDb, 0, &nu, &id, &pW, &e), ZF_OK);
  assert_non_null(pW);
  json_decref(pW);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.schedule'"), audits + 1);
  db_close(pDb);
}

/* Bug fix: the scope was checked after every other rule, so a street
** account learned about enterprises outside its area from the refusals
** (closed, yearly count, officers' conflicts). Scope comes first, and
** covers the inspecting unit and the officers too. */
static void test_scope_checked_first(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  zf_who street;
  int64_t id, bad[2] = {6, 10}, squad[2] = {6, 8}, own[2];
  json_t *pW = 0;
  inspection_new nu;
  int64_t before;
  (void)state;
  memset(&street, 0, sizeof street);
  snprintf(street.zUsername, sizeof street.zUsername, "street1");
  snprintf(street.zScopePath, sizeof street.zScopePath, "/360000/360100/360104/360104002/");
  own[0] = test_int(pDb, "SELECT id FROM person WHERE name='刘洋'");
  own[1] = test_int(pDb, "SELECT id FROM person WHERE name='蔡晓燕'");
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = test_int(pDb, "SELECT min(id) FROM enterprise WHERE region_path NOT LIKE '%/360104002/'");
  nu.unitId = 5; nu.zType = "routine"; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = bad; nu.nOfficer = 2;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_ESCOPE);
  assert_string_equal(e.field, "enterprise_id");
  nu.enterpriseId = test_int(pDb, "SELECT min(id) FROM enterprise WHERE status='active' AND id>2"
                                  " AND region_path LIKE '%/360104002/'");
  nu.unitId = 3; nu.aOfficer = own;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_ESCOPE);
  assert_string_equal(e.field, "unit_id");
  nu.unitId = 5; nu.aOfficer = squad;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_ESCOPE);
  assert_string_equal(e.field, "officers");
  assert_non_null(strstr(e.message, "李明"));
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection"), before);
  nu.aOfficer = own;
  assert_int_equal(inspection_schedule(pDb, &street, &nu, &id, &pW, &e), ZF_OK);
  json_decref(pW);
  db_close(pDb);
}

/* The list's rendering (INSPECTION_JSON_SQL: a page is one statement, the
** JSON written by SQLite) against inspection_json(), the detail's: equal
** for every demo inspection (people, the late report), for every type
** (type_name), for people of all three roles (their order) and for text
** that needs escaping. */
static json_t *list_row(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT " INSPECTION_JSON_SQL INSPECTION_FROM " WHERE i.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  assert_non_null(pStmt);
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = json_loads(db_text(pStmt, 0), JSON_REJECT_DUPLICATES, 0);
  db_reset(pStmt);
  assert_non_null(p);
  return p;
}

/* 1 when the list's row for id is the detail's, each part as the tables
** have it; the late flag in *pLate. */
static int list_row_same(zf_db *pDb, int64_t id, int *pLate){
  json_t *a = list_row(pDb, id), *b = inspection_json(pDb, id);
  int same = json_equal(a, b);
  if( !same ){
    char *x = json_dumps(a, JSON_COMPACT), *y = json_dumps(b, JSON_COMPACT);
    print_message("list:   %s\ndetail: %s\n", x, y);
    free(x);
    free(y);
  }
  if( pLate ) *pLate = json_is_true(json_object_get(b, "report_late"));
  assert_int_equal(json_array_size(json_object_get(a, "people")), json_array_size(json_object_get(b, "people")));
  /* and each part as the tables and the type table have it */
  {
    char zSql[160];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection_person WHERE inspection_id=%lld", (long long)id);
    assert_int_equal(json_array_size(json_object_get(a, "people")), test_int(pDb, zSql));
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection_site WHERE late=1 AND inspection_id=%lld",
             (long long)id);
    assert_int_equal(json_is_true(json_object_get(a, "report_late")), test_int(pDb, zSql));
    assert_string_equal(json_string_value(json_object_get(a, "type_name")),
                        inspection_type_name(json_string_value(json_object_get(a, "type"))));
  }
  json_decref(a);
  json_decref(b);
  return same;
}

static void test_list_rendering(void **state){
  static const char *const azType[] = {
    "key", "random", "routine", "special", "covert", "cross", "complaint", "reinspection", "joint",
  };
  zf_db *pDb = test_db(1);
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM inspection ORDER BY id");
  int64_t aId[512], late1;
  int n = 0, i, late, nLate = 0, nPeople = 0;
  json_t *p;
  (void)state;
  assert_non_null(pStmt);
  while( db_step(pStmt)==1 && n<512 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  assert_int_equal(n, test_int(pDb, "SELECT count(*) FROM inspection"));
  assert_true(n>0);
  for(i=0; i<n; i++){
    assert_true(list_row_same(pDb, aId[i], &late));
    nLate += late;
  }
  assert_int_equal(nLate, test_int(pDb, "SELECT count(*) FROM inspection_site WHERE late=1"));
  assert_true(nLate>0);
  /* the late one, with an expert and an assistant beside its officers, a
  ** note that needs escaping, and each type in turn */
  late1 = test_int(pDb, "SELECT min(inspection_id) FROM inspection_site WHERE late=1");
  assert_int_equal(db_exec(pDb, "INSERT OR IGNORE INTO inspection_person(inspection_id, person_id, role)"
                           " VALUES(?, 37, 'expert'), (?, 12, 'assistant')", "ii", late1, late1), ZF_OK);
  assert_int_equal(db_exec(pDb, "UPDATE inspection SET note=? WHERE id=?", "si",
                           "引号\" 反斜杠\\ 换行\n制表\t控制\x01 </script> 😀", late1), ZF_OK);
  for(i=0; i<(int)(sizeof azType/sizeof azType[0]); i++){
    assert_int_equal(db_exec(pDb, "UPDATE inspection SET type=? WHERE id=?", "si", azType[i], late1), ZF_OK);
    assert_true(list_row_same(pDb, late1, &late));
    assert_true(late);
  }
  p = list_row(pDb, late1);
  nPeople = (int)json_array_size(json_object_get(p, "people"));
  assert_true(nPeople>=4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(p, "people"), nPeople-1),
                      "role")), "assistant");
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(p, "people"), nPeople-2),
                      "role")), "expert");
  assert_string_equal(json_string_value(json_object_get(p, "type_name")), "联合检查");
  json_decref(p);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_demo),
    cmocka_unit_test(test_officers_required_and_checked),
    cmocka_unit_test(test_conflict_refused),
    cmocka_unit_test(test_people_checks),
    cmocka_unit_test(test_overlap_warning_and_join),
    cmocka_unit_test(test_yearly_cap),
    cmocka_unit_test(test_cancel_and_queries),
    cmocka_unit_test(test_schedule_scope_and_audit),
    cmocka_unit_test(test_cap_allows_join),
    cmocka_unit_test(test_join_rules),
    cmocka_unit_test(test_same_unit_refused),
    cmocka_unit_test(test_street_officers_in_their_area),
    cmocka_unit_test(test_past_window_refused),
    cmocka_unit_test(test_scope_checked_first),
    cmocka_unit_test(test_list_rendering),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
