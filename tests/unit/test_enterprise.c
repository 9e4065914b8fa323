/*
** test_enterprise.c — the enterprise ledger (src/enterprise*.c,
** src/industry.c): field rules naming the field, credit-code check and
** uniqueness, scope of street accounts, history and the "as of" view,
** unchanged writes writing nothing, search by 1/2/3+ characters and by code
** under every plan, imports (upsert idempotence, dry run, duplicates,
** refused rows, unreadable files, GB18030, XLSX round trip), phone masking.
*/
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "testutil.h"
#include "account.h"
#include "core/audit.h"
#include "core/clock.h"
#include "enterprise.h"
#include "enterprise_io.h"
#include "enterprise_search.h"
#include "industry.h"

/* Real published credit codes (also in test_idcheck.c). */
#define USCC_HUAWEI "914403001922038216"
#define USCC_TENCENT "91440300708461136T"

static zf_who who_of(zf_db *pDb, const char *zUser){
  zf_who w;
  int64_t id;
  assert_int_equal(account_find(pDb, zUser, &id), ZF_OK);
  assert_int_equal(auth_load_account(pDb, id, &w), ZF_OK);
  return w;
}

/* Creates an enterprise from a JSON body as pWho (NULL: command line). */
static int create_json(zf_db *pDb, const zf_who *pWho, const char *zJson, zf_error *e, int64_t *pId){
  json_t *pBody = json_loads(zJson, 0, 0);
  ent_rec *p = malloc(sizeof *p);
  ent_errs errs;
  ent_ctx c;
  unsigned mask;
  int rc;
  assert_non_null(pBody);
  memset(&errs, 0, sizeof errs);
  memset(e, 0, sizeof *e);
  ent_ctx_init(&c, pDb, pWho, pWho ? 0 : "cli");
  ent_rec_init(p);
  ent_set_json(p, pBody, &mask, &errs);
  rc = errs.n ? ent_errs_to_error(&errs, e) : enterprise_create(&c, p, e);
  if( pId ) *pId = p->id;
  free(p);
  json_decref(pBody);
  return rc;
}

static int patch_json(zf_db *pDb, const zf_who *pWho, int64_t id, const char *zJson, zf_error *e){
  json_t *pBody = json_loads(zJson, 0, 0);
  ent_rec *p = malloc(sizeof *p);
  ent_errs errs;
  ent_ctx c;
  unsigned mask;
  int rc;
  memset(&errs, 0, sizeof errs);
  memset(e, 0, sizeof *e);
  ent_ctx_init(&c, pDb, pWho, pWho ? 0 : "cli");
  ent_rec_init(p);
  ent_set_json(p, pBody, &mask, &errs);
  rc = errs.n ? ent_errs_to_error(&errs, e) : enterprise_patch(&c, id, p, mask, 0, e);
  free(p);
  json_decref(pBody);
  return rc;
}

static char zBodyBuf[2048];
/* A valid body for code zUscc, name zName, region zRegion. */
static const char *body(const char *zUscc, const char *zName, const char *zRegion){
  snprintf(zBodyBuf, sizeof zBodyBuf,
    "{\"uscc\":\"%s\",\"name\":\"%s\",\"address\":\"洪都中大道1号\",\"region\":\"%s\","
    "\"industry\":\"C3421\",\"sector\":\"trade.machinery\",\"principal\":\"张三\","
    "\"principal_phone\":\"13800138000\"}", zUscc, zName, zRegion);
  return zBodyBuf;
}

