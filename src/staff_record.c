/*
** staff_record.c — the records kept on a person: enforcement certificates
** (执法证) with their status history and the expiry warnings, training
** (入职 / 轮训 / 专项), professional qualifications, conflicts of interest
** (回避), and the expert pool listing. Plan clauses 8 (持证上岗), 9
** (training, professional staff), 15 (执法+专家) and RULES.md "People".
**
** Rules: a certificate has a unique number, an issuer and valid_from ≤
** valid_to (refused naming valid_to otherwise); its status moves valid →
** suspended / revoked and suspended → valid with an effective date (not in
** the future, not before the last change) and a reason; revoked is final.
** Training has a kind, title, date (not in the future), 1–2000 hours and an
** exam result. Conflicts name an enterprise by id (the enterprise ledger is
** another module), with its credit code (GB 32100 checked) and name copied
** for display. Records are voided with a reason, never deleted. Every
** change is audited under entity "person" with the unit's region.
*/
#include <string.h>
#include "core/clock.h"
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/idcheck.h"
#include "org.h"
#include "staff.h"

/* ---- certificates ---------------------------------------------------- */

const json_field staff_cert_body[] = {
  {"number", JF_STRING, JF_REQUIRED, 1, 40, "证号", "unique"},
  {"issuer", JF_STRING, JF_REQUIRED, 1, 64, "发证机关", "e.g. 江西省人民政府"},
  {"valid_from", JF_STRING, JF_REQUIRED, 1, 10, "有效期起", "YYYY-MM-DD"},
  {"valid_to", JF_STRING, JF_REQUIRED, 1, 10, "有效期至", "YYYY-MM-DD, not before valid_from"},
  {0}
};

const json_field staff_cert_patch_body[] = {
  {"number", JF_STRING, 0, 1, 40, "证号", 0},
  {"issuer", JF_STRING, 0, 1, 64, "发证机关", 0},
  {"valid_from", JF_STRING, 0, 1, 10, "有效期起", 0},
  {"valid_to", JF_STRING, 0, 1, 10, "有效期至", 0},
  {0}
};

const json_field staff_cert_status_body[] = {
  {"status", JF_STRING, JF_REQUIRED, 1, 10, "证件状态", "valid, suspended (暂扣) or revoked (吊销)"},
  {"date", JF_STRING, JF_NULLABLE, 0, 10, "生效日期", "YYYY-MM-DD, default today; not in the future"},
  {"reason", JF_STRING, JF_REQUIRED, 1, 200, "原因", 0},
  {0}
};

int staff_cert_check(zf_db *pDb, int64_t selfId, const staff_cert_new *p, const char *zPrefix,
                     zf_error *e){
  char zField[48];
  zf_stmt *pStmt;
  int rc;
#define STAFF_F(x) (snprintf(zField, sizeof zField, "%s%s", zPrefix, x), zField)
  if( (rc = text_check(p->zNumber, 1, 40, STAFF_F("number"), "证号", e))!=0 ) return rc;
  if( (rc = text_check(p->zIssuer, 1, 64, STAFF_F("issuer"), "发证机关", e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zValidFrom, STAFF_F("valid_from"), 0, e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zValidTo, STAFF_F("valid_to"), 0, e))!=0 ) return rc;
  if( strcmp(p->zValidTo, p->zValidFrom)<0 ){
    return err_set(e, ZF_EINVAL, STAFF_F("valid_to"), "有效期至（valid_to）%s 早于有效期起（valid_from）%s",
                   p->zValidTo, p->zValidFrom);
  }
  pStmt = db_stmt(pDb, "SELECT 1 FROM certificate WHERE number=? AND id<>?");
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "si", p->zNumber, selfId);
  if( db_step(pStmt)==1 ) rc = err_set(e, ZF_ECONFLICT, STAFF_F("number"), "证号 %s 已登记", p->zNumber);
  db_reset(pStmt);
#undef STAFF_F
  return rc;
}

#define STAFF_CERT_COLS \
  "c.id, c.person_id, c.number, c.issuer, c.valid_from, c.valid_to, c.status, c.created_at, c.updated_at," \
  " CASE WHEN c.status<>'valid' THEN c.status WHEN c.valid_from>? THEN 'not_yet'" \
  "  WHEN c.valid_to<? THEN 'expired' WHEN c.valid_to<=? THEN 'expiring' ELSE 'valid' END"
#define STAFF_CERT_NAMES "id,person_id,number,issuer,valid_from,valid_to,status,created_at,updated_at,state"

/* Binds the three dates of STAFF_CERT_COLS for zDate. */
static void staff_cert_bind(zf_db *pDb, zf_stmt *pStmt, const char *zDate){
  char zSoon[11];
  calendar_days_add(zDate, staff_cert_warning_days(pDb, zDate), zSoon, 0);
  db_bind(pStmt, "sss", zDate, zDate, zSoon);
}

static json_t *staff_cert_history(zf_db *pDb, int64_t certId){
  static const char zSql[] =
    "SELECT status, effective_on, reason, at, actor FROM certificate_status WHERE certificate_id=?"
    " ORDER BY effective_on, id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  if( pStmt==0 ) return pItems;
  db_bind(pStmt, "i", certId);
  while( db_step(pStmt)==1 ) json_array_append_new(pItems, db_row_json(pStmt, "status,effective_on,reason,at,actor"));
  db_reset(pStmt);
  return pItems;
}

