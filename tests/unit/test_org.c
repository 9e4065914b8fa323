/*
** test_org.c — organisation rules (src/org.c, src/org_power.c): calendar
** dates, unit validation naming the field and scope, grants to streets
** (dates, overlap, non-street units) and org_street_may() answering with
** the reason: not granted, not yet, ended, revoked (from its date), outside
** the area; nothing half-written by a refusal; audit entries.
*/
#include "testutil.h"
#include "core/text.h"
#include "core/calendar.h"
#include "account.h"
#include "core/audit.h"
#include "org.h"
#include "region.h"

static int64_t unit_id(zf_db *pDb, const char *zName){
  char zSql[200];
  snprintf(zSql, sizeof zSql, "SELECT id FROM unit WHERE name='%s'", zName);
  return test_int(pDb, zSql);
}

static void test_dates(void **state){
  zf_error e = {0};
  char z[11];
  (void)state;
  assert_int_equal(calendar_parse_date("2024-02-29", "d", 0, &e), ZF_OK);
  assert_int_equal(calendar_parse_date("2026-02-29", "d", 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "d");
  assert_int_equal(calendar_parse_date("2026-1-01", "d", 0, &e), ZF_EINVAL);
  assert_int_equal(calendar_parse_date("2026-13-01", "d", 0, &e), ZF_EINVAL);
  assert_int_equal(calendar_parse_date(0, "d", 0, &e), ZF_EINVAL);
  calendar_days_add("2026-12-31", 1, z, 0);
  assert_string_equal(z, "2027-01-01");
  calendar_days_add("2024-03-01", -1, z, 0);
  assert_string_equal(z, "2024-02-29");
  calendar_days_add("2026-11-29", 60, z, 0);
  assert_string_equal(z, "2027-01-28");
  assert_int_equal(calendar_days_between("2026-01-01", "2027-01-01"), 365);
  assert_int_equal(calendar_days_between("2027-01-01", "2026-12-01"), -31);
  calendar_today(z);
  assert_int_equal(calendar_parse_date(z, "today", 0, &e), ZF_OK);
  /* an instant stored in UTC falls on the Beijing (UTC+8) day: 19:24Z on
  ** 4 December is 03:24 on 5 December (the bug: the UTC date was taken,
  ** and an inspection of the 5th could not start at 3 a.m.) */
  calendar_local_date("2026-12-04T19:24:06Z", z);
  assert_string_equal(z, "2026-12-05");
  calendar_local_date("2026-12-04T15:59:59Z", z);
  assert_string_equal(z, "2026-12-04");
  calendar_local_date("2026-12-31T16:00:00Z", z);
  assert_string_equal(z, "2027-01-01");
  calendar_local_date("2026-12-04", z);
  assert_string_equal(z, "");
  assert_int_equal(text_phone_check("0791-85201234", "phone", &e), ZF_OK);
  assert_int_equal(text_phone_check("12ab", "phone", &e), ZF_EINVAL);
  assert_string_equal(e.field, "phone");
}

static void test_unit_rules(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  zf_who street;
  int64_t id, acct, n0 = test_int(pDb, "SELECT count(*) FROM unit");
  org_unit_new u = {"测试中队", "squad", "360104", 0, "TEST-01", "测", "0791-1234567", "测试地址"};
  (void)state;
  u.parentId = unit_id(pDb, "青云谱区应急管理综合行政执法大队");
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_OK);
  /* same name in the same region, same code: 409 naming the field */
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "code");
  u.zCode = 0;
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "name");
  u.zName = "另一中队"; u.zKind = "platoon";
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "kind");
  /* a street office needs a township-level region */
  u.zKind = "street";
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "region");
  u.zKind = "squad"; u.zRegion = "999999";
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "region");
  u.zRegion = "360104"; u.zShortName = "太长的简称超过八个字符";
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "short_name");
  u.zShortName = 0; u.parentId = 987654;
  assert_int_equal(org_unit_create(pDb, 0, &u, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "parent_id");
  /* a street account creates only inside its own area */
  assert_int_equal(account_find(pDb, "street1", &acct), ZF_OK);
  assert_int_equal(auth_load_account(pDb, acct, &street), ZF_OK);
  u.parentId = 0; u.zName = "洪都街道应急站"; u.zKind = "department"; u.zRegion = "360104006";
  assert_int_equal(org_unit_create(pDb, &street, &u, &id, &e), ZF_ESCOPE);
  assert_string_equal(e.field, "region");
  u.zRegion = "360104002";
  assert_int_equal(org_unit_create(pDb, &street, &u, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit"), n0 + 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='unit.create'"), 2);
  db_close(pDb);
}

