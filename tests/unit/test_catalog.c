/*
** test_catalog.c — the enforcement catalog and the checklists (src/catalog.c,
** src/checklist.c): the starter content, published immutability (in code and
** in the database triggers), the version in force by date and succession,
** validation naming the field, checklist → catalog links, must-check lines,
** voiding, and the audit chain staying whole.
*/
#include "testutil.h"
#include "catalog.h"
#include "checklist.h"
#include "core/audit.h"

/* A valid penalty item; tests change single fields. */
static catalog_item_in item(const char *zCode){
  catalog_item_in in;
  memset(&in, 0, sizeof in);
  in.zCode = zCode;
  in.zName = "未如实记录安全生产教育和培训情况（测试）";
  in.zKind = "行政处罚";
  in.azSector[0] = "industry"; in.nSector = 1;
  in.zViolated = "《中华人民共和国安全生产法》第二十八条第四款";
  in.zPenalty = "《中华人民共和国安全生产法》第九十七条第（四）项";
  in.azLevel[0] = "district"; in.azLevel[1] = "street"; in.nLevel = 2;
  in.maxFineOrg = 20000000; in.maxFinePerson = 5000000;
  in.sortOrder = -1;
  return in;
}

/* A new catalog draft from zFrom, optionally copying version copyFrom. */
static int64_t draft(zf_db *pDb, const char *zFrom, int64_t copyFrom){
  catalog_version_in v;
  zf_error e = {0};
  int64_t id = 0;
  memset(&v, 0, sizeof v);
  v.zName = "测试区应急管理综合行政执法事项指导目录（测试版）";
  v.zFrom = zFrom;
  v.copyFrom = copyFrom;
  assert_int_equal(catalog_version_create(&catalog_reg_catalog, pDb, ZF_WHO("legal"), &v, &id, &e), ZF_OK);
  return id;
}

static void test_starter(void **state){
  zf_db *pDb = test_db(0);
  checklist_set set;
  zf_error e = {0};
  int64_t v;
  int i;
  (void)state;
  assert_int_equal(catalog_version_in_force(&catalog_reg_catalog, pDb, 0, "2026-06-01", &v), ZF_OK);
  assert_true(test_int(pDb, "SELECT count(*) FROM catalog_item") >= 30);
  /* every item has its legal basis; every penalty its violated provision */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE trim(penalty_provision)=''"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE kind='penalty'"
                                 " AND trim(violated_provision)=''"), 0);
  assert_true(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE kind='coercion'") >= 3);
  assert_true(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE kind='inspection'") >= 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE levels LIKE '%,street,%'") >= 3);
  /* the RULES.md example: §28 / §97(4), organisation fine ≤ 200,000 yuan after escalation */
  assert_int_equal(test_int(pDb, "SELECT max_fine_org FROM catalog_item WHERE code='AQ-CF-007'"), 20000000);
  /* two published checklists, every line with a basis, every link valid */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM checklist_version WHERE status='published'"), 2);
  assert_true(test_int(pDb, "SELECT count(*) FROM checklist_item") >= 40);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM checklist_item WHERE trim(basis)=''"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM checklist_item c WHERE catalog_code IS NOT NULL"
    " AND NOT EXISTS(SELECT 1 FROM catalog_item i WHERE i.code=c.catalog_code AND i.version_id=1)"), 0);
  assert_int_equal(checklist_current(pDb, "工贸", "2026-06-01", 0, 0, &set, &e), ZF_OK);
  assert_true(set.nLine >= 30);
  for(i=0; i<set.nLine; i++) assert_true(set.aLine[i].zBasis[0] != 0);
  checklist_set_free(&set);
  db_close(pDb);
}