static void test_uscc_check_and_unique(void **state){
  zf_db *pDb = test_db(1);
  zf_error e;
  int64_t id;
  int64_t nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  (void)state;
  assert_int_equal(create_json(pDb, 0, body(USCC_HUAWEI, "华为技术有限公司", "360104002"), &e, &id), ZF_OK);
  /* one character changed: refused, naming the field, nothing written */
  assert_int_equal(create_json(pDb, 0, body("914403001922038215", "改一位", "360104002"), &e, 0), ZF_EINVAL);
  assert_string_equal(e.field, "uscc");
  assert_non_null(strstr(e.message, "校验位"));
  assert_int_equal(create_json(pDb, 0, body("91440300192203821", "十七位", "360104002"), &e, 0), ZF_EINVAL);
  assert_string_equal(e.field, "uscc");
  /* lower case is the same code: duplicate */
  assert_int_equal(create_json(pDb, 0, body("91440300708461136t", "腾讯", "360104002"), &e, 0), ZF_OK);
  assert_int_equal(create_json(pDb, 0, body(USCC_HUAWEI, "又一个华为", "360104006"), &e, 0), ZF_ECONFLICT);
  assert_string_equal(e.field, "uscc");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise WHERE uscc IN ('" USCC_HUAWEI "','" USCC_TENCENT "')"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit") - nAudit, 2);
  db_close(pDb);
}

static void test_field_rules(void **state){
  static const struct { const char *zJson, *zField; } aBad[] = {
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\"}", "name"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104\",\"industry\":\"3421\",\"sector\":\"other\"}", "region"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104999\",\"industry\":\"3421\",\"sector\":\"other\"}", "region"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"9999\",\"sector\":\"other\"}", "industry"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"A3421\",\"sector\":\"other\"}", "industry"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"coal\"}", "sector"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"lng\":200,\"lat\":28}", "location"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"lng\":115.9}", "location"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"principal_phone\":\"12345\"}", "principal_phone"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"hazards\":[{\"kind\":\"major_hazard\"}]}", "hazards"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"hazards\":[{\"kind\":\"dust\",\"level\":2}]}", "hazards"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"licences\":[{\"type\":\"安全生产许可证\",\"number\":\"A1\",\"valid_from\":\"2027-01-02\",\"valid_to\":\"2027-01-01\"}]}", "licences"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"licences\":[{\"type\":\"安全生产许可证\",\"number\":\"A1\",\"valid_to\":\"2027-02-30\"}]}", "licences"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"status\":\"closed\"}", "status_reason"},
    {"{\"uscc\":\"" USCC_HUAWEI "\",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002\",\"industry\":\"3421\",\"sector\":\"other\",\"supervising_level\":\"nation\"}", "supervising_level"},
  };
  zf_db *pDb = test_db(0);
  zf_error e;
  size_t i;
  int64_t id;
  (void)state;
  for(i=0; i<sizeof aBad/sizeof aBad[0]; i++){
    if( create_json(pDb, 0, aBad[i].zJson, &e, 0)==ZF_OK ) fail_msg("accepted: %s", aBad[i].zJson);
    if( strcmp(e.field, aBad[i].zField)!=0 ) fail_msg("field %s, want %s (%s)", e.field, aBad[i].zField, e.message);
    assert_true(e.message[0] & 0x80);                   /* a Chinese reason */
  }
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history"), 0);
  /* the forms people write are accepted and normalised */
  assert_int_equal(create_json(pDb, 0,
    "{\"uscc\":\" 914403001922038216 \",\"name\":\"华为\",\"address\":\"地址\",\"region\":\"360104002000\","
    "\"industry\":\"c3421\",\"sector\":\"机械\",\"principal_phone\":\"0791 8888 8888\",\"lng\":115.9,\"lat\":28.6,"
    "\"hazards\":[{\"kind\":\"major_hazard\",\"level\":2},{\"kind\":\"粉尘涉爆\"}]}", &e, &id), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise WHERE region='360104002' AND industry='3421'"
                                 " AND sector='trade.machinery' AND principal_phone='079188888888'"), 1);
  assert_int_equal(test_int(pDb, "SELECT major_hazard_level FROM enterprise WHERE hazards & 1"), 2);
  db_close(pDb);
}