json_t *staff_cert_list_json(zf_db *pDb, int64_t personId, const char *zDate){
  static const char zSql[] =
    "SELECT " STAFF_CERT_COLS " FROM certificate c WHERE c.person_id=? ORDER BY c.valid_to DESC, c.id DESC";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array(), *p;
  size_t i;
  if( pStmt==0 ) return pItems;
  staff_cert_bind(pDb, pStmt, zDate);
  db_bind_int64(pStmt, 4, personId);
  while( db_step(pStmt)==1 ) json_array_append_new(pItems, db_row_json(pStmt, STAFF_CERT_NAMES));
  db_reset(pStmt);
  /* the history uses another statement: add it after the walk */
  json_array_foreach(pItems, i, p){
    json_object_set_new(p, "days_left", json_integer(calendar_days_between(zDate,
                        json_string_value(json_object_get(p, "valid_to")))));
    json_object_set_new(p, "history", staff_cert_history(pDb, json_integer_value(json_object_get(p, "id"))));
  }
  return pItems;
}

static json_t *staff_cert_json(zf_db *pDb, int64_t certId){
  static const char zSql[] = "SELECT " STAFF_CERT_COLS " FROM certificate c WHERE c.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zToday[11];
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  calendar_today(zToday);
  staff_cert_bind(pDb, pStmt, zToday);
  db_bind_int64(pStmt, 4, certId);
  if( db_step(pStmt)==1 ) p = db_row_json(pStmt, STAFF_CERT_NAMES);
  db_reset(pStmt);
  if( p ){
    json_object_set_new(p, "days_left", json_integer(calendar_days_between(zToday,
                        json_string_value(json_object_get(p, "valid_to")))));
    json_object_set_new(p, "history", staff_cert_history(pDb, certId));
  }
  return p;
}

int staff_cert_insert_tx(zf_db *pDb, const char *zActor, int64_t personId, const char *zRegion,
                         const staff_cert_new *p, int64_t *pId){
  static const char zIns[] =
    "INSERT INTO certificate(person_id, number, issuer, valid_from, valid_to, status, created_at,"
    " updated_at) VALUES(?,?,?,?,?,'valid',?,?)";
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zIns, "issssss", personId, p->zNumber, p->zIssuer, p->zValidFrom, p->zValidTo,
               zNow, zNow);
  if( rc ) return rc;
  *pId = db_last_id(pDb);
  return audit_record(pDb, zActor, "certificate.add", "person", personId, zRegion,
                   json_pack("{s:I,s:s,s:s,s:s,s:s}", "certificate_id", (json_int_t)*pId, "number",
                             p->zNumber, "issuer", p->zIssuer, "valid_from", p->zValidFrom,
                             "valid_to", p->zValidTo));
}

int staff_cert_add(zf_db *pDb, const char *zActor, int64_t personId, const staff_cert_new *p,
                   int64_t *pId, zf_error *e){
  char zRegion[16];
  int rc = staff_person_region(pDb, personId, zRegion, sizeof zRegion);
  if( rc ) return err_set(e, rc, "id", "人员不存在：%lld", (long long)personId);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( (rc = staff_cert_check(pDb, 0, p, "", e))!=0 ){ db_rollback(pDb); return rc; }
  rc = staff_cert_insert_tx(pDb, zActor, personId, zRegion, p, pId);
  return db_finish(pDb, rc, e);
}

