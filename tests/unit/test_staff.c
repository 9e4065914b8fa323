/*
** test_staff.c — staff rules (src/staff.c, src/staff_record.c): identity
** numbers checked by GB 11643 on create, certificate dates refused naming
** valid_to, THE eligibility function (expired with the date, assistant,
** conflict, suspended on a date, left, street grants before and after
** revocation, a valid officer), the professional flag and ratio, expiry
** warnings, masking, and nothing half-written by a refusal.
*/
#include "testutil.h"
#include "core/calendar.h"
#include "account.h"
#include "core/idcheck.h"
#include "org.h"
#include "staff.h"

static int64_t unit_id(zf_db *pDb, const char *zName){
  char zSql[200];
  snprintf(zSql, sizeof zSql, "SELECT id FROM unit WHERE name='%s'", zName);
  return test_int(pDb, zSql);
}

/* A valid identity number for sequence n (born 1990-01-01). */
static void make_id(int n, char z[19]){
  snprintf(z, 19, "36010419900101%03d", n);
  z[17] = idcheck_idcard_check(z);
  z[18] = 0;
}

/* Creates a person of zKind in zUnit with an optional certificate. */
static int64_t person(zf_db *pDb, const char *zUnit, const char *zKind, int n, const char *zFrom,
                      const char *zTo){
  staff_person_new np;
  staff_cert_new c;
  char zId[19], zNo[20];
  zf_error e = {0};
  int64_t id = 0;
  memset(&np, 0, sizeof np);
  make_id(n, zId);
  np.unitId = unit_id(pDb, zUnit);
  np.zKind = zKind;
  np.zName = "测试人员";
  np.zIdNumber = zId;
  if( strcmp(zKind, "expert")==0 ) np.zExpertField = "危化";
  if( zFrom ){
    snprintf(zNo, sizeof zNo, "T%05d", n);
    c.zNumber = zNo; c.zIssuer = "江西省人民政府"; c.zValidFrom = zFrom; c.zValidTo = zTo;
    np.pCert = &c;
  }
  if( staff_person_create(pDb, 0, &np, &id, &e) ) fail_msg("create: %s (%s)", e.message, e.field);
  return id;
}

static void test_create_checks(void **state){
  zf_db *pDb = test_db(1);
  staff_person_new np;
  staff_cert_new c = {"C-1", "江西省人民政府", "2026-05-01", "2026-04-30"};
  zf_error e = {0};
  char zId[19], zBad[19];
  int64_t id, n0 = test_int(pDb, "SELECT count(*) FROM person");
  (void)state;
  memset(&np, 0, sizeof np);
  make_id(501, zId);
  snprintf(zBad, sizeof zBad, "%s", zId);
  zBad[17] = zBad[17]=='0' ? '1' : '0';          /* one character changed */
  np.unitId = unit_id(pDb, "执法一中队");
  np.zKind = "officer"; np.zName = "钱七"; np.zIdNumber = zBad;
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "id_number");
  assert_non_null(strstr(e.message, "校验位"));
  np.zIdNumber = "3601041990010150";
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "id_number");
  /* a certificate whose valid_to is before valid_from: nothing written */
  np.zIdNumber = zId;
  np.pCert = &c;
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "certificate.valid_to");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person"), n0);
  c.zValidTo = "2031-04-30";
  np.zKind = "captain";
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "kind");
  np.zKind = "officer"; np.zPhone = "call me";
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "phone");
  np.zPhone = "13907910001"; np.zUsername = "nobody-here";
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "username");
  np.zUsername = "officer1";                      /* already linked to 李明 */
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "username");
  np.zUsername = 0; np.zExpertField = "危化";      /* expert fields for an officer */
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "expert_field");
  np.zExpertField = 0;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person"), n0);
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM certificate WHERE number='C-1'"), 1);
  /* the same identity number again: 409; lower-case x is the same number as X */
  np.pCert = 0;
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "id_number");
  for(int n=100; n<999; n++){
    snprintf(zId, sizeof zId, "36010419850505%03d", n % 1000);
    if( idcheck_idcard_check(zId)=='X' ) break;
  }
  zId[17] = 'x'; zId[18] = 0;
  np.zIdNumber = zId;
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person WHERE id_number LIKE '%X'"
                                 " AND id_number LIKE '36010419850505%'"), 1);
  zId[17] = 'X';
  assert_int_equal(staff_person_create(pDb, 0, &np, &id, &e), ZF_ECONFLICT);
  db_close(pDb);
}