static void test_published_immutable(void **state){
  zf_db *pDb = test_db(0);
  catalog_item_in in = item("AQ-CF-007");
  zf_error e = {0};
  int64_t itemId = test_int(pDb, "SELECT id FROM catalog_item WHERE code='AQ-CF-007'"), id;
  int64_t nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  (void)state;
  assert_int_equal(catalog_item_update(pDb, ZF_WHO("legal"), itemId, &in, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "status");
  assert_non_null(strstr(e.message, "已发布"));
  memset(&e, 0, sizeof e);
  assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), 1, &in, &id, &e), ZF_ECONFLICT);
  assert_int_equal(catalog_item_remove(pDb, ZF_WHO("legal"), itemId, &e), ZF_ECONFLICT);
  assert_int_equal(catalog_version_void(&catalog_reg_catalog, pDb, ZF_WHO("legal"), 1, "不要了", &e), ZF_ECONFLICT);
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), 1, &e), ZF_ECONFLICT);
  /* the database refuses it too, whatever the code does */
  assert_int_not_equal(db_exec(pDb, "UPDATE catalog_item SET name='x' WHERE id=?", "i", itemId), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM catalog_item WHERE id=?", "i", itemId), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE catalog_version SET name='x' WHERE id=1", ""), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE catalog_version SET effective_to=NULL, status='draft' WHERE id=1", ""), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM catalog_version WHERE id=1", ""), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE checklist_item SET must_check=0 WHERE id=1", ""), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nAudit);
  db_close(pDb);
}

static void test_in_force_by_date(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int64_t v2, v3, got;
  (void)state;
  v2 = draft(pDb, "2031-01-01", 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_item WHERE version_id=1"),
                   test_int(pDb, "SELECT count(*) FROM catalog_item WHERE version_id=2"));
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), v2, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT effective_to='2030-12-31' AND superseded_by=2 FROM catalog_version WHERE id=1"), 1);
  assert_int_equal(catalog_version_in_force(&catalog_reg_catalog, pDb, 0, "2030-12-31", &got), ZF_OK);
  assert_int_equal(got, 1);
  assert_int_equal(catalog_version_in_force(&catalog_reg_catalog, pDb, 0, "2031-01-01", &got), ZF_OK);
  assert_int_equal(got, v2);
  assert_int_equal(catalog_version_in_force(&catalog_reg_catalog, pDb, 0, "2025-12-31", &got), ZF_ENOTFOUND);
  /* a version starting before one already published is refused */
  v3 = draft(pDb, "2030-06-01", v2);
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), v3, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "effective_from");
  /* retroactive publication is refused */
  v3 = draft(pDb, "2026-02-01", v2);
  memset(&e, 0, sizeof e);
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), v3, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "effective_from");
  /* an empty draft cannot be published */
  v3 = draft(pDb, "2032-01-01", 0);
  memset(&e, 0, sizeof e);
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), v3, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "items");
  /* codes in force follow the date */
  assert_int_equal(catalog_code_in_force(pDb, "2031-05-05", "AQ-CF-007", &got, 0), ZF_OK);
  {
    json_t *p = catalog_item_json(pDb, got);
    assert_int_equal(json_integer_value(json_object_get(p, "version_id")), v2);
    json_decref(p);
  }
  db_close(pDb);
}

