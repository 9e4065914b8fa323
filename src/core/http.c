/*
** http.c — libmicrohttpd glue, request pipeline, static files, shutdown.
**
** The pipeline (http_handle) is independent of libmicrohttpd: headers and
** query values come through r->xLookup, so the same code runs under the
** daemon and under the fuzzer (http_dispatch_test).
*/
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "embed.h"
#include "http.h"
#include "log.h"

#define HTTP_DISCARD_MAX (64u<<20)  /* read and drop oversized bodies up to this */

#define HTTP_KIND_HEADER 1
#define HTTP_KIND_QUERY  2
#define HTTP_KIND_COOKIE 3

#define HTTP_CSP "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " \
  "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; " \
  "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " \
  "frame-ancestors 'none'"

/* What the pipeline decided to send. */
typedef struct http_out {
  int status;
  char *zJson;                 /* malloc'd JSON body, or NULL */
  const zf_asset *pAsset;      /* static file, or NULL */
  int useGzip;
  int isApi;
  char zAllow[64];             /* for 405 */
} http_out;

static const zf_route *http_routes;
static int http_nroutes;
static zf_http_config http_cfg = { "127.0.0.1:8080", 4, 1<<20, 0, 0, 0, 0, 0, 0 };
static atomic_int http_active = 0;
static volatile sig_atomic_t http_stop = 0;

/* ---- helpers for handlers ------------------------------------------ */

int http_match(const char *zPattern, const char *zPath, zf_req *r){
  const char *p = zPattern, *s = zPath;
  int n = 0;
  while( *p && *s ){
    if( *p=='{' ){
      const char *zEnd = strchr(p, '}');
      size_t nName, nVal = 0;
      if( zEnd==0 ) return 0;
      nName = (size_t)(zEnd - p - 1);
      while( s[nVal] && s[nVal]!='/' ) nVal++;
      if( nVal==0 || n>=HTTP_MAX_PARAM || nName>=sizeof r->azParamName[0]
       || nVal>=sizeof r->azParam[0] ) return 0;
      if( r ){
        memcpy(r->azParamName[n], p+1, nName); r->azParamName[n][nName] = 0;
        memcpy(r->azParam[n], s, nVal); r->azParam[n][nVal] = 0;
      }
      n++;
      p = zEnd + 1;
      s += nVal;
    }else{
      if( *p!=*s ) return 0;
      p++; s++;
    }
  }
  if( *p || *s ) return 0;
  if( r ) r->nParam = n;
  return 1;
}

const char *http_param(zf_req *r, const char *zName){
  int i;
  for(i=0; i<r->nParam; i++) if( strcmp(r->azParamName[i], zName)==0 ) return r->azParam[i];
  return 0;
}

const char *http_query(zf_req *r, const char *zName){
  const char *z = r->xLookup(r, HTTP_KIND_QUERY, zName);
  return (z && *z) ? z : 0;
}

const char *http_header(zf_req *r, const char *zName){
  return r->xLookup(r, HTTP_KIND_HEADER, zName);
}

void http_header_add(zf_req *r, const char *zName, const char *zValue){
  if( r->nHeader>=HTTP_MAX_HEADER ){
    log_error("too many reply headers (%s)", zName);
    return;
  }
  snprintf(r->azHeader[r->nHeader][0], sizeof r->azHeader[0][0], "%s", zName);
  snprintf(r->azHeader[r->nHeader][1], sizeof r->azHeader[0][1], "%s", zValue);
  r->nHeader++;
}

int http_reply(zf_req *r, int status, json_t *pReply){
  if( r->pReply ) json_decref(r->pReply);
  r->status = status;
  r->pReply = pReply;
  return ZF_OK;
}

int http_reply_text(zf_req *r, int status, const char *zJson){
  free(r->zReply);
  r->zReply = strdup(zJson);
  r->status = status;
  return r->zReply ? ZF_OK : ZF_EINTERNAL;
}

int http_fail(zf_req *r, int rc, const char *zField, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  rc = err_setv(&r->err, rc, zField, zFmt, ap);
  va_end(ap);
  return rc;
}

const char *http_upload_path(zf_req *r){
  return r->zUploadPath;
}

char *http_upload_take(zf_req *r){
  char *z = r->zUploadPath;
  r->zUploadPath = 0;
  return z;
}

const char *http_upload_sha256(zf_req *r){
  return r->zUploadPath && r->zUploadSha[0] ? r->zUploadSha : 0;
}

/* Finishes the running hash of an upload into r->zUploadSha. */
static void http_upload_hash_end(zf_req *r){
  static const char zDigit[] = "0123456789abcdef";
  unsigned char a[32];
  unsigned n = 0, i;
  if( r->pUploadHash==0 ) return;
  if( EVP_DigestFinal_ex(r->pUploadHash, a, &n)==1 && n==32 ){
    for(i=0; i<32; i++){ r->zUploadSha[2*i] = zDigit[a[i]>>4]; r->zUploadSha[2*i+1] = zDigit[a[i]&15]; }
    r->zUploadSha[64] = 0;
  }
  EVP_MD_CTX_free(r->pUploadHash);
  r->pUploadHash = 0;
}

size_t http_body_size(zf_req *r){
  return r->nBody;
}

/* Appends "%XX"-encoded UTF-8 (RFC 5987) of z to zOut. */
static void http_pct_encode(const char *z, char *zOut, size_t n){
  static const char zHex[] = "0123456789ABCDEF";
  size_t j = strlen(zOut);
  for(; *z && j+4<n; z++){
    unsigned char c = (unsigned char)*z;
    if( (c>='A' && c<='Z') || (c>='a' && c<='z') || (c>='0' && c<='9') || strchr("-._~", c) ){
      zOut[j++] = (char)c;
    }else{
      zOut[j++] = '%'; zOut[j++] = zHex[c>>4]; zOut[j++] = zHex[c&15];
    }
  }
  zOut[j] = 0;
}

