/*
** rules_benchmark.c — discretion benchmarks (行政处罚裁量基准; plan clause
** 12, RULES.md: 应急管理部令第12号, 应急〔2024〕90号, local benchmarks).
**
** A benchmark row names a violation, the provision it breaks, the penalty
** provision and the statutory maxima; its ordered tiers give, for a
** condition, the fine range for the organisation and for each responsible
** person, plus other measures. Tiers marked overdue are the escalation when
** the party did not correct in time (逾期未改正) and have their own maxima.
** Rows are versioned per code like rule sets: draft → published (immutable)
** or void; the version in force on a date is the published one with the
** latest effective_from <= date (and effective_to, if any, >= date).
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "rules.h"

#define BM_MAX_FEN 10000000000000LL   /* 1,000亿元: a sanity bound */

/* ---- validation ---------------------------------------------------------- */

static int bm_text_ok(const char *z, size_t nMin, size_t nMax){
  size_t n = json_utf8_len(z);
  return n>=nMin && n<=nMax;
}

static int bm_code_ok(const char *z){
  size_t i, n = strlen(z);
  if( n<1 || n>32 ) return 0;
  for(i=0; i<n; i++){
    char c = z[i];
    if( !((c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9') || c=='.' || c=='_' || c=='-') ){
      return 0;
    }
  }
  return 1;
}

/* One party's range of tier i: both NONE, or 0 <= min <= max <= cap. */
static int bm_range_check(int i, const char *zWho, const char *zParty, int64_t lo, int64_t hi,
                          int64_t cap, const char *zCap, zf_error *e){
  char zField[48];
  if( lo==RULES_NO_FINE && hi==RULES_NO_FINE ) return ZF_OK;
  snprintf(zField, sizeof zField, "tiers[%d].%s_min_fen", i, zParty);
  if( lo<0 || hi<0 ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档对%s的罚款幅度须同时填写下限和上限，或都不填（不罚款）",
                   i+1, zWho);
  }
  if( lo>hi ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档对%s的罚款下限 %.2f 元高于上限 %.2f 元", i+1, zWho,
                   lo/100.0, hi/100.0);
  }
  snprintf(zField, sizeof zField, "tiers[%d].%s_max_fen", i, zParty);
  if( hi>cap ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档对%s的罚款上限 %.2f 元超过%s %.2f 元", i+1, zWho,
                   hi/100.0, zCap, cap/100.0);
  }
  return ZF_OK;
}

/* Ranges must not decrease from tier a to tier b (same kind, both fined). */
static int bm_order_check(const rules_tier *a, const rules_tier *b, int ib, zf_error *e){
  char zField[48];
  if( a->orgMin>=0 && b->orgMin>=0 && (b->orgMin<a->orgMin || b->orgMax<a->orgMax) ){
    snprintf(zField, sizeof zField, "tiers[%d].org_min_fen", ib);
    return err_set(e, ZF_EINVAL, zField, "档次应按情节由轻到重排列：第 %d 档对单位的罚款幅度低于第 %d 档",
                   ib+1, ib);
  }
  if( a->personMin>=0 && b->personMin>=0 && (b->personMin<a->personMin || b->personMax<a->personMax) ){
    snprintf(zField, sizeof zField, "tiers[%d].person_min_fen", ib);
    return err_set(e, ZF_EINVAL, zField, "档次应按情节由轻到重排列：第 %d 档对个人的罚款幅度低于第 %d 档",
                   ib+1, ib);
  }
  return ZF_OK;
}

