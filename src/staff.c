/*
** staff.c — persons of the enforcement service, masking of their personal
** data, THE eligibility rule (staff_may_enforce), the professional flag and
** ratio, and their HTTP handlers. Certificates, training, qualifications,
** conflicts and experts are in staff_record.c. Plan clauses 7, 8, 9, 10.
**
** Rules: a person belongs to an active unit inside the actor's scope; has a
** kind (officer 执法人员 / assistant 安监员 / legal 法制审核 / leader 领导 /
** expert 专家), a name, an identity number valid under GB 11643 and unique,
** an optional phone, an optional link to one login account inside the
** actor's scope, a status (active 在岗 / left 离岗, with date and reason).
** Experts carry a field (专业领域). Nothing is deleted; every change is
** audited under entity "person" with the unit's region, so the audit view
** of one person is their whole history.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "account.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/idcheck.h"
#include "org.h"
#include "rules.h"
#include "core/log.h"
#include "staff.h"

/* ---- legal parameters ---------------------------------------------- */

/*
** A legal parameter from the rule set in force on zDate (src/rules.c). The
** default is used only when the database predates the key or the date
** predates every rule set, and that is logged.
*/
long long staff_rule(zf_db *pDb, const char *zKey, const char *zDate, long long dflt){
  int64_t v;
  zf_error e = {0};
  if( rules_int(pDb, zKey, zDate, &v, &e)==ZF_OK ) return v;
  log_warn("rule %s on %s unavailable (%s): using the default %lld", zKey, zDate, e.message, dflt);
  return dflt;
}

int staff_cert_warning_days(zf_db *pDb, const char *zDate){
  return (int)staff_rule(pDb, "cert.expiry_warning_days", zDate, 60);
}

int staff_professional_ratio_percent(zf_db *pDb, const char *zDate){
  return (int)staff_rule(pDb, "staff.professional_ratio_percent", zDate, 75);
}

int staff_professional_practice_years(zf_db *pDb, const char *zDate){
  return (int)staff_rule(pDb, "staff.professional_practice_years", zDate, 3);
}

/* zOut = zDate moved back n whole years (29 Feb → 28 Feb). */
static void staff_years_before(const char *zDate, int n, char zOut[11]){
  int y = atoi(zDate) - n;
  if( y<0 || y>9999 ) y = 0;
  snprintf(zOut, 5, "%04d", y);
  memcpy(zOut + 4, zDate + 4, 6);
  zOut[10] = 0;
  if( strcmp(zOut + 5, "02-29")==0 && !((y%4==0 && y%100!=0) || y%400==0) ) zOut[9] = '8';
}

/* Whole years from zFrom to zTo (both YYYY-MM-DD), never negative. */
static int staff_years_between(const char *zFrom, const char *zTo){
  int n = atoi(zTo) - atoi(zFrom);
  if( strcmp(zTo + 5, zFrom + 5)<0 ) n--;
  return n<0 ? 0 : n;
}

/* ---- vocabulary ---------------------------------------------------- */

static const struct { const char *zKey, *zName; } staff_kinds[] = {
  {"officer", "执法人员"}, {"assistant", "安监员"}, {"legal", "法制审核"},
  {"leader", "领导"}, {"expert", "专家"}, {0, 0}
};

static const char *staff_kind_name(const char *zKind){
  int i;
  for(i=0; zKind && staff_kinds[i].zKey; i++) if( strcmp(staff_kinds[i].zKey, zKind)==0 ) return staff_kinds[i].zName;
  return 0;
}

static int staff_education_ok(const char *z){
  static const char *const az[] = {"doctor", "master", "bachelor", "college", "secondary", "other", 0};
  int i;
  for(i=0; az[i]; i++) if( strcmp(az[i], z)==0 ) return 1;
  return 0;
}

void staff_mask_phone(const char *zPhone, char *zOut, size_t n){
  size_t len = strlen(zPhone), i;
  if( n==0 ) return;
  for(i=0; i<len && i+1<n; i++) zOut[i] = (i<3 || i+4>=len || len<8) ? zPhone[i] : '*';
  zOut[i] = 0;
}

/* ---- the PERSON row ------------------------------------------------ */

/* Parameters: day, soon (day + warning days), cutoff (day − practice
** years). cert_state is that of the certificate that decides: one valid on
** the day (latest valid_to) or else the latest one; current status. */
#define STAFF_FROM \
  " FROM (SELECT ? AS day, ? AS soon, ? AS cutoff) d CROSS JOIN person p" \
  " JOIN unit u ON u.id=p.unit_id JOIN region g ON g.code=u.region" \
  " LEFT JOIN account a ON a.id=p.account_id LEFT JOIN expert x ON x.person_id=p.id" \
  " LEFT JOIN certificate bc ON bc.id=COALESCE((SELECT c.id FROM certificate c WHERE c.person_id=p.id" \
  "   AND c.status='valid' AND c.valid_from<=d.day AND c.valid_to>=d.day ORDER BY c.valid_to DESC, c.id DESC" \
  "   LIMIT 1), (SELECT c.id FROM certificate c WHERE c.person_id=p.id ORDER BY c.valid_to DESC, c.id DESC LIMIT 1))"
#define STAFF_COLS \
  "SELECT p.id AS id, p.unit_id AS unit_id, u.name AS unit_name, u.kind AS unit_kind," \
  " u.region AS region, g.name AS region_name, p.kind AS kind, p.name AS name," \
  " p.id_number AS id_number, p.phone AS phone, p.position AS position, p.account_id AS account_id," \
  " a.username AS username, p.status AS status, p.left_on AS left_on, p.left_reason AS left_reason," \
  " p.education AS education, p.major AS major, p.education_related AS education_related," \
  " p.practice_since AS practice_since, p.created_at AS created_at, p.updated_at AS updated_at," \
  " CASE WHEN bc.id IS NULL THEN 'none' WHEN bc.status<>'valid' THEN bc.status" \
  "  WHEN bc.valid_from>d.day THEN 'not_yet' WHEN bc.valid_to<d.day THEN 'expired'" \
  "  WHEN bc.valid_to<=d.soon THEN 'expiring' ELSE 'valid' END AS cert_state," \
  " bc.number AS cert_number, bc.valid_to AS cert_valid_to," \
  " CASE WHEN p.education_related=1 OR p.practice_since<=d.cutoff OR EXISTS(SELECT 1 FROM qualification q" \
  "  WHERE q.person_id=p.id AND q.related=1 AND q.voided_at IS NULL) THEN 1 ELSE 0 END AS professional," \
  " CASE WHEN (p.status='active' OR p.left_on>d.day) AND (p.kind='officer' OR (p.kind IN ('leader','legal')" \
  "  AND EXISTS(SELECT 1 FROM certificate c WHERE c.person_id=p.id AND c.status='valid'" \
  "  AND c.valid_from<=d.day AND c.valid_to>=d.day))) THEN 1 ELSE 0 END AS enforcement_staff," \
  " x.field AS expert_field, x.title AS expert_title, x.organisation AS organisation," \
  " x.contact AS contact, g.path AS scope_path, u.parent_id AS unit_parent," \
  " (SELECT up.parent_id FROM unit up WHERE up.id=u.parent_id) AS unit_grandparent"
#define STAFF_NAMES \
  "id,unit_id,unit_name,unit_kind,region,region_name,kind,name,id_number,phone,position," \
  "account_id,username,status,left_on,left_reason,education,major,?education_related," \
  "practice_since,created_at,updated_at,cert_state,cert_number,cert_valid_to,?professional," \
  "?enforcement_staff,expert_field,expert_title,organisation,contact"

