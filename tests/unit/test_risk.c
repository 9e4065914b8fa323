/*
** test_risk.c — risk grading and the key-enterprise list (src/risk.c):
** each term moves the score by its rule value, thresholds map scores to
** grades, a new published rule set changes grades, facts count inside
** their window only, overrides win, expire, are withdrawn and audited,
** key rows follow the rule (city-supervised and inactive enterprises
** excluded, removals by a person respected), nothing is deleted.
*/
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "enterprise.h"
#include "risk.h"
#include "rules.h"

/* The rule value of zKey in force today. */
static int64_t rule(zf_db *pDb, const char *zKey){
  zf_error e = {0};
  char zToday[11];
  int64_t v = -1;
  calendar_today(zToday);
  assert_int_equal(rules_int(pDb, zKey, zToday, &v, &e), ZF_OK);
  return v;
}

/* A new enterprise in 360104002 (青云谱区洪都街道), recomputed like the API. */
static int64_t mk(zf_db *pDb, const char *zSector, unsigned hazards, int major, int64_t employees,
                  const char *zStd, const char *zLevel){
  static int n = 0;
  ent_ctx c;
  ent_rec *p = malloc(sizeof *p);
  zf_error e = {0};
  int64_t id;
  assert_non_null(p);
  ent_ctx_init(&c, pDb, 0, "test");
  ent_rec_init(p);
  snprintf(p->zUscc, sizeof p->zUscc, "TEST%014d", ++n);
  snprintf(p->zName, sizeof p->zName, "测试企业%d有限公司", n);
  snprintf(p->zAddress, sizeof p->zAddress, "洪都中大道%d号", n);
  snprintf(p->zRegion, sizeof p->zRegion, "360104002");
  snprintf(p->zIndustry, sizeof p->zIndustry, "3421");
  snprintf(p->zSector, sizeof p->zSector, "%s", zSector);
  p->hazards = hazards | (major ? 1u : 0);
  p->majorLevel = major;
  p->employees = employees;
  snprintf(p->zStandard, sizeof p->zStandard, "%s", zStd);
  snprintf(p->zLevel, sizeof p->zLevel, "%s", zLevel);
  assert_int_equal(enterprise_create(&c, p, &e), ZF_OK);
  id = p->id;
  ent_ctx_free(&c);
  free(p);
  return id;
}

/* Changes fields of enterprise id through the ledger (recompute hook). */
static void patch(zf_db *pDb, int64_t id, void (*x)(ent_rec*), unsigned mask){
  ent_ctx c;
  ent_rec *p = malloc(sizeof *p);
  zf_error e = {0};
  assert_non_null(p);
  assert_int_equal(ent_load(pDb, id, p), ZF_OK);
  x(p);
  ent_ctx_init(&c, pDb, 0, "test");
  if( enterprise_patch(&c, id, p, mask, 0, &e)!=ZF_OK ) fail_msg("patch: %s [%s]", e.message, e.field);
  ent_ctx_free(&c);
  free(p);
}

static int64_t score(zf_db *pDb, int64_t id){
  char zSql[128];
  snprintf(zSql, sizeof zSql, "SELECT score FROM enterprise_risk WHERE enterprise_id=%lld", (long long)id);
  return test_int(pDb, zSql);
}

/* Grade in force (0 red … 3 blue) or computed grade when computed = 1. */
static int grade(zf_db *pDb, int64_t id, int computed){
  zf_stmt *pStmt = 0;
  int g = -1;
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), computed
    ? "SELECT computed_grade FROM enterprise_risk WHERE enterprise_id=?"
    : "SELECT grade FROM enterprise_risk WHERE enterprise_id=?", -1, &pStmt, 0), SQLITE_OK);
  db_bind_int64(pStmt, 1, id);
  if( sqlite3_step(pStmt)==SQLITE_ROW ) g = risk_grade_find((const char*)db_column_text(pStmt, 0));
  db_finalize(pStmt);
  return g;
}

