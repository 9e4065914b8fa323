/*
** test_hazard.c — hazards: the status machine (a re-inspection before the
** order or dated before it is refused; passed → closed, failed → 复查未通过
** until the deadline, overdue after it), the re-inspection deadline from rule reinspection.days (from
** the deadline, or from an earlier report), the overdue sweep and the case
** proposal, a major hazard notifying the leaders, the open count the
** fieldwork module asks before closing an inspection, void with a reason,
** the append-only history, transfers (department receipt and answer,
** another unit refused, incoming), and that refusals write nothing; the
** server-issued document numbers (doc_number) and the links to checklist
** lines and catalog items (hazard_link).
*/
#include "testutil.h"
#include "core/calendar.h"
#include "core/auth.h"
#include "fieldwork.h"
#include "hazard.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"

static zf_who officer, dept;
static int64_t insp;

static zf_db *setup(void){
  zf_db *pDb = test_db(1);
  memset(&officer, 0, sizeof officer);
  snprintf(officer.zUsername, sizeof officer.zUsername, "officer1");
  officer.roles = 1u << auth_role_find("officer");
  snprintf(officer.zScopePath, sizeof officer.zScopePath, "/360000/360100/360104/");
  memset(&dept, 0, sizeof dept);
  snprintf(dept.zUsername, sizeof dept.zUsername, "dept1");
  snprintf(dept.zScopePath, sizeof dept.zScopePath, "/360000/360100/360104/");
  dept.accountId = test_int(pDb, "SELECT id FROM account WHERE username='dept1'");
  officer.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer1'");
  /* an inspection without demo hazards */
  insp = test_int(pDb, "SELECT max(id) FROM inspection WHERE status='scheduled'");
  assert_true(insp > 0);
  return pDb;
}

static int64_t add(zf_db *pDb, const char *zCategory, const char *zStandard, const char *zRectify){
  hazard_new h;
  zf_error e = {0};
  int64_t id = 0;
  memset(&h, 0, sizeof h);
  h.inspectionId = insp; h.zDescription = "配电箱未接地"; h.zPlace = "车间";
  h.zCategory = zCategory; h.zStandardItem = zStandard; h.zRectify = zRectify;
  h.zChecklistItem = "CK-01"; h.zCatalogItem = "C-001";
  assert_int_equal(hazard_create(pDb, &officer, &h, &id, &e), ZF_OK);
  return id;
}

static int act(zf_db *pDb, int64_t id, hazard_action *a, zf_error *e){
  memset(e, 0, sizeof *e);
  return hazard_act(pDb, &officer, id, a, e);
}

static void status_is(zf_db *pDb, int64_t id, const char *zStatus){
  json_t *p = hazard_json(pDb, id, 1);
  assert_non_null(p);
  assert_string_equal(json_string_value(json_object_get(p, "status")), zStatus);
  json_decref(p);
}

static void test_demo(void **state){
  zf_db *pDb = test_db(1);
  (void)state;
  /* every status the demo promises */
  assert_int_equal(test_int(pDb, "SELECT count(DISTINCT status) FROM hazard WHERE status IN ('open',"
                   "'rectifying','reported','closed','overdue','proposed','transferred','void')"), 8);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard WHERE category='major'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard_transfer WHERE status='answered'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard_transfer WHERE status='sent'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification n JOIN account a ON a.id=n.account_id"
                   " WHERE a.username='leader' AND n.kind='hazard.major'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM account_unit"), 1);
  db_close(pDb);
}

