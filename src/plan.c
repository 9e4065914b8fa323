/*
** plan.c — the annual enforcement plan's rules and writes (年度执法计划,
** plan clause 14; RULES.md "Planning and double-random inspection"): a
** plan per unit and year, its draft edited (header, workday budget, key
** enterprises scheduled, quotas, campaigns), the rule that no enterprise
** is planned at two levels, submission refused while a key enterprise is
** unscheduled or the budget is exceeded (a submission notifies the leaders
** in scope that it awaits approval), approval with the government's
** 文号 and date, publication (key enterprises become scheduled
** inspections), and adjustments as new versions. See plan.h.
**
** Every write: one transaction that loads the plan, checks the scope and
** the version's state, checks every input, writes, appends a plan_event
** when the life cycle moves, and audit_append()s with the plan's region.
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/fsm.h"
#include "inspection.h"
#include "notify.h"
#include "plan.h"

/* The kinds of days set aside (宽城区 2025 plan: 10 kinds of other
** enforcement work, 7 kinds of non-enforcement time). */
const plan_budget_kind plan_budget_kinds[] = {
  {"other.complaint",   "other", "举报投诉核查"},
  {"other.accident",    "other", "事故调查处理"},
  {"other.case",        "other", "执法案件办理"},
  {"other.reinspection","other", "整改复查"},
  {"other.joint",       "other", "联合执法"},
  {"other.cross",       "other", "交叉互检"},
  {"other.supervision", "other", "执法监督检查"},
  {"other.duty",        "other", "值班值守"},
  {"other.emergency",   "other", "应急处置"},
  {"other.assigned",    "other", "上级交办事项"},
  {"non.leave",         "non",   "法定节假日外休假"},
  {"non.training",      "non",   "学习培训"},
  {"non.meeting",       "non",   "会议"},
  {"non.admin",         "non",   "行政事务"},
  {"non.sick",          "non",   "病事假"},
  {"non.travel",        "non",   "公务外出"},
  {"non.other",         "non",   "其他非执法工作"},
  {0, 0, 0}
};

int plan_budget_kind_find(const char *zKey){
  int i;
  for(i=0; zKey && plan_budget_kinds[i].zKey; i++){
    if( strcmp(plan_budget_kinds[i].zKey, zKey)==0 ) return i;
  }
  return -1;
}

static const char *plan_actor(const zf_who *pActor){ return pActor ? pActor->zUsername : "cli"; }

/* Audit entry for plan p (pChange stolen). */
static int plan_audit(zf_db *pDb, const zf_who *pActor, const char *zAction, const plan_row *p,
                      json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)p->id);
  json_object_set_new(pChange, "version", json_integer(p->version));
  rc = audit_append(pDb, plan_actor(pActor), zAction, "plan", zId, p->zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* Appends a life-cycle event to version versionId. */
static int plan_event(zf_db *pDb, const zf_who *pActor, int64_t versionId, const char *zAction,
                      const char *zDetail){
  static const char zIns[] =
    "INSERT INTO plan_event(version_id, action, detail, actor, at) VALUES(?,?,?,?,?)";
  char zNow[24];
  clock_now_iso(zNow);
  return db_exec(pDb, zIns, "issss", versionId, zAction, zDetail ? zDetail : "", plan_actor(pActor), zNow);
}

/* Ends a write transaction (see db_finish). */
static int plan_finish(zf_db *pDb, int rc, zf_error *e){
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc && e && e->rc==0 ) err_set(e, rc, 0, rc==ZF_ECONFLICT ? "计划已被他人修改，请刷新后重试" : 0);
  return rc;
}

static const char *plan_status_name(const char *z){
  if( strcmp(z, "draft")==0 ) return "草稿";
  if( strcmp(z, "submitted")==0 ) return "已提交待批准";
  if( strcmp(z, "approved")==0 ) return "已批准待公布";
  if( strcmp(z, "published")==0 ) return "已公布";
  return "已被调整版本取代";
}

/* ---- the status machine of a plan version (plan.h) as a table ------- */

static const struct { const char *zKey, *zName; } plan_actions[] = {
  {"edit", "修改"}, {"submit", "提交报批"}, {"approve", "批准"}, {"return", "退回"},
  {"publish", "公布"}, {"adjust", "调整"}, {0, 0}
};

static const char *plan_action_name(const char *zAction){
  int i;
  for(i=0; plan_actions[i].zKey; i++){
    if( strcmp(plan_actions[i].zKey, zAction)==0 ) return plan_actions[i].zName;
  }
  return 0;
}

/* edit: the draft's budget, entries, quotas, campaigns. adjust: a new
** draft version of a published plan (the published one is superseded
** when the new one is published). */
static const zf_fsm_row plan_rows[] = {
  {"draft",     "edit",    "draft",     PERM_PLAN_EDIT,    0, 0, 0},
  {"draft",     "submit",  "submitted", PERM_PLAN_EDIT,    0, 0, 0},
  {"submitted", "approve", "approved",  PERM_PLAN_APPROVE, 0, 0, 0},
  {"submitted", "return",  "draft",     PERM_PLAN_APPROVE, 0, 0, 0},
  {"approved",  "publish", "published", PERM_PLAN_APPROVE, 0, 0, 0},
  {"published", "adjust",  "draft",     PERM_PLAN_EDIT,    0, 0, 0},
  {0, 0, 0, 0, 0, 0, 0}
};

static const zf_fsm plan_fsm = {plan_rows, plan_status_name, plan_action_name, "status", ZF_ECONFLICT};

/*
** Begins the write transaction and loads the latest version of plan
** planId into p; checks the scope and, when zAction is set, that the
** version's status allows it (plan_rows). On a refusal the transaction is
** rolled back and e filled (409 naming "status").
*/
static int plan_begin(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zAction,
                      plan_row *p, zf_error *e){
  int rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = plan_load(pDb, planId, 0, p);
  if( rc ){
    db_rollback(pDb);
    return err_set(e, rc, "id", rc==ZF_ENOTFOUND ? "年度执法计划不存在：%lld" : 0, (long long)planId);
  }
  if( !plan_in_scope(pActor, p) ){
    db_rollback(pDb);
    return err_set(e, ZF_ESCOPE, "id", "该年度执法计划（%s）不在您的管辖范围内", p->zUnit);
  }
  if( zAction && fsm_find(&plan_fsm, p->zStatus, zAction, 0)==0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, "status", "计划第 %d 版当前%s，不能%s%s", p->version,
                   plan_status_name(p->zStatus), plan_action_name(zAction),
                   strcmp(p->zStatus, "published")==0 && strcmp(zAction, "edit")==0
                   ? "；如需变更请提出调整" : "");
  }
  return ZF_OK;
}