static int bm_tier_check(const rules_benchmark *p, int i, zf_error *e){
  const rules_tier *t = &p->aTier[i];
  char zField[48];
  int rc;
  snprintf(zField, sizeof zField, "tiers[%d].condition", i);
  if( !bm_text_ok(t->zCondition, 1, 200) ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档的适用情形应为 1–200 个字符", i+1);
  }
  snprintf(zField, sizeof zField, "tiers[%d].measures", i);
  if( !bm_text_ok(t->zMeasures, 0, 100) ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档的其他处罚措施不能超过 100 个字符", i+1);
  }
  snprintf(zField, sizeof zField, "tiers[%d].overdue", i);
  if( i>0 && p->aTier[i-1].overdue && !t->overdue ){
    return err_set(e, ZF_EINVAL, zField, "第 %d 档：逾期未改正的档次应排在普通档次之后", i+1);
  }
  rc = bm_range_check(i, "单位", "org", t->orgMin, t->orgMax,
                      t->overdue ? p->overdueMaxOrg : p->maxOrg,
                      t->overdue ? "逾期未改正时对单位的法定上限" : "对单位的法定上限", e);
  if( rc==ZF_OK ){
    rc = bm_range_check(i, "个人", "person", t->personMin, t->personMax,
                        t->overdue ? p->overdueMaxPerson : p->maxPerson,
                        t->overdue ? "逾期未改正时对个人的法定上限" : "对个人的法定上限", e);
  }
  if( rc==ZF_OK && t->orgMin<0 && t->personMin<0 && t->zMeasures[0]==0 ){
    snprintf(zField, sizeof zField, "tiers[%d].org_min_fen", i);
    rc = err_set(e, ZF_EINVAL, zField, "第 %d 档既无罚款幅度也无其他处罚措施", i+1);
  }
  if( rc==ZF_OK && i>0 && p->aTier[i-1].overdue==t->overdue ){
    rc = bm_order_check(&p->aTier[i-1], t, i, e);
  }
  return rc;
}

static int bm_max_check(int64_t v, const char *zField, const char *zLabel, zf_error *e){
  if( v<0 || v>BM_MAX_FEN ) return err_set(e, ZF_EINVAL, zField, "%s（%s）应为 0 到 %lld 分", zLabel, zField, BM_MAX_FEN);
  return ZF_OK;
}

int rules_benchmark_check(const rules_benchmark *p, zf_error *e){
  int32_t from, to;
  int i, rc;
  if( !bm_code_ok(p->zCode) ){
    return err_set(e, ZF_EINVAL, "code", "编码（code）应为 1–32 个字母、数字或 . _ -");
  }
  if( !bm_text_ok(p->zViolation, 1, 200) ) return err_set(e, ZF_EINVAL, "violation", "违法行为（violation）应为 1–200 个字符");
  if( !bm_text_ok(p->zViolated, 1, 200) ){
    return err_set(e, ZF_EINVAL, "violated_provision", "违法条款（violated_provision）应为 1–200 个字符");
  }
  if( !bm_text_ok(p->zPenalty, 1, 200) ){
    return err_set(e, ZF_EINVAL, "penalty_provision", "处罚依据（penalty_provision）应为 1–200 个字符");
  }
  if( !bm_text_ok(p->zSource, 1, 200) ) return err_set(e, ZF_EINVAL, "source", "基准来源（source）应为 1–200 个字符");
  if( !bm_text_ok(p->zNote, 0, 1000) ) return err_set(e, ZF_EINVAL, "note", "说明（note）不能超过 1000 个字符");
  if( (rc = bm_max_check(p->maxOrg, "max_org_fen", "对单位的法定罚款上限", e))!=0 ) return rc;
  if( (rc = bm_max_check(p->maxPerson, "max_person_fen", "对个人的法定罚款上限", e))!=0 ) return rc;
  if( (rc = bm_max_check(p->overdueMaxOrg, "overdue_max_org_fen", "逾期未改正时对单位的法定上限", e))!=0 ) return rc;
  if( (rc = bm_max_check(p->overdueMaxPerson, "overdue_max_person_fen", "逾期未改正时对个人的法定上限", e))!=0 ){
    return rc;
  }
  rc = calendar_parse_date(p->zEffectiveFrom, "effective_from", &from, e);
  if( rc ) return rc;
  if( p->zEffectiveTo[0] ){
    rc = calendar_parse_date(p->zEffectiveTo, "effective_to", &to, e);
    if( rc ) return rc;
    if( to<from ) return err_set(e, ZF_EINVAL, "effective_to", "失效日期 %s 早于生效日期 %s", p->zEffectiveTo, p->zEffectiveFrom);
  }
  if( p->nTier<1 || p->nTier>RULES_MAX_TIERS ){
    return err_set(e, ZF_EINVAL, "tiers", "裁量档次（tiers）应有 1–%d 档", RULES_MAX_TIERS);
  }
  for(i=0; i<p->nTier; i++){
    rc = bm_tier_check(p, i, e);
    if( rc ) return rc;
  }
  return ZF_OK;
}

