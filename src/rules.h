/*
** rules.h — versioned legal parameters (rule sets) and discretion
** benchmarks (裁量基准). Plan clauses 12 (规范执法程序: time limits,
** thresholds, benchmarks) and 13 (监督: every change recorded); numbers and
** sources from shared RULES.md.
**
** Legal numbers are data, never constants in code. A rule set has an
** effective date; the set in force on date D is the published set with the
** latest effective_from <= D. A case records the set in force on its
** filing date (rules_set_in_force() → id + name) and keeps using it through
** rules_get_in_set(). Values carry a unit: compute dates with
** rules_deadline(), which honours it (days vs working days).
**
** Workflow: a new draft is copied from a base set, edited, then published
** (effective date >= today unless "retroactive" with a reason) or voided.
** Published sets are immutable (also enforced by triggers). Every change is
** one transaction with its audit entry.
*/
#ifndef ZF_RULES_H
#define ZF_RULES_H
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"

/* Which set a value came from: a case stores id (and shows name). */
typedef struct rules_set_ref {
  int64_t id;
  char zName[256];
  char zEffective[11];
} rules_set_ref;

/* One parameter as read from a set. */
typedef struct rules_value {
  char zKey[64];
  int64_t value;
  char zUnit[12];            /* days workdays hours months years fen percent count */
  char zLabel[256];
  char zSource[512];
  int verified;              /* 0 = 待核 */
  rules_set_ref set;
} rules_value;

/*
** The published set in force on zDate (YYYY-MM-DD). Errors: a bad date or
** a date before every published set → ZF_EINVAL naming "date".
*/
int rules_set_in_force(zf_db *pDb, const char *zDate, rules_set_ref *pRef, zf_error *e);

/*
** Value of zKey in the set in force on zDate. An unknown key is a
** programming error: ZF_EINTERNAL, logged. A date before every set:
** ZF_EINVAL naming "date".
*/
int rules_int(zf_db *pDb, const char *zKey, const char *zDate, int64_t *pValue, zf_error *e);

/* Like rules_int() with unit, label, source, verified flag and the set. */
int rules_get(zf_db *pDb, const char *zKey, const char *zDate, rules_value *pOut, zf_error *e);

/* zKey in the given set (the one a case recorded), any status but void. */
int rules_get_in_set(zf_db *pDb, int64_t setId, const char *zKey, rules_value *pOut,
                     zf_error *e);

/*
** The deadline zStart + rule zKey, in the set setId (0: the set in force
** on zStart), by the rule's unit: workdays → the n-th working day after
** zStart; days → n calendar days, moved on past rest days; months / years
** → the same day n months/years later (the month's last day when shorter).
** A key in hours or money is a programming error (ZF_EINTERNAL).
** *pProvisional (may be NULL): 1 when the calendar for a year involved is
** not loaded (see core/calendar.h).
*/
int rules_deadline(zf_db *pDb, const char *zKey, const char *zStart, int64_t setId,
                   char zOut[11], int *pProvisional, zf_error *e);

/* ---- workflow ---------------------------------------------------------- */

/* A new draft: copy of baseId (0: the set in force today). */
typedef struct rules_set_new {
  int64_t baseId;
  const char *zName;          /* 1–100 characters */
  const char *zEffective;     /* YYYY-MM-DD */
  const char *zLegalSource;   /* NULL: the base's */
  const char *zNote;          /* may be NULL */
} rules_set_new;

int rules_set_create(zf_db *pDb, const char *zActor, const rules_set_new *pNew, int64_t *pId,
                     zf_error *e);

/* Changes to a draft's header; NULL members stay as they are. */
typedef struct rules_set_edit {
  const char *zName, *zEffective, *zLegalSource, *zNote;
} rules_set_edit;

/* Changes to one value of a draft; NULL / hasValue=0 / verified<0 = keep. */
typedef struct rules_value_edit {
  const char *zKey;
  int hasValue;
  int64_t value;
  const char *zUnit;          /* only days <-> workdays */
  const char *zLabel, *zSource, *zNote;
  int verified;               /* -1 keep, 0 待核, 1 verified */
} rules_value_edit;

