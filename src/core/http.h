/*
** http.h — the web server: libmicrohttpd daemon (thread pool + epoll), the
** route table type, request context and reply helpers, embedded web app.
**
** The flow of one request (http.c): route lookup (404/405) → CSRF and
** content-type checks for state-changing methods → session and permission
** (401/403) → body parse and check against the route's json_field table
** (400) → handler → JSON reply or {"error":…}. Handlers see only zf_req and
** the helpers below; the domain code they call never sees libmicrohttpd.
*/
#ifndef ZF_HTTP_H
#define ZF_HTTP_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "auth.h"
#include "db.h"
#include "err.h"
#include "json.h"

typedef struct zf_req zf_req;
typedef int (*zf_handler)(zf_req *r);

/* One row of the route table (src/routes.c). */
typedef struct zf_route {
  const char *zMethod;        /* "GET", "POST", "PATCH", "DELETE", "PUT" */
  const char *zPattern;       /* "/api/v1/users/{id}" */
  zf_handler xHandler;
  int perm;                   /* enum zf_perm; PERM_UNDECLARED is refused */
  const char *zTag;           /* OpenAPI tag */
  const char *zSummary;       /* one line, Chinese */
  const json_field *aBody;    /* request body fields, NULL when none */
  const char *zQuery;         /* documented query parameters "q,role,cursor,limit" */
} zf_route;

/*
** A route whose body may be large (file uploads): instead of the JSON limit
** (--max-body, kept in memory) it takes up to maxBytes, written to a
** temporary file as it arrives; the handler finds the file with
** http_upload_path() and may keep it with http_upload_take(). Listed in
** zf_http_config.aUpload (main.c passes zf_uploads from routes.c).
*/
typedef struct zf_upload {
  const char *zMethod;
  const char *zPattern;
  size_t maxBytes;
} zf_upload;

/*
** A streamed reply body: called repeatedly to fill zBuf (at most nMax
** bytes); returns the number of bytes written, 0 at the end, -1 on an error
** (the connection is then closed). Runs on the server thread after the
** handler has returned, so it must not use the request's zf_db (open a
** connection of its own) nor the zf_req.
*/
typedef long (*zf_stream_fn)(void *pArg, char *zBuf, size_t nMax);

#define HTTP_MAX_PARAM 4
#define HTTP_MAX_HEADER 6

struct zf_req {
  const zf_route *pRoute;
  const char *zMethod;
  const char *zPath;
  void *pConn;                        /* struct MHD_Connection* (opaque here) */
  zf_db *pDb;                         /* this thread's connection */
  zf_who who;                         /* valid when signedIn */
  int signedIn;
  json_t *pBody;                      /* parsed body (routes with aBody) */
  char zClient[64];                   /* client address */
  int secure;                         /* request came over TLS */
  zf_error err;                       /* set by a failing handler */
  int status;                         /* reply status, 200 by default */
  json_t *pReply;                     /* reply body, NULL for none */
  char *zReply;                       /* or an already-rendered JSON body */
  int64_t retryAfter;                 /* seconds, for 429 */
  /* internal: header/query lookup (MHD or the test harness) */
  const char *(*xLookup)(zf_req *r, int kind, const char *zName);
  void *pLookupArg;
  char *zBody; size_t nBody, nAlloc; int tooLarge;
  size_t maxBody;                     /* this request's limit */
  int isUpload, uploadFd, uploadFailed;
  int uploadRefused;                  /* refused on its headers: body never read */
  char *zUploadPath;                  /* upload routes: the body's temporary file */
  void *pUploadHash;                  /* its SHA-256 as it arrives (EVP_MD_CTX*) */
  char zUploadSha[65];                /* hex, set when the body is complete */
  zf_stream_fn xStream;               /* streamed reply (http_stream) */
  void *pStreamArg;
  void (*xStreamFree)(void*);
  char zStreamType[96];
  int hasFile, fileFd;                /* file reply (http_file) */
  uint64_t fileOff, fileLen;
  int nParam;
  char azParamName[HTTP_MAX_PARAM][24];
  char azParam[HTTP_MAX_PARAM][128];
  int nHeader;
  char azHeader[HTTP_MAX_HEADER][2][256];
};

