/*
** json.h — request bodies: parsing with jansson and checking against a
** field table, so that every bad body gets a 400 naming the field.
**
** A route declares its body as a NULL-terminated array of json_field. The
** same table feeds the OpenAPI description (src/openapi.c).
*/
#ifndef ZF_JSON_H
#define ZF_JSON_H
#include <jansson.h>
#include "err.h"

enum json_type_kind {
  JF_STRING = 1,   /* min/max: length in characters */
  JF_INT,          /* min/max: value range (when max > min) */
  JF_BOOL,
  JF_STRINGS,      /* array of strings; min/max: number of items */
  JF_OBJECT,
  JF_NUMBER,
  JF_OBJECTS,      /* array of objects (their keys checked by the handler);
                      min/max: number of items */
  JF_ARRAY         /* array of any values; min/max: number of items */
};

#define JF_REQUIRED 0x01
#define JF_NULLABLE 0x02   /* JSON null accepted (means "clear") */

typedef struct json_field {
  const char *zName;     /* JSON key */
  int type;              /* JF_* */
  int flags;             /* JF_REQUIRED, JF_NULLABLE */
  long long min, max;    /* see type; max==0 means no upper bound */
  const char *zLabel;    /* Chinese label for messages: "用户名" */
  const char *zDesc;     /* description for OpenAPI */
} json_field;

/*
** Parses a request body that must be one JSON object. On success *ppObj
** owns a new reference. Errors: ZF_EJSON, ZF_EUTF8 (filled into e).
*/
int json_parse_body(const char *zBody, size_t nBody, json_t **ppObj, zf_error *e);

/*
** Checks obj against aField: no unknown keys, required keys present, types
** and bounds right. Returns ZF_OK or the first problem, naming the field.
*/
int json_check(json_t *obj, const json_field *aField, zf_error *e);

/* Number of Unicode code points in a valid UTF-8 string. */
size_t json_utf8_len(const char *z);
/* 1 when z is valid UTF-8 without NUL-free surprises, else 0. */
int json_utf8_valid(const char *z, size_t n);

/* Convenience getters: NULL / dflt when absent or of another type. */
const char *json_str(json_t *obj, const char *zKey);
long long json_int(json_t *obj, const char *zKey, long long dflt);

#endif
