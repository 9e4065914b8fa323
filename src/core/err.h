/*
** err.h — the one error enum of zhifa and its mapping to HTTP.
**
** Every function that can fail returns an int rc: ZF_OK (0) or one of the
** codes below. err_status() and err_code() turn a code into the HTTP status
** and the stable machine-readable string that API clients see in
** {"error":{"code":…}}; err_message() gives the default Chinese message.
** The table lives in err.c and is the only place these mappings exist.
*/
#ifndef ZF_ERR_H
#define ZF_ERR_H
#include <stdarg.h>

typedef enum zf_rc {
  ZF_OK = 0,
  ZF_EJSON,          /* 400 body not well-formed JSON / not an object */
  ZF_EUTF8,          /* 400 invalid UTF-8 in body or parameter */
  ZF_EUNKNOWN,       /* 400 unknown field in body */
  ZF_EMISSING,       /* 400 required field absent */
  ZF_ETYPE,          /* 400 field of the wrong JSON type */
  ZF_EINVAL,         /* 400 value breaks a rule */
  ZF_EAUTH,          /* 401 no valid session */
  ZF_ELOGIN,         /* 401 wrong username/password, disabled account */
  ZF_EFORBIDDEN,     /* 403 role lacks the permission */
  ZF_ECSRF,          /* 403 cross-site state-changing request */
  ZF_ESCOPE,         /* 403 record outside the account's region subtree */
  ZF_ENOTFOUND,      /* 404 no such route or record */
  ZF_EMETHOD,        /* 405 known path, other method */
  ZF_ECONFLICT,      /* 409 unique value taken, state conflict */
  ZF_ETOOLARGE,      /* 413 body over the limit */
  ZF_EMEDIA,         /* 415 body without a JSON content type */
  ZF_EPROCEDURE,     /* 422 legal procedure refuses the action */
  ZF_ETHROTTLE,      /* 429 too many login failures */
  ZF_EBUSY,          /* 503 database busy beyond the timeout */
  ZF_EINTERNAL,      /* 500 a bug or an I/O failure: logged */
  ZF_NERR
} zf_rc;

int err_status(int rc);
const char *err_code(int rc);
const char *err_message(int rc);



/*
** A failure as the caller should report it: the code, the field to blame
** (empty when none) and a specific Chinese message (empty: use the default).
** Domain functions fill one and return its rc; the HTTP layer renders it.
*/
typedef struct zf_error {
  int rc;
  char field[64];
  char message[256];
} zf_error;

/* Fills e (may be NULL) and returns rc. fmt may be NULL for the default. */
int err_set(zf_error *e, int rc, const char *field, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* The same with a va_list. */
int err_setv(zf_error *e, int rc, const char *field, const char *fmt, va_list ap);
/* Makes z valid UTF-8 in place (drops a cut-off last character, '?' for
** other invalid bytes). Every message and field passes through it. */
void err_utf8_clean(char *z);

/* Drops every API name in full-width brackets ("（approval_document）")
** from message z in place; err_setv applies it to every message. */
void err_drop_api_names(char *z);

#endif
