/*
** catalog.h — the enforcement catalog (执法事项目录 / 权责清单, plan clause
** 4) and the version life cycle it shares with the checklists (checklist.h).
**
** A catalog version (e.g. 青云谱区应急管理综合行政执法事项指导目录（2026年版）)
** is a draft until the bureau leader publishes it; from then on neither it
** nor its items change. A new version starts as a copy of an old one and is
** edited as a draft; drafts that are abandoned are voided with a reason.
** Publishing a version closes the one it succeeds the day before the new
** one takes effect, so on any date at most one published version is in
** force. Every change is audited in the same transaction.
**
** Vocabularies (keys in the API and the database, Chinese names accepted on
** input and shown on output):
**   kind    penalty 行政处罚 · coercion 行政强制 · inspection 行政检查 · other 其他
**   sector  hazchem 危化 · fireworks 烟花爆竹 · industry 工贸 · mining 非煤矿山 ·
**           general 通用 (applies to every sector)
**   level   district 区级 · street 街道（镇、集聚区）: the matters a street may
**           be granted (plan clause 3)
*/
#ifndef ZF_CATALOG_H
#define ZF_CATALOG_H
#include "core/http.h"

/* ---- vocabularies --------------------------------------------------- */

/* Canonical key of a sector given its key or Chinese name; NULL if unknown. */
const char *catalog_sector_key(const char *z);
/* Chinese name of a sector key ("" if unknown). */
const char *catalog_sector_name(const char *zKey);
/* Same for kinds and levels. */
const char *catalog_kind_key(const char *z);
const char *catalog_kind_name(const char *zKey);
const char *catalog_level_key(const char *z);

/* ---- dates ------------------------------------------------------------ */

/* 1 when z is a real calendar date written YYYY-MM-DD. */
int catalog_date_ok(const char *z);
/* Today's date in Asia/Shanghai (clock_now() + 8 h), "YYYY-MM-DD". */
void catalog_today(char zOut[11]);
/* The day before zDate (which must be valid). */
void catalog_date_prev(const char *zDate, char zOut[11]);
/* 1 when z is a code such as AQ-CF-001: 3–32 of A-Z 0-9 and inner '-'. */
int catalog_code_ok(const char *z);

/* ---- the shared version life cycle -------------------------------------- */

/* Which register: the catalog or the checklists. Opaque; see catalog.c. */
typedef struct catalog_register catalog_register;
extern const catalog_register catalog_reg_catalog;
extern const catalog_register catalog_reg_checklist;

/* A new draft, or the new head fields of a draft (update). */
typedef struct catalog_version_in {
  const char *zName;       /* 4–200 characters */
  const char *zSector;     /* checklists only: a sector key; NULL for the catalog */
  const char *zFrom;       /* YYYY-MM-DD, required */
  const char *zTo;         /* YYYY-MM-DD ≥ zFrom, or NULL (open-ended) */
  const char *zNotes;      /* NULL = "" */
  int64_t copyFrom;        /* create only: copy the items of this version (0: none) */
} catalog_version_in;

/* Creates a draft; *pId gets its id. Errors name the field. */
int catalog_version_create(const catalog_register *pReg, zf_db *pDb, const zf_who *pActor,
                           const catalog_version_in *pIn, int64_t *pId, zf_error *e);
/* Replaces the head fields of a draft (409 "status" unless a draft). */
int catalog_version_update(const catalog_register *pReg, zf_db *pDb, const zf_who *pActor,
                           int64_t id, const catalog_version_in *pIn, zf_error *e);
/*
** Publishes a draft: it needs at least one item, every item must pass the
** register's publish check, effective_from may not lie before today unless
** nothing of its kind (sector) was ever published, and no published version
** may start on or after it. The version it succeeds gets effective_to = the
** day before and superseded_by.
*/
int catalog_version_publish(const catalog_register *pReg, zf_db *pDb, const zf_who *pActor,
                            int64_t id, zf_error *e);
/* Voids a draft with a reason (2–500 characters). */
int catalog_version_void(const catalog_register *pReg, zf_db *pDb, const zf_who *pActor,
                         int64_t id, const char *zReason, zf_error *e);
/* Id of the version in force on zDate (sector: checklists only). ZF_ENOTFOUND. */
int catalog_version_in_force(const catalog_register *pReg, zf_db *pDb, const char *zSector,
                             const char *zDate, int64_t *pId);
/* Status ("draft", "published", "void") of version id; ZF_ENOTFOUND. */
int catalog_version_status(const catalog_register *pReg, zf_db *pDb, int64_t id,
                           char *zStatus, size_t n);
