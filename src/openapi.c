/*
** openapi.c — GET /api/v1/openapi.json, built from zf_routes: each route's
** path parameters come from its pattern, query parameters from zQuery, the
** request body schema from its json_field table, the security requirement
** and x-permission from its permission. New routes appear automatically.
*/
#include <string.h>
#include "openapi.h"
#include "routes.h"

static json_t *openapi_field_schema(const json_field *f){
  json_t *s = json_object();
  switch( f->type ){
    case JF_STRING:
      json_object_set_new(s, "type", json_string("string"));
      if( f->min>0 ) json_object_set_new(s, "minLength", json_integer(f->min));
      if( f->max>0 ) json_object_set_new(s, "maxLength", json_integer(f->max));
      break;
    case JF_INT:
      json_object_set_new(s, "type", json_string("integer"));
      if( f->max>f->min ){
        json_object_set_new(s, "minimum", json_integer(f->min));
        json_object_set_new(s, "maximum", json_integer(f->max));
      }
      break;
    case JF_NUMBER: json_object_set_new(s, "type", json_string("number")); break;
    case JF_BOOL: json_object_set_new(s, "type", json_string("boolean")); break;
    case JF_OBJECT: json_object_set_new(s, "type", json_string("object")); break;
    case JF_OBJECTS:
      json_object_set_new(s, "type", json_string("array"));
      json_object_set_new(s, "items", json_pack("{s:s}", "type", "object"));
      if( f->min>0 ) json_object_set_new(s, "minItems", json_integer(f->min));
      if( f->max>0 ) json_object_set_new(s, "maxItems", json_integer(f->max));
      break;
    case JF_ARRAY:
      json_object_set_new(s, "type", json_string("array"));
      json_object_set_new(s, "items", json_object());
      if( f->min>0 ) json_object_set_new(s, "minItems", json_integer(f->min));
      if( f->max>0 ) json_object_set_new(s, "maxItems", json_integer(f->max));
      break;
    case JF_STRINGS:
      json_object_set_new(s, "type", json_string("array"));
      json_object_set_new(s, "items", json_pack("{s:s}", "type", "string"));
      if( f->min>0 ) json_object_set_new(s, "minItems", json_integer(f->min));
      if( f->max>0 ) json_object_set_new(s, "maxItems", json_integer(f->max));
      break;
  }
  if( f->flags & JF_NULLABLE ) json_object_set_new(s, "nullable", json_true());
  if( f->zLabel || f->zDesc ){
    json_object_set_new(s, "description", json_sprintf("%s%s%s", f->zLabel ? f->zLabel : "",
      f->zLabel && f->zDesc ? " — " : "", f->zDesc ? f->zDesc : ""));
  }
  return s;
}

static json_t *openapi_body(const json_field *aField){
  json_t *pProps = json_object(), *pReq = json_array();
  const json_field *f;
  json_t *pSchema;
  for(f=aField; f->zName; f++){
    json_object_set_new(pProps, f->zName, openapi_field_schema(f));
    if( f->flags & JF_REQUIRED ) json_array_append_new(pReq, json_string(f->zName));
  }
  pSchema = json_pack("{s:s,s:o,s:b}", "type", "object", "properties", pProps,
                      "additionalProperties", 0);
  if( json_array_size(pReq) ) json_object_set_new(pSchema, "required", pReq);
  else json_decref(pReq);
  return json_pack("{s:b,s:{s:{s:o}}}", "required", 1, "content", "application/json",
                   "schema", pSchema);
}

static json_t *openapi_params(const zf_route *p){
  json_t *a = json_array();
  const char *z = p->zPattern;
  while( (z = strchr(z, '{'))!=0 ){
    const char *zEnd = strchr(z, '}');
    if( zEnd==0 ) break;
    json_array_append_new(a, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", z+1, (size_t)(zEnd-z-1),
                          "in", "path", "required", 1, "schema", "type", "string"));
    z = zEnd;
  }
  z = p->zQuery;
  while( z && *z ){
    size_t n = strcspn(z, ",");
    json_array_append_new(a, json_pack("{s:s%,s:s,s:b,s:{s:s}}", "name", z, n,
                          "in", "query", "required", 0, "schema", "type", "string"));
    z += n;
    if( *z ) z++;
  }
  return a;
}

