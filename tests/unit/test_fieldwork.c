/*
** test_fieldwork.c — carrying out an inspection (src/fieldwork.c): start
** refused with one officer or an expired certificate, the cross rule,
** steps out of order, a skipped must-check item refused by name, the late
** flag, back-dating refused, version conflicts, covert visibility, the
** 不符合 list for the hazard module, and the demo.
** Demo people (src/staff_demo.c): 6 李明, 8 刘芳 valid (unit 3 执法一中队);
** 10 吴涛 certificate expired.
*/
#include <time.h>
#include "testutil.h"
#include "core/calendar.h"
#include "core/auth.h"
#include "core/clock.h"
#include "fieldwork.h"
#include "hazard.h"
#include "inspection.h"
#include "org.h"

static int64_t ent;

/* A demo database and a 危化 enterprise nobody has inspected. */
static zf_db *setup(void){
  zf_db *pDb = test_db(1);
  ent = test_int(pDb, "SELECT min(id) FROM enterprise WHERE status='active' AND sector='chem'"
                      " AND id NOT IN (SELECT enterprise_id FROM inspection)");
  assert_true(ent > 0);
  return pDb;
}

/* Schedules an inspection of ent by unit with officers a, window from
** today+dFrom to today+3. */
static int64_t schedule(zf_db *pDb, int64_t unit, const char *zType, const int64_t *a, int n, int dFrom){
  inspection_new nu;
  char zToday[11], zFrom[11], zTo[11];
  zf_error e = {0};
  int64_t id = 0;
  calendar_today(zToday);
  calendar_days_add(zToday, dFrom, zFrom, 0);
  calendar_days_add(zToday, 3, zTo, 0);
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = ent; nu.unitId = unit; nu.zType = zType; nu.zFrom = zFrom; nu.zTo = zTo;
  nu.aOfficer = a; nu.nOfficer = n;
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(inspection_schedule_tx(pDb, "brigade", &nu, &id, 0, &e), ZF_OK);
  assert_int_equal(db_commit(pDb), ZF_OK);
  return id;
}

static int64_t version(zf_db *pDb, int64_t id){
  char z[80];
  snprintf(z, sizeof z, "SELECT version FROM inspection WHERE id=%lld", (long long)id);
  return test_int(pDb, z);
}

/* Starts id at zStart (NULL: now) with the scheduled officers. */
static int start(zf_db *pDb, int64_t id, const char *zStart, zf_error *e){
  fieldwork_start_in in;
  memset(&in, 0, sizeof in);
  memset(e, 0, sizeof *e);
  in.version = version(pDb, id);
  in.zStart = zStart;
  return fieldwork_start(pDb, 0, id, &in, e);
}

static int step(zf_db *pDb, int64_t id, const char *zStep, const char *zAt, zf_error *e){
  memset(e, 0, sizeof *e);
  return fieldwork_step(pDb, 0, id, version(pDb, id), zStep, zAt, e);
}

/* Steps and attendance done; results for every line but skipLine (0: all). */
static void walk(zf_db *pDb, int64_t id, const char *const az[3], int64_t skipLine){
  fieldwork_attendance at = {1, 0, 1, "张总", "", "王工"};
  json_t *p = fieldwork_json(pDb, id), *v;
  fieldwork_result_in a[200];
  size_t i;
  int n = 0;
  zf_error e = {0};
  assert_int_equal(step(pDb, id, "notice", az ? az[0] : 0, &e), ZF_OK);
  assert_int_equal(step(pDb, id, "check", az ? az[1] : 0, &e), ZF_OK);
  assert_int_equal(step(pDb, id, "feedback", az ? az[2] : 0, &e), ZF_OK);
  assert_int_equal(fieldwork_attendance_set(pDb, 0, id, version(pDb, id), &at, &e), ZF_OK);
  json_array_foreach(json_object_get(p, "checklist"), i, v){
    int64_t line = json_integer_value(json_object_get(v, "line_id"));
    if( line==skipLine || n>=200 ) continue;
    memset(&a[n], 0, sizeof a[n]);
    a[n].lineId = line;
    a[n].zVerdict = n==0 ? "fail" : "ok";
    a[n].zNote = n==0 ? "灭火器过期" : "";
    n++;
  }
  assert_true(n > 0);
  assert_int_equal(fieldwork_results_set(pDb, 0, id, version(pDb, id), a, n, &e), ZF_OK);
  json_decref(p);
}