/* ---- reading ------------------------------------------------------------- */

#define BM_COLS "id, code, version, violation, violated_provision, penalty_provision," \
  " max_org_fen, max_person_fen, overdue_max_org_fen, overdue_max_person_fen, source, verified," \
  " note, effective_from, effective_to, status, created_at, created_by, published_at," \
  " published_by, superseded_by, void_reason"

static void bm_copy(char *zDst, size_t n, zf_stmt *pStmt, int i){
  snprintf(zDst, n, "%s", db_text(pStmt, i));
}

static int64_t bm_fen(zf_stmt *pStmt, int i){
  return db_column_type(pStmt, i)==DB_NULL ? RULES_NO_FINE : db_column_int64(pStmt, i);
}

static void bm_row(zf_stmt *pStmt, rules_benchmark *p){
  p->id = db_column_int64(pStmt, 0);
  bm_copy(p->zCode, sizeof p->zCode, pStmt, 1);
  p->version = db_column_int(pStmt, 2);
  bm_copy(p->zViolation, sizeof p->zViolation, pStmt, 3);
  bm_copy(p->zViolated, sizeof p->zViolated, pStmt, 4);
  bm_copy(p->zPenalty, sizeof p->zPenalty, pStmt, 5);
  p->maxOrg = db_column_int64(pStmt, 6);
  p->maxPerson = db_column_int64(pStmt, 7);
  p->overdueMaxOrg = db_column_int64(pStmt, 8);
  p->overdueMaxPerson = db_column_int64(pStmt, 9);
  bm_copy(p->zSource, sizeof p->zSource, pStmt, 10);
  p->verified = db_column_int(pStmt, 11);
  bm_copy(p->zNote, sizeof p->zNote, pStmt, 12);
  bm_copy(p->zEffectiveFrom, sizeof p->zEffectiveFrom, pStmt, 13);
  bm_copy(p->zEffectiveTo, sizeof p->zEffectiveTo, pStmt, 14);
  bm_copy(p->zStatus, sizeof p->zStatus, pStmt, 15);
  bm_copy(p->zCreatedAt, sizeof p->zCreatedAt, pStmt, 16);
  bm_copy(p->zCreatedBy, sizeof p->zCreatedBy, pStmt, 17);
  bm_copy(p->zPublishedAt, sizeof p->zPublishedAt, pStmt, 18);
  bm_copy(p->zPublishedBy, sizeof p->zPublishedBy, pStmt, 19);
  p->supersededBy = db_column_int64(pStmt, 20);
  bm_copy(p->zVoidReason, sizeof p->zVoidReason, pStmt, 21);
}