static void test_scope(void **state){
  zf_db *pDb = test_db(1);
  zf_who street = who_of(pDb, "street1");     /* 360104002 洪都街道 */
  zf_error e;
  int64_t mine, other;
  (void)state;
  assert_int_equal(create_json(pDb, &street, body(USCC_HUAWEI, "洪都的企业", "360104002"), &e, &mine), ZF_OK);
  assert_int_equal(create_json(pDb, &street, body(USCC_TENCENT, "京山的企业", "360104006"), &e, 0), ZF_ESCOPE);
  assert_string_equal(e.field, "region");
  assert_int_equal(create_json(pDb, 0, body(USCC_TENCENT, "京山的企业", "360104006"), &e, &other), ZF_OK);
  /* editing outside the area, or moving an own enterprise out of it: refused, nothing written */
  assert_int_equal(patch_json(pDb, &street, other, "{\"name\":\"改名\"}", &e), ZF_ESCOPE);
  assert_int_equal(patch_json(pDb, &street, mine, "{\"region\":\"360104006\"}", &e), ZF_ESCOPE);
  assert_string_equal(e.field, "region");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history WHERE actor<>'demo'"), 2);
  assert_int_equal(patch_json(pDb, &street, mine, "{\"employees\":12}", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT version FROM enterprise WHERE uscc='" USCC_HUAWEI "'"), 2);
  db_close(pDb);
}

static void test_history_as_of(void **state){
  zf_db *pDb = test_db(1);
  zf_who officer = who_of(pDb, "officer1");
  ent_rec *p = malloc(sizeof *p);
  zf_error e;
  char zDay0[11], zDay2[11], zDay4[11], zBefore[11], zIso[24];
  int64_t id, nAudit;
  audit_report rep;
  (void)state;
  clock_iso(clock_now() + 8*3600, zIso); memcpy(zDay0, zIso, 10); zDay0[10] = 0;
  clock_iso(clock_now() + 8*3600 - 86400, zIso); memcpy(zBefore, zIso, 10); zBefore[10] = 0;
  assert_int_equal(create_json(pDb, &officer, body(USCC_HUAWEI, "最初的名称", "360104002"), &e, &id), ZF_OK);
  nAudit = test_int(pDb, "SELECT count(*) FROM audit WHERE entity='enterprise'");
  clock_advance(2*86400);
  clock_iso(clock_now() + 8*3600, zIso); memcpy(zDay2, zIso, 10); zDay2[10] = 0;
  assert_int_equal(patch_json(pDb, &officer, id, "{\"name\":\"改过的名称\",\"hazards\":[{\"kind\":\"dust\"}]}", &e), ZF_OK);
  /* the same values again: no version, no history, no audit */
  assert_int_equal(patch_json(pDb, &officer, id, "{\"name\":\"改过的名称\"}", &e), ZF_OK);
  clock_advance(2*86400);
  clock_iso(clock_now() + 8*3600, zIso); memcpy(zDay4, zIso, 10); zDay4[10] = 0;
  assert_int_equal(patch_json(pDb, &officer, id, "{\"status\":\"closed\"}", &e), ZF_EINVAL);
  assert_string_equal(e.field, "status_reason");
  assert_int_equal(patch_json(pDb, &officer, id, "{\"status\":\"closed\",\"status_reason\":\"企业注销\"}", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history WHERE actor<>'demo'"), 3);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE entity='enterprise'") - nAudit, 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='enterprise.status'"), 1);
  /* as of each day */
  assert_int_equal(enterprise_as_of(pDb, id, zDay0, p, &e), ZF_OK);
  assert_string_equal(p->zName, "最初的名称");
  assert_int_equal(p->hazards, 0);
  assert_string_equal(p->zStatus, "active");
  assert_int_equal(p->version, 1);
  assert_int_equal(enterprise_as_of(pDb, id, zDay2, p, &e), ZF_OK);
  assert_string_equal(p->zName, "改过的名称");
  assert_int_not_equal(p->hazards, 0);
  assert_string_equal(p->zStatus, "active");
  assert_int_equal(enterprise_as_of(pDb, id, zDay4, p, &e), ZF_OK);
  assert_string_equal(p->zStatus, "closed");
  assert_string_equal(p->zStatusReason, "企业注销");
  assert_int_equal(enterprise_as_of(pDb, id, zBefore, p, &e), ZF_ENOTFOUND);
  assert_int_equal(enterprise_as_of(pDb, id, "2026-13-01", p, &e), ZF_EINVAL);
  assert_string_equal(e.field, "as_of");
  /* the name index follows the renames */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_fts WHERE enterprise_fts MATCH '\"最\x1f初\"'"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_fts WHERE enterprise_fts MATCH '\"改\x1f过\"'"), 1);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  /* history rows are append-only */
  assert_int_not_equal(sqlite3_exec(db_handle(pDb), "DELETE FROM enterprise_history", 0, 0, 0), SQLITE_OK);
  clock_advance(-4*86400);
  free(p);
  db_close(pDb);
}

/* ---- search ------------------------------------------------------------- */

static int collect(void *pArg, zf_stmt *pStmt){
  json_t *pArr = pArg;
  json_array_append_new(pArr, json_string(db_text(pStmt, 1)));
  return 0;
}

/* Every page of q under the current thresholds, names in order. */
static json_t *search_all(zf_db *pDb, const char *zQ, const char *zPath, int sort){
  ent_query q;
  ent_cursor cur;
  zf_error e = {0};
  json_t *pArr = json_array();
  int more = 1;
  memset(&q, 0, sizeof q);
  memset(&cur, 0, sizeof cur);
  ent_query_scope(&q, zPath);
  assert_int_equal(ent_query_set_q(&q, zQ, &e), ZF_OK);
  if( sort>=0 ) q.sort = sort;
  while( more ) assert_int_equal(ent_search_page(pDb, &q, &cur, 7, collect, pArr, &more), ZF_OK);
  return pArr;
}

/* The same by brute force: names LIKE %q% (or codes LIKE q%) in scope, in
** the order of sort. */
static json_t *brute(zf_db *pDb, const char *zQ, const char *zPath, int sort){
  static const char *azOrder[4] = { "name, id", "updated_at DESC, id DESC", "id", "uscc" };
  zf_stmt *pStmt;
  json_t *pArr = json_array();
  char zLike[300], zSql[400];
  snprintf(zLike, sizeof zLike, "%%%s%%", zQ);
  snprintf(zSql, sizeof zSql, "SELECT name FROM enterprise WHERE (name LIKE ?1 OR uscc LIKE ?3)"
           " AND region_path LIKE ?2 || '%%' ORDER BY %s", azOrder[sort]);
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), zSql, -1, &pStmt, 0), SQLITE_OK);
  db_bind_text(pStmt, 1, zLike, -1, DB_STATIC);
  db_bind_text(pStmt, 2, zPath, -1, DB_STATIC);
  snprintf(zLike + 200, 100, "%s%%", zQ);
  db_bind_text(pStmt, 3, zLike + 200, -1, DB_STATIC);
  while( sqlite3_step(pStmt)==SQLITE_ROW ) json_array_append_new(pArr, json_string((const char*)db_column_text(pStmt, 0)));
  db_finalize(pStmt);
  return pArr;
}

