/*
** floor.c — the benchmark floor: the smallest libmicrohttpd server that
** answers every request with the same small JSON body.
**
**   build/bench/floor PORT [THREADS [shaped]]
**
** It starts the daemon exactly as zhifa's http_serve() does
** (MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC, a thread pool of THREADS,
** default 2, on 127.0.0.1, the same connection limit and timeout) and does no work per
** request beyond creating and queueing a response: no routing, no
** database, no JSON encoding, one Content-Type header. bench/run.sh
** measures it in the same run as zhifa, so that zhifa's figures can be
** read as a fraction of what the server library itself can do on this
** machine at that moment.
**
** With "shaped" it sends what zhifa's GET /api/v1/me sends instead: the
** same eight headers (security headers, Cache-Control, Content-Type) and a
** body of the same size and shape. The difference between the two floors
** is the price of the response itself; the rest of zhifa's gap is request
** handling.
**
** Like zhifa it answers on the second call of the access handler, once the
** request has been read: libmicrohttpd 0.9.75 closes the connection after
** a response queued on the first call ("Connection: close"), which would
** make the floor pay a TCP handshake per request. SIGINT/SIGTERM stop it.
*/
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char floor_body[] = "{\"status\":\"ok\",\"version\":\"floor\",\"db\":\"ok\"}";
static const char floor_me_body[] =
  "{\"id\":4,\"username\":\"officer1\",\"display_name\":\"\xe6\x9d\x8e\xe6\x98\x8e\","
  "\"roles\":[\"officer\"],\"scope\":{\"code\":\"360104\",\"name\":"
  "\"\xe9\x9d\x92\xe4\xba\x91\xe8\xb0\xb1\xe5\x8c\xba\"},\"permissions\":[],"
  "\"must_change_password\":false}";
static int floor_shaped = 0;              /* "shaped": zhifa's headers and /me body */
static volatile sig_atomic_t floor_stop = 0;

static void floor_on_signal(int sig){ (void)sig; floor_stop = 1; }

/* Every request: the fixed body, 200, application/json. */
static enum MHD_Result floor_access(void *cls, struct MHD_Connection *c, const char *zUrl,
                                    const char *zMethod, const char *zVersion,
                                    const char *zUpload, size_t *pnUpload, void **ppCtx){
  struct MHD_Response *pResp;
  enum MHD_Result ret;
  static int floor_seen;
  (void)cls; (void)zUrl; (void)zMethod; (void)zVersion; (void)zUpload;
  if( *ppCtx==0 ){ *ppCtx = &floor_seen; return MHD_YES; }   /* headers only */
  if( *pnUpload ){ *pnUpload = 0; return MHD_YES; }            /* discard a body */
  pResp = floor_shaped
    ? MHD_create_response_from_buffer(sizeof floor_me_body - 1, (void*)floor_me_body,
                                      MHD_RESPMEM_PERSISTENT)
    : MHD_create_response_from_buffer(sizeof floor_body - 1, (void*)floor_body,
                                      MHD_RESPMEM_PERSISTENT);
  if( pResp==0 ) return MHD_NO;
  if( floor_shaped ){
    /* as http_add_common_headers() in src/core/http.c */
    MHD_add_response_header(pResp, "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; "
      "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
      "frame-ancestors 'none'");
    MHD_add_response_header(pResp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(pResp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(pResp, "X-Frame-Options", "DENY");
    MHD_add_response_header(pResp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(pResp, "Permissions-Policy",
                            "camera=(self), geolocation=(self), microphone=(self)");
    MHD_add_response_header(pResp, "Cache-Control", "no-store");
  }
  MHD_add_response_header(pResp, "Content-Type", "application/json; charset=utf-8");
  ret = MHD_queue_response(c, MHD_HTTP_OK, pResp);
  MHD_destroy_response(pResp);
  return ret;
}

int main(int argc, char **argv){
  struct MHD_Daemon *d;
  struct sigaction act;
  struct sockaddr_in sa;
  long port, nThread = 2;
  if( argc<2 || argc>4 || (argc==4 && strcmp(argv[3], "shaped")!=0) ){
    fprintf(stderr, "usage: %s PORT [THREADS [shaped]]\n", argv[0]);
    return 2;
  }
  port = strtol(argv[1], 0, 10);
  if( argc>=3 ) nThread = strtol(argv[2], 0, 10);
  floor_shaped = argc==4;
  if( port<1 || port>65535 || nThread<1 || nThread>256 ){
    fprintf(stderr, "floor: bad port or thread count\n");
    return 2;
  }
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  memset(&act, 0, sizeof act);
  act.sa_handler = floor_on_signal;
  sigaction(SIGINT, &act, 0);
  sigaction(SIGTERM, &act, 0);
  signal(SIGPIPE, SIG_IGN);
  d = MHD_start_daemon(
    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG,
    0, 0, 0, floor_access, 0,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr*)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)nThread,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
    MHD_OPTION_END);
  if( d==0 ){
    fprintf(stderr, "floor: cannot listen on port %ld\n", port);
    return 1;
  }
  fprintf(stderr, "floor listening on 127.0.0.1:%ld (%ld threads%s)\n", port, nThread,
          floor_shaped ? ", shaped like /api/v1/me" : "");
  while( !floor_stop ) usleep(100000);
  MHD_stop_daemon(d);
  return 0;
}