/* Person and region of certificate certId; ZF_ENOTFOUND. */
static int staff_cert_owner(zf_db *pDb, int64_t certId, int64_t *pPerson, char *zRegion){
  static const char zSql[] =
    "SELECT c.person_id, u.region FROM certificate c JOIN person p ON p.id=c.person_id"
    " JOIN unit u ON u.id=p.unit_id WHERE c.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", certId);
  rc = db_step(pStmt);
  if( rc==1 ){
    *pPerson = db_column_int64(pStmt, 0);
    snprintf(zRegion, 16, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Checks a status change: the transition, the date, the reason. */
static int staff_cert_status_check(zf_db *pDb, int64_t certId, const char *zStatus,
                                   const char *zDate, const char *zReason, zf_error *e){
  static const char zSql[] =
    "SELECT c.status, (SELECT max(effective_on) FROM certificate_status s WHERE s.certificate_id=c.id)"
    " FROM certificate c WHERE c.id=?";
  zf_stmt *pStmt;
  char zToday[11];
  int rc;
  if( zStatus==0 || (strcmp(zStatus, "valid") && strcmp(zStatus, "suspended") && strcmp(zStatus, "revoked")) ){
    return err_set(e, ZF_EINVAL, "status", "证件状态（status）应为 valid（有效）、suspended（暂扣）或 revoked（吊销）");
  }
  if( (rc = calendar_parse_date(zDate, "date", 0, e))!=0 ) return rc;
  calendar_today(zToday);
  if( strcmp(zDate, zToday)>0 ) return err_set(e, ZF_EINVAL, "date", "生效日期（date）不能晚于今天 %s", zToday);
  if( (rc = text_check(zReason, 1, 200, "reason", "原因", e))!=0 ) return rc;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", certId);
  rc = db_step(pStmt);
  if( rc!=1 ) rc = err_set(e, ZF_ENOTFOUND, "id", "执法证不存在：%lld", (long long)certId);
  else if( strcmp(db_text(pStmt, 0), "revoked")==0 ) rc = err_set(e, ZF_ECONFLICT, "status", "已吊销的执法证不能再变更状态");
  else if( strcmp(db_text(pStmt, 0), zStatus)==0 ) rc = err_set(e, ZF_ECONFLICT, "status", "执法证已是该状态");
  else if( strcmp(db_text(pStmt, 1), zDate)>0 ){
    rc = err_set(e, ZF_EINVAL, "date", "生效日期（date）不能早于上一次状态变更的日期 %s", db_text(pStmt, 1));
  }else rc = ZF_OK;
  db_reset(pStmt);
  return rc;
}

int staff_cert_set_status(zf_db *pDb, const char *zActor, int64_t certId, const char *zStatus,
                          const char *zDate, const char *zReason, zf_error *e){
  static const char zIns[] =
    "INSERT INTO certificate_status(certificate_id, status, effective_on, reason, at, actor)"
    " VALUES(?,?,?,?,?,?)";
  static const char zUpd[] = "UPDATE certificate SET status=?, updated_at=? WHERE id=?";
  char zToday[11], zNow[24], zRegion[16];
  int64_t personId;
  int rc;
  calendar_today(zToday);
  if( zDate==0 || zDate[0]==0 ) zDate = zToday;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( (rc = staff_cert_status_check(pDb, certId, zStatus, zDate, zReason, e))!=0 ){ db_rollback(pDb); return rc; }
  if( (rc = staff_cert_owner(pDb, certId, &personId, zRegion))!=0 ){ db_rollback(pDb); return err_set(e, rc, 0, 0); }
  rc = db_exec(pDb, zIns, "isssss", certId, zStatus, zDate, zReason, zNow, zActor ? zActor : "cli");
  if( rc==ZF_OK ) rc = db_exec(pDb, zUpd, "ssi", zStatus, zNow, certId);
  if( rc==ZF_OK ){
    rc = audit_record(pDb, zActor, "certificate.status", "person", personId, zRegion,
                   json_pack("{s:I,s:s,s:s,s:s}", "certificate_id", (json_int_t)certId, "status", zStatus,
                             "effective_on", zDate, "reason", zReason));
  }
  return db_finish(pDb, rc, e);
}

json_t *staff_cert_warnings(zf_db *pDb, const char *zScopePath, const char *zDate){
  static const char zSql[] =
    "SELECT c.id, c.number, c.issuer, c.valid_from, c.valid_to,"
    " CASE WHEN c.valid_to<? THEN 'expired' ELSE 'expiring' END,"
    " p.id, p.name, p.kind, u.id, u.name FROM certificate c JOIN person p ON p.id=c.person_id"
    " JOIN unit u ON u.id=p.unit_id JOIN region g ON g.code=u.region"
    " WHERE g.path LIKE ? || '%' AND p.status='active' AND c.status='valid' AND c.valid_to<=?"
    " AND NOT EXISTS(SELECT 1 FROM certificate c2 WHERE c2.person_id=c.person_id AND c2.id<>c.id"
    "   AND c2.status='valid' AND c2.valid_to>c.valid_to)"
    " ORDER BY c.valid_to, c.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int nDays = staff_cert_warning_days(pDb, zDate);
  char zSoon[11];
  json_t *pItems = json_array();
  calendar_days_add(zDate, nDays, zSoon, 0);
  if( pStmt ){
    db_bind(pStmt, "sss", zDate, zScopePath, zSoon);
    while( db_step(pStmt)==1 ){
      json_t *p = db_row_json(pStmt, "certificate_id,number,issuer,valid_from,valid_to,state,"
                                      "person_id,person_name,person_kind,unit_id,unit_name");
      json_object_set_new(p, "days_left", json_integer(calendar_days_between(zDate, db_text(pStmt, 4))));
      json_array_append_new(pItems, p);
    }
    db_reset(pStmt);
  }
  return json_pack("{s:s,s:i,s:o}", "date", zDate, "warning_days", nDays, "items", pItems);
}

/* ---- training, qualifications, conflicts ----------------------------- */

const json_field staff_training_body[] = {
  {"kind", JF_STRING, JF_REQUIRED, 1, 16, "培训类别", "induction (入职), rotation (轮训), special (专项)"},
  {"title", JF_STRING, JF_REQUIRED, 1, 64, "培训名称", 0},
  {"held_on", JF_STRING, JF_REQUIRED, 1, 10, "培训日期", "YYYY-MM-DD"},
  {"hours", JF_INT, JF_REQUIRED, 0, 0, "学时", "1–2000"},
  {"exam", JF_STRING, JF_NULLABLE, 0, 8, "考试结果", "none, pass or fail"},
  {"score", JF_INT, JF_NULLABLE, 0, 0, "考试成绩", "0–100"},
  {"organiser", JF_STRING, JF_NULLABLE, 0, 64, "组织单位", 0},
  {0}
};

const json_field staff_qual_body[] = {
  {"name", JF_STRING, JF_REQUIRED, 1, 64, "资格名称", "e.g. 注册安全工程师"},
  {"number", JF_STRING, JF_NULLABLE, 0, 40, "证书编号", 0},
  {"obtained_on", JF_STRING, JF_NULLABLE, 0, 10, "取得日期", "YYYY-MM-DD"},
  {"related", JF_BOOL, 0, 0, 0, "应急管理相关", "counts toward the professional flag (default true)"},
  {0}
};

const json_field staff_conflict_body[] = {
  {"enterprise_id", JF_INT, JF_REQUIRED, 0, 0, "企业", "enterprise id"},
  {"enterprise_uscc", JF_STRING, JF_NULLABLE, 0, 18, "统一社会信用代码", "for display; GB 32100 checked"},
  {"enterprise_name", JF_STRING, JF_REQUIRED, 1, 100, "企业名称", "for display"},
  {"reason", JF_STRING, JF_REQUIRED, 1, 200, "回避原因", "e.g. 近亲属在该企业任职"},
  {"valid_from", JF_STRING, JF_REQUIRED, 1, 10, "起始日期", "YYYY-MM-DD"},
  {"valid_to", JF_STRING, JF_NULLABLE, 0, 10, "截止日期", "YYYY-MM-DD; null: open"},
  {0}
};

const json_field staff_void_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 1, 200, "作废原因", 0},
  {0}
};