static void test_reinspection_before_order_refused(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  char zToday[11], zOrder[11], zDeadline[11], zBefore[11];
  int64_t id = add(pDb, "general", 0, "deadline"), events;
  int64_t audits = test_int(pDb, "SELECT count(*) FROM audit WHERE action='hazard.reinspect'");
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -5, zOrder, 0);
  calendar_days_add(zToday, 20, zDeadline, 0);
  calendar_days_add(zOrder, -1, zBefore, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "passed";
  assert_int_equal(act(pDb, id, &a, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "date");
  status_is(pDb, id, "open");
  events = test_int(pDb, "SELECT count(*) FROM hazard_event");
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "rectifying");
  /* dated before the order */
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zBefore; a.zResult = "passed";
  assert_int_equal(act(pDb, id, &a, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "date");
  status_is(pDb, id, "rectifying");
  /* a failed re-inspection before the deadline: 复查未通过, still rectifying;
  ** a later report and a passing one close it */
  a.zDate = zToday; a.zResult = "failed";
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "rectifying");
  memset(&a, 0, sizeof a);
  a.zAction = "report"; a.zDate = zToday;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "reported");
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "passed";
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "closed");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard_event"), events + 4);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='hazard.reinspect'"), audits + 2);
  /* closed: nothing more but void */
  assert_int_equal(act(pDb, id, &a, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "status");
  /* the history is append-only */
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM hazard_event", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "UPDATE hazard_event SET note='x'", 0), ZF_OK);
  db_close(pDb);
}

/* Issue 10 bug 1: a failed re-inspection before the deadline is 复查未通过
** (rectifying, reinspect_failed), not overdue; no 立案建议 until the
** sweep finds the deadline passed. After the deadline it is overdue at once. */
static void test_failed_reinspection_waits_for_deadline(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  json_t *p;
  char zToday[11], zOrder[11], zDeadline[11], zAfter[11], zWant[11];
  int64_t id = add(pDb, "general", 0, "deadline"), id2 = add(pDb, "general", 0, "deadline");
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -5, zOrder, 0);
  calendar_days_add(zToday, 3, zDeadline, 0);
  calendar_days_add(zDeadline, 1, zAfter, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  memset(&a, 0, sizeof a);
  a.zAction = "report"; a.zDate = zToday;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "failed"; a.zNote = "接地线未整改到位";
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  p = hazard_json(pDb, id, 1);
  assert_string_equal(json_string_value(json_object_get(p, "status")), "rectifying");
  assert_string_equal(json_string_value(json_object_get(p, "status_name")), "复查未通过");
  assert_true(json_is_true(json_object_get(p, "reinspect_failed")));
  assert_false(json_is_true(json_object_get(p, "overdue")));
  assert_string_equal(json_string_value(json_object_get(p, "reinspect_result")), "failed");
  assert_non_null(json_string_value(json_object_get(p, "reinspect_no")));
  /* due again from the deadline, not from the report already re-inspected */
  assert_int_equal(rules_deadline(pDb, "reinspection.days", zDeadline, 0, zWant, 0, &e), ZF_OK);
  assert_string_equal(json_string_value(json_object_get(p, "reinspect_due")), zWant);
  /* the timeline keeps reported → rectifying by the re-inspection */
  {
    json_t *pEv = json_object_get(p, "events"), *pLast = json_array_get(pEv, json_array_size(pEv) - 1);
    assert_string_equal(json_string_value(json_object_get(pLast, "action")), "reinspect");
    assert_string_equal(json_string_value(json_object_get(pLast, "from_status")), "reported");
    assert_string_equal(json_string_value(json_object_get(pLast, "to_status")), "rectifying");
  }
  json_decref(p);
  /* no 立案建议 before the deadline */
  memset(&a, 0, sizeof a);
  a.zAction = "propose"; a.zNote = "逾期未整改";
  assert_int_equal(act(pDb, id, &a, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "status");
  /* the sweep waits for the deadline: on its day still rectifying, the day after overdue */
  assert_int_equal(hazard_sweep(pDb, zToday), 0);
  assert_int_equal(hazard_sweep(pDb, zDeadline), 0);
  status_is(pDb, id, "rectifying");
  assert_int_equal(hazard_sweep(pDb, zAfter), 1);
  status_is(pDb, id, "overdue");
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "proposed");
  /* a failed re-inspection after the deadline: overdue at once */
  calendar_days_add(zToday, -10, zOrder, 0);
  calendar_days_add(zToday, -1, zDeadline, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id2, &a, &e), ZF_OK);
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "failed";
  assert_int_equal(act(pDb, id2, &a, &e), ZF_OK);
  status_is(pDb, id2, "overdue");
  db_close(pDb);
}

