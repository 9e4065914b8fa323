/*
** demo.c — `init` and `demo`.
**
** The demo district follows the seed plan (青办发〔2022〕14号): 江西省 →
** 南昌市 → 青云谱区 (360104) with its five sub-districts, the town and the
** cluster area; the bureau and its brigade ("局队合一", clause 1) with two
** squads; the street offices (clause 3); and the departments the plan names
** as lead or responsible units. One account per role.
*/
#include <string.h>
#include "account.h"
#include "catalog.h"
#include "checklist.h"
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "demo.h"
#include "evidence.h"
#include "draw.h"
#include "enterprise.h"
#include "industry.h"
#include "plan.h"
#include "region.h"
#include "risk.h"
#include "rules.h"
#include "staff.h"
#include "inspection.h"
#include "hazard.h"
#include "fieldwork.h"

const demo_account demo_accounts[] = {
  {"admin",      "系统管理员", "admin",      "360104"},
  {"leader",     "王建国",     "leader",     "360104"},
  {"brigade",    "李振华",     "brigade",    "360104"},
  {"officer1",   "李明",       "officer",    "360104"},
  {"officer2",   "张伟",       "officer",    "360104"},
  {"legal",      "陈静",       "legal",      "360104"},
  {"street1",    "刘洋",       "street",     "360104002"},
  {"assistant1", "赵磊",       "assistant",  "360104002"},
  {"expert1",    "周海峰",     "expert",     "360104"},
  {"supervisor", "孙丽",       "supervisor", "360104"},
  {"dept1",      "吴敏",       "department", "360104"},
  {0, 0, 0, 0}
};

static const struct { const char *zName, *zKind, *zRegion, *zParent; } demo_units[] = {
  {"青云谱区应急管理局", "bureau", "360104", 0},
  {"青云谱区应急管理综合行政执法大队", "brigade", "360104", "青云谱区应急管理局"},
  {"执法一中队", "squad", "360104", "青云谱区应急管理综合行政执法大队"},
  {"执法二中队", "squad", "360104", "青云谱区应急管理综合行政执法大队"},
  {"洪都街道办事处", "street", "360104002", 0},
  {"京山街道办事处", "street", "360104006", 0},
  {"三家店街道办事处", "street", "360104007", 0},
  {"岱山街道办事处", "street", "360104008", 0},
  {"徐家坊街道办事处", "street", "360104009", 0},
  {"青云谱镇人民政府", "street", "360104100", 0},
  {"江西青云谱新经济产业集聚区管委会", "street", "360104400", 0},
  {"区委编办", "department", "360104", 0},
  {"区委组织部", "department", "360104", 0},
  {"区司法局", "department", "360104", 0},
  {"区财政局", "department", "360104", 0},
  {"区人社局", "department", "360104", 0},
  {"区政数局", "department", "360104", 0},
  {"区发改局", "department", "360104", 0},
  {"区机关事务管理中心", "department", "360104", 0},
  {"区纪委区监委", "supervision", "360104", 0},
  {"区考核办", "supervision", "360104", 0},
  {"青云谱公安分局", "police", "360104", 0},
  {"区检察院", "procuratorate", "360104", 0},
  {0, 0, 0, 0}
};

/* Rows in a table (reference-data presence checks); -1 on error. */
static int64_t demo_count(zf_db *pDb, const char *zSql){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t n = -1;
  if( pStmt && db_step(pStmt)==1 ) n = db_column_int64(pStmt, 0);
  if( pStmt ) db_reset(pStmt);
  return n;
}

/*
** Loads the reference data shipped with this binary that the database
** lacks: regions, the holiday calendar, rule sets, discretion benchmarks,
** the starter catalog and checklists. Every loader is skipped when its data
** is there, so this runs after every migration (init, migrate, serve) and
** an upgraded database gets what a new module brings.
*/
int demo_reference(zf_db *pDb, zf_error *e){
  char zRoot[16] = "", zName[96];
  zf_stmt *pStmt;
  int rc = ZF_OK;
  if( demo_count(pDb, "SELECT count(*) FROM region")==0 ) rc = region_load_reference(pDb, "cli", e);
  if( rc==ZF_OK ) rc = calendar_load_reference(pDb, "cli", e);
  if( rc==ZF_OK ) rc = rules_load_reference(pDb, "cli", e);
  if( rc==ZF_OK ) rc = rules_benchmark_load_reference(pDb, "cli", e);
  if( rc==ZF_OK && demo_count(pDb, "SELECT count(*) FROM industry")==0 ){
    rc = industry_load_reference(pDb, "cli", e);     /* GB/T 4754-2017 */
  }
  if( rc ) return rc;
  pStmt = db_stmt(pDb, "SELECT value FROM setting WHERE key='deployment.root'");
  if( pStmt && db_step(pStmt)==1 ) snprintf(zRoot, sizeof zRoot, "%s", db_text(pStmt, 0));
  if( pStmt ) db_reset(pStmt);
  if( zRoot[0]==0 ) return ZF_OK;          /* not initialised yet: demo_init continues */
  if( region_name(pDb, zRoot, zName, sizeof zName)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "scope", "部署区划代码不存在：%s", zRoot);
  }
  if( demo_count(pDb, "SELECT count(*) FROM catalog_version")==0 ){
    rc = catalog_load_starter(pDb, zName, e);          /* 执法事项目录 shipped in ref/ */
  }
  if( rc==ZF_OK && demo_count(pDb, "SELECT count(*) FROM checklist_version")==0 ){
    rc = checklist_load_starter(pDb, e);
  }
  return rc;
}