static int bm_tiers_load(zf_db *pDb, rules_benchmark *p){
  static const char zSql[] =
    "SELECT condition, overdue, org_min_fen, org_max_fen, person_min_fen, person_max_fen, measures"
    " FROM benchmark_tier WHERE benchmark_id=? ORDER BY ord";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", p->id);
  p->nTier = 0;
  while( (rc = db_step(pStmt))==1 && p->nTier<RULES_MAX_TIERS ){
    rules_tier *t = &p->aTier[p->nTier++];
    bm_copy(t->zCondition, sizeof t->zCondition, pStmt, 0);
    t->overdue = db_column_int(pStmt, 1);
    t->orgMin = bm_fen(pStmt, 2);
    t->orgMax = bm_fen(pStmt, 3);
    t->personMin = bm_fen(pStmt, 4);
    t->personMax = bm_fen(pStmt, 5);
    bm_copy(t->zMeasures, sizeof t->zMeasures, pStmt, 6);
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

int rules_benchmark_load(zf_db *pDb, int64_t id, rules_benchmark *pOut){
  static const char zSql[] = "SELECT " BM_COLS " FROM benchmark WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  memset(pOut, 0, sizeof *pOut);
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) bm_row(pStmt, pOut);
  db_reset(pStmt);
  if( rc!=1 ) return rc<0 ? -rc : ZF_ENOTFOUND;
  return bm_tiers_load(pDb, pOut);
}

int rules_benchmark_get(zf_db *pDb, const char *zCode, const char *zDate, rules_benchmark *pOut,
                        zf_error *e){
  static const char zSql[] =
    "SELECT id FROM benchmark WHERE code=? AND status='published' AND effective_from<=?"
    " AND (effective_to IS NULL OR effective_to>=?) ORDER BY effective_from DESC LIMIT 1";
  zf_stmt *pStmt;
  int64_t id = 0;
  int rc = calendar_parse_date(zDate, "date", 0, e);
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "sss", zCode, zDate, zDate);
  rc = db_step(pStmt);
  if( rc==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, "code", "裁量基准 %.32s 在 %s 没有生效的版本", zCode ? zCode : "", zDate);
  rc = rules_benchmark_load(pDb, id, pOut);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *bm_fen_json(int64_t v){ return v==RULES_NO_FINE ? json_null() : json_integer(v); }

static json_t *bm_str_or_null(const char *z){ return z[0] ? json_string(z) : json_null(); }

json_t *rules_benchmark_json(const rules_benchmark *p){
  json_t *pTiers = json_array(), *pObj;
  int i;
  for(i=0; i<p->nTier; i++){
    const rules_tier *t = &p->aTier[i];
    json_array_append_new(pTiers, json_pack("{s:i,s:s,s:b,s:o,s:o,s:o,s:o,s:s}", "ord", i+1,
      "condition", t->zCondition, "overdue", t->overdue, "org_min_fen", bm_fen_json(t->orgMin),
      "org_max_fen", bm_fen_json(t->orgMax), "person_min_fen", bm_fen_json(t->personMin),
      "person_max_fen", bm_fen_json(t->personMax), "measures", t->zMeasures));
  }
  pObj = json_pack("{s:I,s:s,s:i,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:s,s:b,s:s,s:s,s:s}",
    "id", (json_int_t)p->id, "code", p->zCode, "version", p->version, "violation", p->zViolation,
    "violated_provision", p->zViolated, "penalty_provision", p->zPenalty,
    "max_org_fen", (json_int_t)p->maxOrg, "max_person_fen", (json_int_t)p->maxPerson,
    "overdue_max_org_fen", (json_int_t)p->overdueMaxOrg,
    "overdue_max_person_fen", (json_int_t)p->overdueMaxPerson, "source", p->zSource,
    "verified", p->verified, "note", p->zNote, "effective_from", p->zEffectiveFrom,
    "status", p->zStatus);
  json_object_set_new(pObj, "effective_to", bm_str_or_null(p->zEffectiveTo));
  json_object_set_new(pObj, "created_at", bm_str_or_null(p->zCreatedAt));
  json_object_set_new(pObj, "created_by", bm_str_or_null(p->zCreatedBy));
  json_object_set_new(pObj, "published_at", bm_str_or_null(p->zPublishedAt));
  json_object_set_new(pObj, "published_by", bm_str_or_null(p->zPublishedBy));
  json_object_set_new(pObj, "superseded_by", p->supersededBy ? json_integer(p->supersededBy) : json_null());
  json_object_set_new(pObj, "void_reason", bm_str_or_null(p->zVoidReason));
  json_object_set_new(pObj, "tiers", pTiers);
  return pObj;
}

/* ---- writing ----------------------------------------------------------------- */

static void bm_bind_fen(zf_stmt *pStmt, int i, int64_t v){
  if( v==RULES_NO_FINE ) db_bind_null(pStmt, i); else db_bind_int64(pStmt, i, v);
}

static int bm_tiers_write(zf_db *pDb, int64_t id, const rules_benchmark *p){
  static const char zIns[] =
    "INSERT INTO benchmark_tier(benchmark_id, ord, condition, overdue, org_min_fen, org_max_fen,"
    " person_min_fen, person_max_fen, measures) VALUES(?,?,?,?,?,?,?,?,?)";
  int i, rc = db_exec(pDb, "DELETE FROM benchmark_tier WHERE benchmark_id=?", "i", id);
  for(i=0; rc==ZF_OK && i<p->nTier; i++){
    const rules_tier *t = &p->aTier[i];
    zf_stmt *pStmt = db_stmt(pDb, zIns);
    if( pStmt==0 ) return ZF_EINTERNAL;
    db_bind(pStmt, "idsd", id, i+1, t->zCondition, t->overdue);
    bm_bind_fen(pStmt, 5, t->orgMin);
    bm_bind_fen(pStmt, 6, t->orgMax);
    bm_bind_fen(pStmt, 7, t->personMin);
    bm_bind_fen(pStmt, 8, t->personMax);
    db_bind_text(pStmt, 9, t->zMeasures, -1, DB_TRANSIENT);
    rc = db_step(pStmt);
    db_reset(pStmt);
    rc = rc<0 ? -rc : ZF_OK;
  }
  return rc;
}

int rules_benchmark_insert_tx(zf_db *pDb, const char *zActor, const rules_benchmark *p,
                              int64_t *pId){
  static const char zIns[] =
    "INSERT INTO benchmark(code, version, violation, violated_provision, penalty_provision,"
    " max_org_fen, max_person_fen, overdue_max_org_fen, overdue_max_person_fen, source, verified,"
    " note, effective_from, effective_to, status, created_at, created_by, updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',?,?,?)";
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zIns, "sdsssiiiisdssssss", p->zCode, p->version, p->zViolation, p->zViolated,
               p->zPenalty, p->maxOrg, p->maxPerson, p->overdueMaxOrg, p->overdueMaxPerson,
               p->zSource, p->verified, p->zNote, p->zEffectiveFrom,
               p->zEffectiveTo[0] ? p->zEffectiveTo : 0, zNow, zActor, zNow);
  if( rc ) return rc;
  *pId = db_last_id(pDb);
  return bm_tiers_write(pDb, *pId, p);
}

