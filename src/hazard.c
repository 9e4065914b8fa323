/*
** hazard.c — hazards and violations found in inspections: recording, the
** status machine of their rectification and re-inspection (see hazard.h),
** the overdue sweep, the open count the fieldwork module asks before an
** inspection is closed, and the JSON. Plan clauses 12, 16, 19.
**
** Every transition writes a hazard_event row (append-only) and an audit
** entry with the enterprise's region code in the same transaction. The
** re-inspection deadline is the rule reinspection.days (RULES.md), counted
** from the order's deadline, or from the enterprise's report when that is
** earlier (安全生产执法程序规定: 整改期限届满或收到整改完毕报告之日起).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/fsm.h"
#include "catalog.h"
#include "checklist.h"
#include "document.h"
#include "fieldwork.h"
#include "inspection.h"
#include "hazard.h"
#include "notify.h"
#include "org.h"
#include "rules.h"
#include "region.h"

static const struct { const char *zKey, *zName; } hazard_statuses[] = {
  {"open", "待整改"}, {"rectifying", "限期整改中"}, {"reported", "企业已报整改完成"},
  {"closed", "已闭环"}, {"overdue", "逾期未整改"}, {"proposed", "已提出立案建议"},
  {"transferred", "已移交"}, {"void", "已作废"}, {0, 0}
};

/* The name of rectifying after a failed re-inspection (reinspect_result
** failed), waiting for the deadline: 复查未通过. */
#define HAZARD_FAILED_NAME "复查未通过"

const char *hazard_status_name(const char *zStatus){
  int i;
  for(i=0; zStatus && hazard_statuses[i].zKey; i++){
    if( strcmp(hazard_statuses[i].zKey, zStatus)==0 ) return hazard_statuses[i].zName;
  }
  return 0;
}

/* Appends one event. Inside the caller's transaction. */
static int hazard_event(zf_db *pDb, int64_t id, const char *zAction, const char *zFrom,
                        const char *zTo, const char *zActor, const char *zNote){
  static const char zIns[] =
    "INSERT INTO hazard_event(hazard_id, action, from_status, to_status, actor, at, note)"
    " VALUES(?,?,?,?,?,?,?)";
  char zNow[24];
  clock_now_iso(zNow);
  return db_exec(pDb, zIns, "issssss", id, zAction, zFrom, zTo, zActor, zNow, zNote ? zNote : "");
}

/* The audit entry of an act on hazard id: its JSON after the act plus
** the act's own fields (pExtra, stolen, may be NULL). */
static int hazard_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id,
                        const char *zPath, json_t *pExtra){
  char zRegion[16];
  json_t *p = hazard_json(pDb, id, 0);
  if( p==0 ){ json_decref(pExtra); return ZF_EINTERNAL; }
  if( pExtra ) json_object_set_new(p, "act", pExtra);
  region_code_of_path(zPath, zRegion, sizeof zRegion);
  return audit_record(pDb, zActor, zAction, "hazard", id, zRegion, p);
}

/* Optional code text: at most 40 characters. */
static int hazard_code_check(const char *z, const char *zField, const char *zLabel, zf_error *e){
  return z ? text_check(z, 1, 40, zField, zLabel, e) : ZF_OK;
}

/* The 整改期限 of a new hazard: only with rectify deadline, a date after
** today (Asia/Shanghai). */
static int hazard_deadline_check(const hazard_new *p, zf_error *e){
  char zToday[11];
  int rc;
  if( p->zDeadline==0 ) return ZF_OK;
  if( strcmp(p->zRectify, "deadline") ){
    return err_set(e, ZF_EINVAL, "deadline", "当场整改的隐患不填写整改期限；责令限期整改才有整改期限");
  }
  if( (rc = calendar_parse_date(p->zDeadline, "deadline", 0, e))!=0 ) return rc;
  calendar_today(zToday);
  if( strcmp(p->zDeadline, zToday)<=0 ){
    return err_set(e, ZF_EINVAL, "deadline", "整改期限 %s 应晚于今天（%s）", p->zDeadline, zToday);
  }
  return ZF_OK;
}

static int hazard_new_check(const hazard_new *p, zf_error *e){
  int rc = text_check(p->zDescription, 2, 2000, "description", "隐患描述", e);
  if( rc==ZF_OK ) rc = text_check(p->zPlace, 1, 200, "place", "隐患部位", e);
  if( rc==ZF_OK ) rc = hazard_code_check(p->zChecklistItem, "checklist_item", "检查表条目", e);
  if( rc==ZF_OK ) rc = hazard_code_check(p->zCatalogItem, "catalog_item", "执法事项", e);
  if( rc ) return rc;
  if( p->zCategory==0 ) return err_set(e, ZF_EMISSING, "category", "请选择隐患类别（category）");
  if( strcmp(p->zCategory, "general") && strcmp(p->zCategory, "major") ){
    return err_set(e, ZF_EINVAL, "category", "隐患类别应为 general（一般）或 major（重大事故隐患）");
  }
  if( strcmp(p->zCategory, "major")==0 ){
    if( p->zStandardItem==0 || p->zStandardItem[0]==0 ){
      return err_set(e, ZF_EMISSING, "standard_item", "重大事故隐患须填写判定标准条款（standard_item）");
    }
    if( (rc = text_check(p->zStandardItem, 2, 500, "standard_item", "判定标准条款", e))!=0 ) return rc;
  }
  if( p->zRectify==0 ) return err_set(e, ZF_EMISSING, "rectify", "请选择整改方式（rectify）");
  if( strcmp(p->zRectify, "immediate") && strcmp(p->zRectify, "deadline") ){
    return err_set(e, ZF_EINVAL, "rectify", "整改方式应为 immediate（当场整改）或 deadline（责令限期整改）");
  }
  return hazard_deadline_check(p, e);
}

