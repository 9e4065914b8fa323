/*
** test_plan.c — the annual enforcement plan (src/plan.c, plan_report.c):
** the workday budget from the calendar (and the rule when the year's
** calendar is not loaded) × officers minus the days set aside; submission
** refused naming the unscheduled key enterprise and refused over budget
** by the number of days; the two-level rule both ways and for
** city-supervised enterprises; who may create which plan; approval
** recorded; adjustment keeps every version; publication creates the
** scheduled inspections and an adjustment moves them; spread evenly;
** frozen versions; progress and the public summary.
*/
#include "testutil.h"
#include "account.h"
#include <stdlib.h>
#include "core/calendar.h"
#include "core/clock.h"
#include "plan.h"

static int64_t unit_id(zf_db *pDb, const char *zName){
  char zSql[200];
  snprintf(zSql, sizeof zSql, "SELECT id FROM unit WHERE name='%s'", zName);
  return test_int(pDb, zSql);
}

/* The n-th (0-based) active enterprise of supervising level zLevel whose
** region starts with zRegion. */
static int64_t ent(zf_db *pDb, const char *zLevel, const char *zRegion, int n){
  char zSql[300];
  snprintf(zSql, sizeof zSql, "SELECT id FROM enterprise WHERE supervising_level='%s' AND status='active'"
           " AND region LIKE '%s%%' ORDER BY id LIMIT 1 OFFSET %d", zLevel, zRegion, n);
  return test_int(pDb, zSql);
}

static void key(zf_db *pDb, int64_t enterpriseId, int year){
  assert_int_equal(db_exec(pDb, "INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)"
                           " VALUES(?,?,'manual','测试：重点企业','test','2025-01-01T00:00:00Z')", "ii",
                           enterpriseId, (int64_t)year), ZF_OK);
}

static void who(zf_db *pDb, const char *zUser, zf_who *p){
  int64_t id;
  assert_int_equal(account_find(pDb, zUser, &id), ZF_OK);
  assert_int_equal(auth_load_account(pDb, id, p), ZF_OK);
}

static int64_t new_plan(zf_db *pDb, const char *zUnit, int year){
  zf_error e = {0};
  int64_t id = 0;
  if( plan_create(pDb, 0, unit_id(pDb, zUnit), year, 0, &id, &e) ) fail_msg("create: %s (%s)", e.message, e.field);
  return id;
}

static int schedule(zf_db *pDb, int64_t planId, int64_t enterpriseId, const char *zKind, int period, zf_error *e){
  plan_entry_new a = {enterpriseId, zKind, period};
  return plan_entries_set(pDb, 0, planId, &a, 1, e);
}

static void load(zf_db *pDb, int64_t planId, plan_row *p){ assert_int_equal(plan_load(pDb, planId, 0, p), ZF_OK); }

