/*
** auditlog.c — GET /api/v1/audit and /api/v1/audit/verify.
**
** A reader sees the entries whose region lies in their scope subtree;
** entries without a region (system events such as loading reference data)
** are visible to readers scoped at county level or above.
*/
#include <string.h>
#include "auditlog.h"
#include "core/audit.h"

static int auditlog_sees_global(const zf_who *pWho){
  int nSlash = 0;
  const char *z;
  for(z=pWho->zScopePath; *z; z++) if( *z=='/' ) nSlash++;
  return nSlash<=4;   /* "/province/city/county/" */
}

/*
** ROUTE: GET /api/v1/audit
** Newest first; filters ?entity= ?entity_id= ?actor= ?action=; cursor =
** the last seq seen (entries with smaller seq follow).
*/
int auditlog_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.region, a.change,"
    " a.prev_hash, a.hash FROM audit a LEFT JOIN region g ON g.code=a.region"
    " WHERE (g.path LIKE ? || '%' OR (a.region='' AND ?=1))"
    " AND (? IS NULL OR a.entity=?) AND (? IS NULL OR a.entity_id=?)"
    " AND (? IS NULL OR a.actor=?) AND (? IS NULL OR a.action=?)"
    " AND (?=0 OR a.seq<?) ORDER BY a.seq DESC LIMIT ?";
  const char *zEntity = http_query(r, "entity"), *zId = http_query(r, "entity_id");
  const char *zActor = http_query(r, "actor"), *zAction = http_query(r, "action");
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc;
  int64_t cursor, last = 0;
  rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sdssssssssiii", r->who.zScopePath, auditlog_sees_global(&r->who),
          zEntity, zEntity, zId, zId, zActor, zActor, zAction, zAction,
          cursor, cursor, (int64_t)limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    json_t *pChange;
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    pChange = json_loads(db_text(pStmt, 7), 0, 0);
    json_array_append_new(pItems, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s}",
      "seq", (json_int_t)last, "at", db_text(pStmt, 1), "actor", db_text(pStmt, 2),
      "action", db_text(pStmt, 3), "entity", db_text(pStmt, 4), "entity_id", db_text(pStmt, 5),
      "region", db_text(pStmt, 6), "change", pChange ? pChange : json_string(db_text(pStmt, 7)),
      "prev_hash", db_text(pStmt, 8), "hash", db_text(pStmt, 9)));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

/* ROUTE: GET /api/v1/audit/verify — recomputes the whole chain. */
int auditlog_verify_handler(zf_req *r){
  audit_report rep;
  int rc = audit_verify(r->pDb, &rep);
  json_t *p;
  if( rc ) return rc;
  p = json_pack("{s:b,s:I}", "ok", rep.brokenSeq==0, "entries", (json_int_t)rep.nEntry);
  if( rep.brokenSeq ){
    json_object_set_new(p, "broken_seq", json_integer(rep.brokenSeq));
    json_object_set_new(p, "reason", json_string(rep.zReason));
  }
  return http_reply(r, 200, p);
}