/* The inspection a new hazard belongs to: exists, in scope, not closed or
** cancelled; copies its enterprise and region path. */
static int hazard_inspection(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t *pEnt,
                             char zPath[128], zf_error *e){
  static const char zSql[] = "SELECT enterprise_id, region_path, status FROM inspection WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zStatus[16] = "";
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    *pEnt = db_column_int64(pStmt, 0);
    snprintf(zPath, 128, "%s", db_text(pStmt, 1));
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 2));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 || !covert_visible(pDb, pActor, id) ){   /* covert: as absent */
    return err_set(e, ZF_ENOTFOUND, "inspection_id", "检查不存在：%lld", (long long)id);
  }
  if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "inspection_id", "该检查不在您的管辖范围内");
  }
  if( strcmp(zStatus, "closed")==0 || strcmp(zStatus, "cancelled")==0 ){
    return err_set(e, ZF_ECONFLICT, "inspection_id", "检查已%s，不能再登记隐患",
                   strcmp(zStatus, "closed")==0 ? "结束" : "取消");
  }
  return ZF_OK;
}

/* Notifies the leaders whose scope contains the hazard: 重大事故隐患. */
static int hazard_notify_major(zf_db *pDb, int64_t id, int64_t entId, const char *zPath,
                               const char *zDescription){
  static const char zSql[] = "SELECT name FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zTitle[300];
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", entId);
  snprintf(zTitle, sizeof zTitle, "重大事故隐患：%s", db_step(pStmt)==1 ? db_text(pStmt, 0) : "");
  db_reset(pStmt);
  return notify_role_in_scope(pDb, "leader", zPath, "hazard.major", zTitle, zDescription,
                              "hazard", id)<0 ? ZF_EINTERNAL : ZF_OK;
}

/* The links a new hazard will carry: checklist line and catalog item ids,
** each once. */
typedef struct hazard_links {
  int64_t aLine[HAZARD_MAX_LINKS + 1]; int nLine;
  int64_t aItem[HAZARD_MAX_LINKS + 1]; int nItem;
} hazard_links;

static void hazard_links_add(int64_t *a, int *pN, int64_t id){
  int i;
  for(i=0; i<*pN; i++) if( a[i]==id ) return;
  if( *pN<=HAZARD_MAX_LINKS ) a[(*pN)++] = id;
}

/* A hazard recorded from the 不符合 result of line lineId of inspection
** insp: the line is linked, its catalog code (in the catalog in force
** today) too, and zDesc gets the default description. */
static int hazard_from_line(zf_db *pDb, int64_t insp, int64_t lineId, hazard_links *pL, char *zDesc,
                            size_t nDesc, zf_error *e){
  static const char zSql[] =
    "SELECT key_point, note, content, catalog_code FROM inspection_result"
    " WHERE inspection_id=? AND line_id=? AND verdict='fail'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zCode[64] = "", zToday[11];
  int64_t item = 0;
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", insp, lineId);
  if( (rc = db_step(pStmt))==1 ){
    const char *zNote = db_text(pStmt, 1);
    snprintf(zDesc, nDesc, "%s：%s", db_text(pStmt, 0), zNote[0] ? zNote : db_text(pStmt, 2));
    snprintf(zCode, sizeof zCode, "%s", db_text(pStmt, 3));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ){
    return err_set(e, ZF_EPROCEDURE, "from_line_id", "检查项 %lld 在本次检查中没有“不符合”的检查结果，不能据此登记隐患",
                   (long long)lineId);
  }
  hazard_links_add(pL->aLine, &pL->nLine, lineId);
  calendar_today(zToday);
  if( zCode[0] && catalog_code_in_force(pDb, zToday, zCode, &item, 0)==ZF_OK ){
    hazard_links_add(pL->aItem, &pL->nItem, item);
  }
  return ZF_OK;
}