static void test_grants(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t street = unit_id(pDb, "京山街道办事处"), bureau = unit_id(pDb, "青云谱区应急管理局"), pid, pid2;
  int64_t n0 = test_int(pDb, "SELECT count(*) FROM unit_power");
  org_power_new p = {"T-ITEM-1", "grant", "2026-01-01", "2026-12-31", "青府发〔2026〕1号", 0};
  (void)state;
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid, &e), ZF_OK);
  /* overlapping grant of the same item: 409 */
  p.zValidFrom = "2026-06-01"; p.zValidTo = 0;
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "item_code");
  /* after it ends: fine */
  p.zValidFrom = "2027-01-01";
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_OK);
  /* dates out of order name valid_to */
  p.zItemCode = "T-ITEM-2"; p.zValidFrom = "2026-05-01"; p.zValidTo = "2026-04-30";
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "valid_to");
  p.zValidTo = 0; p.zKind = "lend";
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "kind");
  p.zKind = "entrust"; p.zDocument = "";
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "document");
  p.zDocument = "x"; p.zItemCode = "has space";
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "item_code");
  /* not for district units */
  p.zItemCode = "T-ITEM-2";
  assert_int_equal(org_power_add(pDb, "admin", bureau, &p, &pid2, &e), ZF_EPROCEDURE);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit_power"), n0 + 2);
  /* revocation: once, with a reason, audited */
  assert_int_equal(org_power_revoke(pDb, "admin", street, pid, "2026-07-01", "", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(org_power_revoke(pDb, "admin", street, pid, "2026-07-01", "职责调整", &e), ZF_OK);
  assert_int_equal(org_power_revoke(pDb, "admin", street, pid, "2026-08-01", "再次", &e), ZF_ECONFLICT);
  assert_int_equal(org_power_revoke(pDb, "admin", bureau, pid, 0, "别的单位", &e), ZF_ENOTFOUND);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='unit_power.revoke' AND entity='unit'"),
                   test_int(pDb, "SELECT count(*) FROM unit_power WHERE revoked_from IS NOT NULL"));
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit_power WHERE revoked_from='2026-07-01'"), 1);
  db_close(pDb);
}

static void test_street_may(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t street = unit_id(pDb, "京山街道办事处"), bureau = unit_id(pDb, "青云谱区应急管理局"), pid;
  org_power_new p = {"T-ITEM-9", "entrust", "2026-03-01", "2026-10-31", "青应急〔2026〕9号", 0};
  (void)state;
  assert_int_equal(org_power_add(pDb, "admin", street, &p, &pid, &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-05-01", &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, street, "360104006", "T-ITEM-9", "2026-05-01", &e), ZF_OK);
  /* another item: refused naming the item */
  assert_int_equal(org_street_may(pDb, street, 0, "T-OTHER", "2026-05-01", &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "T-OTHER"));
  assert_non_null(strstr(e.message, "未获授权或委托"));
  /* before and after the period */
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-02-28", &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "2026-03-01"));
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-11-01", &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "2026-10-31"));
  /* outside the street's area */
  assert_int_equal(org_street_may(pDb, street, "360104002", "T-ITEM-9", "2026-05-01", &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "辖区"));
  /* revoked from 2026-06-01: before still covered, from then refused */
  assert_int_equal(org_power_revoke(pDb, "admin", street, pid, "2026-06-01", "收回委托", &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-05-31", &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-06-01", &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "撤销"));
  assert_non_null(strstr(e.message, "收回委托"));
  /* district units act on the law directly; bad input */
  assert_int_equal(org_street_may(pDb, bureau, 0, "T-ITEM-9", "2026-06-01", &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, street, 0, "T-ITEM-9", "2026-6-1", &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  assert_int_equal(org_street_may(pDb, 999999, 0, "T-ITEM-9", "2026-06-01", &e), ZF_ENOTFOUND);
  /* by region: the street covering 360104006 */
  assert_int_equal(org_street_may_region(pDb, "360104006", "T-ITEM-9", "2026-05-01", &e), ZF_OK);
  assert_int_equal(org_street_may_region(pDb, "360104006", "T-ITEM-9", "2026-07-01", &e), ZF_EPROCEDURE);
  assert_int_equal(org_street_may_region(pDb, "360102", "T-ITEM-9", "2026-07-01", &e), ZF_ENOTFOUND);
  db_close(pDb);
}

static void test_demo_grants(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  char zToday[11];
  (void)state;
  calendar_today(zToday);
  /* 洪都 holds grants in force, one revoked; 青云谱镇's grant has ended */
  assert_true(test_int(pDb, "SELECT count(*) FROM unit_power p JOIN unit u ON u.id=p.unit_id"
                            " WHERE u.name='洪都街道办事处' AND p.revoked_from IS NULL") >= 3);
  assert_int_equal(org_street_may(pDb, unit_id(pDb, "洪都街道办事处"), 0, 0, zToday, &e), ZF_OK);
  assert_int_equal(org_street_may(pDb, unit_id(pDb, "青云谱镇人民政府"), 0, 0, zToday, &e), ZF_EPROCEDURE);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM unit WHERE short_name='青'"), 2);
  db_close(pDb);
}

/* The region code audit entries carry: the last segment of a path. */
static void test_region_code_of_path(void **state){
  char z[16];
  (void)state;
  region_code_of_path("/360000/360100/360104/", z, sizeof z);
  assert_string_equal(z, "360104");
  region_code_of_path("/360000/360100/360104/360104002/", z, sizeof z);
  assert_string_equal(z, "360104002");
  region_code_of_path("/360000", z, sizeof z);
  assert_string_equal(z, "360000");
  region_code_of_path("/", z, sizeof z);
  assert_string_equal(z, "");
  region_code_of_path("", z, sizeof z);
  assert_string_equal(z, "");
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_unit_rules),
    cmocka_unit_test(test_grants),
    cmocka_unit_test(test_street_may),
    cmocka_unit_test(test_demo_grants),
    cmocka_unit_test(test_region_code_of_path),
  };
  return cmocka_run_group_tests_name("org", tests, 0, 0);
}