int demo_init(zf_db *pDb, const char *zScope, const char *zAdminPassword, int mustChange,
              zf_error *e){
  const char *azRole[1] = {"admin"};
  account_new nu;
  int64_t id;
  char zName[96];
  int rc = db_migrate(pDb, e);
  if( rc==ZF_OK ) rc = demo_reference(pDb, e);
  if( rc ) return rc;
  if( region_name(pDb, zScope, zName, sizeof zName)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "scope", "区划代码不存在：%s", zScope);
  }
  rc = db_exec(pDb, "INSERT INTO setting(key, value) VALUES('deployment.root', ?)", "s", zScope);
  if( rc ) return err_set(e, rc, 0, "无法写入部署设置");
  rc = demo_reference(pDb, e);                        /* now with the deployment's region */
  if( rc ) return rc;
  memset(&nu, 0, sizeof nu);
  nu.zUsername = "admin";
  nu.zPassword = zAdminPassword;
  nu.zDisplay = "系统管理员";
  nu.azRole = azRole;
  nu.nRole = 1;
  nu.zScope = zScope;
  nu.mustChangePassword = mustChange;
  return account_create(pDb, 0, &nu, &id, e);
}

static int demo_units_fill(zf_db *pDb){
  static const char zIns[] =
    "INSERT INTO unit(name, kind, region, parent_id, created_at)"
    " VALUES(?,?,?,(SELECT id FROM unit WHERE name=?),?)";
  char zNow[24];
  json_t *pNames = json_array();
  int i, rc;
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && demo_units[i].zName; i++){
    rc = db_exec(pDb, zIns, "sssss", demo_units[i].zName, demo_units[i].zKind,
                 demo_units[i].zRegion, demo_units[i].zParent, zNow);
    json_array_append_new(pNames, json_string(demo_units[i].zName));
  }
  if( rc==ZF_OK ){
    json_t *pChange = json_pack("{s:s,s:O}", "source", "demo", "units", pNames);
    rc = audit_append(pDb, "cli", "unit.load", "unit", "*", "360104", pChange);
    json_decref(pChange);
  }
  json_decref(pNames);
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

int demo_fill(zf_db *pDb, const char *zPassword, int scale, zf_error *e){
  int i, rc = demo_units_fill(pDb);
  if( rc ) return err_set(e, rc, 0, "无法写入演示单位");
  for(i=1; demo_accounts[i].zUser && rc==ZF_OK; i++){
    const char *azRole[1] = { demo_accounts[i].zRoles };
    account_new nu;
    int64_t id;
    memset(&nu, 0, sizeof nu);
    nu.zUsername = demo_accounts[i].zUser;
    nu.zPassword = zPassword;
    nu.zDisplay = demo_accounts[i].zName;
    nu.azRole = azRole;
    nu.nRole = 1;
    nu.zScope = demo_accounts[i].zScope;
    rc = account_create(pDb, 0, &nu, &id, e);
  }
  if( rc==ZF_OK ) rc = catalog_demo(pDb, scale, e);
  if( rc==ZF_OK ) rc = rules_demo(pDb, scale, e);
  if( rc==ZF_OK ) rc = enterprise_demo(pDb, scale, e);   /* before staff: conflicts name enterprises */
  if( rc==ZF_OK ) rc = staff_demo(pDb, scale, e);
  if( rc==ZF_OK ) rc = risk_demo(pDb, scale, e);
  if( rc==ZF_OK ) rc = plan_demo(pDb, scale, e);        /* after staff (officers) and risk (key enterprises) */
  if( rc==ZF_OK ) rc = inspection_demo(pDb, scale, e);     /* after staff: officers by name */
  if( rc==ZF_OK ) rc = fieldwork_demo(pDb, scale, e);  /* after inspections: carried-out ones */
  if( rc==ZF_OK ) rc = draw_demo(pDb, scale, e);        /* last: draws need the ledger and the staff */
  if( rc==ZF_OK ) rc = hazard_demo(pDb, scale, e);      /* after inspections: hazards found in them */
  if( rc==ZF_OK ) rc = evidence_demo(pDb, scale, e);    /* after field enforcement's on-site demo */
  return rc;
}
