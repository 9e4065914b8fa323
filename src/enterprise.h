/*
** enterprise.h — the enterprise ledger (企业安全基础电子台账): one record
** per enterprise under supervision, identified by its unified social credit
** code, with region, industry, supervision sector, hazard features,
** licences, contacts, supervising level and status; every change kept with
** who/when/before/after and an "as of date" view. Plan clauses 5 (分类分级:
** supervising level), 14 (key enterprises, the pool of double-random draws)
** and 18 (企业安全基础电子台账, kept up to date).
**
**   enterprise.c         the record: fields, validation, load, write,
**                        history, as-of reconstruction, JSON, handlers
**   enterprise_search.c  list and search (FTS5 trigram name index)
**   enterprise_io.c      CSV/XLSX import and export, the template
**
** Domain functions take a zf_db and plain structs; the handlers (ROUTE:
** comments) are the only code that sees a zf_req.
*/
#ifndef ZF_ENTERPRISE_H
#define ZF_ENTERPRISE_H
#include <stddef.h>
#include <stdint.h>
#include "core/http.h"

/* Limits, in characters. */
#define ENT_NAME_MIN 2
#define ENT_NAME_MAX 100
#define ENT_ADDRESS_MAX 200
#define ENT_PERSON_MAX 50
#define ENT_REASON_MAX 200
#define ENT_LICENCE_TYPE_MAX 40
#define ENT_LICENCE_NUMBER_MAX 80
#define ENT_LICENCE_MAX 20       /* licences per enterprise */
#define ENT_EMPLOYEES_MAX 10000000

/* The fields of a record; masks use (1u<<EF_x). */
enum ent_field {
  EF_USCC, EF_NAME, EF_ADDRESS, EF_REGION, EF_LOCATION, EF_INDUSTRY, EF_SECTOR,
  EF_EMPLOYEES, EF_REVENUE, EF_STANDARD, EF_HAZARDS, EF_LICENCES,
  EF_PRINCIPAL, EF_PRINCIPAL_PHONE, EF_SAFETY, EF_SAFETY_PHONE,
  EF_LEVEL, EF_STATUS, EF_STATUS_REASON,
  EF_COUNT
};
#define EF_BIT(f) (1u<<(f))
#define EF_ALL ((1u<<EF_COUNT)-1)

typedef struct ent_licence {
  char zType[ENT_LICENCE_TYPE_MAX*4+1];
  char zNumber[ENT_LICENCE_NUMBER_MAX*4+1];
  char zFrom[11];                 /* "YYYY-MM-DD" or "" */
  char zTo[11];                   /* "YYYY-MM-DD" */
} ent_licence;

/* One enterprise. Empty strings mean "not recorded". */
typedef struct ent_rec {
  int64_t id;                     /* 0: not yet stored */
  int64_t version;
  char zUscc[19];
  char zName[ENT_NAME_MAX*4+1];
  char zAddress[ENT_ADDRESS_MAX*4+1];
  char zRegion[16];               /* township code, 9 digits */
  char zRegionPath[128];
  int hasLocation;
  double lng, lat;
  char zIndustry[8];              /* stored form: "2614" or a section letter */
  char zSector[24];
  int64_t employees;              /* -1: not recorded */
  char zRevenue[16];
  char zStandard[12];
  unsigned hazards;               /* bit i: enterprise_hazards[i] */
  int majorLevel;                 /* 1..4 when major_hazard is set */
  int nLicence;
  char zPrincipal[ENT_PERSON_MAX*4+1];
  char zPrincipalPhone[32];
  char zSafety[ENT_PERSON_MAX*4+1];
  char zSafetyPhone[32];
  char zLevel[12];                /* province | city | district | street */
  char zStatus[12];               /* active | suspended | closed */
  char zStatusReason[ENT_REASON_MAX*4+1];
  char zCreated[24], zUpdated[24];
  ent_licence aLicence[ENT_LICENCE_MAX];   /* last: copies stop at nLicence (ENT_REC_SIZE) */
} ent_rec;