typedef struct zf_http_config {
  const char *zListen;        /* "127.0.0.1:8080" */
  int nThread;                /* worker threads */
  size_t maxBody;             /* bytes, default 1 MiB */
  int trustProxy;             /* honour X-Forwarded-For / -Proto */
  const char *zTlsCert;       /* PEM files: serve HTTPS when both are set */
  const char *zTlsKey;
  const zf_upload *aUpload;   /* routes taking large bodies (streamed to files) */
  int nUpload;
  const char *zUploadDir;     /* where those bodies are written (default /tmp) */
} zf_http_config;

/* Starts the daemon on the route table and blocks until SIGINT/SIGTERM,
** then drains in-flight requests and stops. Returns 0 on a clean stop. */
int http_serve(const zf_http_config *pCfg, const zf_route *aRoute, int nRoute);

/* Dispatches one request without a network: used by the fuzzer and tests.
** Fills *pStatus and returns the reply body (caller frees) or NULL. */
char *http_dispatch_test(const zf_route *aRoute, int nRoute, zf_db *pDb,
                         const char *zMethod, const char *zPath,
                         const char *zBody, size_t nBody, int *pStatus);

/* ---- helpers for handlers ---- */
const char *http_param(zf_req *r, const char *zName);   /* path {name} */
const char *http_query(zf_req *r, const char *zName);   /* ?name=, UTF-8 checked */
const char *http_header(zf_req *r, const char *zName);
void http_header_add(zf_req *r, const char *zName, const char *zValue);
/* Sets the reply (steals pReply) and returns ZF_OK. */
int http_reply(zf_req *r, int status, json_t *pReply);
/* Sets an already-rendered JSON reply (copied) and returns ZF_OK. */
int http_reply_text(zf_req *r, int status, const char *zJson);
/* Records a failure in r->err and returns rc. */
int http_fail(zf_req *r, int rc, const char *zField, const char *zFmt, ...)
  __attribute__((format(printf, 4, 5)));
/*
** Upload routes: the path of the temporary file holding the body (NULL
** when the body was empty). The file is deleted after the request unless
** the handler takes it: http_upload_take() returns the path (caller frees
** it and owns the file).
*/
const char *http_upload_path(zf_req *r);
char *http_upload_take(zf_req *r);
/* Upload routes: the SHA-256 (lower-case hex) of the body, computed while
** it streamed to the file, or NULL (no file, or the hash failed). */
const char *http_upload_sha256(zf_req *r);
/* Size of the request body in bytes (in memory or in the upload file). */
size_t http_body_size(zf_req *r);

/*
** Replies 200 with a body produced by x (see zf_stream_fn), sent with
** chunked encoding as the client reads it, so that large exports never sit
** in memory. zFilename (UTF-8, may be NULL) sets Content-Disposition:
** attachment. xFree(pArg) runs when the reply is finished or abandoned.
*/
int http_stream(zf_req *r, const char *zContentType, const char *zFilename,
                zf_stream_fn x, void *pArg, void (*xFree)(void*));

/*
** Replies status (200, or 206 for a range) with nLen bytes of the open
** file fd from offset nOff, sent by the server straight from the file
** (sendfile), with a Content-Length; the handler adds Content-Range /
** Accept-Ranges with http_header_add(). Takes fd (closed when the reply
** is finished or abandoned). HEAD requests get the headers only.
*/
int http_file(zf_req *r, int status, const char *zContentType, int fd, uint64_t nOff,
              uint64_t nLen);

/* Reads ?limit= (1..200, default 50) and ?cursor= (int64, default 0). */
int http_page(zf_req *r, int *pLimit, int64_t *pCursor);

/* The positive integer path parameter zName, else a 404 naming it. */
int http_path_id(zf_req *r, const char *zName, int64_t *pId);

/* The optional positive integer query parameter zName (*pId = 0 when
** absent), else a 400 naming it. */
int http_query_id(zf_req *r, const char *zName, int64_t *pId);

/*
** The record whose id is path parameter zParam, read by zSql (one '?' for
** the id, first column the record's scope path) and visible to the caller:
** 404 "<zWhat>不存在" when it is missing or xVisible (may be NULL) says the
** caller may not know of it; 403 when its path is outside the caller's
** scope. The rule that hides a record is thus applied where it is read.
*/
int http_scoped_row(zf_req *r, const char *zParam, const char *zSql, const char *zWhat,
                    int (*xVisible)(zf_db*, const zf_who*, int64_t), int64_t *pId);

/* Pattern match of a path against "/a/{x}/b"; fills params. Exposed for
** tests. Returns 1 on match. */
int http_match(const char *zPattern, const char *zPath, zf_req *r);

#endif
