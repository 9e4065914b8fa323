/*
** staff.h — the people of the enforcement service: persons (执法人员,
** 安监员, 法制审核, 领导, 专家) with their unit, masked identity number and
** phone; enforcement certificates (执法证) with validity and suspension /
** revocation; training; professional background and the "professional"
** flag with the per-unit ratio; conflicts of interest (回避); the expert
** pool; and THE eligibility function staff_may_enforce() every later module
** asks before a person inspects, investigates or signs.
**
** Plan clauses 7 (staff matched to tasks), 8 (持证上岗: no certificate, no
** enforcement; 安监员 assist only), 9 (training; ≥ 75% professional staff)
** and 10 (assessment). RULES.md "People".
**
** Sources: staff.c (persons, masking, eligibility, ratio, their HTTP),
** staff_record.c (certificates, training, qualifications, conflicts,
** experts), staff_demo.c (the demo district's people).
**
** Who sees identity numbers and phones in full: accounts holding
** staff.admin (they keep the records, inside their scope) and the person
** themself (linked account). Everyone else sees them masked.
*/
#ifndef ZF_STAFF_H
#define ZF_STAFF_H
#include "core/http.h"

/* ---- legal parameters ------------------------------------------------
** Read through staff_rule() with the default as a parameter until the
** rules module is merged; the lead wires staff_rule() to the versioned rule
** set (rules_int or the like) with the keys below. */

/* The value of rule zKey in force on zDate, or dflt. */
long long staff_rule(zf_db *pDb, const char *zKey, const char *zDate, long long dflt);
/* cert.expiry_warning_days (default 60): warn this many days before a
** certificate's valid_to. */
int staff_cert_warning_days(zf_db *pDb, const char *zDate);
/* staff.professional_ratio_percent (default 75): the plan's target share
** of professional staff among in-service enforcement staff (clause 9). */
int staff_professional_ratio_percent(zf_db *pDb, const char *zDate);
/* staff.professional_practice_years (default 3, 待核): years of practice
** that make a person "professional" without related education or
** qualification. */
int staff_professional_practice_years(zf_db *pDb, const char *zDate);

/* ---- persons --------------------------------------------------------- */

typedef struct staff_cert_new {
  const char *zNumber;        /* certificate number, unique, 1–40 */
  const char *zIssuer;        /* 发证机关, 1–64 */
  const char *zValidFrom;     /* YYYY-MM-DD */
  const char *zValidTo;       /* YYYY-MM-DD, ≥ valid_from */
} staff_cert_new;

typedef struct staff_person_new {
  int64_t unitId;
  const char *zKind;          /* officer assistant legal leader expert */
  const char *zName;          /* 1–32 characters */
  const char *zIdNumber;      /* GB 11643, 18 characters */
  const char *zPhone;         /* optional */
  const char *zPosition;      /* 职务, optional */
  const char *zEducation;     /* doctor master bachelor college secondary other, optional */
  const char *zMajor;
  int educationRelated;       /* 1: emergency-management related education */
  const char *zPracticeSince; /* YYYY-MM-DD practice began, optional */
  const char *zExpertField;   /* experts: 专业领域 (required for experts) */
  const char *zExpertTitle;   /* experts: 职称 */
  const char *zOrganisation;  /* experts: 工作单位 */
  const char *zContact;       /* experts: other contact (email …) */
  const staff_cert_new *pCert;/* optional first certificate, written atomically */
} staff_person_new;

/*
** Creates a person (and the first certificate when given) in one
** transaction. pActor NULL = command line (no scope limit). Refusals name
** the field: unit_id outside the scope (403), id_number failing GB 11643
** or taken (409), certificate.* … Linking an account to the person is
** account_link_person() (account.h), an act of user administration.
*/
int staff_person_create(zf_db *pDb, const zf_who *pActor, const staff_person_new *pNew,
                        int64_t *pId, zf_error *e);

/* Person linked to login account accountId; ZF_ENOTFOUND when none. */
int staff_person_of_account(zf_db *pDb, int64_t accountId, int64_t *pPersonId);

/* Region code of the person's unit (for audit and scope); ZF_ENOTFOUND. */
int staff_person_region(zf_db *pDb, int64_t personId, char *zRegion, size_t n);