/* One officer, an expired certificate: refused naming the reason. */
static void test_start_officers(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, one[1] = {6}, expired[2] = {6, 10};
  int64_t id = schedule(pDb, 3, "routine", two, 2, 0);
  fieldwork_start_in in;
  zf_error e = {0};
  (void)state;
  memset(&in, 0, sizeof in);
  in.version = version(pDb, id);
  in.aOfficer = one; in.nOfficer = 1; in.setOfficers = 1;
  assert_int_equal(fieldwork_start(pDb, 0, id, &in, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "officers");
  assert_non_null(strstr(e.message, "至少需要 2 名"));
  memset(&e, 0, sizeof e);
  in.aOfficer = expired; in.nOfficer = 2;
  assert_int_equal(fieldwork_start(pDb, 0, id, &in, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "吴涛"));
  assert_non_null(strstr(e.message, "到期失效"));
  /* nothing written */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_site"), test_int(pDb,
    "SELECT count(*) FROM inspection WHERE status<>'scheduled' AND status<>'cancelled'"));
  assert_int_equal(start(pDb, id, 0, &e), ZF_OK);
  assert_int_equal(version(pDb, id), in.version + 1);
  /* a start in the future is refused */
  {
    int64_t id2 = schedule(pDb, 4, "complaint", two, 2, 0);
    char z[24];
    clock_iso(clock_now() + 7200, z);
    assert_int_equal(start(pDb, id2, z, &e), ZF_EINVAL);
    assert_string_equal(e.field, "actual_start");
  }
  db_close(pDb);
}

/* 交叉互检: officers of the enterprise's usual unit are refused. */
static void test_cross(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id;
  zf_error e = {0};
  (void)state;
  schedule(pDb, 3, "routine", two, 2, 0);           /* the usual unit: 3 */
  id = schedule(pDb, 4, "cross", two, 2, 0);
  assert_int_equal(start(pDb, id, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "交叉互检"));
  assert_non_null(strstr(e.message, "李明"));
  db_close(pDb);
}

/* 执法告知 → 现场检查 → 交流反馈, refused out of order; a stale version 409. */
static void test_steps_order_and_version(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "routine", two, 2, 0), v;
  zf_error e = {0};
  (void)state;
  assert_int_equal(step(pDb, id, "notice", 0, &e), ZF_ECONFLICT);   /* not started */
  assert_int_equal(start(pDb, id, 0, &e), ZF_OK);
  assert_int_equal(step(pDb, id, "check", 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "执法告知"));
  assert_int_equal(step(pDb, id, "feedback", 0, &e), ZF_EPROCEDURE);
  assert_int_equal(step(pDb, id, "notice", 0, &e), ZF_OK);
  assert_int_equal(step(pDb, id, "notice", 0, &e), ZF_EPROCEDURE);
  assert_int_equal(step(pDb, id, "feedback", 0, &e), ZF_EPROCEDURE);
  assert_int_equal(step(pDb, id, "sing", 0, &e), ZF_EINVAL);
  v = version(pDb, id);
  memset(&e, 0, sizeof e);
  assert_int_equal(fieldwork_step(pDb, 0, id, v - 1, "check", 0, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "version");
  assert_int_equal(version(pDb, id), v);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_site WHERE check_at IS NOT NULL"), 
                   test_int(pDb, "SELECT count(*) FROM inspection_site WHERE check_at IS NOT NULL AND inspection_id<>0"));
  assert_int_equal(step(pDb, id, "check", 0, &e), ZF_OK);
  db_close(pDb);
}