/* Bytes of *p that matter: everything up to the licences in use. */
#define ENT_REC_SIZE(p) (offsetof(ent_rec, aLicence) + (size_t)(p)->nLicence * sizeof(ent_licence))

/* A code with its Chinese label (sectors, bands, levels, …). */
typedef struct ent_choice { const char *zCode, *zName, *zNameEn; } ent_choice;
extern const ent_choice enterprise_sectors[];       /* as table `sector` */
extern const ent_choice enterprise_hazards[];       /* as table `hazard_kind` */
extern const ent_choice enterprise_revenue_bands[];
extern const ent_choice enterprise_standards[];
extern const ent_choice enterprise_levels[];
extern const ent_choice enterprise_statuses[];
#define ENT_HAZARD_MAJOR 0                          /* index of major_hazard */

/* Field table: JSON key, Chinese label, import/export column. */
typedef struct ent_field_info { const char *zKey, *zLabel; } ent_field_info;
const ent_field_info *enterprise_field(int f);

/* All problems found in one record (imports report every one). */
#define ENT_MAX_ERRS 24
typedef struct ent_errs {
  int n;
  struct { int field; int rc; char zMsg[256]; } a[ENT_MAX_ERRS];
} ent_errs;
/* Records a problem (ZF_EINVAL, or rc) with field; ignored past ENT_MAX_ERRS. */
void ent_err(ent_errs *p, int field, const char *zFmt, ...) __attribute__((format(printf, 3, 4)));
void ent_err_rc(ent_errs *p, int rc, int field, const char *zFmt, ...) __attribute__((format(printf, 4, 5)));
/* The first problem as a zf_error naming the field's JSON key; ZF_OK if none. */
int ent_errs_to_error(const ent_errs *p, zf_error *e);

/*
** Who acts, and caches for bulk work. zActor is the audit actor ("cli" on
** the command line); pWho NULL means no scope limit (command line, demo).
** Initialise with ent_ctx_init, release with ent_ctx_free.
*/
typedef struct ent_region { char zCode[16], zPath[128], zName[96]; int isTownship; } ent_region;
typedef struct ent_ctx {
  zf_db *pDb;
  const zf_who *pWho;
  const char *zActor;
  ent_region *aRegion;            /* sorted cache of the region table, or NULL */
  int nRegion;
} ent_ctx;
void ent_ctx_init(ent_ctx *c, zf_db *pDb, const zf_who *pWho, const char *zActor);
int ent_ctx_cache_regions(ent_ctx *c);          /* for bulk work */
void ent_ctx_free(ent_ctx *c);
/* Region zCode (9 or 12 digits) or NULL; fills *pOut. */
const ent_region *ent_region_get(ent_ctx *c, const char *zCode, ent_region *pOut);

/* A fresh record: every field empty, status active, level district. */
void ent_rec_init(ent_rec *p);

/*
** Setting fields from text (import cells, CLI): empty text clears an
** optional field. Normalises (trims, upper-cases codes, maps Chinese labels
** to codes) and records problems in pErrs naming the field. Context rules
** (region exists and is in scope, uniqueness) are in ent_check().
*/
void ent_set_text(ent_rec *p, int field, const char *z, ent_errs *pErrs);
/* Hazards from the import's two columns: major-hazard level text ("二级",
** "2", "") and a list of other features ("粉尘涉爆；有限空间"). */
void ent_set_hazards_text(ent_rec *p, const char *zMajor, const char *zList, ent_errs *pErrs);
/* Coordinates from two texts (import): both empty clears them. */
void ent_set_location_text(ent_rec *p, const char *zLng, const char *zLat, ent_errs *pErrs);
/* Adds or updates (by type and number) one licence. */
void ent_merge_licence(ent_rec *p, const char *zType, const char *zNumber,
                       const char *zFrom, const char *zTo, ent_errs *pErrs);
/* Fields from a JSON body (POST/PATCH): only keys present are set. */
void ent_set_json(ent_rec *p, json_t *pBody, unsigned *pMask, ent_errs *pErrs);

