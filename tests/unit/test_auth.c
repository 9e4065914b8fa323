/*
** test_auth.c — roles and the permission matrix, separation of duties,
** password rules, login throttling (account backoff, address limit, the
** old-password check), session expiry and scope (core/auth.c). Time is
** moved with clock_advance() instead of sleeping.
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

/* 三员分立: admin is never combined with a role that reads business data;
** the set follows the matrix (a role holding any business permission is
** in it, admin holds none). */
static void test_separation(void **state){
  static const int aBusiness[] = { PERM_ENTERPRISE_READ, PERM_RISK_READ, PERM_PLAN_READ, PERM_DRAW_READ,
    PERM_INSPECTION_READ, PERM_HAZARD_READ, PERM_TRANSFER_ANSWER, PERM_EVIDENCE_WRITE, -1 };
  int i, r;
  (void)state;
  assert_true(auth_roles_separated(1u<<ROLE_ADMIN));
  assert_true(auth_roles_separated((1u<<ROLE_OFFICER) | (1u<<ROLE_LEGAL)));
  assert_false(auth_roles_separated((1u<<ROLE_ADMIN) | (1u<<ROLE_SUPERVISOR)));
  assert_false(auth_roles_separated((1u<<ROLE_ADMIN) | (1u<<ROLE_EXPERT)));
  assert_false(auth_roles_separated((1u<<ROLE_ADMIN) | (1u<<ROLE_LEADER)));
  for(i=0; aBusiness[i]>=0; i++){
    assert_false(auth_allows(1u<<ROLE_ADMIN, aBusiness[i]));
    for(r=0; r<ROLE_COUNT; r++){
      if( auth_allows(1u<<r, aBusiness[i]) ) assert_true(AUTH_BUSINESS_ROLES & (1u<<r));
    }
  }
}

static void test_password_rules(void **state){
  zf_error e = {0};
  char zHash[AUTH_HASH_MAX];
  (void)state;
  assert_int_equal(auth_password_rule("li", "short", "password", &e), ZF_EINVAL);
  assert_string_equal(e.field, "password");
  assert_int_equal(auth_password_rule("officer123", "OFFICER123", "password", &e), ZF_EINVAL);
  assert_int_equal(auth_password_rule("li", "安全生产执法Mi2026", "password", &e), ZF_OK);  /* 14 characters */
  assert_int_equal(auth_password_rule("li", "安全生产执法M2", "password", &e), ZF_EINVAL);       /* 8 */
  /* three classes of four (lower, upper, digit, other — Chinese is "other") */
  assert_int_equal(auth_password_rule("li", "安全生产执法密码十字", "password", &e), ZF_EINVAL);
  assert_non_null(strstr(e.message, "三类"));
  assert_int_equal(auth_password_rule("li", "abcdefghijkl", "password", &e), ZF_EINVAL);
  assert_int_equal(auth_password_rule("li", "long-enough-pw", "password", &e), ZF_EINVAL);
  assert_int_equal(auth_password_rule("li", "Long-enough-pw", "password", &e), ZF_OK);
  /* the shipped demo and test passwords pass */
  assert_int_equal(auth_password_rule("admin", "zhifa-demo-2026", "password", &e), ZF_OK);
  assert_int_equal(auth_password_rule("admin", "demo-pass-2026", "password", &e), ZF_OK);
  assert_int_equal(auth_password_rule("admin", TEST_PASSWORD, "password", &e), ZF_OK);
  /* common passwords are refused, whatever their case */
  assert_int_equal(auth_password_rule("li", "P@ssw0rd123", "new_password", &e), ZF_EINVAL);
  assert_string_equal(e.field, "new_password");
  assert_non_null(strstr(e.message, "常见"));
  assert_int_equal(auth_password_rule("li", "ADMIN@123456", "password", &e), ZF_EINVAL);
  assert_true(auth_password_common("1qaz@WSX3edc"));
  assert_false(auth_password_common("zhifa-demo-2026"));
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

/* Failures counted for an account. */
static int64_t failures_of(zf_db *pDb, const char *zUser){
  char zSql[160];
  snprintf(zSql, sizeof zSql, "SELECT count(*) FROM login_failure WHERE key='u:%s'", zUser);
  return test_int(pDb, zSql);
}

static void test_throttle(void **state){
  zf_db *pDb = test_db(1);
  char zToken[64];
  int64_t wait, expect, n;
  int i;
  (void)state;
  auth_config.loginMaxFailures = 5;
  auth_config.loginWindow = 900;
  for(i=0; i<5; i++){
    assert_int_equal(login(pDb, "officer1", "wrong-password", "10.0.0.1", zToken, &wait), ZF_ELOGIN);
  }
  /* the account: a 2 s backoff from anywhere, not a 15-minute lock (the
  ** wall clock may tick during a password check: a second less) */
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.2", zToken, &wait), ZF_ETHROTTLE);
  assert_in_range(wait, 1, 2);
  /* the address: blocked from officer1 for the window … */
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_ETHROTTLE);
  assert_in_range(wait, 898, 900);
  /* … but another account logs in from it with the right password */
  assert_int_equal(login(pDb, "officer2", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_OK);
  /* every further counted failure doubles the backoff, up to AUTH_BACKOFF_CAP */
  for(i=0, expect=2; i<7; i++){
    char zAddr[24];
    snprintf(zAddr, sizeof zAddr, "10.0.1.%d", 10 + i);   /* a fresh address each time */
    clock_advance(expect);
    assert_int_equal(login(pDb, "officer1", "wrong-password", zAddr, zToken, &wait), ZF_ELOGIN);
    expect = expect*2 > AUTH_BACKOFF_CAP ? AUTH_BACKOFF_CAP : expect*2;
    n = failures_of(pDb, "officer1");
    /* attempts inside the backoff are refused and not counted */
    assert_int_equal(login(pDb, "officer1", "wrong-password", "10.0.1.2", zToken, &wait), ZF_ETHROTTLE);
    assert_in_range(wait, expect - 1, expect);
    assert_int_equal(failures_of(pDb, "officer1"), n);
  }
  assert_int_equal(expect, AUTH_BACKOFF_CAP);
  /* after the capped wait the owner gets in from its own address */
  clock_advance(AUTH_BACKOFF_CAP);
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.3", zToken, &wait), ZF_OK);
  assert_int_equal(failures_of(pDb, "officer1"), 0);   /* a success clears them */
  /* the first address is still kept from officer1 until its failures leave the window */
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_ETHROTTLE);
  clock_advance(901);
  assert_int_equal(login(pDb, "officer1", TEST_PASSWORD, "10.0.0.1", zToken, &wait), ZF_OK);
  /* unknown accounts fail the same way */
  assert_int_equal(login(pDb, "nobody", "whatever-password", "10.0.0.9", zToken, &wait), ZF_ELOGIN);
  db_close(pDb);
}

