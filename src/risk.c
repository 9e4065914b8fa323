/*
** risk.c — risk grading and the key-enterprise list (plan clauses 14, 18;
** see risk.h for the model and the key rule in full).
**
** Rules enforced here (each has a unit test in tests/unit/test_risk.c):
**   - the score is the sum of its terms, each the value of a rule key of
**     the set in force (weights and thresholds are never constants here);
**     sets published before the risk.* keys existed use the shipped
**     defaults (rules_get_in_set falls back, marked 待核);
**   - facts count inside the window risk.window_years, voided ones never;
**   - an override needs a reason, may expire, is audited, and its grade is
**     the one in force; a new override withdraws the open one; withdrawn
**     overrides and voided facts are kept;
**   - key rows by rule follow the rule at every recompute for this year and
**     next; city- and province-supervised or inactive enterprises are never
**     on the district's list; a rule row removed by a person stays removed
**     that year; nothing is deleted; every key change is audited.
**
** Speed: the whole ledger is one pass — the enterprises in id order merged
** with three id-ordered side queries (aggregated facts, overrides in force,
** key rows of the two years) — with cached statements, terms rendered by
** snprintf (no JSON library per row) and a row written only when any of
** its values changed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "enterprise.h"
#include "risk.h"
#include "rules.h"

/* ---- vocabularies ------------------------------------------------------ */

const char *const risk_grade_codes[RISK_NGRADE] = {"red", "orange", "yellow", "blue"};
const char *const risk_grade_names[RISK_NGRADE] = {"重大", "较大", "一般", "低"};

const char *const risk_fact_kinds[] = {"accident", "violation", "hazard", "major_hazard_found",
                                       "dishonest", 0};
const char *const risk_fact_kind_names[] = {"生产安全事故", "安全生产违法行为", "一般事故隐患",
                                            "重大事故隐患", "严重失信主体名单", 0};
const char *const risk_severity_names[5] = {"", "一般", "较大", "重大", "特别重大"};
enum { RF_ACCIDENT, RF_VIOLATION, RF_HAZARD, RF_MAJOR_FOUND, RF_DISHONEST, RF_COUNT };

/* The model's keys; RK_FEAT + (bit - 1) is hazard feature `bit` (1..11)
** of enterprise_hazards[] (a unit test checks the names agree). */
enum {
  RK_WINDOW,
  RK_SEC_CHEM, RK_SEC_FIREWORKS, RK_SEC_MINING, RK_SEC_METALLURGY, RK_SEC_NONFERROUS,
  RK_SEC_TRADE, RK_SEC_OTHER,
  RK_MAJOR1, RK_MAJOR2, RK_MAJOR3, RK_MAJOR4,
  RK_FEAT,
  RK_SIZE_LARGE_EMP = RK_FEAT + 11, RK_SIZE_MEDIUM_EMP, RK_W_SIZE_LARGE, RK_W_SIZE_MEDIUM,
  RK_W_SIZE_SMALL,
  RK_STD_NONE, RK_STD_L3, RK_STD_L2, RK_STD_L1,
  RK_W_ACCIDENT, RK_CAP_ACCIDENT, RK_W_VIOLATION, RK_CAP_VIOLATION, RK_W_HAZARD, RK_CAP_HAZARD,
  RK_W_MAJOR_FOUND, RK_CAP_MAJOR_FOUND, RK_W_DISHONEST,
  RK_GRADE_RED, RK_GRADE_ORANGE, RK_GRADE_YELLOW,
  RK_KEY_CHEM_LEVEL, RK_KEY_GRADE, RK_KEY_RECENT_MONTHS, RK_KEY_SEVERITY,
  RK_COUNT
};

const char *const risk_rule_keys[] = {
  "risk.window_years",
  "risk.w.sector.chem", "risk.w.sector.fireworks", "risk.w.sector.mining",
  "risk.w.sector.metallurgy", "risk.w.sector.nonferrous", "risk.w.sector.trade",
  "risk.w.sector.other",
  "risk.w.major_hazard.level1", "risk.w.major_hazard.level2", "risk.w.major_hazard.level3",
  "risk.w.major_hazard.level4",
  "risk.w.feature.chem_produce", "risk.w.feature.chem_store", "risk.w.feature.chem_use",
  "risk.w.feature.chem_sell", "risk.w.feature.dust", "risk.w.feature.ammonia",
  "risk.w.feature.confined", "risk.w.feature.metal_smelting", "risk.w.feature.hot_work",
  "risk.w.feature.gas", "risk.w.feature.lifting",
  "risk.size.large_employees", "risk.size.medium_employees", "risk.w.size.large",
  "risk.w.size.medium", "risk.w.size.small",
  "risk.w.standard.none", "risk.w.standard.level3", "risk.w.standard.level2",
  "risk.w.standard.level1",
  "risk.w.accident", "risk.cap.accident", "risk.w.violation", "risk.cap.violation",
  "risk.w.hazard", "risk.cap.hazard", "risk.w.major_hazard_found", "risk.cap.major_hazard_found",
  "risk.w.dishonest",
  "risk.grade.red", "risk.grade.orange", "risk.grade.yellow",
  "risk.key.chem_major_hazard_level", "risk.key.grade_rank", "risk.key.recent_months",
  "risk.key.serious_severity",
  0
};

/* Weight and cap keys of the fact kinds (-1: no cap). */
static const int risk_fact_w[RF_COUNT][2] = {
  {RK_W_ACCIDENT, RK_CAP_ACCIDENT}, {RK_W_VIOLATION, RK_CAP_VIOLATION},
  {RK_W_HAZARD, RK_CAP_HAZARD}, {RK_W_MAJOR_FOUND, RK_CAP_MAJOR_FOUND}, {RK_W_DISHONEST, -1},
};

/* Who removes and adds rows by rule (not a valid username: has ':'). */
#define RISK_RULE_ACTOR "system:rule"

int risk_grade_find(const char *z){
  int i;
  for(i=0; z && i<RISK_NGRADE; i++) if( strcmp(z, risk_grade_codes[i])==0 ) return i;
  return -1;
}

static int risk_kind_find(const char *z){
  int i;
  for(i=0; z && risk_fact_kinds[i]; i++) if( strcmp(z, risk_fact_kinds[i])==0 ) return i;
  return -1;
}

/* ---- the model ------------------------------------------------------------ */

int risk_model_load(zf_db *pDb, const char *zDate, risk_model *pM, zf_error *e){
  rules_set_ref ref;
  rules_value v;
  int i, rc;
  memset(pM, 0, sizeof *pM);
  if( zDate ) snprintf(pM->zToday, sizeof pM->zToday, "%s", zDate);
  else calendar_today(pM->zToday);
  rc = rules_set_in_force(pDb, pM->zToday, &ref, e);
  if( rc ) return rc;
  pM->setId = ref.id;
  snprintf(pM->zSetName, sizeof pM->zSetName, "%s", ref.zName);
  for(i=0; i<RK_COUNT; i++){
    rc = rules_get_in_set(pDb, ref.id, risk_rule_keys[i], &v, e);
    if( rc ) return rc;
    pM->aValue[i] = v.value;
  }
  pM->year = atoi(pM->zToday);
  rc = calendar_months_add(pM->zToday, -12 * (int)(pM->aValue[RK_WINDOW] > 100 ? 100 : pM->aValue[RK_WINDOW]),
                           pM->zWindowFrom, e);
  if( rc==ZF_OK ){
    int64_t m = pM->aValue[RK_KEY_RECENT_MONTHS];
    rc = calendar_months_add(pM->zToday, -(int)(m > 1200 ? 1200 : m), pM->zRecentFrom, e);
  }
  return rc;
}