/*
** Whole-record rules after the fields are set: required fields, both
** coordinates or none, licence dates in order, a reason for a status
** change (pOld: the stored record, NULL on create), region a township in
** the actor's scope (fills zRegionPath). Appends to pErrs.
*/
void ent_check(ent_ctx *c, ent_rec *p, const ent_rec *pOld, ent_errs *pErrs);

/* 1 when a region path lies inside the context's scope (always for CLI). */
int ent_in_scope(const ent_ctx *c, const char *zPath);
/* Parses a calendar date (2026-03-01, 2026/3/1, 2026年3月1日, or a
** spreadsheet serial number) into "YYYY-MM-DD"; 1 on success. */
int ent_parse_date(const char *z, char zOut[11]);

/* Loads a record by id; ZF_ENOTFOUND. */
int ent_load(zf_db *pDb, int64_t id, ent_rec *p);
/* Finds the id of a credit code; ZF_ENOTFOUND. */
int ent_find_uscc(zf_db *pDb, const char *zUscc, int64_t *pId);
/* The fields that differ between two records (mask). */
unsigned ent_diff(const ent_rec *a, const ent_rec *b);

/*
** Writes inside the caller's transaction (no audit: callers add it). Insert
** sets p->id, version 1, times; update writes the fields in `changed`,
** bumps the version and records {field:[before,after]} in the history.
** zSource says where the change came from ("api", "import #12 行 7").
*/
int ent_insert(ent_ctx *c, ent_rec *p, const char *zSource);
int ent_update(ent_ctx *c, const ent_rec *pOld, ent_rec *pNew, unsigned changed,
               const char *zSource);

/*
** Creates one enterprise (validate, then one transaction with its history
** and audit entry). Errors name the field: the first problem found.
*/
int enterprise_create(ent_ctx *c, ent_rec *p, zf_error *e);
/* Applies the fields in mask from pNew onto record id (same rules).
** expectVersion > 0: refuse with 409 if the record has changed since. */
int enterprise_patch(ent_ctx *c, int64_t id, const ent_rec *pNew, unsigned mask,
                     int64_t expectVersion, zf_error *e);

/* The record as it was at the end of zDate (Asia/Shanghai), rebuilt from
** the current record and its history. ZF_ENOTFOUND if not yet registered. */
int enterprise_as_of(zf_db *pDb, int64_t id, const char *zDate, ent_rec *p, zf_error *e);

/*
** Rebuilds record id as it stood after `version` (0: ignore) or before the
** UTC instant zBefore (NULL: ignore) from the current record and its
** history, newest change first. ZF_ENOTFOUND when it did not exist yet.
*/
int ent_rewind(zf_db *pDb, int64_t id, int64_t version, const char *zBefore, ent_rec *p);
/* JSON string, or null for "". */
json_t *ent_str_or_null(const char *z);

/* JSON of a record; showPhones 0 masks the phone numbers. */
json_t *enterprise_json(ent_ctx *c, const ent_rec *p, int showPhones);
/* [{kind, name, level?}] of a hazard set. */
json_t *ent_hazards_json(unsigned hazards, int majorLevel);
/* Value of one field as stored in history ({"field":[before, after]}). */
json_t *ent_field_json(const ent_rec *p, int field);
/* Masks a phone number for display: 138****5678, 0791-****1234. */
void ent_mask_phone(const char *z, char *zOut, size_t n);
/* Label of a code in a choice table, "" when unknown. */
const char *ent_choice_name(const ent_choice *a, const char *zCode);

/* Demo data: scale 0 = ~3,000 enterprises in 青云谱区's seven townships,
** 1 = 500,000 across Jiangxi's townships. One transaction. */
int enterprise_demo(zf_db *pDb, int scale, zf_error *e);

/* Handlers (src/routes.c) */
extern const json_field enterprise_create_body[];
extern const json_field enterprise_patch_body[];
int enterprise_options_handler(zf_req *r);
int enterprise_create_handler(zf_req *r);
int enterprise_get_handler(zf_req *r);
int enterprise_patch_handler(zf_req *r);
int enterprise_history_handler(zf_req *r);
int enterprise_dossier_handler(zf_req *r);      /* enterprise_dossier.c */
int enterprise_list_handler(zf_req *r);          /* enterprise_search.c */

#endif
