/*
** draw_demo.c — the demo district's double-random draws: a trade draw and a
** chemicals draw, created, frozen and drawn.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "draw.h"
#include "draw_int.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"
#include "staff.h"

/* One demo draw: create, freeze and draw; *pId gets its id. */
static int draw_demo_one(zf_db *pDb, int64_t unitId, const char *zName, const char *zSector,
                         int64_t count, const char *zFrom, const char *zTo, int64_t *pId, zf_error *e){
  draw_new nu;
  json_t *pSectors = json_pack("[s]", zSector);
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.zName = zName;
  nu.unitId = unitId;
  nu.zFrom = zFrom; nu.zTo = zTo;
  nu.pSectors = pSectors;
  nu.sampleCount = count;
  nu.stratifyStreet = 1;
  rc = draw_create(pDb, 0, &nu, pId, e);
  json_decref(pSectors);
  return rc ? rc : draw_run(pDb, 0, *pId, e);
}

int draw_demo(zf_db *pDb, int scale, zf_error *e){
  static const char zUnit[] = "SELECT id FROM unit WHERE name='青云谱区应急管理综合行政执法大队'";
  zf_stmt *pStmt = db_stmt(pDb, zUnit);
  char zToday[11], zFrom[11], zTo[11], zName[128];
  int64_t unitId = 0, id, chemId, newId;
  int rc;
  (void)scale;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unitId==0 ) return ZF_OK;
  calendar_today(zToday);
  calendar_days_add(zToday, 7, zFrom, 0);
  calendar_days_add(zToday, 30, zTo, 0);
  snprintf(zName, sizeof zName, "%.4s年%.2s月工贸行业双随机抽查", zFrom, zFrom + 5);
  rc = draw_demo_one(pDb, unitId, zName, "trade", 30, zFrom, zTo, &id, e);
  snprintf(zName, sizeof zName, "%.4s年%.2s月危险化学品双随机抽查", zFrom, zFrom + 5);
  if( rc==ZF_OK ) rc = draw_demo_one(pDb, unitId, zName, "chem", 5, zFrom, zTo, &chemId, e);
  if( rc==ZF_OK ) rc = draw_redraw(pDb, 0, chemId, "抽中企业名单与区级危化品专项检查重复，经大队会议研究重新抽取（演示）",
                                   &newId, e);
  if( rc==ZF_OK ) rc = draw_run(pDb, 0, newId, e);
  return rc;
}
