/*
** transfer.c — transfers (移交) of hazards outside the bureau's remit to
** other departments, and of matters other departments send to the bureau
** (plan clause 19, 部门协作). An outgoing transfer is sent with its letter
** (doc_no, doc_date); the department's account signs for it (签收) and
** answers; it is overdue while unanswered after rule
** hazard.transfer_answer_days. An incoming one is recorded by the bureau,
** assigned to one of its units and answered. Each act is audited with the
** bureau side's region code. Table hazard_transfer (0011_hazard.sql).
**
** Which unit an account acts for: account_unit (department accounts), else
** its person's unit (hazard_account_unit).
*/
#include <stdio.h>
#include <string.h>
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "fieldwork.h"
#include "hazard.h"
#include "notify.h"
#include "org.h"
#include "rules.h"
#include "region.h"

/* The unit a transfer names: exists and is another authority. */
static int transfer_unit_check(zf_db *pDb, int64_t id, const char *zField, int external,
                               char zPath[128], zf_error *e){
  static const char zSql[] =
    "SELECT u.kind, g.path FROM unit u JOIN region g ON g.code=u.region WHERE u.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zKind[20] = "";
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 0));
    if( zPath ) snprintf(zPath, 128, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, zField, "单位不存在：%lld", (long long)id);
  if( external && strcmp(zKind, "department") && strcmp(zKind, "police") ){
    return err_set(e, ZF_EINVAL, zField, "移交对象应为其他部门（当前单位类别：%s）", org_unit_kind_name(zKind));
  }
  if( !external && (strcmp(zKind, "department")==0 || strcmp(zKind, "police")==0
                    || strcmp(zKind, "procuratorate")==0 || strcmp(zKind, "supervision")==0) ){
    return err_set(e, ZF_EINVAL, zField, "承办单位应为本局或街道的执法单位");
  }
  return ZF_OK;
}

static int transfer_new_check(const transfer_new *p, const char *zToday, zf_error *e){
  int rc;
  if( p->zDirection==0 ) return err_set(e, ZF_EMISSING, "direction", "请指定移交方向（direction）");
  if( strcmp(p->zDirection, "out") && strcmp(p->zDirection, "in") ){
    return err_set(e, ZF_EINVAL, "direction", "移交方向应为 out（移出）或 in（移入）");
  }
  if( strcmp(p->zDirection, "out")==0 && p->hazardId<=0 ){
    return err_set(e, ZF_EMISSING, "hazard_id", "请指定移交的隐患（hazard_id）");
  }
  if( p->unitId<=0 ) return err_set(e, ZF_EMISSING, "unit_id", "请指定部门（unit_id）");
  if( strcmp(p->zDirection, "in")==0 || p->zMatter ){
    if( (rc = text_check(p->zMatter, 2, 2000, "matter", "移交事项", e))!=0 ) return rc;
  }
  if( (rc = text_check(p->zDocNo, 1, 60, "doc_no", "移交文书文号", e))!=0 ) return rc;
  if( p->zDocDate==0 ) return err_set(e, ZF_EMISSING, "doc_date", "请填写移交日期（doc_date）");
  if( (rc = calendar_parse_date(p->zDocDate, "doc_date", 0, e))!=0 ) return rc;
  if( strcmp(p->zDocDate, zToday)>0 ) return err_set(e, ZF_EINVAL, "doc_date", "移交日期不能晚于今天");
  return ZF_OK;
}

/* Outgoing: the hazard is in scope and not yet final; it becomes
** transferred. Copies its path and description. */
static int transfer_hazard(zf_db *pDb, const zf_who *pActor, int64_t id, char zPath[128],
                           char *zDesc, size_t nDesc, zf_error *e){
  static const char zSql[] = "SELECT region_path, status, description FROM hazard WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zStatus[16] = "", zNow[24];
  int rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(zPath, 128, "%s", db_text(pStmt, 0));
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 1));
    snprintf(zDesc, nDesc, "%s", db_text(pStmt, 2));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 || !covert_link_visible(pDb, pActor, "hazard", id) ){   /* covert: as absent */
    return err_set(e, ZF_ENOTFOUND, "hazard_id", "隐患不存在：%lld", (long long)id);
  }
  if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "hazard_id", "该隐患不在您的管辖范围内");
  }
  if( strcmp(zStatus, "open") && strcmp(zStatus, "rectifying") && strcmp(zStatus, "reported")
   && strcmp(zStatus, "overdue") ){
    return err_set(e, ZF_ECONFLICT, "hazard_id", "该隐患已%s，不能移交", hazard_status_name(zStatus));
  }
  clock_now_iso(zNow);
  rc = db_exec(pDb, "UPDATE hazard SET status='transferred', updated_at=? WHERE id=?", "si", zNow, id);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, "INSERT INTO hazard_event(hazard_id, action, from_status, to_status, actor, at, note)"
                 " VALUES(?,?,?,?,?,?,?)", "issssss", id, "transfer", zStatus, "transferred",
                 pActor ? pActor->zUsername : "cli", zNow, "移交其他部门");
  }
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