/* ---- one enterprise's score ----------------------------------------------- */

/* What the model reads of one enterprise. */
typedef struct risk_in {
  int64_t id;
  char zSector[24], zStandard[12], zLevel[12], zStatus[12], zRegion[16];
  unsigned hazards;
  int majorLevel;
  int64_t employees;            /* -1: not recorded */
  int aCount[RF_COUNT];         /* facts inside the window */
  int aSev[RF_COUNT];           /* sum of their severities */
  int recentSerious;            /* accident/violation: recent and serious */
  int64_t overrideId;           /* 0: none in force */
  int overrideGrade;
} risk_in;

/* What it gives. */
typedef struct risk_out {
  int64_t score;
  int computed, grade;          /* RISK_* */
  char zTerms[4096];
  size_t nTerms;
  int keyRule;                  /* meets the key rule (and is eligible) */
  const char *zIneligible;      /* why not on this level's list, or NULL */
  char zKeyReason[400];
} risk_out;

/* Appends z to p->zTerms (cut at the buffer's end; the pass is measured
** in bytes, so no printf here). */
static void risk_cat(risk_out *p, const char *z){
  size_t k = strlen(z);
  if( p->nTerms + k + 2 > sizeof p->zTerms ) k = sizeof p->zTerms - p->nTerms - 2;
  memcpy(p->zTerms + p->nTerms, z, k);
  p->nTerms += k;
  p->zTerms[p->nTerms] = 0;
}

/* Appends one term. Labels and details are our own texts and numbers (no
** quotes or backslashes), so no escaping is needed. */
static void risk_term(risk_out *p, const char *zKey, const char *zLabel, int64_t points,
                      const char *zDetail){
  char zNum[24], *z = zNum + sizeof zNum - 1;
  uint64_t v = points<0 ? (uint64_t)-points : (uint64_t)points;
  *z = 0;
  do{ *--z = (char)('0' + v % 10); v /= 10; }while( v );
  if( points<0 ) *--z = '-';
  risk_cat(p, p->nTerms>1 ? ",{\"key\":\"" : "{\"key\":\"");
  risk_cat(p, zKey);
  risk_cat(p, "\",\"label\":\"");
  risk_cat(p, zLabel);
  risk_cat(p, "\",\"points\":");
  risk_cat(p, z);
  risk_cat(p, ",\"detail\":\"");
  risk_cat(p, zDetail);
  risk_cat(p, "\"}");
  p->score += points;
}

static int risk_sector_key(const char *z){
  if( strcmp(z, "chem")==0 ) return RK_SEC_CHEM;
  if( strcmp(z, "fireworks")==0 ) return RK_SEC_FIREWORKS;
  if( strcmp(z, "mining")==0 ) return RK_SEC_MINING;
  if( strcmp(z, "trade.metallurgy")==0 ) return RK_SEC_METALLURGY;
  if( strcmp(z, "trade.nonferrous")==0 ) return RK_SEC_NONFERROUS;
  if( strncmp(z, "trade", 5)==0 ) return RK_SEC_TRADE;
  return RK_SEC_OTHER;
}

/* Sector, hazard features, size and standardisation terms. */
static void risk_terms_ledger(const risk_model *m, const risk_in *in, risk_out *o){
  static const char *const azMajor[5] = {"", "一级", "二级", "三级", "四级"};
  const int64_t *w = m->aValue;
  char zDetail[160];
  int k, bit;
  k = risk_sector_key(in->zSector);
  risk_term(o, risk_rule_keys[k], "监管行业", w[k], ent_choice_name(enterprise_sectors, in->zSector));
  if( (in->hazards & 1u) && in->majorLevel>=1 && in->majorLevel<=4 ){
    k = RK_MAJOR1 + in->majorLevel - 1;
    snprintf(zDetail, sizeof zDetail, "%s重大危险源", azMajor[in->majorLevel]);
    risk_term(o, risk_rule_keys[k], "重大危险源", w[k], zDetail);
  }
  for(bit=1; bit<=11 && enterprise_hazards[bit].zCode; bit++){
    if( !(in->hazards & (1u<<bit)) ) continue;
    risk_term(o, risk_rule_keys[RK_FEAT + bit - 1], enterprise_hazards[bit].zName, w[RK_FEAT + bit - 1], "");
  }
  if( in->employees<0 ){
    risk_term(o, risk_rule_keys[RK_W_SIZE_SMALL], "企业规模", w[RK_W_SIZE_SMALL], "从业人员数未登记，按小型计");
  }else if( in->employees>=w[RK_SIZE_LARGE_EMP] ){
    snprintf(zDetail, sizeof zDetail, "从业人员 %lld 人（%lld 人及以上）", (long long)in->employees,
             (long long)w[RK_SIZE_LARGE_EMP]);
    risk_term(o, risk_rule_keys[RK_W_SIZE_LARGE], "企业规模", w[RK_W_SIZE_LARGE], zDetail);
  }else if( in->employees>=w[RK_SIZE_MEDIUM_EMP] ){
    snprintf(zDetail, sizeof zDetail, "从业人员 %lld 人（%lld–%lld 人）", (long long)in->employees,
             (long long)w[RK_SIZE_MEDIUM_EMP], (long long)w[RK_SIZE_LARGE_EMP] - 1);
    risk_term(o, risk_rule_keys[RK_W_SIZE_MEDIUM], "企业规模", w[RK_W_SIZE_MEDIUM], zDetail);
  }else{
    snprintf(zDetail, sizeof zDetail, "从业人员 %lld 人（少于 %lld 人）", (long long)in->employees,
             (long long)w[RK_SIZE_MEDIUM_EMP]);
    risk_term(o, risk_rule_keys[RK_W_SIZE_SMALL], "企业规模", w[RK_W_SIZE_SMALL], zDetail);
  }
  k = strcmp(in->zStandard, "level1")==0 ? RK_STD_L1 : strcmp(in->zStandard, "level2")==0 ? RK_STD_L2
    : strcmp(in->zStandard, "level3")==0 ? RK_STD_L3 : RK_STD_NONE;
  risk_term(o, risk_rule_keys[k], "安全生产标准化", w[k], ent_choice_name(enterprise_standards, in->zStandard));
}

/* The history terms: facts inside the window. */
static void risk_terms_facts(const risk_model *m, const risk_in *in, risk_out *o){
  const int64_t *w = m->aValue;
  char zLabel[96], zDetail[200];
  int f;
  for(f=0; f<RF_COUNT; f++){
    int64_t points, raw;
    int kw = risk_fact_w[f][0], kc = risk_fact_w[f][1];
    if( in->aCount[f]==0 ) continue;
    snprintf(zLabel, sizeof zLabel, "近%lld年%s", (long long)w[RK_WINDOW], risk_fact_kind_names[f]);
    if( f==RF_DISHONEST ){
      snprintf(zDetail, sizeof zDetail, "期间内被列入 %d 次", in->aCount[f]);
      risk_term(o, risk_rule_keys[kw], zLabel, w[kw], zDetail);
      continue;
    }
    raw = w[kw] * in->aSev[f];
    points = kc>=0 && raw>w[kc] ? w[kc] : raw;
    snprintf(zDetail, sizeof zDetail, "%d 起，严重程度合计 %d × %lld 分%s", in->aCount[f], in->aSev[f],
             (long long)w[kw], points<raw ? "，已达上限" : "");
    risk_term(o, risk_rule_keys[kw], zLabel, points, zDetail);
  }
}