static int64_t count(zf_db *pDb, const char *zFmt, int64_t id){
  char zSql[400];
  snprintf(zSql, sizeof zSql, zFmt, (long long)id);
  return test_int(pDb, zSql);
}

static int this_year(void){
  char z[11];
  calendar_today(z);
  return atoi(z);
}

static void set_chem(ent_rec *p){ snprintf(p->zSector, sizeof p->zSector, "chem"); }
static void set_dust(ent_rec *p){ p->hazards |= 1u<<5; }
static void set_major2(ent_rec *p){ p->hazards |= 1u; p->majorLevel = 2; }
static void set_medium(ent_rec *p){ p->employees = 150; }
static void set_large(ent_rec *p){ p->employees = 5000; }
static void set_std_none(ent_rec *p){ snprintf(p->zStandard, sizeof p->zStandard, "none"); }
static void set_city(ent_rec *p){ snprintf(p->zLevel, sizeof p->zLevel, "city"); }
static void set_district(ent_rec *p){ snprintf(p->zLevel, sizeof p->zLevel, "district"); }
static void set_closed(ent_rec *p){
  snprintf(p->zStatus, sizeof p->zStatus, "closed");
  snprintf(p->zStatusReason, sizeof p->zStatusReason, "企业已注销");
}

/* Every model key has a shipped default; feature keys follow the ledger's
** hazard kinds bit by bit. */
static void test_rule_keys(void **state){
  rules_value v;
  char zKey[80];
  int i;
  (void)state;
  for(i=0; risk_rule_keys[i]; i++){
    if( rules_default_find(risk_rule_keys[i], &v)!=ZF_OK ) fail_msg("no default for %s", risk_rule_keys[i]);
    assert_int_equal(v.verified, 0);                 /* platform defaults are 待核 */
  }
  assert_int_equal(i, 48);
  for(i=1; enterprise_hazards[i].zCode; i++){
    snprintf(zKey, sizeof zKey, "risk.w.feature.%s", enterprise_hazards[i].zCode);
    assert_string_equal(risk_rule_keys[12 + i - 1], zKey);
  }
}

/* Each term moves the score by exactly its rule value. */
static void test_terms_follow_weights(void **state){
  zf_db *pDb = test_db(0);
  int64_t id, s;
  json_t *p;
  (void)state;
  id = mk(pDb, "other", 0, 0, 10, "level1", "district");
  s = score(pDb, id);
  assert_int_equal(s, rule(pDb, "risk.w.sector.other") + rule(pDb, "risk.w.size.small")
                      + rule(pDb, "risk.w.standard.level1"));
  patch(pDb, id, set_chem, EF_BIT(EF_SECTOR));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.sector.chem") - rule(pDb, "risk.w.sector.other"));
  s = score(pDb, id);
  patch(pDb, id, set_dust, EF_BIT(EF_HAZARDS));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.feature.dust"));
  s = score(pDb, id);
  patch(pDb, id, set_major2, EF_BIT(EF_HAZARDS));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.major_hazard.level2"));
  s = score(pDb, id);
  patch(pDb, id, set_medium, EF_BIT(EF_EMPLOYEES));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.size.medium") - rule(pDb, "risk.w.size.small"));
  s = score(pDb, id);
  patch(pDb, id, set_large, EF_BIT(EF_EMPLOYEES));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.size.large") - rule(pDb, "risk.w.size.medium"));
  s = score(pDb, id);
  patch(pDb, id, set_std_none, EF_BIT(EF_STANDARD));
  assert_int_equal(score(pDb, id) - s, rule(pDb, "risk.w.standard.none") - rule(pDb, "risk.w.standard.level1"));
  /* the terms say the same, term by term, and add up */
  p = risk_enterprise_json(pDb, id);
  assert_non_null(p);
  {
    json_t *t, *terms = json_object_get(p, "terms");
    size_t i;
    int64_t sum = 0;
    int sawDust = 0;
    json_array_foreach(terms, i, t){
      sum += json_integer_value(json_object_get(t, "points"));
      if( strcmp(json_string_value(json_object_get(t, "key")), "risk.w.feature.dust")==0 ){
        sawDust = 1;
        assert_string_equal(json_string_value(json_object_get(t, "label")), "粉尘涉爆");
      }
      assert_non_null(json_object_get(t, "detail"));
    }
    assert_int_equal(sum, score(pDb, id));
    assert_int_equal(json_integer_value(json_object_get(p, "score")), sum);
    assert_true(sawDust);
  }
  json_decref(p);
  db_close(pDb);
}