static void test_budget(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  plan_row row;
  plan_budget b;
  plan_edit ed;
  int64_t p26 = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2025);
  int64_t p27 = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  int expect = 0, prov = 1, officers;
  (void)state;
  /* 2025: the official arrangement is loaded, its working days are used */
  assert_int_equal(calendar_workdays_between(pDb, "2025-01-01", "2025-12-31", &expect, &prov, &e), ZF_OK);
  assert_int_equal(prov, 0);
  load(pDb, p26, &row);
  assert_int_equal(plan_budget_compute(pDb, &row, &b, &e), ZF_OK);
  assert_int_equal(b.fromCalendar, 1);
  assert_int_equal(b.legalWorkdays, expect);
  assert_true(expect>=240 && expect<=255);
  /* 2028: not loaded → the rule plan.legal_workdays (248), and it says so */
  load(pDb, p27, &row);
  assert_int_equal(plan_budget_compute(pDb, &row, &b, &e), ZF_OK);
  assert_int_equal(b.fromCalendar, 0);
  assert_int_equal(b.legalWorkdays, 248);
  /* officers: in service, kind officer, certificate valid some day of the year, brigade + squads */
  officers = (int)test_int(pDb, "SELECT count(*) FROM person p WHERE p.kind='officer' AND p.status='active'"
    " AND p.unit_id IN (SELECT id FROM unit WHERE name IN ('青云谱区应急管理综合行政执法大队','执法一中队','执法二中队'))"
    " AND EXISTS(SELECT 1 FROM certificate c WHERE c.person_id=p.id AND c.status='valid'"
    " AND c.valid_from<='2028-12-31' AND c.valid_to>='2028-01-01')");
  assert_true(officers>0);
  assert_int_equal(b.officersCounted, officers);
  assert_int_equal(b.officers, officers);
  assert_int_equal(b.gross, 248*officers);
  /* the planner's headcount (8) and days set aside */
  memset(&ed, 0, sizeof ed);
  ed.setOfficers = 1; ed.officersPlanned = 8;
  ed.nBudget = 3;
  ed.azKind[0] = "other.duty"; ed.aDays[0] = 200;
  ed.azKind[1] = "other.accident"; ed.aDays[1] = 60;
  ed.azKind[2] = "non.training"; ed.aDays[2] = 100;
  assert_int_equal(plan_update(pDb, 0, p27, &ed, &e), ZF_OK);
  assert_int_equal(plan_budget_compute(pDb, &row, &b, &e), ZF_OK);
  assert_int_equal(b.officers, 8);
  assert_int_equal(b.gross, 248*8);
  assert_int_equal(b.otherDays, 260);
  assert_int_equal(b.nonDays, 100);
  assert_int_equal(b.available, 248*8 - 360);
  assert_int_equal(b.daysPerInspection, 2);
  /* bad input names the field, writes nothing */
  ed.nBudget = 1; ed.azKind[0] = "other.golf"; ed.aDays[0] = 1;
  assert_int_equal(plan_update(pDb, 0, p27, &ed, &e), ZF_EINVAL);
  assert_string_equal(e.field, "budget.other.golf");
  ed.azKind[0] = "non.sick"; ed.aDays[0] = -3;
  assert_int_equal(plan_update(pDb, 0, p27, &ed, &e), ZF_EINVAL);
  assert_string_equal(e.field, "budget.non.sick");
  ed.nBudget = 0; ed.officersPlanned = 20000;
  assert_int_equal(plan_update(pDb, 0, p27, &ed, &e), ZF_EINVAL);
  assert_string_equal(e.field, "officers_planned");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_budget WHERE kind='non.sick' AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 0);
  /* 17 kinds: 10 other enforcement, 7 non-enforcement */
  {
    int i, nOther = 0, nNon = 0;
    for(i=0; plan_budget_kinds[i].zKey; i++){ if( plan_budget_kinds[i].zGroup[0]=='o' ) nOther++; else nNon++; }
    assert_int_equal(nOther, 10);
    assert_int_equal(nNon, 7);
  }
  db_close(pDb);
}

