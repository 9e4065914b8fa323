/*
** openapi.h — the OpenAPI 3.0 description, generated from the route table.
*/
#ifndef ZF_OPENAPI_H
#define ZF_OPENAPI_H
#include "core/http.h"

/* Builds the document for aRoute (new reference). */
json_t *openapi_document(const zf_route *aRoute, int nRoute, const char *zVersion);
int openapi_handler(zf_req *r);

#endif
