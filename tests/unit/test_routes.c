/*
** test_routes.c — the route table (src/routes.c): deny by default (every
** route declares a permission), unique method+pattern, summaries and tags
** present; pattern matching; the OpenAPI document lists every route.
*/
#include "testutil.h"
#include "core/http.h"
#include "openapi.h"
#include "routes.h"

static void test_every_route_declares_permission(void **state){
  int i, j;
  (void)state;
  assert_true(zf_nroutes>0);
  for(i=0; i<zf_nroutes; i++){
    const zf_route *p = &zf_routes[i];
    if( p->perm<=PERM_UNDECLARED || p->perm>=PERM_COUNT ){
      fail_msg("route %s %s has no declared permission", p->zMethod, p->zPattern);
    }
    assert_non_null(p->xHandler);
    assert_true(p->zSummary && p->zSummary[0]);
    assert_true(p->zTag && p->zTag[0]);
    assert_int_equal(strncmp(p->zPattern, "/api/v1/", 8), 0);
    for(j=i+1; j<zf_nroutes; j++){
      if( strcmp(p->zMethod, zf_routes[j].zMethod)==0 && strcmp(p->zPattern, zf_routes[j].zPattern)==0 ){
        fail_msg("duplicate route %s %s", p->zMethod, p->zPattern);
      }
    }
  }
}

static void test_match(void **state){
  zf_req r;
  (void)state;
  memset(&r, 0, sizeof r);
  assert_true(http_match("/api/v1/users/{id}", "/api/v1/users/42", &r));
  assert_int_equal(r.nParam, 1);
  assert_string_equal(http_param(&r, "id"), "42");
  assert_null(http_param(&r, "other"));
  assert_false(http_match("/api/v1/users/{id}", "/api/v1/users/", &r));
  assert_false(http_match("/api/v1/users/{id}", "/api/v1/users/4/x", &r));
  assert_false(http_match("/api/v1/users", "/api/v1/users/", &r));
  assert_true(http_match("/api/v1/a/{x}/b/{y}", "/api/v1/a/1/b/2", &r));
  assert_string_equal(http_param(&r, "y"), "2");
}

/* Through the real pipeline, without a network. */
static void test_dispatch(void **state){
  zf_db *pDb = test_db(0);
  int status;
  char *z;
  (void)state;
  z = http_dispatch_test(zf_routes, zf_nroutes, pDb, "GET", "/api/v1/health", "", 0, &status);
  assert_int_equal(status, 200);
  free(z);
  z = http_dispatch_test(zf_routes, zf_nroutes, pDb, "GET", "/api/v1/me", "", 0, &status);
  assert_int_equal(status, 401);
  assert_non_null(strstr(z, "unauthenticated"));
  free(z);
  z = http_dispatch_test(zf_routes, zf_nroutes, pDb, "DELETE", "/api/v1/health", "", 0, &status);
  assert_int_equal(status, 405);
  free(z);
  z = http_dispatch_test(zf_routes, zf_nroutes, pDb, "GET", "/api/v1/nothing", "", 0, &status);
  assert_int_equal(status, 404);
  free(z);
  z = http_dispatch_test(zf_routes, zf_nroutes, pDb, "POST", "/api/v1/session", "{\"username\":1}", 14, &status);
  assert_int_equal(status, 400);
  assert_non_null(strstr(z, "\"field\":\"username\""));
  free(z);
  db_close(pDb);
}

/* A route table with an undeclared permission is refused at run time. */
static int dummy_handler(zf_req *r){ return http_reply(r, 200, json_object()); }

static void test_undeclared_refused(void **state){
  static const zf_route aBad[] = {
    {"GET", "/api/v1/forgot", dummy_handler, PERM_UNDECLARED, "x", "x", 0, 0},
  };
  zf_db *pDb = test_db(0);
  int status;
  char *z;
  (void)state;
  z = http_dispatch_test(aBad, 1, pDb, "GET", "/api/v1/forgot", "", 0, &status);
  assert_int_equal(status, 403);
  free(z);
  db_close(pDb);
}

static void test_openapi(void **state){
  json_t *pDoc = openapi_document(zf_routes, zf_nroutes, "t");
  json_t *pPaths = json_object_get(pDoc, "paths");
  int i;
  (void)state;
  assert_string_equal(json_string_value(json_object_get(pDoc, "openapi")), "3.0.3");
  for(i=0; i<zf_nroutes; i++){
    char zMethod[16];
    size_t k;
    json_t *pOp;
    for(k=0; zf_routes[i].zMethod[k]; k++) zMethod[k] = (char)(zf_routes[i].zMethod[k] | 0x20);
    zMethod[k] = 0;
    pOp = json_object_get(json_object_get(pPaths, zf_routes[i].zPattern), zMethod);
    assert_non_null(pOp);
    assert_string_equal(json_string_value(json_object_get(pOp, "x-permission")),
                        auth_perm_name(zf_routes[i].perm));
    if( zf_routes[i].aBody ) assert_non_null(json_object_get(pOp, "requestBody"));
  }
  json_decref(pDoc);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_route_declares_permission),
    cmocka_unit_test(test_match),
    cmocka_unit_test(test_dispatch),
    cmocka_unit_test(test_undeclared_refused),
    cmocka_unit_test(test_openapi),
  };
  return cmocka_run_group_tests_name("routes", tests, 0, 0);
}
