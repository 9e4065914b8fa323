/*
** rules.c — versioned rule sets of legal parameters: which set is in force
** on a date, reading values, deadlines by unit, and the draft → publish /
** void workflow (plan clauses 12 and 13; RULES.md).
**
** Rules enforced here (and again by triggers in 0002_rules_calendar.sql):
** only drafts change; published sets never do; nothing is deleted; a set's
** effective date is in the future when published unless the publisher says
** "retroactive" and why; publishing over the same effective date supersedes
** the older set; every change is audited in its own transaction.
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "rules.h"

#define RULES_SET_COLS "id, name, legal_source, effective_from, status, base_id, note," \
  " created_at, created_by, updated_at, published_at, published_by, retroactive_reason," \
  " superseded_by, voided_at, voided_by, void_reason"

/* ---- reading ----------------------------------------------------------- */

int rules_set_in_force(zf_db *pDb, const char *zDate, rules_set_ref *pRef, zf_error *e){
  static const char zSql[] =
    "SELECT id, name, effective_from FROM rule_set WHERE status='published'"
    " AND effective_from<=? ORDER BY effective_from DESC LIMIT 1";
  zf_stmt *pStmt;
  int rc = calendar_parse_date(zDate, "date", 0, e);
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "s", zDate);
  rc = db_step(pStmt);
  if( rc==1 ){
    pRef->id = db_column_int64(pStmt, 0);
    snprintf(pRef->zName, sizeof pRef->zName, "%s", db_text(pStmt, 1));
    snprintf(pRef->zEffective, sizeof pRef->zEffective, "%s", db_text(pStmt, 2));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "date", "日期 %s 早于所有已发布规则集的生效日期", zDate);
  return ZF_OK;
}

/* A key shipped after set setId was published: the default, named so,
** marked 待核, reported as read from setId. */
static int rules_default_in_set(zf_db *pDb, int64_t setId, rules_value *pOut, zf_error *e){
  static const char zSql[] = "SELECT id, name, effective_from, status FROM rule_set WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zSource[sizeof pOut->zSource + 64];
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", setId);
  rc = db_step(pStmt);
  if( rc==1 ){
    pOut->set.id = db_column_int64(pStmt, 0);
    snprintf(pOut->set.zName, sizeof pOut->set.zName, "%s", db_text(pStmt, 1));
    snprintf(pOut->set.zEffective, sizeof pOut->set.zEffective, "%s", db_text(pStmt, 2));
    if( strcmp(db_text(pStmt, 3), "void")==0 ) rc = 2;
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, "rule_set_id", "规则集不存在：%lld", (long long)setId);
  if( rc==2 ) return err_set(e, ZF_EINVAL, "rule_set_id", "规则集 %lld 已作废", (long long)setId);
  snprintf(zSource, sizeof zSource, "系统默认值（该规则集发布时尚无此项）；%s", pOut->zSource);
  snprintf(pOut->zSource, sizeof pOut->zSource, "%.*s", (int)sizeof pOut->zSource - 1, zSource);
  pOut->verified = 0;
  return ZF_OK;
}

int rules_get_in_set(zf_db *pDb, int64_t setId, const char *zKey, rules_value *pOut,
                     zf_error *e){
  static const char zSql[] =
    "SELECT v.key, v.value, v.unit, v.label, v.source, v.verified, s.id, s.name, s.effective_from,"
    " s.status FROM rule_value v JOIN rule_set s ON s.id=v.set_id WHERE v.set_id=? AND v.key=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "is", setId, zKey);
  rc = db_step(pStmt);
  if( rc==1 ){
    memset(pOut, 0, sizeof *pOut);
    snprintf(pOut->zKey, sizeof pOut->zKey, "%s", db_text(pStmt, 0));
    pOut->value = db_column_int64(pStmt, 1);
    snprintf(pOut->zUnit, sizeof pOut->zUnit, "%s", db_text(pStmt, 2));
    snprintf(pOut->zLabel, sizeof pOut->zLabel, "%s", db_text(pStmt, 3));
    snprintf(pOut->zSource, sizeof pOut->zSource, "%s", db_text(pStmt, 4));
    pOut->verified = db_column_int(pStmt, 5);
    pOut->set.id = db_column_int64(pStmt, 6);
    snprintf(pOut->set.zName, sizeof pOut->set.zName, "%s", db_text(pStmt, 7));
    snprintf(pOut->set.zEffective, sizeof pOut->set.zEffective, "%s", db_text(pStmt, 8));
    if( strcmp(db_text(pStmt, 9), "void")==0 ) rc = 2;
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==2 ) return err_set(e, ZF_EINVAL, "rule_set_id", "规则集 %lld 已作废", (long long)setId);
  if( rc==0 && zKey && rules_default_find(zKey, pOut)==ZF_OK ){
    return rules_default_in_set(pDb, setId, pOut, e);
  }
  if( rc==0 ){
    log_error("rules: unknown key %s in rule set %lld", zKey ? zKey : "(null)", (long long)setId);
    return err_set(e, ZF_EINTERNAL, 0, "规则集 %lld 中没有规则项 %.60s", (long long)setId,
                   zKey ? zKey : "");
  }
  return ZF_OK;
}