static int transfer_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id){
  static const char zSql[] = "SELECT region_path FROM hazard_transfer WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zPath[128] = "", zRegion[16];
  json_t *p;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  if( (p = transfer_json(pDb, id))==0 ) return ZF_EINTERNAL;
  region_code_of_path(zPath, zRegion, sizeof zRegion);
  return audit_record(pDb, zActor, zAction, "hazard_transfer", id, zRegion, p);
}

/*
** Notifications of a transfer: when one is sent, every account acting for
** the department (account_unit); when the department answers, the account
** that sent it. Inside the caller's transaction.
*/
static int transfer_notify(zf_db *pDb, int64_t id, int answered){
  static const char zSent[] =
    "SELECT au.account_id, t.matter, t.doc_no FROM hazard_transfer t JOIN account_unit au ON au.unit_id=t.unit_id"
    " WHERE t.id=? AND t.direction='out' LIMIT 50";
  static const char zAnswered[] =
    "SELECT a.id, t.answer, u.name FROM hazard_transfer t JOIN account a ON a.username=t.created_by"
    " JOIN unit u ON u.id=t.unit_id WHERE t.id=? AND t.direction='out'";
  zf_stmt *pStmt = db_stmt(pDb, answered ? zAnswered : zSent);
  int64_t aId[50];
  char zTitle[200], zBody[2100] = "";
  int n = 0, i, rc = ZF_OK;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  while( n<50 && db_step(pStmt)==1 ){
    aId[n++] = db_column_int64(pStmt, 0);
    snprintf(zBody, sizeof zBody, "%s", db_text(pStmt, 1));
    snprintf(zTitle, sizeof zTitle, answered ? "%s 已答复移交事项" : "收到移交事项：%s",
             db_text(pStmt, 2));
  }
  db_reset(pStmt);
  for(i=0; rc==ZF_OK && i<n; i++){
    rc = notify_account(pDb, aId[i], answered ? "transfer.answered" : "transfer.sent", zTitle, zBody,
                        "hazard_transfer", id);
  }
  return rc;
}