/* Binds day, soon and cutoff for zDate as parameters 1–3. */
static void staff_bind_day(zf_db *pDb, zf_stmt *pStmt, const char *zDate){
  char zSoon[11], zCutoff[11];
  calendar_days_add(zDate, staff_cert_warning_days(pDb, zDate), zSoon, 0);
  staff_years_before(zDate, staff_professional_practice_years(pDb, zDate), zCutoff);
  db_bind(pStmt, "sss", zDate, zSoon, zCutoff);
}

/* Shapes one row: masks unless full, adds names, account, expert. */
static json_t *staff_row(zf_stmt *pStmt, const char *zDate, int full){
  json_t *p = db_row_json(pStmt, STAFF_NAMES);
  const char *zId = json_string_value(json_object_get(p, "id_number"));
  const char *zPhone = json_string_value(json_object_get(p, "phone"));
  const char *zSince = json_string_value(json_object_get(p, "practice_since"));
  const char *zKind = json_string_value(json_object_get(p, "kind"));
  char zBuf[40];
  json_object_set_new(p, "kind_name", json_string(staff_kind_name(zKind) ? staff_kind_name(zKind) : ""));
  zBuf[0] = 0;
  if( org_unit_kind_name(json_string_value(json_object_get(p, "unit_kind"))) ){
    snprintf(zBuf, sizeof zBuf, "%s", org_unit_kind_name(json_string_value(json_object_get(p, "unit_kind"))));
  }
  json_object_set_new(p, "unit_kind_name", json_string(zBuf));
  json_object_set_new(p, "gender", json_string(zId && strlen(zId)==18 ? ((zId[16]-'0')%2 ? "男" : "女") : ""));
  if( !full && zId ){
    idcheck_mask(zId, zBuf, sizeof zBuf);
    json_object_set_new(p, "id_number", json_string(zBuf));
  }
  if( !full && zPhone ){
    staff_mask_phone(zPhone, zBuf, sizeof zBuf);
    json_object_set_new(p, "phone", json_string(zBuf));
  }
  json_object_set_new(p, "masked", json_boolean(!full));
  json_object_set_new(p, "practice_years", zSince ? json_integer(staff_years_between(zSince, zDate)) : json_null());
  if( json_is_null(json_object_get(p, "account_id")) ){
    json_object_set_new(p, "account", json_null());
  }else{
    json_object_set_new(p, "account", json_pack("{s:O,s:O}", "id", json_object_get(p, "account_id"),
                        "username", json_object_get(p, "username")));
  }
  json_object_del(p, "username");
  if( strcmp(zKind ? zKind : "", "expert")!=0 ){
    json_object_del(p, "expert_field"); json_object_del(p, "expert_title");
    json_object_del(p, "organisation"); json_object_del(p, "contact");
  }
  return p;
}

json_t *staff_person_json(zf_db *pDb, int64_t personId, const char *zDate, int full){
  static const char zSql[] = STAFF_COLS STAFF_FROM " WHERE p.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  staff_bind_day(pDb, pStmt, zDate);
  db_bind_int64(pStmt, 4, personId);
  if( db_step(pStmt)==1 ) p = staff_row(pStmt, zDate, full);
  db_reset(pStmt);
  return p;
}

int staff_person_region(zf_db *pDb, int64_t personId, char *zRegion, size_t n){
  static const char zSql[] = "SELECT u.region FROM person p JOIN unit u ON u.id=p.unit_id WHERE p.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", personId);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zRegion, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

int staff_person_of_account(zf_db *pDb, int64_t accountId, int64_t *pPersonId){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM person WHERE account_id=?");
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", accountId);
  rc = db_step(pStmt);
  if( rc==1 ) *pPersonId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* ---- checks shared by create and patch ----------------------------- */

/* The unit must exist, be active and lie in the actor's scope. */
static int staff_unit_check(zf_db *pDb, const zf_who *pActor, int64_t unitId, char *zRegion,
                            zf_error *e){
  static const char zSql[] = "SELECT region, status, name FROM unit WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", unitId);
  rc = db_step(pStmt);
  if( rc!=1 ){
    rc = err_set(e, ZF_EINVAL, "unit_id", "所属单位不存在：%lld", (long long)unitId);
  }else if( strcmp(db_text(pStmt, 1), "active")!=0 ){
    rc = err_set(e, ZF_EINVAL, "unit_id", "所属单位“%s”已撤销", db_text(pStmt, 2));
  }else{
    snprintf(zRegion, 16, "%s", db_text(pStmt, 0));
    rc = ZF_OK;
    if( pActor && !auth_in_scope(pDb, pActor, zRegion) ){
      rc = err_set(e, ZF_ESCOPE, "unit_id", "单位“%s”不在您的管辖范围内", db_text(pStmt, 2));
    }
  }
  db_reset(pStmt);
  return rc;
}

/* GB 11643 and uniqueness (selfId: the person being changed, 0 = new).
** zOut gets the number with a capital X. */
static int staff_id_check(zf_db *pDb, int64_t selfId, const char *zId, char zOut[20], zf_error *e){
  zf_stmt *pStmt;
  int rc = idcheck_idcard(zId, "id_number", e);
  if( rc ) return rc;
  snprintf(zOut, 20, "%s", zId);
  if( zOut[17]=='x' ) zOut[17] = 'X';
  pStmt = db_stmt(pDb, "SELECT id FROM person WHERE id_number=? AND id<>?");
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "si", zOut, selfId);
  if( db_step(pStmt)==1 ) rc = err_set(e, ZF_ECONFLICT, "id_number", "该身份证号码已登记在其他人员名下");
  db_reset(pStmt);
  return rc;
}

/* The login account to link: exists, in the actor's scope, not linked to
** another person. *pAccount gets its id. */
static int staff_account_check(zf_db *pDb, const zf_who *pActor, int64_t selfId,
                               const char *zUsername, int64_t *pAccount, zf_error *e){
  static const char zSql[] =
    "SELECT a.scope, (SELECT p.name FROM person p WHERE p.account_id=a.id AND p.id<>?)"
    " FROM account a WHERE a.id=?";
  zf_stmt *pStmt;
  int rc;
  if( account_find(pDb, zUsername, pAccount)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "username", "登录账号不存在：%.32s", zUsername);
  }
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ii", selfId, *pAccount);
  rc = db_step(pStmt)==1 ? ZF_OK : ZF_EINTERNAL;
  if( rc==ZF_OK && pActor && !auth_in_scope(pDb, pActor, db_text(pStmt, 0)) ){
    rc = err_set(e, ZF_ESCOPE, "username", "账号 %.32s 不在您的管辖范围内", zUsername);
  }else if( rc==ZF_OK && db_column_type(pStmt, 1)!=DB_NULL ){
    rc = err_set(e, ZF_ECONFLICT, "username", "账号 %.32s 已关联人员“%s”", zUsername, db_text(pStmt, 1));
  }
  db_reset(pStmt);
  return rc;
}

/* Background fields: education key, major, practice start (not future). */
static int staff_background_check(const char *zEducation, const char *zMajor, const char *zSince,
                                  zf_error *e){
  char zToday[11];
  int rc = ZF_OK;
  if( zEducation && zEducation[0] && !staff_education_ok(zEducation) ){
    return err_set(e, ZF_EINVAL, "education", "学历“%.20s”无效：应为 doctor、master、bachelor、college、"
                   "secondary 或 other", zEducation);
  }
  if( zMajor ) rc = text_check(zMajor, 0, 64, "major", "专业", e);
  if( rc==ZF_OK && zSince ){
    rc = calendar_parse_date(zSince, "practice_since", 0, e);
    calendar_today(zToday);
    if( rc==ZF_OK && strcmp(zSince, zToday)>0 ){
      rc = err_set(e, ZF_EINVAL, "practice_since", "从业起始日期（practice_since）不能晚于今天");
    }
  }
  return rc;
}

