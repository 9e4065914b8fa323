/*
** inspection.h — scheduled inspections (执法检查) and the rules that apply
** when one is put in the calendar: at least inspection.min_officers
** officers, each eligible on the inspection dates (staff_may_enforce:
** certificate valid, no conflict of interest, street powers); experts from
** the expert pool; the per-enterprise yearly cap on inspections that are
** not complaint checks or re-inspections (inspection.yearly_cap); and the
** "fewer visits" warning (联动, 减少检查频次) when another unit has the same
** enterprise scheduled in an overlapping window, with the offer to join it
** (joint_group).
**
** Plan clauses 14 (年度计划, 双随机), 15 (执法+专家, 联合检查), 18 (减少检查
** 频次, 不重复检查). Field enforcement (issue 5) carries inspections out;
** this module only schedules, reschedules and cancels them.
**
** Tables: inspection, inspection_person (src/sql/0006_planning.sql).
*/
#ifndef ZF_INSPECTION_H
#define ZF_INSPECTION_H
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"
#include "checklist.h"

/* A new scheduled inspection. Dates are YYYY-MM-DD. */
typedef struct inspection_new {
  int64_t enterpriseId;
  int64_t unitId;               /* the unit that inspects */
  const char *zType;            /* key random routine special covert cross complaint
                                ** reinspection joint */
  const char *zFrom, *zTo;      /* scheduled window, from <= to */
  int64_t planId, drawId, campaignId;   /* 0: none */
  const int64_t *aOfficer; int nOfficer;     /* 0 officers: assigned later */
  const int64_t *aAssistant; int nAssistant;
  const int64_t *aExpert; int nExpert;
  const char *zItemCode;        /* catalog item (street powers), NULL: any */
  const char *zDepartments;     /* joint: other departments taking part, or NULL */
  const char *zNote;            /* or NULL */
  int64_t joinId;               /* accept the joint offer: join this inspection's group */
} inspection_new;

/*
** Writes one inspection without the checks of inspection_schedule(), for a
** caller that has verified every constraint itself (the published plan's
** key inspections); the caller audits its whole act. Runs in its own
** transaction or nested in the caller's.
*/
int inspection_insert_planned(zf_db *pDb, const zf_who *pActor, const inspection_new *pNew,
                              int64_t *pId);

/*
** Schedules one inspection for the account pActor (NULL = command line),
** in one transaction (nested in the caller's, if any) with its audit entry.
** First the enterprise, the unit and the officers and assistants must lie
** inside the actor's scope (ZF_ESCOPE naming the field, before any other
** rule, so that refusals reveal nothing outside it). Then the refusals
** (nothing written): unknown or closed enterprise, unit, bad type or
** dates, a window wholly in the past (ZF_EINVAL naming the field); fewer
** officers than inspection.min_officers when any are given, a person
** listed twice, an officer not eligible on either end of the window or (a
** street's officer) outside the street's area (ZF_EPROCEDURE naming the
** officer and the reason), an expert who is not in the pool; a join_id
** that is another enterprise's, done or cancelled, or whose window does
** not meet this one ("join_id"); the same unit already scheduled for the
** enterprise in an overlapping window (ZF_ECONFLICT, "window_from";
** complaint checks and re-inspections exempt); the yearly cap reached
** (ZF_ECONFLICT, field "enterprise_id", saying how many are already
** scheduled; a joint group is one visit and a join is never capped).
** *ppWarnings gets a new array (possibly empty) the caller frees; NULL on
** error. A warning (written anyway) is {"code":"overlap","inspection_id",
** "unit_id","unit_name","window_from","window_to","type","joint_group",
** "message"}: another unit has the enterprise scheduled in an overlapping
** window, outside the group joined — offer a joint inspection.
*/
int inspection_schedule(zf_db *pDb, const zf_who *pActor, const inspection_new *pNew,
                        int64_t *pId, json_t **ppWarnings, zf_error *e);

/* Cancels a scheduled inspection with a reason (2–200 characters), audited;
** ZF_ECONFLICT when it is no longer scheduled. Nests in a caller's
** transaction (a plan's adjustment cancels many). */
int inspection_cancel(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason,
                      zf_error *e);

/*
** The officers of the enterprise's most recent inspection that is not
** cancelled and starts before zBefore (its actual start, else its window
** start): "the officer who inspected it last time". Writes up to nMax ids
** to aOut and returns how many (0 when never inspected, -1 on error).
*/
int inspection_last_officers(zf_db *pDb, int64_t enterpriseId, const char *zBefore,
                             int64_t *aOut, int nMax);

