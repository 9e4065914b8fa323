/*
** inspection_demo.c — the demo district's scheduled inspections (plan
** clauses 15, 18), made through inspection_schedule() so that every rule
** applies and every one is audited: 执法一中队's routine inspection with
** 李明 and 刘芳 that 执法二中队 joined (one joint group, with an expert);
** a third unit's special inspection of the same enterprise in the same
** window (the fewer-visits warning, not joined); a street's inspection in
** its own area; a complaint check; a key inspection whose officers are
** assigned later; one cancelled with its reason. Dates are relative to
** today. Enterprises are taken at an offset inside their street so that
** the first ids of the ledger stay free for the tests.
*/
#include <string.h>
#include "inspection.h"
#include "core/calendar.h"
#include "org.h"

/* The id of the n-th active enterprise (from 0) of street zRegion, 0 when
** there is none. */
static int64_t inspection_demo_ent(zf_db *pDb, const char *zRegion, int n){
  static const char zSql[] =
    "SELECT e.id FROM enterprise e JOIN region g ON g.code=? WHERE e.status='active'"
    " AND e.region_path=g.path ORDER BY e.id LIMIT 1 OFFSET ?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "si", zRegion, n);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* Id of the row of zTable named zName, 0 when absent. */
static int64_t inspection_demo_id(zf_db *pDb, const char *zTable, const char *zName){
  zf_stmt *pStmt = db_stmt(pDb, strcmp(zTable, "unit")==0
                                  ? "SELECT id FROM unit WHERE name=? ORDER BY id LIMIT 1"
                                  : "SELECT id FROM person WHERE name=? ORDER BY id LIMIT 1");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zName);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* One demo inspection: unit and people by name (NULL-terminated lists of
** at most 3), window today+from … today+to. */
typedef struct inspection_demo_row {
  const char *zRegion; int nth;          /* the enterprise */
  const char *zUnit, *zType;
  int from, to;
  const char *azOfficer[3], *azAssistant[2], *azExpert[2];
  int joinPrev;                          /* join the inspection made just before */
  const char *zDepartments, *zNote, *zCancel;
} inspection_demo_row;

static const inspection_demo_row inspection_demo_rows[] = {
  {"360104006", 20, "执法一中队", "routine", 7, 11, {"李明", "刘芳"}, {"孙悦"}, {0}, 0, 0,
   "年度计划内日常检查", 0},
  {"360104006", 20, "执法二中队", "joint", 8, 10, {"朱建军", "郭强"}, {0}, {"周海峰"}, 1,
   "区市场监管局", "与执法一中队联合检查（减少检查频次）", 0},
  {"360104006", 20, "青云谱区应急管理综合行政执法大队", "special", 9, 12, {0}, {0}, {0}, 0, 0,
   "危化品专项检查（同期他单位已安排，未合并）", 0},
  {"360104002", 20, "洪都街道办事处", "routine", 3, 5, {"刘洋", "蔡晓燕"}, {"赵磊"}, {0}, 0, 0,
   "街道辖区日常检查", 0},
  {"360104008", 20, "执法二中队", "complaint", 1, 2, {"何静", "朱建军"}, {0}, {0}, 0, 0,
   "群众举报：夜间违规动火作业", 0},
  {"360104009", 20, "执法一中队", "key", 30, 40, {0}, {0}, {0}, 0, 0, "重点企业全覆盖检查，人员待指派", 0},
  {"360104007", 20, "执法一中队", "routine", 14, 16, {"杨帆", "徐磊"}, {0}, {0}, 0, 0, 0,
   "企业停产检修，改期另行安排"},
  {0}
};

/* Looks up a NULL-terminated list of names into a. */
static int inspection_demo_people(zf_db *pDb, const char *const *az, int nMax, int64_t *a){
  int n = 0;
  while( n<nMax && az[n] ){ a[n] = inspection_demo_id(pDb, "person", az[n]); n++; }
  return n;
}

int inspection_demo(zf_db *pDb, int scale, zf_error *e){
  const inspection_demo_row *p;
  int64_t prev = 0;
  char zToday[11];
  int rc = ZF_OK;
  (void)scale;
  calendar_today(zToday);
  for(p=inspection_demo_rows; p->zUnit && rc==ZF_OK; p++){
    int64_t aOff[3], aAss[2], aExp[2], id = 0;
    char zFrom[11], zTo[11];
    json_t *pW = 0;
    inspection_new nu;
    memset(&nu, 0, sizeof nu);
    nu.enterpriseId = inspection_demo_ent(pDb, p->zRegion, p->nth);
    nu.unitId = inspection_demo_id(pDb, "unit", p->zUnit);
    if( nu.enterpriseId==0 || nu.unitId==0 ) continue;      /* a ledger without that street */
    calendar_days_add(zToday, p->from, zFrom, 0);
    calendar_days_add(zToday, p->to, zTo, 0);
    nu.zType = p->zType; nu.zFrom = zFrom; nu.zTo = zTo;
    nu.nOfficer = inspection_demo_people(pDb, p->azOfficer, 3, aOff); nu.aOfficer = aOff;
    nu.nAssistant = inspection_demo_people(pDb, p->azAssistant, 2, aAss); nu.aAssistant = aAss;
    nu.nExpert = inspection_demo_people(pDb, p->azExpert, 2, aExp); nu.aExpert = aExp;
    nu.zDepartments = p->zDepartments;
    nu.zNote = p->zNote;
    nu.joinId = p->joinPrev ? prev : 0;
    rc = inspection_schedule(pDb, 0, &nu, &id, &pW, e);
    json_decref(pW);
    if( rc==ZF_OK && p->zCancel ) rc = inspection_cancel(pDb, 0, id, p->zCancel, e);
    prev = id;
  }
  return rc;
}