static void test_search_plans(void **state){
  static const char *azQ[] = { "机械", "南昌", "化工贸易", "有限公司", "鑫达", "洪都泰", "9136010", "913601040", "物业（南", 0 };
  static const char *azPath[] = { "/360000/360100/360104/", "/360000/360100/360104/360104002/", 0 };
  static const int aTune[][2] = { {1000, 2000}, {1000, 1}, {1, 1}, {1, 100000}, {100000, 1} };
  zf_db *pDb = test_db(1);
  zf_error e;
  size_t t;
  int i, k;
  ent_query q;
  (void)state;
  char zPlans[8] = "";
  ent_search_tune(0, 0);
  for(t=0; t<sizeof aTune/sizeof aTune[0]; t++){
    ent_search_tune(aTune[t][0], aTune[t][1]);
    for(i=0; azQ[i]; i++){
      for(k=0; azPath[k]; k++){
        int sort;
        for(sort=0; sort<4; sort++){
          json_t *a = search_all(pDb, azQ[i], azPath[k], sort), *b = brute(pDb, azQ[i], azPath[k], sort);
          if( !json_equal(a, b) ){
            fail_msg("q=%s path=%s sort=%d tune=%d/%d plan %c: %zu rows, want %zu", azQ[i], azPath[k], sort,
                     aTune[t][0], aTune[t][1], ent_search_last_plan(), json_array_size(a), json_array_size(b));
          }
          if( !strchr(zPlans, ent_search_last_plan()) ) zPlans[strlen(zPlans)] = ent_search_last_plan();
          if( i<2 && k==0 ) assert_true(json_array_size(a)>0);
          json_decref(a);
          json_decref(b);
        }
      }
    }
  }
  assert_int_equal(strlen(zPlans), 5);                /* f u s o F all exercised */
  ent_search_tune(0, 0);
  /* the defaults on this data */
  json_decref(search_all(pDb, "9136010", azPath[0], ENT_SORT_NAME));
  assert_int_equal(ent_search_last_plan(), 'o');
  json_decref(search_all(pDb, "化工贸易", azPath[0], ENT_SORT_UPDATED));
  assert_int_equal(ent_search_last_plan(), 'f');
  json_decref(search_all(pDb, "有限", azPath[0], -1));        /* default order: registration */
  assert_int_equal(ent_search_last_plan(), 'F');
  /* one character is refused; a 2-character fragment after a rename is found */
  memset(&q, 0, sizeof q);
  assert_int_equal(ent_query_set_q(&q, "机", &e), ZF_EINVAL);
  assert_string_equal(e.field, "q");
  db_close(pDb);
}