int rules_get(zf_db *pDb, const char *zKey, const char *zDate, rules_value *pOut, zf_error *e){
  rules_set_ref ref;
  int rc = rules_set_in_force(pDb, zDate, &ref, e);
  if( rc ) return rc;
  return rules_get_in_set(pDb, ref.id, zKey, pOut, e);
}

int rules_int(zf_db *pDb, const char *zKey, const char *zDate, int64_t *pValue, zf_error *e){
  rules_value v;
  int rc = rules_get(pDb, zKey, zDate, &v, e);
  if( rc==ZF_OK ) *pValue = v.value;
  return rc;
}

int rules_deadline(zf_db *pDb, const char *zKey, const char *zStart, int64_t setId,
                   char zOut[11], int *pProvisional, zf_error *e){
  rules_value v;
  int rc, n;
  if( pProvisional ) *pProvisional = 0;
  rc = calendar_parse_date(zStart, "date", 0, e);
  if( rc ) return rc;
  rc = setId ? rules_get_in_set(pDb, setId, zKey, &v, e) : rules_get(pDb, zKey, zStart, &v, e);
  if( rc ) return rc;
  n = (int)v.value;
  if( strcmp(v.zUnit, "workdays")==0 ) return calendar_workdays_add(pDb, zStart, n, zOut, pProvisional, e);
  if( strcmp(v.zUnit, "days")==0 ) return calendar_deadline_days(pDb, zStart, n, zOut, 0, pProvisional, e);
  if( strcmp(v.zUnit, "months")==0 ) return calendar_months_add(zStart, n, zOut, e);
  if( strcmp(v.zUnit, "years")==0 ) return calendar_months_add(zStart, n*12, zOut, e);
  log_error("rules_deadline: key %s has unit %s, not a period of days", zKey, v.zUnit);
  return err_set(e, ZF_EINTERNAL, 0, "规则项 %s 的单位 %s 不是天数，不能用于计算期限", zKey, v.zUnit);
}

/* ---- header of one set ------------------------------------------------- */

typedef struct rules_head {
  int64_t id;
  char zName[512];
  char zEffective[11];
  char zStatus[12];
} rules_head;

static int rules_head_load(zf_db *pDb, int64_t id, rules_head *p){
  static const char zSql[] = "SELECT id, name, effective_from, status FROM rule_set WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    p->id = db_column_int64(pStmt, 0);
    snprintf(p->zName, sizeof p->zName, "%s", db_text(pStmt, 1));
    snprintf(p->zEffective, sizeof p->zEffective, "%s", db_text(pStmt, 2));
    snprintf(p->zStatus, sizeof p->zStatus, "%s", db_text(pStmt, 3));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

static const char *rules_status_name(const char *z){
  if( strcmp(z, "published")==0 ) return "已发布";
  if( strcmp(z, "superseded")==0 ) return "已被更正取代";
  if( strcmp(z, "void")==0 ) return "已作废";
  return "草稿";
}

/* Loads id and requires it to be a draft; ZF_ENOTFOUND / ZF_ECONFLICT. */
static int rules_draft_or_fail(zf_db *pDb, int64_t id, rules_head *p, zf_error *e){
  int rc = rules_head_load(pDb, id, p);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "id", "规则集不存在：%lld", (long long)id);
  if( rc ) return err_set(e, rc, 0, 0);
  if( strcmp(p->zStatus, "draft")!=0 ){
    return err_set(e, ZF_ECONFLICT, "status", "规则集“%s”%s，不可修改；如需调整请以其为基础新建草稿",
                   p->zName, rules_status_name(p->zStatus));
  }
  return ZF_OK;
}

/* Inside a write transaction: ZF_ECONFLICT unless set id is still a draft
** (another request may have published or voided it since it was checked). */
static int rules_still_draft(zf_db *pDb, int64_t id, zf_error *e){
  rules_head head;
  int rc = rules_head_load(pDb, id, &head);
  if( rc ) return rc;
  if( strcmp(head.zStatus, "draft")!=0 ){
    return err_set(e, ZF_ECONFLICT, "status", "规则集“%s”刚被他人%s，请刷新后重试", head.zName,
                   rules_status_name(head.zStatus));
  }
  return ZF_OK;
}