static void test_create_rules(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  zf_who street;
  int64_t id;
  (void)state;
  assert_int_equal(plan_create(pDb, 0, unit_id(pDb, "执法一中队"), 2028, 0, &id, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "unit_id");
  assert_non_null(strstr(e.message, "执法大队"));
  assert_int_equal(plan_create(pDb, 0, unit_id(pDb, "区司法局"), 2028, 0, &id, &e), ZF_EINVAL);
  assert_int_equal(plan_create(pDb, 0, unit_id(pDb, "青云谱区应急管理综合行政执法大队"), 1999, 0, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "year");
  new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  assert_int_equal(plan_create(pDb, 0, unit_id(pDb, "青云谱区应急管理综合行政执法大队"), 2028, 0, &id, &e), ZF_ECONFLICT);
  /* one district plan per year: the bureau cannot add a second one */
  assert_int_equal(plan_create(pDb, 0, unit_id(pDb, "青云谱区应急管理局"), 2028, 0, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "unit_id");
  /* a street account: its own street only */
  who(pDb, "street1", &street);
  assert_int_equal(plan_create(pDb, &street, unit_id(pDb, "京山街道办事处"), 2028, 0, &id, &e), ZF_ESCOPE);
  assert_int_equal(plan_create(pDb, &street, unit_id(pDb, "洪都街道办事处"), 2028, 0, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan WHERE year=2028"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='plan.create' AND change LIKE '%\"year\":2028%'"), 2);
  db_close(pDb);
}

static void test_submit_refused_unscheduled(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  json_t *pRefusal = 0, *pWarn = 0;
  int64_t plan = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  int64_t a = ent(pDb, "district", "360104", 0), b = ent(pDb, "district", "360104", 1);
  char zSql[200], zName[200] = "", zUscc[24] = "";
  zf_stmt *pStmt;
  plan_row row;
  int total, done;
  (void)state;
  key(pDb, a, 2028); key(pDb, b, 2028);
  key(pDb, ent(pDb, "district", "360104", 2), 2025);      /* another year: not required */
  load(pDb, plan, &row);
  assert_int_equal(plan_coverage(pDb, &row, &total, &done), ZF_OK);
  assert_int_equal(total, 2);
  assert_int_equal(done, 0);
  assert_int_equal(schedule(pDb, plan, a, "month", 3, &e), ZF_OK);
  snprintf(zSql, sizeof zSql, "SELECT name, uscc FROM enterprise WHERE id=%lld", (long long)b);
  sqlite3_prepare_v2(db_handle(pDb), zSql, -1, &pStmt, 0);
  if( sqlite3_step(pStmt)==SQLITE_ROW ){
    snprintf(zName, sizeof zName, "%s", db_column_text(pStmt, 0));
    snprintf(zUscc, sizeof zUscc, "%s", db_column_text(pStmt, 1));
  }
  db_finalize(pStmt);
  assert_int_equal(plan_submit(pDb, 0, plan, &pRefusal, &pWarn, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "entries");
  assert_non_null(strstr(e.message, zName));
  assert_non_null(strstr(e.message, zUscc));
  assert_non_null(strstr(e.message, "1 家"));
  assert_non_null(pRefusal);
  assert_int_equal(json_integer_value(json_object_get(pRefusal, "unscheduled_count")), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(pRefusal, "unscheduled"), 0),
                                                      "enterprise_id")), b);
  json_decref(pRefusal);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE status='draft' AND plan_id IN (SELECT id FROM plan WHERE year IN (2025,2028))"), 1);
  /* fixed: scheduled by quarter, then submitted */
  assert_int_equal(schedule(pDb, plan, b, "quarter", 2, &e), ZF_OK);
  assert_int_equal(plan_submit(pDb, 0, plan, &pRefusal, &pWarn, &e), ZF_OK);
  assert_null(pRefusal);
  assert_non_null(pWarn);                /* no general inspections: warned, not refused */
  assert_int_equal(json_array_size(pWarn), 1);
  json_decref(pWarn);
  load(pDb, plan, &row);
  assert_string_equal(row.zStatus, "submitted");
  assert_int_equal(test_int(pDb, "SELECT legal_workdays FROM plan_version WHERE plan_id IN (SELECT id FROM plan WHERE year IN (2025,2028))"), 248);
  /* a submitted version no longer changes */
  assert_int_equal(schedule(pDb, plan, b, "month", 5, &e), ZF_ECONFLICT);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='plan.submit' AND change LIKE '%planned_days%' AND entity_id=(SELECT max(id) FROM plan WHERE year=2028)"), 1);
  db_close(pDb);
}

static void test_submit_refused_over_budget(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  json_t *pRefusal = 0;
  plan_edit ed;
  plan_quota_new q[2] = {{"trade", "random", "quarter", 1, 100}, {"chem", "routine", "month", 2, 20}};
  int64_t plan = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  char zWant[64];
  (void)state;
  memset(&ed, 0, sizeof ed);
  ed.setOfficers = 1; ed.officersPlanned = 1;        /* 248 person-days */
  ed.nBudget = 1; ed.azKind[0] = "non.leave"; ed.aDays[0] = 40;   /* 208 left */
  assert_int_equal(plan_update(pDb, 0, plan, &ed, &e), ZF_OK);
  assert_int_equal(plan_quotas_set(pDb, 0, plan, q, 2, &e), ZF_OK);   /* 120 × 2 = 240 days */
  assert_int_equal(plan_submit(pDb, 0, plan, &pRefusal, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "budget");
  snprintf(zWant, sizeof zWant, "超出工作日预算 %d 人日", 240 - 208);
  assert_non_null(strstr(e.message, zWant));
  assert_int_equal(json_integer_value(json_object_get(pRefusal, "over_days")), 32);
  json_decref(pRefusal);
  /* quotas: bad rows named, nothing replaced */
  q[1].zSector = "casino";
  assert_int_equal(plan_quotas_set(pDb, 0, plan, q, 2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "quotas[1].sector");
  q[1].zSector = "trade"; q[1].zKind = "random"; q[1].zPeriodKind = "quarter"; q[1].period = 1;
  assert_int_equal(plan_quotas_set(pDb, 0, plan, q, 2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "quotas[1]");
  q[1].zPeriodKind = "quarter"; q[1].period = 5;
  assert_int_equal(plan_quotas_set(pDb, 0, plan, q, 2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "quotas[1].period");
  assert_int_equal(test_int(pDb, "SELECT sum(count) FROM plan_quota WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 120);
  /* within budget: 2 officers → submitted, share 100/120 = 83% ≥ 70%: no warning */
  ed.nBudget = 0; ed.officersPlanned = 2;
  assert_int_equal(plan_update(pDb, 0, plan, &ed, &e), ZF_OK);
  {
    json_t *pWarn = 0;
    assert_int_equal(plan_submit(pDb, 0, plan, &pRefusal, &pWarn, &e), ZF_OK);
    assert_int_equal(json_array_size(pWarn), 0);
    json_decref(pWarn);
  }
  db_close(pDb);
}

static void test_two_levels(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t district = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  int64_t street = new_plan(pDb, "洪都街道办事处", 2028);
  int64_t s1 = ent(pDb, "street", "360104002", 0), s2 = ent(pDb, "street", "360104002", 1);
  int64_t d1 = ent(pDb, "district", "360104002", 0), c1 = ent(pDb, "city", "360104", 0);
  int64_t other = ent(pDb, "street", "360104006", 0);
  plan_row row;
  int total, done;
  (void)state;
  assert_true(s1>0 && s2>0 && d1>0 && c1>0 && other>0);
  key(pDb, s1, 2028); key(pDb, s2, 2028); key(pDb, d1, 2028); key(pDb, c1, 2028); key(pDb, other, 2028);
  /* the district takes s1: the street cannot, naming the district plan */
  assert_int_equal(schedule(pDb, district, s1, "month", 4, &e), ZF_OK);
  assert_int_equal(schedule(pDb, street, s1, "month", 4, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "entries[0].enterprise_id");
  assert_non_null(strstr(e.message, "青云谱区应急管理综合行政执法大队2028年度执法计划"));
  assert_non_null(strstr(e.message, "两级"));
  /* the street takes s2: the district cannot, naming the street plan */
  assert_int_equal(schedule(pDb, street, s2, "quarter", 3, &e), ZF_OK);
  assert_int_equal(schedule(pDb, district, s2, "month", 9, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "洪都街道办事处2028年度执法计划"));
  /* city-supervised: in no plan */
  assert_int_equal(schedule(pDb, district, c1, "month", 1, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "市级"));
  /* district-supervised: not in a street plan; another street's: outside the area */
  assert_int_equal(schedule(pDb, street, d1, "month", 1, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "区级"));
  assert_int_equal(schedule(pDb, street, other, "month", 1, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "辖区"));
  /* not a key enterprise of the year */
  assert_int_equal(schedule(pDb, district, ent(pDb, "district", "360104", 5), "month", 1, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "重点检查企业"));
  /* several at once: all or nothing */
  {
    plan_entry_new a[2] = {{d1, "month", 2}, {c1, "month", 2}};
    assert_int_equal(plan_entries_set(pDb, 0, district, a, 2, &e), ZF_EPROCEDURE);
    assert_string_equal(e.field, "entries[1].enterprise_id");
    assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_entry WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 2);
  }
  /* required: the district plan needs d1 only (s1 taken, s2 is the street's) */
  load(pDb, district, &row);
  assert_int_equal(plan_coverage(pDb, &row, &total, &done), ZF_OK);
  assert_int_equal(total, 1);
  load(pDb, street, &row);
  assert_int_equal(plan_coverage(pDb, &row, &total, &done), ZF_OK);
  assert_int_equal(total, 1);                 /* s2 (s1 is in the district plan) */
  assert_int_equal(done, 1);
  db_close(pDb);
}

static void test_lifecycle(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  zf_who leader;
  int64_t plan = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028);
  int64_t a = ent(pDb, "district", "360104", 0), b = ent(pDb, "district", "360104", 1);
  int created = 0, cancelled = 0, version = 0;
  char zToday[11], zTomorrow[11];
  plan_edit ed;
  plan_row row;
  json_t *p;
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, 1, zTomorrow, &e);
  who(pDb, "leader", &leader);
  key(pDb, a, 2028); key(pDb, b, 2028);
  assert_int_equal(schedule(pDb, plan, a, "month", 3, &e), ZF_OK);
  assert_int_equal(schedule(pDb, plan, b, "quarter", 4, &e), ZF_OK);
  assert_int_equal(plan_approve(pDb, &leader, plan, "青府字〔2028〕3号", zToday, &e), ZF_ECONFLICT);  /* a draft */
  assert_int_equal(plan_publish(pDb, &leader, plan, 0, 0, &e), ZF_ECONFLICT);
  assert_int_equal(plan_submit(pDb, 0, plan, 0, 0, &e), ZF_OK);
  /* returned and resubmitted */
  assert_int_equal(plan_return(pDb, &leader, plan, "x", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(plan_return(pDb, &leader, plan, "请补充专项检查安排", &e), ZF_OK);
  assert_int_equal(plan_submit(pDb, 0, plan, 0, 0, &e), ZF_OK);
  /* approval: 文号 and a date not in the future */
  assert_int_equal(plan_approve(pDb, &leader, plan, "青府字〔2028〕3号", zTomorrow, &e), ZF_EINVAL);
  assert_string_equal(e.field, "approved_on");
  assert_int_equal(plan_approve(pDb, &leader, plan, "", zToday, &e), ZF_EINVAL);
  assert_string_equal(e.field, "approval_document");
  assert_int_equal(plan_approve(pDb, &leader, plan, "青府字〔2028〕3号", zToday, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE approval_document='青府字〔2028〕3号'"
                                 " AND approved_by='leader' AND approved_on IS NOT NULL"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='plan.approve' AND change LIKE '%2028%'"), 1);
  /* published: two scheduled key inspections with the windows of their periods */
  assert_int_equal(plan_publish(pDb, &leader, plan, &created, &cancelled, &e), ZF_OK);
  assert_int_equal(created, 2);
  assert_int_equal(cancelled, 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE type='key' AND status='scheduled'"
                                 " AND window_from='2028-03-01' AND window_to='2028-03-31'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE window_from='2028-10-01'"
                                 " AND window_to='2028-12-31' AND plan_id IS NOT NULL"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person WHERE inspection_id IN (SELECT id FROM inspection WHERE window_from LIKE '2028%')"), 0);
  p = plan_public_json(pDb, 2028, &e);
  assert_int_equal(json_array_size(json_object_get(p, "items")), 1);
  json_decref(p);
  /* an approved version is never edited in place */
  memset(&ed, 0, sizeof ed);
  ed.zNote = "改一下";
  assert_int_equal(plan_update(pDb, 0, plan, &ed, &e), ZF_ECONFLICT);
  assert_non_null(strstr(e.message, "调整"));
  assert_int_not_equal(db_exec(pDb, "UPDATE plan_entry SET period=5 WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))", ""), ZF_OK);   /* trigger */
  /* adjustment: version 2, a draft copy with the reason; move a, drop nothing */
  assert_int_equal(plan_adjust(pDb, 0, plan, "短", &version, &e), ZF_EINVAL);
  assert_int_equal(plan_adjust(pDb, 0, plan, "企业停产整改，检查改至六月", &version, &e), ZF_OK);
  assert_int_equal(version, 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_entry x JOIN plan_version v ON v.id=x.version_id"
                                 " WHERE v.version=2"), 2);
  assert_int_equal(plan_adjust(pDb, 0, plan, "再调一次", &version, &e), ZF_ECONFLICT);   /* a draft exists */
  assert_int_equal(schedule(pDb, plan, a, "month", 6, &e), ZF_OK);
  assert_int_equal(plan_submit(pDb, 0, plan, 0, 0, &e), ZF_OK);
  assert_int_equal(plan_approve(pDb, &leader, plan, "青府字〔2028〕15号", zToday, &e), ZF_OK);
  assert_int_equal(plan_publish(pDb, &leader, plan, &created, &cancelled, &e), ZF_OK);
  assert_int_equal(created, 1);
  assert_int_equal(cancelled, 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='cancelled' AND window_from='2028-03-01'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE status='scheduled' AND window_from LIKE '2028%'"), 2);
  /* every version kept: 1 superseded with its 文号, 2 published */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE status='superseded'"
                                 " AND approval_document='青府字〔2028〕3号'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE status='published' AND version=2 AND plan_id IN (SELECT id FROM plan WHERE year IN (2025,2028))"), 1);
  {
    char zSql[200];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM plan_entry x JOIN plan_version v ON v.id=x.version_id"
             " WHERE v.plan_id=%lld AND v.version=1 AND x.period=3", (long long)plan);
    assert_int_equal(test_int(pDb, zSql), 1);
  }
  p = plan_versions_json(pDb, plan);
  assert_int_equal(json_array_size(p), 2);
  json_decref(p);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM plan_version WHERE plan_id IN (SELECT id FROM plan WHERE year IN (2025,2028))", ""), ZF_OK);
  load(pDb, plan, &row);
  p = plan_progress_json(pDb, &row, &e);
  assert_non_null(p);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "months"), 5), "scheduled")), 1);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "key_coverage"), "total")), 2);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "key_coverage"), "covered")), 0);
  json_decref(p);
  /* done inspections count toward coverage */
  assert_int_equal(db_exec(pDb, "UPDATE inspection SET status='reported' WHERE status='scheduled' AND window_from='2028-06-01'", ""), ZF_OK);
  p = plan_progress_json(pDb, &row, &e);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "key_coverage"), "covered")), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "months"), 5), "late")), 0);
  json_decref(p);
  /* a report entered late (逾期填报) shows in its month and its unit */
  assert_int_equal(db_exec(pDb, "INSERT INTO inspection_site(inspection_id, started_by, started_at, late, late_reason)"
                                " SELECT id, 'officer1', '2028-06-01T01:00:00Z', 1, '外勤' FROM inspection"
                                " WHERE status='reported' AND window_from='2028-06-01'", ""), ZF_OK);
  p = plan_progress_json(pDb, &row, &e);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "months"), 5), "late")), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "months"), 6), "late")), 0);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "units"), 0), "late")), 1);
  json_decref(p);
  db_close(pDb);
}