/* Expert fields: required field for experts, refused for other kinds. */
static int staff_expert_check(const char *zKind, const char *zField, const char *zTitle,
                              const char *zOrg, const char *zContact, int haveRow, zf_error *e){
  int isExpert = zKind && strcmp(zKind, "expert")==0, rc = ZF_OK;
  if( !isExpert ){
    if( zField || zTitle || zOrg || zContact ){
      return err_set(e, ZF_EINVAL, zField ? "expert_field" : zTitle ? "expert_title"
                     : zOrg ? "organisation" : "contact", "专业领域、职称、工作单位和联系方式仅适用于专家");
    }
    return ZF_OK;
  }
  if( zField==0 && !haveRow ) return err_set(e, ZF_EMISSING, "expert_field", "专家须填写专业领域（expert_field）");
  if( zField ) rc = text_check(zField, 1, 32, "expert_field", "专业领域", e);
  if( rc==ZF_OK && zTitle ) rc = text_check(zTitle, 0, 32, "expert_title", "职称", e);
  if( rc==ZF_OK && zOrg ) rc = text_check(zOrg, 0, 64, "organisation", "工作单位", e);
  if( rc==ZF_OK && zContact ) rc = text_check(zContact, 0, 64, "contact", "联系方式", e);
  return rc;
}

/* Every check of a new person; fills zRegion, zId, *pAccount. */
static int staff_person_check(zf_db *pDb, const zf_who *pActor, const staff_person_new *p,
                              char *zRegion, char *zId, int64_t *pAccount, zf_error *e){
  int rc;
  *pAccount = 0;
  if( p->unitId<=0 ) return err_set(e, ZF_EMISSING, "unit_id", "请选择所属单位（unit_id）");
  if( (rc = staff_unit_check(pDb, pActor, p->unitId, zRegion, e))!=0 ) return rc;
  if( staff_kind_name(p->zKind)==0 ){
    return err_set(e, ZF_EINVAL, "kind", "人员类别“%.20s”无效：应为 officer（执法人员）、assistant（安监员）、"
                   "legal（法制审核）、leader（领导）或 expert（专家）", p->zKind ? p->zKind : "");
  }
  if( (rc = text_check(p->zName, 1, 32, "name", "姓名", e))!=0 ) return rc;
  if( (rc = staff_id_check(pDb, 0, p->zIdNumber, zId, e))!=0 ) return rc;
  if( p->zPhone && (rc = text_phone_check(p->zPhone, "phone", e))!=0 ) return rc;
  if( p->zPosition && (rc = text_check(p->zPosition, 0, 32, "position", "职务", e))!=0 ) return rc;
  if( p->zUsername && (rc = staff_account_check(pDb, pActor, 0, p->zUsername, pAccount, e))!=0 ) return rc;
  if( (rc = staff_background_check(p->zEducation, p->zMajor, p->zPracticeSince, e))!=0 ) return rc;
  rc = staff_expert_check(p->zKind, p->zExpertField, p->zExpertTitle, p->zOrganisation,
                          p->zContact, 0, e);
  if( rc==ZF_OK && p->pCert ) rc = staff_cert_check(pDb, 0, p->pCert, "certificate.", e);
  return rc;
}

