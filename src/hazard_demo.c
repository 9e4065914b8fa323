/*
** hazard_demo.c — the demo district's hazards (plan clauses 12, 19), made
** through hazard_create / hazard_act / transfer_create so that every rule
** applies and every step is audited: one in each status (open, rectifying,
** reported, closed after a passing re-inspection, overdue, proposed for a
** case, void), a major hazard (the leader is notified), a closed one
** rectified on the spot, a transfer to 区发改局 answered and one to the same
** department pending, and an incoming transfer. The department account
** dept1 acts for 区发改局 (account_unit). Dates are relative to today.
*/
#include <string.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "hazard.h"
#include "org.h"

/* The first inspections that are not cancelled, oldest first. */
static int hazard_demo_inspections(zf_db *pDb, int64_t *a, int nMax){
  static const char zSql[] = "SELECT id FROM inspection WHERE status<>'cancelled' ORDER BY id LIMIT ?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", (int64_t)nMax);
  while( db_step(pStmt)==1 ) a[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return n;
}

static int64_t hazard_demo_unit(zf_db *pDb, const char *zName){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM unit WHERE name=? ORDER BY id LIMIT 1");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zName);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* dept1 acts for 区发改局. */
static int hazard_demo_dept(zf_db *pDb, int64_t unit){
  static const char zIns[] =
    "INSERT INTO account_unit(account_id, unit_id) SELECT id, ? FROM account WHERE username='dept1'";
  int rc = db_begin(pDb);
  if( rc ) return rc;
  rc = db_exec(pDb, zIns, "i", unit);
  if( rc==ZF_OK ){
    json_t *p = json_pack("{s:s,s:I}", "account", "dept1", "unit_id", (json_int_t)unit);
    rc = audit_append(pDb, "cli", "account.unit", "account", "dept1", "360104", p);
    json_decref(p);
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

/* One demo hazard: what was found, then the acts done on it. */
typedef struct hazard_demo_row {
  int insp;                        /* index into the demo inspections */
  const char *zDesc, *zPlace, *zCategory, *zStandard, *zRectify;
  const char *zActs;               /* letters: o order (deadline past when 'x' follows), r report,
                                   ** p reinspect passed, f failed, i rectified, c propose, v void,
                                   ** t transfer (answered when 'a' follows), x overdue order */
} hazard_demo_row;

static const hazard_demo_row hazard_demo_rows[] = {
  {0, "配电箱未设置漏电保护装置", "一号车间配电箱", "general", 0, "deadline", ""},
  {0, "安全出口被货物堵塞", "仓库东侧安全出口", "general", 0, "immediate", "i"},
  {1, "未按规定对从业人员进行安全生产教育和培训", "企业安全管理台账", "general", 0, "deadline", "o"},
  {1, "有限空间作业未设置警示标志", "污水处理池", "general", 0, "deadline", "or"},
  {2, "危险化学品储存场所未设置泄漏报警装置", "危化品仓库", "general", 0, "deadline", "orp"},
  {2, "粉尘防爆除尘系统未按规定清理", "抛光车间", "general", 0, "deadline", "x"},
  {3, "涉爆粉尘作业场所采用正压吹送粉尘且未采取防爆措施", "打磨车间",
   "major", "《工贸企业重大事故隐患判定标准》第十二条第（二）项", "deadline", ""},
  {3, "逾期未整改：消防设施损坏", "办公楼", "general", 0, "deadline", "x"},
  {4, "占用消防车通道（属消防救援机构职责）", "厂区北侧", "general", 0, "deadline", "ta"},
  {4, "违规使用燃气设施（属燃气主管部门职责）", "职工食堂", "general", 0, "deadline", "t"},
  {0, "重复登记", "一号车间", "general", 0, "deadline", "v"},
  {0}
};

/* The acts of row p on hazard id. */
static int hazard_demo_acts(zf_db *pDb, const hazard_demo_row *p, int64_t id, int64_t dept,
                            zf_error *e){
  char zToday[11], zOrder[11], zDeadline[11], zReport[11], zDocNo[40];
  const char *z;
  int rc = ZF_OK, past = strchr(p->zActs, 'x')!=0;
  int64_t tid, aEv[2] = {1, 2};
  calendar_today(zToday);
  calendar_days_add(zToday, past ? -40 : -10, zOrder, 0);
  calendar_days_add(zOrder, past ? 20 : 30, zDeadline, 0);
  calendar_days_add(zToday, -2, zReport, 0);
  for(z = p->zActs; rc==ZF_OK && *z; z++){
    hazard_action a;
    memset(&a, 0, sizeof a);
    switch( *z ){
      case 'o': case 'x':
        a.zAction = "order"; a.zOrderDate = zOrder;
        a.zDeadline = zDeadline; break;
      case 'r': a.zAction = "report"; a.zDate = zReport; a.zNote = "已整改并提交照片";
        a.aEvidence = aEv; a.nEvidence = 2; break;
      case 'p': a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "passed"; a.zNote = "整改到位"; break;
      case 'f': a.zAction = "reinspect"; a.zDate = zToday; a.zResult = "failed"; break;
      case 'i': a.zAction = "rectified"; a.zDate = zToday; a.zNote = "现场当即清理"; break;
      case 'c': a.zAction = "propose"; a.zNote = "逾期拒不整改，建议立案查处"; break;
      case 'v': a.zAction = "void"; a.zNote = "与前一条隐患重复登记"; break;
      case 't': {
        transfer_new t;
        memset(&t, 0, sizeof t);
        snprintf(zDocNo, sizeof zDocNo, "青应急移〔2026〕%03lld号", (long long)id);
        t.zDirection = "out"; t.hazardId = id; t.unitId = dept; t.zDocNo = zDocNo; t.zDocDate = zReport;
        rc = transfer_create(pDb, 0, &t, &tid, e);
        if( rc==ZF_OK && z[1]=='a' ){
          rc = transfer_act(pDb, 0, tid, "receive", 0, 0, e);
          if( rc==ZF_OK ) rc = transfer_act(pDb, 0, tid, "answer", "已受理，责令整改并纳入本部门监管", 0, e);
          z++;
        }
        continue;
      }
      default: continue;
    }
    rc = hazard_act(pDb, 0, id, &a, e);
  }
  return rc;
}

int hazard_demo(zf_db *pDb, int scale, zf_error *e){
  const hazard_demo_row *p;
  int64_t aInsp[8], dept = hazard_demo_unit(pDb, "区发改局"), id, tid;
  char zToday[11], zDate[11];
  int n = hazard_demo_inspections(pDb, aInsp, 8), rc;
  transfer_new t;
  (void)scale;
  if( n<5 || dept==0 ) return ZF_OK;          /* no inspections: nothing to show */
  if( (rc = hazard_demo_dept(pDb, dept))!=0 ) return err_set(e, rc, 0, "无法关联部门账号");
  for(p = hazard_demo_rows; rc==ZF_OK && p->zDesc; p++){
    hazard_new h;
    memset(&h, 0, sizeof h);
    h.inspectionId = aInsp[p->insp];
    h.zDescription = p->zDesc; h.zPlace = p->zPlace; h.zCategory = p->zCategory;
    h.zStandardItem = p->zStandard; h.zRectify = p->zRectify;
    rc = hazard_create(pDb, 0, &h, &id, e);
    if( rc==ZF_OK ) rc = hazard_demo_acts(pDb, p, id, dept, e);
  }
  calendar_today(zToday);
  if( rc==ZF_OK && hazard_sweep(pDb, zToday)<0 ) rc = err_set(e, ZF_EINTERNAL, 0, "逾期标记失败");
  /* the overdue one proposed for a case: sweep first, then propose */
  if( rc==ZF_OK ){
    zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM hazard WHERE description LIKE '逾期未整改%'");
    hazard_action a;
    id = 0;
    if( pStmt && db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
    if( pStmt ) db_reset(pStmt);
    memset(&a, 0, sizeof a);
    a.zAction = "propose"; a.zNote = "逾期拒不整改，建议立案查处";
    if( id ) rc = hazard_act(pDb, 0, id, &a, e);
  }
  if( rc==ZF_OK ){
    memset(&t, 0, sizeof t);
    calendar_days_add(zToday, -3, zDate, 0);
    t.zDirection = "in"; t.unitId = dept; t.zDocNo = "青发改函〔2026〕12号"; t.zDocDate = zDate;
    t.zMatter = "某加油站储罐区安全隐患线索，移请应急管理部门依法处理";
    t.assignedUnitId = hazard_demo_unit(pDb, "执法一中队");
    rc = transfer_create(pDb, 0, &t, &tid, e);
  }
  return rc;
}
