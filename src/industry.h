/*
** industry.h — 国民经济行业分类 GB/T 4754-2017: the code table shipped in
** ref/gbt4754-2017-industries.csv (20 sections, 97 divisions, 275 groups,
** 1,380 classes), its loading into the `industry` table, code
** normalisation and lookup, and GET /api/v1/industries for pickers.
** Serves plan clauses 5 and 18 (classifying the enterprises supervised).
**
** Codes are written with or without the section letter: "2614" and
** "C2614" are the same class. The stored form has no letter for divisions,
** groups and classes ("2614") and is the letter alone for a section ("C").
*/
#ifndef ZF_INDUSTRY_H
#define ZF_INDUSTRY_H
#include "core/http.h"

/* Loads the embedded table into `industry` (rows already present are
** kept). One audit entry. Called by demo_init(), i.e. `init` and `demo`. */
int industry_load_reference(zf_db *pDb, const zf_who *pActor, zf_error *e);

/*
** Normalises a code as written by a person or a spreadsheet: trims spaces,
** upper-cases the section letter, drops a section letter that precedes
** digits ("C2614" → "2614"). Writes at most n bytes to zOut. Returns 1 when
** the result has the shape of a code (a letter, or 2–4 digits), else 0.
** Existence is not checked.
*/
int industry_normalize(const char *zIn, char *zOut, size_t n);

/*
** Looks a code up in the embedded table (no database needed). zCode may
** be in either form. On success copies the stored form to zNorm (8 bytes)
** and returns the entry's name (static); NULL when the code is not in
** GB/T 4754-2017 or the letter does not match the digits ("A2614").
*/
const char *industry_lookup(const char *zCode, char zNorm[8]);

/* As industry_lookup, but fills e with a Chinese reason naming zField. */
int industry_check(const char *zCode, char zNorm[8], const char *zField, zf_error *e);

/* Section letter of a stored code ("2614" → 'C'), 0 when unknown. */
char industry_section(const char *zNorm);

int industry_list_handler(zf_req *r);

#endif