/* Scores map to grades by the thresholds (≥ red, ≥ orange, ≥ yellow). */
static void test_thresholds(void **state){
  zf_db *pDb = test_db(1);                                  /* ~3,000 demo enterprises */
  char zSql[600];
  (void)state;
  snprintf(zSql, sizeof zSql, "SELECT count(*) FROM enterprise_risk WHERE computed_grade <> CASE"
           " WHEN score>=%lld THEN 'red' WHEN score>=%lld THEN 'orange' WHEN score>=%lld THEN 'yellow'"
           " ELSE 'blue' END", (long long)rule(pDb, "risk.grade.red"), (long long)rule(pDb, "risk.grade.orange"),
           (long long)rule(pDb, "risk.grade.yellow"));
  assert_int_equal(test_int(pDb, zSql), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_risk"), test_int(pDb, "SELECT count(*) FROM enterprise"));
  assert_true(test_int(pDb, "SELECT count(DISTINCT computed_grade) FROM enterprise_risk")==4);
  /* grade in force differs from the model only under an override */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM enterprise_risk WHERE grade<>computed_grade AND override_id IS NULL"), 0);
  /* a second pass over an unchanged ledger writes nothing */
  {
    risk_result res;
    zf_error e = {0};
    assert_int_equal(risk_recompute_all(pDb, "test", "", &res, &e), ZF_OK);
    assert_int_equal(res.nEnterprise, test_int(pDb, "SELECT count(*) FROM enterprise"));
    assert_int_equal(res.nWritten, 0);
    assert_int_equal(res.nKeyAdded + res.nKeyRemoved, 0);
  }
  db_close(pDb);
}

/* A changed weight in a newly published rule set changes the grade. */
static void test_new_rule_set(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  char zToday[11];
  rules_set_new nu = {0, "2026年风险分级权重调整", 0, 0, 0};
  rules_value_edit ed;
  risk_result res;
  int64_t id, setId, oldSet;
  (void)state;
  id = mk(pDb, "other", 0, 0, 10, "level1", "district");
  assert_int_equal(grade(pDb, id, 0), RISK_BLUE);
  oldSet = count(pDb, "SELECT rule_set_id FROM enterprise_risk WHERE enterprise_id=%lld", id);
  calendar_today(zToday);
  nu.zEffective = zToday;
  assert_int_equal(rules_set_create(pDb, "legal", &nu, &setId, &e), ZF_OK);
  memset(&ed, 0, sizeof ed);
  ed.zKey = "risk.w.sector.other";
  ed.hasValue = 1;
  ed.value = 90;
  ed.verified = -1;
  assert_int_equal(rules_set_update(pDb, "legal", setId, 0, &ed, 1, &e), ZF_OK);
  /* a draft changes nothing */
  assert_int_equal(risk_recompute_all(pDb, "test", "", &res, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_BLUE);
  assert_int_equal(rules_set_publish(pDb, "legal", setId, 0, 0, &e), ZF_OK);
  assert_int_equal(risk_recompute_all(pDb, "test", "", &res, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_RED);
  assert_int_equal(res.setId, setId);
  assert_true(res.nGradeChanged>=1);
  assert_int_equal(count(pDb, "SELECT rule_set_id FROM enterprise_risk WHERE enterprise_id=%lld", id), setId);
  assert_true(setId!=oldSet);
  assert_int_equal(score(pDb, id), 90 + rule(pDb, "risk.w.size.small"));
  /* red is a key-rule criterion: on this year's list now, audited */
  assert_int_equal(risk_is_key(pDb, id, this_year()), 1);
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='risk.recompute'")>=2);
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='key_enterprise.rule_add'")>=1);
  db_close(pDb);
}

/* Facts count inside the window only; voided ones never; caps hold. */
static void test_facts(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  risk_fact_new f;
  char zDate[11], zToday[11];
  int64_t id, fid, s0, i;
  (void)state;
  id = mk(pDb, "other", 0, 0, 10, "level1", "district");
  s0 = score(pDb, id);
  calendar_today(zToday);
  memset(&f, 0, sizeof f);
  f.enterpriseId = id;
  f.zKind = "accident";
  f.severity = 2;
  f.zNote = "测试事故";
  calendar_days_add(zToday, -10, zDate, 0);
  f.zOccurred = zDate;
  assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &fid, &e), ZF_OK);
  assert_int_equal(score(pDb, id) - s0, 2 * rule(pDb, "risk.w.accident"));
  /* outside the window: shown, not counted */
  calendar_months_add(zToday, -12 * (int)rule(pDb, "risk.window_years") - 1, zDate, 0);
  f.zOccurred = zDate;
  assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &i, &e), ZF_OK);
  assert_int_equal(score(pDb, id) - s0, 2 * rule(pDb, "risk.w.accident"));
  /* voided: no longer counted, kept */
  assert_int_equal(risk_fact_void(pDb, 0, "brigade", fid, "", &e), ZF_EMISSING);
  assert_string_equal(e.field, "reason");
  assert_int_equal(risk_fact_void(pDb, 0, "brigade", fid, "录入错误", &e), ZF_OK);
  assert_int_equal(score(pDb, id), s0);
  assert_int_equal(risk_fact_void(pDb, 0, "brigade", fid, "再次作废", &e), ZF_ECONFLICT);
  assert_int_equal(count(pDb, "SELECT count(*) FROM risk_fact WHERE enterprise_id=%lld", id), 2);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM risk_fact", ""), ZF_OK);
  /* the cap */
  calendar_days_add(zToday, -5, zDate, 0);
  f.zOccurred = zDate;
  for(i=0; i<6; i++) assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &fid, &e), ZF_OK);
  assert_int_equal(score(pDb, id) - s0, rule(pDb, "risk.cap.accident"));
  /* dishonesty list: flat */
  f.zKind = "dishonest";
  s0 = score(pDb, id);
  assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &fid, &e), ZF_OK);
  assert_int_equal(score(pDb, id) - s0, rule(pDb, "risk.w.dishonest"));
  /* bad input names the field and writes nothing */
  i = test_int(pDb, "SELECT count(*) FROM risk_fact");
  f.zKind = "fire"; assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_EINVAL); assert_string_equal(e.field, "kind");
  f.zKind = "violation"; f.severity = 5;
  assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_EINVAL); assert_string_equal(e.field, "severity");
  f.severity = 1; calendar_days_add(zToday, 1, zDate, 0);
  assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_EINVAL); assert_string_equal(e.field, "occurred_on");
  f.zOccurred = "2026-02-30";
  assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_EINVAL); assert_string_equal(e.field, "occurred_on");
  f.zOccurred = zToday; f.zNote = "x";
  assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_EINVAL); assert_string_equal(e.field, "note");
  f.zNote = "说明"; f.enterpriseId = 999999;
  assert_int_equal(risk_fact_add(pDb, 0, "b", &f, &fid, &e), ZF_ENOTFOUND); assert_string_equal(e.field, "enterprise_id");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM risk_fact"), i);
  db_close(pDb);
}