static void test_spread_and_campaigns(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t plan = new_plan(pDb, "青云谱区应急管理综合行政执法大队", 2028), cid;
  plan_campaign_new c = {"粉尘涉爆企业专项检查", "粉尘涉爆", "month", 5, "trade", "dust", 12, 0};
  int i, n = 0;
  (void)state;
  for(i=0; i<30; i++) key(pDb, ent(pDb, "district", "360104", i), 2028);
  assert_int_equal(schedule(pDb, plan, ent(pDb, "district", "360104", 0), "month", 1, &e), ZF_OK);
  assert_int_equal(plan_spread(pDb, 0, plan, "month", 1, &n, &e), ZF_OK);
  assert_int_equal(n, 29);
  /* 30 over 12 months: 2 or 3 each */
  assert_int_equal(test_int(pDb, "SELECT max(c) - min(c) FROM (SELECT count(*) c FROM plan_entry WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028)) GROUP BY period)"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(DISTINCT period) FROM plan_entry WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 12);
  assert_int_equal(plan_spread(pDb, 0, plan, "week", 1, &n, &e), ZF_EINVAL);
  assert_string_equal(e.field, "period_kind");
  assert_int_equal(plan_spread(pDb, 0, plan, "quarter", 5, &n, &e), ZF_EINVAL);
  assert_string_equal(e.field, "from");
  /* campaigns */
  assert_int_equal(plan_campaign_add(pDb, 0, plan, &c, &cid, &e), ZF_OK);
  c.zHazard = "unicorn";
  assert_int_equal(plan_campaign_update(pDb, 0, plan, cid, &c, &e), ZF_EINVAL);
  assert_string_equal(e.field, "hazard");
  c.zHazard = "dust"; c.period = 13;
  assert_int_equal(plan_campaign_add(pDb, 0, plan, &c, &cid, &e), ZF_EINVAL);
  assert_string_equal(e.field, "period");
  c.period = 6;
  assert_int_equal(plan_campaign_update(pDb, 0, plan, cid, &c, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT period FROM plan_campaign WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 6);
  assert_int_equal(plan_campaign_update(pDb, 0, plan, cid + 100, &c, &e), ZF_ENOTFOUND);
  assert_int_equal(plan_campaign_remove(pDb, 0, plan, cid, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_campaign WHERE 1 AND version_id IN (SELECT v.id FROM plan_version v JOIN plan p ON p.id=v.plan_id WHERE p.year IN (2025,2028))"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action LIKE 'plan.campaign%' AND entity_id=(SELECT max(id) FROM plan WHERE year=2028)"), 3);
  db_close(pDb);
}

/* plan_demo tolerates an empty key list and fills the journey when keys exist. */
static void test_demo(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  (void)state;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan"), 2);       /* demo_fill ran plan_demo */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE status='published'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM plan_version WHERE status='draft'"), 1);
  /* with key enterprises (the risk module's): three years on, 46 a year */
  {
    const int64_t shift = 3*365*86400LL;
    char zToday[11];
    int year, i, total, done;
    plan_row row;
    clock_advance(shift);
    calendar_today(zToday);
    year = atoi(zToday);
    for(i=0; i<46; i++){ key(pDb, ent(pDb, "district", "360104", i), year); key(pDb, ent(pDb, "district", "360104", i), year+1); }
    key(pDb, ent(pDb, "street", "360104", 0), year+1);        /* street-level: not required of the district */
    assert_int_equal(plan_demo(pDb, 0, &e), ZF_OK);
    assert_int_equal(plan_load(pDb, test_int(pDb, "SELECT max(id) FROM plan") - 1, 0, &row), ZF_OK);
    assert_int_equal(row.year, year);
    assert_string_equal(row.zStatus, "published");
    {
      char zSql[200];
      snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection WHERE plan_id=%lld AND type='key'", (long long)row.id);
      assert_int_equal(test_int(pDb, zSql), 46);
    }
    assert_int_equal(plan_load(pDb, test_int(pDb, "SELECT max(id) FROM plan"), 0, &row), ZF_OK);
    assert_int_equal(row.year, year+1);
    assert_string_equal(row.zStatus, "draft");
    assert_int_equal(plan_coverage(pDb, &row, &total, &done), ZF_OK);
    assert_int_equal(total, 46);
    assert_int_equal(done, 44);
    assert_int_equal(plan_submit(pDb, 0, row.id, 0, 0, &e), ZF_EPROCEDURE);
    assert_non_null(strstr(e.message, "2 家"));
    clock_advance(-shift);
  }
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_budget),
    cmocka_unit_test(test_create_rules),
    cmocka_unit_test(test_submit_refused_unscheduled),
    cmocka_unit_test(test_submit_refused_over_budget),
    cmocka_unit_test(test_two_levels),
    cmocka_unit_test(test_lifecycle),
    cmocka_unit_test(test_spread_and_campaigns),
    cmocka_unit_test(test_demo),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