static void test_reinspection_deadline_from_rule(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  hazard_action a;
  char zToday[11], zOrder[11], zDeadline[11], zWant[11], zReport[11];
  int64_t id = add(pDb, "general", 0, "deadline"), days;
  json_t *p;
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -10, zOrder, 0);
  calendar_days_add(zToday, 60, zDeadline, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  assert_int_equal(rules_int(pDb, "reinspection.days", zToday, &days, &e), ZF_OK);
  assert_int_equal(rules_deadline(pDb, "reinspection.days", zDeadline, 0, zWant, 0, &e), ZF_OK);
  assert_true(calendar_days_between(zDeadline, zWant) >= days);
  p = hazard_json(pDb, id, 0);
  assert_string_equal(json_string_value(json_object_get(p, "reinspect_due")), zWant);
  json_decref(p);
  /* a report long before the deadline brings the due day forward */
  calendar_days_add(zToday, -1, zReport, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "report"; a.zDate = zReport;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  assert_int_equal(rules_deadline(pDb, "reinspection.days", zReport, 0, zWant, 0, &e), ZF_OK);
  p = hazard_json(pDb, id, 0);
  assert_string_equal(json_string_value(json_object_get(p, "reinspect_due")), zWant);
  assert_true(calendar_days_between(zReport, zWant) >= days);
  json_decref(p);
  /* a changed rule value changes the due day (the key is read, not a constant) */
  assert_int_equal(db_exec_script(pDb, "DROP TRIGGER rule_value_frozen;"
                                "UPDATE rule_value SET value=30 WHERE key='reinspection.days'", 0), ZF_OK);
  id = add(pDb, "general", 0, "deadline");
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  p = hazard_json(pDb, id, 0);
  assert_true(calendar_days_between(zDeadline, json_string_value(json_object_get(p, "reinspect_due"))) >= 30);
  json_decref(p);
  db_close(pDb);
}

static void test_overdue_and_proposal(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  char zToday[11], zOrder[11], zDeadline[11];
  int64_t id = add(pDb, "general", 0, "deadline");
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -30, zOrder, 0);
  calendar_days_add(zToday, -1, zDeadline, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zOrder; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  memset(&a, 0, sizeof a);
  a.zAction = "propose"; a.zNote = "逾期未整改";
  assert_int_equal(act(pDb, id, &a, &e), ZF_ECONFLICT);    /* not overdue yet */
  assert_int_equal(hazard_sweep(pDb, zToday), 1);
  assert_int_equal(hazard_sweep(pDb, zToday), 0);
  status_is(pDb, id, "overdue");
  {
    char zSql[160];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM hazard_event WHERE hazard_id=%lld AND action='overdue'"
             " AND actor='system' AND from_status='rectifying'", (long long)id);
    assert_int_equal(test_int(pDb, zSql), 1);
  }
  a.zNote = 0;
  assert_int_equal(act(pDb, id, &a, &e), ZF_EMISSING);
  assert_string_equal(e.field, "note");
  a.zNote = "逾期拒不整改，建议立案";
  assert_int_equal(act(pDb, id, &a, &e), ZF_OK);
  status_is(pDb, id, "proposed");
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 0);
  db_close(pDb);
}

