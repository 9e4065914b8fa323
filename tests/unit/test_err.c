/*
** test_err.c — the error table: every code has a status, a code string and
** a Chinese message; statuses are 4xx except internal/busy.
*/
#include "testutil.h"

static void test_table(void **state){
  int rc;
  (void)state;
  for(rc=1; rc<ZF_NERR; rc++){
    assert_non_null(err_code(rc));
    assert_true(strlen(err_message(rc))>0);
    if( rc==ZF_EINTERNAL ) assert_int_equal(err_status(rc), 500);
    else if( rc==ZF_EBUSY ) assert_int_equal(err_status(rc), 503);
    else assert_in_range(err_status(rc), 400, 499);
  }
  assert_int_equal(err_status(ZF_ETOOLARGE), 413);
  assert_string_equal(err_code(ZF_ECSRF), "csrf");
  assert_int_equal(err_status(9999), 500);
}

static void test_set(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(err_set(&e, ZF_EINVAL, "uscc", "统一社会信用代码 %s 无效", "X"), ZF_EINVAL);
  assert_string_equal(e.field, "uscc");
  assert_string_equal(e.message, "统一社会信用代码 X 无效");
  assert_int_equal(err_set(0, ZF_EAUTH, 0, 0), ZF_EAUTH);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table),
    cmocka_unit_test(test_set),
  };
  return cmocka_run_group_tests_name("err", tests, 0, 0);
}