int staff_person_create(zf_db *pDb, const zf_who *pActor, const staff_person_new *p,
                        int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO person(unit_id, kind, name, id_number, phone, position, education,"
    " major, education_related, practice_since, created_at, updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
  static const char zExpert[] =
    "INSERT INTO expert(person_id, field, title, organisation, contact) VALUES(?,?,?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zRegion[16], zId[20], zNow[24], zToday[11];
  int64_t accountId, certId;
  int rc;
  clock_now_iso(zNow);
  calendar_today(zToday);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  /* checked under the write lock, so uniqueness holds against concurrent writers */
  rc = staff_person_check(pDb, pActor, p, zRegion, zId, &accountId, e);
  if( rc ){ db_rollback(pDb); return rc; }
  rc = db_exec(pDb, zIns, "isssssssdsss", p->unitId, p->zKind, p->zName, zId, p->zPhone,
               p->zPosition ? p->zPosition : "", p->zEducation ? p->zEducation : "",
               p->zMajor ? p->zMajor : "", p->educationRelated ? 1 : 0, p->zPracticeSince, zNow, zNow);
  if( rc==ZF_OK ) *pId = db_last_id(pDb);
  if( rc==ZF_OK && accountId ){
    rc = db_exec(pDb, "UPDATE person SET account_id=? WHERE id=?", "ii", accountId, *pId);
  }
  if( rc==ZF_OK && strcmp(p->zKind, "expert")==0 ){
    rc = db_exec(pDb, zExpert, "issss", *pId, p->zExpertField, p->zExpertTitle ? p->zExpertTitle : "",
                 p->zOrganisation ? p->zOrganisation : "", p->zContact ? p->zContact : "");
  }
  if( rc==ZF_OK ){
    rc = audit_record(pDb, zActor, "person.create", "person", *pId, zRegion,
                   staff_person_json(pDb, *pId, zToday, 0));
  }
  if( rc==ZF_OK && p->pCert ) rc = staff_cert_insert_tx(pDb, zActor, *pId, zRegion, p->pCert, &certId);
  return db_finish(pDb, rc, e);
}

/* ---- eligibility --------------------------------------------------- */

typedef struct staff_check_ctx {
  json_t *pReasons;           /* NULL: stop at the first reason */
  zf_error *e;
  int n;                      /* reasons so far */
} staff_check_ctx;

/* Records one reason; returns 1 when the check should stop. */
static int staff_reason(staff_check_ctx *c, const char *zCode, const char *zFmt, ...)
  __attribute__((format(printf, 3, 4)));
static int staff_reason(staff_check_ctx *c, const char *zCode, const char *zFmt, ...){
  char zMsg[256];
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(zMsg, sizeof zMsg, zFmt, ap);
  va_end(ap);
  if( c->n++==0 ) err_set(c->e, ZF_EPROCEDURE, 0, "%s", zMsg);
  if( c->pReasons ) json_array_append_new(c->pReasons, json_pack("{s:s,s:s}", "code", zCode, "message", zMsg));
  return c->pReasons==0;
}

/* The certificate part: one certificate valid on zDate (dates and status
** on that date), else the most telling reason. */
static int staff_check_cert(zf_db *pDb, int64_t personId, const char *zName, const char *zDate,
                            staff_check_ctx *c){
  static const char zSql[] =
    "SELECT c.number, c.valid_from, c.valid_to,"
    " COALESCE((SELECT s.status FROM certificate_status s WHERE s.certificate_id=c.id AND s.effective_on<=?"
    "   ORDER BY s.effective_on DESC, s.id DESC LIMIT 1), 'valid'),"
    " (SELECT s.effective_on || '|' || s.reason FROM certificate_status s WHERE s.certificate_id=c.id"
    "   AND s.effective_on<=? ORDER BY s.effective_on DESC, s.id DESC LIMIT 1)"
    " FROM certificate c WHERE c.person_id=? ORDER BY c.valid_to DESC, c.id DESC";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zBlocked[320] = "", zBlockedCode[24] = "", zNotYet[200] = "", zExpired[200] = "";
  int nCert = 0, ok = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ssi", zDate, zDate, personId);
  while( !ok && db_step(pStmt)==1 ){
    const char *zNo = db_text(pStmt, 0), *zFrom = db_text(pStmt, 1), *zTo = db_text(pStmt, 2);
    const char *zStatus = db_text(pStmt, 3), *zWhy = db_text(pStmt, 4);
    int inDates = strcmp(zFrom, zDate)<=0 && strcmp(zDate, zTo)<=0;
    nCert++;
    if( inDates && strcmp(zStatus, "valid")==0 ){ ok = 1; break; }
    if( inDates && zBlocked[0]==0 ){
      const char *zBar = strchr(zWhy, '|');
      snprintf(zBlockedCode, sizeof zBlockedCode, "certificate_%s", zStatus);
      snprintf(zBlocked, sizeof zBlocked, "%s的执法证（证号 %s）已于 %.10s 被%s（原因：%s），不得从事执法活动",
               zName, zNo, zWhy, strcmp(zStatus, "revoked")==0 ? "吊销" : "暂扣", zBar ? zBar+1 : "");
    }else if( strcmp(zFrom, zDate)>0 && zNotYet[0]==0 ){
      snprintf(zNotYet, sizeof zNotYet, "%s的执法证（证号 %s）自 %s 起生效，%s 尚未生效", zName, zNo, zFrom, zDate);
    }else if( strcmp(zTo, zDate)<0 && zExpired[0]==0 ){
      snprintf(zExpired, sizeof zExpired, "%s的执法证（证号 %s）已于 %s 到期失效，%s 不得从事执法活动",
               zName, zNo, zTo, zDate);
    }
  }
  db_reset(pStmt);
  if( ok ) return 0;
  if( nCert==0 ) return staff_reason(c, "no_certificate", "%s未取得执法证，没有取得执法资格证的不得从事执法活动", zName);
  if( zBlocked[0] ) return staff_reason(c, zBlockedCode, "%s", zBlocked);
  if( zNotYet[0] ) return staff_reason(c, "certificate_not_yet_valid", "%s", zNotYet);
  return staff_reason(c, "certificate_expired", "%s", zExpired);
}

/* A conflict of interest with the enterprise in force on zDate. */
static int staff_check_conflict(zf_db *pDb, int64_t personId, const char *zName, const char *zDate,
                                int64_t enterpriseId, staff_check_ctx *c){
  static const char zSql[] =
    "SELECT enterprise_name, enterprise_uscc, reason FROM conflict WHERE person_id=? AND enterprise_id=?"
    " AND voided_at IS NULL AND valid_from<=? AND (valid_to IS NULL OR ?<=valid_to) ORDER BY id LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int stop = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "iiss", personId, enterpriseId, zDate, zDate);
  if( db_step(pStmt)==1 ){
    stop = staff_reason(c, "conflict", "%s与%s%s%s%s存在利害关系（%s），应当回避", zName, db_text(pStmt, 0),
                        db_text(pStmt, 1)[0] ? "（" : "", db_text(pStmt, 1), db_text(pStmt, 1)[0] ? "）" : "",
                        db_text(pStmt, 2));
  }
  db_reset(pStmt);
  return stop;
}

/* Runs every check in the documented order. */
static int staff_check(zf_db *pDb, int64_t personId, const char *zDate, const char *zItem,
                       int64_t enterpriseId, staff_check_ctx *c){
  static const char zSql[] =
    "SELECT p.name, p.kind, p.status, p.left_on, p.unit_id, u.kind FROM person p"
    " JOIN unit u ON u.id=p.unit_id WHERE p.id=?";
  zf_stmt *pStmt;
  char zName[100], zKind[16], zStatus[16], zLeft[11], zUnitKind[24];
  int64_t unitId;
  int rc;
  zf_error e2 = {0};
  if( (rc = calendar_parse_date(zDate, "date", 0, c->e))!=0 ) return rc;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", personId);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zName, sizeof zName, "%s", db_text(pStmt, 0));
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 1));
    snprintf(zStatus, sizeof zStatus, "%s", db_text(pStmt, 2));
    snprintf(zLeft, sizeof zLeft, "%s", db_text(pStmt, 3));
    unitId = db_column_int64(pStmt, 4);
    snprintf(zUnitKind, sizeof zUnitKind, "%s", db_text(pStmt, 5));
  }
  db_reset(pStmt);
  if( rc!=1 ) return err_set(c->e, ZF_ENOTFOUND, "id", "人员不存在：%lld", (long long)personId);
  if( strcmp(zStatus, "left")==0 && (zLeft[0]==0 || strcmp(zLeft, zDate)<=0)
   && staff_reason(c, "not_in_service", "%s已于 %s 离岗，不得从事执法活动", zName, zLeft[0] ? zLeft : "此前") ) return ZF_OK;
  if( strcmp(zKind, "assistant")==0 && staff_reason(c, "assistant",
        "%s是安监员（技术检查员），只能在持证执法人员带领下协助执法，不能检查、调查取证或签署执法文书", zName) ) return ZF_OK;
  if( strcmp(zKind, "expert")==0 && staff_reason(c, "expert",
        "%s是专家，只能就检查提供专业意见，不能作为执法人员检查、调查取证或签署执法文书", zName) ) return ZF_OK;
  if( staff_check_cert(pDb, personId, zName, zDate, c) ) return ZF_OK;
  if( enterpriseId>0 && staff_check_conflict(pDb, personId, zName, zDate, enterpriseId, c) ) return ZF_OK;
  if( strcmp(zUnitKind, "street")==0 ){
    rc = org_street_may(pDb, unitId, 0, zItem, zDate, &e2);
    if( rc==ZF_EPROCEDURE && staff_reason(c, "not_granted", "%s", e2.message) ) return ZF_OK;
    if( rc && rc!=ZF_EPROCEDURE ){ *c->e = e2; return rc; }
  }
  return ZF_OK;
}

int staff_may_enforce(zf_db *pDb, int64_t personId, const char *zDate, const char *zItemCode,
                      int64_t enterpriseId, zf_error *e){
  staff_check_ctx c = {0, e, 0};
  int rc = staff_check(pDb, personId, zDate, zItemCode, enterpriseId, &c);
  if( rc ) return rc;
  return c.n ? ZF_EPROCEDURE : ZF_OK;
}

int staff_eligibility(zf_db *pDb, int64_t personId, const char *zDate, const char *zItemCode,
                      int64_t enterpriseId, json_t **ppReasons, zf_error *e){
  zf_error eFirst = {0};
  staff_check_ctx c = {json_array(), &eFirst, 0};
  int rc = staff_check(pDb, personId, zDate, zItemCode, enterpriseId, &c);
  if( rc ){
    json_decref(c.pReasons);
    *ppReasons = 0;
    if( e ) *e = eFirst;
    return rc;
  }
  *ppReasons = c.pReasons;
  return ZF_OK;
}

/* ---- professional flag and ratio ----------------------------------- */

