/*
** test_rules.c — versioned rule sets and discretion benchmarks
** (src/rules*.c): the preloaded RULES.md sets, the set in force by date
** (boundary day 2026-02-01), unknown keys, deadlines by unit, the draft →
** publish / void workflow with its effective-date rule, immutability of
** published sets (also against direct SQL), correction by supersession,
** audit entries, and benchmark validation and versioning.
*/
#include "testutil.h"
#include "core/audit.h"
#include "core/calendar.h"
#include "rules.h"

static int64_t in_force(zf_db *pDb, const char *zDate){
  rules_set_ref ref;
  zf_error e = {0};
  assert_int_equal(rules_set_in_force(pDb, zDate, &ref, &e), ZF_OK);
  return ref.id;
}

/* A date n days from today (Asia/Shanghai). */
static const char *from_today(int n, char zOut[11]){
  char zToday[11];
  zf_error e = {0};
  calendar_today(zToday);
  assert_int_equal(calendar_days_add(zToday, n, zOut, &e), ZF_OK);
  return zOut;
}

static int64_t new_draft(zf_db *pDb, int64_t base, const char *zEffective){
  rules_set_new nu = {base, "测试草稿", zEffective, 0, 0};
  zf_error e = {0};
  int64_t id = 0;
  assert_int_equal(rules_set_create(pDb, ZF_WHO("legal"), &nu, &id, &e), ZF_OK);
  return id;
}

static int set_value(zf_db *pDb, int64_t id, const char *zKey, int64_t v, zf_error *e){
  rules_value_edit ed;
  memset(&ed, 0, sizeof ed);
  memset(e, 0, sizeof *e);
  ed.zKey = zKey;
  ed.hasValue = 1;
  ed.value = v;
  ed.verified = -1;
  return rules_set_update(pDb, ZF_WHO("legal"), id, 0, &ed, 1, e);
}