/* ---- import ------------------------------------------------------------- */

static const char *write_file(const char *zText, size_t n){
  static char zPath[64];
  FILE *f;
  snprintf(zPath, sizeof zPath, "/tmp/zhifa-unit-XXXXXX");
  close(mkstemp(zPath));
  f = fopen(zPath, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(zText, 1, n, f), n);
  fclose(f);
  return zPath;
}

static int import_file(zf_db *pDb, const zf_who *pWho, const char *zPath, int dry, ent_import_result *pRes,
                       zf_error *e){
  ent_import_opts opt;
  ent_ctx c;
  int rc;
  memset(&opt, 0, sizeof opt);
  memset(e, 0, sizeof *e);
  opt.zFile = zPath;
  opt.zDisplayName = "test.csv";
  opt.dryRun = dry;
  ent_ctx_init(&c, pDb, pWho, pWho ? 0 : "cli");
  rc = enterprise_import(&c, &opt, pRes, e);
  ent_ctx_free(&c);
  return rc;
}

#define HEADER "统一社会信用代码,企业名称,注册地址,所属区划代码,国民经济行业代码,监管行业,从业人员数,主要负责人,联系电话,重大危险源等级,安全风险特征,许可证类型,许可证编号,许可证有效期至\r\n"

static void test_import_rules(void **state){
  static const char zCsv[] = "\xEF\xBB\xBF" HEADER
    USCC_HUAWEI ",华为南昌分公司,洪都中大道1号,360104002,C3421,机械,120,张三,13800138000,二级,粉尘涉爆；有限空间作业,安全生产许可证,（赣）WH001,2027-06-30\r\n"
    "914403001922038215,校验位错,地址,360104002,C3421,机械,1,李四,13800138000,,,,,\r\n"
    USCC_TENCENT ",腾讯,地址一号,360104006,C9999,煤矿,abc,王五,123,五级,飞行,,,\r\n"
    USCC_HUAWEI ",重复的行,地址,360104002,C3421,机械,5,赵六,13800138000,,,,,\r\n"
    "91330100799655058B,阿里巴巴,\"地址,有逗号\",360104007,3421,工贸-机械,,,,,,,,\r\n";
  zf_db *pDb = test_db(1);
  zf_who street = who_of(pDb, "street1");
  ent_import_result res;
  zf_error e;
  const char *zPath = write_file(zCsv, sizeof zCsv - 1);
  int64_t nHist, nAudit;
  size_t i;
  int sawRow3Industry = 0, sawRow3Sector = 0, sawDup = 0;
  (void)state;
  nHist = test_int(pDb, "SELECT count(*) FROM enterprise_history");
  nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  /* dry run: the same verdicts, nothing written */
  assert_int_equal(import_file(pDb, 0, zPath, 1, &res, &e), ZF_OK);
  assert_int_equal(res.nRow, 5);
  assert_int_equal(res.nInserted, 2);
  assert_int_equal(res.nRefused, 3);
  ent_import_result_free(&res);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history"), nHist);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nAudit);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise WHERE uscc='" USCC_HUAWEI "'"), 0);
  /* the real thing */
  assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_OK);
  assert_int_equal(res.nInserted, 2);
  assert_int_equal(res.nRefused, 3);
  for(i=0; i<json_array_size(res.pErrors); i++){
    json_t *x = json_array_get(res.pErrors, i);
    int64_t row = json_integer_value(json_object_get(x, "row"));
    const char *zField = json_string_value(json_object_get(x, "field"));
    assert_true(row>=3 && row<=5);
    if( row==3 ) assert_string_equal(zField, "uscc");
    if( row==4 && strcmp(zField, "industry")==0 ) sawRow3Industry = 1;
    if( row==4 && strcmp(zField, "sector")==0 ) sawRow3Sector = 1;
    if( row==5 && strstr(json_string_value(json_object_get(x, "reason")), "第 2 行") ) sawDup = 1;
  }
  assert_true(sawRow3Industry && sawRow3Sector && sawDup);     /* every field of a row is reported */
  ent_import_result_free(&res);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history") - nHist, 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='enterprise.import'"), 1);
  assert_int_equal(test_int(pDb, "SELECT major_hazard_level FROM enterprise WHERE uscc='" USCC_HUAWEI "'"), 2);
  assert_int_equal(test_int(pDb, "SELECT hazards FROM enterprise WHERE uscc='" USCC_HUAWEI "'"), 1 | 1<<5 | 1<<7);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise WHERE address='地址,有逗号'"), 1);
  /* again: nothing changes, nothing is written */
  assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_OK);
  assert_int_equal(res.nUnchanged, 2);
  assert_int_equal(res.nInserted + res.nUpdated, 0);
  ent_import_result_free(&res);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history") - nHist, 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='enterprise.import'"), 1);
  /* the same file as a first load into an empty ledger (two threads,
  ** indexes rebuilt at the end): the same verdicts */
  {
    zf_db *pEmpty = test_db(0);
    assert_int_equal(import_file(pEmpty, 0, zPath, 0, &res, &e), ZF_OK);
    assert_int_equal(res.nInserted, 2);
    assert_int_equal(res.nRefused, 3);
    ent_import_result_free(&res);
    assert_int_equal(test_int(pEmpty, "SELECT count(*) FROM enterprise"), 2);
    assert_int_equal(test_int(pEmpty, "SELECT count(*) FROM enterprise_history"), 2);
    assert_int_equal(test_int(pEmpty, "SELECT count(*) FROM sqlite_schema WHERE type='index' AND tbl_name='enterprise'"
                                      " AND sql IS NOT NULL"), 4);
    db_close(pEmpty);
  }
  /* a street account cannot change an enterprise outside its area by import */
  assert_int_equal(import_file(pDb, &street, zPath, 0, &res, &e), ZF_OK);
  assert_int_equal(res.nUnchanged, 1);                 /* 华为, in 洪都 */
  assert_int_equal(res.nRefused, 4);                   /* 阿里巴巴 is in 三家店 */
  ent_import_result_free(&res);
  unlink(zPath);
  db_close(pDb);
}