int staff_is_professional(zf_db *pDb, int64_t personId, const char *zDate, json_t **ppBasis){
  static const char zPerson[] = "SELECT education_related, major, practice_since FROM person WHERE id=?";
  static const char zQual[] =
    "SELECT name FROM qualification WHERE person_id=? AND related=1 AND voided_at IS NULL ORDER BY id";
  zf_stmt *pStmt = db_stmt(pDb, zPerson);
  json_t *pBasis;
  int nYears = staff_professional_practice_years(pDb, zDate), found;
  char zDetail[160];
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "i", personId);
  found = db_step(pStmt)==1;
  if( !found ){ db_reset(pStmt); return -1; }
  pBasis = json_array();
  if( db_column_int(pStmt, 0) ){
    snprintf(zDetail, sizeof zDetail, "应急管理相关学历%s%s", db_text(pStmt, 1)[0] ? "：" : "", db_text(pStmt, 1));
    json_array_append_new(pBasis, json_pack("{s:s,s:s}", "basis", "education", "detail", zDetail));
  }
  if( db_column_type(pStmt, 2)!=DB_NULL ){
    int n = staff_years_between(db_text(pStmt, 2), zDate);
    if( n>=nYears ){
      snprintf(zDetail, sizeof zDetail, "从业 %d 年（不少于 %d 年）", n, nYears);
      json_array_append_new(pBasis, json_pack("{s:s,s:s}", "basis", "practice", "detail", zDetail));
    }
  }
  db_reset(pStmt);
  if( (pStmt = db_stmt(pDb, zQual))!=0 ){
    db_bind(pStmt, "i", personId);
    while( db_step(pStmt)==1 ){
      snprintf(zDetail, sizeof zDetail, "职业资格：%s", db_text(pStmt, 0));
      json_array_append_new(pBasis, json_pack("{s:s,s:s}", "basis", "qualification", "detail", zDetail));
    }
    db_reset(pStmt);
  }
  found = json_array_size(pBasis)>0;
  if( ppBasis ) *ppBasis = pBasis; else json_decref(pBasis);
  return found;
}

/* One {"counted","professional","percent","meets_target"} object. */
static json_t *staff_ratio_json(int64_t nCounted, int64_t nProf, int target){
  json_t *p = json_pack("{s:I,s:I}", "counted", (json_int_t)nCounted, "professional", (json_int_t)nProf);
  json_object_set_new(p, "percent", nCounted ? json_real((double)(nProf*1000/nCounted)/10.0) : json_null());
  json_object_set_new(p, "meets_target", json_boolean(nCounted>0 && nProf*100>=(int64_t)target*nCounted));
  return p;
}

json_t *staff_ratio_report(zf_db *pDb, const char *zScopePath, const char *zDate){
  static const char zSql[] =
    "SELECT s.unit_id, s.unit_name, s.unit_kind, count(*), sum(s.professional) FROM ("
    STAFF_COLS STAFF_FROM ") s WHERE s.scope_path LIKE ? || '%' AND s.enforcement_staff=1"
    " GROUP BY s.unit_id, s.unit_name, s.unit_kind ORDER BY s.unit_id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int target = staff_professional_ratio_percent(pDb, zDate);
  json_t *pUnits = json_array();
  int64_t nAll = 0, nProf = 0;
  if( pStmt ){
    staff_bind_day(pDb, pStmt, zDate);
    db_bind_text(pStmt, 4, zScopePath, -1, DB_TRANSIENT);
    while( db_step(pStmt)==1 ){
      json_t *p = staff_ratio_json(db_column_int64(pStmt, 3), db_column_int64(pStmt, 4), target);
      json_object_set_new(p, "unit_id", json_integer(db_column_int64(pStmt, 0)));
      json_object_set_new(p, "unit_name", json_string(db_text(pStmt, 1)));
      json_object_set_new(p, "unit_kind", json_string(db_text(pStmt, 2)));
      json_array_append_new(pUnits, p);
      nAll += db_column_int64(pStmt, 3);
      nProf += db_column_int64(pStmt, 4);
    }
    db_reset(pStmt);
  }
  return json_pack("{s:s,s:i,s:i,s:o,s:o}", "date", zDate, "target_percent", target,
                   "practice_years", staff_professional_practice_years(pDb, zDate),
                   "units", pUnits, "total", staff_ratio_json(nAll, nProf, target));
}

/* ---- HTTP ---------------------------------------------------------- */

#define STAFF_PERSON_FIELDS \
  {"phone", JF_STRING, JF_NULLABLE, 0, 20, "电话", 0}, \
  {"position", JF_STRING, JF_NULLABLE, 0, 32, "职务", 0}, \
  {"username", JF_STRING, JF_NULLABLE, 0, 32, "登录账号", "username of the account to link; null unlinks"}, \
  {"education", JF_STRING, JF_NULLABLE, 0, 16, "学历", "doctor master bachelor college secondary other"}, \
  {"major", JF_STRING, JF_NULLABLE, 0, 64, "专业", 0}, \
  {"education_related", JF_BOOL, 0, 0, 0, "应急管理相关学历", 0}, \
  {"practice_since", JF_STRING, JF_NULLABLE, 0, 10, "从业起始日期", "YYYY-MM-DD"}, \
  {"expert_field", JF_STRING, JF_NULLABLE, 0, 32, "专业领域", "experts only: 危化, 粉尘防爆, 机械, 电气 …"}, \
  {"expert_title", JF_STRING, JF_NULLABLE, 0, 32, "职称", "experts only"}, \
  {"organisation", JF_STRING, JF_NULLABLE, 0, 64, "工作单位", "experts only"}, \
  {"contact", JF_STRING, JF_NULLABLE, 0, 64, "其他联系方式", "experts only"}

const json_field staff_create_body[] = {
  {"unit_id", JF_INT, JF_REQUIRED, 0, 0, "所属单位", "unit id"},
  {"kind", JF_STRING, JF_REQUIRED, 1, 16, "人员类别", "officer assistant legal leader expert"},
  {"name", JF_STRING, JF_REQUIRED, 1, 32, "姓名", 0},
  {"id_number", JF_STRING, JF_REQUIRED, 1, 32, "身份证号码", "GB 11643, 18 characters"},
  STAFF_PERSON_FIELDS,
  {"certificate", JF_OBJECT, JF_NULLABLE, 0, 0, "执法证", "optional first certificate {number, issuer, valid_from, valid_to}"},
  {0}
};

const json_field staff_patch_body[] = {
  {"unit_id", JF_INT, 0, 0, 0, "所属单位", 0},
  {"kind", JF_STRING, 0, 1, 16, "人员类别", 0},
  {"name", JF_STRING, 0, 1, 32, "姓名", 0},
  {"id_number", JF_STRING, 0, 1, 32, "身份证号码", 0},
  STAFF_PERSON_FIELDS,
  {"status", JF_STRING, 0, 1, 10, "在岗状态", "active (在岗) or left (离岗)"},
  {"left_on", JF_STRING, JF_NULLABLE, 0, 10, "离岗日期", "YYYY-MM-DD, default today"},
  {"left_reason", JF_STRING, JF_NULLABLE, 0, 200, "离岗原因", "required when status becomes left"},
  {0}
};

/* Optional string field: NULL when absent, null or "". */
static const char *staff_opt(json_t *pBody, const char *zKey){
  const char *z = json_str(pBody, zKey);
  return z && z[0] ? z : 0;
}

/* Whole identity numbers and phones: staff.admin holders and the person. */
static int staff_full(zf_req *r, int64_t accountId){
  return auth_allows(r->who.roles, PERM_STAFF_ADMIN) || (accountId && accountId==r->who.accountId);
}

