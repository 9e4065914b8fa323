/*
** risk.h — risk grading (安全风险分级) and the key-enterprise list
** (重点检查企业). Plan clauses 14 (制定风险等级划分标准，将安全风险等级较高
** 的企业确定为重点检查企业，每年至少一次全覆盖检查) and 18 (加强执法对象安全
** 风险研判).
**
** The model. Every enterprise gets a transparent integer score, the sum of
** terms, each the points of one rule key of the set in force today:
**   sector            risk.w.sector.{chem,fireworks,mining,metallurgy,
**                     nonferrous,trade,other}
**   major hazard      risk.w.major_hazard.level1 … level4 (重大危险源等级)
**   other features    risk.w.feature.<hazard_kind code> per feature
**   size              risk.w.size.{large,medium,small} by employees against
**                     risk.size.large_employees / medium_employees
**   standardisation   risk.w.standard.{none,level3,level2,level1}
**   history           facts (risk_fact) of the last risk.window_years years,
**                     not voided: accidents, violations, hazards, major
**                     hazards found — weight × sum of severities, each kind
**                     capped by risk.cap.<kind>; the dishonesty list a flat
**                     risk.w.dishonest
** and is graded red 重大 (score ≥ risk.grade.red) / orange 较大 (≥
** risk.grade.orange) / yellow 一般 (≥ risk.grade.yellow) / blue 低. Each
** term is stored as {"key": the rule key, "label", "points", "detail"} in
** enterprise_risk.terms, exactly as computed. A manual override (reason,
** optional expiry) puts its grade in force instead; overrides are withdrawn,
** never deleted.
**
** Key enterprises. For this year and next, an enterprise that is active
** and supervised at district or street level (city- and province-
** supervised ones belong to the city's / province's list, not the
** district's) is a key enterprise by rule when it meets any of:
**   - sector 危险化学品 with a major hazard source of level ≤
**     risk.key.chem_major_hazard_level (0: criterion off);
**   - grade in force at or above rank risk.key.grade_rank (1 red,
**     2 orange, 3 yellow; 0: off);
**   - an accident or violation of severity ≥ risk.key.serious_severity in
**     the last risk.key.recent_months months (0: off).
** Rule rows are added and removed (removed_at, reason "不再符合规则…") by
** every recompute; a rule row removed by a person is not re-added that
** year. Manual rows are added and removed by people with reasons. Rows are
** never deleted. Earlier years are left as they were.
**
** Recompute: one enterprise inside the transaction of every change to it
** (ledger create/update/status, import, a fact added or voided, an
** override); the whole ledger by `zhifa risk recompute`, the API (a
** background job) and the demo — one pass over the ledger joined with the
** aggregated facts, writing only the rows that changed.
**
**   risk.c       the model, recompute, overrides, facts, key list (domain)
**   risk_api.c   the HTTP handlers (ROUTE: comments), the job, the CLI verb
**   risk_demo.c  the demo district's facts, overrides and key additions
*/
#ifndef ZF_RISK_H
#define ZF_RISK_H
#include <stdint.h>
#include "core/http.h"
#include "job.h"

/* Grades, most serious first: index = rank - 1. */
enum { RISK_RED, RISK_ORANGE, RISK_YELLOW, RISK_BLUE, RISK_NGRADE };
extern const char *const risk_grade_codes[RISK_NGRADE];   /* "red" … "blue" */
extern const char *const risk_grade_names[RISK_NGRADE];   /* "重大" … "低" */
/* Index of a grade code, -1 when unknown. */
int risk_grade_find(const char *z);

/* Kinds of facts, as in risk_fact.kind. */
extern const char *const risk_fact_kinds[];               /* NULL-terminated */
extern const char *const risk_fact_kind_names[];
/* Severity names 1..4 (index 0 unused). */
extern const char *const risk_severity_names[5];

/* The model's rule keys (risk.*), in model order; NULL-terminated. */
extern const char *const risk_rule_keys[];

/* The model: every risk.* value of one rule set. */
typedef struct risk_model {
  int64_t setId;
  char zSetName[256];
  int64_t aValue[64];           /* index = position in risk_rule_keys */
  char zToday[11];
  char zWindowFrom[11];         /* facts on or after count */
  char zRecentFrom[11];         /* key rule: recent serious facts */
  int year;                     /* this year (Asia/Shanghai) */
} risk_model;

/* Loads the model of the rule set in force on zDate (NULL: today). */
int risk_model_load(zf_db *pDb, const char *zDate, risk_model *pM, zf_error *e);

/* Counts of one recompute. */
typedef struct risk_result {
  int64_t nEnterprise;          /* enterprises visited */
  int64_t nWritten;             /* enterprise_risk rows written (changed) */
  int64_t nGradeChanged;        /* grade in force changed */
  int64_t nKeyAdded, nKeyRemoved;
  int64_t setId;
  double seconds;
} risk_result;

/*
** Recomputes enterprise id (score, grade, key rows) and audits what
** changed. Runs in the caller's transaction when there is one, else in its
** own. zActor: the audit actor. A missing rule set is logged and ignored
** (ZF_OK); other failures return their rc.
*/
int risk_recompute_one(zf_db *pDb, int64_t id, const zf_who *pActor, zf_error *e);