/* Key rule of one enterprise, with the grade in force already set. */
static void risk_key_rule(const risk_model *m, const risk_in *in, risk_out *o){
  static const char *const azMajor[5] = {"", "一级", "二级", "三级", "四级"};
  const int64_t *w = m->aValue;
  size_t n = 0;
  o->keyRule = 0;
  o->zKeyReason[0] = 0;
  o->zIneligible = 0;
  if( strcmp(in->zLevel, "city")==0 ) o->zIneligible = "由市级监管，属市级重点检查名单";
  else if( strcmp(in->zLevel, "province")==0 ) o->zIneligible = "由省级监管，属省级重点检查名单";
  else if( strcmp(in->zStatus, "suspended")==0 ) o->zIneligible = "企业已停产停业";
  else if( strcmp(in->zStatus, "active")!=0 ) o->zIneligible = "企业已关闭";
  if( o->zIneligible ) return;
  n = (size_t)snprintf(o->zKeyReason, sizeof o->zKeyReason, "符合规则：");
  if( w[RK_KEY_CHEM_LEVEL]>0 && strcmp(in->zSector, "chem")==0 && (in->hazards & 1u)
   && in->majorLevel>=1 && in->majorLevel<=w[RK_KEY_CHEM_LEVEL] && in->majorLevel<=4 ){
    n += (size_t)snprintf(o->zKeyReason + n, sizeof o->zKeyReason - n, "%s危险化学品企业，有%s重大危险源",
                          o->keyRule ? "；" : "", azMajor[in->majorLevel]);
    o->keyRule = 1;
  }
  if( w[RK_KEY_GRADE]>0 && o->grade + 1<=w[RK_KEY_GRADE] && n<sizeof o->zKeyReason ){
    n += (size_t)snprintf(o->zKeyReason + n, sizeof o->zKeyReason - n, "%s风险等级为%s",
                          o->keyRule ? "；" : "", risk_grade_names[o->grade]);
    o->keyRule = 1;
  }
  if( w[RK_KEY_SEVERITY]>0 && in->recentSerious && n<sizeof o->zKeyReason ){
    int s = w[RK_KEY_SEVERITY]>4 ? 4 : (int)w[RK_KEY_SEVERITY];
    snprintf(o->zKeyReason + n, sizeof o->zKeyReason - n, "%s近%lld个月内有%s及以上的事故或违法行为",
             o->keyRule ? "；" : "", (long long)w[RK_KEY_RECENT_MONTHS], risk_severity_names[s]);
    o->keyRule = 1;
  }
}

/* The whole model for one enterprise. */
static void risk_score(const risk_model *m, const risk_in *in, risk_out *o){
  const int64_t *w = m->aValue;
  o->score = 0;
  o->nTerms = 1;
  memcpy(o->zTerms, "[", 2);
  risk_terms_ledger(m, in, o);
  risk_terms_facts(m, in, o);
  if( o->nTerms + 2 < sizeof o->zTerms ){ o->zTerms[o->nTerms++] = ']'; o->zTerms[o->nTerms] = 0; }
  o->computed = o->score>=w[RK_GRADE_RED] ? RISK_RED : o->score>=w[RK_GRADE_ORANGE] ? RISK_ORANGE
              : o->score>=w[RK_GRADE_YELLOW] ? RISK_YELLOW : RISK_BLUE;
  o->grade = in->overrideId ? in->overrideGrade : o->computed;
  risk_key_rule(m, in, o);
}

/* ---- the pass ---------------------------------------------------------------- */

/* One of the id-ordered side queries: its current row's enterprise id
** (INT64_MAX past the end). */
typedef struct risk_side { zf_stmt *pStmt; int64_t id; int rc; } risk_side;

static void risk_side_step(risk_side *s){
  int rc = db_step(s->pStmt);
  if( rc==1 ){ s->id = db_column_int64(s->pStmt, 0); return; }
  s->id = INT64_MAX;
  if( rc<0 ) s->rc = -rc;
}

/* State of an enterprise's key rows for one year (the latest row). */
enum { KS_NONE, KS_RULE, KS_MANUAL, KS_REMOVED_BY_RULE, KS_REMOVED_BY_PERSON };
typedef struct risk_key_state { int state; int64_t rowId; } risk_key_state;

typedef struct risk_pass {
  zf_db *pDb;
  const risk_model *m;
  const char *zActor;
  int single;                   /* audit each grade change (one enterprise) */
  char zNow[24];
  risk_result res;
} risk_pass;