static void test_reference_sets(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_set WHERE status='published'"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_set WHERE effective_from='2021-07-15'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_set WHERE effective_from='2026-02-01'"), 1);
  /* both sets carry every key, with the same values */
  assert_true(test_int(pDb, "SELECT count(*) FROM rule_value WHERE set_id=1") >= 40);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_value a JOIN rule_value b ON b.key=a.key"
                                 " AND b.set_id=2 WHERE a.set_id=1 AND a.value=b.value AND a.unit=b.unit"),
                   test_int(pDb, "SELECT count(*) FROM rule_value WHERE set_id=2"));
  /* RULES.md [K] items are 待核; [V] items are not */
  assert_int_equal(test_int(pDb, "SELECT verified FROM rule_value WHERE set_id=1 AND key='hearing.threshold_org_fen'"), 0);
  assert_int_equal(test_int(pDb, "SELECT verified FROM rule_value WHERE set_id=1 AND key='service.absent_days'"), 0);
  assert_int_equal(test_int(pDb, "SELECT verified FROM rule_value WHERE set_id=1 AND key='case.decision_days'"), 1);
  /* under 部令第18号 the 77号令 article numbers are 待核 */
  assert_int_equal(test_int(pDb, "SELECT verified FROM rule_value WHERE set_id=2"
                                 " AND key='case.filing_after_investigation_days'"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_value WHERE set_id=2 AND source LIKE '%第18号%'"), 4);
  assert_int_equal(test_int(pDb, "SELECT value FROM rule_value WHERE set_id=2 AND key='simple.max_fine_org_fen'"), 300000);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='rule_set.load'"), 2);
  db_close(pDb);
}

/* A key shipped after a set was published: read as the default, marked
** 待核 and named as a default; a new draft copies it in. */
static void test_key_added_by_later_release(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  rules_value v;
  rules_set_new nu = {0, "新草案", "2030-01-01", 0, 0};
  int64_t id;
  (void)state;
  assert_int_equal(db_exec(pDb, "INSERT INTO rule_set(name, legal_source, effective_from, status,"
                   " created_at, created_by, updated_at) VALUES('旧版本','x','2027-01-01','draft','t','t','t')",
                   ""), ZF_OK);
  id = db_last_id(pDb);
  assert_int_equal(db_exec(pDb, "INSERT INTO rule_value(set_id, key, value, unit, label, source, verified)"
                   " VALUES(?,'case.decision_days',91,'days','x','x',1)", "i", id), ZF_OK);
  assert_int_equal(db_exec(pDb, "UPDATE rule_set SET status='published' WHERE id=?", "i", id), ZF_OK);
  assert_int_equal(rules_get(pDb, "case.decision_days", "2027-02-01", &v, &e), ZF_OK);
  assert_int_equal(v.value, 91);
  assert_int_equal(rules_get(pDb, "draw.exclude_recent_months", "2027-02-01", &v, &e), ZF_OK);
  assert_int_equal(v.value, 6);
  assert_int_equal(v.verified, 0);
  assert_int_equal(v.set.id, id);
  assert_non_null(strstr(v.zSource, "系统默认值"));
  assert_int_equal(rules_get(pDb, "no.such_key", "2027-02-01", &v, &e), ZF_EINTERNAL);
  nu.baseId = id;
  assert_int_equal(rules_set_create(pDb, ZF_WHO("legal"), &nu, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT value FROM rule_value WHERE set_id=(SELECT max(id) FROM rule_set)"
                                 " AND key='case.decision_days'"), 91);
  assert_int_equal(test_int(pDb, "SELECT value FROM rule_value WHERE set_id=(SELECT max(id) FROM rule_set)"
                                 " AND key='draw.exclude_recent_months'"), 6);
  db_close(pDb);
}

static void test_in_force_by_date(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  rules_set_ref ref;
  rules_value v;
  int64_t x;
  (void)state;
  assert_int_equal(in_force(pDb, "2021-07-15"), 1);
  assert_int_equal(in_force(pDb, "2026-01-31"), 1);
  assert_int_equal(in_force(pDb, "2026-02-01"), 2);         /* the boundary day */
  assert_int_equal(in_force(pDb, "2030-06-30"), 2);
  assert_int_equal(rules_set_in_force(pDb, "2021-07-14", &ref, &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_set_in_force(pDb, "2026-02-30", &ref, &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  assert_int_equal(rules_int(pDb, "case.decision_days", "2026-02-01", &x, &e), ZF_OK);
  assert_int_equal(x, 90);
  assert_int_equal(rules_get(pDb, "hearing.threshold_person_fen", "2026-02-01", &v, &e), ZF_OK);
  assert_int_equal(v.value, 2000000);
  assert_string_equal(v.zUnit, "fen");
  assert_int_equal(v.verified, 0);
  assert_int_equal(v.set.id, 2);
  assert_string_equal(v.set.zEffective, "2026-02-01");
  /* an unknown key is a programming error */
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_int(pDb, "no.such_key", "2026-02-01", &x, &e), ZF_EINTERNAL);
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_int(pDb, "case.decision_days", "2020-01-01", &x, &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  db_close(pDb);
}

static void test_deadlines_by_unit(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  char zOut[11];
  int prov;
  (void)state;
  /* hearing request: 5 working days (行政处罚法第八十五条): 10-08 10-09 10-10(Sat) 10-12 10-13 */
  assert_int_equal(rules_deadline(pDb, "hearing.request_days", "2026-09-30", 0, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-10-13");
  assert_int_equal(prov, 0);
  /* payment: 15 calendar days, the last one inside 国庆 moves on */
  assert_int_equal(rules_deadline(pDb, "payment.days", "2026-09-20", 0, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-10-08");
  /* limitation: 2 years */
  assert_int_equal(rules_deadline(pDb, "limitation.years", "2024-02-29", 0, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-02-28");
  /* publicity 7 working days from 2026-12-28 reaches 2027: provisional */
  assert_int_equal(rules_deadline(pDb, "publicity.penalty_workdays", "2026-12-28", 0, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2027-01-06");
  assert_int_equal(prov, 1);
  /* hours cannot make a date */
  assert_int_equal(rules_deadline(pDb, "transfer.hours", "2026-09-30", 0, zOut, &prov, &e), ZF_EINTERNAL);
  db_close(pDb);
}

static void test_draft_publish_immutable(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  rules_value v;
  char zFuture[11], zDay[11];
  int64_t id, x;
  audit_report rep;
  (void)state;
  from_today(30, zFuture);
  id = new_draft(pDb, 2, zFuture);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM rule_value WHERE set_id=3"),
                   test_int(pDb, "SELECT count(*) FROM rule_value WHERE set_id=2"));
  assert_int_equal(set_value(pDb, id, "payment.days", 20, &e), ZF_OK);
  /* a draft is not in force */
  assert_int_equal(rules_int(pDb, "payment.days", zFuture, &x, &e), ZF_OK);
  assert_int_equal(x, 15);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_OK);
  assert_int_equal(in_force(pDb, zFuture), id);
  assert_int_equal(in_force(pDb, from_today(29, zDay)), 2);
  assert_int_equal(rules_int(pDb, "payment.days", zFuture, &x, &e), ZF_OK);
  assert_int_equal(x, 20);
  /* published: no more edits, no publishing again, no voiding */
  assert_int_equal(set_value(pDb, id, "payment.days", 25, &e), ZF_ECONFLICT);
  assert_int_equal(set_value(pDb, 2, "payment.days", 25, &e), ZF_ECONFLICT);
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_ECONFLICT);
  assert_int_equal(rules_set_void(pDb, ZF_WHO("legal"), id, "不再需要", &e), ZF_ECONFLICT);
  assert_int_equal(rules_get_in_set(pDb, id, "payment.days", &v, &e), ZF_OK);
  assert_int_equal(v.value, 20);
  /* the database refuses it too */
  assert_int_not_equal(db_exec_script(pDb, "UPDATE rule_value SET value=1 WHERE set_id=2", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "UPDATE rule_set SET name='x' WHERE id=1", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM rule_set WHERE id=3", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM rule_value", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "INSERT INTO rule_value VALUES(2,'x.y',1,'days','x','x',1,'')",
                                    0), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT value FROM rule_value WHERE set_id=2 AND key='payment.days'"), 15);
  /* every step is in the chain */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='rule_set' AND entity_id='3'"), 3);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  db_close(pDb);
}

static void test_effective_date_rule(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  char zPast[11], zToday[11];
  int64_t id;
  (void)state;
  from_today(-10, zPast);
  id = new_draft(pDb, 2, zPast);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "effective_from");
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 1, "", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(test_int(pDb, "SELECT status='draft' FROM rule_set WHERE id=3"), 1);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 1, "省厅通知要求自该日起执行", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT retroactive_reason IS NOT NULL FROM rule_set WHERE id=3"), 1);
  assert_int_equal(in_force(pDb, zPast), id);
  /* today itself needs no flag */
  calendar_today(zToday);
  id = new_draft(pDb, 2, zToday);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_OK);
  db_close(pDb);
}

/* A correction: a new set with the same effective date supersedes the old. */
static void test_correction_supersedes(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  rules_value v;
  int64_t id;
  (void)state;
  id = new_draft(pDb, 2, "2026-02-01");
  assert_int_equal(set_value(pDb, id, "hearing.threshold_org_fen", 3000000, &e), ZF_OK);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 1, "核对部令第18号后更正听证数额", &e), ZF_OK);
  assert_int_equal(in_force(pDb, "2026-02-01"), id);
  assert_int_equal(test_int(pDb, "SELECT status='superseded' AND superseded_by=3 FROM rule_set WHERE id=2"), 1);
  /* a case that recorded set 2 still reads its values */
  assert_int_equal(rules_get_in_set(pDb, 2, "hearing.threshold_org_fen", &v, &e), ZF_OK);
  assert_int_equal(v.value, 5000000);
  assert_int_equal(rules_get_in_set(pDb, id, "hearing.threshold_org_fen", &v, &e), ZF_OK);
  assert_int_equal(v.value, 3000000);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='rule_set.supersede' AND entity_id='2'"), 1);
  db_close(pDb);
}

static void test_value_validation_and_void(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  rules_value_edit ed;
  rules_set_edit head = {0, "2026-02-30", 0, 0};
  char zFuture[11], zOut[11];
  int64_t id;
  int prov;
  (void)state;
  id = new_draft(pDb, 1, from_today(60, zFuture));
  assert_int_equal(set_value(pDb, id, "payment.days", -1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "values.payment.days");
  assert_int_equal(set_value(pDb, id, "payment.late_fee_percent_per_day", 101, &e), ZF_EINVAL);
  assert_int_equal(set_value(pDb, id, "no.such_key", 1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "values.no.such_key");
  memset(&ed, 0, sizeof ed);
  ed.zKey = "simple.max_fine_org_fen"; ed.zUnit = "days"; ed.verified = -1;
  assert_int_equal(rules_set_update(pDb, ZF_WHO("legal"), id, 0, &ed, 1, &e), ZF_EINVAL);
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_set_update(pDb, ZF_WHO("legal"), id, &head, 0, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "effective_from");
  /* days → workdays is allowed and changes how deadlines are computed */
  ed.zKey = "payment.days"; ed.zUnit = "workdays"; ed.verified = 0;
  assert_int_equal(rules_set_update(pDb, ZF_WHO("legal"), id, 0, &ed, 1, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT verified FROM rule_value WHERE set_id=3 AND key='payment.days'"), 0);
  assert_int_equal(rules_deadline(pDb, "payment.days", "2026-09-20", id, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-10-16");
  /* nothing half-written: one bad value in a batch changes nothing */
  {
    rules_value_edit a[2];
    memset(a, 0, sizeof a);
    a[0].zKey = "case.decision_days"; a[0].hasValue = 1; a[0].value = 60; a[0].verified = -1;
    a[1].zKey = "payment.days"; a[1].hasValue = 1; a[1].value = -5; a[1].verified = -1;
    assert_int_equal(rules_set_update(pDb, ZF_WHO("legal"), id, 0, a, 2, &e), ZF_EINVAL);
    assert_int_equal(test_int(pDb, "SELECT value FROM rule_value WHERE set_id=3 AND key='case.decision_days'"), 90);
  }
  /* void needs a reason, then the draft is kept but void */
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_set_void(pDb, ZF_WHO("legal"), id, "", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(rules_set_void(pDb, ZF_WHO("legal"), id, "草案不再使用", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT status='void' FROM rule_set WHERE id=3"), 1);
  assert_int_equal(set_value(pDb, id, "payment.days", 10, &e), ZF_ECONFLICT);
  assert_int_equal(rules_set_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_ECONFLICT);
  db_close(pDb);
}

static void test_diff(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  char zFuture[11];
  json_t *p, *pChanges, *c;
  size_t i;
  int seen = 0;
  int64_t id;
  (void)state;
  id = new_draft(pDb, 2, from_today(5, zFuture));
  assert_int_equal(set_value(pDb, id, "payment.days", 20, &e), ZF_OK);
  p = rules_set_diff(pDb, 2, id);
  assert_non_null(p);
  pChanges = json_object_get(p, "changes");
  json_array_foreach(pChanges, i, c){
    const char *zKey = json_string_value(json_object_get(c, "key"));
    if( zKey && strcmp(zKey, "payment.days")==0 ){
      assert_string_equal(json_string_value(json_object_get(c, "field")), "value");
      assert_int_equal(json_integer_value(json_object_get(c, "from")), 15);
      assert_int_equal(json_integer_value(json_object_get(c, "to")), 20);
      seen++;
    }else{
      assert_null(zKey);   /* only the header (name, date) besides */
    }
  }
  assert_int_equal(seen, 1);
  json_decref(p);
  assert_null(rules_set_diff(pDb, 2, 999));
  db_close(pDb);
}

/* ---- benchmarks ---- */

static void example(rules_benchmark *p){
  memset(p, 0, sizeof *p);
  snprintf(p->zCode, sizeof p->zCode, "TEST-1");
  snprintf(p->zViolation, sizeof p->zViolation, "未按规定设置安全警示标志");
  snprintf(p->zViolated, sizeof p->zViolated, "《安全生产法》第三十五条");
  snprintf(p->zPenalty, sizeof p->zPenalty, "《安全生产法》第九十九条第（一）项");
  p->maxOrg = 5000000; p->maxPerson = 1000000; p->overdueMaxOrg = 20000000; p->overdueMaxPerson = 2000000;
  snprintf(p->zSource, sizeof p->zSource, "测试");
  p->verified = 1;
  snprintf(p->zEffectiveFrom, sizeof p->zEffectiveFrom, "2025-01-01");
  p->nTier = 3;
  snprintf(p->aTier[0].zCondition, sizeof p->aTier[0].zCondition, "一处");
  p->aTier[0].orgMin = 0; p->aTier[0].orgMax = 1000000;
  p->aTier[0].personMin = RULES_NO_FINE; p->aTier[0].personMax = RULES_NO_FINE;
  snprintf(p->aTier[1].zCondition, sizeof p->aTier[1].zCondition, "两处以上");
  p->aTier[1].orgMin = 1000000; p->aTier[1].orgMax = 5000000;
  p->aTier[1].personMin = RULES_NO_FINE; p->aTier[1].personMax = RULES_NO_FINE;
  snprintf(p->aTier[2].zCondition, sizeof p->aTier[2].zCondition, "逾期未改正");
  p->aTier[2].overdue = 1;
  p->aTier[2].orgMin = 5000000; p->aTier[2].orgMax = 20000000;
  p->aTier[2].personMin = 1000000; p->aTier[2].personMax = 2000000;
  snprintf(p->aTier[2].zMeasures, sizeof p->aTier[2].zMeasures, "责令停产停业整顿");
}

static void expect_bad(rules_benchmark *p, const char *zField){
  zf_error e = {0};
  assert_int_equal(rules_benchmark_check(p, &e), ZF_EINVAL);
  assert_string_equal(e.field, zField);
  example(p);
}

static void test_benchmark_validation(void **state){
  rules_benchmark *p = malloc(sizeof *p);
  zf_error e = {0};
  (void)state;
  example(p);
  assert_int_equal(rules_benchmark_check(p, &e), ZF_OK);
  p->aTier[0].orgMin = 2000000;                          expect_bad(p, "tiers[0].org_min_fen");  /* min > max */
  p->aTier[1].orgMax = 6000000;                          expect_bad(p, "tiers[1].org_max_fen");  /* over statutory */
  p->aTier[2].orgMax = 30000000;                         expect_bad(p, "tiers[2].org_max_fen");  /* over overdue max */
  p->aTier[1].orgMin = 0; p->aTier[1].orgMax = 500000;   expect_bad(p, "tiers[1].org_min_fen");  /* decreasing */
  p->aTier[0].overdue = 1;                               expect_bad(p, "tiers[1].overdue");      /* order */
  p->aTier[0].personMin = 100;                           expect_bad(p, "tiers[0].person_min_fen"); /* half a range */
  p->aTier[0].zCondition[0] = 0;                         expect_bad(p, "tiers[0].condition");
  p->nTier = 0;                                          expect_bad(p, "tiers");
  p->zCode[0] = 0;                                       expect_bad(p, "code");
  snprintf(p->zCode, sizeof p->zCode, "有中文");          expect_bad(p, "code");
  p->maxOrg = -1;                                        expect_bad(p, "max_org_fen");
  snprintf(p->zEffectiveTo, sizeof p->zEffectiveTo, "2024-12-31"); expect_bad(p, "effective_to");
  snprintf(p->zEffectiveFrom, sizeof p->zEffectiveFrom, "2025-02-29"); expect_bad(p, "effective_from");
  free(p);
}

static void test_benchmark_reference_and_versions(void **state){
  zf_db *pDb = test_db(0);
  rules_benchmark *p = malloc(sizeof *p);
  zf_error e = {0};
  char zFuture[11], zDay[11];
  int64_t id;
  (void)state;
  /* the RULES.md examples */
  assert_int_equal(rules_benchmark_get(pDb, "AQF-097-4", "2025-01-01", p, &e), ZF_OK);
  assert_int_equal(p->nTier, 3);
  assert_int_equal(p->aTier[0].orgMax, 3000000);
  assert_int_equal(p->aTier[1].orgMin, 3000000);
  assert_int_equal(p->aTier[1].orgMax, 7000000);
  assert_int_equal(p->aTier[2].overdue, 1);
  assert_int_equal(p->aTier[2].orgMin, 10000000);
  assert_int_equal(p->aTier[2].orgMax, 20000000);
  assert_int_equal(p->maxOrg, 10000000);
  assert_int_equal(rules_benchmark_get(pDb, "CFB-045-2", "2026-03-01", p, &e), ZF_OK);
  assert_int_equal(p->nTier, 2);
  assert_int_equal(p->aTier[0].personMin, 100000);
  assert_int_equal(p->aTier[1].orgMax, 3000000);
  assert_int_equal(p->verified, 0);
  memset(&e, 0, sizeof e);
  assert_int_equal(rules_benchmark_get(pDb, "AQF-097-4", "2024-10-31", p, &e), ZF_ENOTFOUND);
  assert_string_equal(e.field, "code");
  /* version 2 of AQF-097-4 from a future date */
  assert_int_equal(rules_benchmark_get(pDb, "AQF-097-4", "2025-01-01", p, &e), ZF_OK);
  snprintf(p->zEffectiveFrom, sizeof p->zEffectiveFrom, "%s", from_today(10, zFuture));
  p->aTier[0].orgMax = 2000000;
  p->aTier[1].orgMin = 2000000;
  assert_int_equal(rules_benchmark_create(pDb, ZF_WHO("legal"), p, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT version FROM benchmark WHERE id=3"), 2);
  p->aTier[0].orgMax = 2500000;
  assert_int_equal(rules_benchmark_update(pDb, ZF_WHO("legal"), id, p, &e), ZF_OK);
  assert_int_equal(rules_benchmark_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_OK);
  assert_int_equal(rules_benchmark_get(pDb, "AQF-097-4", zFuture, p, &e), ZF_OK);
  assert_int_equal(p->version, 2);
  assert_int_equal(p->aTier[0].orgMax, 2500000);
  assert_int_equal(rules_benchmark_get(pDb, "AQF-097-4", from_today(9, zDay), p, &e), ZF_OK);
  assert_int_equal(p->version, 1);
  /* published versions are frozen */
  assert_int_equal(rules_benchmark_update(pDb, ZF_WHO("legal"), id, p, &e), ZF_ECONFLICT);
  assert_int_not_equal(db_exec_script(pDb, "UPDATE benchmark_tier SET org_max_fen=1", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM benchmark_tier WHERE benchmark_id=1", 0), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='benchmark' AND entity_id='3'"), 3);
  free(p);
  db_close(pDb);
}

static void test_benchmark_invalid_write_refused(void **state){
  zf_db *pDb = test_db(0);
  rules_benchmark *p = malloc(sizeof *p);
  zf_error e = {0};
  int64_t id = 0, nBefore;
  (void)state;
  nBefore = test_int(pDb, "SELECT count(*) FROM audit");
  example(p);
  p->aTier[1].orgMax = 99999999;
  assert_int_equal(rules_benchmark_create(pDb, ZF_WHO("legal"), p, &id, &e), ZF_EINVAL);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM benchmark WHERE code='TEST-1'"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nBefore);
  example(p);
  assert_int_equal(rules_benchmark_create(pDb, ZF_WHO("legal"), p, &id, &e), ZF_OK);
  assert_int_equal(rules_benchmark_void(pDb, ZF_WHO("legal"), id, "x", &e), ZF_EINVAL);
  assert_int_equal(rules_benchmark_void(pDb, ZF_WHO("legal"), id, "录入有误", &e), ZF_OK);
  assert_int_equal(rules_benchmark_publish(pDb, ZF_WHO("legal"), id, 0, 0, &e), ZF_ECONFLICT);
  free(p);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reference_sets),
    cmocka_unit_test(test_in_force_by_date),
    cmocka_unit_test(test_deadlines_by_unit),
    cmocka_unit_test(test_draft_publish_immutable),
    cmocka_unit_test(test_effective_date_rule),
    cmocka_unit_test(test_correction_supersedes),
    cmocka_unit_test(test_value_validation_and_void),
    cmocka_unit_test(test_diff),
    cmocka_unit_test(test_benchmark_validation),
    cmocka_unit_test(test_benchmark_reference_and_versions),
    cmocka_unit_test(test_benchmark_invalid_write_refused),
    cmocka_unit_test(test_key_added_by_later_release),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