static int rules_text_ok(const char *z, size_t nMin, size_t nMax){
  size_t n = z ? json_utf8_len(z) : 0;
  return z && n>=nMin && n<=nMax;
}

static int rules_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id,
                       json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  rc = audit_append(pDb, zActor, zAction, "rule_set", zId, "", pChange);
  json_decref(pChange);
  return rc;
}

/* ---- create ------------------------------------------------------------- */

static int rules_new_check(const rules_set_new *p, zf_error *e){
  if( !rules_text_ok(p->zName, 1, 100) ) return err_set(e, ZF_EINVAL, "name", "名称（name）应为 1–100 个字符");
  if( calendar_parse_date(p->zEffective, "effective_from", 0, e) ) return ZF_EINVAL;
  if( p->zLegalSource && !rules_text_ok(p->zLegalSource, 1, 500) ){
    return err_set(e, ZF_EINVAL, "legal_source", "法律依据（legal_source）应为 1–500 个字符");
  }
  if( p->zNote && !rules_text_ok(p->zNote, 0, 1000) ){
    return err_set(e, ZF_EINVAL, "note", "说明（note）不能超过 1000 个字符");
  }
  return ZF_OK;
}

int rules_set_create(zf_db *pDb, const char *zActor, const rules_set_new *pNew, int64_t *pId,
                     zf_error *e){
  static const char zIns[] =
    "INSERT INTO rule_set(name, legal_source, effective_from, status, base_id, note,"
    " created_at, created_by, updated_at)"
    " SELECT ?, COALESCE(?, legal_source), ?, 'draft', id, ?, ?, ?, ? FROM rule_set WHERE id=?";
  static const char zCopy[] =
    "INSERT INTO rule_value(set_id, key, value, unit, label, source, verified, note)"
    " SELECT ?, key, value, unit, label, source, verified, note FROM rule_value WHERE set_id=?";
  rules_head base;
  char zNow[24], zToday[11];
  int64_t baseId = pNew->baseId;
  int rc = rules_new_check(pNew, e);
  if( rc ) return rc;
  if( baseId==0 ){
    rules_set_ref ref;
    calendar_today(zToday);
    rc = rules_set_in_force(pDb, zToday, &ref, e);
    if( rc ) return err_set(e, ZF_EINVAL, "base_id", "今天没有生效的规则集，请指定基础规则集（base_id）");
    baseId = ref.id;
  }
  rc = rules_head_load(pDb, baseId, &base);
  if( rc==ZF_ENOTFOUND ) return err_set(e, ZF_EINVAL, "base_id", "基础规则集不存在：%lld", (long long)baseId);
  if( rc ) return err_set(e, rc, 0, 0);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zIns, "sssssssi", pNew->zName, pNew->zLegalSource, pNew->zEffective,
               pNew->zNote ? pNew->zNote : "", zNow, zActor, zNow, baseId);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = db_exec(pDb, zCopy, "ii", *pId, baseId);
  }
  if( rc==ZF_OK ) rc = rules_defaults_fill(pDb, *pId);
  if( rc==ZF_OK ){
    rc = rules_audit(pDb, zActor, "rule_set.create", *pId,
      json_pack("{s:s,s:s,s:I,s:s}", "name", pNew->zName, "effective_from", pNew->zEffective,
                "base_id", (json_int_t)baseId, "base_name", base.zName));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法保存规则集草稿") : ZF_OK;
}

/* ---- update ------------------------------------------------------------- */

/* Largest value a unit allows (values are never negative). */
static int64_t rules_unit_max(const char *zUnit){
  static const struct { const char *z; int64_t max; } a[] = {
    {"days", CALENDAR_MAX_SPAN}, {"workdays", CALENDAR_MAX_SPAN}, {"hours", 8784},
    {"months", 1200}, {"years", 100}, {"fen", 10000000000000LL}, {"percent", 100},
    {"count", 100000},
  };
  size_t i;
  for(i=0; zUnit && i<sizeof a/sizeof a[0]; i++) if( strcmp(a[i].z, zUnit)==0 ) return a[i].max;
  return -1;
}

static const char *rules_unit_name(const char *zUnit){
  static const char *const a[][2] = {
    {"days", "日"}, {"workdays", "工作日"}, {"hours", "小时"}, {"months", "个月"},
    {"years", "年"}, {"fen", "分"}, {"percent", "%"}, {"count", "个/人/次"},
  };
  size_t i;
  for(i=0; zUnit && i<sizeof a/sizeof a[0]; i++) if( strcmp(a[i][0], zUnit)==0 ) return a[i][1];
  return "?";
}

