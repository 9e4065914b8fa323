/*
** covert.c — the covert-inspection rule for one record (see covert.h; the
** SQL form for lists is there too).
*/
#include <string.h>
#include "covert.h"
#include <stdio.h>

int covert_row_visible(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zType,
                       const char *zStatus, const char *zCreatedBy){
  static const char zSql[] =
    "SELECT 1 FROM inspection_person ip JOIN person p ON p.id=ip.person_id"
    " WHERE ip.inspection_id=? AND p.account_id=?";
  zf_stmt *pStmt;
  int ok = 0;
  if( pActor==0 || strcmp(zType, "covert")!=0 || strcmp(zStatus, "closed")==0 ) return 1;
  if( pActor->roles & (1u<<ROLE_LEADER) ) return 1;
  if( strcmp(zCreatedBy, pActor->zUsername)==0 ) return 1;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return 0;
  db_bind(pStmt, "ii", id, pActor->accountId);
  ok = db_step(pStmt)==1;
  db_reset(pStmt);
  return ok;
}

/* Reads inspection id's type, status and scheduler: 1 found, 0 not, -1
** error. */
static int covert_load(zf_db *pDb, int64_t id, char zType[16], char zStatus[16], char zBy[64]){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT type, status, created_by FROM inspection WHERE id=?");
  int rc;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zType, 16, "%s", db_text(pStmt, 0));
    snprintf(zStatus, 16, "%s", db_text(pStmt, 1));
    snprintf(zBy, 64, "%s", db_text(pStmt, 2));
  }
  db_reset(pStmt);
  return rc<0 ? -1 : rc;
}

int covert_visible(zf_db *pDb, const zf_who *pActor, int64_t id){
  char zType[16], zStatus[16], zBy[64];
  return covert_load(pDb, id, zType, zStatus, zBy)==1
      && covert_row_visible(pDb, pActor, id, zType, zStatus, zBy);
}

int covert_link_visible(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t id){
  zf_stmt *pStmt;
  int64_t inspectionId = 0;
  char zType[16], zStatus[16], zBy[64];
  int rc;
  if( pActor==0 || zKind==0 ) return 1;
  if( strcmp(zKind, "inspection")==0 ){
    inspectionId = id;
  }else if( strcmp(zKind, "hazard")==0 ){
    if( (pStmt = db_stmt(pDb, "SELECT inspection_id FROM hazard WHERE id=?"))==0 ) return 0;
    db_bind(pStmt, "i", id);
    if( db_step(pStmt)==1 ) inspectionId = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  if( inspectionId==0 ) return 1;
  rc = covert_load(pDb, inspectionId, zType, zStatus, zBy);
  if( rc<0 ) return 0;
  return rc==0 || covert_row_visible(pDb, pActor, inspectionId, zType, zStatus, zBy);
}

void covert_bind(zf_stmt *pStmt, const zf_who *pActor, int iL, int iU, int iA){
  db_bind_int(pStmt, iL, pActor==0 || (pActor->roles & (1u<<ROLE_LEADER))!=0);
  db_bind_text(pStmt, iU, pActor ? pActor->zUsername : "", -1, DB_TRANSIENT);
  db_bind_int64(pStmt, iA, pActor ? pActor->accountId : 0);
}