static void test_item_validation(void **state){
  zf_db *pDb = test_db(0);
  zf_error e;
  catalog_item_in in;
  int64_t v = draft(pDb, "2031-01-01", 0), id;
  int64_t nBefore;
  int street = 0;
  (void)state;
#define REFUSE(MUTATE, RC, FIELD) do{ in = item("TS-CF-001"); MUTATE; memset(&e, 0, sizeof e); \
    assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), v, &in, &id, &e), RC); \
    assert_string_equal(e.field, FIELD); assert_true(e.message[0] != 0); }while(0)
  nBefore = test_int(pDb, "SELECT count(*) FROM catalog_item");
  REFUSE(in.zCode = "aq-1", ZF_EINVAL, "code");
  REFUSE(in.zCode = "AQ--1", ZF_EINVAL, "code");
  REFUSE(in.zName = "  ", ZF_EINVAL, "name");
  REFUSE(in.zKind = "行政许可", ZF_EINVAL, "kind");
  REFUSE(in.azSector[0] = "建筑", ZF_EINVAL, "sectors");
  REFUSE((in.azSector[1] = "工贸", in.nSector = 2), ZF_EINVAL, "sectors");
  REFUSE(in.nSector = 0, ZF_EINVAL, "sectors");
  REFUSE(in.zViolated = "", ZF_EINVAL, "violated_provision");
  REFUSE(in.zPenalty = 0, ZF_EINVAL, "penalty_provision");
  REFUSE(in.azLevel[1] = "province", ZF_EINVAL, "levels");
  REFUSE(in.zBenchmark = "bad code", ZF_EINVAL, "benchmark_code");
  REFUSE(in.zBenchmark = "NO-SUCH-999", ZF_EINVAL, "benchmark_code");   /* not in the rules module */
  REFUSE((in.zKind = "行政检查", in.zViolated = ""), ZF_EINVAL, "max_fine_org");
  REFUSE(in.maxFinePerson = -5, ZF_EINVAL, "max_fine_person");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_item"), nBefore);
  /* a good one, then the same code again */
  in = item("TS-CF-001");
  memset(&e, 0, sizeof e);
  assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), v, &in, &id, &e), ZF_OK);
  assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), v, &in, &id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "code");
  /* an inspection item needs no violated provision and no fine */
  in = item("TS-JC-001");
  in.zKind = "inspection"; in.zViolated = 0; in.maxFineOrg = in.maxFinePerson = -1;
  assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), v, &in, &id, &e), ZF_OK);
  /* editing a draft item works and is audited with before/after */
  in.zName = "对生产经营单位的监督检查（改）";
  assert_int_equal(catalog_item_update(pDb, ZF_WHO("legal"), id, &in, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='catalog.item.update'"), 1);
  assert_int_equal(catalog_item_remove(pDb, ZF_WHO("legal"), id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='catalog.item.remove'"
                                 " AND change LIKE '%对生产经营单位的监督检查（改）%'"), 1);
  /* street flag seen through the lookup other modules use */
  assert_int_equal(catalog_code_in_force(pDb, "2026-06-01", "AQ-CF-007", 0, &street), ZF_OK);
  assert_int_equal(street, 1);
  assert_int_equal(catalog_code_in_force(pDb, "2026-06-01", "AQ-CF-004", 0, &street), ZF_OK);
  assert_int_equal(street, 0);
  assert_int_equal(catalog_code_in_force(pDb, "2026-06-01", "TS-CF-001", 0, 0), ZF_ENOTFOUND);
  db_close(pDb);
}

static void test_version_validation_and_void(void **state){
  zf_db *pDb = test_db(0);
  catalog_version_in v;
  catalog_item_in in = item("TS-CF-002");
  zf_error e = {0};
  int64_t id, item_id;
  (void)state;
  memset(&v, 0, sizeof v);
  v.zName = "测试目录（日期颠倒）";
  v.zFrom = "2031-02-01"; v.zTo = "2031-01-01";
  assert_int_equal(catalog_version_create(&catalog_reg_catalog, pDb, ZF_WHO("legal"), &v, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "effective_to");
  v.zFrom = "2031-02-30"; v.zTo = 0;
  assert_int_equal(catalog_version_create(&catalog_reg_catalog, pDb, ZF_WHO("legal"), &v, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "effective_from");
  v.zFrom = "2031-02-01"; v.copyFrom = 999;
  assert_int_equal(catalog_version_create(&catalog_reg_catalog, pDb, ZF_WHO("legal"), &v, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "copy_from");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_version"), 1);
  id = draft(pDb, "2031-01-01", 0);
  assert_int_equal(catalog_version_void(&catalog_reg_catalog, pDb, ZF_WHO("legal"), id, " ", &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(catalog_version_void(&catalog_reg_catalog, pDb, ZF_WHO("legal"), id, "起草有误，另行起草", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT status='void' AND void_reason='起草有误，另行起草' FROM catalog_version WHERE id=2"), 1);
  memset(&e, 0, sizeof e);
  assert_int_equal(catalog_item_add(pDb, ZF_WHO("legal"), id, &in, &item_id, &e), ZF_ECONFLICT);
  assert_string_equal(e.field, "status");
  assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), id, &e), ZF_ECONFLICT);
  db_close(pDb);
}

/* A checklist draft of sector from zFrom. */
static int64_t checklist_draft(zf_db *pDb, const char *zSector, const char *zFrom){
  catalog_version_in v;
  zf_error e = {0};
  int64_t id = 0;
  memset(&v, 0, sizeof v);
  v.zName = "测试检查表";
  v.zSector = zSector;
  v.zFrom = zFrom;
  assert_int_equal(catalog_version_create(&catalog_reg_checklist, pDb, ZF_WHO("brigade"), &v, &id, &e), ZF_OK);
  return id;
}

static void test_checklist_links_and_must(void **state){
  zf_db *pDb = test_db(0);
  checklist_item_in in;
  checklist_set set;
  const char *azDust[1] = {"dust"};
  zf_error e = {0};
  int64_t v, id, v2;
  int i, nDust = 0, nConfined = 0;
  (void)state;
  /* must-check lines: all flagged, fewer than all lines */
  assert_int_equal(checklist_must_items(pDb, "industry", "2026-06-01", 0, 0, &set, &e), ZF_OK);
  assert_true(set.nLine > 10);
  for(i=0; i<set.nLine; i++) assert_int_equal(set.aLine[i].mustCheck, 1);
  assert_true(set.nLine < test_int(pDb, "SELECT count(*) FROM checklist_item WHERE version_id=2"));
  checklist_set_free(&set);
  /* features: a dust enterprise gets dust lines, not confined-space lines */
  assert_int_equal(checklist_current(pDb, "industry", "2026-06-01", azDust, 1, &set, &e), ZF_OK);
  for(i=0; i<set.nLine; i++){
    nDust += strcmp(set.aLine[i].zFeature, "dust")==0;
    nConfined += strcmp(set.aLine[i].zFeature, "confined_space")==0;
  }
  assert_true(nDust > 5);
  assert_int_equal(nConfined, 0);
  checklist_set_free(&set);
  assert_int_equal(checklist_current(pDb, "mining", "2026-06-01", 0, 0, &set, &e), ZF_ENOTFOUND);
  assert_int_equal(set.nLine, 0);
  assert_int_equal(checklist_current(pDb, "industry", "2025-06-01", 0, 0, &set, &e), ZF_ENOTFOUND);
  /* links: must exist in the catalog in force on the checklist's date */
  v = checklist_draft(pDb, "hazchem", "2031-01-01");
  memset(&in, 0, sizeof in);
  in.zSection = "安全管理"; in.zKeyPoint = "教育培训档案"; in.zContent = "培训档案如实记录";
  in.zBasis = "《中华人民共和国安全生产法》第二十八条"; in.mustCheck = 1; in.sortOrder = -1;
  in.zCatalogCode = "ZZ-NONE-001";
  memset(&e, 0, sizeof e);
  assert_int_equal(checklist_item_add(pDb, ZF_WHO("brigade"), v, &in, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "catalog_code");
  in.zCatalogCode = "AQ-CF-007";
  in.zBasis = "";
  assert_int_equal(checklist_item_add(pDb, ZF_WHO("brigade"), v, &in, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "basis");
  in.zBasis = "《中华人民共和国安全生产法》第二十八条";
  in.zFeature = "露天矿";
  assert_int_equal(checklist_item_add(pDb, ZF_WHO("brigade"), v, &in, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "feature");
  in.zFeature = "粉尘涉爆";
  assert_int_equal(checklist_item_add(pDb, ZF_WHO("brigade"), v, &in, &id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT feature='dust' FROM checklist_item ORDER BY id DESC LIMIT 1"), 1);
  /* a checklist dated before any catalog cannot link */
  v2 = checklist_draft(pDb, "industry", "2025-01-01");
  memset(&e, 0, sizeof e);
  assert_int_equal(checklist_item_add(pDb, ZF_WHO("brigade"), v2, &in, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "catalog_code");
  /* publishing revalidates: a 2032 catalog drops AQ-CF-007; a checklist
  ** moved to 2032 can no longer be published with a line linking it */
  {
    catalog_version_in h;
    int64_t c2 = draft(pDb, "2032-01-01", 1);
    assert_int_equal(catalog_item_remove(pDb, ZF_WHO("legal"), test_int(pDb,
      "SELECT id FROM catalog_item WHERE version_id=(SELECT max(id) FROM catalog_version) AND code='AQ-CF-007'"), &e), ZF_OK);
    assert_int_equal(catalog_version_publish(&catalog_reg_catalog, pDb, ZF_WHO("leader"), c2, &e), ZF_OK);
    memset(&h, 0, sizeof h);
    h.zName = "测试检查表"; h.zSector = "hazchem"; h.zFrom = "2032-01-01";
    assert_int_equal(catalog_version_update(&catalog_reg_checklist, pDb, ZF_WHO("brigade"), v, &h, &e), ZF_OK);
    memset(&e, 0, sizeof e);
    assert_int_equal(catalog_version_publish(&catalog_reg_checklist, pDb, ZF_WHO("leader"), v, &e), ZF_EPROCEDURE);
    assert_string_equal(e.field, "catalog_code");
    h.zFrom = "2031-01-01";
    assert_int_equal(catalog_version_update(&catalog_reg_checklist, pDb, ZF_WHO("brigade"), v, &h, &e), ZF_OK);
    assert_int_equal(catalog_version_publish(&catalog_reg_checklist, pDb, ZF_WHO("leader"), v, &e), ZF_OK);
  }
  assert_int_equal(checklist_current(pDb, "hazchem", "2031-01-02", 0, 0, &set, &e), ZF_OK);
  assert_int_equal(set.nLine, 1);
  assert_int_equal(set.versionId, v);
  checklist_set_free(&set);
  /* the industry list is untouched by the hazchem succession */
  assert_int_equal(checklist_current(pDb, "industry", "2031-01-02", 0, 0, &set, &e), ZF_OK);
  assert_int_equal(set.versionId, 2);
  checklist_set_free(&set);
  db_close(pDb);
}

static void test_audit_chain(void **state){
  zf_db *pDb = test_db(0);
  audit_report rep;
  (void)state;
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='catalog.version.publish'") == 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='checklist.version.publish'") == 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity LIKE 'c%_version' AND region<>'360104'"), 0);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  db_close(pDb);
}

static void test_demo_draft(void **state){
  zf_db *pDb = test_db(1);
  audit_report rep;
  (void)state;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_version WHERE status='draft' AND based_on=1"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM catalog_item i JOIN catalog_version v ON v.id=i.version_id"
                                 " WHERE v.status='draft' AND i.code='AQ-CF-037'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE actor='legal' AND action='catalog.item.update'"), 1);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  db_close(pDb);
}

static void test_vocab_and_dates(void **state){
  char z[11];
  (void)state;
  assert_string_equal(catalog_sector_key("危化"), "hazchem");
  assert_string_equal(catalog_kind_key("行政强制"), "coercion");
  assert_null(catalog_sector_key("建筑"));
  assert_true(catalog_date_ok("2028-02-29"));
  assert_false(catalog_date_ok("2027-02-29"));
  assert_false(catalog_date_ok("2027-13-01"));
  assert_false(catalog_date_ok("2027-1-01"));
  catalog_date_prev("2027-03-01", z);
  assert_string_equal(z, "2027-02-28");
  catalog_date_prev("2027-01-01", z);
  assert_string_equal(z, "2026-12-31");
  assert_true(catalog_code_ok("AQ-CF-001"));
  assert_false(catalog_code_ok("AQ-CF-"));
  assert_false(catalog_code_ok("1AQ"));
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_starter),
    cmocka_unit_test(test_published_immutable),
    cmocka_unit_test(test_in_force_by_date),
    cmocka_unit_test(test_item_validation),
    cmocka_unit_test(test_version_validation_and_void),
    cmocka_unit_test(test_checklist_links_and_must),
    cmocka_unit_test(test_audit_chain),
    cmocka_unit_test(test_demo_draft),
    cmocka_unit_test(test_vocab_and_dates),
  };
  return cmocka_run_group_tests_name("catalog", tests, 0, 0);
}