/* Period check: month 1–12 or quarter 1–4. zPrefix names the fields. */
static int plan_period_check(const char *zKind, int period, const char *zPrefix, zf_error *e){
  char zField[64];
  snprintf(zField, sizeof zField, "%speriod_kind", zPrefix);
  if( zKind==0 ) return err_set(e, ZF_EMISSING, zField, "请选择安排方式（%s）：month 按月或 quarter 按季度", zField);
  if( strcmp(zKind, "month")!=0 && strcmp(zKind, "quarter")!=0 ){
    return err_set(e, ZF_EINVAL, zField, "安排方式（%s）应为 month（月）或 quarter（季度）", zField);
  }
  snprintf(zField, sizeof zField, "%speriod", zPrefix);
  if( period<1 || period>(zKind[0]=='m' ? 12 : 4) ){
    return err_set(e, ZF_EINVAL, zField, "%s（%s）应为 1–%d", zKind[0]=='m' ? "月份" : "季度", zField,
                   zKind[0]=='m' ? 12 : 4);
  }
  return ZF_OK;
}

/* Text length check naming the field. */
static int plan_text(const char *z, size_t nMin, size_t nMax, const char *zField, const char *zLabel,
                     zf_error *e){
  size_t n = z ? json_utf8_len(z) : 0;
  if( z==0 && nMin>0 ) return err_set(e, ZF_EMISSING, zField, "请填写%s（%s）", zLabel, zField);
  if( n<nMin ) return err_set(e, ZF_EINVAL, zField, "%s（%s）至少需要 %zu 个字符", zLabel, zField, nMin);
  if( n>nMax ) return err_set(e, ZF_EINVAL, zField, "%s（%s）不能超过 %zu 个字符", zLabel, zField, nMax);
  return ZF_OK;
}

/* ---- create and edit ------------------------------------------------------ */

/* Unit facts for a new plan: level from its kind, region, path, name. */
static int plan_unit_check(zf_db *pDb, const zf_who *pActor, int64_t unitId, char *zLevel,
                           char *zRegion, char *zPath, char *zName, zf_error *e){
  static const char zSql[] =
    "SELECT u.kind, u.region, r.path, u.name, u.status FROM unit u JOIN region r ON r.code=u.region"
    " WHERE u.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zKind[24] = "", zStatus[16] = "";
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", unitId);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 0));
    snprintf(zRegion, 16, "%s", db_text(pStmt, 1));
    snprintf(zPath, 128, "%s", db_text(pStmt, 2));
    snprintf(zName, 200, "%s", db_text(pStmt, 3));
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 4));
  }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(e, ZF_EINVAL, "unit_id", "单位不存在：%lld", (long long)unitId);
  if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "unit_id", "单位%s不在您的管辖范围内", zName);
  }
  if( strcmp(zStatus, "active")!=0 ) return err_set(e, ZF_EINVAL, "unit_id", "单位%s已撤销", zName);
  if( strcmp(zKind, "bureau")==0 || strcmp(zKind, "brigade")==0 ){
    strcpy(zLevel, "district");
  }else if( strcmp(zKind, "street")==0 ){
    strcpy(zLevel, "street");
  }else if( strcmp(zKind, "squad")==0 ){
    return err_set(e, ZF_EPROCEDURE, "unit_id", "%s是执法中队，其检查任务列入所属执法大队的年度执法计划", zName);
  }else{
    return err_set(e, ZF_EINVAL, "unit_id", "%s不编制年度执法计划（只有局机关、执法大队和街道/镇/集聚区编制）", zName);
  }
  return ZF_OK;
}

/* An existing plan of the unit and year, or of the district's level. */
static int plan_create_conflict(zf_db *pDb, int64_t unitId, int year, const char *zLevel,
                                const char *zRegion, zf_error *e){
  static const char zSql[] =
    "SELECT p.id, u.name, p.unit_id=?1 FROM plan p JOIN unit u ON u.id=p.unit_id WHERE p.year=?2"
    " AND (p.unit_id=?1 OR (?3='district' AND p.level='district' AND p.region=?4))"
    " ORDER BY p.unit_id=?1 DESC LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc = ZF_OK;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "iiss", unitId, (int64_t)year, zLevel, zRegion);
  if( db_step(pStmt)==1 ){
    if( db_column_int(pStmt, 2) ){
      rc = err_set(e, ZF_ECONFLICT, "year", "%s的 %d 年度执法计划已存在（编号 %lld）", db_text(pStmt, 1), year,
                   (long long)db_column_int64(pStmt, 0));
    }else{
      rc = err_set(e, ZF_ECONFLICT, "unit_id", "本区 %d 年已有区级年度执法计划（%s，编号 %lld），局队合一只编一份",
                   year, db_text(pStmt, 1), (long long)db_column_int64(pStmt, 0));
    }
  }
  db_reset(pStmt);
  return rc;
}

int plan_create(zf_db *pDb, const zf_who *pActor, int64_t unitId, int year, const char *zTitle,
                int64_t *pId, zf_error *e){
  static const char zPlan[] =
    "INSERT INTO plan(unit_id, year, level, region, region_path, title, created_by, created_at)"
    " VALUES(?,?,?,?,?,?,?,?)";
  static const char zVer[] =
    "INSERT INTO plan_version(plan_id, version, status, created_by, created_at, updated_at)"
    " VALUES(?,1,'draft',?,?,?)";
  char zLevel[12], zRegion[16], zPath[128], zName[200], zTitleBuf[404], zNow[24];
  plan_row row;
  int rc;
  if( year<2000 || year>2100 ) return err_set(e, ZF_EINVAL, "year", "年度（year）应在 2000–2100 之间");
  if( zTitle && (rc = plan_text(zTitle, 2, 100, "title", "计划名称", e))!=0 ) return rc;
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = plan_unit_check(pDb, pActor, unitId, zLevel, zRegion, zPath, zName, e);
  if( rc==ZF_OK ) rc = plan_create_conflict(pDb, unitId, year, zLevel, zRegion, e);
  if( rc ){ db_rollback(pDb); return rc; }
  if( zTitle==0 ) snprintf(zTitleBuf, sizeof zTitleBuf, "%s%d年度执法计划", zName, year);
  else snprintf(zTitleBuf, sizeof zTitleBuf, "%s", zTitle);
  clock_now_iso(zNow);
  rc = db_exec(pDb, zPlan, "iissssss", unitId, (int64_t)year, zLevel, zRegion, zPath, zTitleBuf,
               plan_actor(pActor), zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = db_exec(pDb, zVer, "isss", *pId, plan_actor(pActor), zNow, zNow);
  }
  if( rc==ZF_OK ) rc = plan_load(pDb, *pId, 0, &row);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, row.versionId, "created", 0);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.create", &row,
                    json_pack("{s:I,s:s,s:i,s:s,s:s}", "unit_id", (json_int_t)unitId, "unit", zName,
                              "year", year, "level", zLevel, "title", zTitleBuf));
  }
  return plan_finish(pDb, rc, e);
}