int transfer_create(zf_db *pDb, const zf_who *pActor, const transfer_new *pNew, int64_t *pId,
                    zf_error *e){
  static const char zIns[] =
    "INSERT INTO hazard_transfer(direction, hazard_id, unit_id, region_path, matter, doc_no, doc_date,"
    " answer_due, status, assigned_unit_id, received_at, received_by, created_by, created_at)"
    " VALUES(?,NULLIF(?,0),?,?,?,?,?,?,?,NULLIF(?,0),?,?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  int out = pNew->zDirection && strcmp(pNew->zDirection, "out")==0;
  char zToday[11], zNow[24], zPath[128] = "", zUnitPath[128], zDue[11], zDesc[2100] = "";
  int rc;
  calendar_today(zToday);
  clock_now_iso(zNow);
  if( (rc = transfer_new_check(pNew, zToday, e))!=0 ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = transfer_unit_check(pDb, pNew->unitId, "unit_id", 1, zUnitPath, e);
  if( rc==ZF_OK && !out && pNew->assignedUnitId ){
    rc = transfer_unit_check(pDb, pNew->assignedUnitId, "assigned_unit_id", 0, zPath, e);
    if( rc==ZF_OK && pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
      rc = err_set(e, ZF_ESCOPE, "assigned_unit_id", "承办单位不在您的管辖范围内");
    }
  }
  if( rc==ZF_OK && out ) rc = transfer_hazard(pDb, pActor, pNew->hazardId, zPath, zDesc, sizeof zDesc, e);
  if( rc==ZF_OK && !out ) snprintf(zPath, sizeof zPath, "%s", pActor ? pActor->zScopePath : zUnitPath);
  if( rc==ZF_OK ) rc = rules_deadline(pDb, "hazard.transfer_answer_days", pNew->zDocDate, 0, zDue, 0, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zIns, "sii" "sssss" "s" "i" "sss" "s", pNew->zDirection, out ? pNew->hazardId : 0,
               pNew->unitId, zPath, pNew->zMatter ? pNew->zMatter : zDesc, pNew->zDocNo, pNew->zDocDate,
               zDue, out ? "sent" : "received", out ? 0 : pNew->assignedUnitId,
               out ? 0 : zNow, out ? 0 : zActor, zActor, zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = transfer_audit(pDb, zActor, out ? "transfer.send" : "transfer.record", *pId);
    if( rc==ZF_OK && out ) rc = transfer_notify(pDb, *pId, 0);
  }
  return db_finish(pDb, rc, e);
}

/* The fields of a transfer its acts look at. */
typedef struct transfer_row {
  char zDirection[4], zStatus[12], zPath[128];
  int64_t unitId;
} transfer_row;

static int transfer_load(zf_db *pDb, int64_t id, transfer_row *p){
  static const char zSql[] = "SELECT direction, status, region_path, unit_id FROM hazard_transfer WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(p->zDirection, sizeof p->zDirection, "%s", db_text(pStmt, 0));
    snprintf(p->zStatus, sizeof p->zStatus, "%s", db_text(pStmt, 1));
    snprintf(p->zPath, sizeof p->zPath, "%s", db_text(pStmt, 2));
    p->unitId = db_column_int64(pStmt, 3);
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc==0 ? ZF_ENOTFOUND : -rc;
}

/* Who may do zWhat on t: the department side (its unit) signs and answers
** outgoing transfers; the bureau side (scope) does everything else. */
static int transfer_may(zf_db *pDb, const zf_who *pActor, const transfer_row *t, const char *zWhat,
                        zf_error *e){
  int out = strcmp(t->zDirection, "out")==0;
  int deptAct = out && (strcmp(zWhat, "receive")==0 || strcmp(zWhat, "answer")==0);
  int64_t unit = 0;
  if( pActor==0 ) return ZF_OK;
  if( deptAct ){
    if( hazard_account_unit(pDb, pActor->accountId, &unit)!=ZF_OK || unit!=t->unitId ){
      return err_set(e, ZF_ESCOPE, "id", "该移交不是移送给您所在部门的");
    }
    return ZF_OK;
  }
  if( strcmp(zWhat, "receive")==0 ) return err_set(e, ZF_ECONFLICT, "status", "移入事项登记时已签收");
  if( strncmp(t->zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "id", "该移交不在您的管辖范围内");
  }
  if( out && strcmp(zWhat, "assign")==0 ) return err_set(e, ZF_EINVAL, "action", "只有移入事项可以指派承办单位");
  return ZF_OK;
}

/* A voided outgoing transfer gives its hazard back the status it had
** before the transfer (the bureau handles it again), with an event. */
static int transfer_void_hazard(zf_db *pDb, const char *zActor, int64_t id, const char *zReason){
  static const char zSql[] =
    "SELECT h.id, (SELECT e.from_status FROM hazard_event e WHERE e.hazard_id=h.id AND e.action='transfer'"
    " ORDER BY e.id DESC LIMIT 1) FROM hazard_transfer t JOIN hazard h ON h.id=t.hazard_id"
    " WHERE t.id=? AND h.status='transferred'";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zPrev[16] = "", zNow[24], zNote[600];
  int64_t hid = 0;
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    hid = db_column_int64(pStmt, 0);
    snprintf(zPrev, sizeof zPrev, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  if( hid==0 || zPrev[0]==0 ) return ZF_OK;
  clock_now_iso(zNow);
  snprintf(zNote, sizeof zNote, "移交作废：%s", zReason);
  rc = db_exec(pDb, "UPDATE hazard SET status=?, updated_at=? WHERE id=?", "ssi", zPrev, zNow, hid);
  if( rc==ZF_OK ){
    rc = db_exec(pDb, "INSERT INTO hazard_event(hazard_id, action, from_status, to_status, actor, at, note)"
                 " VALUES(?,?,?,?,?,?,?)", "issssss", hid, "transfer_void", "transferred", zPrev, zActor,
                 zNow, zNote);
  }
  return rc;
}

/* Applies zWhat to t (checked by transfer_may). */
static int transfer_apply(zf_db *pDb, const zf_who *pActor, int64_t id, const transfer_row *t,
                          const char *zWhat, const char *zText, int64_t assigned, zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zNow[24], zPath[128];
  int rc;
  clock_now_iso(zNow);
  if( strcmp(t->zStatus, "void")==0 ) return err_set(e, ZF_ECONFLICT, "status", "该移交已作废");
  if( strcmp(t->zStatus, "answered")==0 && strcmp(zWhat, "void") ){
    return err_set(e, ZF_ECONFLICT, "status", "该移交已答复");
  }
  if( strcmp(zWhat, "receive")==0 ){
    if( strcmp(t->zStatus, "sent") ) return err_set(e, ZF_ECONFLICT, "status", "该移交已签收");
    return db_exec(pDb, "UPDATE hazard_transfer SET status='received', received_at=?, received_by=? WHERE id=?",
                   "ssi", zNow, zActor, id);
  }
  if( strcmp(zWhat, "answer")==0 ){
    if( (rc = text_check(zText, 2, 2000, "answer", "答复意见", e))!=0 ) return rc;
    return db_exec(pDb, "UPDATE hazard_transfer SET status='answered', answer=?, answered_at=?, answered_by=?,"
                   " received_at=COALESCE(received_at, ?3), received_by=COALESCE(received_by, ?4)"
                   " WHERE id=?5", "ssssi", zText, zNow, zActor, zActor, id);
  }
  if( strcmp(zWhat, "assign")==0 ){
    if( assigned<=0 ) return err_set(e, ZF_EMISSING, "assigned_unit_id", "请指定承办单位（assigned_unit_id）");
    if( (rc = transfer_unit_check(pDb, assigned, "assigned_unit_id", 0, zPath, e))!=0 ) return rc;
    if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
      return err_set(e, ZF_ESCOPE, "assigned_unit_id", "承办单位不在您的管辖范围内");
    }
    return db_exec(pDb, "UPDATE hazard_transfer SET assigned_unit_id=? WHERE id=?", "ii", assigned, id);
  }
  if( (rc = text_check(zText, 2, 500, "reason", "作废原因", e))!=0 ) return rc;
  rc = db_exec(pDb, "UPDATE hazard_transfer SET status='void', void_reason=? WHERE id=?", "si", zText, id);
  if( rc==ZF_OK && strcmp(t->zDirection, "out")==0 ) rc = transfer_void_hazard(pDb, zActor, id, zText);
  return rc;
}

int transfer_act(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zWhat,
                 const char *zText, int64_t assignedUnitId, zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zAction[40];
  transfer_row t;
  int rc;
  if( zWhat==0 || (strcmp(zWhat, "receive") && strcmp(zWhat, "answer") && strcmp(zWhat, "assign")
                   && strcmp(zWhat, "void")) ){
    return err_set(e, ZF_EINVAL, "action", "未知操作（receive answer assign void）");
  }
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( (rc = transfer_load(pDb, id, &t))!=0 ){
    db_rollback(pDb);
    return rc==ZF_ENOTFOUND ? err_set(e, rc, "id", "移交不存在：%lld", (long long)id) : err_set(e, rc, 0, 0);
  }
  rc = transfer_may(pDb, pActor, &t, zWhat, e);
  if( rc==ZF_OK ) rc = transfer_apply(pDb, pActor, id, &t, zWhat, zText, assignedUnitId, e);
  if( rc ){ db_rollback(pDb); return (e && e->rc) ? rc : err_set(e, rc, 0, 0); }
  snprintf(zAction, sizeof zAction, "transfer.%s", zWhat);
  rc = transfer_audit(pDb, zActor, zAction, id);
  if( rc==ZF_OK && strcmp(zWhat, "answer")==0 ) rc = transfer_notify(pDb, id, 1);
  return db_finish(pDb, rc, e);
}

#define TRANSFER_NAMES "id,direction,hazard_id,unit_id,unit_name,region_path,matter,doc_no,doc_date," \
  "answer_due,status,assigned_unit_id,assigned_unit_name,received_at,received_by,answer,answered_at," \
  "answered_by,void_reason,created_by,created_at,enterprise_name"

json_t *transfer_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT t.id, t.direction, t.hazard_id, t.unit_id, u.name, t.region_path, t.matter, t.doc_no,"
    " t.doc_date, t.answer_due, t.status, t.assigned_unit_id, a.name, t.received_at, t.received_by,"
    " t.answer, t.answered_at, t.answered_by, t.void_reason, t.created_by, t.created_at, e.name"
    " FROM hazard_transfer t JOIN unit u ON u.id=t.unit_id LEFT JOIN unit a ON a.id=t.assigned_unit_id"
    " LEFT JOIN hazard h ON h.id=t.hazard_id LEFT JOIN enterprise e ON e.id=h.enterprise_id WHERE t.id=?";
  static const struct { const char *zKey, *zName; } aName[] = {
    {"sent", "待签收"}, {"received", "已签收待答复"}, {"answered", "已答复"}, {"void", "已作废"}, {0, 0}
  };
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  char zToday[11];
  const char *zStatus;
  int i;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) p = db_row_json(pStmt, TRANSFER_NAMES);
  db_reset(pStmt);
  if( p==0 ) return 0;
  calendar_today(zToday);
  zStatus = json_string_value(json_object_get(p, "status"));
  for(i=0; aName[i].zKey; i++){
    if( strcmp(aName[i].zKey, zStatus)==0 ) json_object_set_new(p, "status_name", json_string(aName[i].zName));
  }
  json_object_set_new(p, "overdue", json_boolean((strcmp(zStatus, "sent")==0 || strcmp(zStatus, "received")==0)
                      && strcmp(zToday, json_string_value(json_object_get(p, "answer_due")))>0));
  return p;
}