int staff_lookup_or_reply(zf_req *r, const char *zParam, int64_t *pId, char *zRegion, size_t n){
  int rc = http_path_id(r, zParam, pId);
  if( rc ) return rc;
  rc = staff_person_region(r->pDb, *pId, zRegion, n);
  if( rc==ZF_ENOTFOUND ) return http_fail(r, rc, zParam, "人员不存在：%lld", (long long)*pId);
  if( rc ) return rc;
  if( !auth_in_scope(r->pDb, &r->who, zRegion) ) return http_fail(r, ZF_ESCOPE, zParam, "该人员不在您的管辖范围内");
  return ZF_OK;
}

/* The person as the caller may see it (masked unless staff_full). */
static json_t *staff_visible_json(zf_req *r, int64_t id, const char *zDate){
  json_t *p = staff_person_json(r->pDb, id, zDate, 1);
  if( p && !staff_full(r, json_integer_value(json_object_get(p, "account_id"))) ){
    json_decref(p);
    p = staff_person_json(r->pDb, id, zDate, 0);
  }
  return p;
}

/* ?date= or today into zDate; a 400 naming date when malformed. */
static int staff_query_date(zf_req *r, char zDate[11]){
  const char *z = http_query(r, "date");
  if( z==0 || z[0]==0 ){ calendar_today(zDate); return ZF_OK; }
  if( calendar_parse_date(z, "date", 0, &r->err) ) return ZF_EINVAL;
  snprintf(zDate, 11, "%s", z);
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/staff
** Persons inside the caller's scope (by their unit's region), by id.
** Filters: ?unit= (that unit and the units below it), ?kind=, ?status=
** active|left, ?cert=valid|expiring|expired|not_yet|suspended|revoked|none
** (on today), ?professional=true|false, ?q= (name or unit fragment).
*/
int staff_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT * FROM (" STAFF_COLS STAFF_FROM ") s WHERE s.scope_path LIKE ? || '%'"
    " AND (? IS NULL OR s.unit_id=? OR s.unit_parent=? OR s.unit_grandparent=?)"
    " AND (? IS NULL OR s.kind=?) AND (? IS NULL OR s.status=?) AND (? IS NULL OR s.cert_state=?)"
    " AND (? IS NULL OR s.professional=?)"
    " AND (? IS NULL OR s.name LIKE ? ESCAPE '\\' OR s.unit_name LIKE ? ESCAPE '\\')"
    " AND s.id>? ORDER BY s.id LIMIT ?";
  static const char *const azCert[] = {"valid","expiring","expired","not_yet","suspended","revoked","none",0};
  const char *zKind = http_query(r, "kind"), *zStatus = http_query(r, "status");
  const char *zCert = http_query(r, "cert"), *zQ = http_query(r, "q"), *zProf = http_query(r, "professional");
  char zLike[200], zToday[11];
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc, i, prof = -1;
  int64_t cursor, last = 0, unit;
  if( (rc = http_page(r, &limit, &cursor))!=0 || (rc = http_query_id(r, "unit", &unit))!=0 ) return rc;
  if( zKind && staff_kind_name(zKind)==0 ) return http_fail(r, ZF_EINVAL, "kind", "未知人员类别：%.20s", zKind);
  if( zStatus && strcmp(zStatus, "active") && strcmp(zStatus, "left") ){
    return http_fail(r, ZF_EINVAL, "status", "参数 status 应为 active 或 left");
  }
  for(i=0; zCert && azCert[i] && strcmp(azCert[i], zCert); i++){}
  if( zCert && azCert[i]==0 ) return http_fail(r, ZF_EINVAL, "cert", "参数 cert 无效：%.20s", zCert);
  if( zProf ){
    if( strcmp(zProf, "true")==0 ) prof = 1; else if( strcmp(zProf, "false")==0 ) prof = 0;
    else return http_fail(r, ZF_EINVAL, "professional", "参数 professional 应为 true 或 false");
  }
  if( zQ && zQ[0]==0 ) zQ = 0;
  if( zQ ) text_like(zQ, zLike, sizeof zLike);
  calendar_today(zToday);
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  staff_bind_day(r->pDb, pStmt, zToday);
  db_bind_text(pStmt, 4, r->who.zScopePath, -1, DB_TRANSIENT);
  if( unit ) for(i=5; i<=8; i++) db_bind_int64(pStmt, i, unit);
  if( zKind ){ db_bind_text(pStmt, 9, zKind, -1, DB_TRANSIENT); db_bind_text(pStmt, 10, zKind, -1, DB_TRANSIENT); }
  if( zStatus ){ db_bind_text(pStmt, 11, zStatus, -1, DB_TRANSIENT); db_bind_text(pStmt, 12, zStatus, -1, DB_TRANSIENT); }
  if( zCert ){ db_bind_text(pStmt, 13, zCert, -1, DB_TRANSIENT); db_bind_text(pStmt, 14, zCert, -1, DB_TRANSIENT); }
  if( prof>=0 ){ db_bind_int(pStmt, 15, prof); db_bind_int(pStmt, 16, prof); }
  if( zQ ) for(i=17; i<=19; i++) db_bind_text(pStmt, i, zLike, -1, DB_TRANSIENT);
  db_bind_int64(pStmt, 20, cursor);
  db_bind_int(pStmt, 21, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 && n<limit ){
    int64_t acct = db_column_int64(pStmt, 11);
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, staff_row(pStmt, zToday, staff_full(r, acct)));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

/* Reads the optional "certificate" object of a create body into *pCert;
** its problems are named "certificate.<field>". Returns 1 when present. */
static int staff_body_cert(zf_req *r, staff_cert_new *pCert, int *pRc){
  json_t *p = json_object_get(r->pBody, "certificate");
  *pRc = ZF_OK;
  if( p==0 || json_is_null(p) ) return 0;
  *pRc = json_check(p, staff_cert_body, &r->err);
  if( *pRc ){
    char zField[64];
    snprintf(zField, sizeof zField, "certificate.%.40s", r->err.field);
    snprintf(r->err.field, sizeof r->err.field, "%s", zField);
    return 0;
  }
  pCert->zNumber = json_str(p, "number");
  pCert->zIssuer = json_str(p, "issuer");
  pCert->zValidFrom = json_str(p, "valid_from");
  pCert->zValidTo = json_str(p, "valid_to");
  return 1;
}

/*
** ROUTE: POST /api/v1/staff
** Creates a person in a unit inside the caller's scope, with an optional
** first certificate, all or nothing; 201 with the PERSON.
*/
int staff_create_handler(zf_req *r){
  staff_person_new np;
  staff_cert_new cert;
  char zToday[11];
  int64_t id;
  int rc;
  memset(&np, 0, sizeof np);
  np.unitId = json_int(r->pBody, "unit_id", 0);
  np.zKind = json_str(r->pBody, "kind");
  np.zName = json_str(r->pBody, "name");
  np.zIdNumber = json_str(r->pBody, "id_number");
  np.zPhone = staff_opt(r->pBody, "phone");
  np.zPosition = staff_opt(r->pBody, "position");
  np.zUsername = staff_opt(r->pBody, "username");
  np.zEducation = staff_opt(r->pBody, "education");
  np.zMajor = staff_opt(r->pBody, "major");
  np.educationRelated = json_is_true(json_object_get(r->pBody, "education_related"));
  np.zPracticeSince = staff_opt(r->pBody, "practice_since");
  np.zExpertField = staff_opt(r->pBody, "expert_field");
  np.zExpertTitle = staff_opt(r->pBody, "expert_title");
  np.zOrganisation = staff_opt(r->pBody, "organisation");
  np.zContact = staff_opt(r->pBody, "contact");
  if( staff_body_cert(r, &cert, &rc) ) np.pCert = &cert;
  if( rc ) return rc;
  rc = staff_person_create(r->pDb, &r->who, &np, &id, &r->err);
  if( rc ) return rc;
  calendar_today(zToday);
  return http_reply(r, 201, staff_visible_json(r, id, zToday));
}