/* The PERSON JSON (docs/api.md) on zDate; full: identity number and phone
** unmasked. New reference, NULL when absent. */
json_t *staff_person_json(zf_db *pDb, int64_t personId, const char *zDate, int full);

/* Masks a phone for display: 138****5678 (first 3, last 4 kept). */
void staff_mask_phone(const char *zPhone, char *zOut, size_t n);

/* ---- eligibility ----------------------------------------------------- */

/*
** THE eligibility rule: may person personId act as an enforcement officer
** (inspect, investigate, sign) on zDate (YYYY-MM-DD), for catalog item
** zItemCode (NULL: any) and enterprise enterpriseId (0: none)?
**
** ZF_OK, or ZF_EPROCEDURE (422, code "procedure") with a Chinese message
** naming the first thing missing, checked in this order: not in service
** (离岗); an assistant (安监员 only assist, never sign) or an expert; no
** certificate; certificate expired on DATE / not yet valid until DATE /
** suspended / revoked on DATE (the certificate's status on zDate); a
** conflict of interest with the enterprise (回避); for staff of a street
** unit, the item not granted to the street on that date (org_street_may).
** ZF_ENOTFOUND for an unknown person, ZF_EINVAL for a bad date.
*/
int staff_may_enforce(zf_db *pDb, int64_t personId, const char *zDate, const char *zItemCode,
                      int64_t enterpriseId, zf_error *e);

/* The same check reporting every reason: an array of {"code","message"}
** (empty when eligible) into *ppReasons (new reference). Returns ZF_OK when
** the check ran (eligible or not), or ZF_ENOTFOUND / ZF_EINVAL. */
int staff_eligibility(zf_db *pDb, int64_t personId, const char *zDate, const char *zItemCode,
                      int64_t enterpriseId, json_t **ppReasons, zf_error *e);

/* ---- professional flag and ratio ------------------------------------- */

/* 1 when the person is "professional" on zDate: emergency-management
** related education, OR a related qualification not voided, OR at least
** staff_professional_practice_years() of practice. *ppBasis (may be NULL)
** gets the reasons as an array of {"basis","detail"}. -1 when absent. */
int staff_is_professional(zf_db *pDb, int64_t personId, const char *zDate, json_t **ppBasis);

/*
** The professional ratio on zDate for the units inside region subtree
** zScopePath ("/360000/360100/360104/"): counts in-service enforcement
** staff — persons in service on zDate of kind officer, and leaders / legal
** reviewers holding a certificate valid that day (assistants and experts
** are not counted) — per unit and in total, against the target percent.
** {"date","target_percent","units":[{"unit_id","unit_name","unit_kind",
** "counted","professional","percent","meets_target"}],"total":{…}}
*/
json_t *staff_ratio_report(zf_db *pDb, const char *zScopePath, const char *zDate);

/* ---- records (staff_record.c) ---------------------------------------- */

/* Adds a certificate to a person, audited; nests in a caller's transaction
** (person creation). valid_to < valid_from is refused naming valid_to; a
** taken number is 409 naming number. */
int staff_cert_add(zf_db *pDb, const zf_who *pActor, int64_t personId, const staff_cert_new *pNew,
                   int64_t *pId, zf_error *e);
/* Checks a certificate; zPrefix ("" or "certificate.") is put before
** field names. */
int staff_cert_check(zf_db *pDb, int64_t selfId, const staff_cert_new *pNew, const char *zPrefix,
                     zf_error *e);

/* Sets the status (valid / suspended / revoked) of certificate certId
** effective zDate (NULL: today; not in the future) with a reason. A
** revoked certificate stays revoked (409). */
int staff_cert_set_status(zf_db *pDb, const zf_who *pActor, int64_t certId, const char *zStatus,
                          const char *zDate, const char *zReason, zf_error *e);

/* The person's certificates (array, newest valid_to first) with state on
** zDate. New reference. */
json_t *staff_cert_list_json(zf_db *pDb, int64_t personId, const char *zDate);

/*
** Certificates to act on, inside region subtree zScopePath, on zDate:
** valid certificates of in-service persons that expire within
** staff_cert_warning_days() ("expiring"), and those already expired whose
** holder has no other certificate valid that day ("expired"). Soonest
** first. {"date","warning_days","items":[…]}
*/
json_t *staff_cert_warnings(zf_db *pDb, const char *zScopePath, const char *zDate);

