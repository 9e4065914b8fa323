/*
** test_http_stream.c — streamed replies through the real pipeline
** (http_stream: the callback is drained until it says "end", the free
** function runs once, also when the handler fails after setting a stream),
** and the upload helpers on a request without an upload.
*/
#include "testutil.h"
#include "core/http.h"

typedef struct counter { int left; int *pFreed; } counter;

static long count_read(void *pArg, char *zBuf, size_t nMax){
  counter *c = pArg;
  if( c->left==0 ) return 0;
  c->left--;
  return (long)snprintf(zBuf, nMax, "line %d\n", c->left);
}

static void count_free(void *pArg){
  counter *c = pArg;
  (*c->pFreed)++;
  free(c);
}

static int freed = 0;

static int stream_handler(zf_req *r){
  counter *c = malloc(sizeof *c);
  c->left = 3000;
  c->pFreed = &freed;
  assert_null(http_upload_path(r));
  assert_int_equal(http_body_size(r), 0);
  return http_stream(r, "text/plain", "数据.txt", count_read, c, count_free);
}

static int stream_then_fail(zf_req *r){
  counter *c = malloc(sizeof *c);
  c->left = 1;
  c->pFreed = &freed;
  http_stream(r, "text/plain", 0, count_read, c, count_free);
  return http_fail(r, ZF_EINVAL, "x", "失败");
}

static void test_stream(void **state){
  static const zf_route aRoute[] = {
    {"GET", "/api/v1/s", stream_handler, PERM_PUBLIC, "t", "t", 0, 0},
    {"GET", "/api/v1/f", stream_then_fail, PERM_PUBLIC, "t", "t", 0, 0},
  };
  zf_db *pDb = test_db(0);
  int status;
  char *z;
  (void)state;
  z = http_dispatch_test(aRoute, 2, pDb, "GET", "/api/v1/s", "", 0, &status);
  assert_int_equal(status, 200);
  assert_non_null(z);
  assert_int_equal(strncmp(z, "line 2999\n", 10), 0);
  assert_non_null(strstr(z, "line 0\n"));
  assert_true(strlen(z) > 3000*7);
  assert_int_equal(freed, 1);
  free(z);
  z = http_dispatch_test(aRoute, 2, pDb, "GET", "/api/v1/f", "", 0, &status);
  assert_int_equal(status, 400);
  assert_non_null(strstr(z, "\"field\":\"x\""));
  assert_int_equal(freed, 2);                /* the abandoned stream was freed */
  free(z);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_stream),
  };
  return cmocka_run_group_tests_name("http_stream", tests, 0, 0);
}