static int bm_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id, json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor, zAction, "benchmark", zId, "", pChange);
  json_decref(pChange);
  return rc;
}

int rules_benchmark_create(zf_db *pDb, const char *zActor, const rules_benchmark *p,
                           int64_t *pId, zf_error *e){
  static const char zVer[] = "SELECT COALESCE(max(version),0)+1 FROM benchmark WHERE code=?";
  rules_benchmark *pNew;
  zf_stmt *pStmt;
  int rc = rules_benchmark_check(p, e);
  if( rc ) return rc;
  pNew = malloc(sizeof *pNew);
  if( pNew==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  memcpy(pNew, p, sizeof *pNew);
  rc = db_begin(pDb);
  pStmt = rc ? 0 : db_stmt(pDb, zVer);
  if( pStmt==0 && rc==ZF_OK ) rc = ZF_EINTERNAL;
  if( rc==ZF_OK ){
    db_bind(pStmt, "s", p->zCode);
    if( db_step(pStmt)==1 ) pNew->version = db_column_int(pStmt, 0);
    db_reset(pStmt);
    rc = rules_benchmark_insert_tx(pDb, zActor, pNew, pId);
  }
  if( rc==ZF_OK ){
    json_t *pJson = rules_benchmark_json(pNew);
    json_object_del(pJson, "id");
    rc = bm_audit(pDb, zActor, "benchmark.create", *pId, json_pack("{s:o}", "after", pJson));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  free(pNew);
  return rc ? err_set(e, rc, 0, "无法保存裁量基准") : ZF_OK;
}

/* Loads id into p and requires a draft. */
static int bm_draft_or_fail(zf_db *pDb, int64_t id, rules_benchmark *p, zf_error *e){
  int rc = rules_benchmark_load(pDb, id, p);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "id", "裁量基准不存在：%lld", (long long)id);
  if( rc ) return err_set(e, rc, 0, 0);
  if( strcmp(p->zStatus, "draft")!=0 ){
    return err_set(e, ZF_ECONFLICT, "status", "裁量基准 %s 第 %d 版%s，不可修改；如需调整请新建版本", p->zCode,
                   p->version, strcmp(p->zStatus, "void")==0 ? "已作废" : "已发布");
  }
  return ZF_OK;
}

/* Inside a write transaction: ZF_ECONFLICT unless version id is still a draft. */
static int bm_still_draft(zf_db *pDb, int64_t id, zf_error *e){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT status FROM benchmark WHERE id=?");
  int rc, draft = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) draft = strcmp(db_text(pStmt, 0), "draft")==0;
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  return draft ? ZF_OK : err_set(e, ZF_ECONFLICT, "status", "该裁量基准刚被他人发布或作废，请刷新后重试");
}

