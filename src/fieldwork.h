/*
** fieldwork.h — carrying out a scheduled inspection on site (现场检查):
** start (officers checked again on the actual date), the three on-site
** steps 执法告知 → 现场检查 → 交流反馈 in order with times, attendance of the
** principal, the safety manager and the operators, checklist results per
** line (符合 / 不符合 / 不涉及) against the checklist in force for the
** enterprise's sector, must-check lines never skipped, on-site measures
** (现场处理措施) and the legal-education note (普法, 以案释法), the report
** within inspection.report_hours of the end (late ones flagged, never
** back-dated) and closing.
**
** Every write names the inspection's version it was made against and is
** refused with ZF_ECONFLICT, field "version", when the inspection changed
** meanwhile (the offline field app shows the conflict).
**
** Who records: the inspection's officers and experts (the account's
** person; at the start also the officers being set), or the brigade and
** leaders on their behalf; others get ZF_EFORBIDDEN ("id").
**
** Covert inspections (暗访暗查) are visible, until closed, only to the
** people on them, leaders, and the account that scheduled them
** (covert_visible; inspection_api.c uses it too). To anyone else what
** hangs off one is absent too (covert_link_visible, and
** COVERT_VISIBLE_SQL in list queries): its hazards (hazard_api.c,
** hazard.c, transfer.c), evidence and audio-video records linked to it or
** to its hazards (evidence*.c); scheduling never names it (inspection.c:
** overlap warnings, joins, duplicates), though the yearly cap counts it.
**
** Cross inspections (交叉互检): the enterprise's usual unit is the unit of
** its most recent inspection that is neither cross nor cancelled (none:
** the street unit of the enterprise's region); no officer may belong to it.
**
** Plan clauses 12 (检查表, 关键环节检查到位), 15 (执法告知、现场检查、交流反馈;
** 主要负责人、安全管理人员、操作人员全程在场), 16 (普法, 以案释法), 19 (48 小时内录入).
** RULES.md "On site". Tables: inspection_site, inspection_result
** (src/sql/0010_fieldwork.sql), inspection (0006).
** Sources: fieldwork.c (domain), fieldwork_api.c (HTTP), fieldwork_demo.c (demo).
*/
#ifndef ZF_FIELDWORK_H
#define ZF_FIELDWORK_H
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"
#include "checklist.h"
#include "covert.h"

/* At most this many people of each role on an inspection. */
#define FIELDWORK_MAX_PEOPLE 20

/* Start on site. zStart: UTC "YYYY-MM-DDTHH:MM:SSZ" or NULL (now). The
** people arrays replace those of the inspection when non-NULL (an empty
** officer list is refused). */
typedef struct fieldwork_start_in {
  int64_t version;
  const char *zStart;
  const int64_t *aOfficer; int nOfficer; int setOfficers;
  const int64_t *aAssistant; int nAssistant; int setAssistants;
  const int64_t *aExpert; int nExpert; int setExperts;
} fieldwork_start_in;

/*
** scheduled → in_progress with actual_start. Refused: not scheduled
** (ZF_ECONFLICT "status"); a start in the future or before the window's
** first day (ZF_EINVAL "actual_start"); fewer officers than
** inspection.min_officers on the start date, an officer not eligible on
** that date (staff_may_enforce), a cross inspection with an officer of the
** enterprise's usual unit (ZF_EPROCEDURE "officers", naming the officer and
** the reason). pActor NULL: command line (no scope check).
*/
int fieldwork_start(zf_db *pDb, const zf_who *pActor, int64_t id, const fieldwork_start_in *p,
                    zf_error *e);

/* Records on-site step zStep ("notice" 执法告知, "check" 现场检查,
** "feedback" 交流反馈) at zAt (NULL: now). Refused out of order (the
** previous step missing, or already recorded: ZF_EPROCEDURE "step"), or a
** time in the future / before the start or the previous step (ZF_EINVAL
** "at"). */
int fieldwork_step(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                   const char *zStep, const char *zAt, zf_error *e);

