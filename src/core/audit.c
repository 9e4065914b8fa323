/*
** audit.c — the hash chain.
**
** Entry n's hash is SHA-256 over the UTF-8 text
**   seq \x1f at \x1f actor \x1f action \x1f entity \x1f entity_id \x1f
**   region \x1f change \x1f prev_hash
** where prev_hash is entry n-1's hash (64 zeros for entry 1). Because the
** preimage includes seq and prev_hash, editing, inserting, deleting or
** reordering any entry breaks every hash from that entry on; verification
** names the first entry whose stored values no longer match.
**
** Appends are serialised by the write transaction they run in (BEGIN
** IMMEDIATE), so two writers can never chain onto the same predecessor.
*/
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "clock.h"
#include "log.h"

void audit_hash(long long seq, const char *zAt, const char *zActor,
                const char *zAction, const char *zEntity, const char *zEntityId,
                const char *zRegion, const char *zChange, const char *zPrev,
                char out[65]){
  crypto_hash_sha256_state st;
  unsigned char aHash[crypto_hash_sha256_BYTES];
  char zSeq[32];
  const char *azPart[9];
  int i;
  snprintf(zSeq, sizeof zSeq, "%lld", seq);
  azPart[0] = zSeq; azPart[1] = zAt; azPart[2] = zActor; azPart[3] = zAction;
  azPart[4] = zEntity; azPart[5] = zEntityId; azPart[6] = zRegion;
  azPart[7] = zChange; azPart[8] = zPrev;
  crypto_hash_sha256_init(&st);
  for(i=0; i<9; i++){
    if( i ) crypto_hash_sha256_update(&st, (const unsigned char*)"\x1f", 1);
    crypto_hash_sha256_update(&st, (const unsigned char*)azPart[i], strlen(azPart[i]));
  }
  crypto_hash_sha256_final(&st, aHash);
  sodium_bin2hex(out, 65, aHash, sizeof aHash);
}

int audit_append(zf_db *pDb, const char *zActor, const char *zAction,
                 const char *zEntity, const char *zEntityId,
                 const char *zRegion, json_t *pChange){
  static const char zLast[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
  static const char zIns[] =
    "INSERT INTO audit(seq, at, actor, action, entity, entity_id, region, change, prev_hash, hash)"
    " VALUES(?,?,?,?,?,?,?,?,?,?)";
  zf_stmt *pStmt;
  char zPrev[65], zHash[65], zAt[24];
  char *zChange;
  long long seq = 1;
  int rc;
  if( !db_in_tx(pDb) ){
    log_error("audit_append outside a transaction (%s %s)", zAction, zEntity);
    return ZF_EINTERNAL;
  }
  memcpy(zPrev, AUDIT_GENESIS, 65);
  pStmt = db_stmt(pDb, zLast);
  if( pStmt==0 ) return ZF_EINTERNAL;
  rc = db_step(pStmt);
  if( rc<0 ) return -rc;
  if( rc==1 ){
    seq = db_column_int64(pStmt, 0) + 1;
    snprintf(zPrev, sizeof zPrev, "%s", db_text(pStmt, 1));
  }
  db_reset(pStmt);
  zChange = pChange ? json_dumps(pChange, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
  if( zChange==0 ) return ZF_EINTERNAL;
  clock_now_iso(zAt);
  if( zRegion==0 ) zRegion = "";
  audit_hash(seq, zAt, zActor, zAction, zEntity, zEntityId, zRegion, zChange, zPrev, zHash);
  rc = db_exec(pDb, zIns, "isssssssss", (int64_t)seq, zAt, zActor, zAction,
               zEntity, zEntityId, zRegion, zChange, zPrev, zHash);
  free(zChange);
  return rc;
}

int audit_verify(zf_db *pDb, audit_report *pRep){
  zf_stmt *pStmt = 0;
  char zPrev[65], zHash[65];
  long long expect = 1;
  int rc;
  memset(pRep, 0, sizeof *pRep);
  memcpy(zPrev, AUDIT_GENESIS, 65);
  rc = sqlite3_prepare_v2(db_handle(pDb),
    "SELECT seq, at, actor, action, entity, entity_id, region, change, prev_hash, hash"
    " FROM audit ORDER BY seq", -1, &pStmt, 0);
  if( rc!=SQLITE_OK ) return db_rc(rc);
  while( (rc = sqlite3_step(pStmt))==SQLITE_ROW ){
    long long seq = db_column_int64(pStmt, 0);
    const char *zStoredPrev = db_text(pStmt, 8);
    const char *zStored = db_text(pStmt, 9);
    pRep->nEntry++;
    if( seq!=expect ){
      pRep->brokenSeq = expect;
      snprintf(pRep->zReason, sizeof pRep->zReason,
               "entry %lld is missing (next present entry is %lld)", expect, seq);
      break;
    }
    if( strcmp(zStoredPrev, zPrev)!=0 ){
      pRep->brokenSeq = seq;
      snprintf(pRep->zReason, sizeof pRep->zReason,
               "entry %lld: prev_hash does not match the hash of entry %lld", seq, seq-1);
      break;
    }
    audit_hash(seq, db_text(pStmt, 1), db_text(pStmt, 2), db_text(pStmt, 3),
               db_text(pStmt, 4), db_text(pStmt, 5), db_text(pStmt, 6),
               db_text(pStmt, 7), zPrev, zHash);
    if( strcmp(zHash, zStored)!=0 ){
      pRep->brokenSeq = seq;
      snprintf(pRep->zReason, sizeof pRep->zReason,
               "entry %lld: content does not match its hash (edited after writing)", seq);
      break;
    }
    memcpy(zPrev, zHash, 65);
    expect++;
  }
  db_finalize(pStmt);
  if( rc!=SQLITE_ROW && rc!=SQLITE_DONE ) return db_rc(rc);
  return ZF_OK;
}