static int risk_audit_key(risk_pass *p, const char *zAction, int64_t rowId, const risk_in *in, int year,
                          const char *zReason){
  char zId[24];
  json_t *pChange = json_pack("{s:I,s:i,s:s,s:s}", "enterprise_id", (json_int_t)in->id, "year", year,
                              "basis", "rule", "reason", zReason);
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)rowId);
  rc = audit_append(p->pDb, p->zActor, zAction, "key_enterprise", zId, in->zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* Brings the key rows of one enterprise and year in line with the rule. */
static int risk_key_apply(risk_pass *p, const risk_in *in, const risk_out *o, int year,
                          const risk_key_state *ks){
  static const char zIns[] =
    "INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)"
    " VALUES(?,?,'rule',?,'" RISK_RULE_ACTOR "',?)";
  static const char zDel[] =
    "UPDATE key_enterprise SET removed_at=?, removed_by='" RISK_RULE_ACTOR "', remove_reason=?"
    " WHERE id=? AND removed_at IS NULL";
  char zReason[300];
  int rc;
  if( o->zIneligible && (ks->state==KS_RULE || ks->state==KS_MANUAL) ){
    snprintf(zReason, sizeof zReason, "%s：%s", ks->state==KS_RULE ? "不再符合规则" : "不再属于本级名单",
             o->zIneligible);
  }else if( !o->zIneligible && !o->keyRule && ks->state==KS_RULE ){
    snprintf(zReason, sizeof zReason, "不再符合规则");
  }else if( o->keyRule && (ks->state==KS_NONE || ks->state==KS_REMOVED_BY_RULE) ){
    rc = db_exec(p->pDb, zIns, "idss", in->id, year, o->zKeyReason, p->zNow);
    if( rc==ZF_OK ) rc = risk_audit_key(p, "key_enterprise.rule_add", db_last_id(p->pDb), in, year, o->zKeyReason);
    if( rc==ZF_OK ) p->res.nKeyAdded++;
    return rc;
  }else{
    return ZF_OK;
  }
  rc = db_exec(p->pDb, zDel, "ssi", p->zNow, zReason, ks->rowId);
  if( rc==ZF_OK ) rc = risk_audit_key(p, "key_enterprise.rule_remove", ks->rowId, in, year, zReason);
  if( rc==ZF_OK ) p->res.nKeyRemoved++;
  return rc;
}

/* Writes the result of one enterprise when it differs from the stored row
** (pMain's columns 9..15), and audits a grade change in single mode. */
static int risk_write(risk_pass *p, zf_stmt *pMain, const risk_in *in, const risk_out *o){
  static const char zUpsert[] =
    "INSERT INTO enterprise_risk(enterprise_id, score, computed_grade, grade, override_id, rule_set_id,"
    " terms, computed_at) VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(enterprise_id) DO UPDATE SET"
    " score=excluded.score, computed_grade=excluded.computed_grade, grade=excluded.grade,"
    " override_id=excluded.override_id, rule_set_id=excluded.rule_set_id, terms=excluded.terms,"
    " computed_at=excluded.computed_at";
  int had = db_column_int(pMain, 9);
  int oldGrade = had ? risk_grade_find(db_text(pMain, 12)) : -1;
  zf_stmt *pStmt;
  int rc;
  if( had && db_column_int64(pMain, 10)==o->score
   && strcmp(db_text(pMain, 11), risk_grade_codes[o->computed])==0 && oldGrade==o->grade
   && db_column_int64(pMain, 13)==in->overrideId && db_column_int64(pMain, 14)==p->m->setId
   && strcmp(db_text(pMain, 15), o->zTerms)==0 ){
    return ZF_OK;
  }
  if( oldGrade!=o->grade ) p->res.nGradeChanged++;
  /* A first grade is part of the creation (audited as such); a change of
  ** an existing grade or score is audited as risk.grade. */
  if( p->single && had && (oldGrade!=o->grade || db_column_int64(pMain, 10)!=o->score) ){
    char zId[24];
    json_t *pChange = json_pack("{s:{s:s,s:I},s:{s:s,s:I,s:s},s:I}",
      "before", "grade", db_text(pMain, 12), "score", (json_int_t)db_column_int64(pMain, 10),
      "after", "grade", risk_grade_codes[o->grade], "score", (json_int_t)o->score,
      "computed_grade", risk_grade_codes[o->computed], "rule_set_id", (json_int_t)p->m->setId);
    snprintf(zId, sizeof zId, "%lld", (long long)in->id);
    rc = audit_append(p->pDb, p->zActor, "risk.grade", "enterprise_risk", zId, in->zRegion, pChange);
    json_decref(pChange);
    if( rc ) return rc;
  }
  pStmt = db_stmt(p->pDb, zUpsert);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind_int64(pStmt, 1, in->id);
  db_bind_int64(pStmt, 2, o->score);
  db_bind_text(pStmt, 3, risk_grade_codes[o->computed], -1, DB_STATIC);
  db_bind_text(pStmt, 4, risk_grade_codes[o->grade], -1, DB_STATIC);
  if( in->overrideId ) db_bind_int64(pStmt, 5, in->overrideId); else db_bind_null(pStmt, 5);
  db_bind_int64(pStmt, 6, p->m->setId);
  db_bind_text(pStmt, 7, o->zTerms, (int)o->nTerms, DB_STATIC);
  db_bind_text(pStmt, 8, p->zNow, -1, DB_STATIC);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  p->res.nWritten++;
  return ZF_OK;
}

/* Copies z into zOut (size n), cut to fit. */
static void risk_copy(char *zOut, size_t n, const char *z){
  size_t k = strlen(z);
  if( k>=n ) k = n - 1;
  memcpy(zOut, z, k);
  zOut[k] = 0;
}

/* Fills in's ledger fields from the main statement's row. */
static void risk_in_row(zf_stmt *pMain, risk_in *in){
  memset(in, 0, sizeof *in);
  in->id = db_column_int64(pMain, 0);
  risk_copy(in->zSector, sizeof in->zSector, db_text(pMain, 1));
  in->hazards = (unsigned)db_column_int64(pMain, 2);
  in->majorLevel = db_column_int(pMain, 3);
  in->employees = db_column_type(pMain, 4)==DB_NULL ? -1 : db_column_int64(pMain, 4);
  risk_copy(in->zStandard, sizeof in->zStandard, db_text(pMain, 5));
  risk_copy(in->zLevel, sizeof in->zLevel, db_text(pMain, 6));
  risk_copy(in->zStatus, sizeof in->zStatus, db_text(pMain, 7));
  risk_copy(in->zRegion, sizeof in->zRegion, db_text(pMain, 8));
}

/* Takes the side rows of enterprise in->id: facts, override, key states. */
static void risk_in_side(risk_side *aSide, const risk_model *m, risk_in *in, risk_key_state aKs[2]){
  risk_side *f = &aSide[0], *o = &aSide[1], *k = &aSide[2];
  int i;
  for(i=0; i<3; i++) while( aSide[i].id < in->id ) risk_side_step(&aSide[i]);
  while( f->id==in->id ){
    int kind = risk_kind_find(db_text(f->pStmt, 1));
    if( kind>=0 ){
      in->aCount[kind] += db_column_int(f->pStmt, 2);
      in->aSev[kind] += db_column_int(f->pStmt, 3);
      if( (kind==RF_ACCIDENT || kind==RF_VIOLATION) && db_column_int(f->pStmt, 4) ) in->recentSerious = 1;
    }
    risk_side_step(f);
  }
  while( o->id==in->id ){
    in->overrideId = db_column_int64(o->pStmt, 1);
    in->overrideGrade = risk_grade_find(db_text(o->pStmt, 2));
    if( in->overrideGrade<0 ) in->overrideId = 0;
    risk_side_step(o);
  }
  memset(aKs, 0, sizeof(risk_key_state)*2);
  while( k->id==in->id ){
    int y = db_column_int(k->pStmt, 1) - m->year;
    if( y==0 || y==1 ){
      int active = db_column_int(k->pStmt, 4);
      int rule = strcmp(db_text(k->pStmt, 3), "rule")==0;
      aKs[y].rowId = db_column_int64(k->pStmt, 2);
      aKs[y].state = active ? (rule ? KS_RULE : KS_MANUAL)
                   : strcmp(db_text(k->pStmt, 5), RISK_RULE_ACTOR)==0 ? KS_REMOVED_BY_RULE : KS_REMOVED_BY_PERSON;
    }
    risk_side_step(k);
  }
}

/* Binds and starts the three side queries for ids lo..hi. */
static int risk_side_open(risk_pass *p, int64_t lo, int64_t hi, risk_side aSide[3]){
  static const char zFacts[] =
    "SELECT enterprise_id, kind, sum(CASE WHEN occurred_on>=?3 THEN 1 ELSE 0 END),"
    " sum(CASE WHEN occurred_on>=?3 THEN severity ELSE 0 END),"
    " max(CASE WHEN occurred_on>=?4 AND severity>=?5 THEN 1 ELSE 0 END)"
    " FROM risk_fact WHERE voided_at IS NULL AND enterprise_id BETWEEN ?1 AND ?2 AND occurred_on>=?6"
    " GROUP BY enterprise_id, kind ORDER BY enterprise_id";
  static const char zOverride[] =
    "SELECT enterprise_id, id, grade FROM risk_override WHERE withdrawn_at IS NULL"
    " AND (expires_on IS NULL OR expires_on>=?3) AND enterprise_id BETWEEN ?1 AND ?2"
    " ORDER BY enterprise_id, id";
  static const char zKeys[] =
    "SELECT enterprise_id, year, id, basis, removed_at IS NULL, coalesce(removed_by,'')"
    " FROM key_enterprise WHERE (year=?3 OR year=?4) AND enterprise_id BETWEEN ?1 AND ?2"
    " ORDER BY enterprise_id, year, id";
  const risk_model *m = p->m;
  int64_t sev = m->aValue[RK_KEY_SEVERITY]>0 ? m->aValue[RK_KEY_SEVERITY] : 99;
  const char *zFrom = strcmp(m->zWindowFrom, m->zRecentFrom)<0 ? m->zWindowFrom : m->zRecentFrom;
  int i;
  memset(aSide, 0, sizeof(risk_side)*3);
  aSide[0].pStmt = db_stmt(p->pDb, zFacts);
  aSide[1].pStmt = db_stmt(p->pDb, zOverride);
  aSide[2].pStmt = db_stmt(p->pDb, zKeys);
  if( !aSide[0].pStmt || !aSide[1].pStmt || !aSide[2].pStmt ) return ZF_EINTERNAL;
  db_bind(aSide[0].pStmt, "iissis", lo, hi, m->zWindowFrom, m->zRecentFrom, sev, zFrom);
  db_bind(aSide[1].pStmt, "iis", lo, hi, m->zToday);
  db_bind(aSide[2].pStmt, "iidd", lo, hi, m->year, m->year + 1);
  for(i=0; i<3; i++) risk_side_step(&aSide[i]);
  return ZF_OK;
}

/* Recomputes enterprises lo..hi (ids) in the caller's transaction. */
static int risk_pass_range(risk_pass *p, int64_t lo, int64_t hi){
  static const char zMain[] =
    "SELECT e.id, e.sector, e.hazards, e.major_hazard_level, e.employees, e.standardisation,"
    " e.supervising_level, e.status, e.region, r.enterprise_id IS NOT NULL, r.score, r.computed_grade,"
    " r.grade, coalesce(r.override_id, 0), r.rule_set_id, r.terms"
    " FROM enterprise e LEFT JOIN enterprise_risk r ON r.enterprise_id=e.id"
    " WHERE e.id BETWEEN ?1 AND ?2 ORDER BY e.id";
  risk_side aSide[3];
  zf_stmt *pMain;
  risk_out *o = malloc(sizeof *o);
  risk_in in;
  risk_key_state aKs[2];
  int i, y, rc = o ? risk_side_open(p, lo, hi, aSide) : ZF_EINTERNAL;
  pMain = rc==ZF_OK ? db_stmt(p->pDb, zMain) : 0;
  if( rc==ZF_OK && pMain==0 ) rc = ZF_EINTERNAL;
  if( rc==ZF_OK ) db_bind(pMain, "ii", lo, hi);
  while( rc==ZF_OK && (rc = db_step(pMain))==1 ){
    rc = ZF_OK;
    risk_in_row(pMain, &in);
    risk_in_side(aSide, p->m, &in, aKs);
    for(i=0; i<3; i++) if( aSide[i].rc ) rc = aSide[i].rc;
    if( rc ) break;
    risk_score(p->m, &in, o);
    rc = risk_write(p, pMain, &in, o);
    for(y=0; rc==ZF_OK && y<2; y++) rc = risk_key_apply(p, &in, o, p->m->year + y, &aKs[y]);
    p->res.nEnterprise++;
  }
  if( rc<0 ) rc = -rc;
  if( pMain ) db_reset(pMain);
  for(i=0; rc==ZF_OK && i<3; i++) if( aSide[i].pStmt ) db_reset(aSide[i].pStmt);
  free(o);
  return rc;
}

static void risk_pass_init(risk_pass *p, zf_db *pDb, const risk_model *m, const char *zActor, int single){
  memset(p, 0, sizeof *p);
  p->pDb = pDb;
  p->m = m;
  p->zActor = zActor ? zActor : "cli";
  p->single = single;
  p->res.setId = m->setId;
  clock_now_iso(p->zNow);
}

/* Loads the model; a missing rule set is not an error of the caller's
** change: logged, *pSkip set. */
static int risk_model_or_skip(zf_db *pDb, risk_model *m, int *pSkip, zf_error *e){
  zf_error e2 = {0};
  int rc = risk_model_load(pDb, 0, m, &e2);
  *pSkip = 0;
  if( rc==ZF_EINVAL ){
    log_error("risk: no rule set in force (%s); grades not recomputed", e2.message);
    *pSkip = 1;
    return ZF_OK;
  }
  if( rc && e ) *e = e2;
  return rc;
}

int risk_recompute_one(zf_db *pDb, int64_t id, const char *zActor, zf_error *e){
  risk_model m;
  risk_pass p;
  int skip, own, rc = risk_model_or_skip(pDb, &m, &skip, e);
  if( rc || skip ) return rc;
  own = !db_in_tx(pDb);
  if( own && (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  risk_pass_init(&p, pDb, &m, zActor, 1);
  rc = risk_pass_range(&p, id, id);
  if( own ){ if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb); }
  return rc ? err_set(e, rc, 0, "无法重新计算风险等级") : ZF_OK;
}

int risk_recompute_all(zf_db *pDb, const char *zActor, const char *zRegion, risk_result *pRes,
                       zf_error *e){
  struct timespec t0, t1;
  risk_model m;
  risk_pass p;
  int own, rc;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = risk_model_load(pDb, 0, &m, e);
  if( rc ) return rc;
  own = !db_in_tx(pDb);
  if( own ){
    db_bulk(pDb, 256);
    if( (rc = db_begin(pDb))!=ZF_OK ){ db_bulk(pDb, 0); return err_set(e, rc, 0, 0); }
  }
  risk_pass_init(&p, pDb, &m, zActor, 0);
  rc = risk_pass_range(&p, 0, INT64_MAX);
  if( rc==ZF_OK ){
    json_t *pChange = json_pack("{s:I,s:s,s:I,s:I,s:I,s:I,s:I}", "rule_set_id", (json_int_t)m.setId,
      "rule_set", m.zSetName, "enterprises", (json_int_t)p.res.nEnterprise,
      "written", (json_int_t)p.res.nWritten, "grade_changed", (json_int_t)p.res.nGradeChanged,
      "key_added", (json_int_t)p.res.nKeyAdded, "key_removed", (json_int_t)p.res.nKeyRemoved);
    rc = audit_append(pDb, p.zActor, "risk.recompute", "enterprise_risk", "*", zRegion ? zRegion : "", pChange);
    json_decref(pChange);
  }
  if( own ){
    if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
    db_bulk(pDb, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  p.res.seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  if( pRes ) *pRes = p.res;
  return rc ? err_set(e, rc, 0, "无法重新计算风险等级") : ZF_OK;
}

int risk_recompute_since(zf_db *pDb, int64_t histFrom, const char *zActor, zf_error *e){
  static const char zTouched[] =
    "SELECT DISTINCT enterprise_id FROM enterprise_history WHERE id>=? ORDER BY enterprise_id";
  static const char zTotal[] = "SELECT count(*) FROM enterprise";
  zf_stmt *pStmt;
  int64_t *aId = 0, nAlloc = 0, n = 0, total = 0, i;
  risk_model m;
  risk_pass p;
  int skip, rc = risk_model_or_skip(pDb, &m, &skip, e);
  if( rc || skip ) return rc;
  if( (pStmt = db_stmt(pDb, zTotal))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( db_step(pStmt)==1 ) total = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( (pStmt = db_stmt(pDb, zTouched))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", histFrom);
  while( db_step(pStmt)==1 && n*20 <= total ){
    if( n==nAlloc ){
      int64_t *a = realloc(aId, sizeof *aId * (size_t)(nAlloc = nAlloc ? nAlloc*2 : 256));
      if( a==0 ){ n = total + 1; break; }
      aId = a;
    }
    aId[n++] = db_column_int64(pStmt, 0);
  }
  db_reset(pStmt);
  if( n*20 > total ){            /* many: one pass over the ledger is cheaper */
    free(aId);
    return risk_recompute_all(pDb, zActor, "", 0, e);
  }
  risk_pass_init(&p, pDb, &m, zActor, 1);
  for(i=0, rc=ZF_OK; rc==ZF_OK && i<n; i++) rc = risk_pass_range(&p, aId[i], aId[i]);
  free(aId);
  return rc ? err_set(e, rc, 0, "无法重新计算风险等级") : ZF_OK;
}

/* ---- shared checks -------------------------------------------------------------- */

int risk_enterprise_check(zf_db *pDb, const zf_who *pWho, int64_t id, char *zRegion, char *zName,
                          zf_error *e){
  static const char zSql[] = "SELECT region, region_path, name FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc, inScope = 1;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    if( zRegion ) snprintf(zRegion, 16, "%s", db_text(pStmt, 0));
    if( zName ) snprintf(zName, 400, "%s", db_text(pStmt, 2));
    if( pWho ) inScope = strncmp(db_text(pStmt, 1), pWho->zScopePath, strlen(pWho->zScopePath))==0;
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, "enterprise_id", "企业不存在：%lld", (long long)id);
  if( !inScope ) return err_set(e, ZF_ESCOPE, "enterprise_id", "该企业不在您的管辖范围内");
  return ZF_OK;
}

/* A reason of 2–500 characters in field zField. */
static int risk_reason_check(const char *z, const char *zField, const char *zLabel, zf_error *e){
  size_t n = z ? json_utf8_len(z) : 0;
  const char *s = z;
  while( s && (*s==' ' || *s=='\t') ) s++;
  if( z==0 || *s==0 ) return err_set(e, ZF_EMISSING, zField, "请填写%s", zLabel);
  if( n<2 || n>500 ) return err_set(e, ZF_EINVAL, zField, "%s应为 2–500 个字符", zLabel);
  return ZF_OK;
}

/* Ends a write: commit or roll back, mapping rc into e. */
static int risk_finish(zf_db *pDb, int rc, zf_error *e){
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc && e && e->rc==0 ) err_set(e, rc, 0, 0);
  return rc;
}

static int risk_audit(zf_db *pDb, const char *zActor, const char *zAction, const char *zEntity, int64_t id,
                      const char *zRegion, json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor, zAction, zEntity, zId, zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* ---- facts ------------------------------------------------------------------------ */

static int risk_fact_check(const risk_fact_new *p, zf_error *e){
  char zToday[11];
  size_t i;
  int rc;
  if( risk_kind_find(p->zKind)<0 ){
    return err_set(e, ZF_EINVAL, "kind", "事实类型应为 accident、violation、hazard、major_hazard_found 或 dishonest");
  }
  rc = calendar_parse_date(p->zOccurred ? p->zOccurred : "", "occurred_on", 0, e);
  if( rc ) return rc;
  calendar_today(zToday);
  if( strcmp(p->zOccurred, zToday)>0 ) return err_set(e, ZF_EINVAL, "occurred_on", "发生日期不能晚于今天（%s）", zToday);
  if( p->severity<1 || p->severity>4 ) return err_set(e, ZF_EINVAL, "severity", "严重程度应为 1–4（一般、较大、重大、特别重大）");
  if( p->zSource ){
    size_t n = strlen(p->zSource);
    if( n<1 || n>24 ) return err_set(e, ZF_EINVAL, "source", "来源代码应为 1–24 个字符");
    for(i=0; i<n; i++){
      char c = p->zSource[i];
      if( !((c>='a' && c<='z') || (c>='0' && c<='9') || c=='_' || c=='.') ){
        return err_set(e, ZF_EINVAL, "source", "来源代码只能含小写字母、数字、下划线和点");
      }
    }
  }
  if( p->zReference && json_utf8_len(p->zReference)>100 ) return err_set(e, ZF_EINVAL, "reference", "文号或编号不超过 100 个字符");
  return risk_reason_check(p->zNote, "note", "事实说明", e);
}

int risk_fact_add(zf_db *pDb, const zf_who *pWho, const char *zActor, const risk_fact_new *p,
                  int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO risk_fact(enterprise_id, kind, occurred_on, severity, source, reference, note,"
    " recorded_by, recorded_at) VALUES(?,?,?,?,?,?,?,?,?)";
  char zRegion[16], zNow[24];
  int rc = risk_enterprise_check(pDb, pWho, p->enterpriseId, zRegion, 0, e);
  if( rc ) return rc;
  if( (rc = risk_fact_check(p, e))!=ZF_OK ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zIns, "issdsssss", p->enterpriseId, p->zKind, p->zOccurred, p->severity,
               p->zSource ? p->zSource : "manual", p->zReference ? p->zReference : "", p->zNote, zActor, zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = risk_audit(pDb, zActor, "risk_fact.add", "risk_fact", *pId, zRegion,
      json_pack("{s:I,s:s,s:s,s:i,s:s,s:s,s:s}", "enterprise_id", (json_int_t)p->enterpriseId,
                "kind", p->zKind, "occurred_on", p->zOccurred, "severity", p->severity,
                "source", p->zSource ? p->zSource : "manual", "reference", p->zReference ? p->zReference : "",
                "note", p->zNote));
  }
  if( rc==ZF_OK ) rc = risk_recompute_one(pDb, p->enterpriseId, zActor, e);
  return risk_finish(pDb, rc, e);
}

int risk_fact_void(zf_db *pDb, const zf_who *pWho, const char *zActor, int64_t id,
                   const char *zReason, zf_error *e){
  static const char zSel[] = "SELECT enterprise_id, voided_at IS NOT NULL FROM risk_fact WHERE id=?";
  static const char zUpd[] =
    "UPDATE risk_fact SET voided_at=?, voided_by=?, void_reason=? WHERE id=? AND voided_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSel);
  char zRegion[16], zNow[24];
  int64_t eid = 0;
  int voided = 0, rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){ eid = db_column_int64(pStmt, 0); voided = db_column_int(pStmt, 1); }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(e, rc<0 ? -rc : ZF_ENOTFOUND, "id", "风险事实不存在：%lld", (long long)id);
  if( (rc = risk_enterprise_check(pDb, pWho, eid, zRegion, 0, e))!=ZF_OK ) return rc;
  if( voided ) return err_set(e, ZF_ECONFLICT, "id", "该事实已作废");
  if( (rc = risk_reason_check(zReason, "reason", "作废原因", e))!=ZF_OK ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zUpd, "sssi", zNow, zActor, zReason, id);
  if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = err_set(e, ZF_ECONFLICT, "id", "该事实已作废");
  if( rc==ZF_OK ){
    rc = risk_audit(pDb, zActor, "risk_fact.void", "risk_fact", id, zRegion,
                    json_pack("{s:I,s:s}", "enterprise_id", (json_int_t)eid, "reason", zReason));
  }
  if( rc==ZF_OK ) rc = risk_recompute_one(pDb, eid, zActor, e);
  return risk_finish(pDb, rc, e);
}

/* ---- overrides ------------------------------------------------------------------------ */

/* The stored score and computed grade of an enterprise (after a recompute). */
static int risk_current(zf_db *pDb, int64_t eid, int64_t *pScore, char zComputed[12]){
  static const char zSql[] = "SELECT score, computed_grade FROM enterprise_risk WHERE enterprise_id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", eid);
  rc = db_step(pStmt);
  if( rc==1 ){ *pScore = db_column_int64(pStmt, 0); snprintf(zComputed, 12, "%s", db_text(pStmt, 1)); }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Withdraws the open override of eid (if any) inside the transaction. */
static int risk_override_close(zf_db *pDb, const char *zActor, int64_t eid, const char *zRegion,
                                  const char *zReason, int64_t *pClosed){
  static const char zSel[] = "SELECT id FROM risk_override WHERE enterprise_id=? AND withdrawn_at IS NULL";
  static const char zUpd[] =
    "UPDATE risk_override SET withdrawn_at=?, withdrawn_by=?, withdraw_reason=? WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSel);
  char zNow[24];
  int64_t oid = 0;
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", eid);
  if( db_step(pStmt)==1 ) oid = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  *pClosed = oid;
  if( oid==0 ) return ZF_OK;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "sssi", zNow, zActor, zReason, oid);
  if( rc==ZF_OK ){
    rc = risk_audit(pDb, zActor, "risk_override.withdraw", "risk_override", oid, zRegion,
                    json_pack("{s:I,s:s}", "enterprise_id", (json_int_t)eid, "reason", zReason));
  }
  return rc;
}

int risk_override_add(zf_db *pDb, const zf_who *pWho, const char *zActor, int64_t eid,
                      const char *zGrade, const char *zReason, const char *zExpires,
                      int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO risk_override(enterprise_id, grade, computed_grade, score, reason, expires_on,"
    " created_by, created_at) VALUES(?,?,?,?,?,?,?,?)";
  char zRegion[16], zNow[24], zToday[11], zComputed[12] = "", zWhy[120];
  int64_t score = 0, closed = 0;
  int rc = risk_enterprise_check(pDb, pWho, eid, zRegion, 0, e);
  if( rc ) return rc;
  if( risk_grade_find(zGrade)<0 ) return err_set(e, ZF_EINVAL, "grade", "风险等级应为 red、orange、yellow 或 blue");
  if( (rc = risk_reason_check(zReason, "reason", "调整理由", e))!=ZF_OK ) return rc;
  if( zExpires ){
    if( (rc = calendar_parse_date(zExpires, "expires_on", 0, e))!=ZF_OK ) return rc;
    calendar_today(zToday);
    if( strcmp(zExpires, zToday)<0 ) return err_set(e, ZF_EINVAL, "expires_on", "有效期至不能早于今天（%s）", zToday);
  }
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = risk_recompute_one(pDb, eid, zActor, e);          /* the model's view, as of now */
  if( rc==ZF_OK && risk_current(pDb, eid, &score, zComputed)!=ZF_OK ) rc = ZF_EINTERNAL;
  if( rc==ZF_OK ) rc = risk_override_close(pDb, zActor, eid, zRegion, "被新的人工调整取代", &closed);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "ississss", eid, zGrade, zComputed, score, zReason, zExpires,
                               zActor, zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    snprintf(zWhy, sizeof zWhy, "%s", zExpires ? zExpires : "");
    rc = risk_audit(pDb, zActor, "risk_override.add", "risk_override", *pId, zRegion,
      json_pack("{s:I,s:s,s:s,s:I,s:s,s:o,s:o}", "enterprise_id", (json_int_t)eid, "grade", zGrade,
                "computed_grade", zComputed, "score", (json_int_t)score, "reason", zReason,
                "expires_on", zExpires ? json_string(zWhy) : json_null(),
                "replaces", closed ? json_integer(closed) : json_null()));
  }
  if( rc==ZF_OK ) rc = risk_recompute_one(pDb, eid, zActor, e);
  return risk_finish(pDb, rc, e);
}

int risk_override_withdraw(zf_db *pDb, const zf_who *pWho, const char *zActor, int64_t id,
                           const char *zReason, zf_error *e){
  static const char zSel[] = "SELECT enterprise_id, withdrawn_at IS NOT NULL FROM risk_override WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSel);
  char zRegion[16];
  int64_t eid = 0, closed = 0;
  int done = 0, rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){ eid = db_column_int64(pStmt, 0); done = db_column_int(pStmt, 1); }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(e, rc<0 ? -rc : ZF_ENOTFOUND, "id", "人工调整记录不存在：%lld", (long long)id);
  if( (rc = risk_enterprise_check(pDb, pWho, eid, zRegion, 0, e))!=ZF_OK ) return rc;
  if( done ) return err_set(e, ZF_ECONFLICT, "id", "该调整已撤销");
  if( (rc = risk_reason_check(zReason, "reason", "撤销理由", e))!=ZF_OK ) return rc;
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = risk_override_close(pDb, zActor, eid, zRegion, zReason, &closed);
  if( rc==ZF_OK && closed!=id ) rc = err_set(e, ZF_ECONFLICT, "id", "该调整已撤销");
  if( rc==ZF_OK ) rc = risk_recompute_one(pDb, eid, zActor, e);
  return risk_finish(pDb, rc, e);
}

int risk_expire_overrides(zf_db *pDb, zf_error *e){
  static const char zSql[] =
    "SELECT o.enterprise_id FROM risk_override o JOIN enterprise_risk r ON r.override_id=o.id"
    " WHERE o.withdrawn_at IS NULL AND o.expires_on IS NOT NULL AND o.expires_on<? LIMIT 200";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t aId[200];
  char zToday[11];
  int i, n = 0, rc = ZF_OK;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  calendar_today(zToday);
  db_bind(pStmt, "s", zToday);
  while( n<200 && db_step(pStmt)==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( n==0 ) return ZF_OK;
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  for(i=0; rc==ZF_OK && i<n; i++) rc = risk_recompute_one(pDb, aId[i], "system:expiry", e);
  return risk_finish(pDb, rc, e);
}

/* ---- key enterprises ----------------------------------------------------------------- */

int risk_is_key(zf_db *pDb, int64_t enterpriseId, int year){
  static const char zSql[] =
    "SELECT 1 FROM key_enterprise WHERE enterprise_id=? AND year=? AND removed_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return -ZF_EINTERNAL;
  db_bind(pStmt, "id", enterpriseId, year);
  rc = db_step(pStmt);
  db_reset(pStmt);
  return rc;
}

int risk_key_ids(zf_db *pDb, int year, const char *zScopePath, int64_t **paId, int *pnId){
  static const char zSql[] =
    "SELECT k.enterprise_id FROM key_enterprise k JOIN enterprise e ON e.id=k.enterprise_id"
    " WHERE k.year=? AND k.removed_at IS NULL AND (?2 IS NULL OR substr(e.region_path, 1, length(?2))=?2)"
    " ORDER BY k.enterprise_id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t *a = 0;
  int n = 0, nAlloc = 0, rc;
  *paId = 0;
  *pnId = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ds", year, zScopePath);
  while( (rc = db_step(pStmt))==1 ){
    if( n==nAlloc ){
      int64_t *p = realloc(a, sizeof *a * (size_t)(nAlloc = nAlloc ? nAlloc*2 : 64));
      if( p==0 ){ rc = -ZF_EINTERNAL; break; }
      a = p;
    }
    a[n++] = db_column_int64(pStmt, 0);
  }
  db_reset(pStmt);
  if( rc<0 ){ free(a); return -rc; }
  *paId = a;
  *pnId = n;
  return ZF_OK;
}

/* Why enterprise eid cannot be on this level's list, or NULL. */
static const char *risk_key_ineligible(zf_db *pDb, int64_t eid){
  static const char zSql[] = "SELECT supervising_level, status FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  const char *zWhy = 0;
  if( pStmt==0 ) return "无法读取企业";
  db_bind(pStmt, "i", eid);
  if( db_step(pStmt)==1 ){
    const char *zLevel = db_text(pStmt, 0), *zStatus = db_text(pStmt, 1);
    if( strcmp(zLevel, "city")==0 ) zWhy = "该企业由市级监管，属市级重点检查名单，不列入本区名单";
    else if( strcmp(zLevel, "province")==0 ) zWhy = "该企业由省级监管，属省级重点检查名单，不列入本区名单";
    else if( strcmp(zStatus, "active")!=0 ) zWhy = "该企业已停产停业或关闭，不列入重点检查名单";
  }
  db_reset(pStmt);
  return zWhy;
}

int risk_key_add(zf_db *pDb, const zf_who *pWho, const char *zActor, int64_t eid, int year,
                 const char *zReason, int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)"
    " VALUES(?,?,'manual',?,?,?)";
  char zRegion[16], zNow[24], zToday[11];
  const char *zWhy;
  int rc = risk_enterprise_check(pDb, pWho, eid, zRegion, 0, e);
  if( rc ) return rc;
  calendar_today(zToday);
  if( year<atoi(zToday) || year>atoi(zToday) + 1 ){
    return err_set(e, ZF_EINVAL, "year", "只能维护今年或明年的重点检查企业名单（%d 或 %d）", atoi(zToday), atoi(zToday) + 1);
  }
  if( (zWhy = risk_key_ineligible(pDb, eid))!=0 ) return err_set(e, ZF_EPROCEDURE, "enterprise_id", "%s", zWhy);
  if( (rc = risk_reason_check(zReason, "reason", "列入理由", e))!=ZF_OK ) return rc;
  if( risk_is_key(pDb, eid, year)==1 ) return err_set(e, ZF_ECONFLICT, "enterprise_id", "该企业已在 %d 年重点检查企业名单中", year);
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zIns, "idsss", eid, year, zReason, zActor, zNow);
  if( rc==ZF_ECONFLICT ) err_set(e, rc, "enterprise_id", "该企业已在 %d 年重点检查企业名单中", year);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = risk_audit(pDb, zActor, "key_enterprise.add", "key_enterprise", *pId, zRegion,
                    json_pack("{s:I,s:i,s:s,s:s}", "enterprise_id", (json_int_t)eid, "year", year,
                              "basis", "manual", "reason", zReason));
  }
  return risk_finish(pDb, rc, e);
}

int risk_key_remove(zf_db *pDb, const zf_who *pWho, const char *zActor, int64_t id,
                    const char *zReason, zf_error *e){
  static const char zSel[] =
    "SELECT enterprise_id, year, basis, removed_at IS NOT NULL FROM key_enterprise WHERE id=?";
  static const char zUpd[] =
    "UPDATE key_enterprise SET removed_at=?, removed_by=?, remove_reason=? WHERE id=? AND removed_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSel);
  char zRegion[16], zNow[24], zBasis[12] = "";
  int64_t eid = 0;
  int year = 0, removed = 0, rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    eid = db_column_int64(pStmt, 0);
    year = db_column_int(pStmt, 1);
    snprintf(zBasis, sizeof zBasis, "%s", db_text(pStmt, 2));
    removed = db_column_int(pStmt, 3);
  }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(e, rc<0 ? -rc : ZF_ENOTFOUND, "id", "名单记录不存在：%lld", (long long)id);
  if( (rc = risk_enterprise_check(pDb, pWho, eid, zRegion, 0, e))!=ZF_OK ) return rc;
  if( removed ) return err_set(e, ZF_ECONFLICT, "id", "该企业已移出名单");
  if( (rc = risk_reason_check(zReason, "reason", "移出理由", e))!=ZF_OK ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zUpd, "sssi", zNow, zActor, zReason, id);
  if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = err_set(e, ZF_ECONFLICT, "id", "该企业已移出名单");
  if( rc==ZF_OK ){
    rc = risk_audit(pDb, zActor, "key_enterprise.remove", "key_enterprise", id, zRegion,
                    json_pack("{s:I,s:i,s:s,s:s}", "enterprise_id", (json_int_t)eid, "year", year,
                              "basis", zBasis, "reason", zReason));
  }
  return risk_finish(pDb, rc, e);
}