/* An override wins, needs a reason, is audited, expires, is withdrawn and kept. */
static void test_override(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  char zToday[11];
  int64_t id, o1, o2, nAudit;
  (void)state;
  id = mk(pDb, "other", 0, 0, 10, "level1", "district");
  assert_int_equal(grade(pDb, id, 0), RISK_BLUE);
  assert_int_equal(risk_override_add(pDb, 0, "brigade", id, "red", "", 0, &o1, &e), ZF_EMISSING);
  assert_string_equal(e.field, "reason");
  assert_int_equal(risk_override_add(pDb, 0, "brigade", id, "purple", "理由充分", 0, &o1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "grade");
  assert_int_equal(risk_override_add(pDb, 0, "brigade", id, "red", "理由充分", "2020-01-01", &o1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "expires_on");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM risk_override"), 0);
  nAudit = test_int(pDb, "SELECT count(*) FROM audit WHERE action='risk_override.add'");
  assert_int_equal(risk_override_add(pDb, 0, "brigade", id, "red", "群众举报属实，调高等级", 0, &o1, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_RED);
  assert_int_equal(grade(pDb, id, 1), RISK_BLUE);           /* the model's grade is kept beside it */
  assert_int_equal(count(pDb, "SELECT override_id FROM enterprise_risk WHERE enterprise_id=%lld", id), o1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='risk_override.add'"), nAudit + 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='risk.grade'"), 1);
  /* the override's grade survives recomputes and ledger changes */
  patch(pDb, id, set_medium, EF_BIT(EF_EMPLOYEES));
  assert_int_equal(grade(pDb, id, 0), RISK_RED);
  /* a new one withdraws the old; both kept */
  calendar_today(zToday);
  assert_int_equal(risk_override_add(pDb, 0, "leader", id, "yellow", "整改验收合格，调整为一般", zToday, &o2, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_YELLOW);
  assert_int_equal(count(pDb, "SELECT count(*) FROM risk_override WHERE enterprise_id=%lld", id), 2);
  assert_int_equal(count(pDb, "SELECT withdrawn_at IS NOT NULL FROM risk_override WHERE id=%lld", o1), 1);
  assert_int_equal(risk_override_withdraw(pDb, 0, "leader", o1, "再次撤销", &e), ZF_ECONFLICT);
  /* expiry: the day after its last day the model's grade is in force */
  clock_advance(2 * 86400);
  assert_int_equal(risk_expire_overrides(pDb, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_BLUE);
  clock_advance(-2 * 86400);
  /* withdraw: back to the model; kept with who and why */
  assert_int_equal(risk_override_add(pDb, 0, "leader", id, "orange", "专项检查期间从严管理", 0, &o2, &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_ORANGE);
  assert_int_equal(risk_override_withdraw(pDb, 0, "leader", o2, "", &e), ZF_EMISSING);
  assert_int_equal(risk_override_withdraw(pDb, 0, "leader", o2, "专项结束", &e), ZF_OK);
  assert_int_equal(grade(pDb, id, 0), RISK_BLUE);
  assert_int_equal(count(pDb, "SELECT count(*) FROM risk_override WHERE enterprise_id=%lld AND withdraw_reason='专项结束'", id), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='risk_override.withdraw'"), 3);     /* replaced, replaced after expiry, withdrawn */
  assert_int_not_equal(db_exec(pDb, "DELETE FROM risk_override", ""), ZF_OK);
  db_close(pDb);
}

/* Key rows follow the rule; city-supervised and closed ones are excluded;
** a person's removal is respected; nothing is deleted. */
static void test_key_rule(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int y = this_year();
  int64_t chem, city, plain, kid, *aId = 0;
  int nId = 0;
  (void)state;
  chem = mk(pDb, "chem", 0, 3, 50, "level3", "district");
  assert_int_equal(risk_is_key(pDb, chem, y), 1);
  assert_int_equal(risk_is_key(pDb, chem, y + 1), 1);
  assert_int_equal(count(pDb, "SELECT count(*) FROM key_enterprise WHERE enterprise_id=%lld AND basis='rule'"
                              " AND reason LIKE '%%危险化学品%%'", chem), 2);
  assert_int_equal(risk_key_ids(pDb, y, "/360000/", &aId, &nId), ZF_OK);
  assert_int_equal(nId, 1);
  assert_int_equal(aId[0], chem);
  free(aId);
  /* supervised by the city: removed (kept) with the reason; back: re-added */
  patch(pDb, chem, set_city, EF_BIT(EF_LEVEL));
  assert_int_equal(risk_is_key(pDb, chem, y), 0);
  assert_int_equal(count(pDb, "SELECT count(*) FROM key_enterprise WHERE enterprise_id=%lld"
                              " AND remove_reason LIKE '不再符合规则%%市级%%'", chem), 2);
  patch(pDb, chem, set_district, EF_BIT(EF_LEVEL));
  assert_int_equal(risk_is_key(pDb, chem, y), 1);
  assert_int_equal(count(pDb, "SELECT count(*) FROM key_enterprise WHERE enterprise_id=%lld", chem), 4);
  /* a person removes it: the rule does not put it back this year */
  kid = count(pDb, "SELECT id FROM key_enterprise WHERE enterprise_id=%lld AND removed_at IS NULL ORDER BY year LIMIT 1", chem);
  assert_int_equal(risk_key_remove(pDb, 0, "brigade", kid, "", &e), ZF_EMISSING);
  assert_int_equal(risk_key_remove(pDb, 0, "brigade", kid, "已列入市级联合检查计划", &e), ZF_OK);
  assert_int_equal(risk_recompute_one(pDb, chem, "test", &e), ZF_OK);
  assert_int_equal(risk_is_key(pDb, chem, y), 0);
  assert_int_equal(risk_is_key(pDb, chem, y + 1), 1);
  assert_int_equal(risk_key_remove(pDb, 0, "brigade", kid, "再次移出", &e), ZF_ECONFLICT);
  /* city-supervised: never on the district's list, by rule or by hand */
  city = mk(pDb, "chem", 0, 1, 500, "none", "city");
  assert_int_equal(grade(pDb, city, 0), RISK_RED);
  assert_int_equal(risk_is_key(pDb, city, y), 0);
  assert_int_equal(risk_key_add(pDb, 0, "brigade", city, y, "重点关注", &kid, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "enterprise_id");
  assert_non_null(strstr(e.message, "市级"));
  /* manual: reason required, this or next year, once; kept on removal */
  plain = mk(pDb, "other", 0, 0, 10, "level1", "street");
  assert_int_equal(risk_key_add(pDb, 0, "brigade", plain, y, "", &kid, &e), ZF_EMISSING);
  assert_int_equal(risk_key_add(pDb, 0, "brigade", plain, y - 1, "补录", &kid, &e), ZF_EINVAL);
  assert_string_equal(e.field, "year");
  assert_int_equal(risk_key_add(pDb, 0, "brigade", plain, y, "举报较多，列入重点", &kid, &e), ZF_OK);
  assert_int_equal(risk_key_add(pDb, 0, "brigade", plain, y, "重复列入", &kid, &e), ZF_ECONFLICT);
  assert_int_equal(risk_recompute_one(pDb, plain, "test", &e), ZF_OK);
  assert_int_equal(risk_is_key(pDb, plain, y), 1);           /* manual rows are not the rule's */
  /* closing the enterprise takes it off the list */
  patch(pDb, plain, set_closed, EF_BIT(EF_STATUS) | EF_BIT(EF_STATUS_REASON));
  assert_int_equal(risk_is_key(pDb, plain, y), 0);
  assert_int_equal(count(pDb, "SELECT count(*) FROM key_enterprise WHERE enterprise_id=%lld"
                              " AND remove_reason LIKE '不再属于本级名单%%关闭%%'", plain), 1);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM key_enterprise", ""), ZF_OK);
  assert_true(test_int(pDb, "SELECT count(*) FROM audit WHERE action='key_enterprise.rule_remove'")>=3);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='key_enterprise.add'"), 1);
  db_close(pDb);
}

/* A recent serious violation makes a key enterprise (rule 3). */
static void test_key_recent_serious(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  risk_fact_new f;
  char zToday[11];
  int64_t id, fid;
  (void)state;
  id = mk(pDb, "trade.machinery", 0, 0, 10, "level1", "district");
  assert_int_equal(risk_is_key(pDb, id, this_year()), 0);
  calendar_today(zToday);
  memset(&f, 0, sizeof f);
  f.enterpriseId = id; f.zKind = "violation"; f.zOccurred = zToday; f.zNote = "违法行为";
  f.severity = (int)rule(pDb, "risk.key.serious_severity") - 1;
  if( f.severity>=1 ){
    assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &fid, &e), ZF_OK);
    assert_int_equal(risk_is_key(pDb, id, this_year()), 0);
  }
  f.severity = (int)rule(pDb, "risk.key.serious_severity");
  assert_int_equal(risk_fact_add(pDb, 0, "brigade", &f, &fid, &e), ZF_OK);
  assert_int_equal(risk_is_key(pDb, id, this_year()), 1);
  assert_int_equal(risk_fact_void(pDb, 0, "brigade", fid, "误录", &e), ZF_OK);
  assert_int_equal(risk_is_key(pDb, id, this_year()), 0);
  assert_int_equal(count(pDb, "SELECT count(*) FROM key_enterprise WHERE enterprise_id=%lld AND remove_reason='不再符合规则'", id), 2);
  db_close(pDb);
}

/* Scope: a street account reaches only its street's enterprises. */
static void test_scope(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  zf_who who;
  int64_t mine, other, oid;
  (void)state;
  memset(&who, 0, sizeof who);
  snprintf(who.zUsername, sizeof who.zUsername, "street1");
  snprintf(who.zScope, sizeof who.zScope, "360104002");
  snprintf(who.zScopePath, sizeof who.zScopePath, "/360000/360100/360104/360104002/");
  mine = test_int(pDb, "SELECT min(id) FROM enterprise WHERE region='360104002'");
  other = test_int(pDb, "SELECT min(id) FROM enterprise WHERE region='360104006'");
  assert_int_equal(risk_enterprise_check(pDb, &who, mine, 0, 0, &e), ZF_OK);
  assert_int_equal(risk_enterprise_check(pDb, &who, other, 0, 0, &e), ZF_ESCOPE);
  assert_int_equal(risk_override_add(pDb, &who, "street1", other, "red", "越权调整", 0, &oid, &e), ZF_ESCOPE);
  /* the demo: key lists of both years, a manual addition, an override */
  assert_true(test_int(pDb, "SELECT count(*) FROM key_enterprise WHERE removed_at IS NULL AND basis='rule'")>20);
  assert_true(test_int(pDb, "SELECT count(*) FROM key_enterprise WHERE basis='manual'")>=2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM risk_override WHERE withdrawn_at IS NULL"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id"
                                 " WHERE k.removed_at IS NULL AND (e.supervising_level IN ('city','province')"
                                 " OR e.status<>'active')"), 0);
  db_close(pDb);
}

/* After an import-like change: the touched enterprises are recomputed. */
static void test_recompute_since(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int64_t id, hist;
  (void)state;
  id = mk(pDb, "other", 0, 0, 10, "level1", "district");
  hist = test_int(pDb, "SELECT max(id) FROM enterprise_history") + 1;
  assert_int_equal(db_exec(pDb, "UPDATE enterprise SET sector='chem' WHERE id=?", "i", id), ZF_OK);
  assert_int_equal(db_exec(pDb, "INSERT INTO enterprise_history(enterprise_id, version, at, actor, action, source,"
                   " change) VALUES(?, 99, 't', 'test', 'update', 'import', '{}')", "i", id), ZF_OK);
  assert_int_equal(db_begin(pDb), ZF_OK);
  assert_int_equal(risk_recompute_since(pDb, hist, "test", &e), ZF_OK);
  assert_int_equal(db_commit(pDb), ZF_OK);
  assert_int_equal(score(pDb, id), rule(pDb, "risk.w.sector.chem") + rule(pDb, "risk.w.size.small"));
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rule_keys),
    cmocka_unit_test(test_terms_follow_weights),
    cmocka_unit_test(test_thresholds),
    cmocka_unit_test(test_new_rule_set),
    cmocka_unit_test(test_facts),
    cmocka_unit_test(test_override),
    cmocka_unit_test(test_key_rule),
    cmocka_unit_test(test_key_recent_serious),
    cmocka_unit_test(test_scope),
    cmocka_unit_test(test_recompute_since),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