#define RULES_MAX_EDITS 100

/*
** Edits a draft (header and any values) in one transaction with one audit
** entry listing every before/after. Errors: not found (ZF_ENOTFOUND), not a
** draft (ZF_ECONFLICT), a bad field (ZF_EINVAL naming it, e.g.
** "values.payment.days.value"). Nothing is written unless all is valid.
*/
int rules_set_update(zf_db *pDb, const char *zActor, int64_t id, const rules_set_edit *pEdit,
                     const rules_value_edit *aVal, int nVal, zf_error *e);

/*
** Publishes draft id. Its effective date must be today or later, unless
** retroactive is set with a reason (2–500 characters). A published set with
** the same effective date becomes "superseded" by this one.
*/
int rules_set_publish(zf_db *pDb, const char *zActor, int64_t id, int retroactive,
                      const char *zReason, zf_error *e);

/* Voids draft id with a reason (2–500 characters). Published sets cannot. */
int rules_set_void(zf_db *pDb, const char *zActor, int64_t id, const char *zReason, zf_error *e);

/* The RULE_SET JSON of docs/api.md (values included when withValues), or
** NULL when id does not exist. Caller owns the result. */
json_t *rules_set_json(zf_db *pDb, int64_t id, int withValues);

/* {"from":A,"to":B,"changes":[{key,field,from,to}…]} of two sets, or NULL. */
json_t *rules_set_diff(zf_db *pDb, int64_t idFrom, int64_t idTo);

/* Preloads the two rule sets of RULES.md (2021-07-15 and 2026-02-01),
** published, when no rule set exists yet. Called by demo_init(). */
int rules_load_reference(zf_db *pDb, const char *zActor, zf_error *e);

/*
** Keys added by a later release are missing from sets published before it.
** rules_default_find() gives the shipped default of zKey (ZF_ENOTFOUND for
** an unknown key); rules_get_in_set() falls back to it, marked 待核 and
** named as a default, until a set containing the key is published.
** rules_defaults_fill() adds every missing key to draft setId (used when
** a draft is created, inside its transaction).
*/
int rules_default_find(const char *zKey, rules_value *pOut);
int rules_defaults_fill(zf_db *pDb, int64_t setId);

/* The demo district's rule work in progress: a draft for 2027 copied from
** the set in force, by the legal reviewer, awaiting review (scale unused). */
int rules_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- discretion benchmarks (rules_benchmark.c) -------------------------- */

#define RULES_MAX_TIERS 12
#define RULES_NO_FINE (-1)    /* a range bound meaning "this party is not fined" */

typedef struct rules_tier {
  char zCondition[801];      /* 1–200 characters */
  int overdue;               /* 1: escalation when not corrected in time */
  int64_t orgMin, orgMax;    /* fen; RULES_NO_FINE for none */
  int64_t personMin, personMax;
  char zMeasures[401];       /* other penalties, 0–100 characters */
} rules_tier;

typedef struct rules_benchmark {
  int64_t id;
  char zCode[33];            /* A–Z a–z 0–9 . _ -, 1–32 */
  int version;
  char zViolation[801];      /* 违法行为 */
  char zViolated[801];       /* 违法条款 */
  char zPenalty[801];        /* 处罚依据 */
  int64_t maxOrg, maxPerson;               /* statutory maxima, fen */
  int64_t overdueMaxOrg, overdueMaxPerson; /* maxima when not corrected in time */
  char zSource[801];
  int verified;
  char zNote[2001];
  char zEffectiveFrom[11];
  char zEffectiveTo[11];     /* "" = open */
  char zStatus[12];
  char zCreatedAt[24], zCreatedBy[64], zPublishedAt[24], zPublishedBy[64];
  int64_t supersededBy;      /* 0 = none */
  char zVoidReason[2001];
  int nTier;
  rules_tier aTier[RULES_MAX_TIERS];
} rules_benchmark;

/* Checks a benchmark: fields present and sized, dates real and in order,
** 1–12 tiers, ordinary tiers before overdue ones, each min <= max, every
** max within its statutory maximum, ranges not decreasing from tier to
** tier. Errors name the field ("tiers[1].org_max_fen" …). */
int rules_benchmark_check(const rules_benchmark *p, zf_error *e);