/* Inspections (not cancelled) person personId is an officer or expert on,
** whose window starts within [zFrom, zTo]; -1 on error. */
int inspection_person_load(zf_db *pDb, int64_t personId, const char *zFrom, const char *zTo);

/* Visits to the enterprise in calendar year `year` (by window start) that
** count toward inspection.yearly_cap: inspections not cancelled, not
** complaint / reinspection, a joint group counted once. -1 on error. */
int inspection_year_count(zf_db *pDb, int64_t enterpriseId, int year);

/* Chinese name of an inspection type, NULL when unknown. */
const char *inspection_type_name(const char *zType);

/* INSPECTION JSON (docs/api.md): the row with enterprise and unit names,
** its people and "report_late" (reported after the deadline, fieldwork.c). New reference, NULL when absent. */
json_t *inspection_json(zf_db *pDb, int64_t id);

/* INSPECTION JSON rendered by SQLite, as one text column, for
** "SELECT " INSPECTION_JSON_SQL INSPECTION_FROM (inspection i, its
** enterprise e and unit u): the list renders a page with one statement
** and no JSON tree per row, and inspection_json() parses the same text
** for one row. type_name as inspection_type_name() gives it
** (inspection_types[] in inspection.c); people officers, experts, then
** assistants, each by person id. tests/unit/test_inspection.c holds every
** demo inspection's rendering to its tables and to the type table. */
#define INSPECTION_JSON_SQL \
  "json_object('id', i.id, 'enterprise_id', i.enterprise_id, 'enterprise_name', e.name," \
  " 'enterprise_uscc', e.uscc, 'unit_id', i.unit_id, 'unit_name', u.name, 'type', i.type," \
  " 'status', i.status, 'window_from', i.window_from, 'window_to', i.window_to, 'plan_id', i.plan_id," \
  " 'draw_id', i.draw_id, 'campaign_id', i.campaign_id, 'joint_group', i.joint_group," \
  " 'departments', i.departments, 'note', i.note, 'actual_start', i.actual_start," \
  " 'actual_end', i.actual_end, 'cancel_reason', i.cancel_reason, 'cancelled_at', i.cancelled_at," \
  " 'cancelled_by', i.cancelled_by, 'created_by', i.created_by, 'created_at', i.created_at," \
  " 'updated_at', i.updated_at, 'version', i.version," \
  " 'type_name', CASE i.type WHEN 'key' THEN '重点检查' WHEN 'random' THEN '双随机抽查'" \
  "   WHEN 'routine' THEN '日常检查' WHEN 'special' THEN '专项检查' WHEN 'covert' THEN '暗访暗查'" \
  "   WHEN 'cross' THEN '交叉互检' WHEN 'complaint' THEN '举报投诉核查' WHEN 'reinspection' THEN '复查'" \
  "   WHEN 'joint' THEN '联合检查' END," \
  " 'report_late', json(CASE WHEN (SELECT s.late FROM inspection_site s WHERE s.inspection_id=i.id)" \
  "   THEN 'true' ELSE 'false' END)," \
  " 'people', json((SELECT json_group_array(json_object('person_id', x.id, 'name', x.name, 'role', x.role))" \
  "   FROM (SELECT p.id, p.name, ip.role FROM inspection_person ip JOIN person p ON p.id=ip.person_id" \
  "   WHERE ip.inspection_id=i.id ORDER BY ip.role DESC, p.id) x)))"
#define INSPECTION_FROM \
  " FROM inspection i JOIN enterprise e ON e.id=i.enterprise_id JOIN unit u ON u.id=i.unit_id"

/* The demo district's inspections (inspection_demo.c), after the staff
** demo; scale is unused (the same few inspections at every scale). */
int inspection_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP ------------------------------------------------------------ */
extern const json_field inspection_create_body[];
extern const json_field inspection_cancel_body[];
int inspection_list_handler(zf_req *r);
int inspection_create_handler(zf_req *r);
int inspection_get_handler(zf_req *r);
int inspection_cancel_handler(zf_req *r);
int inspection_overlaps_handler(zf_req *r);

/* The checklist of an inspection of the enterprise started at zStart
** ('YYYY-MM-DDTHH:MM:SSZ'; NULL or "" before the start: today): the one
** in force on the Beijing day of the start for the enterprise: its
** sector's (enterprise sector → checklist sector: chem 危化, trade.* 工贸,
** fireworks, mining; else, or when that sector has none, 通用), lines of
** the enterprise's hazard features included. Empty (ZF_OK) when none is
** in force. mustOnly: only its must-check lines. Caller frees with
** checklist_set_free(). Inspection policy: the field work reads it. */
int inspection_checklist(zf_db *pDb, int64_t enterpriseId, const char *zStart, int mustOnly,
                         checklist_set *pSet, zf_error *e);

#endif
