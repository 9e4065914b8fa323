/*
** fsm.h — state machines as tables. A procedure (a hazard's rectification,
** an annual plan, next the penalty case) lists its transitions as rows
** (from, action, to, permission, guard, document, deadline rule); the
** procedure asks this module which row applies to (state, action), whether
** the caller may take it now, and which actions are open to a caller on a
** record (the page's "next" buttons). No domain knowledge here: states,
** actions, documents and rule keys are the caller's strings.
*/
#ifndef ZF_FSM_H
#define ZF_FSM_H
#include "core/auth.h"
#include "core/err.h"

/* A guard: ZF_OK when the record (the caller's struct, passed through as
** pRec) meets the row's conditions, else fills e (rc, field, a Chinese
** message listing what is unmet) and returns its rc. */
typedef int (*zf_fsm_guard)(const void *pRec, zf_error *e);

/* One transition. zTo NULL: the act decides among the states its comment
** lists (e.g. a re-inspection's result). perm: an enum zf_perm the caller
** needs (0: none beyond the route's). zDocument: the document type the act
** issues (document.h), zDeadlineRule: the rule key of the deadline it
** sets (rules.h); NULL when none. */
typedef struct zf_fsm_row {
  const char *zFrom, *zAction, *zTo;
  int perm;
  zf_fsm_guard xGuard;
  const char *zDocument, *zDeadlineRule;
} zf_fsm_row;

/* A machine: its rows (ended by a row with zAction NULL), the names users
** read (may be NULL: the keys are shown), the field a refusal names
** ("status") and its rc (0: ZF_EPROCEDURE, 422). */
typedef struct zf_fsm {
  const zf_fsm_row *aRow;
  const char *(*xStateName)(const char *zState);
  const char *(*xActionName)(const char *zAction);
  const char *zField;
  int rcRefuse;
} zf_fsm;

/* The row of (zState, zAction); NULL with e filled ("当前状态（…）不能…",
** naming the state and the action, field zField) when there is none. */
const zf_fsm_row *fsm_find(const zf_fsm *m, const char *zState, const char *zAction, zf_error *e);

/* fsm_find, then the permission (pWho NULL: the command line, allowed;
** refused: ZF_EFORBIDDEN) and the guard. ZF_OK with *ppRow set (ppRow may
** be NULL), else the refusal's rc with e filled. */
int fsm_check(const zf_fsm *m, const zf_who *pWho, const char *zState, const char *zAction,
              const void *pRec, const zf_fsm_row **ppRow, zf_error *e);

/* The actions pWho may take now on a record in zState (permission and
** guard pass), each once, in table order, into azOut (at most nOut).
** Returns how many. */
int fsm_next(const zf_fsm *m, const zf_who *pWho, const char *zState, const void *pRec,
             const char **azOut, int nOut);

#endif
