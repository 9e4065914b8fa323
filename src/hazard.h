/*
** hazard.h — hazards and violations found in inspections (隐患/违法行为),
** their rectification (当场整改 or 责令限期整改指令书), the enterprise's
** report, the re-inspection (整改复查意见书, within rule reinspection.days
** of the deadline or of the report), overdue ones and the proposal to open
** a case (立案建议); transfers (移交) of matters outside the bureau's remit
** to other departments and from them; notifications (notify.h) to the
** leaders when a major hazard (重大事故隐患) is found.
**
** Plan clauses 12 (隐患排查治理, 闭环管理), 16 (全过程记录), 19 (部门
** 协作, 移交). Tables: hazard, hazard_event, hazard_transfer, account_unit
** (src/sql/0011_hazard.sql). Rules: reinspection.days,
** hazard.transfer_answer_days.
**
** Status machine (every transition is a hazard_event row and an audit
** entry in one transaction):
**   open --order--> rectifying --report--> reported --reinspect passed--> closed
**   rectifying / reported / overdue --reinspect failed--> overdue once the
**     deadline has passed; before it, rectifying with reinspect_result
**     failed (复查未通过, "reinspect_failed": true), waiting for the deadline
**   rectifying past its deadline --(sweep)--> overdue --report--> reported
**   overdue --propose--> proposed          open (immediate) --rectified--> closed
**   open / rectifying / reported / overdue --transfer--> transferred
**   transferred --(its transfer voided)--> the status it had before
**   any but void --void (reason)--> void
** Final statuses (an inspection may be closed): closed, proposed,
** transferred, void.
*/
#ifndef ZF_HAZARD_H
#define ZF_HAZARD_H
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"

#define HAZARD_MAX_EVIDENCE 50
#define HAZARD_MAX_LINKS 20

/* A hazard as found on site. Texts may be NULL when optional. */
typedef struct hazard_new {
  int64_t inspectionId;
  const char *zChecklistItem, *zCatalogItem;   /* legacy free-text codes, optional */
  const char *zDescription;                    /* 2–2000 characters */
  const char *zPlace;                          /* 1–200 */
  const char *zCategory;                       /* general | major */
  const char *zStandardItem;                   /* 判定标准条款: required when major */
  const char *zRectify;                        /* immediate | deadline */
  /* links (last, so that positional initializers of the fields above stay valid) */
  const int64_t *aChecklistLine; int nChecklistLine;   /* checklist_item ids */
  const int64_t *aCatalogItem; int nCatalogItem;       /* catalog_item ids */
  int64_t fromLineId;      /* a 不符合 result of the inspection this hazard is recorded from; 0: none */
  const char *zDeadline;   /* 整改期限 proposed on site (rectify deadline only, after today); the
                           ** order takes it when it names none; NULL: none */
} hazard_new;

/*
** Records a hazard of an inspection (not cancelled or closed) inside the
** actor's scope (pActor NULL = command line), status open, with its
** event and audit entry; a major one notifies every leader account whose
** scope contains the enterprise. Refusals name the field (ZF_EINVAL,
** ZF_EMISSING, ZF_ENOTFOUND "inspection_id", ZF_ESCOPE, ZF_ECONFLICT for an
** inspection that is closed or cancelled).
**
** Links (table hazard_link, src/sql/0014_hazard_links.sql): every id of
** aChecklistLine must be a line of the inspection's checklist (the one in
** force for the enterprise on the inspection's start day, or today when it
** has not started), every id of aCatalogItem an item of a published
** catalog version; otherwise ZF_EPROCEDURE (422) naming "checklist_lines"
** or "catalog_items" and the id. fromLineId: the line must have a 不符合
** result in this inspection (ZF_EPROCEDURE "from_line_id"); it is linked,
** its catalog code resolved in the catalog in force today and linked too,
** and the description defaults to the line's key point and the result's
** note. Duplicated ids are linked once.
*/
int hazard_create(zf_db *pDb, const zf_who *pActor, const hazard_new *pNew, int64_t *pId,
                  zf_error *e);

/* One action on a hazard; which fields count depends on zAction. */
typedef struct hazard_action {
  const char *zAction;     /* order report reinspect rectified propose void */
  const char *zOrderNo;    /* order: must be NULL — the server numbers the 指令书 */
  const char *zOrderDate;  /* order: its date (not in the future) */
  const char *zDeadline;   /* order: after the order date */
  const char *zDate;       /* report / reinspect / rectified: the day it happened */
  const char *zResult;     /* reinspect: passed | failed */
  const char *zNote;       /* report, reinspect, rectified: optional; propose, void: required */
  const int64_t *aEvidence; int nEvidence;   /* report: evidence ids */
} hazard_action;

