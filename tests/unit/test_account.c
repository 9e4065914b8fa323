/*
** test_account.c — account rules (src/account.c): validation naming the
** field, uniqueness, reserved names, separation of duties, scope,
** disabling ending sessions, password changes, linking an account to a
** person, and the audit entry written with each change.
*/
#include "testutil.h"
#include "account.h"
#include "core/audit.h"
#include "staff.h"

static int create(zf_db *pDb, const zf_who *pActor, const char *zUser, const char *zPw,
                  const char *zRole, const char *zScope, zf_error *e){
  const char *azRole[1] = { zRole };
  account_new nu = { zUser, zPw, "测试人员", azRole, zRole ? 1 : 0, zScope, 1 };
  int64_t id;
  memset(e, 0, sizeof *e);
  return account_create(pDb, pActor, &nu, &id, e);
}

static void test_validation(void **state){
  zf_db *pDb = test_db(1);
  zf_error e;
  (void)state;
  assert_int_equal(create(pDb, 0, "ok_user", "Long-enough-pw", "officer", "360104", &e), ZF_OK);
  assert_int_equal(create(pDb, 0, "ok_user", "Long-enough-pw", "officer", "360104", &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "username");
  assert_int_equal(create(pDb, 0, "Bad User", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "username");
  assert_int_equal(create(pDb, 0, "ab", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  assert_int_equal(create(pDb, 0, "user2", "short", "officer", "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "password");
  assert_int_equal(create(pDb, 0, "user2xyzab", "user2xyzab", "officer", "360104", &e), ZF_EINVAL);
  assert_int_equal(create(pDb, 0, "user2", "Long-enough-pw", "king", "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "roles");
  assert_int_equal(create(pDb, 0, "user2", "Long-enough-pw", 0, "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "roles");
  assert_int_equal(create(pDb, 0, "user2", "Long-enough-pw", "officer", "999999", &e), ZF_EINVAL);
  assert_string_equal(e.field, "scope");
  /* actor names the code writes in the audit chain are reserved */
  assert_int_equal(create(pDb, 0, "cli", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "username");
  assert_non_null(strstr(e.message, "保留"));
  assert_int_equal(create(pDb, 0, "system", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  assert_int_equal(create(pDb, 0, "demo", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  assert_int_equal(create(pDb, 0, "system2", "Long-enough-pw", "officer", "360104", &e), ZF_EINVAL);
  /* a common password is refused */
  assert_int_equal(create(pDb, 0, "user2", "P@ssw0rd123", "officer", "360104", &e), ZF_EINVAL);
  assert_string_equal(e.field, "password");
  /* nothing half-written by the refusals */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM account WHERE username='user2'"), 0);
  db_close(pDb);
}

static void test_scope_of_actor(void **state){
  zf_db *pDb = test_db(1);
  zf_who street;
  zf_error e;
  int64_t id;
  (void)state;
  assert_int_equal(account_find(pDb, "street1", &id), ZF_OK);
  assert_int_equal(auth_load_account(pDb, id, &street), ZF_OK);
  assert_int_equal(create(pDb, &street, "helper1", "Long-enough-pw", "assistant", "360104002", &e), ZF_OK);
  assert_int_equal(create(pDb, &street, "helper2", "Long-enough-pw", "assistant", "360104006", &e), ZF_ESCOPE);
  assert_string_equal(e.field, "scope");
  assert_int_equal(create(pDb, &street, "helper3", "Long-enough-pw", "assistant", "360104", &e), ZF_ESCOPE);
  db_close(pDb);
}

static void test_disable_and_password(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  zf_who who;
  char zToken[64];
  int64_t id, wait;
  audit_report rep;
  (void)state;
  assert_int_equal(account_find(pDb, "officer2", &id), ZF_OK);
  assert_int_equal(auth_login(pDb, "officer2", TEST_PASSWORD, "t", zToken, &who, &wait, &e), ZF_OK);
  assert_int_equal(account_set_disabled(pDb, ZF_WHO("admin"), id, 1, &e), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_EAUTH);
  assert_int_equal(auth_login(pDb, "officer2", TEST_PASSWORD, "t2", zToken, &who, &wait, &e), ZF_ELOGIN);
  assert_int_equal(account_set_disabled(pDb, ZF_WHO("admin"), id, 0, &e), ZF_OK);
  assert_int_equal(auth_login(pDb, "officer2", TEST_PASSWORD, "t3", zToken, &who, &wait, &e), ZF_OK);
  /* admin reset: must change, sessions end */
  assert_int_equal(account_set_password(pDb, ZF_WHO("admin"), id, "fresh-password-1", 1, 0, &e), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_EAUTH);
  assert_int_equal(auth_login(pDb, "officer2", "fresh-password-1", "t4", zToken, &who, &wait, &e), ZF_OK);
  assert_int_equal(who.mustChangePassword, 1);
  assert_int_equal(account_set_password(pDb, ZF_WHO("admin"), id, "short", 1, 0, &e), ZF_EINVAL);
  assert_int_equal(account_set_disabled(pDb, ZF_WHO("admin"), 99999, 1, &e), ZF_ENOTFOUND);
  /* every change above is in the verified chain */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='account' AND entity_id="
                                 "(SELECT id FROM account WHERE username='officer2')"
                                 " AND action IN ('account.disable','account.enable','account.password_reset')"), 3);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  db_close(pDb);
}

/* 三员分立: admin with a business role is refused at creation. */
static void test_separation(void **state){
  zf_db *pDb = test_db(1);
  const char *azRole[2] = { "admin", "supervisor" };
  account_new nu = { "mixed1", "Long-enough-pw", "混合", azRole, 2, "360104", 1 };
  zf_error e = {0};
  int64_t id;
  (void)state;
  assert_int_equal(account_create(pDb, 0, &nu, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "roles");
  assert_non_null(strstr(e.message, "三员分立"));
  azRole[1] = "expert";
  assert_int_equal(account_create(pDb, 0, &nu, &id, &e), ZF_EINVAL);
  azRole[0] = "officer"; azRole[1] = "legal";       /* two business roles: fine */
  assert_int_equal(account_create(pDb, 0, &nu, &id, &e), ZF_OK);
  /* every demo account obeys the rule */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM account_role a JOIN account_role b"
                                 " ON b.account_id=a.account_id AND b.role<>'admin' WHERE a.role='admin'"), 0);
  db_close(pDb);
}

/* Linking an account to a person: user administration, audited. */
static void test_link_person(void **state){
  zf_db *pDb = test_db(1);
  zf_who admin, street;
  zf_error e = {0};
  int64_t adminId, streetId, officer2, person, limin, other, got, n0;
  (void)state;
  assert_int_equal(account_find(pDb, "admin", &adminId), ZF_OK);
  assert_int_equal(auth_load_account(pDb, adminId, &admin), ZF_OK);
  assert_int_equal(account_find(pDb, "street1", &streetId), ZF_OK);
  assert_int_equal(auth_load_account(pDb, streetId, &street), ZF_OK);
  assert_int_equal(account_find(pDb, "officer2", &officer2), ZF_OK);
  limin = test_int(pDb, "SELECT id FROM person WHERE name='李明'");          /* officer1's person */
  person = test_int(pDb, "SELECT p.id FROM person p JOIN unit u ON u.id=p.unit_id WHERE p.account_id IS NULL"
                         " AND p.status='active' AND u.region='360104' ORDER BY p.id LIMIT 1");
  other = test_int(pDb, "SELECT p.id FROM person p JOIN unit u ON u.id=p.unit_id WHERE p.account_id IS NULL"
                        " AND p.status='active' AND u.region='360104006' ORDER BY p.id LIMIT 1");
  assert_true(person>0 && other>0 && limin>0);
  n0 = test_int(pDb, "SELECT count(*) FROM audit WHERE action='account.person'");   /* the demo's links */
  /* refusals name person_id and change nothing */
  assert_int_equal(account_link_person(pDb, &admin, officer2, limin, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "person_id");
  assert_int_equal(account_link_person(pDb, &admin, officer2, 999999, &e), ZF_EINVAL);
  assert_string_equal(e.field, "person_id");
  assert_int_equal(account_link_person(pDb, &admin, adminId, person, &e), ZF_EFORBIDDEN);
  assert_int_equal(account_link_person(pDb, &street, streetId, other, &e), ZF_EFORBIDDEN);
  assert_int_equal(account_link_person(pDb, &street, officer2, other, &e), ZF_ESCOPE);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='account.person'"), n0);
  /* the link moves officer2 from its person to the new one, one audit entry */
  assert_int_equal(staff_person_of_account(pDb, officer2, &got), ZF_OK);
  assert_int_equal(account_link_person(pDb, &admin, officer2, person, &e), ZF_OK);
  assert_int_equal(staff_person_of_account(pDb, officer2, &got), ZF_OK);
  assert_int_equal(got, person);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person WHERE account_id="
                                 "(SELECT id FROM account WHERE username='officer2')"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='account.person' AND actor='admin'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='account.person'"), n0 + 1);
  /* unlinking */
  assert_int_equal(account_link_person(pDb, &admin, officer2, 0, &e), ZF_OK);
  assert_int_equal(staff_person_of_account(pDb, officer2, &got), ZF_ENOTFOUND);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='account.person'"), n0 + 2);
  db_close(pDb);
}

static void test_json(void **state){
  zf_db *pDb = test_db(1);
  int64_t id;
  json_t *p;
  (void)state;
  assert_int_equal(account_find(pDb, "street1", &id), ZF_OK);
  p = account_json(pDb, id);
  assert_non_null(p);
  assert_string_equal(json_string_value(json_object_get(p, "scope_name")), "洪都街道");
  assert_string_equal(json_string_value(json_array_get(json_object_get(p, "roles"), 0)), "street");
  assert_null(json_object_get(p, "password_hash"));
  json_decref(p);
  assert_null(account_json(pDb, 424242));
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_validation),
    cmocka_unit_test(test_scope_of_actor),
    cmocka_unit_test(test_disable_and_password),
    cmocka_unit_test(test_separation),
    cmocka_unit_test(test_link_person),
    cmocka_unit_test(test_json),
  };
  return cmocka_run_group_tests_name("account", tests, 0, 0);
}