typedef struct staff_training_new {
  const char *zKind;          /* induction 入职, rotation 轮训, special 专项 */
  const char *zTitle;         /* 1–64 */
  const char *zHeldOn;        /* YYYY-MM-DD */
  int hours;                  /* 1–2000 */
  const char *zExam;          /* none pass fail (NULL: none) */
  int score;                  /* 0–100, -1: none */
  const char *zOrganiser;
} staff_training_new;
int staff_training_add(zf_db *pDb, const zf_who *pActor, int64_t personId,
                       const staff_training_new *pNew, int64_t *pId, zf_error *e);

typedef struct staff_qual_new {
  const char *zName;          /* 注册安全工程师 …, 1–64 */
  const char *zNumber;        /* optional */
  const char *zObtainedOn;    /* optional YYYY-MM-DD */
  int related;                /* counts toward the professional flag */
} staff_qual_new;
int staff_qual_add(zf_db *pDb, const zf_who *pActor, int64_t personId, const staff_qual_new *pNew,
                   int64_t *pId, zf_error *e);

typedef struct staff_conflict_new {
  int64_t enterpriseId;       /* enterprise.id, > 0 */
  const char *zUscc;          /* credit code for display, GB 32100 checked when given */
  const char *zName;          /* enterprise name for display, 1–100 */
  const char *zReason;        /* 1–200: 近亲属任职, 曾在该企业任职 … */
  const char *zValidFrom;     /* YYYY-MM-DD */
  const char *zValidTo;       /* optional */
} staff_conflict_new;
int staff_conflict_add(zf_db *pDb, const zf_who *pActor, int64_t personId,
                       const staff_conflict_new *pNew, int64_t *pId, zf_error *e);

/* Voids a training / qualification / conflict record (zTable "training",
** "qualification", "conflict") with a reason. 409 when already void. */
int staff_record_void(zf_db *pDb, const zf_who *pActor, const char *zTable, int64_t id,
                      const char *zReason, zf_error *e);

/* Arrays of the person's records (voided ones included, flagged). */
json_t *staff_training_list_json(zf_db *pDb, int64_t personId);
json_t *staff_qual_list_json(zf_db *pDb, int64_t personId);
json_t *staff_conflict_list_json(zf_db *pDb, int64_t personId);

/* ---- demo ------------------------------------------------------------ */

/* The demo district's people (org_demo() first): ~40 persons across the
** bureau, brigade squads and streets, certificates (some expired, some
** expiring), assistants, legal reviewers, leaders, experts, training and
** backgrounds, the demo accounts linked to their persons. Dates are
** relative to today. scale is unused. */
int staff_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP ------------------------------------------------------------ */
extern const json_field staff_create_body[];
extern const json_field staff_patch_body[];
extern const json_field staff_cert_body[];
extern const json_field staff_cert_patch_body[];
extern const json_field staff_cert_status_body[];
extern const json_field staff_training_body[];
extern const json_field staff_qual_body[];
extern const json_field staff_conflict_body[];
extern const json_field staff_void_body[];

int staff_list_handler(zf_req *r);
int staff_create_handler(zf_req *r);
int staff_get_handler(zf_req *r);
int staff_patch_handler(zf_req *r);
int staff_eligibility_handler(zf_req *r);
int staff_ratio_handler(zf_req *r);
int staff_cert_add_handler(zf_req *r);
int staff_cert_patch_handler(zf_req *r);
int staff_cert_status_handler(zf_req *r);
int staff_cert_warnings_handler(zf_req *r);
int staff_training_add_handler(zf_req *r);
int staff_training_void_handler(zf_req *r);
int staff_qual_add_handler(zf_req *r);
int staff_qual_void_handler(zf_req *r);
int staff_conflict_add_handler(zf_req *r);
int staff_conflict_void_handler(zf_req *r);
int staff_expert_list_handler(zf_req *r);

/* Shared by staff.c and staff_record.c: path parameter zParam as a person
** inside the caller's scope (404 / 403); copies the unit's region. */
int staff_lookup_or_reply(zf_req *r, const char *zParam, int64_t *pId, char *zRegion, size_t n);

#endif
