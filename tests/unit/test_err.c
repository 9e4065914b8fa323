/*
** test_err.c — the error table: every code has a status, a code string and
** a Chinese message; statuses are 4xx except internal/busy.
*/
#include "testutil.h"
#include "core/json.h"

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

/* Truncated or invalid UTF-8 never reaches a client (fuzzer finding). */
static void test_utf8_clean(void **state){
  zf_error e;
  char z[32];
  (void)state;
  strcpy(z, "中文\xe4\xb8"); err_utf8_clean(z);          /* cut mid-character */
  assert_string_equal(z, "中文");
  strcpy(z, "a\xff" "b\xc0\xaf" "c"); err_utf8_clean(z);       /* stray and overlong bytes */
  assert_string_equal(z, "a?b??c");
  strcpy(z, "\xed\xa0\x80" "x"); err_utf8_clean(z);         /* surrogate */
  assert_string_equal(z, "???x");
  /* err_set cuts a long Chinese message at a character boundary */
  err_set(&e, ZF_EINVAL, "字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段字段",
          "%s", "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中");
  assert_true(json_utf8_valid(e.message, strlen(e.message)));
  assert_true(json_utf8_valid(e.field, strlen(e.field)));
  assert_int_equal(strlen(e.field) % 3, 0);
}

/* Messages name fields by their Chinese labels: an API name in full-width
** brackets is dropped; the field member keeps it (issue 10, bug 6). */
static void test_api_names_dropped(void **state){
  zf_error e;
  char z[128];
  (void)state;
  err_set(&e, ZF_EMISSING, "approval_document", "请填写%s（%s）", "批准文号", "approval_document");
  assert_string_equal(e.message, "请填写批准文号");
  assert_string_equal(e.field, "approval_document");
  err_set(&e, ZF_EINVAL, "valid_to", "有效期至（valid_to）%s 早于有效期起（valid_from）%s", "2026-04-30", "2026-05-01");
  assert_string_equal(e.message, "有效期至2026-04-30 早于有效期起2026-05-01");
  /* Chinese, dates, codes and unclosed brackets stay */
  strcpy(z, "企业（京山街道）于（2026-01-02）登记（91360104MA35X）（abc"); err_drop_api_names(z);
  assert_string_equal(z, "企业（京山街道）于（2026-01-02）登记（91360104MA35X）（abc");
  strcpy(z, "（entries.month）（a_b）x（）"); err_drop_api_names(z);
  assert_string_equal(z, "x（）");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table),
    cmocka_unit_test(test_set),
    cmocka_unit_test(test_utf8_clean),
    cmocka_unit_test(test_api_names_dropped),
  };
  return cmocka_run_group_tests_name("err", tests, 0, 0);
}
