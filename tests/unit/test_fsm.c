/*
** test_fsm.c — state machines as tables (core/fsm.c) on a toy machine: the
** row of (state, action), the refusal naming the state and the action by
** their names, the permission and the guard, and the actions open now
** (by permission and guard, each once, in table order).
*/
#include "testutil.h"
#include "core/fsm.h"

typedef struct toy { int ready; } toy;

static int toy_ready(const void *pRec, zf_error *e){
  const toy *p = pRec;
  return p->ready ? ZF_OK : err_set(e, ZF_EPROCEDURE, "ready", "尚未满足条件：材料未齐");
}

static const char *toy_state(const char *z){
  return strcmp(z, "draft")==0 ? "草稿" : strcmp(z, "submitted")==0 ? "已提交" : 0;
}
static const char *toy_action(const char *z){
  return strcmp(z, "submit")==0 ? "提交" : strcmp(z, "approve")==0 ? "批准" : 0;
}

static const zf_fsm_row toy_rows[] = {
  {"draft", "submit", "submitted", PERM_PLAN_EDIT, toy_ready, 0, 0},
  {"draft", "void", "void", 0, 0, 0, 0},
  {"submitted", "approve", "approved", PERM_PLAN_APPROVE, 0, "approval", "plan.days"},
  {"submitted", "return", "draft", PERM_PLAN_APPROVE, 0, 0, 0},
  {"submitted", "approve", "other", 0, 0, 0, 0},   /* shadowed: the first row applies */
  {0, 0, 0, 0, 0, 0, 0}
};
static const zf_fsm toy_fsm = {toy_rows, toy_state, toy_action, "status", 0};

static zf_who who(const char *zRole){
  zf_who w;
  memset(&w, 0, sizeof w);
  w.roles = 1u << auth_role_find(zRole);
  return w;
}

static void test_lookup(void **state){
  zf_error e = {0};
  const zf_fsm_row *p;
  (void)state;
  p = fsm_find(&toy_fsm, "submitted", "approve", &e);
  assert_non_null(p);
  assert_string_equal(p->zTo, "approved");
  assert_string_equal(p->zDocument, "approval");
  assert_string_equal(p->zDeadlineRule, "plan.days");
  assert_string_equal(fsm_find(&toy_fsm, "draft", "void", &e)->zTo, "void");
  assert_null(fsm_find(&toy_fsm, "draft", 0, &e));
  assert_null(fsm_find(&toy_fsm, 0, "void", 0));
}

static void test_refusal_message(void **state){
  zf_error e = {0};
  const zf_fsm conflict = {toy_rows, 0, 0, "state", ZF_ECONFLICT};
  (void)state;
  assert_null(fsm_find(&toy_fsm, "draft", "approve", &e));
  assert_int_equal(e.rc, ZF_EPROCEDURE);
  assert_string_equal(e.field, "status");
  assert_string_equal(e.message, "当前状态（草稿）不能批准");
  /* an unnamed state key is an API name, which err_set drops from what
  ** users read ("（archived）"); the machine's rc and field */
  memset(&e, 0, sizeof e);
  assert_null(fsm_find(&conflict, "archived", "reopen", &e));
  assert_int_equal(e.rc, ZF_ECONFLICT);
  assert_string_equal(e.field, "state");
  assert_string_equal(e.message, "当前状态不能reopen");
}

static void test_check_permission_and_guard(void **state){
  zf_error e = {0};
  zf_who brigade = who("brigade"), leader = who("leader");
  toy ready = {1}, notReady = {0};
  const zf_fsm_row *p = 0;
  (void)state;
  /* the guard's conditions come back as they are */
  assert_int_equal(fsm_check(&toy_fsm, 0, "draft", "submit", &notReady, &p, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "ready");
  assert_non_null(strstr(e.message, "材料未齐"));
  assert_null(p);
  assert_int_equal(fsm_check(&toy_fsm, 0, "draft", "submit", &ready, &p, &e), ZF_OK);
  assert_string_equal(p->zTo, "submitted");
  /* permission: a role without it is refused before the guard */
  {
    zf_who none;
    memset(&none, 0, sizeof none);
    memset(&e, 0, sizeof e);
    assert_int_equal(fsm_check(&toy_fsm, &none, "draft", "submit", &ready, 0, &e), ZF_EFORBIDDEN);
    assert_non_null(strstr(e.message, "提交"));
  }
  /* a role with it passes; plan.approve is the leader's, not the brigade's */
  assert_int_equal(fsm_check(&toy_fsm, &brigade, "draft", "submit", &ready, 0, &e), ZF_OK);
  assert_int_equal(fsm_check(&toy_fsm, &brigade, "submitted", "approve", &ready, 0, &e), ZF_EFORBIDDEN);
  assert_int_equal(fsm_check(&toy_fsm, &leader, "submitted", "approve", &ready, 0, &e), ZF_OK);
  memset(&e, 0, sizeof e);
  assert_int_equal(fsm_check(&toy_fsm, 0, "submitted", "submit", &ready, 0, &e), ZF_EPROCEDURE);
  assert_string_equal(e.message, "当前状态（已提交）不能提交");
}

static void test_next_actions(void **state){
  const char *az[8];
  zf_who none;
  toy ready = {1}, notReady = {0};
  int n;
  (void)state;
  memset(&none, 0, sizeof none);
  /* the command line: everything the table and the guards allow */
  n = fsm_next(&toy_fsm, 0, "draft", &ready, az, 8);
  assert_int_equal(n, 2);
  assert_string_equal(az[0], "submit");
  assert_string_equal(az[1], "void");
  /* the guard fails: not offered */
  n = fsm_next(&toy_fsm, 0, "draft", &notReady, az, 8);
  assert_int_equal(n, 1);
  assert_string_equal(az[0], "void");
  /* without the permissions: only the row that needs none */
  assert_int_equal(fsm_next(&toy_fsm, &none, "draft", &ready, az, 8), 1);
  assert_string_equal(az[0], "void");
  assert_int_equal(fsm_next(&toy_fsm, &none, "submitted", &ready, az, 8), 0);
  /* approve appears once although two rows carry it */
  n = fsm_next(&toy_fsm, 0, "submitted", &ready, az, 8);
  assert_int_equal(n, 2);
  assert_string_equal(az[0], "approve");
  assert_string_equal(az[1], "return");
  /* bounded by nOut; unknown state: nothing */
  assert_int_equal(fsm_next(&toy_fsm, 0, "submitted", &ready, az, 1), 1);
  assert_int_equal(fsm_next(&toy_fsm, 0, "gone", &ready, az, 8), 0);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lookup),
    cmocka_unit_test(test_refusal_message),
    cmocka_unit_test(test_check_permission_and_guard),
    cmocka_unit_test(test_next_actions),
  };
  return cmocka_run_group_tests_name("fsm", tests, 0, 0);
}