static void test_major_notifies_leaders(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  hazard_new h;
  int64_t id, before = test_int(pDb, "SELECT count(*) FROM notification"), hazards;
  (void)state;
  hazards = test_int(pDb, "SELECT count(*) FROM hazard");
  memset(&h, 0, sizeof h);
  h.inspectionId = insp; h.zDescription = "重大隐患"; h.zPlace = "罐区"; h.zCategory = "major";
  h.zRectify = "deadline";
  assert_int_equal(hazard_create(pDb, &officer, &h, &id, &e), ZF_EMISSING);
  assert_string_equal(e.field, "standard_item");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard"), hazards);
  id = add(pDb, "major", "判定标准第五条", "deadline");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification"), before + 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification n JOIN account a ON a.id=n.account_id"
                   " WHERE a.username='leader' AND n.entity='hazard' AND n.read_at IS NULL"), 2);
  /* a general one notifies nobody */
  add(pDb, "general", "ignored", "deadline");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification"), before + 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard WHERE standard_item='ignored'"), 0);
  db_close(pDb);
}

static void test_open_count(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  int64_t a1, a2;
  (void)state;
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 0);
  a1 = add(pDb, "general", 0, "immediate");
  a2 = add(pDb, "general", 0, "deadline");
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 2);
  memset(&a, 0, sizeof a);
  a.zAction = "rectified";
  assert_int_equal(act(pDb, a2, &a, &e), ZF_ECONFLICT);      /* a deadline one is not rectified on the spot */
  assert_int_equal(act(pDb, a1, &a, &e), ZF_OK);
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 1);
  memset(&a, 0, sizeof a);
  a.zAction = "void";
  assert_int_equal(act(pDb, a2, &a, &e), ZF_EMISSING);
  a.zNote = "重复登记";
  assert_int_equal(act(pDb, a2, &a, &e), ZF_OK);
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard WHERE id IN (SELECT max(id) FROM hazard)"), 1);
  db_close(pDb);
}

static void test_bad_input_writes_nothing(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  char zToday[11], zTomorrow[11];
  int64_t id = add(pDb, "general", 0, "deadline"), events = test_int(pDb, "SELECT count(*) FROM hazard_event");
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, 1, zTomorrow, 0);
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderDate = zTomorrow; a.zDeadline = zTomorrow;
  assert_int_equal(act(pDb, id, &a, &e), ZF_EINVAL);
  assert_string_equal(e.field, "order_date");
  a.zOrderDate = zToday; a.zDeadline = zToday;
  assert_int_equal(act(pDb, id, &a, &e), ZF_EINVAL);
  assert_string_equal(e.field, "deadline");
  a.zDeadline = "2026-02-30";
  assert_int_equal(act(pDb, id, &a, &e), ZF_EINVAL);
  assert_string_equal(e.field, "deadline");
  a.zAction = "fly";
  assert_int_equal(act(pDb, id, &a, &e), ZF_EINVAL);
  assert_string_equal(e.field, "action");
  memset(&a, 0, sizeof a);
  a.zAction = "report"; a.zDate = zToday;
  assert_int_equal(act(pDb, id, &a, &e), ZF_ECONFLICT);      /* no order yet */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard_event"), events);
  status_is(pDb, id, "open");
  db_close(pDb);
}