/* ---- reading ------------------------------------------------------------------------- */

static json_t *risk_text_or_null(zf_stmt *pStmt, int i){
  return db_column_type(pStmt, i)==DB_NULL ? json_null() : json_string(db_text(pStmt, i));
}

/* Override history of eid, newest first. */
static json_t *risk_overrides_json(zf_db *pDb, int64_t eid){
  static const char zSql[] =
    "SELECT id, grade, computed_grade, score, reason, expires_on, created_by, created_at,"
    " withdrawn_at, withdrawn_by, withdraw_reason FROM risk_override WHERE enterprise_id=? ORDER BY id DESC";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pArr = json_array();
  if( pStmt==0 ) return pArr;
  db_bind(pStmt, "i", eid);
  while( db_step(pStmt)==1 ){
    json_array_append_new(pArr, json_pack("{s:I,s:s,s:s,s:I,s:s,s:o,s:s,s:s,s:o,s:o,s:o}",
      "id", (json_int_t)db_column_int64(pStmt, 0), "grade", db_text(pStmt, 1),
      "computed_grade", db_text(pStmt, 2), "score", (json_int_t)db_column_int64(pStmt, 3),
      "reason", db_text(pStmt, 4), "expires_on", risk_text_or_null(pStmt, 5),
      "created_by", db_text(pStmt, 6), "created_at", db_text(pStmt, 7),
      "withdrawn_at", risk_text_or_null(pStmt, 8), "withdrawn_by", risk_text_or_null(pStmt, 9),
      "withdraw_reason", risk_text_or_null(pStmt, 10)));
  }
  db_reset(pStmt);
  return pArr;
}

