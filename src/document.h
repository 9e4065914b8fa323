/*
** document.h — official enforcement documents (执法文书, plan clauses 12,
** 16). For now the number register: every number issued, per issuing
** unit, document type and year, server-made, never changed, never reused
** (table doc_number, src/sql/0015_hazard_docs.sql, owned by this module).
** Procedures name the document an action issues in their state-machine
** table (core/fsm.h, zDocument) and ask this module for its number.
** Rendering (PDF), delivery and verification come here next.
*/
#ifndef ZF_DOCUMENT_H
#define ZF_DOCUMENT_H
#include <stddef.h>
#include <stdint.h>
#include "core/db.h"

/* Chinese name of document type zType ("rectify_order" →
** 责令限期整改指令书); NULL when unknown. */
const char *document_type_name(const char *zType);

/*
** Issues the next number of document type zType for unit unitId in year
** `year`: seq = the largest issued for (type, unit, year) + 1, the text
** "<unit name><word>〔<year>〕第<seq>号" (e.g. 执法一中队责改〔2026〕第3号),
** recorded with what it was issued for (zEntity, entityId) and by whom
** (zActor). Call it inside the write transaction of the act that issues
** the document: the number goes (or not) with the act. zOut gets the
** text (nOut ≥ 300 holds any); *pSeq the sequence number when pSeq is
** not NULL. Refusals: ZF_EINVAL naming "type" (unknown type) or "year"
** (outside 2000–2999), ZF_ENOTFOUND naming "unit_id"; else a database rc.
*/
int document_number_next(zf_db *pDb, int64_t unitId, const char *zType, int year,
                         const char *zEntity, int64_t entityId, const char *zActor,
                         char *zOut, size_t nOut, int64_t *pSeq, zf_error *e);

#endif