/*
** Recomputes every enterprise in one pass and one transaction (its own
** unless the caller has one), writing only what changed; one summary
** audit entry (region zRegion, may be "") plus one per key row added or
** removed. pRes may be NULL.
*/
int risk_recompute_all(zf_db *pDb, const zf_who *pActor, const char *zRegion, risk_result *pRes,
                       zf_error *e);

/*
** After an import (inside its transaction): recomputes the enterprises
** that have enterprise_history rows with id >= histFrom — one by one when
** they are few, else the whole ledger.
*/
int risk_recompute_since(zf_db *pDb, int64_t histFrom, const zf_who *pActor, zf_error *e);

/* ---- facts -------------------------------------------------------------- */

typedef struct risk_fact_new {
  int64_t enterpriseId;
  const char *zKind;            /* risk_fact_kinds */
  const char *zOccurred;        /* YYYY-MM-DD, not in the future */
  int severity;                 /* 1..4 */
  const char *zSource;          /* "manual" when NULL; a-z0-9_. 1–24 */
  const char *zReference;       /* 0–100 characters, may be NULL */
  const char *zNote;            /* 2–500 characters */
} risk_fact_new;

/* Records a fact, recomputes the enterprise, audits; one transaction.
** Scope: pWho (NULL: none) must cover the enterprise. */
int risk_fact_add(zf_db *pDb, const zf_who *pWho, const risk_fact_new *p,
                  int64_t *pId, zf_error *e);
/* Voids fact id with a reason (2–500), recomputes, audits. */
int risk_fact_void(zf_db *pDb, const zf_who *pWho, int64_t id,
                   const char *zReason, zf_error *e);

/* ---- overrides ---------------------------------------------------------- */

/* Puts zGrade in force for enterprise id with a reason (2–500) and an
** optional last day (YYYY-MM-DD, today or later); an open override is
** withdrawn by it. Audited; one transaction. */
int risk_override_add(zf_db *pDb, const zf_who *pWho, int64_t enterpriseId,
                      const char *zGrade, const char *zReason, const char *zExpires,
                      int64_t *pId, zf_error *e);
/* Withdraws override id with a reason; the model's grade is in force again. */
int risk_override_withdraw(zf_db *pDb, const zf_who *pWho, int64_t id,
                           const char *zReason, zf_error *e);
/* Recomputes the enterprises whose override has expired (still marked in
** force). Cheap when there are none; called before risk pages are read. */
int risk_expire_overrides(zf_db *pDb, zf_error *e);

/* ---- key enterprises ---------------------------------------------------- */

/* 1 when enterprise id is on year's key list (an active row), else 0;
** negative -rc on a database error. */
int risk_is_key(zf_db *pDb, int64_t enterpriseId, int year);
/* The ids of year's key enterprises inside the region path zScopePath
** (NULL: all), ascending; *paId is malloc'd (caller frees). */
int risk_key_ids(zf_db *pDb, int year, const char *zScopePath, int64_t **paId, int *pnId);
/* Adds enterprise id to year's list by hand, with a reason (2–500).
** Refused (422, field enterprise_id) for an enterprise supervised by the
** city or province or not active; 409 when already on the list. */
int risk_key_add(zf_db *pDb, const zf_who *pWho, int64_t enterpriseId, int year,
                 const char *zReason, int64_t *pId, zf_error *e);
/* Removes key row id with a reason (kept, removed_at set). */
int risk_key_remove(zf_db *pDb, const zf_who *pWho, int64_t id,
                    const char *zReason, zf_error *e);

/* ---- reading ------------------------------------------------------------ */

/* 1 when enterprise id exists and lies in pWho's scope (NULL: any); fills
** zRegion (16) / zName (400) when not NULL. ZF_ENOTFOUND / ZF_ESCOPE. */
int risk_enterprise_check(zf_db *pDb, const zf_who *pWho, int64_t id, char *zRegion, char *zName,
                          zf_error *e);
/* The RISK object of enterprise id: grade, score, terms, override and its
** history, facts, key years. NULL when absent. Caller owns it. */
json_t *risk_enterprise_json(zf_db *pDb, int64_t id);

/* Demo data (risk_demo.c). */
int risk_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP (risk_api.c) -------------------------------------------------- */
extern const json_field risk_fact_body[];
extern const json_field risk_reason_body[];
extern const json_field risk_override_body[];
extern const json_field risk_key_body[];
int risk_list_handler(zf_req *r);
int risk_get_handler(zf_req *r);
int risk_model_handler(zf_req *r);
int risk_stats_handler(zf_req *r);
int risk_fact_list_handler(zf_req *r);
int risk_fact_add_handler(zf_req *r);
int risk_fact_void_handler(zf_req *r);
int risk_override_add_handler(zf_req *r);
int risk_override_withdraw_handler(zf_req *r);
int risk_key_list_handler(zf_req *r);
int risk_key_add_handler(zf_req *r);
int risk_key_remove_handler(zf_req *r);
int risk_recompute_handler(zf_req *r);
/* The background job "risk.recompute" (routes.c zf_job_kinds). */
int risk_recompute_job(zf_db *pDb, zf_job *pJob);
/* `zhifa risk recompute --db FILE` (main.c). Returns the exit status. */
int risk_cli(int argc, char **argv);

#endif
