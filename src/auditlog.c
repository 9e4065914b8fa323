/*
** auditlog.c — GET /api/v1/audit and /api/v1/audit/verify.
**
** A reader sees the entries whose region lies in their scope subtree;
** entries without a region (system events such as loading reference data)
** are visible to readers scoped at county level or above.
**
** The covert rule (fieldwork.h) holds here too: an entry about a covert
** inspection (暗访暗查) or a record hanging off one — its hazards, their
** transfers, evidence and audio-video records linked to it or to its
** hazards — is left out, until the inspection is closed, for a reader who
** may not see the inspection itself (AUDITLOG_INSPECTION_OF gives the
** inspection of an entry, COVERT_VISIBLE_SQL decides).
**
** Personal data in an entry's change is masked on reading, by the reader's
** permissions, as every other view masks it (auditlog_mask): a person's
** identity number and phone unless the reader keeps staff records
** (staff.admin), an enterprise's contact phones unless the reader holds
** enterprise.contact. The stored entry, and so the chain, is untouched;
** an entry shown masked carries "masked": true (its hash is that of the
** stored text).
*/
#include <string.h>
#include "auditlog.h"
#include "core/audit.h"
#include "core/idcheck.h"
#include "enterprise.h"
#include "fieldwork.h"
#include "staff.h"

static int auditlog_sees_global(const zf_who *pWho){
  int nSlash = 0;
  const char *z;
  for(z=pWho->zScopePath; *z; z++) if( *z=='/' ) nSlash++;
  return nSlash<=4;   /* "/province/city/county/" */
}

/* The inspection a record linked by T.link_kind / T.link_id hangs off. */
#define AUDITLOG_LINKED(T) \
  "CASE " T ".link_kind WHEN 'inspection' THEN " T ".link_id WHEN 'hazard' THEN" \
  " (SELECT lh.inspection_id FROM hazard lh WHERE lh.id=" T ".link_id) END"

/* The inspection the entry a is about (NULL: none). */
#define AUDITLOG_INSPECTION_OF \
  "CASE a.entity WHEN 'inspection' THEN CAST(a.entity_id AS INTEGER)" \
  " WHEN 'hazard' THEN (SELECT ah.inspection_id FROM hazard ah WHERE ah.id=CAST(a.entity_id AS INTEGER))" \
  " WHEN 'hazard_transfer' THEN (SELECT th.inspection_id FROM hazard_transfer t" \
  "  JOIN hazard th ON th.id=t.hazard_id WHERE t.id=CAST(a.entity_id AS INTEGER))" \
  " WHEN 'evidence' THEN (SELECT " AUDITLOG_LINKED("ae") " FROM evidence ae" \
  "  WHERE ae.id=CAST(a.entity_id AS INTEGER))" \
  " WHEN 'av_record' THEN (SELECT " AUDITLOG_LINKED("av") " FROM av_record av" \
  "  WHERE av.id=CAST(a.entity_id AS INTEGER)) END"

/* What the reader may see unmasked (auditlog_mask). */
#define AUDITLOG_STAFF_FULL   1   /* persons' identity numbers and phones */
#define AUDITLOG_CONTACT_FULL 2   /* enterprises' contact phones */

/* Masks string z of key zKey of an entry about zEntity into zOut; 0 when
** the key is not personal data or the reader sees it unmasked. */
static int auditlog_mask_value(const char *zEntity, const char *zKey, const char *z, unsigned full,
                               char *zOut, size_t n){
  if( strcmp(zKey, "id_number")==0 && !(full & AUDITLOG_STAFF_FULL) ){
    idcheck_mask(z, zOut, n);
  }else if( strcmp(zEntity, "person")==0 && strcmp(zKey, "phone")==0 && !(full & AUDITLOG_STAFF_FULL) ){
    staff_mask_phone(z, zOut, n);
  }else if( strcmp(zEntity, "enterprise")==0 && !(full & AUDITLOG_CONTACT_FULL)
         && (strcmp(zKey, "principal_phone")==0 || strcmp(zKey, "safety_manager_phone")==0) ){
    ent_mask_phone(z, zOut, n);
  }else{
    return 0;
  }
  return strcmp(zOut, z)!=0;
}