/*
** The version of benchmark zCode in force on zDate into *pOut. Errors:
** ZF_ENOTFOUND (no such code in force that day, field "code"), ZF_EINVAL
** (bad date, field "date").
*/
int rules_benchmark_get(zf_db *pDb, const char *zCode, const char *zDate, rules_benchmark *pOut,
                        zf_error *e);

/* Reads version id into *pOut. ZF_ENOTFOUND when absent. */
int rules_benchmark_load(zf_db *pDb, int64_t id, rules_benchmark *pOut);

/* New draft version of p->zCode (version = highest + 1). */
int rules_benchmark_create(zf_db *pDb, const char *zActor, const rules_benchmark *p,
                           int64_t *pId, zf_error *e);

/* Replaces a draft's fields and tiers (code and version are kept). */
int rules_benchmark_update(zf_db *pDb, const char *zActor, int64_t id, const rules_benchmark *p,
                           zf_error *e);

/* Publishes / voids a draft, with the same rules as rule sets. */
int rules_benchmark_publish(zf_db *pDb, const char *zActor, int64_t id, int retroactive,
                            const char *zReason, zf_error *e);
int rules_benchmark_void(zf_db *pDb, const char *zActor, int64_t id, const char *zReason,
                         zf_error *e);

/* The BENCHMARK JSON of docs/api.md. Caller owns it. */
json_t *rules_benchmark_json(const rules_benchmark *p);

/* Preloads the RULES.md examples, published, when the table is empty. */
int rules_benchmark_load_reference(zf_db *pDb, const char *zActor, zf_error *e);

/* ---- shared inside the module (rules*.c) ------------------------------------ */

/* Effective-date rule of publishing: zEffective >= today, or retroactive
** with a reason of 2–500 characters (fields "effective_from", "reason"). */
int rules_effective_check(const char *zEffective, int retroactive, const char *zReason,
                          zf_error *e);

/* One page of RULE_SET objects (no values), newest first, filtered by
** status and a text fragment of name / legal source / note (NULL: any);
** ids below cursor (0: from the newest); *pNext = the cursor of the next
** page, 0 at the end. */
json_t *rules_set_page(zf_db *pDb, const char *zStatus, const char *zQ, int64_t cursor, int limit,
                       int64_t *pNext);

/* One page of BENCHMARK objects by id: ?q= (code or violation fragment),
** status, code, date (only versions in force that day); NULL = any. */
json_t *rules_benchmark_page(zf_db *pDb, const char *zQ, const char *zStatus, const char *zCode,
                             const char *zDate, int64_t cursor, int limit, int64_t *pNext);

/* Writes a new benchmark version as a draft (header and tiers); inside the
** caller's transaction; no checks, no audit. */
int rules_benchmark_insert_tx(zf_db *pDb, const char *zActor, const rules_benchmark *p,
                              int64_t *pId);

/* ---- HTTP (rules_api.c) --------------------------------------------------- */

extern const json_field rules_set_create_body[];
extern const json_field rules_set_patch_body[];
extern const json_field rules_value_patch_body[];
extern const json_field rules_publish_body[];
extern const json_field rules_void_body[];
extern const json_field rules_benchmark_body[];
extern const json_field rules_benchmark_patch_body[];

int rules_in_force_handler(zf_req *r);
int rules_set_list_handler(zf_req *r);
int rules_set_get_handler(zf_req *r);
int rules_set_diff_handler(zf_req *r);
int rules_set_create_handler(zf_req *r);
int rules_set_patch_handler(zf_req *r);
int rules_value_patch_handler(zf_req *r);
int rules_set_publish_handler(zf_req *r);
int rules_set_void_handler(zf_req *r);
int rules_benchmark_list_handler(zf_req *r);
int rules_benchmark_get_handler(zf_req *r);
int rules_benchmark_create_handler(zf_req *r);
int rules_benchmark_patch_handler(zf_req *r);
int rules_benchmark_publish_handler(zf_req *r);
int rules_benchmark_void_handler(zf_req *r);

#endif