static void test_transfers(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  transfer_new t;
  char zToday[11];
  int64_t id = add(pDb, "general", 0, "deadline"), tid, tin;
  int64_t unit = test_int(pDb, "SELECT unit_id FROM account_unit");
  json_t *p;
  (void)state;
  calendar_today(zToday);
  memset(&t, 0, sizeof t);
  t.zDirection = "out"; t.hazardId = id; t.unitId = test_int(pDb, "SELECT id FROM unit WHERE kind='squad'");
  t.zDocNo = "移1"; t.zDocDate = zToday;
  assert_int_equal(transfer_create(pDb, &officer, &t, &tid, &e), ZF_EINVAL);   /* not a department */
  assert_string_equal(e.field, "unit_id");
  status_is(pDb, id, "open");
  t.unitId = unit;
  assert_int_equal(transfer_create(pDb, &officer, &t, &tid, &e), ZF_OK);
  status_is(pDb, id, "transferred");
  assert_int_equal(hazard_open_for_inspection(pDb, insp), 0);
  /* another account may not sign for it; the department does */
  memset(&e, 0, sizeof e);
  assert_int_equal(transfer_act(pDb, &officer, tid, "receive", 0, 0, &e), ZF_ESCOPE);
  assert_int_equal(transfer_act(pDb, &dept, tid, "receive", 0, 0, &e), ZF_OK);
  assert_int_equal(transfer_act(pDb, &dept, tid, "receive", 0, 0, &e), ZF_ECONFLICT);
  memset(&e, 0, sizeof e);
  assert_int_equal(transfer_act(pDb, &dept, tid, "answer", "", 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "answer");
  assert_int_equal(transfer_act(pDb, &dept, tid, "answer", "已受理并处理", 0, &e), ZF_OK);
  /* dept1 was told when it was sent (and of the demo's fire-lane transfer
  ** to its 消防救援大队); officer1 when it was answered */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification n JOIN account a ON a.id=n.account_id"
                   " WHERE a.username='dept1' AND n.kind='transfer.sent'"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM notification n JOIN account a ON a.id=n.account_id"
                   " WHERE a.username='officer1' AND n.kind='transfer.answered'"), 1);
  p = transfer_json(pDb, tid);
  assert_string_equal(json_string_value(json_object_get(p, "status")), "answered");
  assert_string_equal(json_string_value(json_object_get(p, "answered_by")), "dept1");
  assert_false(json_is_true(json_object_get(p, "overdue")));
  json_decref(p);
  /* a voided outgoing transfer gives the hazard back to the bureau */
  {
    int64_t h2 = add(pDb, "general", 0, "deadline"), t2;
    memset(&t, 0, sizeof t);
    t.zDirection = "out"; t.hazardId = h2; t.unitId = unit; t.zDocNo = "移3"; t.zDocDate = zToday;
    assert_int_equal(transfer_create(pDb, &officer, &t, &t2, &e), ZF_OK);
    status_is(pDb, h2, "transferred");
    assert_int_equal(transfer_act(pDb, &officer, t2, "void", "", 0, &e), ZF_EINVAL);
    assert_int_equal(transfer_act(pDb, &officer, t2, "void", "移错部门", 0, &e), ZF_OK);
    status_is(pDb, h2, "open");
  }
  /* incoming: recorded, assigned, answered by the bureau */
  memset(&t, 0, sizeof t);
  t.zDirection = "in"; t.unitId = unit; t.zDocNo = "函2"; t.zDocDate = zToday;
  assert_int_equal(transfer_create(pDb, &officer, &t, &tin, &e), ZF_EMISSING);
  assert_string_equal(e.field, "matter");
  t.zMatter = "加油站隐患线索";
  assert_int_equal(transfer_create(pDb, &officer, &t, &tin, &e), ZF_OK);
  assert_int_equal(transfer_act(pDb, &officer, tin, "assign", 0, test_int(pDb,
                   "SELECT id FROM unit WHERE name='执法一中队'"), &e), ZF_OK);
  assert_int_equal(transfer_act(pDb, &officer, tin, "answer", "已核查处理", 0, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='hazard_transfer'"),
                   test_int(pDb, "SELECT count(*) FROM audit WHERE action LIKE 'transfer.%'"));
  db_close(pDb);
}