int http_stream(zf_req *r, const char *zContentType, const char *zFilename,
                zf_stream_fn x, void *pArg, void (*xFree)(void*)){
  if( r->xStream && r->xStreamFree ) r->xStreamFree(r->pStreamArg);
  r->xStream = x;
  r->pStreamArg = pArg;
  r->xStreamFree = xFree;
  snprintf(r->zStreamType, sizeof r->zStreamType, "%s", zContentType);
  if( zFilename ){
    char zDisp[256], zAscii[64];
    size_t i, j = 0;
    for(i=0; zFilename[i] && j+1<sizeof zAscii; i++){
      unsigned char c = (unsigned char)zFilename[i];
      zAscii[j++] = (c>=0x20 && c<0x7f && c!='"' && c!='\\') ? (char)c : '_';
      while( c>=0x80 && (zFilename[i+1] & 0xC0)==0x80 ) i++;
    }
    zAscii[j] = 0;
    snprintf(zDisp, sizeof zDisp, "attachment; filename=\"%s\"; filename*=UTF-8''", zAscii);
    http_pct_encode(zFilename, zDisp, sizeof zDisp);
    http_header_add(r, "Content-Disposition", zDisp);
  }
  r->status = 200;
  return ZF_OK;
}

int http_file(zf_req *r, int status, const char *zContentType, int fd, uint64_t nOff,
              uint64_t nLen){
  if( r->hasFile ) close(r->fileFd);
  r->hasFile = 1;
  r->fileFd = fd;
  r->fileOff = nOff;
  r->fileLen = nLen;
  snprintf(r->zStreamType, sizeof r->zStreamType, "%s", zContentType);
  r->status = status;
  return ZF_OK;
}

/* Parses a decimal integer; 1 on success. */
static int http_parse_int(const char *z, int64_t *pOut){
  char *zEnd;
  long long v;
  if( z==0 || *z==0 ) return 0;
  errno = 0;
  v = strtoll(z, &zEnd, 10);
  if( errno || *zEnd ) return 0;
  *pOut = v;
  return 1;
}

int http_page(zf_req *r, int *pLimit, int64_t *pCursor){
  const char *zLimit = http_query(r, "limit");
  const char *zCursor = http_query(r, "cursor");
  int64_t v;
  *pLimit = 50;
  *pCursor = 0;
  if( zLimit ){
    if( !http_parse_int(zLimit, &v) || v<1 || v>200 ){
      return http_fail(r, ZF_EINVAL, "limit", "参数 limit 应为 1 到 200 之间的整数");
    }
    *pLimit = (int)v;
  }
  if( zCursor ){
    if( !http_parse_int(zCursor, &v) || v<0 ){
      return http_fail(r, ZF_EINVAL, "cursor", "参数 cursor 无效");
    }
    *pCursor = v;
  }
  return ZF_OK;
}

/* ---- the pipeline --------------------------------------------------- */

static int http_is_write(const char *zMethod){
  return strcmp(zMethod, "GET")!=0 && strcmp(zMethod, "HEAD")!=0
      && strcmp(zMethod, "OPTIONS")!=0;
}

/* Host part of an Origin URL ("https://a.b:8080" → "a.b:8080"). */
static const char *http_origin_host(const char *zOrigin){
  const char *z = strstr(zOrigin, "://");
  return z ? z + 3 : zOrigin;
}

/*
** CSRF defence for state-changing requests: a browser's Sec-Fetch-Site
** must say same-origin (or none: typed by the user), and an Origin header
** must name this host. Bodies must be JSON unless the client marks itself
** with X-Requested-With: zhifa (uploads) — a cross-site form cannot set
** either without a CORS preflight, which we never grant.
*/
static int http_check_csrf(zf_req *r){
  const char *zSite = http_header(r, "Sec-Fetch-Site");
  const char *zOrigin = http_header(r, "Origin");
  const char *zHost = http_header(r, "Host");
  const char *zType = http_header(r, "Content-Type");
  const char *zXrw = http_header(r, "X-Requested-With");
  if( zSite && strcmp(zSite, "same-origin")!=0 && strcmp(zSite, "none")!=0 ){
    return http_fail(r, ZF_ECSRF, 0, "拒绝跨站请求（Sec-Fetch-Site: %.40s）", zSite);
  }
  if( zOrigin && (zHost==0 || strcasecmp(http_origin_host(zOrigin), zHost)!=0) ){
    return http_fail(r, ZF_ECSRF, 0, "拒绝跨站请求（来源 %.80s 与本站不符）", zOrigin);
  }
  if( zXrw && strcmp(zXrw, "zhifa")==0 ) return ZF_OK;
  if( r->nBody>0 || strcmp(r->zMethod, "POST")==0 || strcmp(r->zMethod, "PATCH")==0
   || strcmp(r->zMethod, "PUT")==0 ){
    if( zType==0 || strncasecmp(zType, "application/json", 16)!=0
     || (zType[16] && zType[16]!=';' && zType[16]!=' ') ){
      return http_fail(r, ZF_EMEDIA, 0, "请求体必须为 application/json（Content-Type）");
    }
  }
  return ZF_OK;
}

/* Finds the route for method+path; ZF_ENOTFOUND or ZF_EMETHOD otherwise. */
static int http_route(zf_req *r, http_out *pOut){
  int i, nAllow = 0;
  pOut->zAllow[0] = 0;
  for(i=0; i<http_nroutes; i++){
    if( !http_match(http_routes[i].zPattern, r->zPath, r) ) continue;
    if( strcmp(http_routes[i].zMethod, r->zMethod)==0
     || (strcmp(r->zMethod, "HEAD")==0 && strcmp(http_routes[i].zMethod, "GET")==0) ){
      r->pRoute = &http_routes[i];
      return ZF_OK;
    }
    if( strlen(pOut->zAllow) + strlen(http_routes[i].zMethod) + 3 < sizeof pOut->zAllow ){
      if( nAllow++ ) strcat(pOut->zAllow, ", ");
      strcat(pOut->zAllow, http_routes[i].zMethod);
    }
  }
  if( nAllow ){
    return http_fail(r, ZF_EMETHOD, 0, "该地址不支持 %.10s 方法（允许：%s）", r->zMethod, pOut->zAllow);
  }
  return http_fail(r, ZF_ENOTFOUND, 0, "接口不存在：%.200s", r->zPath);
}