/*
** ROUTE: GET /api/v1/staff/{id}
** The PERSON with certificates, training, qualifications, conflicts, the
** professional basis, and today's general eligibility (no item, no
** enterprise).
*/
int staff_get_handler(zf_req *r){
  char zRegion[16], zToday[11];
  json_t *p, *pBasis = 0, *pReasons = 0;
  int64_t id;
  int rc = staff_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  calendar_today(zToday);
  p = staff_visible_json(r, id, zToday);
  if( p==0 ) return ZF_EINTERNAL;
  staff_is_professional(r->pDb, id, zToday, &pBasis);
  json_object_set_new(p, "professional_basis", pBasis ? pBasis : json_array());
  json_object_set_new(p, "certificates", staff_cert_list_json(r->pDb, id, zToday));
  json_object_set_new(p, "trainings", staff_training_list_json(r->pDb, id));
  json_object_set_new(p, "qualifications", staff_qual_list_json(r->pDb, id));
  json_object_set_new(p, "conflicts", staff_conflict_list_json(r->pDb, id));
  if( staff_eligibility(r->pDb, id, zToday, 0, 0, &pReasons, 0)==ZF_OK ){
    json_object_set_new(p, "eligibility", json_pack("{s:s,s:b,s:o}", "date", zToday, "eligible",
                        json_array_size(pReasons)==0, "reasons", pReasons));
  }
  return http_reply(r, 200, p);
}

/*
** ROUTE: GET /api/v1/staff/{id}/eligibility?date=&item=&enterprise=
** staff_may_enforce over HTTP, with every reason:
** {"person_id","name","date","item","enterprise_id","eligible","reasons":[{"code","message"}]}
*/
int staff_eligibility_handler(zf_req *r){
  const char *zItem = http_query(r, "item");
  char zRegion[16], zDate[11], zName[100] = "";
  json_t *pReasons = 0, *pP;
  int64_t id, enterprise;
  int rc = staff_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc==ZF_OK ) rc = staff_query_date(r, zDate);
  if( rc==ZF_OK ) rc = http_query_id(r, "enterprise", &enterprise);
  if( rc ) return rc;
  if( zItem && zItem[0]==0 ) zItem = 0;
  rc = staff_eligibility(r->pDb, id, zDate, zItem, enterprise, &pReasons, &r->err);
  if( rc ) return rc;
  if( (pP = staff_person_json(r->pDb, id, zDate, 0))!=0 ){
    snprintf(zName, sizeof zName, "%s", json_string_value(json_object_get(pP, "name")));
    json_decref(pP);
  }
  return http_reply(r, 200, json_pack("{s:I,s:s,s:s,s:o,s:o,s:b,s:o}", "person_id", (json_int_t)id,
    "name", zName, "date", zDate, "item", zItem ? json_string(zItem) : json_null(),
    "enterprise_id", enterprise ? json_integer(enterprise) : json_null(),
    "eligible", json_array_size(pReasons)==0, "reasons", pReasons));
}

/* ROUTE: GET /api/v1/professional-ratio?date= — the professional ratio
** per unit and in total inside the caller's scope (staff_ratio_report). */
int staff_ratio_handler(zf_req *r){
  char zDate[11];
  int rc = staff_query_date(r, zDate);
  if( rc ) return rc;
  return http_reply(r, 200, staff_ratio_report(r->pDb, r->who.zScopePath, zDate));
}

/* Checks the status part of a PATCH: left needs a reason; left_on and
** left_reason only with left. Fills zLeftOn (default today). */
static int staff_patch_status_check(zf_req *r, const char *zOldStatus, char zLeftOn[11]){
  const char *zStatus = json_str(r->pBody, "status");
  const char *zOn = staff_opt(r->pBody, "left_on"), *zWhy = staff_opt(r->pBody, "left_reason");
  const char *zNew = zStatus ? zStatus : zOldStatus;
  int rc;
  calendar_today(zLeftOn);
  if( zStatus && strcmp(zStatus, "active") && strcmp(zStatus, "left") ){
    return http_fail(r, ZF_EINVAL, "status", "在岗状态（status）应为 active（在岗）或 left（离岗）");
  }
  if( strcmp(zNew, "left")!=0 && (zOn || zWhy) ){
    return http_fail(r, ZF_EINVAL, zOn ? "left_on" : "left_reason", "只有离岗（status=left）时才填写离岗日期和原因");
  }
  if( zStatus && strcmp(zStatus, "left")==0 && strcmp(zOldStatus, "left")!=0 && zWhy==0 ){
    return http_fail(r, ZF_EMISSING, "left_reason", "离岗须填写原因（left_reason）");
  }
  if( zWhy && (rc = text_check(zWhy, 1, 200, "left_reason", "离岗原因", &r->err))!=0 ) return rc;
  if( zOn ){
    if( (rc = calendar_parse_date(zOn, "left_on", 0, &r->err))!=0 ) return rc;
    snprintf(zLeftOn, 11, "%s", zOn);
  }
  return ZF_OK;
}

/* Every check of a PATCH (no writes); fills zId and *pAccount (-1: no
** change, 0: unlink). */
static int staff_patch_check(zf_req *r, int64_t id, json_t *pOld, char *zId, int64_t *pAccount,
                             char zLeftOn[11]){
  json_t *b = r->pBody, *pUser = json_object_get(b, "username");
  const char *zKind = json_str(b, "kind") ? json_str(b, "kind") : json_string_value(json_object_get(pOld, "kind"));
  char zRegion[16];
  int rc = ZF_OK, haveRow;
  *pAccount = -1;
  if( json_object_get(b, "unit_id") ) rc = staff_unit_check(r->pDb, &r->who, json_int(b, "unit_id", 0), zRegion, &r->err);
  if( rc==ZF_OK && staff_kind_name(zKind)==0 ) rc = http_fail(r, ZF_EINVAL, "kind", "人员类别“%.20s”无效", zKind);
  if( rc==ZF_OK && json_str(b, "name") ) rc = text_check(json_str(b, "name"), 1, 32, "name", "姓名", &r->err);
  if( rc==ZF_OK && json_str(b, "id_number") ) rc = staff_id_check(r->pDb, id, json_str(b, "id_number"), zId, &r->err);
  if( rc==ZF_OK && staff_opt(b, "phone") ) rc = text_phone_check(staff_opt(b, "phone"), "phone", &r->err);
  if( rc==ZF_OK && pUser ){
    *pAccount = 0;
    if( staff_opt(b, "username") ) rc = staff_account_check(r->pDb, &r->who, id, staff_opt(b, "username"), pAccount, &r->err);
  }
  if( rc==ZF_OK ) rc = staff_background_check(staff_opt(b, "education"), json_str(b, "major"), staff_opt(b, "practice_since"), &r->err);
  if( rc==ZF_OK ){
    haveRow = !json_is_null(json_object_get(pOld, "expert_field")) && json_object_get(pOld, "expert_field");
    rc = staff_expert_check(zKind, staff_opt(b, "expert_field"), staff_opt(b, "expert_title"),
                            staff_opt(b, "organisation"), staff_opt(b, "contact"), haveRow, &r->err);
  }
  if( rc==ZF_OK ) rc = staff_patch_status_check(r, json_string_value(json_object_get(pOld, "status")), zLeftOn);
  return rc;
}

