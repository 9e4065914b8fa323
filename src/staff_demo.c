/*
** staff_demo.c — the people of the demo district 青云谱区 (plan clauses 7–9):
** leaders and legal reviewers in the bureau, the brigade and its two
** squads, officers and 安监员 in the seven street offices, and the expert
** pool. Dates are relative to today so that the demo always shows some
** certificates valid, some expiring within the warning period, some
** expired, one suspended and one revoked; 执法一中队 is above the 75%
** professional target and 执法二中队 below it. The demo login accounts are
** linked to the persons of the same name. Identity numbers are valid
** GB 11643 numbers (3601xx regions, plausible birth dates); they belong to
** no one.
*/
#include <string.h>
#include "account.h"
#include "core/audit.h"
#include "core/calendar.h"
#include "core/idcheck.h"
#include "core/log.h"
#include "org.h"
#include "staff.h"

#define U_BUREAU  "青云谱区应急管理局"
#define U_BRIGADE "青云谱区应急管理综合行政执法大队"
#define U_SQUAD1  "执法一中队"
#define U_SQUAD2  "执法二中队"

/* cert: days from today to valid_to (0: no certificate); 's'/'r' in
** certMark: suspended / revoked 30 / 200 days ago. practice: years of
** practice (0: none recorded). left: left the service 200 days ago. */
static const struct staff_demo_person {
  const char *zUnit, *zKind, *zName, *zUser, *zBirth, *zPosition;
  const char *zEducation, *zMajor; int related; int practice;
  int cert; char certMark; const char *zQual;
  const char *zField, *zTitle, *zOrg; int left;
} staff_demo_people[] = {
  {U_BUREAU, "leader", "王建国", "leader", "19720314", "局长", "master", "安全工程", 1, 25, 1200, 0, 0, 0, 0, 0, 0},
  {U_BUREAU, "leader", "胡志强", 0, "19750822", "副局长", "bachelor", "法学", 0, 17, 700, 0, 0, 0, 0, 0, 0},
  {U_BUREAU, "legal", "陈静", "legal", "19860517", "法制审核员", "master", "法学", 0, 12, 500, 0, 0, 0, 0, 0, 0},
  {U_BUREAU, "legal", "黄丽娟", 0, "19900203", "法制审核员", "bachelor", "法学", 0, 8, 40, 0, 0, 0, 0, 0, 0},
  {U_BRIGADE, "leader", "李振华", "brigade", "19781109", "大队长", "bachelor", "安全工程", 1, 20, 900, 0, "注册安全工程师", 0, 0, 0, 0},
  {U_SQUAD1, "officer", "李明", "officer1", "19840626", "中队长", "bachelor", "化学工程与工艺", 1, 14, 1000, 0, "注册安全工程师", 0, 0, 0, 0},
  {U_SQUAD1, "officer", "张伟", "officer2", "19880915", "执法队员", "bachelor", "安全工程", 1, 10, 25, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "officer", "刘芳", 0, "19910412", "执法队员", "master", "应急管理", 1, 5, 800, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "officer", "杨帆", 0, "19870130", "执法队员", "bachelor", "机械工程", 0, 13, 600, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "officer", "吴涛", 0, "19930718", "执法队员", "bachelor", "消防工程", 1, 4, -15, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "officer", "徐磊", 0, "19900921", "执法队员", "bachelor", "法学", 0, 1, 700, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "assistant", "孙悦", 0, "19960305", "安监员", "college", "安全技术管理", 1, 3, 0, 0, 0, 0, 0, 0, 0},
  {U_SQUAD1, "assistant", "马超", 0, "19941127", "安监员", "college", "机电一体化", 0, 2, 0, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "朱建军", 0, "19800412", "中队长", "bachelor", "安全工程", 1, 18, 1100, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "郭强", 0, "19890608", "执法队员", "bachelor", "行政管理", 0, 2, 400, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "何静", 0, "19920819", "执法队员", "bachelor", "会计学", 0, 1, 300, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "林海", 0, "19861203", "执法队员", "college", "计算机应用", 0, 1, -40, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "罗斌", 0, "19850227", "执法队员", "bachelor", "应用化学", 1, 9, 20, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "高翔", 0, "19910114", "执法队员", "bachelor", "法学", 0, 0, 500, 's', 0, 0, 0, 0, 0},
  {U_SQUAD2, "assistant", "郑凯", 0, "19950930", "安监员", "college", "化工技术", 1, 2, 0, 0, 0, 0, 0, 0, 0},
  {U_SQUAD2, "officer", "姜涛", 0, "19830505", "执法队员", "bachelor", "安全工程", 1, 15, 400, 'r', 0, 0, 0, 0, 1},
  {"洪都街道办事处", "officer", "刘洋", "street1", "19870710", "应急办主任", "bachelor", "安全工程", 1, 10, 600, 0, 0, 0, 0, 0, 0},
  {"洪都街道办事处", "assistant", "赵磊", "assistant1", "19930228", "安监员", "college", "安全技术管理", 1, 4, 0, 0, 0, 0, 0, 0, 0},
  {"洪都街道办事处", "officer", "蔡晓燕", 0, "19900516", "执法人员", "bachelor", "环境工程", 0, 6, 300, 0, 0, 0, 0, 0, 0},
  {"京山街道办事处", "officer", "彭勇", 0, "19830917", "应急办主任", "college", "安全技术管理", 1, 12, 500, 0, 0, 0, 0, 0, 0},
  {"京山街道办事处", "assistant", "曾敏", 0, "19970403", "安监员", "college", "行政管理", 0, 1, 0, 0, 0, 0, 0, 0, 0},
  {"三家店街道办事处", "officer", "邓超", 0, "19860811", "应急办主任", "bachelor", "工商管理", 0, 2, -60, 0, 0, 0, 0, 0, 0},
  {"三家店街道办事处", "assistant", "许娜", 0, "19951020", "安监员", "college", "安全技术管理", 1, 3, 0, 0, 0, 0, 0, 0, 0},
  {"岱山街道办事处", "officer", "韩冬", 0, "19840122", "应急办主任", "bachelor", "化学工程", 1, 11, 50, 0, 0, 0, 0, 0, 0},
  {"岱山街道办事处", "assistant", "冯雪", 0, "19980614", "安监员", "college", "行政管理", 0, 1, 0, 0, 0, 0, 0, 0, 0},
  {"徐家坊街道办事处", "officer", "曹阳", 0, "19890304", "应急办主任", "bachelor", "土木工程", 0, 8, 800, 0, "注册安全工程师", 0, 0, 0, 0},
  {"徐家坊街道办事处", "assistant", "唐静", 0, "19961208", "安监员", "college", "文秘", 0, 2, 0, 0, 0, 0, 0, 0, 0},
  {"青云谱镇人民政府", "officer", "谢军", 0, "19820725", "应急办主任", "college", "行政管理", 0, 10, 700, 0, 0, 0, 0, 0, 0},
  {"青云谱镇人民政府", "assistant", "宋佳", 0, "19970119", "安监员", "college", "安全技术管理", 1, 1, 0, 0, 0, 0, 0, 0, 0},
  {"江西青云谱新经济产业集聚区管委会", "officer", "董鹏", 0, "19881030", "安全监管科科长", "bachelor", "安全工程", 1, 9, 900, 0, 0, 0, 0, 0, 0},
  {"江西青云谱新经济产业集聚区管委会", "officer", "袁丽", 0, "19920607", "执法人员", "bachelor", "英语", 0, 2, 100, 0, 0, 0, 0, 0, 0},
  {U_BUREAU, "expert", "周海峰", "expert1", "19680412", "", "doctor", "化学工程", 1, 30, 0, 0, "注册安全工程师", "危化", "正高级工程师", "江西省化工设计院", 0},
  {U_BUREAU, "expert", "钱国栋", 0, "19700915", "", "master", "安全技术及工程", 1, 28, 0, 0, 0, "粉尘防爆", "高级工程师", "南昌大学资源与环境学院", 0},
  {U_BUREAU, "expert", "金晓明", 0, "19750303", "", "bachelor", "机械设计制造及其自动化", 0, 25, 0, 0, 0, "机械", "高级工程师", "江西洪都航空工业集团有限责任公司", 0},
  {U_BUREAU, "expert", "陆文华", 0, "19790728", "", "master", "电气工程", 0, 20, 0, 0, 0, "电气", "高级工程师", "国网南昌供电公司", 0},
  {U_BUREAU, "expert", "范志远", 0, "19721116", "", "bachelor", "消防工程", 1, 26, 0, 0, 0, "消防", "高级工程师", "江西省消防救援总队技术专家组", 0},
  {U_BUREAU, "expert", "潘海燕", 0, "19810509", "", "master", "安全工程", 1, 16, 0, 0, "注册安全工程师", "有限空间", "工程师", "江西省安全生产科学技术研究院", 0},
  {U_BUREAU, "expert", "任立新", 0, "19660220", "", "bachelor", "制冷与低温工程", 0, 35, 0, 0, 0, "涉氨制冷", "高级工程师", "南昌市冷链物流协会", 0},
  {0}
};

