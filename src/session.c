/*
** session.c — handlers for /api/v1/session, /api/v1/me and /api/v1/roles.
** The mechanics (hashing, throttling, expiry) are in core/auth.c; this file
** turns them into HTTP: the cookie, Retry-After, the ME object.
*/
#include <stdlib.h>
#include <string.h>
#include "account.h"
#include "session.h"

const json_field session_login_body[] = {
  {"username", JF_STRING, JF_REQUIRED, 1, 64, "用户名", 0},
  {"password", JF_STRING, JF_REQUIRED, 1, 256, "密码", 0},
  {0}
};

const json_field session_password_body[] = {
  {"old_password", JF_STRING, JF_REQUIRED, 1, 256, "原密码", 0},
  {"new_password", JF_STRING, JF_REQUIRED, 1, 256, "新密码", "at least 10 characters, not the username"},
  {0}
};

static void session_cookie(zf_req *r, const char *zToken, int64_t maxAge){
  char zCookie[200];
  snprintf(zCookie, sizeof zCookie, "zf_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
           zToken, (long long)maxAge, r->secure ? "; Secure" : "");
  http_header_add(r, "Set-Cookie", zCookie);
}

json_t *session_me_json(const zf_who *pWho){
  json_t *pRoles = json_array(), *pPerms = json_array();
  int i;
  for(i=0; i<ROLE_COUNT; i++){
    if( pWho->roles & (1u<<i) ) json_array_append_new(pRoles, json_string(auth_role(i)->zKey));
  }
  for(i=PERM_SIGNED_IN+1; i<PERM_COUNT; i++){
    if( auth_allows(pWho->roles, i) ) json_array_append_new(pPerms, json_string(auth_perm_name(i)));
  }
  return json_pack("{s:I,s:s,s:s,s:o,s:{s:s,s:s},s:o,s:b}",
    "id", (json_int_t)pWho->accountId, "username", pWho->zUsername,
    "display_name", pWho->zDisplay, "roles", pRoles,
    "scope", "code", pWho->zScope, "name", pWho->zScopeName,
    "permissions", pPerms, "must_change_password", pWho->mustChangePassword);
}

/*
** ROUTE: POST /api/v1/session
** Signs in; sets the session cookie. 401 on bad credentials, 429 while
** throttled (with Retry-After).
*/
int session_login_handler(zf_req *r){
  char zToken[64];
  zf_who who;
  int rc = auth_login(r->pDb, json_str(r->pBody, "username"), json_str(r->pBody, "password"),
                      r->zClient, zToken, &who, &r->retryAfter, &r->err);
  if( rc ) return rc;
  session_cookie(r, zToken, auth_config.sessionMax);
  return http_reply(r, 200, json_pack("{s:o}", "user", session_me_json(&who)));
}

/* ROUTE: DELETE /api/v1/session — signs out; the cookie is cleared. */
int session_logout_handler(zf_req *r){
  int rc = auth_logout(r->pDb, &r->who);
  if( rc ) return rc;
  session_cookie(r, "", 0);
  return http_reply(r, 204, 0);
}

/* ROUTE: GET /api/v1/me — the signed-in account. */
int session_me_handler(zf_req *r){
  json_t *pMe;
  char *zJson;
  /* the rendering is kept with the cached session: /me is the request
  ** every page makes, and the account cannot change without the cache
  ** entry being forgotten (auth_cache_forget) */
  if( r->who.zMemo[0] ) return http_reply_text(r, 200, r->who.zMemo);
  pMe = session_me_json(&r->who);
  zJson = json_dumps(pMe, JSON_COMPACT);
  json_decref(pMe);
  if( zJson==0 ) return ZF_EINTERNAL;
  auth_cache_memo(&r->who, zJson);
  http_reply_text(r, 200, zJson);
  free(zJson);
  return ZF_OK;
}

/*
** ROUTE: POST /api/v1/me/password
** Changes one's own password: the old one must match; other sessions end.
*/
int session_password_handler(zf_req *r){
  static const char zSql[] = "SELECT password_hash FROM account WHERE id=?";
  const char *zOld = json_str(r->pBody, "old_password");
  const char *zNew = json_str(r->pBody, "new_password");
  zf_stmt *pStmt = db_stmt(r->pDb, zSql);
  int ok = 0, rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", r->who.accountId);
  if( db_step(pStmt)==1 ) ok = auth_password_check(db_text(pStmt, 0), zOld);
  db_reset(pStmt);
  if( !ok ) return http_fail(r, ZF_EINVAL, "old_password", "原密码不正确");
  if( strcmp(zOld, zNew)==0 ) return http_fail(r, ZF_EINVAL, "new_password", "新密码不能与原密码相同");
  rc = account_set_password(r->pDb, r->who.zUsername, r->who.accountId, zNew, 0,
                            r->who.sessionId, &r->err);
  if( rc ) return rc;
  return http_reply(r, 204, 0);
}

/* ROUTE: GET /api/v1/roles — role keys with Chinese and English names. */
int session_roles_handler(zf_req *r){
  json_t *pItems = json_array();
  int i;
  for(i=0; i<ROLE_COUNT; i++){
    const zf_role_info *p = auth_role(i);
    json_array_append_new(pItems, json_pack("{s:s,s:s,s:s}", "role", p->zKey,
                                            "name", p->zName, "name_en", p->zNameEn));
  }
  return http_reply(r, 200, json_pack("{s:o,s:n}", "items", pItems, "next_cursor"));
}