/* Checks a plan_edit (no writes). */
static int plan_edit_check(const plan_edit *p, zf_error *e){
  char zField[64];
  int i, rc;
  if( p->zTitle && (rc = plan_text(p->zTitle, 2, 100, "title", "计划名称", e))!=0 ) return rc;
  if( p->zNote && (rc = plan_text(p->zNote, 0, 2000, "note", "说明", e))!=0 ) return rc;
  if( p->setOfficers && (p->officersPlanned<-1 || p->officersPlanned>10000) ){
    return err_set(e, ZF_EINVAL, "officers_planned", "计划执法人员数（officers_planned）应为 0–10000");
  }
  if( p->nBudget<0 || p->nBudget>32 ) return err_set(e, ZF_EINVAL, "budget", "工作日预算项目过多");
  for(i=0; i<p->nBudget; i++){
    snprintf(zField, sizeof zField, "budget.%.40s", p->azKind[i]);
    if( plan_budget_kind_find(p->azKind[i])<0 ){
      return err_set(e, ZF_EINVAL, zField, "未知的工作日预算项目：%.40s", p->azKind[i]);
    }
    if( p->aDays[i]<0 || p->aDays[i]>1000000 ){
      return err_set(e, ZF_EINVAL, zField, "%s的人日数应为 0–1000000",
                     plan_budget_kinds[plan_budget_kind_find(p->azKind[i])].zName);
    }
  }
  return ZF_OK;
}

int plan_update(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_edit *p, zf_error *e){
  static const char zTitle[] = "UPDATE plan SET title=? WHERE id=?";
  static const char zOff[] = "UPDATE plan_version SET officers_planned=?, updated_at=? WHERE id=?";
  static const char zNote[] = "UPDATE plan_version SET note=?, updated_at=? WHERE id=?";
  static const char zDays[] =
    "INSERT INTO plan_budget(version_id, kind, days) VALUES(?,?,?)"
    " ON CONFLICT(version_id, kind) DO UPDATE SET days=excluded.days";
  plan_row row;
  json_t *pChange;
  char zNow[24];
  int i, rc = plan_edit_check(p, e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  pChange = json_object();
  if( p->zTitle ){
    rc = db_exec(pDb, zTitle, "si", p->zTitle, planId);
    json_object_set_new(pChange, "title", json_string(p->zTitle));
  }
  if( rc==ZF_OK && p->setOfficers ){
    if( p->officersPlanned<0 ) rc = db_exec(pDb, zOff, "nsi", zNow, row.versionId);
    else rc = db_exec(pDb, zOff, "isi", (int64_t)p->officersPlanned, zNow, row.versionId);
    json_object_set_new(pChange, "officers_planned",
                        p->officersPlanned<0 ? json_null() : json_integer(p->officersPlanned));
  }
  if( rc==ZF_OK && p->zNote ){
    rc = db_exec(pDb, zNote, "ssi", p->zNote, zNow, row.versionId);
    json_object_set_new(pChange, "note", json_string(p->zNote));
  }
  if( p->nBudget>0 ){
    json_t *pBudget = json_object();
    for(i=0; rc==ZF_OK && i<p->nBudget; i++){
      rc = db_exec(pDb, zDays, "isi", row.versionId, p->azKind[i], p->aDays[i]);
      json_object_set_new(pBudget, p->azKind[i], json_integer(p->aDays[i]));
    }
    json_object_set_new(pChange, "budget", pBudget);
  }
  if( rc==ZF_OK ) rc = plan_audit(pDb, pActor, "plan.update", &row, pChange);
  else json_decref(pChange);
  return plan_finish(pDb, rc, e);
}

/* ---- key enterprises scheduled ----------------------------------------------- */

/* The other plan of the year holding enterprise id (in a version not
** superseded): its unit name into zOther; 1 when found. */
static int plan_other_holder(zf_db *pDb, const plan_row *p, int64_t enterpriseId, char *zOther,
                             size_t n){
  static const char zSql[] =
    "SELECT u.name, q.year, q.level FROM plan_entry x JOIN plan_version v ON v.id=x.version_id"
    " JOIN plan q ON q.id=v.plan_id JOIN unit u ON u.id=q.unit_id"
    " WHERE x.enterprise_id=? AND q.year=? AND q.id<>? AND v.status<>'superseded' LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int found = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "iii", enterpriseId, (int64_t)p->year, p->id);
  if( db_step(pStmt)==1 ){
    found = 1;
    snprintf(zOther, n, "%s%s%d年度执法计划", strcmp(db_text(pStmt, 2), "district")==0 ? "区级计划：" : "街道计划：",
             db_text(pStmt, 0), db_column_int(pStmt, 1));
  }
  db_reset(pStmt);
  return found;
}

/* Checks one scheduling change (entry i) against every rule of plan.h. */
static int plan_entry_check(zf_db *pDb, const plan_row *p, int i, const plan_entry_new *pe,
                            zf_error *e){
  static const char zSql[] =
    "SELECT e.name, e.uscc, e.status, e.supervising_level, e.region_path,"
    " EXISTS(SELECT 1 FROM key_enterprise k WHERE k.enterprise_id=e.id AND k.year=? AND k.removed_at IS NULL)"
    " FROM enterprise e WHERE e.id=?";
  zf_stmt *pStmt;
  char zField[64], zPrefix[40], zName[160], zUscc[24], zStatus[16], zLevel[16], zPath[128], zOther[300];
  int rc, isKey = 0;
  snprintf(zPrefix, sizeof zPrefix, "entries[%d].", i);
  snprintf(zField, sizeof zField, "entries[%d].enterprise_id", i);
  if( pe->enterpriseId<=0 ) return err_set(e, ZF_EINVAL, zField, "企业编号（%s）应为正整数", zField);
  if( pe->zPeriodKind==0 ) return ZF_OK;                  /* removal */
  rc = plan_period_check(pe->zPeriodKind, pe->period, zPrefix, e);
  if( rc ) return rc;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", (int64_t)p->year, pe->enterpriseId);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zName, sizeof zName, "%.100s", db_text(pStmt, 0));
    snprintf(zUscc, sizeof zUscc, "%s", db_text(pStmt, 1));
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 2));
    snprintf(zLevel, sizeof zLevel, "%s", db_text(pStmt, 3));
    snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 4));
    isKey = db_column_int(pStmt, 5);
  }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(e, ZF_EINVAL, zField, "企业不存在：%lld", (long long)pe->enterpriseId);
  if( strcmp(zStatus, "closed")==0 ) return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）已关闭，不能安排检查", zName, zUscc);
  if( strncmp(zPath, p->zPath, strlen(p->zPath))!=0 ){
    return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）不在%s的辖区内", zName, zUscc, p->zUnit);
  }
  if( strcmp(zLevel, "city")==0 || strcmp(zLevel, "province")==0 ){
    return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）由%s负责监管，不列入区级或街道年度执法计划（不重复检查）",
                   zName, zUscc, zLevel[0]=='c' ? "市级" : "省级");
  }
  if( strcmp(zLevel, "district")==0 && strcmp(p->zLevel, "street")==0 ){
    return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）由区级负责监管，应列入区级年度执法计划，不列入街道计划",
                   zName, zUscc);
  }
  if( !isKey ){
    return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）不是 %d 年重点检查企业；其他企业通过“双随机”抽查配额安排",
                   zName, zUscc, p->year);
  }
  if( plan_other_holder(pDb, p, pe->enterpriseId, zOther, sizeof zOther) ){
    return err_set(e, ZF_EPROCEDURE, zField, "%s（%s）已列入%s，同一企业不得在两级计划中重复安排检查",
                   zName, zUscc, zOther);
  }
  return ZF_OK;
}

