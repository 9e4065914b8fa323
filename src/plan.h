/*
** plan.h — the annual enforcement plan (年度执法计划) of a unit and year:
** the workday budget, every key enterprise scheduled to a month or
** quarter, general-inspection quotas per sector and period (双随机 and
** 日常), special campaigns (专项), the rule that no enterprise is planned at
** two levels, the approval by the district government, publication on the
** public portal, adjustments as new approved versions, and progress.
**
** Plan clause 14 (计划执法: 年度执法计划报区政府批准后公布实施, 重点企业全
** 覆盖, 其他双随机); RULES.md "Planning and double-random inspection"
** (workdays × officers minus 10 kinds of other enforcement and 7 kinds of
** non-enforcement days, 宽城区 2025; plans of different levels never
** inspect the same enterprise; the double-random share).
**
** Levels: a bureau's or brigade's plan is the district plan (squads belong
** to the brigade's plan, one district plan per district and year); a
** street unit (街道、镇、集聚区) has its own. An enterprise supervised by the
** city or province is in neither; one supervised by the district only in
** the district plan; one supervised by a street in the street's plan or
** the district's, never both.
**
** Life cycle of a version: draft → submitted → approved (文号 and date,
** PERM_PLAN_APPROVE) → published; submitted → draft when returned; an
** adjustment is version N+1, a draft copied from the published version
** with a reason, which goes the same way and supersedes it when published.
** Only drafts change; every change is one transaction with its audit
** entry; nothing is deleted.
**
** Sources: plan.c (rules and writes), plan_report.c (budget, coverage,
** JSON, progress, public summary), plan_api.c (HTTP), plan_demo.c.
** Tables: src/sql/0008_plan.sql; key_enterprise and inspection of 0006.
*/
#ifndef ZF_PLAN_H
#define ZF_PLAN_H
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"

/* Largest lists one request may carry. */
#define PLAN_MAX_ENTRIES 5000
#define PLAN_MAX_QUOTAS 2000

/* ---- budget kinds ------------------------------------------------------ */

/* One kind of days set aside from the budget. group: "other" (其他执法工作,
** 10 kinds) or "non" (非执法工作, 7 kinds). */
typedef struct plan_budget_kind {
  const char *zKey;       /* "other.complaint" */
  const char *zGroup;     /* "other" | "non" */
  const char *zName;      /* 举报投诉核查 */
} plan_budget_kind;
extern const plan_budget_kind plan_budget_kinds[];   /* ends with {0} */
/* Index of kind zKey in plan_budget_kinds, or -1. */
int plan_budget_kind_find(const char *zKey);

/* ---- writes (plan.c) ----------------------------------------------------
** pActor is the signed-in account (its scope limits which units' plans it
** may touch) or NULL for the command line (actor "cli", no scope limit).
** Every function checks everything first and writes nothing on a refusal;
** errors fill e naming the field. Plans of units outside the actor's scope
** are ZF_ESCOPE; a version that is not a draft is ZF_ECONFLICT. */

/*
** A new plan of unit unitId for year (version 1, a draft). Refused: unit
** unknown, voided or outside the scope; a unit kind without plans (squads:
** the brigade's plan; departments …); a plan of this unit and year exists
** (409); another district-level plan of the same district and year exists
** (409). zTitle NULL: "<unit> <year>年度执法计划".
*/
int plan_create(zf_db *pDb, const zf_who *pActor, int64_t unitId, int year, const char *zTitle,
                int64_t *pId, zf_error *e);

/* Changes to a draft's header and budget; NULL / 0 members are kept. */
typedef struct plan_edit {
  const char *zTitle;             /* 2–100 characters */
  int setOfficers;                /* 1: set officers_planned */
  int officersPlanned;            /* 0–10000, -1: clear (use the counted officers) */
  const char *zNote;              /* 0–2000 characters */
  int nBudget;                    /* days per kind: */
  const char *azKind[32];
  int64_t aDays[32];              /* 0–1,000,000 person-days */
} plan_edit;
int plan_update(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_edit *p, zf_error *e);

/* One scheduling change: zPeriodKind "month" (period 1–12) or "quarter"
** (1–4); NULL removes the enterprise from the draft. */
typedef struct plan_entry_new {
  int64_t enterpriseId;
  const char *zPeriodKind;
  int period;
} plan_entry_new;

/*
** Schedules (or unschedules) enterprises in the draft. Each must be a key
** enterprise of the plan's year (not removed), not closed, inside the
** plan unit's area; refused (422, field "entries[i].enterprise_id",
** naming the enterprise) when supervised at city or province level, when
** district-supervised and the plan is a street's, or when it is already
** in another plan of the same year (naming that plan).
*/
int plan_entries_set(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_entry_new *a,
                     int n, zf_error *e);

