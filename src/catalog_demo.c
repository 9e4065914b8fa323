/*
** catalog_demo.c — the demo district's catalog data: a draft of next year's
** catalog (a new matter and an edited one) made by the legal reviewer.
*/
#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "catalog.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/embed.h"
#include "core/log.h"

/* ---- demo ------------------------------------------------------------------ */

int catalog_demo(zf_db *pDb, int scale, zf_error *e){
  static const char zFind[] = "SELECT id FROM catalog_item WHERE version_id=? AND code='AQ-CF-007'";
  catalog_version_in v;
  catalog_item_in in;
  char zToday[11], zFrom[24], zName[256], zDistrict[96] = "", zNotes[1024];
  int64_t cur, id, itemId = 0;
  zf_stmt *pStmt;
  json_t *pItem;
  int rc;
  (void)scale;
  catalog_today(zToday);
  if( catalog_version_in_force(&catalog_reg_catalog, pDb, 0, zToday, &cur) ) return ZF_OK;
  snprintf(zFrom, sizeof zFrom, "%04d-01-01", atoi(zToday) + 1);
  pStmt = db_stmt(pDb, "SELECT r.name FROM setting s JOIN region r ON r.code=s.value WHERE s.key='deployment.root'");
  if( pStmt && db_step(pStmt)==1 ) snprintf(zDistrict, sizeof zDistrict, "%s", db_text(pStmt, 0));
  if( pStmt ) db_reset(pStmt);
  snprintf(zName, sizeof zName, "%s应急管理综合行政执法事项指导目录（%.4s年版，征求意见稿）", zDistrict, zFrom);
  memset(&v, 0, sizeof v);
  v.zName = zName; v.zFrom = zFrom; v.copyFrom = cur;
  v.zNotes = "演示数据：法制审核人员起草的下一年度目录草稿。";
  rc = catalog_version_create(&catalog_reg_catalog, pDb, ZF_WHO("legal"), &v, &id, e);
  if( rc ) return rc;
  memset(&in, 0, sizeof in);
  in.zCode = "AQ-CF-037"; in.zKind = "penalty";
  in.zName = "重大事故隐患排查治理情况未按照规定向负有安全生产监督管理职责的部门和职工大会或者职工代表大会报告（演示草稿）";
  in.azSector[0] = "general"; in.nSector = 1;
  in.zViolated = "《中华人民共和国安全生产法》第四十一条第二款";
  in.zPenalty = "《中华人民共和国安全生产法》第一百零一条第（五）项";
  in.azLevel[0] = "district"; in.nLevel = 1;
  in.maxFineOrg = 20000000; in.maxFinePerson = 5000000;
  in.zNotes = "演示草稿：从 AQ-CF-023 拆分的方案，待法制机构审定。";
  in.sortOrder = -1;
  rc = catalog_item_add(pDb, ZF_WHO("legal"), id, &in, &itemId, e);
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zFind);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  itemId = db_step(pStmt)==1 ? db_column_int64(pStmt, 0) : 0;
  db_reset(pStmt);
  if( itemId==0 ) return ZF_OK;
  pItem = catalog_item_json(pDb, itemId);
  snprintf(zNotes, sizeof zNotes, "%s（拟补充：受影响从业人员比例按培训档案统计。）",
           json_string_value(json_object_get(pItem, "notes")));
  json_object_set_new(pItem, "notes", json_string(zNotes));
  rc = catalog_item_from_json(pItem, &in, e);
  if( rc==ZF_OK ) rc = catalog_item_update(pDb, ZF_WHO("legal"), itemId, &in, e);
  json_decref(pItem);
  return rc;
}
