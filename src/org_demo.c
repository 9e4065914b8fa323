/*
** org_demo.c — the demo district's organisation data: the powers granted to
** the streets and the units' contacts.
*/
#include <string.h>
#include "core/clock.h"
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/log.h"
#include "org.h"

static int64_t org_demo_unit(zf_db *pDb, const char *zName){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT id FROM unit WHERE name=?");
  int64_t id = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zName);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

/* Catalog item codes a street may be granted: from the catalog when its
** table is present (merged branch), else placeholders. Fills az (n). */
static int org_demo_items(zf_db *pDb, char az[][41], int nMax){
  static const char *const azPlaceholder[] = {
    "AJ-JC-001", "AJ-JC-002", "AJ-CF-011", "AJ-CF-012", "AJ-CF-021", "AJ-QZ-001", 0
  };
  zf_stmt *pStmt = 0;
  int n = 0;
  /* Raw prepare on purpose: a catalog schema other than expected simply
  ** means placeholders, without an error in the log. */
  if( (pStmt = db_prepare(pDb,
        "SELECT DISTINCT i.code FROM catalog_item i JOIN catalog_version v ON v.id=i.version_id"
        " WHERE v.status='published' AND i.levels LIKE '%,street,%' ORDER BY i.code"))!=0 ){
    while( n<nMax && db_step(pStmt)==1 ){
      snprintf(az[n++], 41, "%s", (const char*)db_column_text(pStmt, 0));
    }
  }
  db_finalize(pStmt);
  for(; n<nMax && azPlaceholder[n]; n++) snprintf(az[n], 41, "%s", azPlaceholder[n]);
  return n;
}

/* Codes, short names and contacts of the demo units (one transaction). */
static int org_demo_contacts(zf_db *pDb){
  static const struct { const char *zName, *zCode, *zShort, *zPhone, *zAddr; } a[] = {
    {"青云谱区应急管理局", "11360104MB1786543X", "青", "0791-85201234", "南昌市青云谱区井冈山大道1288号"},
    {"青云谱区应急管理综合行政执法大队", 0, "青", "0791-85201299", "南昌市青云谱区井冈山大道1288号"},
    {"洪都街道办事处", 0, 0, "0791-85210010", "南昌市青云谱区洪都中大道"},
    {"京山街道办事处", 0, 0, "0791-85230020", "南昌市青云谱区京山北路"},
    {"三家店街道办事处", 0, 0, "0791-85240030", "南昌市青云谱区三店西路"},
    {"岱山街道办事处", 0, 0, "0791-85250040", "南昌市青云谱区岱山东路"},
    {"徐家坊街道办事处", 0, 0, "0791-85260050", "南昌市青云谱区徐家坊路"},
    {"青云谱镇人民政府", 0, 0, "0791-85270060", "南昌市青云谱区青云谱路"},
    {"江西青云谱新经济产业集聚区管委会", 0, 0, "0791-85280070", "南昌市青云谱区昌南大道"},
    {0, 0, 0, 0, 0}
  };
  static const char zUpd[] =
    "UPDATE unit SET code=?, short_name=?, phone=?, address=?, updated_at=? WHERE name=?";
  char zNow[24];
  int i, rc = db_begin(pDb);
  clock_now_iso(zNow);
  for(i=0; rc==ZF_OK && a[i].zName; i++){
    rc = db_exec(pDb, zUpd, "ssssss", a[i].zCode, a[i].zShort, a[i].zPhone, a[i].zAddr, zNow, a[i].zName);
  }
  if( rc==ZF_OK ){
    rc = audit_record(pDb, "cli", "unit.update", "unit", 0, "360104",
                   json_pack("{s:s,s:s}", "source", "demo", "fields", "code,short_name,phone,address"));
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

int org_demo(zf_db *pDb, int scale, zf_error *e){
  /* unit, item index, kind, from, to, document, revoke-from (or NULL) */
  static const struct { const char *zUnit; int iItem; const char *zKind, *zFrom, *zTo, *zDoc, *zRevoke; } g[] = {
    {"洪都街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"洪都街道办事处", 1, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"洪都街道办事处", 2, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", 0},
    {"洪都街道办事处", 3, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", "2025-07-01"},
    {"京山街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"京山街道办事处", 2, "entrust", "2023-03-01", 0, "青应急〔2023〕5号", 0},
    {"三家店街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"岱山街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"徐家坊街道办事处", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"青云谱镇人民政府", 0, "grant", "2023-01-01", "2025-12-31", "青府发〔2022〕18号", 0},
    {"江西青云谱新经济产业集聚区管委会", 0, "grant", "2023-01-01", 0, "青府发〔2022〕18号", 0},
    {"江西青云谱新经济产业集聚区管委会", 1, "grant", "2024-01-01", 0, "青府发〔2023〕31号", 0},
    {0, 0, 0, 0, 0, 0, 0}
  };
  char azItem[6][41];
  int i, nItem, rc;
  (void)scale;
  rc = org_demo_contacts(pDb);
  if( rc ) return err_set(e, rc, 0, "无法写入演示单位信息");
  nItem = org_demo_items(pDb, azItem, 6);
  for(i=0; rc==ZF_OK && g[i].zUnit; i++){
    org_power_new p = { azItem[g[i].iItem % nItem], g[i].zKind, g[i].zFrom, g[i].zTo, g[i].zDoc,
                        "演示数据" };
    int64_t unitId = org_demo_unit(pDb, g[i].zUnit), pid;
    if( unitId==0 ) continue;
    rc = org_power_add(pDb, 0, unitId, &p, &pid, e);
    if( rc==ZF_OK && g[i].zRevoke ){
      rc = org_power_revoke(pDb, 0, unitId, pid, g[i].zRevoke, "职责调整，收回委托", e);
    }
  }
  if( rc ) log_error("org demo: %s", e ? e->message : "");
  return rc;
}
