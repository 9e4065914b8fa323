/*
** plan_inspection_stub.c — a stand-in for inspection_insert_tx() of
** src/inspection.h while src/inspection.c is not yet in this branch, so
** that the plan module (publication creates scheduled inspections) builds
** and is tested. It is a WEAK definition: when src/inspection.c is linked
** its definition wins. Delete this file when merging inspection.c.
**
** Inserts the row the way the header describes (scheduled, no checks, no
** audit; the enterprise's region path for scope) with its people.
*/
#include "core/clock.h"
#include "inspection.h"

__attribute__((weak))
int inspection_insert_tx(zf_db *pDb, const char *zActor, const inspection_new *pNew, int64_t *pId){
  static const char zIns[] =
    "INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to,"
    " plan_id, draw_id, campaign_id, departments, note, created_by, created_at, updated_at)"
    " SELECT id, ?, region_path, ?, 'scheduled', ?, ?, NULLIF(?,0), NULLIF(?,0), NULLIF(?,0), ?, ?, ?, ?, ?"
    " FROM enterprise WHERE id=?";
  static const char zPerson[] = "INSERT INTO inspection_person(inspection_id, person_id, role) VALUES(?,?,?)";
  char zNow[24];
  int i, rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zIns, "isssiiisssssi", pNew->unitId, pNew->zType, pNew->zFrom, pNew->zTo, pNew->planId,
               pNew->drawId, pNew->campaignId, pNew->zDepartments ? pNew->zDepartments : "",
               pNew->zNote ? pNew->zNote : "", zActor, zNow, zNow, pNew->enterpriseId);
  if( rc ) return rc;
  if( db_changes(pDb)==0 ) return ZF_ENOTFOUND;
  *pId = db_last_id(pDb);
  for(i=0; rc==ZF_OK && i<pNew->nOfficer; i++) rc = db_exec(pDb, zPerson, "iis", *pId, pNew->aOfficer[i], "officer");
  for(i=0; rc==ZF_OK && i<pNew->nAssistant; i++) rc = db_exec(pDb, zPerson, "iis", *pId, pNew->aAssistant[i], "assistant");
  for(i=0; rc==ZF_OK && i<pNew->nExpert; i++) rc = db_exec(pDb, zPerson, "iis", *pId, pNew->aExpert[i], "expert");
  return rc;
}