/*
** "Spread evenly": assigns every key enterprise the plan must schedule and
** has not yet scheduled to the least-loaded month (zPeriodKind "month",
** months from..12) or quarter ("quarter", quarters from..4), in name
** order. *pCount gets how many were scheduled.
*/
int plan_spread(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zPeriodKind,
                int from, int *pCount, zf_error *e);

/* One general-inspection quota. kind: "random" (双随机) or "routine". */
typedef struct plan_quota_new {
  const char *zSector;            /* sector code (0003) */
  const char *zKind;
  const char *zPeriodKind;        /* month | quarter */
  int period;
  int count;                      /* 1–100000 */
} plan_quota_new;

/* Replaces the draft's quotas with a[0..n) (no repeats of sector, kind
** and period; fields "quotas[i].sector" …). */
int plan_quotas_set(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_quota_new *a,
                    int n, zf_error *e);

/* A special campaign (专项检查). */
typedef struct plan_campaign_new {
  const char *zName;              /* 2–100 characters */
  const char *zTopic;             /* 2–50: 粉尘涉爆 … */
  const char *zPeriodKind;
  int period;
  const char *zSector;            /* sector code or NULL (any) */
  const char *zHazard;            /* hazard_kind code or NULL (any) */
  int count;                      /* planned inspections, 1–100000 */
  const char *zNote;              /* or NULL */
} plan_campaign_new;
int plan_campaign_add(zf_db *pDb, const zf_who *pActor, int64_t planId, const plan_campaign_new *p,
                      int64_t *pId, zf_error *e);
/* Replaces campaign campaignId of the draft (all fields). */
int plan_campaign_update(zf_db *pDb, const zf_who *pActor, int64_t planId, int64_t campaignId,
                         const plan_campaign_new *p, zf_error *e);
/* Takes campaign campaignId out of the draft (audited). */
int plan_campaign_remove(zf_db *pDb, const zf_who *pActor, int64_t planId, int64_t campaignId,
                         zf_error *e);

/*
** Submits the draft. Refused with ZF_EPROCEDURE (422) while any key
** enterprise the plan must schedule is unscheduled (message names them
** with their credit codes, field "entries") or the planned person-days
** exceed the budget (message says by how many, field "budget").
** *ppRefusal (may be NULL) then gets {"unscheduled":[{enterprise_id,
** name, uscc}], "unscheduled_count", "over_days"}; on success
** *ppWarnings (may be NULL) gets an array of {"code","message"} (the
** double-random share below plan.double_random_share_percent). The budget
** figures are frozen into the version.
*/
int plan_submit(zf_db *pDb, const zf_who *pActor, int64_t planId, json_t **ppRefusal,
                json_t **ppWarnings, zf_error *e);

/* Records the district government's approval of the submitted version:
** 文号 (2–64 characters) and date (YYYY-MM-DD, not in the future). */
int plan_approve(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zDocument,
                 const char *zDate, zf_error *e);

/* Returns the submitted version to draft with a reason (2–500). */
int plan_return(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zReason, zf_error *e);

/*
** Publishes the approved version: the summary appears on the public
** portal; the version it adjusts (if any) becomes superseded; its key
** enterprises become scheduled inspections (type key, window = the month
** or quarter, plan_id set, no officers yet). For an adjustment, scheduled
** inspections of the plan whose enterprise left the plan or moved are
** cancelled (with the reason) and new ones created; inspections already
** under way or done are kept. *pCreated / *pCancelled (may be NULL) get
** the counts.
*/
int plan_publish(zf_db *pDb, const zf_who *pActor, int64_t planId, int *pCreated, int *pCancelled,
                 zf_error *e);

/* Proposes an adjustment of the published plan: version N+1, a draft copy
** with the reason (2–500 characters). *pVersion gets N+1. */
int plan_adjust(zf_db *pDb, const zf_who *pActor, int64_t planId, const char *zReason,
                int *pVersion, zf_error *e);

/* ---- reading (plan_report.c) ----------------------------------------------- */

/* The loaded head of a plan and one of its versions. */
typedef struct plan_row {
  int64_t id, unitId;
  int year;
  char zLevel[12];                /* district | street */
  char zRegion[16], zPath[128];
  char zTitle[404];
  char zUnit[200], zUnitKind[16];
  int64_t versionId;
  int version;                    /* of the loaded version */
  int latest;                     /* the plan's latest version number */
  char zStatus[12];               /* of the loaded version */
} plan_row;

/* Loads plan id with its version `version` (0: the latest). ZF_ENOTFOUND. */
int plan_load(zf_db *pDb, int64_t id, int version, plan_row *p);

/* 1 when the plan lies inside the actor's scope (NULL: always). */
int plan_in_scope(const zf_who *pActor, const plan_row *p);

