/*
** checklist.h — inspection checklists (检查表) per sector, versioned like
** the catalog (plan clauses 12 and 18: 关键环节、要害岗位、重点设施检查到位).
**
** A line names the key link / position / facility (重点环节/部位/设施), what to
** check (检查内容), its legal basis (依据), whether it is a must-check line
** (必查项: an inspection may not skip it), the catalog matter a finding leads
** to (catalog_code: must exist in the catalog in force on the checklist's
** effective_from), a section (分组) and an optional hazard feature that
** brings the line in: "" (every enterprise of the sector), dust 粉尘涉爆,
** confined_space 有限空间, ammonia 涉氨制冷, major_hazard 重大危险源.
*/
#ifndef ZF_CHECKLIST_H
#define ZF_CHECKLIST_H
#include "catalog.h"

/* Canonical key of a feature given its key or Chinese name ("" for none);
** NULL when unknown. */
const char *checklist_feature_key(const char *z);
const char *checklist_feature_name(const char *zKey);

/* One line as entered (sortOrder < 0: after the last). */
typedef struct checklist_item_in {
  const char *zSection, *zFeature, *zKeyPoint, *zContent, *zBasis, *zCatalogCode;
  int mustCheck;
  int64_t sortOrder;
} checklist_item_in;

/* One line in force, owned by a checklist_set. */
typedef struct checklist_line {
  int64_t id;
  char *zSection, *zFeature, *zKeyPoint, *zContent, *zBasis, *zCatalogCode;  /* zCatalogCode may be "" */
  int mustCheck;
} checklist_line;

/* The lines of one checklist version (checklist_set_free() releases). */
typedef struct checklist_set {
  int64_t versionId;
  char zName[256];
  int nLine;
  checklist_line *aLine;
} checklist_set;

/*
** The lines of the checklist of zSector in force on zDate, in order. With
** azFeature == NULL every line is returned; otherwise the lines without a
** feature plus those whose feature is among azFeature[0..nFeature). On
** ZF_ENOTFOUND (no checklist in force) *pOut is empty. Caller frees with
** checklist_set_free().
*/
int checklist_current(zf_db *pDb, const char *zSector, const char *zDate,
                      const char *const *azFeature, int nFeature, checklist_set *pOut,
                      zf_error *e);
/* Same, but only the must-check lines: the inspection module refuses to
** close an inspection that skipped one of them. */
int checklist_must_items(zf_db *pDb, const char *zSector, const char *zDate,
                         const char *const *azFeature, int nFeature, checklist_set *pOut,
                         zf_error *e);
void checklist_set_free(checklist_set *p);

int checklist_item_add(zf_db *pDb, const zf_who *pActor, int64_t versionId,
                       const checklist_item_in *pIn, int64_t *pId, zf_error *e);
int checklist_item_update(zf_db *pDb, const zf_who *pActor, int64_t id,
                          const checklist_item_in *pIn, zf_error *e);
int checklist_item_remove(zf_db *pDb, const zf_who *pActor, int64_t id, zf_error *e);
json_t *checklist_item_json(zf_db *pDb, int64_t id);

/* Publish check (catalog.c calls it through the register): every linked
** catalog code exists in the catalog in force on zFrom. */
int checklist_publish_check(zf_db *pDb, int64_t id, const char *zFrom, zf_error *e);

/* Loads ref/checklist-starter.csv as published checklists (one per
** sector and name), in force from 2026-01-01. Needs the starter catalog. */
int checklist_load_starter(zf_db *pDb, zf_error *e);

extern const json_field checklist_version_body[];
extern const json_field checklist_version_patch_body[];
extern const json_field checklist_item_body[];
extern const json_field checklist_item_patch_body[];

int checklist_public_handler(zf_req *r);
int checklist_current_handler(zf_req *r);
int checklist_version_list_handler(zf_req *r);
int checklist_version_create_handler(zf_req *r);
int checklist_version_get_handler(zf_req *r);
int checklist_version_patch_handler(zf_req *r);
int checklist_version_publish_handler(zf_req *r);
int checklist_version_void_handler(zf_req *r);
int checklist_item_create_handler(zf_req *r);
int checklist_item_patch_handler(zf_req *r);
int checklist_item_delete_handler(zf_req *r);

#endif