/* Key rows of eid, newest year first. */
static json_t *risk_keys_json(zf_db *pDb, int64_t eid){
  static const char zSql[] =
    "SELECT id, year, basis, reason, added_by, added_at, removed_at, removed_by, remove_reason"
    " FROM key_enterprise WHERE enterprise_id=? ORDER BY year DESC, id DESC";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pArr = json_array();
  if( pStmt==0 ) return pArr;
  db_bind(pStmt, "i", eid);
  while( db_step(pStmt)==1 ){
    json_array_append_new(pArr, json_pack("{s:I,s:i,s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
      "id", (json_int_t)db_column_int64(pStmt, 0), "year", db_column_int(pStmt, 1),
      "basis", db_text(pStmt, 2), "reason", db_text(pStmt, 3), "added_by", db_text(pStmt, 4),
      "added_at", db_text(pStmt, 5), "removed_at", risk_text_or_null(pStmt, 6),
      "removed_by", risk_text_or_null(pStmt, 7), "remove_reason", risk_text_or_null(pStmt, 8)));
  }
  db_reset(pStmt);
  return pArr;
}

json_t *risk_enterprise_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT e.id, e.name, e.uscc, e.region, g.name, e.sector, e.supervising_level, e.status,"
    " r.score, r.computed_grade, r.grade, r.override_id, r.rule_set_id, s.name, r.terms, r.computed_at"
    " FROM enterprise e JOIN region g ON g.code=e.region LEFT JOIN enterprise_risk r ON r.enterprise_id=e.id"
    " LEFT JOIN rule_set s ON s.id=r.rule_set_id WHERE e.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0, *pTerms;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    int graded = db_column_type(pStmt, 8)!=DB_NULL;
    pTerms = graded ? json_loads(db_text(pStmt, 14), 0, 0) : 0;
    p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "enterprise_id", (json_int_t)id,
      "name", db_text(pStmt, 1), "uscc", db_text(pStmt, 2), "region", db_text(pStmt, 3),
      "region_name", db_text(pStmt, 4), "sector", db_text(pStmt, 5),
      "sector_name", ent_choice_name(enterprise_sectors, db_text(pStmt, 5)),
      "supervising_level", db_text(pStmt, 6), "status", db_text(pStmt, 7),
      "status_name", ent_choice_name(enterprise_statuses, db_text(pStmt, 7)));
    json_object_set_new(p, "score", graded ? json_integer(db_column_int64(pStmt, 8)) : json_null());
    json_object_set_new(p, "computed_grade", graded ? json_string(db_text(pStmt, 9)) : json_null());
    json_object_set_new(p, "grade", graded ? json_string(db_text(pStmt, 10)) : json_null());
    json_object_set_new(p, "override_id", db_column_type(pStmt, 11)==DB_NULL ? json_null()
                        : json_integer(db_column_int64(pStmt, 11)));
    json_object_set_new(p, "rule_set", graded ? json_pack("{s:I,s:s}", "id",
                        (json_int_t)db_column_int64(pStmt, 12), "name", db_text(pStmt, 13)) : json_null());
    json_object_set_new(p, "terms", pTerms ? pTerms : json_array());
    json_object_set_new(p, "computed_at", graded ? json_string(db_text(pStmt, 15)) : json_null());
  }
  db_reset(pStmt);
  if( p ){
    json_object_set_new(p, "overrides", risk_overrides_json(pDb, id));
    json_object_set_new(p, "key_years", risk_keys_json(pDb, id));
  }
  return p;
}