static int plan_cmp_id(const void *a, const void *b){
  int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
  return x<y ? -1 : x>y;
}

/* Refuses an enterprise listed twice in one request. */
static int plan_entries_unique(const plan_entry_new *a, int n, zf_error *e){
  int64_t *aId = malloc(sizeof(int64_t)*(n ? n : 1));
  int i, rc = ZF_OK;
  if( aId==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  for(i=0; i<n; i++) aId[i] = a[i].enterpriseId;
  qsort(aId, n, sizeof aId[0], plan_cmp_id);
  for(i=1; i<n && rc==ZF_OK; i++){
    if( aId[i]==aId[i-1] ) rc = err_set(e, ZF_EINVAL, "entries", "企业 %lld 在请求中重复出现", (long long)aId[i]);
  }
  free(aId);
  return rc;
}

/* Writes the checked changes a[0..n) into version versionId. */
static int plan_entries_write(zf_db *pDb, int64_t versionId, const plan_entry_new *a, int n,
                              json_t *pSet, json_t *pRemoved){
  static const char zSet[] =
    "INSERT INTO plan_entry(version_id, enterprise_id, period_kind, period) VALUES(?,?,?,?)"
    " ON CONFLICT(version_id, enterprise_id) DO UPDATE SET period_kind=excluded.period_kind,"
    " period=excluded.period";
  static const char zDel[] = "DELETE FROM plan_entry WHERE version_id=? AND enterprise_id=?";
  int i, rc = ZF_OK;
  for(i=0; rc==ZF_OK && i<n; i++){
    if( a[i].zPeriodKind ){
      rc = db_exec(pDb, zSet, "iisi", versionId, a[i].enterpriseId, a[i].zPeriodKind, (int64_t)a[i].period);
      json_array_append_new(pSet, json_pack("{s:I,s:s,s:i}", "enterprise_id", (json_int_t)a[i].enterpriseId,
                                            "period_kind", a[i].zPeriodKind, "period", a[i].period));
    }else{
      rc = db_exec(pDb, zDel, "ii", versionId, a[i].enterpriseId);
      if( rc==ZF_OK && db_changes(pDb) ) json_array_append_new(pRemoved, json_integer(a[i].enterpriseId));
    }
  }
  return rc;
}

int plan_entries_set(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_entry_new *a,
                     int n, zf_error *e){
  json_t *pSet, *pRemoved;
  plan_row row;
  int i, rc;
  if( n<0 || n>PLAN_MAX_ENTRIES ) return err_set(e, ZF_EINVAL, "entries", "一次最多安排 %d 家企业", PLAN_MAX_ENTRIES);
  rc = plan_entries_unique(a, n, e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  for(i=0; rc==ZF_OK && i<n; i++) rc = plan_entry_check(pDb, &row, i, &a[i], e);
  if( rc ){ db_rollback(pDb); return rc; }
  pSet = json_array();
  pRemoved = json_array();
  rc = plan_entries_write(pDb, row.versionId, a, n, pSet, pRemoved);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.entries", &row, json_pack("{s:O,s:O}", "scheduled", pSet, "removed", pRemoved));
  }
  json_decref(pSet);
  json_decref(pRemoved);
  return plan_finish(pDb, rc, e);
}

/* Current load per period (1..nPeriod) of the version's entries. */
static int plan_period_load(zf_db *pDb, int64_t versionId, int quarters, int aLoad[13]){
  static const char zSql[] = "SELECT period_kind, period FROM plan_entry WHERE version_id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  memset(aLoad, 0, sizeof(int)*13);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", versionId);
  while( (rc = db_step(pStmt))==1 ){
    int isMonth = db_text(pStmt, 0)[0]=='m', k = db_column_int(pStmt, 1);
    if( quarters ) aLoad[isMonth ? (k+2)/3 : k]++;
    else if( isMonth ) aLoad[k]++;
    else{ int m; for(m=3*k-2; m<=3*k; m++) aLoad[m]++; }   /* a quarter weighs on its months */
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

int plan_spread(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zPeriodKind,
                int from, int *pCount, zf_error *e){
  json_t *pTodo, *pSet;
  plan_entry_new *a = 0;
  plan_row row;
  int aLoad[13], nPeriod, i, n = 0, rc;
  *pCount = 0;
  if( zPeriodKind==0 || (strcmp(zPeriodKind, "month")!=0 && strcmp(zPeriodKind, "quarter")!=0) ){
    return err_set(e, ZF_EINVAL, "period_kind", "安排方式（period_kind）应为 month（按月）或 quarter（按季度）");
  }
  nPeriod = zPeriodKind[0]=='m' ? 12 : 4;
  if( from<1 ) from = 1;
  if( from>nPeriod ) return err_set(e, ZF_EINVAL, "from", "起始%s（from）应为 1–%d", nPeriod==12 ? "月份" : "季度", nPeriod);
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  rc = plan_period_load(pDb, row.versionId, nPeriod==4, aLoad);
  pTodo = plan_unscheduled_json(pDb, &row);
  if( rc==ZF_OK && pTodo && json_array_size(pTodo)>0 ){
    a = calloc(json_array_size(pTodo), sizeof *a);
    if( a==0 ) rc = ZF_EINTERNAL;
  }
  for(i=0; rc==ZF_OK && pTodo && i<(int)json_array_size(pTodo); i++){
    int k, best = from;
    for(k=from; k<=nPeriod; k++) if( aLoad[k]<aLoad[best] ) best = k;
    aLoad[best]++;
    a[n].enterpriseId = json_integer_value(json_object_get(json_array_get(pTodo, i), "enterprise_id"));
    a[n].zPeriodKind = zPeriodKind[0]=='m' ? "month" : "quarter";
    a[n].period = best;
    n++;
  }
  pSet = json_array();
  if( rc==ZF_OK ){
    json_t *pNone = json_array();
    rc = plan_entries_write(pDb, row.versionId, a, n, pSet, pNone);
    json_decref(pNone);
  }
  if( rc==ZF_OK && n>0 ){
    rc = plan_audit(pDb, pActor, "plan.spread", &row, json_pack("{s:s,s:i,s:O}", "period_kind", zPeriodKind,
                    "from", from, "scheduled", pSet));
  }
  json_decref(pSet);
  json_decref(pTodo);
  free(a);
  if( rc==ZF_OK ) *pCount = n;
  return plan_finish(pDb, rc, e);
}

/* ---- quotas and campaigns ------------------------------------------------------- */

/* 1 when code exists in table zTable ("sector" or "hazard_kind"). */
static int plan_code_exists(zf_db *pDb, int hazard, const char *zCode){
  static const char zSector[] = "SELECT 1 FROM sector WHERE code=?";
  static const char zHazard[] = "SELECT 1 FROM hazard_kind WHERE code=?";
  zf_stmt *pStmt = db_stmt(pDb, hazard ? zHazard : zSector);
  int found;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zCode);
  found = db_step(pStmt)==1;
  db_reset(pStmt);
  return found;
}

static int plan_quota_check(zf_db *pDb, const plan_quota_new *a, int i, zf_error *e){
  char zField[64], zPrefix[40];
  int k, rc;
  snprintf(zPrefix, sizeof zPrefix, "quotas[%d].", i);
  snprintf(zField, sizeof zField, "quotas[%d].sector", i);
  if( a[i].zSector==0 || !plan_code_exists(pDb, 0, a[i].zSector) ){
    return err_set(e, a[i].zSector ? ZF_EINVAL : ZF_EMISSING, zField, "监管行业（%s）不存在：%.32s", zField,
                   a[i].zSector ? a[i].zSector : "");
  }
  snprintf(zField, sizeof zField, "quotas[%d].kind", i);
  if( a[i].zKind==0 || (strcmp(a[i].zKind, "random")!=0 && strcmp(a[i].zKind, "routine")!=0) ){
    return err_set(e, ZF_EINVAL, zField, "检查方式（%s）应为 random（双随机抽查）或 routine（日常检查）", zField);
  }
  rc = plan_period_check(a[i].zPeriodKind, a[i].period, zPrefix, e);
  if( rc ) return rc;
  snprintf(zField, sizeof zField, "quotas[%d].count", i);
  if( a[i].count<1 || a[i].count>100000 ) return err_set(e, ZF_EINVAL, zField, "计划户次（%s）应为 1–100000", zField);
  for(k=0; k<i; k++){
    if( strcmp(a[k].zSector, a[i].zSector)==0 && strcmp(a[k].zKind, a[i].zKind)==0
     && strcmp(a[k].zPeriodKind, a[i].zPeriodKind)==0 && a[k].period==a[i].period ){
      snprintf(zField, sizeof zField, "quotas[%d]", i);
      return err_set(e, ZF_EINVAL, zField, "第 %d 行与第 %d 行的行业、方式和时段相同，请合并", i+1, k+1);
    }
  }
  return ZF_OK;
}

int plan_quotas_set(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_quota_new *a,
                    int n, zf_error *e){
  static const char zDel[] = "DELETE FROM plan_quota WHERE version_id=?";
  static const char zIns[] =
    "INSERT INTO plan_quota(version_id, sector, kind, period_kind, period, count) VALUES(?,?,?,?,?,?)";
  plan_row row;
  int i, rc;
  int64_t nRandom = 0, nRoutine = 0;
  if( n<0 || n>PLAN_MAX_QUOTAS ) return err_set(e, ZF_EINVAL, "quotas", "配额最多 %d 行", PLAN_MAX_QUOTAS);
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  for(i=0; rc==ZF_OK && i<n; i++) rc = plan_quota_check(pDb, a, i, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zDel, "i", row.versionId);
  for(i=0; rc==ZF_OK && i<n; i++){
    rc = db_exec(pDb, zIns, "isssii", row.versionId, a[i].zSector, a[i].zKind, a[i].zPeriodKind,
                 (int64_t)a[i].period, (int64_t)a[i].count);
    if( a[i].zKind[1]=='a' ) nRandom += a[i].count; else nRoutine += a[i].count;
  }
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.quotas", &row, json_pack("{s:i,s:I,s:I}", "rows", n,
                    "random", (json_int_t)nRandom, "routine", (json_int_t)nRoutine));
  }
  return plan_finish(pDb, rc, e);
}