/*
** Applies pAct to hazard id (see the status machine above) in one
** transaction with its event and audit entry. A re-inspection before the
** order (no order yet, or dated before it) is refused with ZF_EPROCEDURE
** naming "date"; an action the current status does not allow is
** ZF_ECONFLICT naming "status". Dates may not lie in the future.
** Document numbers are the server's, never typed (a zOrderNo is ZF_EINVAL
** "order_no"): order issues the 责令限期整改指令书 number (order_no) and
** reinspect the 整改复查意见书 number (reinspect_no), each from the
** inspecting unit's sequence for the year of the document's date,
** "<unit>责改〔2026〕第N号" / "<unit>复查〔2026〕第N号" (the register of
** document.h, document_number_next): unique, never reused.
*/
int hazard_act(zf_db *pDb, const zf_who *pActor, int64_t id, const hazard_action *pAct,
               zf_error *e);

/*
** Marks every hazard still rectifying whose deadline is before zToday as
** overdue (event by "system", audited). Returns how many, -1 on error.
** Called before hazard lists and details are read.
*/
int hazard_sweep(zf_db *pDb, const char *zToday);

/* How many hazards of the inspection lack a final status (see above); the
** fieldwork module refuses to close an inspection while this is > 0. -1 on
** error. */
int hazard_open_for_inspection(zf_db *pDb, int64_t inspectionId);

/* HAZARD JSON (docs/api.md); withEvents adds "events" (the timeline) and
** "transfers". New reference, NULL when absent. */
json_t *hazard_json(zf_db *pDb, int64_t id, int withEvents);

/* Chinese names. NULL when unknown. */
const char *hazard_status_name(const char *zStatus);

/* ---- transfers (移交), transfer.c --------------------------------- */

/* A transfer. direction out: hazardId and the department unitId; in: the
** department that sends (unitId), the matter and optionally the bureau
** unit it is assigned to. */
typedef struct transfer_new {
  const char *zDirection;   /* out | in */
  int64_t hazardId;         /* out */
  int64_t unitId;           /* a unit of kind department (or police) */
  const char *zMatter;      /* in: required; out: default the hazard's description */
  const char *zDocNo, *zDocDate;
  int64_t assignedUnitId;   /* in: optional */
} transfer_new;

/* Creates a transfer (out: the hazard becomes transferred). answer_due =
** doc_date + rule hazard.transfer_answer_days. One transaction, audited. */
int transfer_create(zf_db *pDb, const zf_who *pActor, const transfer_new *pNew, int64_t *pId,
                    zf_error *e);

/*
** Receipt (签收), answer, assignment and void of a transfer. The department
** side (an account whose account_unit is the transfer's unit) signs and
** answers outgoing transfers; the bureau side (scope) assigns and answers
** incoming ones. zWhat: receive | answer | assign | void. zText: the
** answer or the void reason; assignedUnitId for assign.
*/
int transfer_act(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zWhat,
                 const char *zText, int64_t assignedUnitId, zf_error *e);

/* TRANSFER JSON, with "overdue" (not answered and answer_due before
** today). New reference, NULL when absent. */
json_t *transfer_json(zf_db *pDb, int64_t id);

/* The unit account accountId acts for: account_unit, else its person's
** unit. ZF_ENOTFOUND when none. */
int hazard_account_unit(zf_db *pDb, int64_t accountId, int64_t *pUnitId);

/* Demo: hazards in every status (an overdue one, a major one), one
** transfer answered and one pending, dept1 mapped to its department. */
int hazard_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP (hazard_api.c) ------------------------------------------- */
extern const json_field hazard_create_body[];
extern const json_field hazard_action_body[];
extern const json_field transfer_create_body[];
extern const json_field transfer_act_body[];
int hazard_list_handler(zf_req *r);
int hazard_create_handler(zf_req *r);
int hazard_get_handler(zf_req *r);
int hazard_action_handler(zf_req *r);
int transfer_list_handler(zf_req *r);
int transfer_create_handler(zf_req *r);
int transfer_get_handler(zf_req *r);
int transfer_bureau_act_handler(zf_req *r);
int transfer_dept_list_handler(zf_req *r);
int transfer_dept_act_handler(zf_req *r);
int notification_list_handler(zf_req *r);
int notification_read_handler(zf_req *r);

#endif