/* A valid identity number for person i: a 3601xx county, the birth date,
** an odd (men) or even (women) sequence, the GB 11643 check character. */
static void staff_demo_id(int i, const char *zName, const char *zBirth, char zOut[19]){
  static const char *const azCounty[] = {"360104", "360102", "360103", "360111", "360121", "360122", "360123", "360124"};
  static const char *const azWomen[] = {"静", "芳", "娟", "悦", "丽", "敏", "娜", "雪", "燕", "佳", "华", 0};
  int female = 0, k, seq;
  for(k=0; azWomen[k]; k++) if( strstr(zName, azWomen[k]) ) female = 1;
  seq = 100 + 2*((i*37) % 400) + (female ? 0 : 1);
  snprintf(zOut, 19, "%s%s%03d", azCounty[i % 8], zBirth, seq);
  zOut[17] = idcheck_idcard_check(zOut);
  zOut[18] = 0;
}

/* Enterprise ids, credit codes and names for the demo conflicts: from the
** enterprise ledger when it is there, else placeholders (ids 1 and 2). */
static void staff_demo_enterprises(zf_db *pDb, int64_t aId[2], char azUscc[2][19], char azName[2][101]){
  static const char *const azPlaceName[] = {"南昌洪都精细化工有限公司", "江西京山粉末冶金有限公司"};
  static const char *const azPlaceCode[] = {"91360104MA35F2KQ4", "91360104MA38H7LX2"};
  zf_stmt *pStmt = 0;
  int n = 0, k;
  if( sqlite3_prepare_v2(db_handle(pDb), "SELECT id, uscc, name FROM enterprise ORDER BY id LIMIT 2",
                         -1, &pStmt, 0)==SQLITE_OK ){
    while( n<2 && sqlite3_step(pStmt)==SQLITE_ROW ){
      aId[n] = db_column_int64(pStmt, 0);
      snprintf(azUscc[n], 19, "%s", (const char*)db_column_text(pStmt, 1));
      snprintf(azName[n], 101, "%s", (const char*)db_column_text(pStmt, 2));
      n++;
    }
  }
  db_finalize(pStmt);
  for(k=n; k<2; k++){
    aId[k] = k + 1;
    snprintf(azUscc[k], 19, "%s", azPlaceCode[k]);
    azUscc[k][17] = idcheck_uscc_check(azUscc[k]);
    azUscc[k][18] = 0;
    snprintf(azName[k], 101, "%s", azPlaceName[k]);
  }
}