static int plan_campaign_check(zf_db *pDb, const plan_campaign_new *p, zf_error *e){
  int rc = plan_text(p->zName, 2, 100, "name", "专项名称", e);
  if( rc==ZF_OK ) rc = plan_text(p->zTopic, 2, 50, "topic", "专项主题", e);
  if( rc==ZF_OK ) rc = plan_period_check(p->zPeriodKind, p->period, "", e);
  if( rc ) return rc;
  if( p->zSector && !plan_code_exists(pDb, 0, p->zSector) ){
    return err_set(e, ZF_EINVAL, "sector", "监管行业（sector）不存在：%.32s", p->zSector);
  }
  if( p->zHazard && !plan_code_exists(pDb, 1, p->zHazard) ){
    return err_set(e, ZF_EINVAL, "hazard", "风险特征（hazard）不存在：%.32s", p->zHazard);
  }
  if( p->count<1 || p->count>100000 ) return err_set(e, ZF_EINVAL, "count", "计划户次（count）应为 1–100000");
  if( p->zNote ) return plan_text(p->zNote, 0, 500, "note", "说明", e);
  return ZF_OK;
}

static json_t *plan_campaign_change(const plan_campaign_new *p){
  return json_pack("{s:s,s:s,s:s,s:i,s:s?,s:s?,s:i,s:s?}", "name", p->zName, "topic", p->zTopic,
                   "period_kind", p->zPeriodKind, "period", p->period, "sector", p->zSector,
                   "hazard", p->zHazard, "count", p->count, "note", p->zNote);
}