/* The current row of one value, for checking and for the audit "before". */
typedef struct rules_cur { int found; int64_t value; char zUnit[12]; json_t *pJson; } rules_cur;

static int rules_value_current(zf_db *pDb, int64_t setId, const char *zKey, rules_cur *p){
  static const char zSql[] =
    "SELECT value, unit, label, source, verified, note FROM rule_value WHERE set_id=? AND key=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  memset(p, 0, sizeof *p);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "is", setId, zKey);
  rc = db_step(pStmt);
  if( rc==1 ){
    p->found = 1;
    p->value = db_column_int64(pStmt, 0);
    snprintf(p->zUnit, sizeof p->zUnit, "%s", db_text(pStmt, 1));
    p->pJson = json_pack("{s:I,s:s,s:s,s:s,s:b,s:s}", "value", (json_int_t)p->value,
      "unit", db_text(pStmt, 1), "label", db_text(pStmt, 2), "source", db_text(pStmt, 3),
      "verified", db_column_int(pStmt, 4), "note", db_text(pStmt, 5));
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* Checks one value edit against the current row. zField gets "values.KEY". */
static int rules_value_check(const rules_value_edit *v, const rules_cur *pCur, zf_error *e){
  char zField[96];
  const char *zUnit = v->zUnit ? v->zUnit : pCur->zUnit;
  int64_t max;
  snprintf(zField, sizeof zField, "values.%.60s", v->zKey);
  if( !pCur->found ) return err_set(e, ZF_EINVAL, zField, "规则项不存在：%.60s", v->zKey);
  if( v->zUnit && strcmp(v->zUnit, pCur->zUnit)!=0 ){
    int ok = (strcmp(v->zUnit, "days")==0 || strcmp(v->zUnit, "workdays")==0)
          && (strcmp(pCur->zUnit, "days")==0 || strcmp(pCur->zUnit, "workdays")==0);
    if( !ok ){
      return err_set(e, ZF_EINVAL, zField, "规则项 %s 的单位只能在 days（日）与 workdays（工作日）之间调整",
                     v->zKey);
    }
  }
  max = rules_unit_max(zUnit);
  if( v->hasValue && (v->value<0 || v->value>max) ){
    return err_set(e, ZF_EINVAL, zField, "规则项 %s 的取值应在 0 到 %lld（单位：%s）之间", v->zKey,
                   (long long)max, rules_unit_name(zUnit));
  }
  if( v->zLabel && !rules_text_ok(v->zLabel, 1, 100) ){
    return err_set(e, ZF_EINVAL, zField, "规则项 %s 的名称应为 1–100 个字符", v->zKey);
  }
  if( v->zSource && !rules_text_ok(v->zSource, 1, 200) ){
    return err_set(e, ZF_EINVAL, zField, "规则项 %s 的依据应为 1–200 个字符", v->zKey);
  }
  if( v->zNote && !rules_text_ok(v->zNote, 0, 500) ){
    return err_set(e, ZF_EINVAL, zField, "规则项 %s 的说明不能超过 500 个字符", v->zKey);
  }
  return ZF_OK;
}

static int rules_edit_check(const rules_set_edit *p, zf_error *e){
  if( p->zName && !rules_text_ok(p->zName, 1, 100) ){
    return err_set(e, ZF_EINVAL, "name", "名称（name）应为 1–100 个字符");
  }
  if( p->zEffective && calendar_parse_date(p->zEffective, "effective_from", 0, e) ) return ZF_EINVAL;
  if( p->zLegalSource && !rules_text_ok(p->zLegalSource, 1, 500) ){
    return err_set(e, ZF_EINVAL, "legal_source", "法律依据（legal_source）应为 1–500 个字符");
  }
  if( p->zNote && !rules_text_ok(p->zNote, 0, 1000) ){
    return err_set(e, ZF_EINVAL, "note", "说明（note）不能超过 1000 个字符");
  }
  return ZF_OK;
}

/* Writes one checked value edit and records before/after in pChanges. */
static int rules_value_write(zf_db *pDb, int64_t id, const rules_value_edit *v, rules_cur *pCur,
                             json_t *pChanges){
  static const char zSql[] =
    "UPDATE rule_value SET value=COALESCE(?,value), unit=COALESCE(?,unit),"
    " label=COALESCE(?,label), source=COALESCE(?,source), note=COALESCE(?,note),"
    " verified=CASE WHEN ?<0 THEN verified ELSE ? END WHERE set_id=? AND key=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pAfter = json_object();
  int rc;
  if( pStmt==0 ){ json_decref(pAfter); return ZF_EINTERNAL; }
  if( v->hasValue ) json_object_set_new(pAfter, "value", json_integer(v->value));
  if( v->zUnit ) json_object_set_new(pAfter, "unit", json_string(v->zUnit));
  if( v->zLabel ) json_object_set_new(pAfter, "label", json_string(v->zLabel));
  if( v->zSource ) json_object_set_new(pAfter, "source", json_string(v->zSource));
  if( v->zNote ) json_object_set_new(pAfter, "note", json_string(v->zNote));
  if( v->verified>=0 ) json_object_set_new(pAfter, "verified", json_boolean(v->verified));
  db_bind(pStmt, "nssssddis", v->zUnit, v->zLabel, v->zSource, v->zNote,
          v->verified, v->verified, id, v->zKey);
  if( v->hasValue ) db_bind_int64(pStmt, 1, v->value);
  rc = db_step(pStmt);
  db_reset(pStmt);
  json_object_set_new(pChanges, v->zKey, json_pack("{s:O,s:o}", "before", pCur->pJson, "after", pAfter));
  return rc<0 ? -rc : ZF_OK;
}

static int rules_head_write(zf_db *pDb, int64_t id, const rules_set_edit *p, json_t *pChanges){
  static const char zSql[] =
    "UPDATE rule_set SET name=COALESCE(?,name), effective_from=COALESCE(?,effective_from),"
    " legal_source=COALESCE(?,legal_source), note=COALESCE(?,note), updated_at=? WHERE id=?";
  char zNow[24];
  clock_now_iso(zNow);
  if( p->zName ) json_object_set_new(pChanges, "name", json_string(p->zName));
  if( p->zEffective ) json_object_set_new(pChanges, "effective_from", json_string(p->zEffective));
  if( p->zLegalSource ) json_object_set_new(pChanges, "legal_source", json_string(p->zLegalSource));
  if( p->zNote ) json_object_set_new(pChanges, "note", json_string(p->zNote));
  return db_exec(pDb, zSql, "sssssi", p->zName, p->zEffective, p->zLegalSource, p->zNote, zNow, id);
}

int rules_set_update(zf_db *pDb, const char *zActor, int64_t id, const rules_set_edit *pEdit,
                     const rules_value_edit *aVal, int nVal, zf_error *e){
  static const rules_set_edit none = {0, 0, 0, 0};
  rules_cur aCur[RULES_MAX_EDITS];
  rules_head head;
  json_t *pValues = 0, *pHead = 0;
  int i, j, rc = rules_draft_or_fail(pDb, id, &head, e);
  if( rc ) return rc;
  if( pEdit==0 ) pEdit = &none;
  if( nVal>RULES_MAX_EDITS ) return err_set(e, ZF_EINVAL, "values", "一次最多修改 %d 个规则项", RULES_MAX_EDITS);
  rc = rules_edit_check(pEdit, e);
  memset(aCur, 0, sizeof aCur);
  for(i=0; rc==ZF_OK && i<nVal; i++){
    for(j=0; j<i; j++){
      if( strcmp(aVal[j].zKey, aVal[i].zKey)==0 ){
        rc = err_set(e, ZF_EINVAL, "values", "规则项 %.60s 重复", aVal[i].zKey);
      }
    }
    if( rc==ZF_OK ) rc = rules_value_current(pDb, id, aVal[i].zKey, &aCur[i]);
    if( rc==ZF_OK ) rc = rules_value_check(&aVal[i], &aCur[i], e);
  }
  if( rc==ZF_OK ) rc = db_begin(pDb);
  if( rc==ZF_OK ){
    pHead = json_object();
    pValues = json_object();
    rc = rules_still_draft(pDb, id, e);
    if( rc==ZF_OK ) rc = rules_head_write(pDb, id, pEdit, pHead);
    for(i=0; rc==ZF_OK && i<nVal; i++) rc = rules_value_write(pDb, id, &aVal[i], &aCur[i], pValues);
    if( rc==ZF_OK ){
      rc = rules_audit(pDb, zActor, "rule_set.update", id,
                       json_pack("{s:O,s:O}", "set", pHead, "values", pValues));
    }
    if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
    if( rc && rc!=ZF_ECONFLICT ) err_set(e, rc, 0, "无法保存规则集");
  }
  for(i=0; i<nVal; i++) json_decref(aCur[i].pJson);
  json_decref(pHead);
  json_decref(pValues);
  return rc;
}

/* ---- publish and void ---------------------------------------------------- */

/* Effective date rule: today or later, or retroactive with a reason. */
int rules_effective_check(const char *zEffective, int retroactive, const char *zReason,
                          zf_error *e){
  char zToday[11];
  calendar_today(zToday);
  if( strcmp(zEffective, zToday)>=0 ) return ZF_OK;
  if( !retroactive ){
    return err_set(e, ZF_EINVAL, "effective_from",
      "生效日期 %s 早于今天（%s）；如需追溯适用，请选择追溯（retroactive）并说明原因", zEffective, zToday);
  }
  if( !rules_text_ok(zReason, 2, 500) ){
    return err_set(e, ZF_EINVAL, "reason", "追溯适用须说明原因（reason，2–500 个字符）");
  }
  return ZF_OK;
}

/* Id of the published set with zEffective, 0 when none. */
static int64_t rules_published_on(zf_db *pDb, const char *zEffective){
  static const char zSql[] = "SELECT id FROM rule_set WHERE status='published' AND effective_from=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t id = 0;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "s", zEffective);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

int rules_set_publish(zf_db *pDb, const char *zActor, int64_t id, int retroactive,
                      const char *zReason, zf_error *e){
  static const char zSup[] = "UPDATE rule_set SET status='superseded', superseded_by=? WHERE id=?";
  static const char zPub[] =
    "UPDATE rule_set SET status='published', published_at=?, published_by=?,"
    " retroactive_reason=?, updated_at=? WHERE id=?";
  rules_head head;
  char zNow[24], zToday[11];
  int64_t old;
  int back, rc = rules_draft_or_fail(pDb, id, &head, e);
  if( rc ) return rc;
  rc = rules_effective_check(head.zEffective, retroactive, zReason, e);
  if( rc ) return rc;
  calendar_today(zToday);
  back = strcmp(head.zEffective, zToday)<0;
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = rules_still_draft(pDb, id, e);
  if( rc ){ db_rollback(pDb); return rc; }
  old = rules_published_on(pDb, head.zEffective);
  if( old<0 ) rc = ZF_EINTERNAL;
  if( rc==ZF_OK && old>0 ){
    rc = db_exec(pDb, zSup, "ii", id, old);
    if( rc==ZF_OK ){
      rc = rules_audit(pDb, zActor, "rule_set.supersede", old,
                       json_pack("{s:I}", "superseded_by", (json_int_t)id));
    }
  }
  if( rc==ZF_OK ) rc = db_exec(pDb, zPub, "ssssi", zNow, zActor, back ? zReason : 0, zNow, id);
  if( rc==ZF_OK ){
    json_t *p = json_pack("{s:s,s:b}", "effective_from", head.zEffective, "retroactive", back);
    if( back ) json_object_set_new(p, "reason", json_string(zReason));
    if( old>0 ) json_object_set_new(p, "supersedes", json_integer(old));
    rc = rules_audit(pDb, zActor, "rule_set.publish", id, p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法发布规则集") : ZF_OK;
}

int rules_set_void(zf_db *pDb, const char *zActor, int64_t id, const char *zReason, zf_error *e){
  static const char zSql[] =
    "UPDATE rule_set SET status='void', voided_at=?, voided_by=?, void_reason=?, updated_at=?"
    " WHERE id=?";
  rules_head head;
  char zNow[24];
  int rc = rules_draft_or_fail(pDb, id, &head, e);
  if( rc ) return rc;
  if( !rules_text_ok(zReason, 2, 500) ) return err_set(e, ZF_EINVAL, "reason", "作废须说明原因（reason，2–500 个字符）");
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = rules_still_draft(pDb, id, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zSql, "ssssi", zNow, zActor, zReason, zNow, id);
  if( rc==ZF_OK ) rc = rules_audit(pDb, zActor, "rule_set.void", id, json_pack("{s:s}", "reason", zReason));
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法作废规则集") : ZF_OK;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *rules_text_or_null(zf_stmt *pStmt, int i){
  return db_column_type(pStmt, i)==DB_NULL ? json_null() : json_string(db_text(pStmt, i));
}

static json_t *rules_values_json(zf_db *pDb, int64_t id, int *pUnverified){
  static const char zSql[] =
    "SELECT key, value, unit, label, source, verified, note FROM rule_value WHERE set_id=? ORDER BY key";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pArr = json_array();
  *pUnverified = 0;
  if( pStmt==0 ) return pArr;
  db_bind(pStmt, "i", id);
  while( db_step(pStmt)==1 ){
    if( !db_column_int(pStmt, 5) ) (*pUnverified)++;
    json_array_append_new(pArr, json_pack("{s:s,s:I,s:s,s:s,s:s,s:b,s:s}", "key", db_text(pStmt, 0),
      "value", (json_int_t)db_column_int64(pStmt, 1), "unit", db_text(pStmt, 2),
      "label", db_text(pStmt, 3), "source", db_text(pStmt, 4),
      "verified", db_column_int(pStmt, 5), "note", db_text(pStmt, 6)));
  }
  db_reset(pStmt);
  return pArr;
}

/* Last day a published set is in force (the day before the next one), or null. */
static json_t *rules_effective_to(zf_db *pDb, const char *zStatus, const char *zEffective){
  static const char zSql[] =
    "SELECT min(effective_from) FROM rule_set WHERE status='published' AND effective_from>?";
  zf_stmt *pStmt;
  json_t *p = json_null();
  if( strcmp(zStatus, "published")!=0 ) return p;
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return p;
  db_bind(pStmt, "s", zEffective);
  if( db_step(pStmt)==1 && db_column_type(pStmt, 0)!=DB_NULL ){
    char zOut[11];
    if( calendar_days_add(db_text(pStmt, 0), -1, zOut, 0)==ZF_OK ){
      json_decref(p);
      p = json_string(zOut);
    }
  }
  db_reset(pStmt);
  return p;
}

static json_t *rules_history_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT at, actor, action, change FROM audit WHERE entity='rule_set' AND entity_id=? ORDER BY seq";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pArr = json_array();
  char zId[24];
  if( pStmt==0 ) return pArr;
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  db_bind(pStmt, "s", zId);
  while( db_step(pStmt)==1 ){
    json_t *pChange = json_loads(db_text(pStmt, 3), 0, 0);
    json_array_append_new(pArr, json_pack("{s:s,s:s,s:s,s:o}", "at", db_text(pStmt, 0),
      "actor", db_text(pStmt, 1), "action", db_text(pStmt, 2),
      "change", pChange ? pChange : json_object()));
  }
  db_reset(pStmt);
  return pArr;
}

/* The RULE_SET object from a row of RULES_SET_COLS. */
static json_t *rules_row_json(zf_db *pDb, zf_stmt *pStmt, const char *zToday){
  static const char zCount[] =
    "SELECT count(*), COALESCE(sum(verified=0),0) FROM rule_value WHERE set_id=?";
  int64_t id = db_column_int64(pStmt, 0);
  rules_set_ref ref;
  zf_stmt *pC;
  json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)id,
    "name", db_text(pStmt, 1), "legal_source", db_text(pStmt, 2),
    "effective_from", db_text(pStmt, 3), "status", db_text(pStmt, 4), "note", db_text(pStmt, 6),
    "created_at", db_text(pStmt, 7), "created_by", db_text(pStmt, 8), "updated_at", db_text(pStmt, 9));
  json_object_set_new(p, "base_id", db_column_type(pStmt, 5)==DB_NULL
                      ? json_null() : json_integer(db_column_int64(pStmt, 5)));
  json_object_set_new(p, "published_at", rules_text_or_null(pStmt, 10));
  json_object_set_new(p, "published_by", rules_text_or_null(pStmt, 11));
  json_object_set_new(p, "retroactive_reason", rules_text_or_null(pStmt, 12));
  json_object_set_new(p, "superseded_by", db_column_type(pStmt, 13)==DB_NULL
                      ? json_null() : json_integer(db_column_int64(pStmt, 13)));
  json_object_set_new(p, "voided_at", rules_text_or_null(pStmt, 14));
  json_object_set_new(p, "voided_by", rules_text_or_null(pStmt, 15));
  json_object_set_new(p, "void_reason", rules_text_or_null(pStmt, 16));
  json_object_set_new(p, "in_force_today",
    json_boolean(rules_set_in_force(pDb, zToday, &ref, 0)==ZF_OK && ref.id==id));
  json_object_set_new(p, "effective_to", rules_effective_to(pDb, db_text(pStmt, 4), db_text(pStmt, 3)));
  pC = db_stmt(pDb, zCount);
  if( pC ){
    db_bind(pC, "i", id);
    if( db_step(pC)==1 ){
      json_object_set_new(p, "value_count", json_integer(db_column_int64(pC, 0)));
      json_object_set_new(p, "unverified_count", json_integer(db_column_int64(pC, 1)));
    }
    db_reset(pC);
  }
  return p;
}

json_t *rules_set_json(zf_db *pDb, int64_t id, int withValues){
  static const char zSql[] = "SELECT " RULES_SET_COLS " FROM rule_set WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  char zToday[11];
  if( pStmt==0 ) return 0;
  calendar_today(zToday);
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = rules_row_json(pDb, pStmt, zToday);
  db_reset(pStmt);
  if( p && withValues ){
    int nUnverified;
    json_object_set_new(p, "values", rules_values_json(pDb, id, &nUnverified));
    json_object_set_new(p, "history", rules_history_json(pDb, id));
  }
  return p;
}

/* Used by the list handler: one page of sets, newest first. */
json_t *rules_set_page(zf_db *pDb, const char *zStatus, const char *zQ, int64_t cursor, int limit,
                       int64_t *pNext){
  static const char zSql[] =
    "SELECT " RULES_SET_COLS " FROM rule_set WHERE (? IS NULL OR status=?)"
    " AND (? IS NULL OR instr(name, ?)>0 OR instr(legal_source, ?)>0 OR instr(note, ?)>0)"
    " AND (?=0 OR id<?) ORDER BY id DESC LIMIT ?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  char zToday[11];
  int n = 0, rc;
  *pNext = 0;
  if( pStmt==0 ) return pItems;
  calendar_today(zToday);
  db_bind(pStmt, "ssssssiii", zStatus, zStatus, zQ, zQ, zQ, zQ, cursor, cursor, (int64_t)limit + 1);
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ){ *pNext = json_integer_value(json_object_get(json_array_get(pItems, n-1), "id")); break; }
    json_array_append_new(pItems, rules_row_json(pDb, pStmt, zToday));
    n++;
  }
  db_reset(pStmt);
  return pItems;
}