static void test_import_files(void **state){
  static const char zNoHeader[] = "a,b,c\r\n1,2,3\r\n";
  static const char zBinary[] = "\xff\xfe\x00\x01\x80\x81\x82\xff\xff\xff";
  zf_db *pDb = test_db(0);
  ent_import_result res;
  zf_error e;
  const char *zPath;
  char zGb[4096], zUtf[4096];
  size_t nIn, nOut;
  char *in, *out;
  iconv_t cd;
  (void)state;
  zPath = write_file(zNoHeader, sizeof zNoHeader - 1);
  assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_EINVAL);
  assert_string_equal(e.field, "file");
  assert_non_null(strstr(e.message, "统一社会信用代码"));
  ent_import_result_free(&res);
  unlink(zPath);
  zPath = write_file(zBinary, sizeof zBinary - 1);
  assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_EINVAL);
  assert_non_null(strstr(e.message, "UTF-8"));
  ent_import_result_free(&res);
  unlink(zPath);
  /* GB18030 (what Excel on Chinese Windows writes) is converted */
  snprintf(zUtf, sizeof zUtf, HEADER USCC_HUAWEI ",华为南昌分公司,洪都中大道1号,360104002,C3421,机械,120,张三,13800138000,,,,,\r\n");
  cd = iconv_open("GB18030", "UTF-8");
  in = zUtf; nIn = strlen(zUtf); out = zGb; nOut = sizeof zGb;
  assert_true(iconv(cd, &in, &nIn, &out, &nOut)!=(size_t)-1);
  iconv_close(cd);
  zPath = write_file(zGb, sizeof zGb - nOut);
  assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_OK);
  assert_int_equal(res.nInserted, 1);
  assert_int_equal(res.wasGb18030, 1);
  ent_import_result_free(&res);
  unlink(zPath);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise WHERE name='华为南昌分公司'"), 1);
  db_close(pDb);
}