int plan_campaign_add(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_campaign_new *p,
                      int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO plan_campaign(version_id, name, topic, period_kind, period, sector, hazard, count, note)"
    " VALUES(?,?,?,?,?,?,?,?,?)";
  plan_row row;
  json_t *pChange;
  int rc = plan_campaign_check(pDb, p, e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  rc = db_exec(pDb, zIns, "isssissis", row.versionId, p->zName, p->zTopic, p->zPeriodKind,
               (int64_t)p->period, p->zSector, p->zHazard, (int64_t)p->count, p->zNote ? p->zNote : "");
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    pChange = plan_campaign_change(p);
    json_object_set_new(pChange, "campaign_id", json_integer(*pId));
    rc = plan_audit(pDb, pActor, "plan.campaign_add", &row, pChange);
  }
  return plan_finish(pDb, rc, e);
}

/* The campaign must belong to the draft being edited. */
static int plan_campaign_of(zf_db *pDb, const plan_row *p, int64_t campaignId, zf_error *e){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT version_id FROM plan_campaign WHERE id=?");
  int64_t v = 0;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", campaignId);
  if( db_step(pStmt)==1 ) v = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( v!=p->versionId ){
    return err_set(e, ZF_ENOTFOUND, "cid", "本计划草稿中没有编号为 %lld 的专项", (long long)campaignId);
  }
  return ZF_OK;
}

int plan_campaign_update(zf_db *pDb, const zf_who *pActor, int64_t planId, int64_t campaignId,
                         const plan_campaign_new *p, zf_error *e){
  static const char zUpd[] =
    "UPDATE plan_campaign SET name=?, topic=?, period_kind=?, period=?, sector=?, hazard=?, count=?,"
    " note=? WHERE id=?";
  plan_row row;
  json_t *pChange;
  int rc = plan_campaign_check(pDb, p, e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  rc = plan_campaign_of(pDb, &row, campaignId, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zUpd, "sssissisi", p->zName, p->zTopic, p->zPeriodKind, (int64_t)p->period,
               p->zSector, p->zHazard, (int64_t)p->count, p->zNote ? p->zNote : "", campaignId);
  if( rc==ZF_OK ){
    pChange = plan_campaign_change(p);
    json_object_set_new(pChange, "campaign_id", json_integer(campaignId));
    rc = plan_audit(pDb, pActor, "plan.campaign_update", &row, pChange);
  }
  return plan_finish(pDb, rc, e);
}

int plan_campaign_remove(zf_db *pDb, const zf_who *pActor, int64_t planId, int64_t campaignId,
                         zf_error *e){
  plan_row row;
  int rc = plan_begin(pDb, pActor, planId, "edit", &row, e);
  if( rc ) return rc;
  rc = plan_campaign_of(pDb, &row, campaignId, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, "DELETE FROM plan_campaign WHERE id=?", "i", campaignId);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.campaign_remove", &row,
                    json_pack("{s:I}", "campaign_id", (json_int_t)campaignId));
  }
  return plan_finish(pDb, rc, e);
}

/* ---- life cycle -------------------------------------------------------------------- */

/* The refusal message of a submission: the unscheduled key enterprises
** (the first three named with credit codes) and the days over budget. */
static void plan_refusal_message(json_t *pMissing, int64_t over, char *z, size_t n){
  size_t i, nMissing = json_array_size(pMissing), k = 0;
  z[0] = 0;
  if( nMissing>0 ){
    k += snprintf(z+k, n-k, "尚有 %zu 家重点检查企业未安排检查时间：", nMissing);
    for(i=0; i<nMissing && i<3 && k<n; i++){
      json_t *p = json_array_get(pMissing, i);
      k += snprintf(z+k, n-k, "%s%s（%s）", i ? "、" : "", json_string_value(json_object_get(p, "name")),
                    json_string_value(json_object_get(p, "uscc")));
    }
    if( nMissing>3 && k<n ) k += snprintf(z+k, n-k, "等");
  }
  if( over>0 && k<n ){
    snprintf(z+k, n-k, "%s计划检查所需人日超出工作日预算 %lld 人日", k ? "；" : "", (long long)over);
  }
}

/* Tells the leaders whose scope holds the plan's region that it awaits
** their approval (通知, kind plan.submitted). Inside the submission's
** transaction. */
static int plan_notify_submitted(zf_db *pDb, const plan_row *p, const plan_budget *b){
  char zTitle[480], zBody[400];
  snprintf(zTitle, sizeof zTitle, "年度执法计划待审批：%s", p->zTitle);
  snprintf(zBody, sizeof zBody, "%s提交报批：计划检查 %d 户次，需 %lld 人日（可用 %lld 人日）", p->zUnit,
           b->nInspections, (long long)b->planned, (long long)b->available);
  return notify_role_in_scope(pDb, "leader", p->zPath, "plan.submitted", zTitle, zBody, "plan", p->id)<0
         ? ZF_EINTERNAL : ZF_OK;
}

