/*
** fsm.c — state machines as tables (see fsm.h): the lookup of a row by
** (state, action), the permission and guard check, and the actions open
** now. The first row matching (state, action) applies.
*/
#include <string.h>
#include "core/fsm.h"

/* A name for users: the machine's, else the key itself. */
static const char *fsm_name(const char *(*xName)(const char*), const char *zKey){
  const char *z = xName && zKey ? xName(zKey) : 0;
  return z ? z : (zKey ? zKey : "");
}

const zf_fsm_row *fsm_find(const zf_fsm *m, const char *zState, const char *zAction, zf_error *e){
  const zf_fsm_row *p;
  for(p=m->aRow; zState && zAction && p->zAction; p++){
    if( strcmp(p->zFrom, zState)==0 && strcmp(p->zAction, zAction)==0 ) return p;
  }
  err_set(e, m->rcRefuse ? m->rcRefuse : ZF_EPROCEDURE, m->zField ? m->zField : "status",
          "当前状态（%s）不能%s", fsm_name(m->xStateName, zState), fsm_name(m->xActionName, zAction));
  return 0;
}

int fsm_check(const zf_fsm *m, const zf_who *pWho, const char *zState, const char *zAction,
              const void *pRec, const zf_fsm_row **ppRow, zf_error *e){
  const zf_fsm_row *p = fsm_find(m, zState, zAction, e);
  int rc = ZF_OK;
  if( p==0 ) return e ? e->rc : (m->rcRefuse ? m->rcRefuse : ZF_EPROCEDURE);
  if( pWho && p->perm && !auth_allows(pWho->roles, p->perm) ){
    return err_set(e, ZF_EFORBIDDEN, 0, "您没有权限%s", fsm_name(m->xActionName, zAction));
  }
  if( p->xGuard ) rc = p->xGuard(pRec, e);
  if( rc==ZF_OK && ppRow ) *ppRow = p;
  return rc;
}

int fsm_next(const zf_fsm *m, const zf_who *pWho, const char *zState, const void *pRec,
             const char **azOut, int nOut){
  const zf_fsm_row *p;
  int n = 0, i;
  for(p=m->aRow; zState && p->zAction && n<nOut; p++){
    zf_error e = {0};
    if( strcmp(p->zFrom, zState) ) continue;
    for(i=0; i<n && strcmp(azOut[i], p->zAction); i++){}
    if( i<n ) continue;
    if( fsm_check(m, pWho, zState, p->zAction, pRec, 0, &e)==ZF_OK ) azOut[n++] = p->zAction;
  }
  return n;
}