static int staff_training_check(const staff_training_new *p, zf_error *e){
  char zToday[11];
  int rc;
  if( p->zKind==0 || (strcmp(p->zKind, "induction") && strcmp(p->zKind, "rotation") && strcmp(p->zKind, "special")) ){
    return err_set(e, ZF_EINVAL, "kind", "培训类别（kind）应为 induction（入职）、rotation（轮训）或 special（专项）");
  }
  if( (rc = text_check(p->zTitle, 1, 64, "title", "培训名称", e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zHeldOn, "held_on", 0, e))!=0 ) return rc;
  calendar_today(zToday);
  if( strcmp(p->zHeldOn, zToday)>0 ) return err_set(e, ZF_EINVAL, "held_on", "培训日期（held_on）不能晚于今天");
  if( p->hours<1 || p->hours>2000 ) return err_set(e, ZF_EINVAL, "hours", "学时（hours）应在 1 到 2000 之间");
  if( p->zExam && strcmp(p->zExam, "none") && strcmp(p->zExam, "pass") && strcmp(p->zExam, "fail") ){
    return err_set(e, ZF_EINVAL, "exam", "考试结果（exam）应为 none（未考试）、pass（合格）或 fail（不合格）");
  }
  if( p->score>100 || p->score<-1 ) return err_set(e, ZF_EINVAL, "score", "考试成绩（score）应在 0 到 100 之间");
  if( p->score>=0 && (p->zExam==0 || strcmp(p->zExam, "none")==0) ){
    return err_set(e, ZF_EINVAL, "score", "未考试（exam=none）时不能填写成绩");
  }
  return p->zOrganiser ? text_check(p->zOrganiser, 0, 64, "organiser", "组织单位", e) : ZF_OK;
}

