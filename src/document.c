/*
** document.c — official enforcement documents: the types the platform
** numbers and the number register (doc_number). A number is the largest
** issued for the same type, unit and year plus one, taken inside the
** caller's write transaction; the register refuses UPDATE and DELETE
** (triggers of migration 0015), so no number is issued twice nor reused,
** not even when the record it was issued for is voided.
*/
#include <stdio.h>
#include <string.h>
#include "core/clock.h"
#include "document.h"

/* The numbered types: key (doc_number.kind), the word of the number, the
** name. A new type also needs its key in doc_number's CHECK. */
static const struct { const char *zKey, *zWord, *zName; } document_types[] = {
  {"rectify_order",     "责改", "责令限期整改指令书"},
  {"reinspect_opinion", "复查", "整改复查意见书"},
  {0, 0, 0}
};

static int document_type_find(const char *zType){
  int i;
  for(i=0; zType && document_types[i].zKey; i++){
    if( strcmp(document_types[i].zKey, zType)==0 ) return i;
  }
  return -1;
}

const char *document_type_name(const char *zType){
  int i = document_type_find(zType);
  return i<0 ? 0 : document_types[i].zName;
}

/* The unit's name into zName; ZF_ENOTFOUND when there is no such unit. */
static int document_unit_name(zf_db *pDb, int64_t unitId, char *zName, size_t nName){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT name FROM unit WHERE id=?");
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", unitId);
  if( (rc = db_step(pStmt))==1 ) snprintf(zName, nName, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc==0 ? ZF_ENOTFOUND : -rc;
}

/* The next sequence number of (type, unit, year) into *pSeq. */
static int document_seq(zf_db *pDb, const char *zType, int64_t unitId, int year, int64_t *pSeq){
  static const char zNext[] =
    "SELECT COALESCE(max(seq), 0) + 1 FROM doc_number WHERE kind=? AND unit_id=? AND year=?";
  zf_stmt *pStmt = db_stmt(pDb, zNext);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sii", zType, unitId, (int64_t)year);
  if( (rc = db_step(pStmt))==1 ) *pSeq = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_EINTERNAL;
}

int document_number_next(zf_db *pDb, int64_t unitId, const char *zType, int year,
                         const char *zEntity, int64_t entityId, const char *zActor,
                         char *zOut, size_t nOut, int64_t *pSeq, zf_error *e){
  static const char zIns[] =
    "INSERT INTO doc_number(kind, unit_id, year, seq, number, entity, entity_id, issued_by, issued_at)"
    " VALUES(?,?,?,?,?,?,?,?,?)";
  char zName[200] = "", zNow[24];
  int64_t seq = 0;
  int t = document_type_find(zType), rc;
  if( t<0 ) return err_set(e, ZF_EINVAL, "type", "未知文书类型：%.40s", zType ? zType : "");
  if( year<2000 || year>2999 ) return err_set(e, ZF_EINVAL, "year", "文书年度 %d 无效", year);
  rc = document_unit_name(pDb, unitId, zName, sizeof zName);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "unit_id", "执法单位不存在：%lld", (long long)unitId);
  if( rc==ZF_OK ) rc = document_seq(pDb, zType, unitId, year, &seq);
  if( rc ) return err_set(e, rc, 0, 0);
  snprintf(zOut, nOut, "%s%s〔%d〕第%lld号", zName, document_types[t].zWord, year, (long long)seq);
  clock_now_iso(zNow);
  rc = db_exec(pDb, zIns, "siiississ", zType, unitId, (int64_t)year, seq, zOut, zEntity, entityId,
               zActor, zNow);
  if( rc ) return err_set(e, rc, 0, 0);
  if( pSeq ) *pSeq = seq;
  return ZF_OK;
}