/* ---- diff ---------------------------------------------------------------- */

static json_t *rules_values_by_key(zf_db *pDb, int64_t id){
  int n;
  json_t *pArr = rules_values_json(pDb, id, &n), *pObj = json_object(), *v;
  size_t i;
  json_array_foreach(pArr, i, v) json_object_set(pObj, json_string_value(json_object_get(v, "key")), v);
  json_decref(pArr);
  return pObj;
}

static void rules_diff_fields(json_t *pChanges, const char *zKey, json_t *pA, json_t *pB){
  static const char *const azField[] = {"value", "unit", "label", "source", "verified", "note"};
  size_t i;
  for(i=0; i<sizeof azField/sizeof azField[0]; i++){
    json_t *x = json_object_get(pA, azField[i]), *y = json_object_get(pB, azField[i]);
    if( !json_equal(x, y) ){
      json_array_append_new(pChanges, json_pack("{s:s,s:s,s:O,s:O,s:O}", "key", zKey,
        "field", azField[i], "from", x ? x : json_null(), "to", y ? y : json_null(),
        "label", json_object_get(pB ? pB : pA, "label")));
    }
  }
}

json_t *rules_set_diff(zf_db *pDb, int64_t idFrom, int64_t idTo){
  json_t *pA = rules_set_json(pDb, idFrom, 0), *pB = rules_set_json(pDb, idTo, 0);
  json_t *pVa, *pVb, *pChanges, *v;
  const char *zKey;
  static const char *const azHead[] = {"name", "legal_source", "effective_from"};
  size_t i;
  if( pA==0 || pB==0 ){ json_decref(pA); json_decref(pB); return 0; }
  pChanges = json_array();
  for(i=0; i<3; i++){
    json_t *x = json_object_get(pA, azHead[i]), *y = json_object_get(pB, azHead[i]);
    if( !json_equal(x, y) ){
      json_array_append_new(pChanges, json_pack("{s:n,s:s,s:O,s:O}", "key", "field", azHead[i], "from", x, "to", y));
    }
  }
  pVa = rules_values_by_key(pDb, idFrom);
  pVb = rules_values_by_key(pDb, idTo);
  json_object_foreach(pVa, zKey, v){
    json_t *w = json_object_get(pVb, zKey);
    if( w==0 ){
      json_array_append_new(pChanges, json_pack("{s:s,s:s,s:O,s:n,s:O}", "key", zKey, "field", "removed",
                            "from", json_object_get(v, "value"), "to", "label", json_object_get(v, "label")));
    }else{
      rules_diff_fields(pChanges, zKey, v, w);
    }
  }
  json_object_foreach(pVb, zKey, v){
    if( json_object_get(pVa, zKey)==0 ){
      json_array_append_new(pChanges, json_pack("{s:s,s:s,s:n,s:O,s:O}", "key", zKey, "field", "added",
                            "from", "to", json_object_get(v, "value"), "label", json_object_get(v, "label")));
    }
  }
  json_decref(pVa);
  json_decref(pVb);
  return json_pack("{s:o,s:o,s:o}", "from", pA, "to", pB, "changes", pChanges);
}