int plan_submit(zf_db *pDb, const zf_who *pActor, int64_t planId, json_t **ppRefusal,
                json_t **ppWarnings, zf_error *e){
  static const char zUpd[] =
    "UPDATE plan_version SET status='submitted', legal_workdays=?, workdays_source=?, officers=?,"
    " days_per_inspection=?, submitted_at=?, submitted_by=?, updated_at=? WHERE id=? AND status='draft'";
  plan_budget b;
  plan_row row;
  json_t *pMissing, *pWarn;
  char zNow[24], zMsg[600];
  int rc;
  if( ppRefusal ) *ppRefusal = 0;
  if( ppWarnings ) *ppWarnings = 0;
  rc = plan_begin(pDb, pActor, planId, "submit", &row, e);
  if( rc ) return rc;
  rc = plan_budget_compute(pDb, &row, &b, e);
  if( rc ){ db_rollback(pDb); return rc; }
  pMissing = plan_unscheduled_json(pDb, &row);
  if( pMissing==0 ){ db_rollback(pDb); return err_set(e, ZF_EINTERNAL, 0, 0); }
  if( json_array_size(pMissing)>0 || b.remaining<0 ){
    int64_t over = b.remaining<0 ? -b.remaining : 0;
    db_rollback(pDb);
    plan_refusal_message(pMissing, over, zMsg, sizeof zMsg);
    if( ppRefusal ){
      *ppRefusal = json_pack("{s:O,s:i,s:I}", "unscheduled", pMissing, "unscheduled_count",
                             (int)json_array_size(pMissing), "over_days", (json_int_t)over);
    }
    err_set(e, ZF_EPROCEDURE, json_array_size(pMissing)>0 ? "entries" : "budget", "%s", zMsg);
    json_decref(pMissing);
    return ZF_EPROCEDURE;
  }
  json_decref(pMissing);
  pWarn = json_array();
  if( b.sharePercent<0 ){
    json_array_append_new(pWarn, json_pack("{s:s,s:s}", "code", "no_general",
      "message", "计划未安排“双随机”抽查或日常检查配额，一般检查应以“双随机”抽查为主"));
  }else if( b.sharePercent<b.shareRequired ){
    char z[200];
    snprintf(z, sizeof z, "“双随机”抽查占一般检查的 %d%%，低于 %d%% 的要求（%d / %d 户次）", b.sharePercent,
             b.shareRequired, b.nRandom, b.nRandom + b.nRoutine);
    json_array_append_new(pWarn, json_pack("{s:s,s:s}", "code", "random_share", "message", z));
  }
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "isiisssi", (int64_t)b.legalWorkdays, b.fromCalendar ? "calendar" : "rule",
               (int64_t)b.officersCounted, (int64_t)b.daysPerInspection, zNow, plan_actor(pActor), zNow,
               row.versionId);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, row.versionId, "submitted", 0);
  if( rc==ZF_OK ) rc = plan_notify_submitted(pDb, &row, &b);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.submit", &row, json_pack("{s:I,s:I,s:i,s:O}", "budget_days",
                    (json_int_t)b.available, "planned_days", (json_int_t)b.planned, "inspections",
                    b.nInspections, "warnings", pWarn));
  }
  rc = plan_finish(pDb, rc, e);
  if( rc==ZF_OK && ppWarnings ) *ppWarnings = pWarn;
  else json_decref(pWarn);
  return rc;
}

int plan_approve(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zDocument,
                 const char *zDate, zf_error *e){
  static const char zUpd[] =
    "UPDATE plan_version SET status='approved', approval_document=?, approved_on=?, approved_at=?,"
    " approved_by=?, updated_at=? WHERE id=? AND status='submitted'";
  char zNow[24], zToday[11], zDetail[160];
  int32_t day;
  plan_row row;
  int rc = plan_text(zDocument, 2, 64, "approval_document", "批准文号", e);
  if( rc ) return rc;
  if( zDate==0 ) return err_set(e, ZF_EMISSING, "approved_on", "请填写批准日期（approved_on）");
  rc = calendar_parse_date(zDate, "approved_on", &day, e);
  if( rc ) return rc;
  calendar_today(zToday);
  if( strcmp(zDate, zToday)>0 ) return err_set(e, ZF_EINVAL, "approved_on", "批准日期（approved_on）不能晚于今天");
  rc = plan_begin(pDb, pActor, planId, "approve", &row, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "sssssi", zDocument, zDate, zNow, plan_actor(pActor), zNow, row.versionId);
  snprintf(zDetail, sizeof zDetail, "%s（%s）", zDocument, zDate);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, row.versionId, "approved", zDetail);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.approve", &row, json_pack("{s:s,s:s}", "approval_document", zDocument,
                    "approved_on", zDate));
  }
  return plan_finish(pDb, rc, e);
}

int plan_return(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zReason, zf_error *e){
  static const char zUpd[] =
    "UPDATE plan_version SET status='draft', legal_workdays=NULL, workdays_source=NULL, officers=NULL,"
    " days_per_inspection=NULL, submitted_at=NULL, submitted_by=NULL, updated_at=? WHERE id=?";
  char zNow[24];
  plan_row row;
  int rc = plan_text(zReason, 2, 500, "reason", "退回原因", e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "return", &row, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "si", zNow, row.versionId);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, row.versionId, "returned", zReason);
  if( rc==ZF_OK ) rc = plan_audit(pDb, pActor, "plan.return", &row, json_pack("{s:s}", "reason", zReason));
  return plan_finish(pDb, rc, e);
}

/* Cancels scheduled inspection id of the plan (an adjustment moved or
** dropped its enterprise). */
static int plan_inspection_cancel(zf_db *pDb, const zf_who *pActor, int64_t id, int version){
  char zReason[120];
  zf_error e;
  snprintf(zReason, sizeof zReason, "年度执法计划调整（第 %d 版）取消或改期", version);
  return inspection_cancel(pDb, pActor, id, zReason, &e);   /* scheduled: read in this transaction */
}

/* One entry of the published version: keep, move or create its
** inspection. */
static int plan_inspection_sync(zf_db *pDb, const zf_who *pActor, const plan_row *p, int64_t enterpriseId,
                                const char *zKind, int period, int *pCreated, int *pCancelled){
  static const char zFind[] =
    "SELECT id, status, window_from, window_to FROM inspection WHERE enterprise_id=?2 AND +plan_id=?1"
    " AND type='key' AND status<>'cancelled' ORDER BY id DESC LIMIT 1";   /* +: by enterprise, not by plan */
  zf_stmt *pStmt = db_stmt(pDb, zFind);
  char zFrom[11], zTo[11], zNote[120];
  int64_t oldId = 0, newId;
  int rc, keep = 0;
  inspection_new in;
  if( pStmt==0 ) return ZF_EINTERNAL;
  plan_window(p->year, zKind, period, zFrom, zTo);
  db_bind(pStmt, "ii", p->id, enterpriseId);
  if( db_step(pStmt)==1 ){
    oldId = db_column_int64(pStmt, 0);
    keep = strcmp(db_text(pStmt, 1), "scheduled")!=0
        || (strcmp(db_text(pStmt, 2), zFrom)==0 && strcmp(db_text(pStmt, 3), zTo)==0);
  }
  db_reset(pStmt);
  if( keep ) return ZF_OK;
  if( oldId ){
    rc = plan_inspection_cancel(pDb, pActor, oldId, p->version);
    if( rc ) return rc;
    (*pCancelled)++;
  }
  memset(&in, 0, sizeof in);
  snprintf(zNote, sizeof zNote, "%d年度执法计划（第 %d 版）重点检查", p->year, p->version);
  in.enterpriseId = enterpriseId;
  in.unitId = p->unitId;
  in.zType = "key";
  in.zFrom = zFrom;
  in.zTo = zTo;
  in.planId = p->id;
  in.zNote = zNote;
  rc = inspection_insert_planned(pDb, pActor, &in, &newId);
  if( rc==ZF_OK ) (*pCreated)++;
  return rc;
}

