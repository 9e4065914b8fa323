/*
** test_json.c — request-body parsing and checking (core/json.c).
*/
#include "testutil.h"
#include "core/json.h"

static const json_field aField[] = {
  {"name", JF_STRING, JF_REQUIRED, 2, 5, "名称", 0},
  {"n", JF_INT, 0, 1, 10, "数量", 0},
  {"on", JF_BOOL, 0, 0, 0, "开关", 0},
  {"tags", JF_STRINGS, 0, 1, 2, "标签", 0},
  {"note", JF_STRING, JF_NULLABLE, 0, 0, "备注", 0},
  {0}
};

static int check(const char *zBody, zf_error *e){
  json_t *p = 0;
  int rc;
  memset(e, 0, sizeof *e);
  rc = json_parse_body(zBody, strlen(zBody), &p, e);
  if( rc==ZF_OK ) rc = json_check(p, aField, e);
  json_decref(p);
  return rc;
}

static void test_valid(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(check("{\"name\":\"安全\",\"n\":3,\"on\":true,\"tags\":[\"a\"],\"note\":null}", &e), ZF_OK);
}

static void test_malformed(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(check("{\"name\":", &e), ZF_EJSON);
  assert_int_equal(check("[1,2]", &e), ZF_EJSON);
  assert_int_equal(check("\"str\"", &e), ZF_EJSON);
  assert_int_equal(check("", &e), ZF_EJSON);
  assert_int_equal(check("{\"name\":\"ab\",\"name\":\"cd\"}", &e), ZF_EJSON);
}

static void test_utf8(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(check("{\"name\":\"\xff\xfe\"}", &e), ZF_EUTF8);
  assert_true(json_utf8_valid("安全生产", strlen("安全生产")));
  assert_false(json_utf8_valid("\xc0\xaf", 2));          /* overlong */
  assert_false(json_utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
  assert_false(json_utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
  assert_int_equal(json_utf8_len("安全ab"), 4);
}

static void test_fields(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(check("{\"n\":1}", &e), ZF_EMISSING);
  assert_string_equal(e.field, "name");
  assert_non_null(strstr(e.message, "名称"));
  assert_int_equal(check("{\"name\":\"abc\",\"zz\":1}", &e), ZF_EUNKNOWN);
  assert_string_equal(e.field, "zz");
  assert_int_equal(check("{\"name\":12}", &e), ZF_ETYPE);
  assert_string_equal(e.field, "name");
  assert_int_equal(check("{\"name\":\"abc\",\"n\":\"3\"}", &e), ZF_ETYPE);
  assert_string_equal(e.field, "n");
  assert_int_equal(check("{\"name\":\"abc\",\"tags\":[1]}", &e), ZF_ETYPE);
  assert_int_equal(check("{\"name\":\"abc\",\"on\":null}", &e), ZF_ETYPE);
}

static void test_bounds(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(check("{\"name\":\"a\"}", &e), ZF_EINVAL);
  assert_int_equal(check("{\"name\":\"安全生产执法\"}", &e), ZF_EINVAL);   /* 6 chars > 5 */
  assert_int_equal(check("{\"name\":\"安全生产执\"}", &e), ZF_OK);         /* 5 chars, 15 bytes */
  assert_int_equal(check("{\"name\":\"abc\",\"n\":11}", &e), ZF_EINVAL);
  assert_string_equal(e.field, "n");
  assert_int_equal(check("{\"name\":\"abc\",\"tags\":[]}", &e), ZF_EINVAL);
  assert_int_equal(check("{\"name\":\"abc\",\"tags\":[\"a\",\"b\",\"c\"]}", &e), ZF_EINVAL);
  assert_int_equal(check("{\"name\":\"a\\u0000b\"}", &e), ZF_EINVAL);  /* NUL refused, naming the field */
  assert_string_equal(e.field, "name");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid),
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_utf8),
    cmocka_unit_test(test_fields),
    cmocka_unit_test(test_bounds),
  };
  return cmocka_run_group_tests_name("json", tests, 0, 0);
}