/* Every link is real: lines of the inspection's checklist (in force for
** the enterprise on its start day, or today), items of a published
** catalog version. ZF_EPROCEDURE naming the field and the id otherwise. */
static int hazard_links_check(zf_db *pDb, int64_t insp, int64_t ent, const hazard_links *pL, zf_error *e){
  static const char zStart[] = "SELECT COALESCE(actual_start, '') FROM inspection WHERE id=?";
  static const char zItem[] =
    "SELECT 1 FROM catalog_item c JOIN catalog_version v ON v.id=c.version_id"
    " WHERE c.id=? AND v.status='published'";
  checklist_set set;
  zf_stmt *pStmt;
  char zStarted[24] = "";
  int i, j, rc = ZF_OK;
  if( pL->nLine ){
    if( (pStmt = db_stmt(pDb, zStart))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", insp);
    if( db_step(pStmt)==1 ) snprintf(zStarted, sizeof zStarted, "%s", db_text(pStmt, 0));
    db_reset(pStmt);
    memset(&set, 0, sizeof set);
    if( (rc = inspection_checklist(pDb, ent, zStarted, 0, &set, e))!=0 ) return rc;
    for(i=0; rc==ZF_OK && i<pL->nLine; i++){
      for(j=0; j<set.nLine && set.aLine[j].id!=pL->aLine[i]; j++){}
      if( j==set.nLine ){
        rc = err_set(e, ZF_EPROCEDURE, "checklist_lines", "检查项 %lld 不是本次检查所用检查表（%s）中的检查项",
                     (long long)pL->aLine[i], set.zName[0] ? set.zName : "无适用检查表");
      }
    }
    checklist_set_free(&set);
    if( rc ) return rc;
  }
  for(i=0; i<pL->nItem; i++){
    if( (pStmt = db_stmt(pDb, zItem))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", pL->aItem[i]);
    rc = db_step(pStmt);
    db_reset(pStmt);
    if( rc<0 ) return err_set(e, -rc, 0, 0);
    if( rc==0 ){
      return err_set(e, ZF_EPROCEDURE, "catalog_items", "执法事项 %lld 不存在或不属于已发布的执法事项目录",
                     (long long)pL->aItem[i]);
    }
  }
  return ZF_OK;
}

/* Writes the links of new hazard id. */
static int hazard_links_write(zf_db *pDb, int64_t id, const hazard_links *pL){
  static const char zIns[] = "INSERT INTO hazard_link(hazard_id, kind, ref_id) VALUES(?,?,?)";
  int i, rc = ZF_OK;
  for(i=0; rc==ZF_OK && i<pL->nLine; i++) rc = db_exec(pDb, zIns, "isi", id, "checklist", pL->aLine[i]);
  for(i=0; rc==ZF_OK && i<pL->nItem; i++) rc = db_exec(pDb, zIns, "isi", id, "catalog", pL->aItem[i]);
  return rc;
}

int hazard_create(zf_db *pDb, const zf_who *pActor, const hazard_new *pNew, int64_t *pId,
                  zf_error *e){
  static const char zIns[] =
    "INSERT INTO hazard(inspection_id, enterprise_id, region_path, checklist_item, catalog_item,"
    " description, place, category, standard_item, rectify, deadline, status, created_by, created_at,"
    " updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  int major = pNew->zCategory && strcmp(pNew->zCategory, "major")==0;
  char zPath[128], zNow[24], zDesc[2100];
  hazard_new nu = *pNew;
  hazard_links links;
  int64_t ent = 0;
  int i, rc;
  if( pNew->inspectionId<=0 ) return err_set(e, ZF_EMISSING, "inspection_id", "请指定检查（inspection_id）");
  if( pNew->nChecklistLine>HAZARD_MAX_LINKS || pNew->nCatalogItem>HAZARD_MAX_LINKS ){
    return err_set(e, ZF_EINVAL, pNew->nChecklistLine>HAZARD_MAX_LINKS ? "checklist_lines" : "catalog_items",
                   "关联条目过多（每类至多 %d 个）", HAZARD_MAX_LINKS);
  }
  memset(&links, 0, sizeof links);
  for(i=0; i<pNew->nChecklistLine; i++) hazard_links_add(links.aLine, &links.nLine, pNew->aChecklistLine[i]);
  for(i=0; i<pNew->nCatalogItem; i++) hazard_links_add(links.aItem, &links.nItem, pNew->aCatalogItem[i]);
  if( pNew->fromLineId==0 && (rc = hazard_new_check(pNew, e))!=0 ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = hazard_inspection(pDb, pActor, pNew->inspectionId, &ent, zPath, e);
  if( rc==ZF_OK && pNew->fromLineId ){
    rc = hazard_from_line(pDb, pNew->inspectionId, pNew->fromLineId, &links, zDesc, sizeof zDesc, e);
    if( rc==ZF_OK && nu.zDescription==0 ) nu.zDescription = zDesc;
    if( rc==ZF_OK ) rc = hazard_new_check(&nu, e);
  }
  if( rc==ZF_OK ) rc = hazard_links_check(pDb, pNew->inspectionId, ent, &links, e);
  if( rc ){
    db_rollback(pDb);
    return rc;
  }
  clock_now_iso(zNow);
  rc = db_exec(pDb, zIns, "iissssssssssss", nu.inspectionId, ent, zPath, nu.zChecklistItem,
               nu.zCatalogItem, nu.zDescription, nu.zPlace, nu.zCategory,
               major ? nu.zStandardItem : 0, nu.zRectify, nu.zDeadline, zActor, zNow, zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    if( nu.fromLineId ) rc = db_exec(pDb, "UPDATE hazard SET from_line_id=? WHERE id=?", "ii", nu.fromLineId, *pId);
  }
  if( rc==ZF_OK ) rc = hazard_links_write(pDb, *pId, &links);
  if( rc==ZF_OK ){
    rc = hazard_event(pDb, *pId, "create", 0, "open", zActor, nu.zDescription);
  }
  if( rc==ZF_OK && major ) rc = hazard_notify_major(pDb, *pId, ent, zPath, nu.zDescription);
  if( rc==ZF_OK ) rc = hazard_audit(pDb, zActor, "hazard.create", *pId, zPath, 0);
  return db_finish(pDb, rc, e);
}

/* ---- the status machine ------------------------------------------- */

/* The fields of a hazard an action looks at. */
typedef struct hazard_row {
  char zStatus[16], zRectify[16], zPath[128];
  char zOrderDate[11], zDeadline[11], zReportDate[11], zDue[11];
} hazard_row;

static int hazard_load(zf_db *pDb, int64_t id, hazard_row *p){
  static const char zSql[] =
    "SELECT status, rectify, region_path, order_date, deadline, report_date, reinspect_due"
    " FROM hazard WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  memset(p, 0, sizeof *p);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(p->zStatus, sizeof p->zStatus, "%s", db_text(pStmt, 0));
    snprintf(p->zRectify, sizeof p->zRectify, "%s", db_text(pStmt, 1));
    snprintf(p->zPath, sizeof p->zPath, "%s", db_text(pStmt, 2));
    snprintf(p->zOrderDate, sizeof p->zOrderDate, "%s", db_text(pStmt, 3));
    snprintf(p->zDeadline, sizeof p->zDeadline, "%s", db_text(pStmt, 4));
    snprintf(p->zReportDate, sizeof p->zReportDate, "%s", db_text(pStmt, 5));
    snprintf(p->zDue, sizeof p->zDue, "%s", db_text(pStmt, 6));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc==0 ? ZF_ENOTFOUND : -rc;
}

/* A past-or-today date in zField. */
static int hazard_date(const char *z, const char *zField, const char *zLabel, const char *zToday,
                       zf_error *e){
  int rc;
  if( z==0 || z[0]==0 ) return err_set(e, ZF_EMISSING, zField, "请填写%s（%s）", zLabel, zField);
  if( (rc = calendar_parse_date(z, zField, 0, e))!=0 ) return rc;
  if( strcmp(z, zToday)>0 ) return err_set(e, ZF_EINVAL, zField, "%s不能晚于今天（%s）", zLabel, zToday);
  return ZF_OK;
}

/* Checks of an action that need no database. */
static int hazard_act_check(const hazard_action *a, const char *zToday, zf_error *e){
  const char *z = a->zAction ? a->zAction : "";
  int rc;
  if( strcmp(z, "order")==0 ){
    if( a->zOrderNo ){
      return err_set(e, ZF_EINVAL, "order_no",
                     "责令限期整改指令书文号由系统按执法单位、年度顺序编号，不能填写（order_no）");
    }
    if( (rc = hazard_date(a->zOrderDate, "order_date", "指令书日期", zToday, e))!=0 ) return rc;
    if( a->zDeadline==0 ) return err_set(e, ZF_EMISSING, "deadline", "请填写整改期限（deadline）");
    if( (rc = calendar_parse_date(a->zDeadline, "deadline", 0, e))!=0 ) return rc;
    if( strcmp(a->zDeadline, a->zOrderDate)<=0 ){
      return err_set(e, ZF_EINVAL, "deadline", "整改期限 %s 应晚于指令书日期 %s", a->zDeadline, a->zOrderDate);
    }
  }else if( strcmp(z, "report")==0 ){
    if( (rc = hazard_date(a->zDate, "date", "整改完成报告日期", zToday, e))!=0 ) return rc;
  }else if( strcmp(z, "reinspect")==0 ){
    if( (rc = hazard_date(a->zDate, "date", "复查日期", zToday, e))!=0 ) return rc;
    if( a->zResult==0 ) return err_set(e, ZF_EMISSING, "result", "请填写复查结论（result）");
    if( strcmp(a->zResult, "passed") && strcmp(a->zResult, "failed") ){
      return err_set(e, ZF_EINVAL, "result", "复查结论应为 passed（整改合格）或 failed（未整改到位）");
    }
  }else if( strcmp(z, "rectified")==0 ){
    if( a->zDate && (rc = hazard_date(a->zDate, "date", "整改日期", zToday, e))!=0 ) return rc;
  }else if( strcmp(z, "propose")==0 ){
    return text_check(a->zNote, 2, 2000, "note", "立案建议理由", e);
  }else if( strcmp(z, "void")==0 ){
    return text_check(a->zNote, 2, 500, "note", "作废原因", e);
  }else{
    return err_set(e, ZF_EINVAL, "action", "未知操作：%.20s（order report reinspect rectified propose void）", z);
  }
  return a->zNote ? text_check(a->zNote, 0, 2000, "note", "说明", e) : ZF_OK;
}

/* "[1,2,3]" of the evidence ids. */
static void hazard_evidence_text(const hazard_action *a, char *z, size_t n){
  size_t k = 0;
  int i;
  k += snprintf(z + k, n - k, "[");
  for(i=0; i<a->nEvidence && k<n; i++){
    k += snprintf(z + k, n - k, "%s%lld", i ? "," : "", (long long)a->aEvidence[i]);
  }
  if( k<n ) snprintf(z + k, n - k, "]");
}

/*
** Issues the next number of document type zKind (rectify_order,
** reinspect_opinion; document.h) for hazard id from the register of the
** inspecting unit (the hazard's inspection's) in the year of zDate,
** inside the caller's transaction. zOut gets the text.
*/
static int hazard_doc_number(zf_db *pDb, int64_t id, const char *zKind, const char *zDate,
                             const char *zActor, char *zOut, size_t nOut){
  static const char zUnit[] =
    "SELECT i.unit_id FROM hazard h JOIN inspection i ON i.id=h.inspection_id WHERE h.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zUnit);
  int64_t unit = 0;
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ) unit = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( rc!=1 ) return rc<0 ? -rc : ZF_EINTERNAL;
  return document_number_next(pDb, unit, zKind, atoi(zDate), "hazard", id, zActor, zOut, nOut, 0, 0);
}

/* ---- the status machine (hazard.h) as a table ---------------------- */

static const struct { const char *zKey, *zName; } hazard_actions[] = {
  {"order", "下达责令限期整改指令书"}, {"report", "登记企业整改完成报告"}, {"reinspect", "复查"},
  {"rectified", "确认当场整改完成"}, {"propose", "提出立案建议"}, {"void", "作废"}, {0, 0}
};

static const char *hazard_action_name(const char *zAction){
  int i;
  for(i=0; hazard_actions[i].zKey; i++){
    if( strcmp(hazard_actions[i].zKey, zAction)==0 ) return hazard_actions[i].zName;
  }
  return 0;
}

/* rectified: only a hazard to be put right on the spot. */
static int hazard_guard_immediate(const void *pRec, zf_error *e){
  const hazard_row *h = pRec;
  return strcmp(h->zRectify, "immediate")==0 ? ZF_OK
    : err_set(e, ZF_ECONFLICT, "status", "只有当场整改的隐患可确认当场整改完成（该隐患为责令限期整改）");
}

/* The transitions an act may take (the overdue sweep, rectifying →
** overdue, is the system's; transfers are transfer.c's). reinspect's
** target is the result's: passed → closed; failed → overdue after the
** deadline, rectifying (复查未通过) before it. Refusals: 409 naming
** "status", as before the table. */
static const zf_fsm_row hazard_rows[] = {
  {"open",       "order",     "rectifying", PERM_HAZARD_WRITE, 0, "rectify_order", "reinspection.days"},
  {"open",       "rectified", "closed",     PERM_HAZARD_WRITE, hazard_guard_immediate, 0, 0},
  {"rectifying", "report",    "reported",   PERM_HAZARD_WRITE, 0, 0, "reinspection.days"},
  {"overdue",    "report",    "reported",   PERM_HAZARD_WRITE, 0, 0, "reinspection.days"},
  {"rectifying", "reinspect", 0,            PERM_HAZARD_WRITE, 0, "reinspect_opinion", "reinspection.days"},
  {"reported",   "reinspect", 0,            PERM_HAZARD_WRITE, 0, "reinspect_opinion", "reinspection.days"},
  {"overdue",    "reinspect", 0,            PERM_HAZARD_WRITE, 0, "reinspect_opinion", 0},
  {"overdue",    "propose",   "proposed",   PERM_HAZARD_WRITE, 0, 0, 0},
  {"open",       "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"rectifying", "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"reported",   "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"overdue",    "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"closed",     "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"proposed",   "void",      "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {"transferred", "void",     "void",       PERM_HAZARD_WRITE, 0, 0, 0},
  {0, 0, 0, 0, 0, 0, 0}
};

static const zf_fsm hazard_fsm = {hazard_rows, hazard_status_name, hazard_action_name, "status", ZF_ECONFLICT};

/* order: open → rectifying with the next 指令书 number (zNo gets it); the
** re-inspection is due reinspection.days after the deadline. */
static int hazard_do_order(zf_db *pDb, int64_t id, const hazard_row *h, const hazard_action *a,
                           const char *zActor, const char *zNow, char *zNo, size_t nNo, zf_error *e){
  static const char zUpd[] =
    "UPDATE hazard SET status='rectifying', rectify='deadline', order_no=?, order_date=?, deadline=?,"
    " reinspect_due=?, updated_at=? WHERE id=?";
  char zDue[11];
  int rc;
  (void)h;
  if( (rc = rules_deadline(pDb, "reinspection.days", a->zDeadline, 0, zDue, 0, e))!=0 ) return rc;
  if( (rc = hazard_doc_number(pDb, id, "rectify_order", a->zOrderDate, zActor, zNo, nNo))!=0 ) return rc;
  return db_exec(pDb, zUpd, "sssssi", zNo, a->zOrderDate, a->zDeadline, zDue, zNow, id);
}

/* report: rectifying / overdue → reported; the re-inspection is due
** reinspection.days after the report when that is earlier. */
static int hazard_do_report(zf_db *pDb, int64_t id, const hazard_row *h, const hazard_action *a,
                            const char *zNow, zf_error *e){
  static const char zUpd[] =
    "UPDATE hazard SET status='reported', report_date=?, report_evidence=?, report_note=?,"
    " reinspect_due=?, updated_at=? WHERE id=?";
  char zDue[11], zEv[HAZARD_MAX_EVIDENCE*21 + 4];
  int rc;
  if( strcmp(a->zDate, h->zOrderDate)<0 ){
    return err_set(e, ZF_EINVAL, "date", "整改完成报告日期 %s 早于指令书日期 %s", a->zDate, h->zOrderDate);
  }
  if( (rc = rules_deadline(pDb, "reinspection.days", a->zDate, 0, zDue, 0, e))!=0 ) return rc;
  if( h->zDue[0] && strcmp(h->zDue, zDue)<0 ) snprintf(zDue, sizeof zDue, "%s", h->zDue);
  hazard_evidence_text(a, zEv, sizeof zEv);
  return db_exec(pDb, zUpd, "sssssi", a->zDate, zEv, a->zNote, zDue, zNow, id);
}

/* reinspect: after the order only, with the next 整改复查意见书 number
** (zNo gets it); passed → closed; failed → overdue once the deadline has
** passed, before it back to rectifying (复查未通过: reinspect_result
** failed), due again reinspection.days after the deadline, for the sweep
** to make overdue when the deadline passes. */
static int hazard_do_reinspect(zf_db *pDb, int64_t id, const hazard_row *h, const hazard_action *a,
                               const char *zActor, const char *zNow, char *zNo, size_t nNo,
                               const char **pzTo, zf_error *e){
  static const char zUpd[] =
    "UPDATE hazard SET status=?, reinspect_date=?, reinspect_result=?, reinspect_note=?, reinspect_no=?,"
    " updated_at=?, reinspect_due=COALESCE(?, reinspect_due) WHERE id=?";
  char zToday[11], zDue[11] = "";
  int rc;
  if( strcmp(a->zDate, h->zOrderDate)<0 ){
    return err_set(e, ZF_EPROCEDURE, "date", "复查日期 %s 早于责令限期整改指令书日期 %s", a->zDate, h->zOrderDate);
  }
  calendar_today(zToday);
  if( strcmp(a->zResult, "passed")==0 ) *pzTo = "closed";
  else if( strcmp(h->zDeadline, zToday)<0 ) *pzTo = "overdue";
  else{
    *pzTo = "rectifying";
    if( (rc = rules_deadline(pDb, "reinspection.days", h->zDeadline, 0, zDue, 0, e))!=0 ) return rc;
  }
  if( (rc = hazard_doc_number(pDb, id, "reinspect_opinion", a->zDate, zActor, zNo, nNo))!=0 ) return rc;
  return db_exec(pDb, zUpd, "sssssssi", *pzTo, a->zDate, a->zResult, a->zNote, zNo, zNow,
                 zDue[0] ? zDue : 0, id);
}

/* The simple transitions (the row's target): rectified, propose, void. */
static int hazard_do_simple(zf_db *pDb, int64_t id, const hazard_action *a, const char *zNow,
                            const char *zTo){
  if( strcmp(a->zAction, "rectified")==0 ){
    return db_exec(pDb, "UPDATE hazard SET status=?, updated_at=? WHERE id=?", "ssi", zTo, zNow, id);
  }
  if( strcmp(a->zAction, "propose")==0 ){
    return db_exec(pDb, "UPDATE hazard SET status=?, proposal_note=?, updated_at=? WHERE id=?",
                   "sssi", zTo, a->zNote, zNow, id);
  }
  return db_exec(pDb, "UPDATE hazard SET status=?, void_reason=?, updated_at=? WHERE id=?",
                 "sssi", zTo, a->zNote, zNow, id);
}

/* The row of the act on h, refused as hazard.h says: a re-inspection
** before the order first (422 naming "date"), then the table. */
static int hazard_transition(const zf_who *pActor, const hazard_row *h, const hazard_action *a,
                             const zf_fsm_row **ppRow, zf_error *e){
  if( strcmp(a->zAction, "reinspect")==0 && h->zOrderDate[0]==0 ){
    return err_set(e, ZF_EPROCEDURE, "date", "复查须在责令限期整改之后：该隐患尚未下达责令限期整改指令书");
  }
  return fsm_check(&hazard_fsm, pActor, h->zStatus, a->zAction, h, ppRow, e);
}

/* The act's fields for the audit entry. */
static json_t *hazard_act_json(const hazard_action *a){
  json_t *p = json_pack("{s:s}", "action", a->zAction);
  if( a->zOrderDate ) json_object_set_new(p, "order_date", json_string(a->zOrderDate));
  if( a->zDeadline ) json_object_set_new(p, "deadline", json_string(a->zDeadline));
  if( a->zDate ) json_object_set_new(p, "date", json_string(a->zDate));
  if( a->zResult ) json_object_set_new(p, "result", json_string(a->zResult));
  if( a->zNote ) json_object_set_new(p, "note", json_string(a->zNote));
  return p;
}

/* The 整改期限 recorded with hazard id before its order (zOut), or NULL. */
static const char *hazard_recorded_deadline(zf_db *pDb, int64_t id, char zOut[11]){
  static const char zSql[] = "SELECT deadline FROM hazard WHERE id=? AND status='open' AND deadline IS NOT NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(zOut, 11, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return zOut[0] ? zOut : 0;
}

int hazard_act(zf_db *pDb, const zf_who *pActor, int64_t id, const hazard_action *a,
               zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli", *zTo = 0;
  char zToday[11], zNow[24], zAction[40], zNote[2200], zNo[300] = "";
  char zRecorded[11] = "";
  hazard_action act;
  hazard_row h;
  const zf_fsm_row *pRow = 0;
  int rc;
  calendar_today(zToday);
  clock_now_iso(zNow);
  if( a->zAction && strcmp(a->zAction, "order")==0 && a->zDeadline==0 ){
    /* the order takes the 整改期限 recorded on site when it names none */
    act = *a;
    act.zDeadline = hazard_recorded_deadline(pDb, id, zRecorded);
    a = &act;
  }
  if( (rc = hazard_act_check(a, zToday, e))!=0 ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = hazard_load(pDb, id, &h);
  if( rc==ZF_ENOTFOUND ) rc = err_set(e, rc, "id", "隐患不存在：%lld", (long long)id);
  if( rc==ZF_OK && pActor && strncmp(h.zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    rc = err_set(e, ZF_ESCOPE, "id", "该隐患不在您的管辖范围内");
  }
  if( rc==ZF_OK ) rc = hazard_transition(pActor, &h, a, &pRow, e);
  if( rc==ZF_OK ){
    zTo = pRow->zTo;
    if( strcmp(a->zAction, "order")==0 ){
      rc = hazard_do_order(pDb, id, &h, a, zActor, zNow, zNo, sizeof zNo, e);
      snprintf(zNote, sizeof zNote, "%s，整改期限 %s%s%s", zNo, a->zDeadline,
               a->zNote ? "；" : "", a->zNote ? a->zNote : "");
    }else{
      if( strcmp(a->zAction, "report")==0 ){
        rc = hazard_do_report(pDb, id, &h, a, zNow, e);
      }else if( strcmp(a->zAction, "reinspect")==0 ){
        rc = hazard_do_reinspect(pDb, id, &h, a, zActor, zNow, zNo, sizeof zNo, &zTo, e);
      }else{
        rc = hazard_do_simple(pDb, id, a, zNow, zTo);
      }
      snprintf(zNote, sizeof zNote, "%s%s%s%s%s", zNo, zNo[0] ? " " : "", a->zDate ? a->zDate : "",
               a->zDate && a->zNote ? " " : "", a->zNote ? a->zNote : "");
    }
  }
  if( rc==ZF_OK ) rc = hazard_event(pDb, id, a->zAction, h.zStatus, zTo, zActor, zNote);
  snprintf(zAction, sizeof zAction, "hazard.%s", a->zAction);
  if( rc==ZF_OK ) rc = hazard_audit(pDb, zActor, zAction, id, h.zPath, hazard_act_json(a));
  return db_finish(pDb, rc, e);
}

int hazard_sweep(zf_db *pDb, const char *zToday){
  static const char zSql[] =
    "SELECT id, region_path, deadline FROM hazard WHERE status='rectifying' AND deadline<? LIMIT 500";
  static const char zUpd[] = "UPDATE hazard SET status='overdue', updated_at=? WHERE id=?";
  int64_t aId[500];
  char azPath[500][128], zNow[24], zNote[80];
  int n = 0, i, rc;
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 || db_begin(pDb)!=ZF_OK ) return -1;     /* nests in a caller's transaction */
  db_bind(pStmt, "s", zToday);
  while( (rc = db_step(pStmt))==1 ){
    aId[n] = db_column_int64(pStmt, 0);
    snprintf(azPath[n++], 128, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  rc = rc<0 ? -rc : ZF_OK;
  clock_now_iso(zNow);
  for(i=0; rc==ZF_OK && i<n; i++){
    snprintf(zNote, sizeof zNote, "整改期限已过（%s）未经复查合格", zToday);
    rc = db_exec(pDb, zUpd, "si", zNow, aId[i]);
    if( rc==ZF_OK ) rc = hazard_event(pDb, aId[i], "overdue", "rectifying", "overdue", "system", zNote);
    if( rc==ZF_OK ) rc = hazard_audit(pDb, "system", "hazard.overdue", aId[i], azPath[i], 0);
  }
  rc = db_finish(pDb, rc, 0);
  return rc ? -1 : n;
}

int hazard_open_for_inspection(zf_db *pDb, int64_t inspectionId){
  static const char zSql[] =
    "SELECT count(*) FROM hazard WHERE inspection_id=? AND status<>'closed' AND status<>'proposed'"
    " AND status<>'transferred' AND status<>'void'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = -1;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "i", inspectionId);
  if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return n;
}

/* ---- JSON ---------------------------------------------------------- */

#define HAZARD_NAMES "id,inspection_id,enterprise_id,enterprise_name,region_path,checklist_item," \
  "catalog_item,description,place,category,standard_item,rectify,status,order_no,order_date," \
  "deadline,report_date,report_evidence,report_note,reinspect_due,reinspect_date," \
  "reinspect_result,reinspect_note,proposal_note,void_reason,created_by,created_at,updated_at," \
  "inspection_type,reinspect_no,from_line_id"

/* The timeline: [{"action","from_status","to_status","actor","at","note"}]. */
static json_t *hazard_events_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT id, action, from_status, to_status, actor, at, note FROM hazard_event"
    " WHERE hazard_id=? ORDER BY id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut = json_array();
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "i", id);
  while( db_step(pStmt)==1 ){
    json_array_append_new(pOut, db_row_json(pStmt, "id,action,from_status,to_status,actor,at,note"));
  }
  db_reset(pStmt);
  return pOut;
}

/* The transfers of hazard id. */
static json_t *hazard_transfers_json(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT id FROM hazard_transfer WHERE hazard_id=? ORDER BY id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pOut = json_array();
  int64_t aId[20];
  int n = 0, i;
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "i", id);
  while( n<20 && db_step(pStmt)==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  for(i=0; i<n; i++){
    json_t *p = transfer_json(pDb, aId[i]);
    if( p ) json_array_append_new(pOut, p);
  }
  return pOut;
}

/* The links: "checklist_lines" [{"id","section","key_point","content",
** "catalog_code","verdict"}] (verdict: this inspection's result for the
** line, or null) and "catalog_items" [{"id","code","name","version_name"}]. */
static void hazard_links_json(zf_db *pDb, int64_t id, json_t *p){
  static const char zLines[] =
    "SELECT ci.id, ci.section, ci.key_point, ci.content, COALESCE(ci.catalog_code, ''), r.verdict"
    " FROM hazard_link l JOIN hazard h ON h.id=l.hazard_id JOIN checklist_item ci ON ci.id=l.ref_id"
    " LEFT JOIN inspection_result r ON r.inspection_id=h.inspection_id AND r.line_id=ci.id"
    " WHERE l.hazard_id=? AND l.kind='checklist' ORDER BY ci.sort_order, ci.id";
  static const char zItems[] =
    "SELECT c.id, c.code, c.name, v.name FROM hazard_link l JOIN catalog_item c ON c.id=l.ref_id"
    " JOIN catalog_version v ON v.id=c.version_id WHERE l.hazard_id=? AND l.kind='catalog'"
    " ORDER BY c.code, c.id";
  json_t *pLines = json_array(), *pItems = json_array();
  zf_stmt *pStmt;
  if( (pStmt = db_stmt(pDb, zLines))!=0 ){
    db_bind(pStmt, "i", id);
    while( db_step(pStmt)==1 ){
      json_array_append_new(pLines, db_row_json(pStmt, "id,section,key_point,content,catalog_code,verdict"));
    }
    db_reset(pStmt);
  }
  if( (pStmt = db_stmt(pDb, zItems))!=0 ){
    db_bind(pStmt, "i", id);
    while( db_step(pStmt)==1 ) json_array_append_new(pItems, db_row_json(pStmt, "id,code,name,version_name"));
    db_reset(pStmt);
  }
  json_object_set_new(p, "checklist_lines", pLines);
  json_object_set_new(p, "catalog_items", pItems);
}

json_t *hazard_json(zf_db *pDb, int64_t id, int withEvents){
  static const char zSql[] =
    "SELECT h.id, h.inspection_id, h.enterprise_id, e.name, h.region_path, h.checklist_item,"
    " h.catalog_item, h.description, h.place, h.category, h.standard_item, h.rectify, h.status,"
    " h.order_no, h.order_date, h.deadline, h.report_date, h.report_evidence, h.report_note,"
    " h.reinspect_due, h.reinspect_date, h.reinspect_result, h.reinspect_note, h.proposal_note,"
    " h.void_reason, h.created_by, h.created_at, h.updated_at, i.type, h.reinspect_no, h.from_line_id"
    " FROM hazard h JOIN enterprise e ON e.id=h.enterprise_id JOIN inspection i ON i.id=h.inspection_id"
    " WHERE h.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0, *pEv;
  char zToday[11];
  const char *zStatus, *zDue, *zDate, *zResult;
  int failed;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = db_row_json(pStmt, HAZARD_NAMES);
  db_reset(pStmt);
  if( p==0 ) return 0;
  pEv = json_loads(json_string_value(json_object_get(p, "report_evidence")) ?
                   json_string_value(json_object_get(p, "report_evidence")) : "[]", 0, 0);
  json_object_set_new(p, "report_evidence", pEv ? pEv : json_array());
  zStatus = json_string_value(json_object_get(p, "status"));
  zDue = json_string_value(json_object_get(p, "reinspect_due"));
  zDate = json_string_value(json_object_get(p, "reinspect_date"));
  calendar_today(zToday);
  zResult = json_string_value(json_object_get(p, "reinspect_result"));
  failed = strcmp(zStatus, "rectifying")==0 && zResult && strcmp(zResult, "failed")==0;
  json_object_set_new(p, "reinspect_failed", json_boolean(failed));
  json_object_set_new(p, "status_name", json_string(failed ? HAZARD_FAILED_NAME : hazard_status_name(zStatus)));
  json_object_set_new(p, "category_name", json_string(strcmp(json_string_value(json_object_get(p,
                      "category")), "major")==0 ? "重大事故隐患" : "一般事故隐患"));
  json_object_set_new(p, "overdue", json_boolean(strcmp(zStatus, "overdue")==0));
  /* the re-inspection is late: done after its due day, or not done by it */
  json_object_set_new(p, "reinspect_late", json_boolean(zDue && ((zDate && strcmp(zDate, zDue)>0)
                      || (!zDate && (strcmp(zStatus, "reported")==0 || strcmp(zStatus, "rectifying")==0)
                          && strcmp(zToday, zDue)>0))));
  hazard_links_json(pDb, id, p);
  if( withEvents ){
    json_object_set_new(p, "events", hazard_events_json(pDb, id));
    json_object_set_new(p, "transfers", hazard_transfers_json(pDb, id));
  }
  return p;
}

int hazard_account_unit(zf_db *pDb, int64_t accountId, int64_t *pUnitId){
  static const char zSql[] =
    "SELECT unit_id FROM account_unit WHERE account_id=?1"
    " UNION ALL SELECT unit_id FROM person WHERE account_id=?1 LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", accountId);
  rc = db_step(pStmt);
  if( rc==1 ) *pUnitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc==0 ? ZF_ENOTFOUND : -rc;
}