int staff_training_add(zf_db *pDb, const char *zActor, int64_t personId,
                       const staff_training_new *p, int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO training(person_id, kind, title, held_on, hours, exam, score, organiser, created_by,"
    " created_at) VALUES(?,?,?,?,?,?,?,?,?,?)";
  char zRegion[16], zNow[24];
  int rc = staff_person_region(pDb, personId, zRegion, sizeof zRegion);
  if( rc ) return err_set(e, rc, "id", "人员不存在：%lld", (long long)personId);
  if( (rc = staff_training_check(p, e))!=0 ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( p->score>=0 ){
    rc = db_exec(pDb, zIns, "isssdsdsss", personId, p->zKind, p->zTitle, p->zHeldOn, p->hours,
                 p->zExam ? p->zExam : "none", p->score, p->zOrganiser ? p->zOrganiser : "",
                 zActor ? zActor : "cli", zNow);
  }else{
    rc = db_exec(pDb, zIns, "isssdsnsss", personId, p->zKind, p->zTitle, p->zHeldOn, p->hours,
                 p->zExam ? p->zExam : "none", p->zOrganiser ? p->zOrganiser : "",
                 zActor ? zActor : "cli", zNow);
  }
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = audit_record(pDb, zActor, "training.add", "person", personId, zRegion,
                   json_pack("{s:I,s:s,s:s,s:s,s:i,s:s}", "training_id", (json_int_t)*pId, "kind", p->zKind,
                             "title", p->zTitle, "held_on", p->zHeldOn, "hours", p->hours,
                             "exam", p->zExam ? p->zExam : "none"));
  }
  return db_finish(pDb, rc, e);
}

int staff_qual_add(zf_db *pDb, const char *zActor, int64_t personId, const staff_qual_new *p,
                   int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO qualification(person_id, name, number, obtained_on, related, created_by, created_at)"
    " VALUES(?,?,?,?,?,?,?)";
  char zRegion[16], zNow[24];
  int rc = staff_person_region(pDb, personId, zRegion, sizeof zRegion);
  if( rc ) return err_set(e, rc, "id", "人员不存在：%lld", (long long)personId);
  if( (rc = text_check(p->zName, 1, 64, "name", "资格名称", e))!=0 ) return rc;
  if( p->zNumber && (rc = text_check(p->zNumber, 0, 40, "number", "证书编号", e))!=0 ) return rc;
  if( p->zObtainedOn && (rc = calendar_parse_date(p->zObtainedOn, "obtained_on", 0, e))!=0 ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zIns, "isssdss", personId, p->zName, p->zNumber ? p->zNumber : "", p->zObtainedOn,
               p->related ? 1 : 0, zActor ? zActor : "cli", zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = audit_record(pDb, zActor, "qualification.add", "person", personId, zRegion,
                   json_pack("{s:I,s:s,s:b}", "qualification_id", (json_int_t)*pId, "name", p->zName,
                             "related", p->related));
  }
  return db_finish(pDb, rc, e);
}

static int staff_conflict_check(zf_db *pDb, int64_t personId, const staff_conflict_new *p, zf_error *e){
  static const char zDup[] =
    "SELECT valid_from FROM conflict WHERE person_id=? AND enterprise_id=? AND voided_at IS NULL"
    " AND valid_from<=COALESCE(?, '9999-12-31') AND ?<=COALESCE(valid_to, '9999-12-31') LIMIT 1";
  zf_stmt *pStmt;
  int rc;
  if( p->enterpriseId<=0 ) return err_set(e, ZF_EINVAL, "enterprise_id", "企业编号（enterprise_id）应为正整数");
  if( p->zUscc && (rc = idcheck_uscc(p->zUscc, "enterprise_uscc", e))!=0 ) return rc;
  if( (rc = text_check(p->zName, 1, 100, "enterprise_name", "企业名称", e))!=0 ) return rc;
  if( (rc = text_check(p->zReason, 1, 200, "reason", "回避原因", e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zValidFrom, "valid_from", 0, e))!=0 ) return rc;
  if( p->zValidTo && (rc = calendar_parse_date(p->zValidTo, "valid_to", 0, e))!=0 ) return rc;
  if( p->zValidTo && strcmp(p->zValidTo, p->zValidFrom)<0 ){
    return err_set(e, ZF_EINVAL, "valid_to", "截止日期（valid_to）%s 早于起始日期（valid_from）%s",
                   p->zValidTo, p->zValidFrom);
  }
  if( (pStmt = db_stmt(pDb, zDup))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "iiss", personId, p->enterpriseId, p->zValidTo, p->zValidFrom);
  if( db_step(pStmt)==1 ){
    rc = err_set(e, ZF_ECONFLICT, "enterprise_id", "已登记该人员与%s的利害关系（%s 起）", p->zName, db_text(pStmt, 0));
  }
  db_reset(pStmt);
  return rc;
}

int staff_conflict_add(zf_db *pDb, const char *zActor, int64_t personId,
                       const staff_conflict_new *p, int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO conflict(person_id, enterprise_id, enterprise_uscc, enterprise_name, reason,"
    " valid_from, valid_to, created_by, created_at) VALUES(?,?,?,?,?,?,?,?,?)";
  char zRegion[16], zNow[24];
  int rc = staff_person_region(pDb, personId, zRegion, sizeof zRegion);
  if( rc ) return err_set(e, rc, "id", "人员不存在：%lld", (long long)personId);
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  if( (rc = staff_conflict_check(pDb, personId, p, e))!=0 ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zIns, "iisssssss", personId, p->enterpriseId, p->zUscc ? p->zUscc : "", p->zName,
               p->zReason, p->zValidFrom, p->zValidTo, zActor ? zActor : "cli", zNow);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = audit_record(pDb, zActor, "conflict.add", "person", personId, zRegion,
                   json_pack("{s:I,s:I,s:s,s:s,s:s}", "conflict_id", (json_int_t)*pId, "enterprise_id",
                             (json_int_t)p->enterpriseId, "enterprise_name", p->zName, "reason", p->zReason,
                             "valid_from", p->zValidFrom));
  }
  return db_finish(pDb, rc, e);
}

/* The tables staff_record_void() accepts and their statements (static
** texts: db_stmt() caches by the text's address). -1 when unknown. */
static const struct { const char *zTable, *zPerson, *zVoid, *zAction; } staff_void_tables[] = {
  {"training", "SELECT person_id FROM training WHERE id=?",
   "UPDATE training SET voided_at=?, void_reason=? WHERE id=? AND voided_at IS NULL", "training.void"},
  {"qualification", "SELECT person_id FROM qualification WHERE id=?",
   "UPDATE qualification SET voided_at=?, void_reason=? WHERE id=? AND voided_at IS NULL", "qualification.void"},
  {"conflict", "SELECT person_id FROM conflict WHERE id=?",
   "UPDATE conflict SET voided_at=?, void_reason=? WHERE id=? AND voided_at IS NULL", "conflict.void"},
};

static int staff_void_table(const char *zTable){
  int i;
  for(i=0; i<3; i++) if( strcmp(staff_void_tables[i].zTable, zTable)==0 ) return i;
  return -1;
}

/* Person of record id in zTable (one of the three); ZF_ENOTFOUND. */
static int staff_record_person(zf_db *pDb, const char *zTable, int64_t id, int64_t *pPerson){
  int t = staff_void_table(zTable), rc;
  zf_stmt *pStmt;
  if( t<0 || (pStmt = db_stmt(pDb, staff_void_tables[t].zPerson))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) *pPerson = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int staff_record_void(zf_db *pDb, const char *zActor, const char *zTable, int64_t id,
                      const char *zReason, zf_error *e){
  char zRegion[16], zNow[24];
  int64_t personId;
  int t = staff_void_table(zTable), rc;
  if( t<0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( (rc = text_check(zReason, 1, 200, "reason", "作废原因", e))!=0 ) return rc;
  if( staff_record_person(pDb, zTable, id, &personId)!=ZF_OK ) return err_set(e, ZF_ENOTFOUND, "id", "记录不存在：%lld", (long long)id);
  if( (rc = staff_person_region(pDb, personId, zRegion, sizeof zRegion))!=0 ) return err_set(e, rc, 0, 0);
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, staff_void_tables[t].zVoid, "ssi", zNow, zReason, id);
  if( rc==ZF_OK && db_changes(pDb)==0 ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, 0, "该记录已作废");
  }
  if( rc==ZF_OK ){
    rc = audit_record(pDb, zActor, staff_void_tables[t].zAction, "person", personId, zRegion,
                   json_pack("{s:I,s:s}", "id", (json_int_t)id, "reason", zReason));
  }
  return db_finish(pDb, rc, e);
}

/* Rows of one record table for a person, newest first. */
static json_t *staff_record_list(zf_db *pDb, const char *zSql, const char *zNames, int64_t personId){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pItems = json_array();
  if( pStmt==0 ) return pItems;
  db_bind(pStmt, "i", personId);
  while( db_step(pStmt)==1 ) json_array_append_new(pItems, db_row_json(pStmt, zNames));
  db_reset(pStmt);
  return pItems;
}

json_t *staff_training_list_json(zf_db *pDb, int64_t personId){
  static const char zSql[] =
    "SELECT id, kind, title, held_on, hours, exam, score, organiser, created_by, created_at, voided_at,"
    " void_reason FROM training WHERE person_id=? ORDER BY held_on DESC, id DESC";
  return staff_record_list(pDb, zSql, "id,kind,title,held_on,hours,exam,score,organiser,created_by,"
                           "created_at,voided_at,void_reason", personId);
}

json_t *staff_qual_list_json(zf_db *pDb, int64_t personId){
  static const char zSql[] =
    "SELECT id, name, number, obtained_on, related, created_by, created_at, voided_at, void_reason"
    " FROM qualification WHERE person_id=? ORDER BY id DESC";
  return staff_record_list(pDb, zSql, "id,name,number,obtained_on,?related,created_by,created_at,"
                           "voided_at,void_reason", personId);
}

json_t *staff_conflict_list_json(zf_db *pDb, int64_t personId){
  static const char zSql[] =
    "SELECT id, enterprise_id, enterprise_uscc, enterprise_name, reason, valid_from, valid_to,"
    " created_by, created_at, voided_at, void_reason FROM conflict WHERE person_id=? ORDER BY id DESC";
  return staff_record_list(pDb, zSql, "id,enterprise_id,enterprise_uscc,enterprise_name,reason,"
                           "valid_from,valid_to,created_by,created_at,voided_at,void_reason", personId);
}

/* ---- HTTP ------------------------------------------------------------ */

/* A certificate or record {id} whose person lies in the caller's scope. */
static int staff_owned_or_reply(zf_req *r, const char *zTable, int64_t *pId, int64_t *pPerson){
  char zRegion[16];
  int rc = http_path_id(r, "id", pId);
  if( rc ) return rc;
  rc = strcmp(zTable, "certificate")==0 ? staff_cert_owner(r->pDb, *pId, pPerson, zRegion)
     : staff_record_person(r->pDb, zTable, *pId, pPerson);
  if( rc==ZF_OK && strcmp(zTable, "certificate")!=0 ) rc = staff_person_region(r->pDb, *pPerson, zRegion, sizeof zRegion);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, "id", "记录不存在：%lld", (long long)*pId);
  if( rc ) return rc;
  if( !auth_in_scope(r->pDb, &r->who, zRegion) ) return http_fail(r, ZF_ESCOPE, "id", "该记录不在您的管辖范围内");
  return ZF_OK;
}

