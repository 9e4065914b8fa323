/*
** region.h — the jurisdiction tree (行政区划, GB/T 2260): loading the
** shipped Jiangxi table, lookup, and the children listing used by scope
** pickers. Serves plan clauses 1, 3 and 5 (who acts where).
*/
#ifndef ZF_REGION_H
#define ZF_REGION_H
#include "core/http.h"

/* Loads ref/regions-jiangxi.csv (embedded) into an empty region table,
** parents before children, with materialised paths. Audited as one entry. */
int region_load_reference(zf_db *pDb, const zf_who *pActor, zf_error *e);

/* The region code of a region path ("/360000/360100/360104/" → "360104"):
** its last segment, "" when there is none. Audit entries carry it. */
void region_code_of_path(const char *zPath, char *zOut, size_t n);

/* The end of the range of paths inside zPath: zPath with its last '/'
** made '0' (the next byte), so that "p >= zPath AND p < zEnd" is "p LIKE
** zPath || '%'" in a form an index can use. */
void region_path_end(const char *zPath, char *zEnd, size_t n);

/* Copies the name of region zCode into zName (size n). ZF_ENOTFOUND. */
int region_name(zf_db *pDb, const char *zCode, char *zName, size_t n);

int region_list_handler(zf_req *r);

#endif