static void test_duplicates_and_cert_dates(void **state){
  zf_db *pDb = test_db(1);
  staff_cert_new c = {"D-1", "江西省人民政府", "2026-01-01", "2025-12-31"};
  zf_error e = {0};
  int64_t p = person(pDb, "执法一中队", "officer", 601, 0, 0), certId;
  staff_person_new np;
  char zId[19];
  (void)state;
  /* valid_to before valid_from: refused naming valid_to */
  assert_int_equal(staff_cert_add(pDb, "t", p, &c, &certId, &e), ZF_EINVAL);
  assert_string_equal(e.field, "valid_to");
  assert_non_null(strstr(e.message, "2025-12-31"));
  c.zValidTo = "2026-13-01";
  assert_int_equal(staff_cert_add(pDb, "t", p, &c, &certId, &e), ZF_EINVAL);
  assert_string_equal(e.field, "valid_to");
  c.zValidTo = "2030-12-31";
  assert_int_equal(staff_cert_add(pDb, "t", p, &c, &certId, &e), ZF_OK);
  assert_int_equal(staff_cert_add(pDb, "t", p, &c, &certId, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "number");
  /* the same identity number twice */
  memset(&np, 0, sizeof np);
  make_id(601, zId);
  np.unitId = unit_id(pDb, "执法二中队"); np.zKind = "officer"; np.zName = "重号"; np.zIdNumber = zId;
  assert_int_equal(staff_person_create(pDb, 0, &np, &certId, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "id_number");
  db_close(pDb);
}

static void test_may_enforce(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t valid = person(pDb, "执法一中队", "officer", 701, "2024-01-01", "2028-12-31");
  int64_t expired = person(pDb, "执法一中队", "officer", 702, "2020-01-01", "2025-03-31");
  int64_t assistant = person(pDb, "执法一中队", "assistant", 703, 0, 0);
  int64_t none = person(pDb, "执法一中队", "officer", 704, 0, 0);
  int64_t later = person(pDb, "执法一中队", "officer", 705, "2027-01-01", "2031-12-31");
  int64_t expert = person(pDb, "青云谱区应急管理局", "expert", 706, 0, 0), cid;
  staff_conflict_new c = {4242, "91360100MA35TEST00", "测试化工有限公司", "配偶任该企业安全员", "2026-01-01", "2026-12-31"};
  (void)state;
  assert_int_equal(staff_may_enforce(pDb, valid, "2026-06-01", 0, 0, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, valid, "2026-06-01", "ANY-ITEM", 4242, &e), ZF_OK);
  /* expired: refused with the date */
  assert_int_equal(staff_may_enforce(pDb, expired, "2026-06-01", 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "2025-03-31"));
  assert_non_null(strstr(e.message, "到期"));
  assert_int_equal(staff_may_enforce(pDb, expired, "2025-03-31", 0, 0, &e), ZF_OK);  /* last day counts */
  /* assistant, expert, no certificate, not yet valid */
  assert_int_equal(staff_may_enforce(pDb, assistant, "2026-06-01", 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "安监员"));
  assert_int_equal(staff_may_enforce(pDb, expert, "2026-06-01", 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "专家"));
  assert_int_equal(staff_may_enforce(pDb, none, "2026-06-01", 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "未取得执法证"));
  assert_int_equal(staff_may_enforce(pDb, later, "2026-06-01", 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "2027-01-01"));
  /* a conflict with the enterprise: refused (回避) only for that one, in its period */
  c.zUscc = 0;
  assert_int_equal(staff_conflict_add(pDb, "t", valid, &c, &cid, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, valid, "2026-06-01", 0, 4242, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "回避"));
  assert_non_null(strstr(e.message, "测试化工有限公司"));
  assert_int_equal(staff_may_enforce(pDb, valid, "2026-06-01", 0, 4243, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, valid, "2027-01-02", 0, 4242, &e), ZF_OK);
  /* voided (recorded in error): no longer refused */
  assert_int_equal(staff_record_void(pDb, "t", "conflict", cid, "登记错误", &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, valid, "2026-06-01", 0, 4242, &e), ZF_OK);
  assert_int_equal(staff_record_void(pDb, "t", "conflict", cid, "再次", &e), ZF_ECONFLICT);
  /* bad input */
  assert_int_equal(staff_may_enforce(pDb, valid, "June 1", 0, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  assert_int_equal(staff_may_enforce(pDb, 999999, "2026-06-01", 0, 0, &e), ZF_ENOTFOUND);
  db_close(pDb);
}

static void test_status_history_and_reasons(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  char zToday[11], zPast[11];
  int64_t p = person(pDb, "执法二中队", "officer", 801, "2024-01-01", "2030-12-31");
  int64_t certId = test_int(pDb, "SELECT max(id) FROM certificate");
  json_t *pReasons = 0;
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, -10, zPast, 0);
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "suspended", zPast, "", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "suspended", "2099-01-01", "未来", &e), ZF_EINVAL);
  assert_string_equal(e.field, "date");
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "lost", zPast, "x", &e), ZF_EINVAL);
  assert_string_equal(e.field, "status");
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "suspended", zPast, "违纪调查", &e), ZF_OK);
  /* refused from the suspension on, fine before it */
  assert_int_equal(staff_may_enforce(pDb, p, zToday, 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "暂扣"));
  assert_non_null(strstr(e.message, zPast));
  assert_int_equal(staff_may_enforce(pDb, p, "2025-06-01", 0, 0, &e), ZF_OK);
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "valid", zToday, "调查结束", &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, p, zToday, 0, 0, &e), ZF_OK);
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "revoked", zToday, "吊销", &e), ZF_OK);
  assert_int_equal(staff_cert_set_status(pDb, "t", certId, "valid", zToday, "恢复", &e), ZF_ECONFLICT);
  assert_int_equal(staff_may_enforce(pDb, p, zToday, 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "吊销"));
  /* left the service: both reasons reported, the C function names the first */
  assert_int_equal(db_exec(pDb, "UPDATE person SET status='left', left_on='2026-01-01', left_reason='调离' WHERE id=?",
                           "i", p), ZF_OK);
  assert_int_equal(staff_eligibility(pDb, p, zToday, 0, 0, &pReasons, &e), ZF_OK);
  assert_int_equal(json_array_size(pReasons), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(pReasons, 0), "code")), "not_in_service");
  assert_string_equal(json_string_value(json_object_get(json_array_get(pReasons, 1), "code")), "certificate_revoked");
  json_decref(pReasons);
  assert_int_equal(staff_may_enforce(pDb, p, zToday, 0, 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "离岗"));
  db_close(pDb);
}