/* 责令限期整改指令书 and 整改复查意见书 numbers: the server's, per unit and
** year, consecutive, never typed, never reused; the register is permanent. */
static void test_doc_numbers(void **state){
  zf_db *pDb = setup();
  zf_error e;
  hazard_action a;
  char zToday[11], zDeadline[11], zWant[300];
  int64_t h1 = add(pDb, "general", 0, "deadline"), h2 = add(pDb, "general", 0, "deadline");
  int64_t unit = test_int(pDb, "SELECT unit_id FROM inspection WHERE id=(SELECT max(id) FROM inspection"
                          " WHERE status='scheduled')");
  int64_t last, issued = test_int(pDb, "SELECT count(*) FROM doc_number");
  json_t *p;
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, 20, zDeadline, 0);
  snprintf(zWant, sizeof zWant, "SELECT COALESCE(max(seq), 0) FROM doc_number WHERE kind='rectify_order'"
           " AND unit_id=%lld AND year=%.4s", (long long)unit, zToday);
  last = test_int(pDb, zWant);
  assert_true(unit > 0);
  /* typed: refused, nothing issued */
  memset(&a, 0, sizeof a);
  a.zAction = "order"; a.zOrderNo = "责改〔2026〕9号"; a.zOrderDate = zToday; a.zDeadline = zDeadline;
  assert_int_equal(act(pDb, h1, &a, &e), ZF_EINVAL);
  assert_string_equal(e.field, "order_no");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number"), issued);
  a.zOrderNo = 0;
  assert_int_equal(act(pDb, h1, &a, &e), ZF_OK);
  assert_int_equal(act(pDb, h2, &a, &e), ZF_OK);
  /* a refused order (already ordered) issues nothing */
  assert_int_equal(act(pDb, h2, &a, &e), ZF_ECONFLICT);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM doc_number"), issued + 2);
  p = hazard_json(pDb, h2, 0);
  {
    zf_stmt *pStmt = db_stmt(pDb, "SELECT name FROM unit WHERE id=?");
    db_bind(pStmt, "i", unit);
    assert_int_equal(db_step(pStmt), 1);
    snprintf(zWant, sizeof zWant, "%s责改〔%.4s〕第%lld号", db_text(pStmt, 0), zToday, (long long)last + 2);
    db_reset(pStmt);
  }
  assert_string_equal(json_string_value(json_object_get(p, "order_no")), zWant);
  json_decref(p);
  /* the re-inspection's opinion has its own sequence */
  memset(&a, 0, sizeof a);
  a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "passed";
  assert_int_equal(act(pDb, h1, &a, &e), ZF_OK);
  p = hazard_json(pDb, h1, 0);
  assert_non_null(strstr(json_string_value(json_object_get(p, "reinspect_no")), "复查〔"));
  json_decref(p);
  snprintf(zWant, sizeof zWant, "SELECT count(*) FROM doc_number WHERE kind='reinspect_opinion'"
           " AND entity_id=%lld", (long long)h1);
  assert_int_equal(test_int(pDb, zWant), 1);
  /* numbers are unique per (kind, unit, year) and the register is permanent */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM (SELECT kind, unit_id, year, number FROM doc_number"
                   " GROUP BY kind, unit_id, year, number HAVING count(*)>1)"), 0);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM doc_number", 0), ZF_OK);
  assert_int_not_equal(db_exec_script(pDb, "UPDATE doc_number SET seq=seq+100", 0), ZF_OK);
  db_close(pDb);
}