int rules_benchmark_update(zf_db *pDb, const char *zActor, int64_t id, const rules_benchmark *p,
                           zf_error *e){
  static const char zUpd[] =
    "UPDATE benchmark SET violation=?, violated_provision=?, penalty_provision=?, max_org_fen=?,"
    " max_person_fen=?, overdue_max_org_fen=?, overdue_max_person_fen=?, source=?, verified=?,"
    " note=?, effective_from=?, effective_to=?, updated_at=? WHERE id=?";
  rules_benchmark *pOld = malloc(sizeof *pOld), *pNew = malloc(sizeof *pNew);
  char zNow[24];
  int rc = pOld && pNew ? ZF_OK : err_set(e, ZF_EINTERNAL, 0, 0);
  if( rc==ZF_OK ) rc = bm_draft_or_fail(pDb, id, pOld, e);
  if( rc==ZF_OK ){
    memcpy(pNew, p, sizeof *pNew);
    memcpy(pNew->zCode, pOld->zCode, sizeof pNew->zCode);
    pNew->version = pOld->version;
    rc = rules_benchmark_check(pNew, e);
  }
  if( rc==ZF_OK ){
    clock_now_iso(zNow);
    rc = db_begin(pDb);
    if( rc==ZF_OK ) rc = bm_still_draft(pDb, id, e);
    if( rc==ZF_OK ){
      rc = db_exec(pDb, zUpd, "sssiiiisdssssi", pNew->zViolation, pNew->zViolated, pNew->zPenalty,
                   pNew->maxOrg, pNew->maxPerson, pNew->overdueMaxOrg, pNew->overdueMaxPerson,
                   pNew->zSource, pNew->verified, pNew->zNote, pNew->zEffectiveFrom,
                   pNew->zEffectiveTo[0] ? pNew->zEffectiveTo : 0, zNow, id);
    }
    if( rc==ZF_OK ) rc = bm_tiers_write(pDb, id, pNew);
    if( rc==ZF_OK ){
      rc = bm_audit(pDb, zActor, "benchmark.update", id, json_pack("{s:o,s:o}",
                    "before", rules_benchmark_json(pOld), "after", rules_benchmark_json(pNew)));
    }
    if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
    if( rc && rc!=ZF_ECONFLICT ) err_set(e, rc, 0, "无法保存裁量基准");
  }
  free(pOld);
  free(pNew);
  return rc;
}

