/*
** audit.h — the append-only, hash-chained record of every change
** (全过程记录, plan clauses 13 and 16).
**
** Every state change calls audit_append() inside the same transaction as the
** change itself, so the record and the change commit or vanish together.
*/
#ifndef ZF_AUDIT_H
#define ZF_AUDIT_H
#include <jansson.h>
#include "db.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/*
** audit_append() for a record with an integer id; takes ownership of
** pChange (freed here). A NULL zActor is the command line ("cli").
*/
int audit_record(zf_db *pDb, const char *zActor, const char *zAction, const char *zEntity,
                 int64_t id, const char *zRegion, json_t *pChange);

/*
** Appends one entry. Must run inside db_begin()/db_commit(). zRegion is the
** region code the changed record belongs to (for scoped reading). pChange is
** borrowed (not freed); it is stored as compact JSON with sorted keys.
*/
int audit_append(zf_db *pDb, const char *zActor, const char *zAction,
                 const char *zEntity, const char *zEntityId,
                 const char *zRegion, json_t *pChange);

/* Result of checking the chain. brokenSeq is 0 when the chain is intact. */
typedef struct audit_report {
  long long nEntry;       /* entries read */
  long long brokenSeq;    /* first bad entry, 0 if none */
  char zReason[160];      /* why it is bad (English, for logs and CLI) */
} audit_report;

/* Recomputes every hash from seq 1; stops at the first bad entry. */
int audit_verify(zf_db *pDb, audit_report *pRep);

/* Hash of one entry's fields (exposed for tests). out: 65 bytes hex. */
void audit_hash(long long seq, const char *zAt, const char *zActor,
                const char *zAction, const char *zEntity, const char *zEntityId,
                const char *zRegion, const char *zChange, const char *zPrev,
                char out[65]);

#endif