/* The VERSION JSON of docs/api.md (new reference), or NULL when absent. */
json_t *catalog_version_json(const catalog_register *pReg, zf_db *pDb, int64_t id);
/* Region code of the deployment root (setting deployment.root), for audit. */
void catalog_audit_region(zf_db *pDb, char *zOut, size_t n);
/* Fills a catalog_version_in from a JSON body (pointers into pBody). */
void catalog_version_from_json(json_t *pBody, catalog_version_in *pIn);
/* Shared handlers bodies of both registers (see catalog.c). */
int catalog_version_list_reply(const catalog_register *pReg, zf_req *r);
int catalog_version_id_or_reply(const catalog_register *pReg, zf_req *r, const char *zParam,
                                int64_t *pId);

/* ---- catalog items ---------------------------------------------------- */

#define CATALOG_MAX_SECTOR 5
#define CATALOG_MAX_LEVEL 2

/* One enforcement matter as entered. Fines in fen, -1 = none. */
typedef struct catalog_item_in {
  const char *zCode, *zName, *zKind;
  const char *azSector[CATALOG_MAX_SECTOR]; int nSector;
  const char *zViolated, *zPenalty;
  const char *azLevel[CATALOG_MAX_LEVEL]; int nLevel;
  const char *zBenchmark;                 /* NULL = none */
  int64_t maxFineOrg, maxFinePerson;
  const char *zNotes;
  int64_t sortOrder;                      /* <0: after the last item */
} catalog_item_in;

/* Checks an item; ZF_OK or the first problem naming its field. */
int catalog_item_check(zf_db *pDb, const catalog_item_in *pIn, zf_error *e);
/* Adds an item to a draft version. */
int catalog_item_add(zf_db *pDb, const zf_who *pActor, int64_t versionId,
                     const catalog_item_in *pIn, int64_t *pId, zf_error *e);
/* Replaces every field of an item of a draft version. */
int catalog_item_update(zf_db *pDb, const zf_who *pActor, int64_t id,
                        const catalog_item_in *pIn, zf_error *e);
/* Removes an item from a draft (the audit entry keeps the whole item). */
int catalog_item_remove(zf_db *pDb, const zf_who *pActor, int64_t id, zf_error *e);
/* The ITEM JSON, or NULL when absent. */
json_t *catalog_item_json(zf_db *pDb, int64_t id);
/* Fills pIn from an ITEM-shaped JSON object (pointers into pObj). Returns
** ZF_OK or a field error (e.g. too many sectors). */
int catalog_item_from_json(json_t *pObj, catalog_item_in *pIn, zf_error *e);

/*
** Looks up item zCode in the catalog version in force on zDate. *pItemId
** (may be NULL) gets the item's id; *pStreet (may be NULL) 1 when streets
** may exercise it. ZF_ENOTFOUND when no catalog is in force or the code is
** not in it. Other modules use this for "is X a published matter" (grants
** to streets, inspections, cases).
*/
int catalog_code_in_force(zf_db *pDb, const char *zDate, const char *zCode,
                          int64_t *pItemId, int *pStreet);

/*
** Checks a discretion-benchmark code. Until the rules module is merged this
** only checks the form (catalog_code_ok); the lead wires it to the
** benchmark table (see the report). 
*/
int catalog_benchmark_check(zf_db *pDb, const char *zCode, zf_error *e);

/* Loads the starter catalog shipped in ref/catalog-starter.csv as a
** published version named after zDistrict (e.g. 青云谱区), in force from
** 2026-01-01. Called by demo_init(). */
int catalog_load_starter(zf_db *pDb, const char *zDistrict, zf_error *e);

/* Demo data: a draft of next year's catalog, copied from the one in force,
** with one new matter and one changed note, by the demo legal reviewer
** (shows drafts and the version diff). scale is unused. */
int catalog_demo(zf_db *pDb, int scale, zf_error *e);

/* Reads a UTF-8 CSV embedded from ref/ into rows of fields; calls xRow
** for every row after the header. Shared with checklist.c. */
int catalog_csv_each(const char *zName, int nField,
                     int (*xRow)(void *pArg, char **azField, int iRow, zf_error *e),
                     void *pArg, zf_error *e);

extern const json_field catalog_version_body[];
extern const json_field catalog_version_patch_body[];
extern const json_field catalog_item_body[];
extern const json_field catalog_item_patch_body[];
extern const json_field catalog_void_body[];

int catalog_public_handler(zf_req *r);
int catalog_version_list_handler(zf_req *r);
int catalog_version_create_handler(zf_req *r);
int catalog_version_get_handler(zf_req *r);
int catalog_version_patch_handler(zf_req *r);
int catalog_version_publish_handler(zf_req *r);
int catalog_version_void_handler(zf_req *r);
int catalog_version_diff_handler(zf_req *r);
int catalog_item_list_handler(zf_req *r);
int catalog_item_create_handler(zf_req *r);
int catalog_item_get_handler(zf_req *r);
int catalog_item_patch_handler(zf_req *r);
int catalog_item_delete_handler(zf_req *r);

#endif