/* Attendance throughout: present flags (0/1) and names; a person marked
** present needs a name (operators: names separated by 、or commas). */
typedef struct fieldwork_attendance {
  int principal, safety, operators;
  const char *zPrincipal, *zSafety, *zOperators;
} fieldwork_attendance;
int fieldwork_attendance_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                             const fieldwork_attendance *p, zf_error *e);

/* One checklist result. zVerdict: ok / fail / na; aEvidence: ids. */
typedef struct fieldwork_result_in {
  int64_t lineId;
  const char *zVerdict, *zNote;
  const int64_t *aEvidence; int nEvidence;
} fieldwork_result_in;

/* Records (or corrects) results while in progress; every line must be a
** line of the checklist fixed at start (ZF_EINVAL "items[i].line_id"). */
int fieldwork_results_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                          const fieldwork_result_in *a, int n, zf_error *e);

/* On-site measures (现场处理措施) and the legal-education note. */
int fieldwork_notes_set(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                        const char *zMeasures, const char *zEducation, zf_error *e);

/*
** in_progress → reported with actual_end (zEnd NULL: now). Refused: the
** three steps not all recorded or attendance not recorded (ZF_EPROCEDURE),
** must-check lines without a result (ZF_EPROCEDURE "items", naming them),
** an end in the future, before the start or before the last step
** (ZF_EINVAL "actual_end"). When now is past actual_end +
** inspection.report_hours the report is late: it is accepted only with a
** zLateReason (ZF_EPROCEDURE "late_reason" otherwise) and flagged late.
** *pLate (may be NULL) gets the flag.
*/
int fieldwork_report(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                     const char *zEnd, const char *zLateReason, int *pLate, zf_error *e);

/* reported → closed, after fieldwork_close_check. */
int fieldwork_close(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t version,
                    zf_error *e);

/* May inspection id be closed? Not while any of its hazards is still open
** (hazard_open_for_inspection): ZF_EPROCEDURE naming the count and the
** first one, field "hazards". */
int fieldwork_close_check(zf_db *pDb, int64_t inspectionId, zf_error *e);

/* The 不符合 results of inspection id, for the hazard module:
** [{"line_id","section","key_point","content","catalog_code","note",
** "evidence":[ids],"recorded_at"}]. New reference, NULL on error. */
json_t *fieldwork_failures(zf_db *pDb, int64_t inspectionId);

/* 逾期未报告: an inspection under way whose window's last day is before
** *zCut has had more than `inspection.report_hours` since the latest end it
** can have (the end of that day, Beijing time). zCut = the Beijing date of
** (now - hours); *pHours the rule's value on zToday. */
int fieldwork_report_cutoff(zf_db *pDb, const char *zToday, char zCut[11], int64_t *pHours, zf_error *e);

/* FIELDWORK JSON: INSPECTION plus "site" (steps, attendance, measures,
** report) and "checklist" (the lines with their results). NULL: absent. */
json_t *fieldwork_json(zf_db *pDb, int64_t id);

/* Demo: inspections in progress, reported and closed, with results. */
int fieldwork_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP ------------------------------------------------------------ */
extern const json_field fieldwork_start_body[];
extern const json_field fieldwork_step_body[];
extern const json_field fieldwork_attendance_body[];
extern const json_field fieldwork_results_body[];
extern const json_field fieldwork_notes_body[];
extern const json_field fieldwork_report_body[];
extern const json_field fieldwork_close_body[];
int fieldwork_get_handler(zf_req *r);
int fieldwork_start_handler(zf_req *r);
int fieldwork_step_handler(zf_req *r);
int fieldwork_attendance_handler(zf_req *r);
int fieldwork_results_handler(zf_req *r);
int fieldwork_notes_handler(zf_req *r);
int fieldwork_report_handler(zf_req *r);
int fieldwork_close_handler(zf_req *r);

#endif