/*
** NUL in a parameter. http_unescape decodes %00 in the path and the query
** to the overlong pair C0 80 (never valid UTF-8, so no client can send it
** as data) instead of a NUL that would silently cut the value short; a
** path parameter or documented query value holding it is refused, naming
** the parameter.
*/
#define HTTP_NUL_MARK "\xC0\x80"

static int http_check_nul(zf_req *r){
  const char *zQuery = r->pRoute->zQuery;
  char zName[32];
  int i;
  for(i=0; i<r->nParam; i++){
    if( strstr(r->azParam[i], HTTP_NUL_MARK) ){
      return http_fail(r, ZF_EINVAL, r->azParamName[i], "路径参数 %s 不能包含空字符", r->azParamName[i]);
    }
  }
  while( zQuery && *zQuery ){
    size_t n = strcspn(zQuery, ",");
    const char *zVal;
    if( n<sizeof zName ){
      memcpy(zName, zQuery, n); zName[n] = 0;
      zVal = r->xLookup(r, HTTP_KIND_QUERY, zName);
      if( zVal && strstr(zVal, HTTP_NUL_MARK) ){
        return http_fail(r, ZF_EINVAL, zName, "参数 %s 不能包含空字符", zName);
      }
    }
    zQuery += n;
    if( *zQuery ) zQuery++;
  }
  return ZF_OK;
}

/* Every query value must be valid UTF-8 (MHD has already %-decoded it). */
static int http_check_query_utf8(zf_req *r){
  const char *zQuery = r->pRoute->zQuery;
  char zName[32];
  while( zQuery && *zQuery ){
    size_t n = strcspn(zQuery, ",");
    const char *zVal;
    if( n<sizeof zName ){
      memcpy(zName, zQuery, n); zName[n] = 0;
      zVal = r->xLookup(r, HTTP_KIND_QUERY, zName);
      if( zVal && !json_utf8_valid(zVal, strlen(zVal)) ){
        return http_fail(r, ZF_EUTF8, zName, "参数 %s 包含非法的 UTF-8 字符", zName);
      }
    }
    zQuery += n;
    if( *zQuery ) zQuery++;
  }
  return ZF_OK;
}

/* 403 for a permission the account lacks, naming (in Chinese) the roles
** that hold it: users read role names, not permission keys. */
static int http_refuse(zf_req *r, int perm){
  char zRoles[256] = "";
  size_t n = 0;
  int i;
  for(i=0; i<ROLE_COUNT; i++){
    if( auth_allows(1u<<i, perm) && n<sizeof zRoles - 1 ){
      n += (size_t)snprintf(zRoles + n, sizeof zRoles - n, "%s%s", n ? "、" : "", auth_role(i)->zName);
    }
  }
  if( n==0 ) return http_fail(r, ZF_EFORBIDDEN, 0, "当前账号无权执行此操作");
  return http_fail(r, ZF_EFORBIDDEN, 0, "当前账号无权执行此操作（可由%s办理）", zRoles);
}

/* Resolves the session cookie and checks the route's permission. */
static int http_authorize(zf_req *r){
  int perm = r->pRoute->perm, rc;
  const char *zToken;
  if( perm==PERM_UNDECLARED ){
    log_error("route %s %s has no declared permission: refused", r->zMethod, r->pRoute->zPattern);
    return http_fail(r, ZF_EFORBIDDEN, 0, "该接口未声明权限，拒绝访问");
  }
  zToken = r->xLookup(r, HTTP_KIND_COOKIE, "zf_session");
  if( zToken && zToken[0] && r->pDb ){
    rc = auth_session(r->pDb, zToken, &r->who);
    if( rc==ZF_OK ) r->signedIn = 1;
    else if( rc!=ZF_EAUTH ) return http_fail(r, rc, 0, 0);
  }
  if( perm==PERM_PUBLIC ) return ZF_OK;
  if( !r->signedIn ) return http_fail(r, ZF_EAUTH, 0, 0);
  if( r->who.mustChangePassword && perm!=PERM_SIGNED_IN ){
    return http_fail(r, ZF_EFORBIDDEN, 0, "请先修改初始密码（管理员设置或重置的密码须在首次登录后修改）");
  }
  if( !auth_allows(r->who.roles, perm) ) return http_refuse(r, perm);
  return ZF_OK;
}

/* Renders r->err as {"error":{code,message,field}}. */
static char *http_error_json(zf_req *r){
  int rc = r->err.rc ? r->err.rc : ZF_EINTERNAL;
  json_t *pErr, *pDoc;
  char *z;
  /* messages may quote client input: make sure they are valid UTF-8 */
  err_utf8_clean(r->err.message);
  err_utf8_clean(r->err.field);
  pErr = json_pack("{s:s,s:s}", "code", err_code(rc),
                   "message", r->err.message[0] ? r->err.message : err_message(rc));
  if( pErr==0 ) pErr = json_pack("{s:s,s:s}", "code", err_code(rc), "message", err_message(rc));
  if( r->err.field[0] ) json_object_set_new(pErr, "field", json_string(r->err.field));
  pDoc = json_pack("{s:o}", "error", pErr);
  z = json_dumps(pDoc, JSON_COMPACT);
  json_decref(pDoc);
  return z;
}

/*
** Counts a failed login or a refused request (401, 403, 429) in the
** security log (auth_seclog), with the account tried or signed in.
*/
static void http_seclog(zf_req *r, int rc){
  const char *zKind = rc==ZF_ELOGIN ? "login_failed" : rc==ZF_EAUTH ? "unauthenticated"
    : rc==ZF_EFORBIDDEN ? "forbidden" : rc==ZF_ESCOPE ? "out_of_scope" : rc==ZF_ECSRF ? "csrf"
    : rc==ZF_ETHROTTLE ? "throttled" : 0;
  const char *zAccount = r->signedIn ? r->who.zUsername : json_str(r->pBody, "username");
  if( zKind==0 || r->pRoute==0 ) return;
  auth_seclog(r->pDb, zKind, zAccount, r->zClient, r->zMethod, r->pRoute->zPattern);
}