/* ROUTE: POST /api/v1/staff/{id}/certificates — adds a certificate;
** 201 with the CERTIFICATE. */
int staff_cert_add_handler(zf_req *r){
  staff_cert_new c;
  char zRegion[16];
  int64_t personId, certId;
  int rc = staff_lookup_or_reply(r, "id", &personId, zRegion, sizeof zRegion);
  if( rc ) return rc;
  c.zNumber = json_str(r->pBody, "number");
  c.zIssuer = json_str(r->pBody, "issuer");
  c.zValidFrom = json_str(r->pBody, "valid_from");
  c.zValidTo = json_str(r->pBody, "valid_to");
  rc = staff_cert_add(r->pDb, r->who.zUsername, personId, &c, &certId, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, staff_cert_json(r->pDb, certId));
}

/*
** ROUTE: PATCH /api/v1/certificates/{id}
** Corrects number, issuer or dates of a certificate (data-entry errors;
** renewals are new certificates). The merged record is checked whole.
*/
int staff_cert_patch_handler(zf_req *r){
  static const char *const azKey[] = {"number", "issuer", "valid_from", "valid_to", 0};
  static const char *const azSql[] = {
    "UPDATE certificate SET number=?, updated_at=? WHERE id=?",
    "UPDATE certificate SET issuer=?, updated_at=? WHERE id=?",
    "UPDATE certificate SET valid_from=?, updated_at=? WHERE id=?",
    "UPDATE certificate SET valid_to=?, updated_at=? WHERE id=?", 0
  };
  json_t *pOld, *pBefore, *pAfter;
  staff_cert_new c;
  char azVal[4][80], zRegion[16], zNow[24];
  int64_t certId, personId;
  int i, rc = staff_owned_or_reply(r, "certificate", &certId, &personId);
  if( rc ) return rc;
  clock_now_iso(zNow);
  staff_person_region(r->pDb, personId, zRegion, sizeof zRegion);
  if( (rc = db_begin(r->pDb))!=0 ) return rc;
  /* the merged record is read and checked under the write lock */
  if( (pOld = staff_cert_json(r->pDb, certId))==0 ){ db_rollback(r->pDb); return ZF_EINTERNAL; }
  for(i=0; azKey[i]; i++){
    snprintf(azVal[i], sizeof azVal[i], "%s", json_str(r->pBody, azKey[i]) ? json_str(r->pBody, azKey[i])
             : json_string_value(json_object_get(pOld, azKey[i])));
  }
  c.zNumber = azVal[0]; c.zIssuer = azVal[1]; c.zValidFrom = azVal[2]; c.zValidTo = azVal[3];
  if( (rc = staff_cert_check(r->pDb, certId, &c, "", &r->err))!=0 ){
    db_rollback(r->pDb);
    json_decref(pOld);
    return rc;
  }
  pBefore = json_object();
  pAfter = json_object();
  for(i=0; rc==ZF_OK && azKey[i]; i++){
    if( json_str(r->pBody, azKey[i])==0 ) continue;
    rc = db_exec(r->pDb, azSql[i], "ssi", azVal[i], zNow, certId);
    json_object_set(pBefore, azKey[i], json_object_get(pOld, azKey[i]));
    json_object_set_new(pAfter, azKey[i], json_string(azVal[i]));
  }
  if( rc==ZF_OK ){
    rc = audit_record(r->pDb, r->who.zUsername, "certificate.update", "person", personId, zRegion,
                   json_pack("{s:I,s:O,s:O}", "certificate_id", (json_int_t)certId, "before", pBefore, "after", pAfter));
  }
  json_decref(pOld); json_decref(pBefore); json_decref(pAfter);
  if( (rc = db_finish(r->pDb, rc, &r->err))!=0 ) return rc;
  return http_reply(r, 200, staff_cert_json(r->pDb, certId));
}