int rules_benchmark_publish(zf_db *pDb, const char *zActor, int64_t id, int retroactive,
                            const char *zReason, zf_error *e){
  static const char zOld[] =
    "SELECT id FROM benchmark WHERE code=? AND effective_from=? AND status='published'";
  static const char zSup[] = "UPDATE benchmark SET status='superseded', superseded_by=? WHERE id=?";
  static const char zPub[] =
    "UPDATE benchmark SET status='published', published_at=?, published_by=?, updated_at=? WHERE id=?";
  rules_benchmark *p = malloc(sizeof *p);
  zf_stmt *pStmt;
  char zNow[24], zToday[11];
  int64_t old = 0;
  int rc = p ? bm_draft_or_fail(pDb, id, p, e) : err_set(e, ZF_EINTERNAL, 0, 0);
  if( rc==ZF_OK ) rc = rules_effective_check(p->zEffectiveFrom, retroactive, zReason, e);
  if( rc ){ free(p); return rc; }
  clock_now_iso(zNow);
  calendar_today(zToday);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = bm_still_draft(pDb, id, e);
  pStmt = rc ? 0 : db_stmt(pDb, zOld);
  if( pStmt ){
    db_bind(pStmt, "ss", p->zCode, p->zEffectiveFrom);
    if( db_step(pStmt)==1 ) old = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }else if( rc==ZF_OK ){
    rc = ZF_EINTERNAL;
  }
  if( rc==ZF_OK && old ){
    rc = db_exec(pDb, zSup, "ii", id, old);
    if( rc==ZF_OK ) rc = bm_audit(pDb, zActor, "benchmark.supersede", old, json_pack("{s:I}", "superseded_by", (json_int_t)id));
  }
  if( rc==ZF_OK ) rc = db_exec(pDb, zPub, "sssi", zNow, zActor, zNow, id);
  if( rc==ZF_OK ){
    json_t *pChange = json_pack("{s:s,s:i,s:s}", "code", p->zCode, "version", p->version,
                                "effective_from", p->zEffectiveFrom);
    if( strcmp(p->zEffectiveFrom, zToday)<0 ){
      json_object_set_new(pChange, "retroactive", json_true());
      json_object_set_new(pChange, "reason", json_string(zReason));
    }
    if( old ) json_object_set_new(pChange, "supersedes", json_integer(old));
    rc = bm_audit(pDb, zActor, "benchmark.publish", id, pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else if( db_in_tx(pDb) ) db_rollback(pDb);
  free(p);
  if( rc==ZF_ECONFLICT ) return rc;
  return rc ? err_set(e, rc, 0, "无法发布裁量基准") : ZF_OK;
}

int rules_benchmark_void(zf_db *pDb, const char *zActor, int64_t id, const char *zReason,
                         zf_error *e){
  static const char zSql[] =
    "UPDATE benchmark SET status='void', voided_at=?, voided_by=?, void_reason=?, updated_at=?"
    " WHERE id=?";
  rules_benchmark *p = malloc(sizeof *p);
  char zNow[24];
  int rc = p ? bm_draft_or_fail(pDb, id, p, e) : err_set(e, ZF_EINTERNAL, 0, 0);
  free(p);
  if( rc ) return rc;
  if( zReason==0 || !bm_text_ok(zReason, 2, 500) ){
    return err_set(e, ZF_EINVAL, "reason", "作废须说明原因（reason，2–500 个字符）");
  }
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = bm_still_draft(pDb, id, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zSql, "ssssi", zNow, zActor, zReason, zNow, id);
  if( rc==ZF_OK ) rc = bm_audit(pDb, zActor, "benchmark.void", id, json_pack("{s:s}", "reason", zReason));
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法作废裁量基准") : ZF_OK;
}

/* One page of benchmarks for the list handler (see rules_api.c). */
json_t *rules_benchmark_page(zf_db *pDb, const char *zQ, const char *zStatus, const char *zCode,
                             const char *zDate, int64_t cursor, int limit, int64_t *pNext){
  static const char zSql[] =
    "SELECT id FROM benchmark b WHERE (? IS NULL OR b.code LIKE ? ESCAPE '\\'"
    " OR b.violation LIKE ? ESCAPE '\\') AND (? IS NULL OR b.status=?) AND (? IS NULL OR b.code=?)"
    " AND (? IS NULL OR (b.status='published' AND b.effective_from<=? AND"
    " (b.effective_to IS NULL OR b.effective_to>=?) AND NOT EXISTS(SELECT 1 FROM benchmark n"
    " WHERE n.code=b.code AND n.status='published' AND n.effective_from>b.effective_from"
    " AND n.effective_from<=? AND (n.effective_to IS NULL OR n.effective_to>=?))))"
    " AND b.id>? ORDER BY b.id LIMIT ?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  rules_benchmark *p = malloc(sizeof *p);
  int64_t aId[201];
  char zLike[200] = "";
  int i, n = 0, rc;
  *pNext = 0;
  if( pStmt==0 || p==0 ){ free(p); return pItems; }
  if( zQ ){
    size_t j = 0;
    const char *z;
    zLike[j++] = '%';
    for(z=zQ; *z && j+3<sizeof zLike; z++){
      if( *z=='%' || *z=='_' || *z=='\\' ) zLike[j++] = '\\';
      zLike[j++] = *z;
    }
    zLike[j++] = '%';
    zLike[j] = 0;
  }
  db_bind(pStmt, "ssssssssssssii", zQ ? zLike : 0, zLike, zLike, zStatus, zStatus, zCode, zCode,
          zDate, zDate, zDate, zDate, zDate, cursor, (int64_t)limit + 1);
  while( (rc = db_step(pStmt))==1 && n<=limit ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( n>limit ){ n = limit; *pNext = aId[n-1]; }
  for(i=0; i<n; i++){
    if( rules_benchmark_load(pDb, aId[i], p)==ZF_OK ) json_array_append_new(pItems, rules_benchmark_json(p));
  }
  free(p);
  return pItems;
}