static int64_t staff_demo_unit(zf_db *pDb, const char *zName){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM unit WHERE name=?");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zName);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

static int64_t staff_demo_cert_of(zf_db *pDb, int64_t personId){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM certificate WHERE person_id=? ORDER BY id DESC");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", personId);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* Person i: the record and its first certificate. */
static int staff_demo_person(zf_db *pDb, int i, const char *zToday, int64_t *pId, zf_error *e){
  const struct staff_demo_person *d = &staff_demo_people[i];
  staff_person_new np;
  staff_cert_new cert;
  char zId[19], zPhone[16], zSince[11], zFrom[11], zTo[11], zNo[24];
  memset(&np, 0, sizeof np);
  staff_demo_id(i, d->zName, d->zBirth, zId);
  snprintf(zPhone, sizeof zPhone, "1%d%d%08u", 3 + (i % 3 == 2 ? 5 : 0), 5 + i % 5,
           (unsigned)(10000000u + ((unsigned)(i + 7) * 2654435761u) % 89999999u));
  np.unitId = staff_demo_unit(pDb, d->zUnit);
  np.zKind = d->zKind;
  np.zName = d->zName;
  np.zIdNumber = zId;
  np.zPhone = zPhone;
  np.zPosition = d->zPosition;
  np.zUsername = d->zUser;
  np.zEducation = d->zEducation;
  np.zMajor = d->zMajor;
  np.educationRelated = d->related;
  if( d->practice ){
    calendar_days_add(zToday, -(d->practice * 365 + d->practice / 4) - 30, zSince, 0);
    np.zPracticeSince = zSince;
  }
  np.zExpertField = d->zField;
  np.zExpertTitle = d->zTitle;
  np.zOrganisation = d->zOrg;
  if( d->cert ){
    calendar_days_add(zToday, d->cert, zTo, 0);
    calendar_days_add(zTo, -5*365 - 1, zFrom, 0);
    snprintf(zNo, sizeof zNo, "36010421%04d", 101 + i);
    cert.zNumber = zNo;
    cert.zIssuer = "江西省人民政府";
    cert.zValidFrom = zFrom;
    cert.zValidTo = zTo;
    np.pCert = &cert;
  }
  if( np.unitId==0 ) return err_set(e, ZF_EINTERNAL, 0, "演示单位不存在：%s", d->zUnit);
  return staff_person_create(pDb, 0, &np, pId, e);
}

/* Status marks, departures, qualifications and training of person i. */
static int staff_demo_records(zf_db *pDb, int i, int64_t id, const char *zToday, zf_error *e){
  const struct staff_demo_person *d = &staff_demo_people[i];
  staff_training_new t = {0};
  char zDate[11];
  int64_t rid;
  int rc = ZF_OK;
  if( d->certMark ){
    calendar_days_add(zToday, d->certMark=='s' ? -30 : -200, zDate, 0);
    rc = staff_cert_set_status(pDb, "cli", staff_demo_cert_of(pDb, id), d->certMark=='s' ? "suspended" : "revoked",
                               zDate, d->certMark=='s' ? "涉嫌违反执法纪律，立案调查期间暂扣执法证" : "调离执法岗位，收回执法证", e);
  }
  if( rc==ZF_OK && d->left ){
    char zRegion[16];
    calendar_days_add(zToday, -200, zDate, 0);
    rc = db_begin(pDb);
    if( rc==ZF_OK ) rc = db_exec(pDb, "UPDATE person SET status='left', left_on=?, left_reason=? WHERE id=?",
                                 "ssi", zDate, "调任区城市管理局", id);
    if( rc==ZF_OK ) rc = staff_person_region(pDb, id, zRegion, sizeof zRegion);
    if( rc==ZF_OK ) rc = audit_record(pDb, "cli", "person.update", "person", id, zRegion,
                                   json_pack("{s:{s:s,s:s}}", "after", "status", "left", "left_on", zDate));
    if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  }
  if( rc==ZF_OK && d->zQual ){
    staff_qual_new q = { d->zQual, 0, 0, 1 };
    char zNo[24];
    snprintf(zNo, sizeof zNo, "0%07d", 3600000 + i * 131);
    q.zNumber = zNo;
    calendar_days_add(zToday, -2000 - i * 17, zDate, 0);
    q.zObtainedOn = zDate;
    rc = staff_qual_add(pDb, "cli", id, &q, &rid, e);
  }
  if( rc==ZF_OK && strcmp(d->zKind, "expert")!=0 ){
    int assist = strcmp(d->zKind, "assistant")==0;
    calendar_days_add(zToday, -(d->practice ? d->practice : 1) * 300 - 20, zDate, 0);
    t.zKind = "induction"; t.zTitle = assist ? "安监员岗前培训" : "新录用执法人员入职培训";
    t.zHeldOn = zDate; t.hours = assist ? 32 : 80; t.zExam = "pass"; t.score = 78 + i % 20;
    t.zOrganiser = "青云谱区应急管理局";
    rc = staff_training_add(pDb, "cli", id, &t, &rid, e);
    if( rc==ZF_OK && !d->left ){
      calendar_days_add(zToday, -100 - i % 40, zDate, 0);
      t.zKind = "rotation"; t.zTitle = "年度执法人员轮训"; t.zHeldOn = zDate; t.hours = 40;
      t.zExam = i % 11==5 ? "fail" : "pass"; t.score = i % 11==5 ? 52 : 70 + i % 28;
      t.zOrganiser = "南昌市应急管理局";
      rc = staff_training_add(pDb, "cli", id, &t, &rid, e);
    }
    if( rc==ZF_OK && i % 3==0 && !assist ){
      calendar_days_add(zToday, -45 - i, zDate, 0);
      t.zKind = "special"; t.zTitle = i % 2 ? "粉尘涉爆企业执法检查专项培训" : "危险化学品安全监管专项培训";
      t.zHeldOn = zDate; t.hours = 24; t.zExam = "none"; t.score = -1; t.zOrganiser = "江西省应急管理厅";
      rc = staff_training_add(pDb, "cli", id, &t, &rid, e);
    }
  }
  return rc;
}

/* Two recorded conflicts of interest (officer2 张伟 and street1 刘洋). */
static int staff_demo_conflicts(zf_db *pDb, zf_error *e){
  int64_t aEnt[2], personId, cid, acct;
  char azUscc[2][19], azName[2][101];
  int rc = ZF_OK;
  staff_demo_enterprises(pDb, aEnt, azUscc, azName);
  if( account_find(pDb, "officer2", &acct)==ZF_OK && staff_person_of_account(pDb, acct, &personId)==ZF_OK ){
    staff_conflict_new c = { aEnt[0], azUscc[0], azName[0], "配偶在该企业任安全管理人员", "2024-01-01", 0 };
    rc = staff_conflict_add(pDb, "cli", personId, &c, &cid, e);
  }
  if( rc==ZF_OK && account_find(pDb, "street1", &acct)==ZF_OK
   && staff_person_of_account(pDb, acct, &personId)==ZF_OK ){
    staff_conflict_new c = { aEnt[1], azUscc[1], azName[1], "曾在该企业任安全主管，离职未满三年", "2023-06-01", "2027-05-31" };
    rc = staff_conflict_add(pDb, "cli", personId, &c, &cid, e);
  }
  return rc;
}

int staff_demo(zf_db *pDb, int scale, zf_error *e){
  char zToday[11];
  int i, rc = org_demo(pDb, scale, e);
  calendar_today(zToday);
  for(i=0; rc==ZF_OK && staff_demo_people[i].zUnit; i++){
    int64_t id;
    rc = staff_demo_person(pDb, i, zToday, &id, e);
    if( rc==ZF_OK ) rc = staff_demo_records(pDb, i, id, zToday, e);
    if( rc ) log_error("staff demo: %s: %s (%s)", staff_demo_people[i].zName, e ? e->message : "", e ? e->field : "");
  }
  if( rc==ZF_OK ) rc = staff_demo_conflicts(pDb, e);
  return rc;
}
