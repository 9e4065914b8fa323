/*
** test_auth.c — roles and the permission matrix, password rules, login
** throttling, session expiry and scope (core/auth.c). Time is moved with
** clock_advance() instead of sleeping.
*/
#include "testutil.h"
#include "core/auth.h"
#include "core/clock.h"

static void test_matrix(void **state){
  (void)state;
  assert_false(auth_allows(~0u, PERM_UNDECLARED));       /* deny by default */
  assert_false(auth_allows(~0u, PERM_COUNT));
  assert_true(auth_allows(0, PERM_PUBLIC));
  assert_true(auth_allows(1u<<ROLE_ADMIN, PERM_USER_ADMIN));
  assert_false(auth_allows(1u<<ROLE_LEADER, PERM_USER_ADMIN));
  assert_false(auth_allows(1u<<ROLE_OFFICER, PERM_AUDIT_READ));
  assert_true(auth_allows(1u<<ROLE_SUPERVISOR, PERM_AUDIT_READ));
  assert_int_equal(auth_role_find("officer"), ROLE_OFFICER);
  assert_int_equal(auth_role_find("root"), -1);
  assert_string_equal(auth_perm_name(PERM_USER_ADMIN), "user.admin");
}

static void test_password_rules(void **state){
  zf_error e = {0};
  char zHash[AUTH_HASH_MAX];
  (void)state;
  assert_int_equal(auth_password_rule("li", "short", "password", &e), ZF_EINVAL);
  assert_string_equal(e.field, "password");
  assert_int_equal(auth_password_rule("officer123", "OFFICER123", "password", &e), ZF_EINVAL);
  assert_int_equal(auth_password_rule("li", "安全生产执法密码十字", "password", &e), ZF_OK);  /* 10 characters */
  assert_int_equal(auth_password_rule("li", "安全生产执法密码九", "password", &e), ZF_EINVAL);
  assert_int_equal(auth_password_hash("correct horse", zHash), ZF_OK);
  assert_non_null(strstr(zHash, "$argon2id$"));
  assert_true(auth_password_check(zHash, "correct horse"));
  assert_false(auth_password_check(zHash, "correct horsf"));
}

static int login(zf_db *pDb, const char *zUser, const char *zPw, const char *zClient,
                 char *zToken, int64_t *pWait){
  zf_who who;
  zf_error e = {0};
  return auth_login(pDb, zUser, zPw, zClient, zToken, &who, pWait, &e);
}

static void test_throttle(void **state){
  zf_db *pDb = test_db(1);
  char zToken[64];
  int64_t wait;
  int i;
  (void)state;
  auth_config.loginMaxFailures = 5;
  auth_config.loginWindow = 900;
  for(i=0; i<5; i++){
    assert_int_equal(login(pDb, "officer1", "wrong-password", "10.0.0.1", zToken, &wait), ZF_ELOGIN);
  }
  /* locked even with the right password, from any address */
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.2", zToken, &wait), ZF_ETHROTTLE);
  assert_in_range(wait, 1, 900);
  /* the address is locked for other accounts too */
  assert_int_equal(login(pDb, "officer2", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_ETHROTTLE);
  /* another account from another address is fine */
  assert_int_equal(login(pDb, "officer2", TEST_PASSWORD, "10.0.0.3", zToken, &wait), ZF_OK);
  /* attempts while locked do not extend the lock */
  clock_advance(901);
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_OK);
  /* unknown accounts fail the same way */
  assert_int_equal(login(pDb, "nobody", "whatever-password", "10.0.0.9", zToken, &wait), ZF_ELOGIN);
  db_close(pDb);
}

static void test_sessions(void **state){
  zf_db *pDb = test_db(1);
  char zToken[64];
  zf_who who;
  int64_t wait;
  (void)state;
  auth_config.sessionIdle = 1800;
  auth_config.sessionMax = 43200;
  assert_int_equal(login(pDb, "legal", TEST_PASSWORD, "10.1.0.1", zToken, &wait), ZF_OK);
  assert_int_equal(strlen(zToken), 43);
  /* only the hash is stored */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM session WHERE length(token_hash)=64"), 1);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  assert_string_equal(who.zUsername, "legal");
  assert_true(who.roles & (1u<<ROLE_LEGAL));
  assert_string_equal(who.zScope, "360104");
  assert_int_equal(auth_session(pDb, "x", &who), ZF_EAUTH);
  /* idle: 29 minutes is fine and refreshes; then 31 idle minutes end it */
  clock_advance(29*60);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  clock_advance(29*60);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  clock_advance(31*60);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_EAUTH);
  /* absolute: active every 20 minutes, still ends after 12 h */
  assert_int_equal(login(pDb, "legal", TEST_PASSWORD, "10.1.0.1", zToken, &wait), ZF_OK);
  for(int i=0; i<35; i++){
    clock_advance(20*60);
    assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  }
  clock_advance(20*60 + 1);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_EAUTH);
  /* logout ends it and is audited */
  assert_int_equal(login(pDb, "legal", TEST_PASSWORD, "10.1.0.1", zToken, &wait), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  assert_int_equal(auth_logout(pDb, &who), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_EAUTH);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='session.logout'"), 1);
  db_close(pDb);
}

static void test_scope(void **state){
  zf_db *pDb = test_db(1);
  char zToken[64];
  zf_who who;
  int64_t wait;
  (void)state;
  assert_int_equal(login(pDb, "street1", TEST_PASSWORD, "10.2.0.1", zToken, &wait), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  assert_string_equal(who.zScope, "360104002");
  assert_true(auth_in_scope(pDb, &who, "360104002"));
  assert_false(auth_in_scope(pDb, &who, "360104006"));   /* another street */
  assert_false(auth_in_scope(pDb, &who, "360104"));      /* the district above */
  assert_false(auth_in_scope(pDb, &who, "nope"));
  assert_int_equal(login(pDb, "leader", TEST_PASSWORD, "10.2.0.1", zToken, &wait), ZF_OK);
  assert_int_equal(auth_session(pDb, zToken, &who), ZF_OK);
  assert_true(auth_in_scope(pDb, &who, "360104006"));
  assert_false(auth_in_scope(pDb, &who, "360102"));      /* another district */
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_matrix),
    cmocka_unit_test(test_password_rules),
    cmocka_unit_test(test_throttle),
    cmocka_unit_test(test_sessions),
    cmocka_unit_test(test_scope),
  };
  return cmocka_run_group_tests_name("auth", tests, 0, 0);
}
