/*
** notify.c — notifications for accounts (see notify.h). The HTTP side
** (list, mark read) is in hazard_api.c next to its first user.
*/
#include <stdio.h>
#include "core/clock.h"
#include "notify.h"

int notify_account(zf_db *pDb, int64_t accountId, const char *zKind, const char *zTitle,
                   const char *zBody, const char *zEntity, int64_t entityId){
  static const char zIns[] =
    "INSERT INTO notification(account_id, kind, title, body, entity, entity_id, created_at)"
    " VALUES(?,?,?,?,?,?,?)";
  char zNow[24], zId[24];
  clock_now_iso(zNow);
  snprintf(zId, sizeof zId, "%lld", (long long)entityId);
  return db_exec(pDb, zIns, "issssss", accountId, zKind, zTitle, zBody ? zBody : "",
                 zEntity ? zEntity : "", zId, zNow);
}

int notify_role_in_scope(zf_db *pDb, const char *zRole, const char *zPath, const char *zKind,
                         const char *zTitle, const char *zBody, const char *zEntity,
                         int64_t entityId){
  static const char zSql[] =
    "SELECT a.id FROM account a JOIN account_role r ON r.account_id=a.id AND r.role=?"
    " JOIN region g ON g.code=a.scope WHERE a.disabled=0 AND substr(?, 1, length(g.path))=g.path"
    " ORDER BY a.id LIMIT 200";
  int64_t aId[200];
  int n = 0, i, rc;
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "ss", zRole, zPath);
  while( (rc = db_step(pStmt))==1 ) aId[n++] = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( rc<0 ) return -1;
  for(i=0; i<n; i++){
    if( notify_account(pDb, aId[i], zKind, zTitle, zBody, zEntity, entityId)!=ZF_OK ) return -1;
  }
  return n;
}