/* A skipped must-check line: the report is refused naming it. */
static void test_must_check(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "routine", two, 2, 0), must = 0;
  json_t *p, *v, *pFail;
  size_t i;
  const char *zContent = 0;
  zf_error e = {0};
  (void)state;
  assert_int_equal(start(pDb, id, 0, &e), ZF_OK);
  p = fieldwork_json(pDb, id);
  json_array_foreach(json_object_get(p, "checklist"), i, v){
    if( json_is_true(json_object_get(v, "must_check")) ){
      must = json_integer_value(json_object_get(v, "line_id"));
      zContent = json_string_value(json_object_get(v, "content"));
    }
  }
  assert_true(must > 0);
  walk(pDb, id, 0, must);
  memset(&e, 0, sizeof e);
  assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), 0, 0, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "items");
  assert_non_null(strstr(e.message, zContent));
  {
    fieldwork_result_in r = {must, "na", "", 0, 0};
    assert_int_equal(fieldwork_results_set(pDb, 0, id, version(pDb, id), &r, 1, &e), ZF_OK);
  }
  assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), 0, 0, 0, &e), ZF_OK);
  pFail = fieldwork_failures(pDb, id);
  assert_int_equal(json_array_size(pFail), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(pFail, 0), "note")), "灭火器过期");
  json_decref(pFail);
  /* an open hazard keeps the inspection open; once rectified on the spot
  ** and confirmed it may close */
  {
    hazard_new hn = {id, 0, 0, "安全出口堵塞", "二号车间", "general", 0, "immediate", 0, 0, 0, 0, 0};
    hazard_action act;
    int64_t hz;
    memset(&act, 0, sizeof act);
    assert_int_equal(hazard_create(pDb, 0, &hn, &hz, &e), ZF_OK);
    assert_int_equal(fieldwork_close(pDb, 0, id, version(pDb, id), &e), ZF_EPROCEDURE);
    assert_string_equal(e.field, "hazards");
    assert_non_null(strstr(e.message, "安全出口堵塞"));
    act.zAction = "void";
    act.zNote = "录入错误，与本次检查无关";
    assert_int_equal(hazard_act(pDb, 0, hz, &act, &e), ZF_OK);
  }
  assert_int_equal(fieldwork_close(pDb, 0, id, version(pDb, id), &e), ZF_OK);
  json_decref(p);
  db_close(pDb);
}

/* Entered after the deadline: needs a reason and is flagged; an end in
** the future or before the start is refused. */
static void test_late_and_backdating(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "routine", two, 2, -5), t = clock_now() - 4*86400;
  char z[5][24];
  const char *az[3];
  int i, late = 0;
  zf_error e = {0};
  (void)state;
  for(i=0; i<5; i++) clock_iso(t + i*600, z[i]);
  az[0] = z[1]; az[1] = z[2]; az[2] = z[3];
  assert_int_equal(start(pDb, id, z[0], &e), ZF_OK);
  walk(pDb, id, az, 0);
  {
    char zFuture[24], zBefore[24];
    clock_iso(clock_now() + 3600, zFuture);
    clock_iso(t - 60, zBefore);
    memset(&e, 0, sizeof e);
    assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), zFuture, "x", 0, &e), ZF_EINVAL);
    assert_string_equal(e.field, "actual_end");
    memset(&e, 0, sizeof e);
    assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), zBefore, "x", 0, &e), ZF_EINVAL);
    assert_string_equal(e.field, "actual_end");
  }
  memset(&e, 0, sizeof e);
  assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), z[4], 0, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "late_reason");
  assert_int_equal(fieldwork_report(pDb, 0, id, version(pDb, id), z[4], "外勤未及时录入", &late, &e), ZF_OK);
  assert_int_equal(late, 1);
  {
    char zSql[120];
    snprintf(zSql, sizeof zSql, "SELECT late FROM inspection_site WHERE inspection_id=%lld", (long long)id);
    assert_int_equal(test_int(pDb, zSql), 1);
  }
  {
    json_t *p = inspection_json(pDb, id);      /* shown on every list */
    assert_true(json_is_true(json_object_get(p, "report_late")));
    json_decref(p);
  }
  db_close(pDb);
}