/* ROUTE: POST /api/v1/certificates/{id}/status — suspends (暂扣), revokes
** (吊销) or reinstates a certificate from a date with a reason. */
int staff_cert_status_handler(zf_req *r){
  int64_t certId, personId;
  int rc = staff_owned_or_reply(r, "certificate", &certId, &personId);
  if( rc ) return rc;
  rc = staff_cert_set_status(r->pDb, r->who.zUsername, certId, json_str(r->pBody, "status"),
                             json_str(r->pBody, "date"), json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, staff_cert_json(r->pDb, certId));
}

/* ROUTE: GET /api/v1/certificates/warnings?date= — certificates expiring
** within the warning period or expired, inside the caller's scope. */
int staff_cert_warnings_handler(zf_req *r){
  const char *zDate = http_query(r, "date");
  char zToday[11];
  if( zDate && zDate[0] && calendar_parse_date(zDate, "date", 0, &r->err) ) return ZF_EINVAL;
  calendar_today(zToday);
  return http_reply(r, 200, staff_cert_warnings(r->pDb, r->who.zScopePath, zDate && zDate[0] ? zDate : zToday));
}

/* Optional string: NULL when absent, null or "". */
static const char *staff_ropt(json_t *pBody, const char *zKey){
  const char *z = json_str(pBody, zKey);
  return z && z[0] ? z : 0;
}

/* Optional query parameter: NULL when absent or empty. */
static const char *staff_ropt0(zf_req *r, const char *zName){
  const char *z = http_query(r, zName);
  return z && z[0] ? z : 0;
}

/* ROUTE: POST /api/v1/staff/{id}/trainings — adds a training record; 201
** with the person's trainings. */
int staff_training_add_handler(zf_req *r){
  staff_training_new t;
  char zRegion[16];
  long long hours, score;
  int64_t personId, id;
  int rc = staff_lookup_or_reply(r, "id", &personId, zRegion, sizeof zRegion);
  if( rc ) return rc;
  t.zKind = json_str(r->pBody, "kind");
  t.zTitle = json_str(r->pBody, "title");
  t.zHeldOn = json_str(r->pBody, "held_on");
  hours = json_int(r->pBody, "hours", 0);
  score = json_int(r->pBody, "score", -1);
  t.hours = hours<1 ? 0 : hours>2000 ? 2001 : (int)hours;           /* out of range: refused below */
  t.score = json_is_integer(json_object_get(r->pBody, "score")) ? (score<0 || score>100 ? 101 : (int)score) : -1;
  t.zExam = staff_ropt(r->pBody, "exam");
  t.zOrganiser = staff_ropt(r->pBody, "organiser");
  rc = staff_training_add(r->pDb, r->who.zUsername, personId, &t, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:o}", "id", (json_int_t)id, "items", staff_training_list_json(r->pDb, personId)));
}

/* ROUTE: POST /api/v1/staff/{id}/qualifications — adds a qualification;
** 201 with the person's qualifications. */
int staff_qual_add_handler(zf_req *r){
  staff_qual_new q;
  json_t *pRel = json_object_get(r->pBody, "related");
  char zRegion[16];
  int64_t personId, id;
  int rc = staff_lookup_or_reply(r, "id", &personId, zRegion, sizeof zRegion);
  if( rc ) return rc;
  q.zName = json_str(r->pBody, "name");
  q.zNumber = staff_ropt(r->pBody, "number");
  q.zObtainedOn = staff_ropt(r->pBody, "obtained_on");
  q.related = pRel ? json_is_true(pRel) : 1;
  rc = staff_qual_add(r->pDb, r->who.zUsername, personId, &q, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:o}", "id", (json_int_t)id, "items", staff_qual_list_json(r->pDb, personId)));
}

