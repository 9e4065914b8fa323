/*
** covert.h — the covert-inspection rule (暗查暗访, plan clause 15): while a
** covert inspection is under way, only the leaders, the account that
** scheduled it and its own people may know of it — the inspection and
** everything hanging off it (hazards, evidence, recordings, transfers,
** audit entries). Closed, it is seen like any other.
**
** The rule is applied where data is read: in C for one record
** (covert_visible, covert_link_visible) and in SQL for lists
** (COVERT_VISIBLE_ROW_SQL, COVERT_VISIBLE_SQL with covert_bind), so that a
** new reader (an export, the portal, the audit log) uses the same terms.
** A NULL actor is the command line, which sees everything.
*/
#ifndef ZF_COVERT_H
#define ZF_COVERT_H
#include <stdint.h>
#include "core/auth.h"
#include "core/db.h"

/* May pActor know of inspection id? 1 yes, 0 no (also for an unknown id). */
int covert_visible(zf_db *pDb, const zf_who *pActor, int64_t id);

/* The same for an inspection row already read: its id, type, status and
** the username that scheduled it. */
int covert_row_visible(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zType,
                       const char *zStatus, const char *zCreatedBy);

/* The rule for records hanging off an inspection (evidence, audio-video
** records, hazards): may pActor see the record linked to zKind
** ("inspection", "hazard"; anything else: yes) id? A hazard is seen when
** its inspection is; an unknown inspection or hazard counts as visible
** (the caller reports it absent itself). 1 yes, 0 no. */
int covert_link_visible(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t id);

/*
** The rule as SQL terms for list queries. L, U, A are parameter numbers
** (text) bound by covert_bind(): 1 for leaders and the command line, the
** username (the scheduler), the account id (the inspection's people).
**   COVERT_VISIBLE_ROW_SQL(T): the inspection row T (an alias in the
**     query) may be seen: not covert, closed, or the actor is a leader, its
**     scheduler or one of its people;
**   COVERT_VISIBLE_SQL(E): the same for the inspection whose id is the SQL
**     expression E (true when there is none).
*/
#define COVERT_VISIBLE_ROW_SQL(T, L, U, A) \
  " (" T ".type<>'covert' OR " T ".status='closed' OR ?" L "=1 OR " T ".created_by=?" U \
  " OR EXISTS(SELECT 1 FROM inspection_person cp JOIN person pp ON pp.id=cp.person_id" \
  " WHERE cp.inspection_id=" T ".id AND pp.account_id=?" A "))"
#define COVERT_VISIBLE_SQL(E, L, U, A) \
  " NOT EXISTS(SELECT 1 FROM inspection cv WHERE cv.id=(" E ") AND NOT" \
  COVERT_VISIBLE_ROW_SQL("cv", L, U, A) ")"
void covert_bind(zf_stmt *pStmt, const zf_who *pActor, int iL, int iU, int iA);

#endif