static void test_street_officer(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t street = unit_id(pDb, "京山街道办事处"), pid;
  int64_t p = person(pDb, "京山街道办事处", "officer", 901, "2024-01-01", "2030-12-31");
  org_power_new g = {"S-ITEM-1", "grant", "2025-01-01", 0, "青府发〔2025〕3号", 0};
  (void)state;
  assert_int_equal(org_power_add(pDb, "admin", street, &g, &pid, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, p, "2026-03-01", "S-ITEM-1", 0, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, p, "2026-03-01", "S-ITEM-2", 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "S-ITEM-2"));
  assert_int_equal(staff_may_enforce(pDb, p, "2024-12-31", "S-ITEM-1", 0, &e), ZF_EPROCEDURE);
  assert_int_equal(org_power_revoke(pDb, "admin", street, pid, "2026-04-01", "收回授权", &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, p, "2026-03-31", "S-ITEM-1", 0, &e), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, p, "2026-04-01", "S-ITEM-1", 0, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "撤销"));
  db_close(pDb);
}

static void test_professional_ratio(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  org_unit_new u = {"比例测试中队", "squad", "360104", 0, 0, 0, 0, 0};
  staff_qual_new q = {"注册安全工程师", "Q1", "2020-01-01", 1};
  int64_t unit, a, b, c, d, x, qid;
  json_t *pRep, *pUnits, *pUnit = 0, *pBasis = 0;
  size_t i;
  char zToday[11];
  (void)state;
  calendar_today(zToday);
  assert_int_equal(org_unit_create(pDb, 0, &u, &unit, &e), ZF_OK);
  a = person(pDb, "比例测试中队", "officer", 311, "2024-01-01", "2035-12-31");
  b = person(pDb, "比例测试中队", "officer", 312, "2024-01-01", "2035-12-31");
  c = person(pDb, "比例测试中队", "officer", 313, "2020-01-01", "2021-12-31");   /* expired: still counted */
  d = person(pDb, "比例测试中队", "officer", 314, 0, 0);
  x = person(pDb, "比例测试中队", "assistant", 315, 0, 0);                       /* never counted */
  db_exec(pDb, "UPDATE person SET education_related=1 WHERE id=?", "i", a);
  db_exec(pDb, "UPDATE person SET practice_since='2010-05-01' WHERE id=?", "i", c);
  db_exec(pDb, "UPDATE person SET practice_since='2010-05-01', education_related=1 WHERE id=?", "i", x);
  assert_int_equal(staff_qual_add(pDb, "t", b, &q, &qid, &e), ZF_OK);
  assert_int_equal(staff_is_professional(pDb, a, zToday, &pBasis), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(pBasis, 0), "basis")), "education");
  json_decref(pBasis);
  assert_int_equal(staff_is_professional(pDb, c, zToday, 0), 1);
  assert_int_equal(staff_is_professional(pDb, d, zToday, 0), 0);
  assert_int_equal(staff_is_professional(pDb, 999999, zToday, 0), -1);
  /* 3 of 4 = 75%: meets the target exactly */
  pRep = staff_ratio_report(pDb, "/360000/360100/360104/", zToday);
  assert_int_equal(json_integer_value(json_object_get(pRep, "target_percent")), 75);
  pUnits = json_object_get(pRep, "units");
  for(i=0; i<json_array_size(pUnits); i++){
    if( json_integer_value(json_object_get(json_array_get(pUnits, i), "unit_id"))==unit ) pUnit = json_array_get(pUnits, i);
  }
  assert_non_null(pUnit);
  assert_int_equal(json_integer_value(json_object_get(pUnit, "counted")), 4);
  assert_int_equal(json_integer_value(json_object_get(pUnit, "professional")), 3);
  assert_true(json_is_true(json_object_get(pUnit, "meets_target")));
  json_decref(pRep);
  /* voiding the qualification drops b: 2 of 4 = 50% */
  assert_int_equal(staff_record_void(pDb, "t", "qualification", qid, "证书已注销", &e), ZF_OK);
  pRep = staff_ratio_report(pDb, "/360000/360100/360104/", zToday);
  pUnits = json_object_get(pRep, "units");
  for(i=0; i<json_array_size(pUnits); i++){
    pUnit = json_array_get(pUnits, i);
    if( json_integer_value(json_object_get(pUnit, "unit_id"))==unit ) break;
  }
  assert_int_equal(json_integer_value(json_object_get(pUnit, "professional")), 2);
  assert_false(json_is_true(json_object_get(pUnit, "meets_target")));
  assert_true(json_real_value(json_object_get(pUnit, "percent"))==50.0);
  json_decref(pRep);
  /* the demo: 一中队 above, 二中队 below the target */
  pRep = staff_ratio_report(pDb, "/360000/360100/360104/", zToday);
  pUnits = json_object_get(pRep, "units");
  for(i=0; i<json_array_size(pUnits); i++){
    const char *zName = json_string_value(json_object_get(json_array_get(pUnits, i), "unit_name"));
    int meets = json_is_true(json_object_get(json_array_get(pUnits, i), "meets_target"));
    if( strcmp(zName, "执法一中队")==0 ) assert_true(meets);
    if( strcmp(zName, "执法二中队")==0 ) assert_false(meets);
  }
  json_decref(pRep);
  db_close(pDb);
}