static json_t *openapi_operation(const zf_route *p){
  json_t *pOp = json_pack("{s:s,s:[s],s:s,s:o}", "summary", p->zSummary, "tags", p->zTag,
                          "x-permission", auth_perm_name(p->perm),
                          "parameters", openapi_params(p));
  json_t *pResp = json_object();
  const char *zOk = strcmp(p->zMethod, "DELETE")==0 ? "204"
                  : strcmp(p->zMethod, "POST")==0 && strstr(p->zPattern, "/users") ? "201" : "200";
  char zOpId[160];
  size_t i, j = 0;
  for(i=0; p->zMethod[i] && j<sizeof zOpId-1; i++) zOpId[j++] = (char)(p->zMethod[i] | 0x20);
  for(i=7; p->zPattern[i] && j<sizeof zOpId-1; i++){
    char c = p->zPattern[i];
    zOpId[j++] = (c=='/' || c=='{' || c=='}' || c=='.') ? '_' : c;
  }
  zOpId[j] = 0;
  json_object_set_new(pOp, "operationId", json_string(zOpId));
  if( p->perm!=PERM_PUBLIC ){
    json_object_set_new(pOp, "security", json_pack("[{s:[]}]", "cookieAuth"));
  }else{
    json_object_set_new(pOp, "security", json_array());
  }
  if( p->aBody ) json_object_set_new(pOp, "requestBody", openapi_body(p->aBody));
  json_object_set_new(pResp, zOk, json_pack("{s:s}", "description", "成功"));
  json_object_set_new(pResp, "default", json_pack("{s:s,s:{s:{s:{s:s}}}}", "description",
    "错误（见 docs/api.md 的错误代码表）", "content", "application/json", "schema",
    "$ref", "#/components/schemas/Error"));
  json_object_set_new(pOp, "responses", pResp);
  return pOp;
}

json_t *openapi_document(const zf_route *aRoute, int nRoute, const char *zVersion){
  json_t *pPaths = json_object();
  int i;
  for(i=0; i<nRoute; i++){
    json_t *pItem = json_object_get(pPaths, aRoute[i].zPattern);
    char zMethod[16];
    size_t k;
    if( pItem==0 ){
      pItem = json_object();
      json_object_set_new(pPaths, aRoute[i].zPattern, pItem);
    }
    for(k=0; aRoute[i].zMethod[k] && k<sizeof zMethod-1; k++) zMethod[k] = (char)(aRoute[i].zMethod[k] | 0x20);
    zMethod[k] = 0;
    json_object_set_new(pItem, zMethod, openapi_operation(&aRoute[i]));
  }
  return json_pack("{s:s,s:{s:s,s:s,s:s},s:o,s:{s:{s:{s:s,s:s,s:s}},s:{s:{s:s,s:{s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s},s:{s:s}}}}}}}}",
    "openapi", "3.0.3",
    "info", "title", "zhifa 应急管理综合行政执法平台 API", "version", zVersion,
      "description", "All routes of zhifa, generated from its route table.",
    "paths", pPaths,
    "components",
      "securitySchemes", "cookieAuth", "type", "apiKey", "in", "cookie", "name", "zf_session",
      "schemas", "Error", "type", "object", "properties", "error", "type", "object",
        "required", "code", "message", "properties", "code", "type", "string",
        "message", "type", "string", "field", "type", "string");
}

/* ROUTE: GET /api/v1/openapi.json */
int openapi_handler(zf_req *r){
  return http_reply(r, 200, openapi_document(zf_routes, zf_nroutes, ZF_VERSION));
}