/* The API half of the pipeline. */
static void http_handle_api(zf_req *r, http_out *pOut){
  int rc;
  pOut->isApi = 1;
  rc = http_route(r, pOut);
  if( rc==ZF_OK && r->tooLarge ){
    rc = http_fail(r, ZF_ETOOLARGE, r->isUpload ? "file" : 0, "请求体超过 %zu 字节的上限",
                   r->maxBody ? r->maxBody : http_cfg.maxBody);
  }
  if( rc==ZF_OK && r->uploadFailed ){
    rc = http_fail(r, ZF_EINTERNAL, 0, "无法保存上传的文件（服务器磁盘空间或权限）");
  }
  if( rc==ZF_OK && http_is_write(r->zMethod) ) rc = http_check_csrf(r);
  if( rc==ZF_OK ) rc = http_check_nul(r);
  if( rc==ZF_OK ) rc = http_check_query_utf8(r);
  if( rc==ZF_OK && r->pDb==0 ){
    rc = http_fail(r, ZF_EBUSY, 0, "数据库暂不可用");
  }
  if( rc==ZF_OK ) rc = http_authorize(r);
  if( rc==ZF_OK && r->pRoute->aBody ){
    rc = json_parse_body(r->zBody, r->nBody, &r->pBody, &r->err);
    if( rc==ZF_OK ) rc = json_check(r->pBody, r->pRoute->aBody, &r->err);
  }
  if( rc==ZF_OK ){
    r->status = 200;
    rc = r->pRoute->xHandler(r);
    if( rc && r->err.rc==0 ) r->err.rc = rc;
  }
  if( r->pDb ){
    if( db_in_tx(r->pDb) ){
      log_error("%s %s left a transaction open: rolled back", r->zMethod, r->zPath);
      db_abandon(r->pDb);
    }
    if( rc ) http_seclog(r, rc);
    db_end_request(r->pDb);
  }
  if( rc ){
    if( rc==ZF_EINTERNAL ) log_error("%s %s failed: %s", r->zMethod, r->zPath, r->err.message);
    pOut->status = err_status(rc);
    pOut->zJson = http_error_json(r);
    if( rc==ZF_EMETHOD ) http_header_add(r, "Allow", pOut->zAllow);
    if( rc==ZF_ETHROTTLE && r->retryAfter>0 ){
      char zWait[24];
      snprintf(zWait, sizeof zWait, "%lld", (long long)r->retryAfter);
      http_header_add(r, "Retry-After", zWait);
    }
    return;
  }
  pOut->status = r->status ? r->status : 200;
  if( r->zReply ){
    pOut->zJson = r->zReply;
    r->zReply = 0;
  }else if( r->pReply ){
    pOut->zJson = json_dumps(r->pReply, JSON_COMPACT | JSON_REAL_PRECISION(15));
  }
}

/*
** Upload routes: the route, the CSRF rule, the session and the permission
** are checked on the headers alone, before a byte of the body is accepted,
** so that a refused upload is answered at once (401, 403 …) and nothing
** of it is ever written to a file. ZF_OK when the upload may go on;
** otherwise pOut holds the refusal.
*/
static int http_upload_precheck(zf_req *r, http_out *pOut){
  int rc;
  memset(pOut, 0, sizeof *pOut);
  pOut->isApi = 1;
  rc = http_route(r, pOut);
  if( rc==ZF_OK ) rc = http_check_csrf(r);
  if( rc==ZF_OK ) rc = http_check_query_utf8(r);
  if( rc==ZF_OK && r->pDb==0 ) rc = http_fail(r, ZF_EBUSY, 0, "数据库暂不可用");
  if( rc==ZF_OK ) rc = http_authorize(r);
  if( r->pDb ) db_end_request(r->pDb);
  if( rc==ZF_OK ) return ZF_OK;
  pOut->status = err_status(rc);
  pOut->zJson = http_error_json(r);
  if( rc==ZF_EMETHOD ) http_header_add(r, "Allow", pOut->zAllow);
  return rc;
}

/* The web-app half: embedded files with an SPA fallback to index.html. */
static void http_handle_static(zf_req *r, http_out *pOut){
  const zf_asset *pAsset;
  const char *zPath = r->zPath;
  const char *zAccept, *zMatch;
  if( strcmp(r->zMethod, "GET")!=0 && strcmp(r->zMethod, "HEAD")!=0 ){
    snprintf(pOut->zAllow, sizeof pOut->zAllow, "GET, HEAD");
    http_header_add(r, "Allow", pOut->zAllow);
    http_fail(r, ZF_EMETHOD, 0, "该地址不支持 %.10s 方法（允许：GET, HEAD）", r->zMethod);
    pOut->status = 405;
    pOut->zJson = http_error_json(r);
    return;
  }
  if( strcmp(zPath, "/")==0 ) zPath = "/index.html";
  pAsset = embed_find(zf_web_assets, zf_web_nassets, zPath);
  if( pAsset==0 && strncmp(zPath, "/assets/", 8)!=0 ){
    pAsset = embed_find(zf_web_assets, zf_web_nassets, "/index.html");
  }
  if( pAsset==0 ){
    http_fail(r, ZF_ENOTFOUND, 0, "文件不存在：%.200s", r->zPath);
    pOut->status = 404;
    pOut->zJson = http_error_json(r);
    return;
  }
  pOut->pAsset = pAsset;
  zMatch = http_header(r, "If-None-Match");
  if( zMatch && strstr(zMatch, pAsset->zEtag) ){
    pOut->status = 304;
    return;
  }
  zAccept = http_header(r, "Accept-Encoding");
  pOut->useGzip = pAsset->pGzip && zAccept && strstr(zAccept, "gzip");
  pOut->status = 200;
}