/* ROUTE: POST /api/v1/staff/{id}/conflicts — records a conflict of
** interest with an enterprise; 201 with the person's conflicts. */
int staff_conflict_add_handler(zf_req *r){
  staff_conflict_new c;
  char zRegion[16];
  int64_t personId, id;
  int rc = staff_lookup_or_reply(r, "id", &personId, zRegion, sizeof zRegion);
  if( rc ) return rc;
  c.enterpriseId = json_int(r->pBody, "enterprise_id", 0);
  c.zUscc = staff_ropt(r->pBody, "enterprise_uscc");
  c.zName = json_str(r->pBody, "enterprise_name");
  c.zReason = json_str(r->pBody, "reason");
  c.zValidFrom = json_str(r->pBody, "valid_from");
  c.zValidTo = staff_ropt(r->pBody, "valid_to");
  rc = staff_conflict_add(r->pDb, r->who.zUsername, personId, &c, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, json_pack("{s:I,s:o}", "id", (json_int_t)id, "items", staff_conflict_list_json(r->pDb, personId)));
}

/* The three void routes: the record's person must be in scope. */
static int staff_void_reply(zf_req *r, const char *zTable){
  int64_t id, personId;
  int rc = staff_owned_or_reply(r, zTable, &id, &personId);
  if( rc ) return rc;
  rc = staff_record_void(r->pDb, r->who.zUsername, zTable, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, json_pack("{s:I,s:I,s:b}", "id", (json_int_t)id, "person_id", (json_int_t)personId,
                                      "voided", 1));
}

/* ROUTE: POST /api/v1/trainings/{id}/void */
int staff_training_void_handler(zf_req *r){ return staff_void_reply(r, "training"); }
/* ROUTE: POST /api/v1/qualifications/{id}/void */
int staff_qual_void_handler(zf_req *r){ return staff_void_reply(r, "qualification"); }
/* ROUTE: POST /api/v1/conflicts/{id}/void */
int staff_conflict_void_handler(zf_req *r){ return staff_void_reply(r, "conflict"); }

/*
** ROUTE: GET /api/v1/experts?field=&q=&status=
** The expert pool inside the caller's scope: in-service experts by
** default (?status=left for former ones), by field and name / organisation
** fragment; phones masked unless the caller holds staff.admin. Also the
** distinct fields in scope, for the filter.
*/
int staff_expert_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT p.id, p.name, x.field, x.title, x.organisation, p.phone, x.contact, p.status, u.name, p.account_id"
    " FROM person p JOIN expert x ON x.person_id=p.id JOIN unit u ON u.id=p.unit_id"
    " JOIN region g ON g.code=u.region WHERE p.kind='expert' AND g.path LIKE ? || '%' AND p.status=?"
    " AND (? IS NULL OR x.field=?) AND (? IS NULL OR p.name LIKE ? ESCAPE '\\' OR x.organisation LIKE ? ESCAPE '\\')"
    " AND p.id>? ORDER BY p.id LIMIT ?";
  static const char zFields[] =
    "SELECT DISTINCT x.field FROM person p JOIN expert x ON x.person_id=p.id JOIN unit u ON u.id=p.unit_id"
    " JOIN region g ON g.code=u.region WHERE p.kind='expert' AND g.path LIKE ? || '%' ORDER BY x.field";
  const char *zField = staff_ropt0(r, "field"), *zQ = staff_ropt0(r, "q"), *zStatus = http_query(r, "status");
  int full = auth_allows(r->who.roles, PERM_STAFF_ADMIN), limit, n = 0, rc;
  json_t *pItems, *pFields = json_array();
  zf_stmt *pStmt;
  char zLike[200], zMasked[32];
  int64_t cursor, last = 0;
  if( (rc = http_page(r, &limit, &cursor))!=0 ){ json_decref(pFields); return rc; }
  if( zStatus && strcmp(zStatus, "active") && strcmp(zStatus, "left") ){
    json_decref(pFields);
    return http_fail(r, ZF_EINVAL, "status", "参数 status 应为 active 或 left");
  }
  if( zQ ) text_like(zQ, zLike, sizeof zLike);
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ){ json_decref(pFields); return ZF_EINTERNAL; }
  db_bind(pStmt, "sssssssii", r->who.zScopePath, zStatus ? zStatus : "active", zField, zField,
          zQ ? zLike : 0, zLike, zLike, cursor, (int64_t)limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 && n<limit ){
    json_t *p = db_row_json(pStmt, "id,name,field,title,organisation,phone,contact,status,unit_name");
    if( !full && db_column_type(pStmt, 5)!=DB_NULL && db_column_int64(pStmt, 9)!=r->who.accountId ){
      staff_mask_phone(db_text(pStmt, 5), zMasked, sizeof zMasked);
      json_object_set_new(p, "phone", json_string(zMasked));
    }
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, p);
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); json_decref(pFields); return -rc; }
  if( (pStmt = db_stmt(r->pDb, zFields))!=0 ){
    db_bind(pStmt, "s", r->who.zScopePath);
    while( db_step(pStmt)==1 ) json_array_append_new(pFields, json_string(db_text(pStmt, 0)));
    db_reset(pStmt);
  }
  return http_reply(r, 200, json_pack("{s:o,s:o,s:o}", "items", pItems, "fields", pFields, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}