/* Export to XLSX and CSV, import both back: nothing changes; into an empty
** ledger: everything comes in. The template is a file the importer reads. */
static void test_roundtrip(void **state){
  zf_db *pDb = test_db(1), *pEmpty = test_db(0);
  ent_import_result res;
  zf_error e = {0};
  int64_t n, nHist = test_int(pDb, "SELECT count(*) FROM enterprise_history");
  const char *azFmt[2] = { ".xlsx", ".csv" };
  int f;
  (void)state;
  for(f=0; f<2; f++){
    char zPath[64];
    snprintf(zPath, sizeof zPath, "/tmp/zhifa-unit-XXXXXX%s", azFmt[f]);
    close(mkstemps(zPath, (int)strlen(azFmt[f])));
    assert_int_equal(enterprise_export(pDb, 0, zPath, f==0, 1, &n, &e), ZF_OK);
    assert_int_equal(n, 3000);
    assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_OK);
    assert_int_equal(res.nRow, 3000);
    assert_int_equal(res.nUnchanged, 3000);
    assert_int_equal(res.nRefused, 0);
    ent_import_result_free(&res);
    assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_history"), nHist);
    if( f==0 ){
      assert_int_equal(import_file(pEmpty, 0, zPath, 0, &res, &e), ZF_OK);
      assert_int_equal(res.nInserted, 3000);
      ent_import_result_free(&res);
      assert_int_equal(test_int(pEmpty, "SELECT sum(hazards) + sum(coalesce(major_hazard_level, 0)) FROM enterprise"),
                       test_int(pDb, "SELECT sum(hazards) + sum(coalesce(major_hazard_level, 0)) FROM enterprise"));
    }
    unlink(zPath);
    assert_int_equal(enterprise_template(zPath, f==0, &e), ZF_OK);
    assert_int_equal(import_file(pDb, 0, zPath, 0, &res, &e), ZF_OK);
    assert_int_equal(res.nRow, 0);
    ent_import_result_free(&res);
    unlink(zPath);
  }
  db_close(pDb);
  db_close(pEmpty);
}