static void http_handle(zf_req *r, http_out *pOut){
  memset(pOut, 0, sizeof *pOut);
  if( strncmp(r->zPath, "/api/", 5)==0 || strcmp(r->zPath, "/api")==0 ){
    http_handle_api(r, pOut);
  }else{
    http_handle_static(r, pOut);
  }
}

static void http_req_free(zf_req *r){
  if( r==0 ) return;
  if( r->uploadFd>0 ) close(r->uploadFd);
  if( r->zUploadPath ){
    unlink(r->zUploadPath);
    free(r->zUploadPath);
  }
  if( r->xStream && r->xStreamFree ) r->xStreamFree(r->pStreamArg);
  if( r->hasFile ) close(r->fileFd);
  if( r->pUploadHash ) EVP_MD_CTX_free(r->pUploadHash);
  json_decref(r->pBody);
  json_decref(r->pReply);
  free(r->zReply);
  free(r->zBody);
  free(r);
}

/* Upload routes: writes body bytes to the request's temporary file. */
static void http_upload_append(zf_req *r, const char *z, size_t n){
  if( r->uploadFailed ) return;
  if( r->zUploadPath==0 ){
    const char *zDir = http_cfg.zUploadDir ? http_cfg.zUploadDir : "/tmp";
    size_t nPath = strlen(zDir) + 32;
    r->zUploadPath = malloc(nPath);
    if( r->zUploadPath==0 ){ r->uploadFailed = 1; return; }
    snprintf(r->zUploadPath, nPath, "%s/upload-XXXXXX", zDir);
    r->uploadFd = mkstemp(r->zUploadPath);
    if( r->uploadFd<0 ){
      log_error("cannot create an upload file in %s: %s", zDir, strerror(errno));
      free(r->zUploadPath);
      r->zUploadPath = 0;
      r->uploadFd = 0;
      r->uploadFailed = 1;
      return;
    }
    r->pUploadHash = EVP_MD_CTX_new();
    if( r->pUploadHash && EVP_DigestInit_ex(r->pUploadHash, EVP_sha256(), 0)!=1 ){
      EVP_MD_CTX_free(r->pUploadHash);
      r->pUploadHash = 0;
    }
  }
  if( r->pUploadHash && EVP_DigestUpdate(r->pUploadHash, z, n)!=1 ){
    EVP_MD_CTX_free(r->pUploadHash);
    r->pUploadHash = 0;
  }
  while( n>0 ){
    ssize_t k = write(r->uploadFd, z, n);
    if( k<0 && errno==EINTR ) continue;
    if( k<=0 ){
      log_error("cannot write upload %s: %s", r->zUploadPath, strerror(errno));
      r->uploadFailed = 1;
      return;
    }
    z += k; n -= (size_t)k; r->nBody += (size_t)k;
  }
}

/* Appends upload bytes, remembering (not storing) anything past the limit. */
static void http_req_append(zf_req *r, const char *z, size_t n){
  size_t limit = r->maxBody ? r->maxBody : http_cfg.maxBody;
  if( r->tooLarge ) return;
  if( r->nBody + n > limit ){
    if( r->zUploadPath ){
      close(r->uploadFd);
      r->uploadFd = 0;
      unlink(r->zUploadPath);
      free(r->zUploadPath);
      r->zUploadPath = 0;
    }
    r->tooLarge = 1;
    free(r->zBody);
    r->zBody = 0;
    r->nBody = r->nAlloc = 0;
    return;
  }
  if( r->uploadRefused ) return;       /* answered on its headers: dropped */
  if( r->isUpload ){
    http_upload_append(r, z, n);
    return;
  }
  if( r->nBody + n + 1 > r->nAlloc ){
    size_t nNew = (r->nAlloc ? r->nAlloc*2 : 1024);
    char *zNew;
    while( nNew < r->nBody + n + 1 ) nNew *= 2;
    zNew = realloc(r->zBody, nNew);
    if( zNew==0 ){ r->tooLarge = 1; return; }
    r->zBody = zNew;
    r->nAlloc = nNew;
  }
  memcpy(r->zBody + r->nBody, z, n);
  r->nBody += n;
  r->zBody[r->nBody] = 0;
}

/* ---- libmicrohttpd glue --------------------------------------------- */

static const char *http_mhd_lookup(zf_req *r, int kind, const char *zName){
  enum MHD_ValueKind k = kind==HTTP_KIND_HEADER ? MHD_HEADER_KIND
                       : kind==HTTP_KIND_QUERY ? MHD_GET_ARGUMENT_KIND : MHD_COOKIE_KIND;
  return MHD_lookup_connection_value((struct MHD_Connection*)r->pConn, k, zName);
}

/*
** The client of a request through the trusted proxy: the RIGHTMOST entry
** of X-Forwarded-For, the one the proxy itself appended. Entries to its
** left come from the client and can say anything.
*/
static void http_forwarded_client(const char *zFwd, char *zOut, size_t nOut){
  const char *zLast = strrchr(zFwd, ',');
  size_t n;
  zLast = zLast ? zLast + 1 : zFwd;
  while( *zLast==' ' || *zLast=='\t' ) zLast++;
  n = strcspn(zLast, " \t");
  if( n==0 ) return;
  if( n>=nOut ) n = nOut - 1;
  memcpy(zOut, zLast, n);
  zOut[n] = 0;
}

static void http_client_address(struct MHD_Connection *c, zf_req *r){
  const union MHD_ConnectionInfo *pInfo =
    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const char *zFwd;
  snprintf(r->zClient, sizeof r->zClient, "unknown");
  if( pInfo && pInfo->client_addr ){
    const struct sockaddr *sa = pInfo->client_addr;
    if( sa->sa_family==AF_INET ){
      inet_ntop(AF_INET, &((const struct sockaddr_in*)sa)->sin_addr, r->zClient, sizeof r->zClient);
    }else if( sa->sa_family==AF_INET6 ){
      inet_ntop(AF_INET6, &((const struct sockaddr_in6*)sa)->sin6_addr, r->zClient, sizeof r->zClient);
    }
  }
  r->secure = http_cfg.zTlsCert!=0;
  if( http_cfg.trustProxy ){
    const char *zProto = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-Proto");
    zFwd = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
    if( zFwd && *zFwd ) http_forwarded_client(zFwd, r->zClient, sizeof r->zClient);
    if( zProto && strcmp(zProto, "https")==0 ) r->secure = 1;
  }
  /* HSTS whenever the client reached us over HTTPS: our own TLS, or a
  ** trusted proxy that says so (X-Forwarded-Proto: https) */
  if( r->secure ) http_header_add(r, "Strict-Transport-Security", "max-age=31536000");
}