/* Creates / moves / cancels the plan's key inspections to match version p. */
static int plan_inspections_publish(zf_db *pDb, const zf_who *pActor, const plan_row *p, int *pCreated,
                                    int *pCancelled){
  static const char zEntries[] =
    "SELECT enterprise_id, period_kind, period FROM plan_entry WHERE version_id=? ORDER BY enterprise_id";
  static const char zGone[] =
    "SELECT id FROM inspection WHERE plan_id=? AND type='key' AND status='scheduled'"
    " AND enterprise_id NOT IN (SELECT enterprise_id FROM plan_entry WHERE version_id=?)";
  zf_stmt *pStmt;
  int64_t *aId = 0;
  int n = 0, nAlloc = 0, i, rc = ZF_OK;
  char (*azKind)[8] = 0;
  int *aPeriod = 0;
  /* Read the entries first: the sync runs other statements. */
  if( (pStmt = db_stmt(pDb, zEntries))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", p->versionId);
  while( rc==ZF_OK && db_step(pStmt)==1 ){
    if( n==nAlloc ){
      nAlloc = nAlloc ? 2*nAlloc : 64;
      aId = realloc(aId, sizeof(*aId)*nAlloc);
      azKind = realloc(azKind, sizeof(*azKind)*nAlloc);
      aPeriod = realloc(aPeriod, sizeof(*aPeriod)*nAlloc);
      if( aId==0 || azKind==0 || aPeriod==0 ){ rc = ZF_EINTERNAL; break; }
    }
    aId[n] = db_column_int64(pStmt, 0);
    snprintf(azKind[n], 8, "%s", db_text(pStmt, 1));
    aPeriod[n] = db_column_int(pStmt, 2);
    n++;
  }
  db_reset(pStmt);
  if( rc==ZF_OK && (pStmt = db_stmt(pDb, zGone))!=0 ){
    int64_t aGone[64];
    int nGone;
    do{                                  /* cancel in batches: the update changes the query */
      nGone = 0;
      db_bind(pStmt, "ii", p->id, p->versionId);
      while( nGone<64 && db_step(pStmt)==1 ) aGone[nGone++] = db_column_int64(pStmt, 0);
      db_reset(pStmt);
      for(i=0; rc==ZF_OK && i<nGone; i++){
        rc = plan_inspection_cancel(pDb, pActor, aGone[i], p->version);
        if( rc==ZF_OK ) (*pCancelled)++;
      }
    }while( rc==ZF_OK && nGone==64 );
  }
  for(i=0; rc==ZF_OK && i<n; i++){
    rc = plan_inspection_sync(pDb, pActor, p, aId[i], azKind[i], aPeriod[i], pCreated, pCancelled);
  }
  free(aId);
  free(azKind);
  free(aPeriod);
  return rc;
}

int plan_publish(zf_db *pDb, const zf_who *pActor, int64_t planId, int *pCreated, int *pCancelled,
                 zf_error *e){
  static const char zOld[] =
    "UPDATE plan_version SET status='superseded', superseded_at=?, updated_at=? WHERE plan_id=?"
    " AND status='published'";
  static const char zPub[] =
    "UPDATE plan_version SET status='published', published_at=?, published_by=?, updated_at=?"
    " WHERE id=? AND status='approved'";
  char zNow[24], zDetail[120];
  int nCreated = 0, nCancelled = 0, rc;
  plan_row row;
  rc = plan_begin(pDb, pActor, planId, "publish", &row, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zOld, "ssi", zNow, zNow, planId);
  if( rc==ZF_OK ) rc = db_exec(pDb, zPub, "sssi", zNow, plan_actor(pActor), zNow, row.versionId);
  if( rc==ZF_OK ) rc = plan_inspections_publish(pDb, pActor, &row, &nCreated, &nCancelled);
  snprintf(zDetail, sizeof zDetail, "生成重点检查 %d 项%s", nCreated, nCancelled ? "，取消或改期原检查" : "");
  if( nCancelled ) snprintf(zDetail + strlen(zDetail), sizeof zDetail - strlen(zDetail), " %d 项", nCancelled);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, row.versionId, "published", zDetail);
  if( rc==ZF_OK ){
    rc = plan_audit(pDb, pActor, "plan.publish", &row, json_pack("{s:i,s:i}", "inspections_created", nCreated,
                    "inspections_cancelled", nCancelled));
  }
  rc = plan_finish(pDb, rc, e);
  if( pCreated ) *pCreated = rc ? 0 : nCreated;
  if( pCancelled ) *pCancelled = rc ? 0 : nCancelled;
  return rc;
}

int plan_adjust(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zReason,
                int *pVersion, zf_error *e){
  static const char zVer[] =
    "INSERT INTO plan_version(plan_id, version, status, reason, officers_planned, note, created_by,"
    " created_at, updated_at) SELECT plan_id, version+1, 'draft', ?, officers_planned, note, ?, ?, ?"
    " FROM plan_version WHERE id=?";
  static const char *const azCopy[] = {
    "INSERT INTO plan_budget(version_id, kind, days) SELECT ?, kind, days FROM plan_budget WHERE version_id=?",
    "INSERT INTO plan_entry(version_id, enterprise_id, period_kind, period)"
    " SELECT ?, enterprise_id, period_kind, period FROM plan_entry WHERE version_id=?",
    "INSERT INTO plan_quota(version_id, sector, kind, period_kind, period, count)"
    " SELECT ?, sector, kind, period_kind, period, count FROM plan_quota WHERE version_id=?",
    "INSERT INTO plan_campaign(version_id, name, topic, period_kind, period, sector, hazard, count, note)"
    " SELECT ?, name, topic, period_kind, period, sector, hazard, count, note FROM plan_campaign"
    " WHERE version_id=? ORDER BY id",
  };
  char zNow[24];
  int64_t newId;
  plan_row row;
  int i, rc = plan_text(zReason, 2, 500, "reason", "调整原因", e);
  if( rc ) return rc;
  rc = plan_begin(pDb, pActor, planId, "adjust", &row, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zVer, "ssssi", zReason, plan_actor(pActor), zNow, zNow, row.versionId);
  newId = db_last_id(pDb);
  for(i=0; rc==ZF_OK && i<4; i++) rc = db_exec(pDb, azCopy[i], "ii", newId, row.versionId);
  if( rc==ZF_OK ) rc = plan_event(pDb, pActor, newId, "adjust", zReason);
  if( rc==ZF_OK ){
    row.version++;
    rc = plan_audit(pDb, pActor, "plan.adjust", &row, json_pack("{s:s,s:i}", "reason", zReason,
                    "from_version", row.version - 1));
  }
  rc = plan_finish(pDb, rc, e);
  if( rc==ZF_OK && pVersion ) *pVersion = row.version;
  return rc;
}