/* The workday budget of a version (figures as frozen when not a draft). */
typedef struct plan_budget {
  int legalWorkdays;
  int fromCalendar;               /* 1: the year's calendar, 0: rule plan.legal_workdays */
  int officersCounted;            /* officers with a certificate valid in the year */
  int officersPlanned;            /* -1: none entered */
  int officers;                   /* the one used */
  int64_t gross;                  /* legal workdays × officers */
  int64_t otherDays, nonDays;     /* set aside */
  int64_t available;              /* gross - other - non */
  int daysPerInspection;          /* rule plan.days_per_inspection */
  int nKey, nRandom, nRoutine, nCampaign, nInspections;
  int64_t planned;                /* nInspections × daysPerInspection */
  int64_t remaining;              /* available - planned (negative: over) */
  int sharePercent;               /* random / (random + routine), -1 when no general inspections */
  int shareRequired;              /* rule plan.double_random_share_percent */
} plan_budget;
int plan_budget_compute(zf_db *pDb, const plan_row *p, plan_budget *pOut, zf_error *e);

/* Officers of the plan's unit (and the units below it that are not
** streets) in service, of kind officer, holding a certificate valid for
** some day of the year; -1 on error. */
int plan_officers_count(zf_db *pDb, int64_t unitId, int year);

/* Key enterprises the plan must schedule (key in its year, not closed, in
** its area, supervised at its level, not in another plan of the year):
** count and how many the version has scheduled. */
int plan_coverage(zf_db *pDb, const plan_row *p, int *pTotal, int *pScheduled);

/* The unscheduled ones as [{enterprise_id,name,uscc}] (new reference). */
json_t *plan_unscheduled_json(zf_db *pDb, const plan_row *p);

/* BUDGET JSON: the table with kinds, days and totals. */
json_t *plan_budget_json(zf_db *pDb, const plan_row *p, zf_error *e);

/* PLAN JSON of version `version` (0: latest): head, version, versions,
** budget, coverage, entries, quotas, campaigns, share. NULL when absent. */
json_t *plan_json(zf_db *pDb, int64_t id, int version, zf_error *e);

/* The key-enterprise grid: every key enterprise the plan must schedule or
** has scheduled, with its period and whether it is required. */
json_t *plan_keys_json(zf_db *pDb, const plan_row *p);

/* The version history: versions with their events. */
json_t *plan_versions_json(zf_db *pDb, int64_t planId);

/* Progress of a plan: planned vs scheduled vs done per month and per
** inspecting unit, and key-enterprise coverage (those with at least
** plan.key_enterprise_min_inspections done inspections in the year). */
json_t *plan_progress_json(zf_db *pDb, const plan_row *p, zf_error *e);

/* Progress of every plan of `year` inside zScopePath, one row per unit. */
json_t *plan_year_progress_json(zf_db *pDb, const char *zScopePath, int year, zf_error *e);

/* Published plans of `year` (0: every year) as public summaries: no
** enterprise names, counts per month, quotas per sector, campaigns,
** budget totals, approvals of every version. */
json_t *plan_public_json(zf_db *pDb, int year, zf_error *e);

/* Window [zFrom, zTo] of month or quarter `period` of `year`. */
void plan_window(int year, const char *zPeriodKind, int period, char zFrom[11], char zTo[11]);

/* ---- demo (plan_demo.c) ------------------------------------------------------- */

/* The brigade's plan of next year as a draft with all but two of its key
** enterprises scheduled (SCENARIOS.md journey 1), and this year's plan
** approved and published. Works with whatever key enterprises exist. */
int plan_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP (plan_api.c) ---------------------------------------------------------- */
extern const json_field plan_create_body[];
extern const json_field plan_patch_body[];
extern const json_field plan_entries_body[];
extern const json_field plan_spread_body[];
extern const json_field plan_quotas_body[];
extern const json_field plan_campaign_body[];
extern const json_field plan_approve_body[];
extern const json_field plan_reason_body[];

int plan_list_handler(zf_req *r);
int plan_create_handler(zf_req *r);
int plan_get_handler(zf_req *r);
int plan_patch_handler(zf_req *r);
int plan_budget_handler(zf_req *r);
int plan_keys_handler(zf_req *r);
int plan_entries_handler(zf_req *r);
int plan_spread_handler(zf_req *r);
int plan_quotas_handler(zf_req *r);
int plan_campaign_add_handler(zf_req *r);
int plan_campaign_patch_handler(zf_req *r);
int plan_campaign_delete_handler(zf_req *r);
int plan_submit_handler(zf_req *r);
int plan_approve_handler(zf_req *r);
int plan_return_handler(zf_req *r);
int plan_publish_handler(zf_req *r);
int plan_adjust_handler(zf_req *r);
int plan_versions_handler(zf_req *r);
int plan_progress_handler(zf_req *r);
int plan_year_progress_handler(zf_req *r);
int plan_public_handler(zf_req *r);

#endif
