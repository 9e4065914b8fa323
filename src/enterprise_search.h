/*
** enterprise_search.h — listing and searching the enterprise ledger: the
** name index (SQLite FTS5, trigram tokenizer), the query (fragment or
** credit-code prefix, scope, filters, sort) and keyset pagination. Used by
** GET /api/v1/enterprises and by exports (enterprise_io.c), which walk the
** same pages to the end. Plan clause 18 (the ledger at hand).
*/
#ifndef ZF_ENTERPRISE_SEARCH_H
#define ZF_ENTERPRISE_SEARCH_H
#include "enterprise.h"

/*
** Keeps the name index in step with the table: removes zOld (NULL: none)
** and adds zNew (NULL: none) for enterprise id. Inside the caller's
** transaction; every write of enterprise.name goes through here.
*/
int ent_search_index(zf_db *pDb, int64_t id, const char *zOld, const char *zNew);

/* What to list. Strings are borrowed; unset filters are NULL / empty. */
typedef struct ent_query {
  char zQ[256];                /* trimmed ?q= */
  int qIsCode;                 /* q is a credit-code prefix (else a name fragment) */
  char zPathLo[128], zPathHi[128];   /* region subtree as a path range */
  const char *zSector;         /* "trade" also matches "trade.*" */
  const char *zLevel, *zStatus, *zHazard;
  char zIndustry[8];           /* stored-form prefix ("26"), or "" */
  char cSection;               /* section letter filter, or 0 */
  int sort;                    /* ENT_SORT_* */
} ent_query;

/* Orders of a list. The default is by name without q, registration order
** (id) with a name fragment, by credit code with a code prefix. */
enum { ENT_SORT_NAME, ENT_SORT_UPDATED, ENT_SORT_REGISTERED, ENT_SORT_CODE };

/* Position after the last row of a page (opaque to clients). */
typedef struct ent_cursor {
  int set;
  char zKey[512];              /* name or updated_at of the last row */
  int64_t id;
} ent_cursor;
void ent_cursor_encode(const ent_cursor *p, char *zOut, size_t n);
int ent_cursor_decode(const char *z, ent_cursor *p);    /* 1 when valid */

/*
** Fills *pQ from the request's ?q=, region, sector, level, status, hazard,
** industry, sort, checking each (400 naming the parameter; 403 for a
** region outside the caller's scope). The scope is the caller's unless
** region narrows it.
*/
int ent_query_from_request(zf_req *r, ent_query *pQ);
/* Sets the scope range from a region path ("/360000/…/"). */
void ent_query_scope(ent_query *pQ, const char *zPath);
/* Sets q (name fragment or code prefix) and the default order for it;
** ZF_EINVAL with a reason in e. */
int ent_query_set_q(ent_query *pQ, const char *zQ, zf_error *e);

/* Columns of the rows handed to xRow, in this order. */
#define ENT_LIST_COLS "e.id, e.name, e.updated_at, e.uscc, e.address, e.region, r.name," \
  " e.industry, e.sector, e.supervising_level, e.status, e.employees, e.version, e.hazards," \
  " e.major_hazard_level"

/*
** One page of at most `limit` rows after *pCursor (unset: from the start),
** in the query's order; xRow is called for each row with the statement
** (ENT_LIST_COLS). *pCursor is moved to the last row; *pMore says whether
** rows remain. xRow returning non-zero stops with that rc.
*/
int ent_search_page(zf_db *pDb, const ent_query *pQ, ent_cursor *pCursor, int limit,
                    int (*xRow)(void*, zf_stmt*), void *pArg, int *pMore);

/* Reads ?limit= (1–200, default 50) and the opaque ?cursor= (400 naming
** the parameter when bad). */
int ent_page_params(zf_req *r, int *pLimit, ent_cursor *pCursor);

/* The plan the last ent_search_page chose (for tests and benchmarks):
** 'f' name-index matches then sort, 'u' code-prefix matches then sort,
** 's' the scope then sort, 'o' walk the order's index, 'F' walk the name
** index's matches in registration order. */
char ent_search_last_plan(void);
/* Forgets the remembered scope sizes (after bulk changes). */
void ent_search_forget(void);
/* Sets the plan thresholds (0: defaults 1000 matches, 2000 rows in scope)
** and forgets the remembered scope sizes; tests use small values to
** exercise every plan on small data. */
void ent_search_tune(int capMatch, int capScope);

#endif