static void test_small_things(void **state){
  char z[32], zNorm[8];
  (void)state;
  ent_mask_phone("13800138000", z, sizeof z);
  assert_string_equal(z, "138****8000");
  ent_mask_phone("0791-88886666", z, sizeof z);
  assert_string_equal(z, "0791-****6666");
  assert_non_null(industry_lookup("C2614", zNorm));
  assert_string_equal(zNorm, "2614");
  assert_non_null(industry_lookup("2614", zNorm));
  assert_null(industry_lookup("A2614", zNorm));
  assert_non_null(industry_lookup("0190", zNorm));       /* a class sharing its group's digits */
  assert_non_null(industry_lookup("c", zNorm));
  assert_string_equal(zNorm, "C");
  assert_int_equal(industry_section("2614"), 'C');
  assert_true(ent_parse_date("2026年3月1日", z) && strcmp(z, "2026-03-01")==0);
  assert_true(ent_parse_date("46082", z) && strcmp(z, "2026-03-01")==0);   /* Excel serial */
  assert_false(ent_parse_date("2026-02-29", z));
}

/* The reference tables in SQL and in C agree. */
static void test_reference_tables(void **state){
  zf_db *pDb = test_db(0);
  char zNorm[8];
  zf_stmt *pStmt;
  int i;
  (void)state;
  for(i=0; enterprise_sectors[i].zCode; i++){
    assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT name FROM sector WHERE code=?", -1, &pStmt, 0), SQLITE_OK);
    db_bind_text(pStmt, 1, enterprise_sectors[i].zCode, -1, DB_STATIC);
    assert_int_equal(sqlite3_step(pStmt), SQLITE_ROW);
    assert_string_equal((const char*)db_column_text(pStmt, 0), enterprise_sectors[i].zName);
    db_finalize(pStmt);
  }
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM sector"), i);
  for(i=0; enterprise_hazards[i].zCode; i++){
    assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT name, bit FROM hazard_kind WHERE code=?", -1, &pStmt, 0), SQLITE_OK);
    db_bind_text(pStmt, 1, enterprise_hazards[i].zCode, -1, DB_STATIC);
    assert_int_equal(sqlite3_step(pStmt), SQLITE_ROW);
    assert_string_equal((const char*)db_column_text(pStmt, 0), enterprise_hazards[i].zName);
    assert_int_equal(db_column_int(pStmt, 1), i);              /* the bit is the C table's index */
    db_finalize(pStmt);
  }
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM hazard_kind"), i);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM industry"), 1771);   /* 1,772 rows, "374" twice */
  assert_string_equal(industry_lookup("374", zNorm), "航空、航天器及设备制造");
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_uscc_check_and_unique),
    cmocka_unit_test(test_field_rules),
    cmocka_unit_test(test_scope),
    cmocka_unit_test(test_history_as_of),
    cmocka_unit_test(test_search_plans),
    cmocka_unit_test(test_import_rules),
    cmocka_unit_test(test_import_files),
    cmocka_unit_test(test_roundtrip),
    cmocka_unit_test(test_small_things),
    cmocka_unit_test(test_reference_tables),
  };
  return cmocka_run_group_tests_name("enterprise", tests, 0, 0);
}