/* Masks, in place, the personal data anywhere in pChange (objects, and
** arrays such as [before, after] under a key); returns how many values
** were masked. zKey: the key pValue sits under ("" at the top). */
static int auditlog_mask(const char *zEntity, json_t *pValue, const char *zKey, unsigned full){
  const char *zSub;
  json_t *v;
  size_t i;
  int n = 0;
  if( json_is_object(pValue) ){
    json_object_foreach(pValue, zSub, v){
      char zOut[64];
      if( json_is_string(v) && auditlog_mask_value(zEntity, zSub, json_string_value(v), full, zOut, sizeof zOut) ){
        json_object_set_new(pValue, zSub, json_string(zOut));
        n++;
      }else{
        n += auditlog_mask(zEntity, v, zSub, full);
      }
    }
  }else if( json_is_array(pValue) ){
    json_array_foreach(pValue, i, v){
      char zOut[64];
      if( json_is_string(v) && auditlog_mask_value(zEntity, zKey, json_string_value(v), full, zOut, sizeof zOut) ){
        json_array_set_new(pValue, i, json_string(zOut));
        n++;
      }else{
        n += auditlog_mask(zEntity, v, zKey, full);
      }
    }
  }
  return n;
}

/* One entry as JSON, its change masked for the reader. */
static json_t *auditlog_entry_json(zf_stmt *pStmt, unsigned full){
  json_t *pChange = json_loads(db_text(pStmt, 7), 0, 0), *p;
  int nMasked = pChange ? auditlog_mask(db_text(pStmt, 4), pChange, "", full) : 0;
  p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s}",
    "seq", (json_int_t)db_column_int64(pStmt, 0), "at", db_text(pStmt, 1), "actor", db_text(pStmt, 2),
    "action", db_text(pStmt, 3), "entity", db_text(pStmt, 4), "entity_id", db_text(pStmt, 5),
    "region", db_text(pStmt, 6), "change", pChange ? pChange : json_string(db_text(pStmt, 7)),
    "prev_hash", db_text(pStmt, 8), "hash", db_text(pStmt, 9));
  if( p && nMasked ) json_object_set_new(p, "masked", json_true());
  return p;
}

/*
** ROUTE: GET /api/v1/audit
** Newest first; filters ?entity= ?entity_id= ?actor= ?action=; cursor =
** the last seq seen (entries with smaller seq follow). Entries of a covert
** inspection under way the reader may not see are left out; personal data
** masked by the reader's permissions (top of file).
*/
int auditlog_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.region, a.change,"
    " a.prev_hash, a.hash FROM audit a LEFT JOIN region g ON g.code=a.region"
    " WHERE (g.path LIKE ?1 || '%' OR (a.region='' AND ?2=1))"
    " AND (?3 IS NULL OR a.entity=?3) AND (?4 IS NULL OR a.entity_id=?4)"
    " AND (?5 IS NULL OR a.actor=?5) AND (?6 IS NULL OR a.action=?6)"
    " AND (?7=0 OR a.seq<?7)"
    " AND (a.entity NOT IN ('inspection','hazard','hazard_transfer','evidence','av_record') OR"
    COVERT_VISIBLE_SQL(AUDITLOG_INSPECTION_OF, "9", "10", "11") ")"
    " ORDER BY a.seq DESC LIMIT ?8";
  const char *zEntity = http_query(r, "entity"), *zId = http_query(r, "entity_id");
  const char *zActor = http_query(r, "actor"), *zAction = http_query(r, "action");
  unsigned full = (auth_allows(r->who.roles, PERM_STAFF_ADMIN) ? AUDITLOG_STAFF_FULL : 0)
                | (auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT) ? AUDITLOG_CONTACT_FULL : 0);
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc;
  int64_t cursor, last = 0;
  rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sdssssii", r->who.zScopePath, auditlog_sees_global(&r->who),
          zEntity, zId, zActor, zAction, cursor, (int64_t)limit + 1);
  covert_bind(pStmt, &r->who, 9, 10, 11);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, auditlog_entry_json(pStmt, full));
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
