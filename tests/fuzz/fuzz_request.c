/*
** fuzz_request.c — libFuzzer harness for the whole request pipeline:
** routing (404/405), CSRF and content-type checks, sessions and
** permissions, body parsing and checking, the handlers, error rendering.
** It drives http_dispatch_test() (src/core/http.c), which runs the same
** code as the server without a network, against an in-memory database made
** once by the real migrations and demo_init().
**
** Input layout:
**   byte 0      method: (b & 7) indexes GET POST PATCH DELETE PUT HEAD
**               OPTIONS BREW — so '@' GET, 'A' POST, 'B' PATCH,
**               'C' DELETE, 'D' PUT, 'E' HEAD, 'F' OPTIONS, 'G' BREW
**   byte 1      flags: 0x01 pass the path raw (any byte but NUL; otherwise
**               bytes outside 0x21..0x7e are dropped), 0x06 who is signed
**               in ((b>>1)&3: 0 nobody, 1 admin, 2 an officer, 3 nobody),
**               0x08 prefix the path with "/api/v1/"; '0' printable path,
**               nobody; '2' admin; '4' officer; '8' "/api/v1/" + nobody;
**               ':' "/api/v1/" + admin; '<' "/api/v1/" + officer
**   then        the path, up to the first '\n'
**   then        the body (the test dispatcher claims it is application/json)
**
** Signing in needs http_dispatch_test_as() (a dispatcher that presents a
** session cookie); tests/fuzz/run.sh defines ZF_HAVE_DISPATCH_AS when
** src/core/http.h declares it. Without it every caller is anonymous and
** protected routes answer 401.
**
** What counts as a bug (abort, so libFuzzer saves the input):
**   - status 0 or ≥ 500 (the pipeline failed or a handler reported an
**     internal error);
**   - an /api answer of 4xx without a JSON body {"error":{"code":"…",
**     "message":"…"}} (the error could not be rendered, e.g. because the
**     message is not valid UTF-8 and jansson refused it);
**   - any JSON body that does not parse.
** AddressSanitizer and UndefinedBehaviorSanitizer catch the rest.
**
** FUZZ_TOLERATE=unrendered-error (environment) lets the fuzzer carry on
** past the second kind while a known bug of that kind is unfixed (see
** tests/fuzz/crashes/request/); replay never sets it.
**
** The database carries state from one input to the next (accounts the
** fuzzer created, failed logins, …) as a server's would. After each input
** the harness puts its two signed-in accounts back (enabled, roles, scope,
** session open) so that the fuzzer cannot lock itself out for good.
*/
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/http.h"
#include "core/log.h"
#include "account.h"
#include "demo.h"
#include "routes.h"

#define FUZZ_PASSWORD "fuzz-password-123"

static zf_db *fuzz_db;
static int fuzz_tolerate_unrendered;   /* FUZZ_TOLERATE=unrendered-error */

#ifdef ZF_HAVE_DISPATCH_AS
/* The two sessions the fuzzer can act in: [1] admin, [2] an officer. */
static struct { const char *zUser; char zToken[64]; int64_t accountId, sessionId; }
  fuzz_who[3] = { {0}, {"admin"}, {"fuzzofficer"} };
#endif

static void fuzz_die(const char *zWhat, const zf_error *e){
  fprintf(stderr, "fuzz_request: %s: %s\n", zWhat, e && e->message[0] ? e->message : "failed");
  abort();
}

#ifdef ZF_HAVE_DISPATCH_AS
/* Signs account fuzz_who[i] in and remembers the session. */
static void fuzz_sign_in(int i){
  zf_who who;
  zf_error e = {0};
  int64_t retry = 0;
  if( auth_login(fuzz_db, fuzz_who[i].zUser, FUZZ_PASSWORD, "fuzz-setup", fuzz_who[i].zToken,
                 &who, &retry, &e) ){
    fuzz_die("auth_login", &e);
  }
  fuzz_who[i].accountId = who.accountId;
  fuzz_who[i].sessionId = who.sessionId;
}

/* Puts the signed-in accounts back as they were made: enabled, the one
** role, the whole district, no forced password change, session open. */
static void fuzz_restore(void){
  static const char zAccount[] =
    "UPDATE account SET disabled=0, must_change_password=0, scope='360104' WHERE id=?";
  static const char zRolesDel[] = "DELETE FROM account_role WHERE account_id=?";
  static const char zRolesIns[] = "INSERT INTO account_role(account_id, role) VALUES(?,?)";
  static const char zSession[] =
    "UPDATE session SET ended_at=NULL, end_reason=NULL, last_seen=? WHERE id=?";
  int i;
  for(i=1; i<=2; i++){
    zf_who who;
    if( auth_session(fuzz_db, fuzz_who[i].zToken, &who)==ZF_OK
     && who.roles==(1u<<(i==1 ? ROLE_ADMIN : ROLE_OFFICER)) && !who.mustChangePassword
     && strcmp(who.zScope, "360104")==0 ){
      continue;
    }
    db_exec(fuzz_db, zAccount, "i", fuzz_who[i].accountId);
    db_exec(fuzz_db, zRolesDel, "i", fuzz_who[i].accountId);
    db_exec(fuzz_db, zRolesIns, "is", fuzz_who[i].accountId, i==1 ? "admin" : "officer");
    db_exec(fuzz_db, zSession, "ii", clock_now(), fuzz_who[i].sessionId);
  }
}
#endif

