/*
** org.h — organisation units (bureau, brigade, squads, street offices,
** departments, police, procuratorate, supervision) and the powers granted
** to street units (授权 / 委托). Plan clauses 1 (局队合一: the bureau and
** its brigade), 2 (one service, one management), 3 (streets act on the
** powers granted to them, in their area) and 5 (who acts at which level).
**
** Units are never deleted: they are voided with a reason. A grant names a
** catalog item by its code (catalog_item.code, kept as text), its kind, the
** dates it applies and the document (文号); it is revoked with a reason and
** an effective date, never deleted. org_street_may() is the one answer to
** "may this street act on this item, here, on this date".
**
** Also the small calendar-date helpers (YYYY-MM-DD) that org and staff
** share.
*/
#ifndef ZF_ORG_H
#define ZF_ORG_H
#include "core/http.h"
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"

/* ---- calendar dates ('YYYY-MM-DD') --------------------------------- */

/* ZF_OK when z is a real calendar date 'YYYY-MM-DD' (1900–2199); else
** ZF_EINVAL naming zField ("日期格式应为 YYYY-MM-DD"). */
int calendar_parse_date(const char *z, const char *zField, 0, zf_error *e);
/* Today's date in Asia/Shanghai (UTC+8), from clock_now(). */
void calendar_today(char zOut[11]);
/* The Asia/Shanghai date of a UTC timestamp 'YYYY-MM-DDTHH:MM…Z' (what an
** officer calls the day of an instant stored in UTC); "" when malformed. */
void calendar_local_date(const char *zIso, char zOut[11]);
/* zOut = zDate + nDays (calendar days; negative allowed). zDate must be a
** valid date. */
void calendar_days_add(const char *zDate, int nDays, char zOut[11], 0);
/* Days from zA to zB (zB - zA); both valid dates. */
int calendar_days_between(const char *zA, const char *zB);

/* ZF_OK when z is a plausible phone number (7–20 of 0-9 + - space ( )). */
int text_phone_check(const char *z, const char *zField, zf_error *e);

/* ---- units --------------------------------------------------------- */

/* What a new unit needs (NULL/0 for the optional ones). */
typedef struct org_unit_new {
  const char *zName;          /* 1–64 characters, unique in its region */
  const char *zKind;          /* bureau brigade squad street department police procuratorate supervision */
  const char *zRegion;        /* region code inside the actor's scope; township for streets */
  int64_t parentId;           /* 0 = none */
  const char *zCode;          /* unit code (e.g. its credit code), unique, ≤ 32 */
  const char *zShortName;     /* short name for document numbers: '青', ≤ 8 */
  const char *zPhone;
  const char *zAddress;       /* ≤ 128 */
} org_unit_new;

/* Creates a unit; pActor NULL = command line (no scope limit, actor "cli").
** *pId gets the id. Errors name the field; nothing is written on error. */
int org_unit_create(zf_db *pDb, const zf_who *pActor, const org_unit_new *pNew,
                    int64_t *pId, zf_error *e);

/* Chinese name of a unit kind key ("street" → 街道/镇/集聚区), or NULL. */
const char *org_unit_kind_name(const char *zKind);

/* Region code and kind of an active or voided unit; ZF_ENOTFOUND. Either
** output may be NULL. */
int org_unit_info(zf_db *pDb, int64_t unitId, char *zRegion, size_t nRegion,
                  char *zKind, size_t nKind);

/* The UNIT JSON of docs/api.md (new reference), NULL when absent. */
json_t *org_unit_json(zf_db *pDb, int64_t unitId);

/* ---- powers granted to streets ------------------------------------- */

typedef struct org_power_new {
  const char *zItemCode;      /* catalog_item.code */
  const char *zKind;          /* "grant" (授权) or "entrust" (委托) */
  const char *zValidFrom;     /* YYYY-MM-DD */
  const char *zValidTo;       /* YYYY-MM-DD or NULL (open) */
  const char *zDocument;      /* 文号 of the granting document */
  const char *zNote;          /* may be NULL */
} org_power_new;

/* Records a grant to street unit unitId. Refused (naming the field) for a
** non-street or voided unit, bad dates, or when a grant of the same item is
** already in force for part of the period (409). */
int org_power_add(zf_db *pDb, const char *zActor, int64_t unitId, const org_power_new *pNew,
                  int64_t *pId, zf_error *e);

/* Revokes grant powerId of unit unitId from zDate (NULL = today) with a
** reason. Acts before zDate stay covered. 409 when already revoked. */
int org_power_revoke(zf_db *pDb, const char *zActor, int64_t unitId, int64_t powerId,
                     const char *zDate, const char *zReason, zf_error *e);