/* Writes the person columns of a PATCH; records before/after (masked). */
static int staff_patch_person(zf_req *r, int64_t id, const char *zId, int64_t accountId,
                                 const char *zLeftOn, json_t *pBefore, json_t *pAfter){
  /* one static statement per column: db_stmt() caches by the text's address */
  static const struct { const char *zKey; char type; const char *zSql; } aCol[] = {
    {"unit_id", 'i', "UPDATE person SET unit_id=? WHERE id=?"},
    {"kind", 's', "UPDATE person SET kind=? WHERE id=?"},
    {"name", 's', "UPDATE person SET name=? WHERE id=?"},
    {"id_number", 's', "UPDATE person SET id_number=? WHERE id=?"},
    {"phone", 'n', "UPDATE person SET phone=? WHERE id=?"},
    {"position", 'e', "UPDATE person SET position=? WHERE id=?"},
    {"education", 'e', "UPDATE person SET education=? WHERE id=?"},
    {"major", 'e', "UPDATE person SET major=? WHERE id=?"},
    {"education_related", 'b', "UPDATE person SET education_related=? WHERE id=?"},
    {"practice_since", 'n', "UPDATE person SET practice_since=? WHERE id=?"},
    {"status", 's', "UPDATE person SET status=? WHERE id=?"},
    {0, 0, 0}
  };
  json_t *pOld = staff_person_json(r->pDb, id, zLeftOn, 0);
  const char *zStatus = json_str(r->pBody, "status");
  const char *zSql;
  int i, rc = ZF_OK;
  for(i=0; rc==ZF_OK && aCol[i].zKey; i++){
    json_t *v = json_object_get(r->pBody, aCol[i].zKey);
    const char *z = aCol[i].type=='n' || aCol[i].type=='e' ? staff_opt(r->pBody, aCol[i].zKey) : json_string_value(v);
    if( v==0 ) continue;
    zSql = aCol[i].zSql;
    if( aCol[i].type=='i' ) rc = db_exec(r->pDb, zSql, "ii", (int64_t)json_integer_value(v), id);
    else if( aCol[i].type=='b' ) rc = db_exec(r->pDb, zSql, "di", json_is_true(v) ? 1 : 0, id);
    else rc = db_exec(r->pDb, zSql, "si", strcmp(aCol[i].zKey, "id_number")==0 ? zId : z ? z : aCol[i].type=='e' ? "" : 0, id);
    json_object_set(pBefore, aCol[i].zKey, json_object_get(pOld, aCol[i].zKey));
    if( strcmp(aCol[i].zKey, "id_number")==0 ){
      char zMasked[24];
      idcheck_mask(zId, zMasked, sizeof zMasked);
      json_object_set_new(pAfter, "id_number", json_string(zMasked));
    }else{
      json_object_set(pAfter, aCol[i].zKey, v);
    }
  }
  if( rc==ZF_OK && zStatus && strcmp(zStatus, "active")==0 ){
    rc = db_exec(r->pDb, "UPDATE person SET left_on=NULL, left_reason=NULL WHERE id=?", "i", id);
  }else if( rc==ZF_OK && zStatus && strcmp(zStatus, "left")==0 && staff_opt(r->pBody, "left_reason") ){
    rc = db_exec(r->pDb, "UPDATE person SET left_on=?, left_reason=? WHERE id=?", "ssi", zLeftOn,
                 staff_opt(r->pBody, "left_reason"), id);
    json_object_set_new(pAfter, "left_on", json_string(zLeftOn));
    json_object_set_new(pAfter, "left_reason", json_string(staff_opt(r->pBody, "left_reason")));
  }
  if( rc==ZF_OK && accountId>=0 ){
    rc = accountId ? db_exec(r->pDb, "UPDATE person SET account_id=? WHERE id=?", "ii", accountId, id)
                   : db_exec(r->pDb, "UPDATE person SET account_id=NULL WHERE id=?", "i", id);
    json_object_set(pBefore, "account", json_object_get(pOld, "account"));
    json_object_set(pAfter, "username", json_object_get(r->pBody, "username"));
  }
  json_decref(pOld);
  return rc;
}

/* Upserts the expert row when the person is (now) an expert. */
static int staff_patch_expert(zf_req *r, int64_t id, json_t *pAfter){
  static const char zUpsert[] =
    "INSERT INTO expert(person_id, field, title, organisation, contact) VALUES(?,?,'','','')"
    " ON CONFLICT(person_id) DO NOTHING";
  static const char *const azKey[] = {"expert_field", "expert_title", "organisation", "contact", 0};
  static const char *const azSql[] = {
    "UPDATE expert SET field=? WHERE person_id=?", "UPDATE expert SET title=? WHERE person_id=?",
    "UPDATE expert SET organisation=? WHERE person_id=?", "UPDATE expert SET contact=? WHERE person_id=?", 0
  };
  int i, rc = ZF_OK;
  if( staff_opt(r->pBody, "expert_field") ){
    rc = db_exec(r->pDb, zUpsert, "is", id, staff_opt(r->pBody, "expert_field"));
  }
  for(i=0; rc==ZF_OK && azKey[i]; i++){
    json_t *v = json_object_get(r->pBody, azKey[i]);
    if( v==0 || (i==0 && staff_opt(r->pBody, azKey[i])==0) ) continue;
    rc = db_exec(r->pDb, azSql[i], "si", staff_opt(r->pBody, azKey[i]) ? staff_opt(r->pBody, azKey[i]) : "", id);
    json_object_set(pAfter, azKey[i], v);
  }
  return rc;
}

/*
** ROUTE: PATCH /api/v1/staff/{id}
** Changes any person field, the linked account (username, null unlinks),
** the expert fields, and the status (left with left_on and left_reason;
** active again clears them). Checked whole before anything is written; a
** new unit must lie in the caller's scope too.
*/
int staff_patch_handler(zf_req *r){
  char zRegion[16], zId[20] = "", zLeftOn[11], zNow[24], zToday[11];
  json_t *pOld, *pBefore, *pAfter;
  int64_t id, accountId;
  int rc = staff_lookup_or_reply(r, "id", &id, zRegion, sizeof zRegion);
  if( rc ) return rc;
  calendar_today(zToday);
  clock_now_iso(zNow);
  if( (rc = db_begin(r->pDb))!=0 ) return rc;
  /* "before" and the checks are read under the write lock */
  pOld = staff_person_json(r->pDb, id, zToday, 1);
  rc = pOld ? staff_patch_check(r, id, pOld, zId, &accountId, zLeftOn) : ZF_EINTERNAL;
  json_decref(pOld);
  if( rc ){ db_rollback(r->pDb); return rc; }
  pBefore = json_object();
  pAfter = json_object();
  rc = staff_patch_person(r, id, zId, accountId, zLeftOn, pBefore, pAfter);
  if( rc==ZF_OK ) rc = staff_patch_expert(r, id, pAfter);
  if( rc==ZF_OK ) rc = db_exec(r->pDb, "UPDATE person SET updated_at=? WHERE id=?", "si", zNow, id);
  if( rc==ZF_OK && json_object_size(pAfter) ){
    staff_person_region(r->pDb, id, zRegion, sizeof zRegion);
    rc = audit_record(r->pDb, r->who.zUsername, "person.update", "person", id, zRegion,
                   json_pack("{s:O,s:O}", "before", pBefore, "after", pAfter));
  }
  json_decref(pBefore);
  json_decref(pAfter);
  if( (rc = db_finish(r->pDb, rc, &r->err))!=0 ) return rc;
  return http_reply(r, 200, staff_visible_json(r, id, zToday));
}