/* 暗访暗查: hidden, until closed, from those not on it. */
static void test_covert_visible(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "covert", two, 2, 0);
  zf_who who;
  (void)state;
  memset(&who, 0, sizeof who);
  snprintf(who.zUsername, sizeof who.zUsername, "officer2");
  who.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer2'");
  who.roles = 1u<<ROLE_OFFICER;
  assert_int_equal(covert_visible(pDb, &who, id), 0);
  who.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer1'");
  snprintf(who.zUsername, sizeof who.zUsername, "officer1");
  assert_int_equal(covert_visible(pDb, &who, id), 1);    /* 李明 is on it */
  who.accountId = 0;
  snprintf(who.zUsername, sizeof who.zUsername, "leader");
  who.roles = 1u<<ROLE_LEADER;
  assert_int_equal(covert_visible(pDb, &who, id), 1);
  db_close(pDb);
}

/* What hangs off a covert inspection (its hazards) follows its rule;
** other links (a case) are not the covert rule's business. */
static void test_covert_links(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "covert", two, 2, 0), hz = 0;
  hazard_new hn;
  zf_who who;
  zf_error e = {0};
  (void)state;
  memset(&hn, 0, sizeof hn);
  hn.inspectionId = id; hn.zDescription = "暗访发现"; hn.zPlace = "仓库"; hn.zCategory = "general";
  hn.zRectify = "immediate";
  assert_int_equal(hazard_create(pDb, 0, &hn, &hz, &e), ZF_OK);
  memset(&who, 0, sizeof who);
  snprintf(who.zUsername, sizeof who.zUsername, "officer2");
  snprintf(who.zScopePath, sizeof who.zScopePath, "/");
  who.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer2'");
  who.roles = 1u<<ROLE_OFFICER;
  assert_int_equal(covert_link_visible(pDb, &who, "inspection", id), 0);
  assert_int_equal(covert_link_visible(pDb, &who, "hazard", hz), 0);
  assert_int_equal(covert_link_visible(pDb, &who, "case", 1), 1);
  assert_int_equal(covert_link_visible(pDb, 0, "hazard", hz), 1);       /* command line */
  /* a new hazard on it by officer2: as if it did not exist */
  memset(&e, 0, sizeof e);
  assert_int_equal(hazard_create(pDb, &who, &hn, &hz, &e), ZF_ENOTFOUND);
  assert_string_equal(e.field, "inspection_id");
  who.roles = 1u<<ROLE_LEADER;
  assert_int_equal(covert_link_visible(pDb, &who, "hazard", hz), 1);
  db_close(pDb);
}

/* The start day is Beijing's calendar day, like the window's: a start at
** 00:01 Beijing time on the window's first day (16:01 UTC the day before)
** is on time; 23:59 the evening before is early. */
static void test_start_day_is_beijing(void **state){
  zf_db *pDb = setup();
  int64_t two[2] = {6, 8}, id = schedule(pDb, 3, "routine", two, 2, 0);
  char zToday[11], z[24];
  struct tm tm;
  int64_t midnight;
  zf_error e;
  (void)state;
  calendar_today(zToday);
  memset(&tm, 0, sizeof tm);
  assert_int_equal(sscanf(zToday, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
  tm.tm_year -= 1900; tm.tm_mon -= 1;
  midnight = (int64_t)timegm(&tm) - 8*3600;        /* 00:00 Beijing, in UTC */
  clock_iso(midnight - 60, z);
  assert_int_equal(start(pDb, id, z, &e), ZF_EINVAL);
  assert_string_equal(e.field, "actual_start");
  clock_iso(midnight + 60, z);
  assert_int_equal(start(pDb, id, z, &e), ZF_OK);
  db_close(pDb);
}

/* The demo: in progress, reported (one late), closed, with results. */
static void test_demo(void **state){
  zf_db *pDb = test_db(1);
  (void)state;
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='in_progress'") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='reported'") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='closed'") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection_site WHERE late=1") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM inspection_result WHERE verdict='fail'") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='inspection.report'") >= 1);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_start_officers),
    cmocka_unit_test(test_cross),
    cmocka_unit_test(test_steps_order_and_version),
    cmocka_unit_test(test_must_check),
    cmocka_unit_test(test_late_and_backdating),
    cmocka_unit_test(test_covert_visible),
    cmocka_unit_test(test_covert_links),
    cmocka_unit_test(test_start_day_is_beijing),
    cmocka_unit_test(test_demo),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