/*
** May unit unitId act on catalog item zItemCode (NULL: on anything at all)
** at place zPlace (a region code; NULL: not checked) on zDate (YYYY-MM-DD)?
**
** ZF_OK: yes. Units other than streets act on the powers the law gives
** them directly, so they get ZF_OK (the catalog's own subject levels are
** the catalog module's business). For a street unit: the place must lie in
** its region, and a grant of the item must be in force on the date (from ≤
** date ≤ to, not revoked by then); with zItemCode NULL, any grant in force.
** A refusal is ZF_EPROCEDURE (422) with a Chinese message naming why: not
** granted, granted only from / until a date, revoked on a date (and why),
** outside the area, unit voided. ZF_ENOTFOUND for an unknown unit,
** ZF_EINVAL for a bad date.
*/
int org_street_may(zf_db *pDb, int64_t unitId, const char *zPlace, const char *zItemCode,
                   const char *zDate, zf_error *e);

/* The same, for whichever street unit covers region zRegion (the active
** street unit whose region is zRegion or one of its ancestors): "may the
** street act on this item at this place". ZF_ENOTFOUND when no street unit
** covers the region; ZF_OK for places covered by no street but inside a
** district unit's area is NOT implied: callers ask per unit for that. */
int org_street_may_region(zf_db *pDb, const char *zRegion, const char *zItemCode,
                          const char *zDate, zf_error *e);

/* POWERS JSON array of street unit unitId, newest first, each with
** "in_force" on zDate. New reference. */
json_t *org_power_list_json(zf_db *pDb, int64_t unitId, const char *zDate);

/* ---- helpers shared by org and staff ------------------------------- */

/* A JSON object of the current row: zNames lists the keys of columns 0,
** 1, … separated by commas; NULL columns become null; a key written
** "?name" renders a 0/1 column as a boolean. New reference. */
json_t *db_row_json(zf_stmt *pStmt, const char *zNames);
/* audit_append() of pChange (stolen) for entity zEntity id, actor NULL =
** "cli". Inside the caller's transaction. */
int audit_record(zf_db *pDb, const char *zActor, const char *zAction, const char *zEntity,
              int64_t id, const char *zRegion, json_t *pChange);
/* Path parameter zName as a positive id, else a 404 naming it. */
int http_path_id(zf_req *r, const char *zName, int64_t *pId);
/*
** Path parameter zParam as the id of a row inside the caller's scope. zSql
** (a static string; one parameter, the id) selects the row's region path.
** No row, or xVisible (may be NULL) saying the caller may not see it →
** 404 "<zWhat>不存在：ID"; outside the scope → 403 "该<zWhat>不在您的管辖范围内".
*/
int http_scoped_row(zf_req *r, const char *zParam, const char *zSql, const char *zWhat,
                   int (*xVisible)(zf_db*, const zf_who*, int64_t), int64_t *pId);
/* Optional query parameter zName as a positive id (0 when absent), else a
** 400 naming it. */
int http_query_id(zf_req *r, const char *zName, int64_t *pId);
/* "%fragment%" with % _ \ escaped for LIKE ... ESCAPE '\'. */
void text_like(const char *zIn, char *zOut, size_t n);
/* Length check of a text in characters: ZF_EMISSING when absent and
** required (nMin>0), ZF_EINVAL when too short or too long; names zField
** and its Chinese label. */
int text_check(const char *z, size_t nMin, size_t nMax, const char *zField,
                   const char *zLabel, zf_error *e);
/* Ends the caller's write transaction: commit when rc is ZF_OK, else
** roll back and fill e for rc (checks that failed earlier have filled e
** and rolled back themselves). Returns the final rc. */
int db_finish(zf_db *pDb, int rc, zf_error *e);
/* Path parameter zParam as a unit inside the caller's scope (404 / 403
** otherwise); copies its region code. */
int org_unit_lookup_or_reply(zf_req *r, const char *zParam, int64_t *pId, char *zRegion,
                             size_t nRegion);

/* ---- demo ---------------------------------------------------------- */

/* Demo data of the org module: codes, short names and contacts of the demo
** units and grants to the street units (item codes from the catalog when
** its table is there, placeholders otherwise). scale is unused (same for
** district and province). */
int org_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP ---------------------------------------------------------- */
extern const json_field org_unit_create_body[];
extern const json_field org_unit_patch_body[];
extern const json_field org_void_body[];
extern const json_field org_power_body[];
extern const json_field org_revoke_body[];

int org_unit_list_handler(zf_req *r);
int org_unit_create_handler(zf_req *r);
int org_unit_get_handler(zf_req *r);
int org_unit_patch_handler(zf_req *r);
int org_unit_void_handler(zf_req *r);
int org_power_list_handler(zf_req *r);
int org_power_add_handler(zf_req *r);
int org_power_revoke_handler(zf_req *r);
int org_may_handler(zf_req *r);

#endif
