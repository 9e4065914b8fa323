/*
** text.h — checks and transformations of user-typed text that every module
** shares: a length check in characters with the field's Chinese label, a
** telephone number check, and a LIKE pattern with the wildcards escaped.
** Generic (no domain knowledge).
*/
#ifndef ZF_TEXT_H
#define ZF_TEXT_H
#include <stddef.h>
#include "err.h"

/* z has nMin..nMax UTF-8 characters. A missing z with nMin>0 is
** ZF_EMISSING; otherwise ZF_EINVAL. The message names zLabel (zField is the
** error's field). */
int text_check(const char *z, size_t nMin, size_t nMax, const char *zField,
               const char *zLabel, zf_error *e);

/* A telephone number: 7–20 characters, at least 7 digits, and only
** digits, '+', '-', ' ', '(' and ')'. */
int text_phone_check(const char *z, const char *zField, zf_error *e);

/* "%zIn%" with '%', '_' and '\' escaped by '\' (use with ESCAPE '\'),
** cut to fit n bytes. */
void text_like(const char *zIn, char *zOut, size_t n);

#endif
