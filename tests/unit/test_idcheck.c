/*
** test_idcheck.c — GB 32100 credit codes and GB 11643 identity numbers:
** published codes pass, any single changed character is refused.
*/
#include "testutil.h"
#include "core/idcheck.h"

/* Credit codes published on the companies' own licences / reports. */
static const char *azReal[] = {
  "914403001922038216",   /* 华为技术有限公司 */
  "91440300708461136T",   /* 深圳市腾讯计算机系统有限公司 */
  "91330100799655058B",   /* 阿里巴巴（中国）有限公司 */
  0
};

static void test_uscc_real(void **state){
  zf_error e;
  int i;
  (void)state;
  for(i=0; azReal[i]; i++){
    if( idcheck_uscc(azReal[i], "uscc", &e)!=ZF_OK ) fail_msg("%s refused: %s", azReal[i], e.message);
  }
}

static void test_uscc_one_change(void **state){
  static const char zChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  zf_error e;
  int i, k, j;
  (void)state;
  for(i=0; azReal[i]; i++){
    for(k=0; k<18; k++){
      for(j=0; zChars[j]; j++){
        char z[19];
        strcpy(z, azReal[i]);
        if( z[k]==zChars[j] ) continue;
        z[k] = zChars[j];
        if( idcheck_uscc(z, "uscc", &e)==ZF_OK ) fail_msg("%s accepted (changed position %d)", z, k+1);
        assert_string_equal(e.field, "uscc");
        assert_true(strlen(e.message)>0);
      }
    }
  }
}

static void test_uscc_shape(void **state){
  zf_error e;
  (void)state;
  assert_int_equal(idcheck_uscc("91440300708461136", "uscc", &e), ZF_EINVAL);
  assert_non_null(strstr(e.message, "18"));
  assert_int_equal(idcheck_uscc("91440300708461136t", "uscc", &e), ZF_EINVAL);   /* lower case */
  assert_int_equal(idcheck_uscc("9144030070846113IT", "uscc", &e), ZF_EINVAL);   /* I not allowed */
  assert_int_equal(idcheck_uscc(0, "uscc", &e), ZF_EINVAL);
  assert_int_equal(idcheck_uscc_check("91440300708461136"), 'T');
}

static void test_idcard(void **state){
  zf_error e;
  char z[19], zMask[24];
  (void)state;
  /* the sample number printed in GB 11643-1999 */
  assert_int_equal(idcheck_idcard("11010519491231002X", "id_number", &e), ZF_OK);
  assert_int_equal(idcheck_idcard("11010519491231002x", "id_number", &e), ZF_OK);
  assert_int_equal(idcheck_idcard("110105194912310021", "id_number", &e), ZF_EINVAL);
  assert_string_equal(e.field, "id_number");
  assert_int_equal(idcheck_idcard("110105194902300027", "id_number", &e), ZF_EINVAL);  /* 2 Feb 30 */
  assert_non_null(strstr(e.message, "出生日期"));
  assert_int_equal(idcheck_idcard("3601041990022910", "id_number", &e), ZF_EINVAL);   /* 16 chars */
  snprintf(z, sizeof z, "36010419900229101");                                         /* 1990 not leap */
  z[17] = idcheck_idcard_check(z); z[18] = 0;
  assert_int_equal(idcheck_idcard(z, "id_number", &e), ZF_EINVAL);
  assert_int_equal(idcheck_idcard_check("11010519491231002"), 'X');
  idcheck_mask("11010519491231002X", zMask, sizeof zMask);
  assert_string_equal(zMask, "1101**********002X");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_uscc_real),
    cmocka_unit_test(test_uscc_one_change),
    cmocka_unit_test(test_uscc_shape),
    cmocka_unit_test(test_idcard),
  };
  return cmocka_run_group_tests_name("idcheck", tests, 0, 0);
}