/* Links: lines of the inspection's checklist and published catalog items
** only (422 naming the field, nothing written); a 不符合 result recorded as
** a hazard is pre-linked; the links are permanent. */
static void test_links(void **state){
  zf_db *pDb = setup();
  zf_error e = {0};
  hazard_new h;
  checklist_set set;
  char zToday[11], zSql[300];
  int64_t ent = test_int(pDb, "SELECT enterprise_id FROM inspection WHERE id=(SELECT max(id) FROM inspection"
                         " WHERE status='scheduled')");
  int64_t item = test_int(pDb, "SELECT min(c.id) FROM catalog_item c JOIN catalog_version v ON v.id=c.version_id"
                          " WHERE v.status='published'");
  int64_t hazards = test_int(pDb, "SELECT count(*) FROM hazard"), id = 0, aLine[2], aItem[1], bad = 99999999;
  json_t *p;
  (void)state;
  calendar_today(zToday);
  memset(&set, 0, sizeof set);
  assert_int_equal(inspection_checklist(pDb, ent, 0, 0, &set, &e), ZF_OK);   /* not started: today's */
  assert_true(set.nLine >= 2);
  aLine[0] = set.aLine[0].id; aLine[1] = set.aLine[1].id; aItem[0] = item;
  memset(&h, 0, sizeof h);
  h.inspectionId = insp; h.zDescription = "警示标志缺失"; h.zPlace = "罐区";
  h.zCategory = "general"; h.zRectify = "immediate";
  /* a line that is not the inspection's, an item that does not exist */
  h.aChecklistLine = &bad; h.nChecklistLine = 1;
  assert_int_equal(hazard_create(pDb, &officer, &h, &id, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "checklist_lines");
  memset(&e, 0, sizeof e);
  h.aChecklistLine = aLine; h.nChecklistLine = 2;
  h.aCatalogItem = &bad; h.nCatalogItem = 1;
  assert_int_equal(hazard_create(pDb, &officer, &h, &id, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "catalog_items");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard"), hazards);
  memset(&e, 0, sizeof e);
  h.aCatalogItem = aItem;
  assert_int_equal(hazard_create(pDb, &officer, &h, &id, &e), ZF_OK);
  p = hazard_json(pDb, id, 0);
  assert_int_equal(json_array_size(json_object_get(p, "checklist_lines")), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(p, "checklist_lines"), 0),
                      "key_point")), set.aLine[0].zKeyPoint);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "catalog_items"), 0),
                   "id")), item);
  json_decref(p);
  checklist_set_free(&set);
  /* from a 不符合 result of a demo inspection under way */
  {
    int64_t fi = test_int(pDb, "SELECT min(r.inspection_id) FROM inspection_result r JOIN inspection i"
                          " ON i.id=r.inspection_id WHERE r.verdict='fail' AND i.status IN ('in_progress','reported')");
    int64_t line, okLine;
    assert_true(fi > 0);
    snprintf(zSql, sizeof zSql, "SELECT min(line_id) FROM inspection_result WHERE inspection_id=%lld AND verdict='fail'",
             (long long)fi);
    line = test_int(pDb, zSql);
    snprintf(zSql, sizeof zSql, "SELECT COALESCE(min(line_id), 0) FROM inspection_result WHERE inspection_id=%lld"
             " AND verdict<>'fail'", (long long)fi);
    okLine = test_int(pDb, zSql);
    memset(&h, 0, sizeof h);
    h.inspectionId = fi; h.fromLineId = line; h.zPlace = "现场"; h.zCategory = "general"; h.zRectify = "deadline";
    assert_int_equal(hazard_create(pDb, 0, &h, &id, &e), ZF_OK);
    p = hazard_json(pDb, id, 0);
    assert_int_equal(json_integer_value(json_object_get(p, "from_line_id")), line);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p, "checklist_lines"), 0),
                     "id")), line);
    assert_true(strlen(json_string_value(json_object_get(p, "description"))) > 2);
    json_decref(p);
    if( okLine ){
      memset(&e, 0, sizeof e);
      h.fromLineId = okLine;
      assert_int_equal(hazard_create(pDb, 0, &h, &id, &e), ZF_EPROCEDURE);
      assert_string_equal(e.field, "from_line_id");
    }
  }
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM hazard_link", 0), ZF_OK);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_demo),
    cmocka_unit_test(test_reinspection_before_order_refused),
    cmocka_unit_test(test_failed_reinspection_waits_for_deadline),
    cmocka_unit_test(test_reinspection_deadline_from_rule),
    cmocka_unit_test(test_overdue_and_proposal),
    cmocka_unit_test(test_major_notifies_leaders),
    cmocka_unit_test(test_open_count),
    cmocka_unit_test(test_bad_input_writes_nothing),
    cmocka_unit_test(test_transfers),
    cmocka_unit_test(test_doc_numbers),
    cmocka_unit_test(test_links),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
