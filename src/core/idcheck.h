/*
** idcheck.h — check characters of Chinese identifiers.
**
**   GB 32100-2015  unified social credit code (统一社会信用代码), 18 chars
**   GB 11643-1999  citizen identity number (公民身份号码), 18 chars
**
** Both return ZF_OK or ZF_EINVAL with a Chinese reason in e naming zField.
*/
#ifndef ZF_IDCHECK_H
#define ZF_IDCHECK_H
#include "err.h"

int idcheck_uscc(const char *zCode, const char *zField, zf_error *e);
int idcheck_idcard(const char *zId, const char *zField, zf_error *e);

/* The check character a 17-character prefix should carry (0 on bad input). */
char idcheck_uscc_check(const char *z17);
char idcheck_idcard_check(const char *z17);

/* Masks an identity number for display: 3601**********123X. */
void idcheck_mask(const char *zId, char *zOut, size_t n);

#endif