static void test_warnings_and_masking(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  char zToday[11], zSoon[11], zLate[11], zGone[11], zFrom[11];
  staff_cert_new renew;
  json_t *pW, *pItems, *p;
  int64_t soon, late, gone, certId;
  size_t i;
  int seenSoon = 0, seenLate = 0, seenGone = 0;
  (void)state;
  calendar_today(zToday);
  calendar_days_add(zToday, 59, zSoon, 0);
  calendar_days_add(zToday, 61, zLate, 0);
  calendar_days_add(zToday, -1, zGone, 0);
  calendar_days_add(zToday, -1000, zFrom, 0);
  soon = person(pDb, "执法二中队", "officer", 411, zFrom, zSoon);
  late = person(pDb, "执法二中队", "officer", 412, zFrom, zLate);
  gone = person(pDb, "执法二中队", "officer", 413, zFrom, zGone);
  pW = staff_cert_warnings(pDb, "/360000/360100/360104/", zToday);
  assert_int_equal(json_integer_value(json_object_get(pW, "warning_days")), 60);
  pItems = json_object_get(pW, "items");
  for(i=0; i<json_array_size(pItems); i++){
    int64_t who = json_integer_value(json_object_get(json_array_get(pItems, i), "person_id"));
    const char *zState = json_string_value(json_object_get(json_array_get(pItems, i), "state"));
    if( who==soon ){ seenSoon = 1; assert_string_equal(zState, "expiring"); }
    if( who==late ) seenLate = 1;
    if( who==gone ){ seenGone = 1; assert_string_equal(zState, "expired"); }
  }
  assert_true(seenSoon && !seenLate && seenGone);
  json_decref(pW);
  /* renewed: no longer warned about */
  renew.zNumber = "RENEW-1"; renew.zIssuer = "江西省人民政府"; renew.zValidFrom = zToday; renew.zValidTo = "2032-01-01";
  assert_int_equal(staff_cert_add(pDb, "t", gone, &renew, &certId, &e), ZF_OK);
  pW = staff_cert_warnings(pDb, "/360000/360100/360104/", zToday);
  pItems = json_object_get(pW, "items");
  for(i=0; i<json_array_size(pItems); i++){
    assert_true(json_integer_value(json_object_get(json_array_get(pItems, i), "person_id"))!=gone);
  }
  json_decref(pW);
  /* street scope sees only its own */
  pW = staff_cert_warnings(pDb, "/360000/360100/360104/360104002/", zToday);
  pItems = json_object_get(pW, "items");
  for(i=0; i<json_array_size(pItems); i++){
    assert_string_equal(json_string_value(json_object_get(json_array_get(pItems, i), "unit_name")), "洪都街道办事处");
  }
  json_decref(pW);
  /* masking */
  db_exec(pDb, "UPDATE person SET phone='13907912345' WHERE id=?", "i", soon);
  p = staff_person_json(pDb, soon, zToday, 0);
  assert_non_null(strstr(json_string_value(json_object_get(p, "id_number")), "**********"));
  assert_string_equal(json_string_value(json_object_get(p, "phone")), "139****2345");
  assert_true(json_is_true(json_object_get(p, "masked")));
  assert_string_equal(json_string_value(json_object_get(p, "cert_state")), "expiring");
  json_decref(p);
  p = staff_person_json(pDb, soon, zToday, 1);
  assert_int_equal(strlen(json_string_value(json_object_get(p, "id_number"))), 18);
  assert_null(strchr(json_string_value(json_object_get(p, "id_number")), '*'));
  json_decref(p);
  db_close(pDb);
}