/* The old password of a password change: same throttle as a login. */
static void test_password_verify(void **state){
  zf_db *pDb = test_db(1);
  zf_who who;
  zf_error e = {0};
  char zToken[64];
  int64_t wait;
  int i;
  (void)state;
  auth_config.loginMaxFailures = 5;
  auth_config.loginWindow = 900;
  assert_int_equal(auth_login(pDb, "brigade", TEST_PASSWORD, "10.3.0.1", zToken, &who, &wait, &e), ZF_OK);
  assert_int_equal(auth_password_verify(pDb, &who, TEST_PASSWORD, "10.3.0.1", "old_password", &wait, &e), ZF_OK);
  for(i=0; i<5; i++){
    assert_int_equal(auth_password_verify(pDb, &who, "Guess-number-1", "10.3.0.1", "old_password", &wait, &e),
                     ZF_EINVAL);
    assert_string_equal(e.field, "old_password");
  }
  assert_int_equal(auth_password_verify(pDb, &who, TEST_PASSWORD, "10.3.0.1", "old_password", &wait, &e),
                   ZF_ETHROTTLE);
  assert_true(wait>0);
  /* it is the account's login backoff too */
  assert_int_equal(login(pDb, "brigade", TEST_PASSWORD, "10.3.0.2", zToken, &wait), ZF_ETHROTTLE);
  clock_advance(2);
  assert_int_equal(login(pDb, "brigade", TEST_PASSWORD, "10.3.0.2", zToken, &wait), ZF_OK);
  db_close(pDb);
}

/* The security log counts per minute, kind, account, client and route. */
static void test_seclog(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  auth_seclog(pDb, "forbidden", "officer1", "10.4.0.1", "GET", "/api/v1/users");
  auth_seclog(pDb, "forbidden", "officer1", "10.4.0.1", "GET", "/api/v1/users");
  auth_seclog(pDb, "unauthenticated", 0, "10.4.0.2", "GET", "/api/v1/me");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM security_event"), 2);
  assert_int_equal(test_int(pDb, "SELECT count FROM security_event WHERE kind='forbidden'"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM security_event WHERE kind='unauthenticated'"
                                 " AND account=''"), 1);
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
    cmocka_unit_test(test_separation),
    cmocka_unit_test(test_password_rules),
    cmocka_unit_test(test_throttle),
    cmocka_unit_test(test_password_verify),
    cmocka_unit_test(test_seclog),
    cmocka_unit_test(test_sessions),
    cmocka_unit_test(test_scope),
  };
  return cmocka_run_group_tests_name("auth", tests, 0, 0);
}