int LLVMFuzzerInitialize(int *pArgc, char ***pArgv){
  zf_error e = {0};
  (void)pArgc; (void)pArgv;
  if( sodium_init()<0 ) fuzz_die("sodium_init", 0);
  log_set_level(LOG_ERROR);
  fuzz_tolerate_unrendered = getenv("FUZZ_TOLERATE")
                          && strstr(getenv("FUZZ_TOLERATE"), "unrendered-error")!=0;
  if( db_open(":memory:", DB_CREATE, &fuzz_db)!=ZF_OK ) fuzz_die("db_open", 0);
  if( demo_init(fuzz_db, "360104", FUZZ_PASSWORD, 0, &e)!=ZF_OK ) fuzz_die("demo_init", &e);
#ifdef ZF_HAVE_DISPATCH_AS
  {
    const char *azRole[1] = {"officer"};
    account_new nu;
    int64_t id;
    memset(&nu, 0, sizeof nu);
    nu.zUsername = "fuzzofficer";
    nu.zPassword = FUZZ_PASSWORD;
    nu.zDisplay = "模糊测试";
    nu.azRole = azRole;
    nu.nRole = 1;
    nu.zScope = "360104";
    if( account_create(fuzz_db, 0, &nu, &id, &e)!=ZF_OK ) fuzz_die("account_create", &e);
    fuzz_sign_in(1);
    fuzz_sign_in(2);
  }
#endif
  return 0;
}

/* Aborts unless zReply is a JSON document; for an error status it must
** be {"error":{"code":string,"message":non-empty string}}. */
static void fuzz_check_reply(const char *zMethod, const char *zPath, int status,
                             const char *zReply){
  json_error_t jerr;
  json_t *p, *pErr;
  int isApi = strncmp(zPath, "/api/", 5)==0 || strcmp(zPath, "/api")==0;
  if( zReply==0 ){
    if( isApi && status>=400 && !fuzz_tolerate_unrendered ){
      fprintf(stderr, "fuzz_request: %s %s → %d without an error body\n", zMethod, zPath, status);
      abort();
    }
    return;
  }
  p = json_loads(zReply, 0, &jerr);
  if( p==0 ){
    fprintf(stderr, "fuzz_request: %s %s → %d with a body that is not JSON (%s): %.200s\n",
            zMethod, zPath, status, jerr.text, zReply);
    abort();
  }
  if( status>=400 ){
    pErr = json_object_get(p, "error");
    if( !json_is_string(json_object_get(pErr, "code"))
     || !json_is_string(json_object_get(pErr, "message"))
     || json_string_length(json_object_get(pErr, "message"))==0 ){
      fprintf(stderr, "fuzz_request: %s %s → %d with a malformed error body: %.200s\n",
              zMethod, zPath, status, zReply);
      abort();
    }
  }
  json_decref(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *aData, size_t nData){
  static const char *const azMethod[8] =
    { "GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "BREW" };
  const char *zMethod;
  const uint8_t *pNl;
  char *zPath;
  size_t nPath, i, j = 0;
  int flags, who, status = 0;
  char *zReply;
  if( nData<2 ) return 0;
  zMethod = azMethod[aData[0] & 7];
  flags = aData[1];
  who = (flags>>1) & 3;
  aData += 2; nData -= 2;
  pNl = memchr(aData, '\n', nData);
  nPath = pNl ? (size_t)(pNl - aData) : nData;

  zPath = malloc(nPath + 9);
  if( zPath==0 ) return 0;
  if( flags & 0x08 ){ memcpy(zPath, "/api/v1/", 8); j = 8; }
  for(i=0; i<nPath; i++){
    uint8_t c = aData[i];
    if( c==0 ) break;                                      /* C string: NUL ends it */
    if( !(flags & 0x01) && (c<0x21 || c>0x7e) ) continue;  /* printable only */
    zPath[j++] = (char)c;
  }
  zPath[j] = 0;
  if( pNl ){ aData += nPath + 1; nData -= nPath + 1; }else{ nData = 0; }

#ifdef ZF_HAVE_DISPATCH_AS
  zReply = http_dispatch_test_as(zf_routes, zf_nroutes, fuzz_db,
                                 who==1 || who==2 ? fuzz_who[who].zToken : 0,
                                 zMethod, zPath, (const char*)aData, nData, &status);
#else
  (void)who;
  zReply = http_dispatch_test(zf_routes, zf_nroutes, fuzz_db, zMethod, zPath,
                              (const char*)aData, nData, &status);
#endif
  if( status==0 || status>=500 ){
    fprintf(stderr, "fuzz_request: %s %s → status %d: %.300s\n", zMethod, zPath, status,
            zReply ? zReply : "(no body)");
    abort();
  }
  fuzz_check_reply(zMethod, zPath, status, zReply);
  free(zReply);
  free(zPath);
#ifdef ZF_HAVE_DISPATCH_AS
  fuzz_restore();
#endif
  return 0;
}