static void test_demo_people(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  char zToday[11];
  int64_t acct, pid;
  (void)state;
  calendar_today(zToday);
  assert_true(test_int(pDb, "SELECT count(*) FROM person") >= 38);
  assert_true(test_int(pDb, "SELECT count(*) FROM expert") >= 5);
  assert_true(test_int(pDb, "SELECT count(*) FROM person WHERE kind='assistant'") >= 4);
  /* every demo login but admin, supervisor, dept1 has its person */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person WHERE account_id IS NOT NULL"), 8);
  assert_int_equal(account_find(pDb, "officer1", &acct), ZF_OK);
  assert_int_equal(staff_person_of_account(pDb, acct, &pid), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, pid, zToday, 0, 0, &e), ZF_OK);
  assert_int_equal(account_find(pDb, "assistant1", &acct), ZF_OK);
  assert_int_equal(staff_person_of_account(pDb, acct, &pid), ZF_OK);
  assert_int_equal(staff_may_enforce(pDb, pid, zToday, 0, 0, &e), ZF_EPROCEDURE);
  /* identity numbers all pass GB 11643 */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM person WHERE length(id_number)<>18"), 0);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_create_checks),
    cmocka_unit_test(test_duplicates_and_cert_dates),
    cmocka_unit_test(test_may_enforce),
    cmocka_unit_test(test_status_history_and_reasons),
    cmocka_unit_test(test_street_officer),
    cmocka_unit_test(test_professional_ratio),
    cmocka_unit_test(test_warnings_and_masking),
    cmocka_unit_test(test_demo_people),
  };
  return cmocka_run_group_tests_name("staff", tests, 0, 0);
}