static void http_add_common_headers(struct MHD_Response *pResp, int isApi){
  MHD_add_response_header(pResp, "Content-Security-Policy", HTTP_CSP);
  MHD_add_response_header(pResp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(pResp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(pResp, "X-Frame-Options", "DENY");
  MHD_add_response_header(pResp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(pResp, "Permissions-Policy", "camera=(self), geolocation=(self), microphone=(self)");
  if( isApi ) MHD_add_response_header(pResp, "Cache-Control", "no-store");
}

/* MHD's side of a streamed reply (http_stream). */
typedef struct http_stream_ctx { zf_stream_fn x; void *pArg; void (*xFree)(void*); } http_stream_ctx;

static ssize_t http_stream_read(void *cls, uint64_t pos, char *zBuf, size_t nMax){
  http_stream_ctx *p = cls;
  long n = p->x(p->pArg, zBuf, nMax);
  (void)pos;
  if( n>0 ) return (ssize_t)n;
  return n==0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void http_stream_free(void *cls){
  http_stream_ctx *p = cls;
  if( p->xFree ) p->xFree(p->pArg);
  free(p);
}

/* Hands a streamed reply to MHD (which then owns pStreamArg). */
static struct MHD_Response *http_stream_response(zf_req *r){
  http_stream_ctx *p = malloc(sizeof *p);
  struct MHD_Response *pResp;
  if( p==0 ) return 0;
  p->x = r->xStream; p->pArg = r->pStreamArg; p->xFree = r->xStreamFree;
  pResp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64*1024, http_stream_read, p,
                                            http_stream_free);
  if( pResp==0 ){ free(p); return 0; }
  r->xStream = 0;
  r->xStreamFree = 0;
  return pResp;
}

static enum MHD_Result http_send(struct MHD_Connection *c, zf_req *r, http_out *pOut){
  struct MHD_Response *pResp;
  enum MHD_Result ret;
  int i;
  if( r->xStream && pOut->status==200 && pOut->zJson==0 ){
    pResp = http_stream_response(r);
    if( pResp==0 ) return MHD_NO;
    http_add_common_headers(pResp, 1);
    MHD_add_response_header(pResp, "Content-Type", r->zStreamType);
    for(i=0; i<r->nHeader; i++) MHD_add_response_header(pResp, r->azHeader[i][0], r->azHeader[i][1]);
    ret = MHD_queue_response(c, 200, pResp);
    MHD_destroy_response(pResp);
    return ret;
  }
  if( r->hasFile && pOut->zJson==0 && (pOut->status==200 || pOut->status==206) ){
    pResp = MHD_create_response_from_fd_at_offset64(r->fileLen, r->fileFd, r->fileOff);
    if( pResp==0 ) return MHD_NO;
    r->hasFile = 0;                     /* MHD closes the file now */
    http_add_common_headers(pResp, 1);
    MHD_add_response_header(pResp, "Content-Type", r->zStreamType);
    for(i=0; i<r->nHeader; i++) MHD_add_response_header(pResp, r->azHeader[i][0], r->azHeader[i][1]);
    ret = MHD_queue_response(c, (unsigned)pOut->status, pResp);
    MHD_destroy_response(pResp);
    return ret;
  }
  if( pOut->pAsset && pOut->status!=304 ){
    const zf_asset *a = pOut->pAsset;
    pResp = pOut->useGzip
      ? MHD_create_response_from_buffer(a->nGzip, (void*)a->pGzip, MHD_RESPMEM_PERSISTENT)
      : MHD_create_response_from_buffer(a->nData, (void*)a->pData, MHD_RESPMEM_PERSISTENT);
  }else if( pOut->zJson ){
    pResp = MHD_create_response_from_buffer(strlen(pOut->zJson), pOut->zJson, MHD_RESPMEM_MUST_FREE);
    pOut->zJson = 0;
  }else{
    pResp = MHD_create_response_from_buffer(0, (void*)"", MHD_RESPMEM_PERSISTENT);
  }
  if( pResp==0 ) return MHD_NO;
  http_add_common_headers(pResp, pOut->isApi || pOut->pAsset==0);
  if( pOut->pAsset ){
    const zf_asset *a = pOut->pAsset;
    MHD_add_response_header(pResp, "ETag", a->zEtag);
    MHD_add_response_header(pResp, "Vary", "Accept-Encoding");
    if( pOut->status!=304 ) MHD_add_response_header(pResp, "Content-Type", a->zMime);
    if( pOut->useGzip ) MHD_add_response_header(pResp, "Content-Encoding", "gzip");
    MHD_add_response_header(pResp, "Cache-Control",
      strncmp(a->zName, "/assets/", 8)==0 ? "public, max-age=31536000, immutable" : "no-cache");
  }else if( pOut->status!=204 ){
    MHD_add_response_header(pResp, "Content-Type", "application/json; charset=utf-8");
  }
  for(i=0; i<r->nHeader; i++){
    MHD_add_response_header(pResp, r->azHeader[i][0], r->azHeader[i][1]);
  }
  ret = MHD_queue_response(c, (unsigned)pOut->status, pResp);
  MHD_destroy_response(pResp);
  return ret;
}

static enum MHD_Result http_access(void *cls, struct MHD_Connection *c, const char *zUrl,
                                   const char *zMethod, const char *zVersion,
                                   const char *zUpload, size_t *pnUpload, void **ppCtx){
  zf_req *r = *ppCtx;
  http_out out;
  enum MHD_Result ret;
  (void)cls; (void)zVersion;
  if( r==0 ){
    const char *zLen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    r = calloc(1, sizeof *r);
    if( r==0 ) return MHD_NO;
    *ppCtx = r;
    atomic_fetch_add(&http_active, 1);
    r->pConn = c;
    r->zMethod = zMethod;
    r->zPath = zUrl;
    r->xLookup = http_mhd_lookup;
    http_client_address(c, r);
    r->maxBody = http_cfg.maxBody;
    for(int i=0; i<http_cfg.nUpload; i++){
      if( strcmp(http_cfg.aUpload[i].zMethod, zMethod)==0
       && http_match(http_cfg.aUpload[i].zPattern, zUrl, 0) ){
        r->isUpload = 1;
        r->maxBody = http_cfg.aUpload[i].maxBytes;
      }
    }
    /* An oversized body is normally read and discarded (http_req_append
    ** keeps nothing past the limit) so that the client, still uploading,
    ** can read the 413. Only bodies beyond both the route's limit and
    ** HTTP_DISCARD_MAX are refused before reading. */
    if( zLen && strtoull(zLen, 0, 10) > r->maxBody && strtoull(zLen, 0, 10) > HTTP_DISCARD_MAX ){
      /* Refuse before reading: the client learns at once, and we never
      ** buffer the oversized body. */
      r->tooLarge = 1;
      r->pDb = db_thread();
      http_handle(r, &out);
      if( !out.isApi || out.status==200 ){
        free(out.zJson);
        memset(&out, 0, sizeof out);
        http_fail(r, ZF_ETOOLARGE, r->isUpload ? "file" : 0, "请求体超过 %zu 字节的上限", r->maxBody);
        out.status = 413;
        out.isApi = 1;
        out.zJson = http_error_json(r);
      }
      return http_send(c, r, &out);
    }
    if( r->isUpload ){
      r->pDb = db_thread();
      if( http_upload_precheck(r, &out)!=ZF_OK ){
        r->uploadRefused = 1;
        ret = http_send(c, r, &out);
        free(out.zJson);
        return ret;
      }
    }
    return MHD_YES;
  }
  if( *pnUpload ){
    http_req_append(r, zUpload, *pnUpload);
    *pnUpload = 0;
    return MHD_YES;
  }
  if( r->uploadFd>0 ){ close(r->uploadFd); r->uploadFd = 0; }
  http_upload_hash_end(r);
  r->pDb = db_thread();
  http_handle(r, &out);
  ret = http_send(c, r, &out);
  free(out.zJson);
  return ret;
}

static void http_completed(void *cls, struct MHD_Connection *c, void **ppCtx,
                           enum MHD_RequestTerminationCode toe){
  (void)cls; (void)c; (void)toe;
  if( *ppCtx ){
    http_req_free(*ppCtx);
    *ppCtx = 0;
    atomic_fetch_sub(&http_active, 1);
  }
}

static void http_on_signal(int sig){ (void)sig; http_stop = 1; }

static void http_mhd_log(void *cls, const char *zFmt, va_list ap){
  char zBuf[512];
  (void)cls;
  vsnprintf(zBuf, sizeof zBuf, zFmt, ap);
  zBuf[strcspn(zBuf, "\n")] = 0;
  log_warn("microhttpd: %s", zBuf);
}

static int http_hex(char c){
  return c>='0' && c<='9' ? c - '0' : c>='a' && c<='f' ? c - 'a' + 10 : c>='A' && c<='F' ? c - 'A' + 10 : -1;
}

/*
** MHD's unescape callback for the path and query values: %XX decoding in
** place like MHD's own, except that %00 becomes HTTP_NUL_MARK (two bytes
** for three, so it still fits) for http_check_nul to refuse.
*/
static size_t http_unescape(void *cls, struct MHD_Connection *c, char *z){
  char *zOut = z;
  const char *zIn = z;
  (void)cls; (void)c;
  while( *zIn ){
    int hi, lo;
    if( zIn[0]=='%' && (hi = http_hex(zIn[1]))>=0 && (lo = http_hex(zIn[2]))>=0 ){
      int v = hi*16 + lo;
      if( v==0 ){ *zOut++ = '\xC0'; *zOut++ = '\x80'; }
      else *zOut++ = (char)v;
      zIn += 3;
    }else{
      *zOut++ = *zIn++;
    }
  }
  *zOut = 0;
  return (size_t)(zOut - z);
}

/* Parses "ADDR:PORT" into sa. 1 on success. */
static int http_parse_listen(const char *zListen, struct sockaddr_in *sa){
  char zHost[64];
  const char *zColon = strrchr(zListen, ':');
  long port;
  char *zEnd;
  if( zColon==0 || (size_t)(zColon - zListen)>=sizeof zHost ) return 0;
  memcpy(zHost, zListen, zColon - zListen);
  zHost[zColon - zListen] = 0;
  port = strtol(zColon + 1, &zEnd, 10);
  if( *zEnd || port<1 || port>65535 ) return 0;
  memset(sa, 0, sizeof *sa);
  sa->sin_family = AF_INET;
  sa->sin_port = htons((uint16_t)port);
  if( zHost[0]==0 ) strcpy(zHost, "0.0.0.0");
  return inet_pton(AF_INET, zHost, &sa->sin_addr)==1;
}

/* Reads a whole (small) file into a malloc'd NUL-terminated string. */
static char *http_read_file(const char *zPath){
  FILE *f = fopen(zPath, "rb");
  char *z = 0;
  long n;
  if( f==0 ) return 0;
  if( fseek(f, 0, SEEK_END)==0 && (n = ftell(f))>0 && n<1000000 && fseek(f, 0, SEEK_SET)==0 ){
    z = malloc((size_t)n + 1);
    if( z && fread(z, 1, (size_t)n, f)!=(size_t)n ){ free(z); z = 0; }
    if( z ) z[n] = 0;
  }
  fclose(f);
  return z;
}

int http_serve(const zf_http_config *pCfg, const zf_route *aRoute, int nRoute){
  struct MHD_Daemon *d;
  struct sockaddr_in sa;
  struct sigaction act;
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  char *zCert = 0, *zKey = 0;
  int waited = 0;
  http_cfg = *pCfg;
  http_routes = aRoute;
  http_nroutes = nRoute;
  if( !http_parse_listen(pCfg->zListen, &sa) ){
    log_error("bad --listen address '%s' (want ADDR:PORT)", pCfg->zListen);
    return 2;
  }
  memset(&act, 0, sizeof act);
  act.sa_handler = http_on_signal;
  sigaction(SIGINT, &act, 0);
  sigaction(SIGTERM, &act, 0);
  signal(SIGPIPE, SIG_IGN);
  if( pCfg->zTlsCert || pCfg->zTlsKey ){
    if( !pCfg->zTlsCert || !pCfg->zTlsKey ){
      log_error("--tls-cert and --tls-key go together");
      return 2;
    }
    if( MHD_is_feature_supported(MHD_FEATURE_TLS)!=MHD_YES ){
      log_error("this libmicrohttpd has no TLS support");
      return 2;
    }
    zCert = http_read_file(pCfg->zTlsCert);
    zKey = http_read_file(pCfg->zTlsKey);
    if( zCert==0 || zKey==0 ){
      log_error("cannot read %s", zCert ? pCfg->zTlsKey : pCfg->zTlsCert);
      free(zCert); free(zKey);
      return 2;
    }
    flags |= MHD_USE_TLS;
  }
  d = MHD_start_daemon(
    flags, 0, 0, 0, http_access, 0,
    MHD_OPTION_EXTERNAL_LOGGER, http_mhd_log, (void*)0,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr*)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(pCfg->nThread>0 ? pCfg->nThread : 1),
    MHD_OPTION_NOTIFY_COMPLETED, http_completed, (void*)0,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, (void*)0,
    zCert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, zCert,
    MHD_OPTION_HTTPS_MEM_KEY, zKey,
    MHD_OPTION_END);
  if( d==0 ){
    log_error("cannot listen on %s: %s", pCfg->zListen, strerror(errno));
    free(zCert); free(zKey);
    return 1;
  }
  log_info("zhifa listening on %s://%s (%d threads)", zCert ? "https" : "http",
           pCfg->zListen, pCfg->nThread);
  while( !http_stop ) usleep(100000);
  log_info("shutting down: no new connections, finishing %d request(s)", atomic_load(&http_active));
  MHD_quiesce_daemon(d);
  while( atomic_load(&http_active)>0 && waited<300 ){ usleep(100000); waited++; }
  MHD_stop_daemon(d);
  free(zCert); free(zKey);
  return 0;
}

/* ---- network-free dispatch for fuzzing and tests --------------------- */

static const char *http_test_lookup(zf_req *r, int kind, const char *zName){
  (void)r;
  if( kind==HTTP_KIND_HEADER && strcasecmp(zName, "Content-Type")==0 ) return "application/json";
  return 0;
}

char *http_dispatch_test(const zf_route *aRoute, int nRoute, zf_db *pDb,
                         const char *zMethod, const char *zPath,
                         const char *zBody, size_t nBody, int *pStatus){
  zf_req *r = calloc(1, sizeof *r);
  http_out out;
  char *z;
  http_routes = aRoute;
  http_nroutes = nRoute;
  r->zMethod = zMethod;
  r->zPath = zPath;
  r->xLookup = http_test_lookup;
  r->pDb = pDb;
  snprintf(r->zClient, sizeof r->zClient, "test");
  http_req_append(r, zBody, nBody);
  http_handle(r, &out);
  *pStatus = out.status;
  z = out.zJson;
  if( r->xStream && out.status==200 && z==0 ){
    size_t n = 0, nAlloc = 65536;
    long k;
    z = malloc(nAlloc + 1);
    while( z && (k = r->xStream(r->pStreamArg, z + n, nAlloc - n))>0 ){
      n += (size_t)k;
      if( nAlloc - n < 65536 ){
        char *zNew = realloc(z, nAlloc*2 + 1);
        if( zNew==0 ){ free(z); z = 0; break; }
        z = zNew;
        nAlloc *= 2;
      }
    }
    if( z ) z[n] = 0;
  }
  http_req_free(r);
  return z;
}

/* ---- path and query ids ------------------------------------------- */

int http_path_id(zf_req *r, const char *zName, int64_t *pId){
  const char *z = http_param(r, zName);
  char *zEnd;
  *pId = strtoll(z ? z : "", &zEnd, 10);
  if( z==0 || z[0]==0 || *zEnd || *pId<=0 ){
    return http_fail(r, ZF_ENOTFOUND, zName, "记录不存在：%.20s", z ? z : "");
  }
  return ZF_OK;
}

int http_query_id(zf_req *r, const char *zName, int64_t *pId){
  const char *z = http_query(r, zName);
  char *zEnd;
  *pId = 0;
  if( z==0 || z[0]==0 ) return ZF_OK;
  *pId = strtoll(z, &zEnd, 10);
  if( *zEnd || *pId<=0 ) return http_fail(r, ZF_EINVAL, zName, "参数 %s 应为正整数", zName);
  return ZF_OK;
}

int http_scoped_row(zf_req *r, const char *zParam, const char *zSql, const char *zWhat,
                    int (*xVisible)(zf_db*, const zf_who*, int64_t), int64_t *pId){
  zf_stmt *pStmt;
  int rc = http_path_id(r, zParam, pId), inScope = 0;
  if( rc ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", *pId);
  rc = db_step(pStmt);
  if( rc==1 ) inScope = strncmp(db_text(pStmt, 0), r->who.zScopePath, strlen(r->who.zScopePath))==0;
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 || (xVisible && !xVisible(r->pDb, &r->who, *pId)) ){
    return http_fail(r, ZF_ENOTFOUND, zParam, "%s不存在：%lld", zWhat, (long long)*pId);
  }
  if( !inScope ) return http_fail(r, ZF_ESCOPE, zParam, "该%s不在您的管辖范围内", zWhat);
  return ZF_OK;
}
