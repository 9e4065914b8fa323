/*
** account.c — accounts and their administration (用户管理).
**
** Rules: usernames are 3–32 characters of a-z 0-9 _ . - starting with a
** letter or digit, unique; display names 1–64 characters; passwords follow
** auth_password_rule(); every account has at least one known role and a
** scope region; an administrator creates and changes only accounts inside
** their own scope and cannot lock themselves out (disable themselves or drop
** their own admin role).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "account.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "region.h"

const json_field account_create_body[] = {
  {"username", JF_STRING, JF_REQUIRED, 3, 32, "用户名", "3–32 characters: a-z 0-9 _ . -"},
  {"password", JF_STRING, JF_REQUIRED, 1, 256, "密码", "at least 10 characters, not the username"},
  {"display_name", JF_STRING, JF_REQUIRED, 1, 64, "姓名", "name shown in the interface"},
  {"roles", JF_STRINGS, JF_REQUIRED, 1, 10, "角色", "role keys, e.g. [\"officer\"]"},
  {"scope", JF_STRING, JF_REQUIRED, 6, 12, "管辖区划", "region code of the account's subtree"},
  {0}
};

const json_field account_patch_body[] = {
  {"display_name", JF_STRING, 0, 1, 64, "姓名", 0},
  {"roles", JF_STRINGS, 0, 1, 10, "角色", 0},
  {"scope", JF_STRING, 0, 6, 12, "管辖区划", 0},
  {"disabled", JF_BOOL, 0, 0, 0, "停用", "true disables the account and ends its sessions"},
  {"password", JF_STRING, 0, 1, 256, "新密码", "reset: the user must change it at next login"},
  {0}
};

static int account_username_ok(const char *z){
  size_t i, n = strlen(z);
  if( n<3 || n>32 || !(islower((unsigned char)z[0]) || isdigit((unsigned char)z[0])) ) return 0;
  for(i=0; i<n; i++){
    unsigned char c = (unsigned char)z[i];
    if( !(islower(c) || isdigit(c) || c=='_' || c=='.' || c=='-') ) return 0;
  }
  return 1;
}

/* Checks a role list: known keys, no repeats. Returns the mask or 0. */
static unsigned account_roles_check(const char *const *azRole, int nRole, zf_error *e){
  unsigned mask = 0;
  int i;
  for(i=0; i<nRole; i++){
    int r = auth_role_find(azRole[i]);
    if( r<0 ){
      err_set(e, ZF_EINVAL, "roles", "未知角色：%.32s", azRole[i]);
      return 0;
    }
    if( mask & (1u<<r) ){
      err_set(e, ZF_EINVAL, "roles", "角色重复：%.32s", azRole[i]);
      return 0;
    }
    mask |= 1u<<r;
  }
  if( mask==0 ) err_set(e, ZF_EINVAL, "roles", "至少需要一个角色");
  return mask;
}

/* The scope must exist and lie inside the actor's own scope. */
static int account_scope_check(zf_db *pDb, const zf_who *pActor, const char *zScope, zf_error *e){
  char zName[96];
  if( region_name(pDb, zScope, zName, sizeof zName)!=ZF_OK ){
    return err_set(e, ZF_EINVAL, "scope", "区划代码不存在：%.16s", zScope);
  }
  if( pActor && !auth_in_scope(pDb, pActor, zScope) ){
    return err_set(e, ZF_ESCOPE, "scope", "区划 %.16s（%s）不在您的管辖范围内", zScope, zName);
  }
  return ZF_OK;
}

static int account_write_roles(zf_db *pDb, int64_t id, unsigned mask){
  static const char zDel[] = "DELETE FROM account_role WHERE account_id=?";
  static const char zIns[] = "INSERT INTO account_role(account_id, role) VALUES(?,?)";
  int i, rc = db_exec(pDb, zDel, "i", id);
  for(i=0; rc==ZF_OK && i<ROLE_COUNT; i++){
    if( mask & (1u<<i) ) rc = db_exec(pDb, zIns, "is", id, auth_role(i)->zKey);
  }
  return rc;
}

static json_t *account_roles_json(unsigned mask){
  json_t *p = json_array();
  int i;
  for(i=0; i<ROLE_COUNT; i++) if( mask & (1u<<i) ) json_array_append_new(p, json_string(auth_role(i)->zKey));
  return p;
}

/* Audits one change to account id, in the caller's transaction. */
static int account_audit(zf_db *pDb, const char *zActor, const char *zAction, int64_t id,
                         json_t *pChange){
  static const char zScope[] = "SELECT scope FROM account WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zScope);
  char zId[24], zRegion[16] = "";
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(zRegion, sizeof zRegion, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  auth_cache_forget(id);   /* roles, scope, name or status may have changed */
  rc = audit_append(pDb, zActor, zAction, "account", zId, zRegion, pChange);
  json_decref(pChange);
  return rc;
}

int account_create(zf_db *pDb, const zf_who *pActor, const account_new *pNew,
                   int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO account(username, display_name, password_hash, scope, must_change_password,"
    " created_at, updated_at, password_changed_at) VALUES(?,?,?,?,?,?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zHash[AUTH_HASH_MAX], zNow[24];
  unsigned mask;
  int64_t existing;
  int rc;
  if( !account_username_ok(pNew->zUsername) ){
    return err_set(e, ZF_EINVAL, "username",
      "用户名应为 3–32 个字符，只含小写字母、数字、下划线、点或连字符，并以字母或数字开头");
  }
  if( json_utf8_len(pNew->zDisplay)<1 || json_utf8_len(pNew->zDisplay)>64 ){
    return err_set(e, ZF_EINVAL, "display_name", "姓名应为 1–64 个字符");
  }
  rc = auth_password_rule(pNew->zUsername, pNew->zPassword, "password", e);
  if( rc ) return rc;
  mask = account_roles_check(pNew->azRole, pNew->nRole, e);
  if( mask==0 ) return ZF_EINVAL;
  rc = account_scope_check(pDb, pActor, pNew->zScope, e);
  if( rc ) return rc;
  if( account_find(pDb, pNew->zUsername, &existing)==ZF_OK ){
    return err_set(e, ZF_ECONFLICT, "username", "用户名 %s 已被使用", pNew->zUsername);
  }
  rc = auth_password_hash(pNew->zPassword, zHash);   /* slow: outside the transaction */
  if( rc ) return err_set(e, rc, 0, "密码处理失败");
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = db_exec(pDb, zIns, "ssssdsss", pNew->zUsername, pNew->zDisplay, zHash, pNew->zScope,
               pNew->mustChangePassword, zNow, zNow, zNow);
  if( rc==ZF_ECONFLICT ){
    db_rollback(pDb);
    return err_set(e, ZF_ECONFLICT, "username", "用户名 %s 已被使用", pNew->zUsername);
  }
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    rc = account_write_roles(pDb, *pId, mask);
  }
  if( rc==ZF_OK ){
    rc = account_audit(pDb, zActor, "account.create", *pId,
      json_pack("{s:s,s:s,s:o,s:s}", "username", pNew->zUsername, "display_name", pNew->zDisplay,
                "roles", account_roles_json(mask), "scope", pNew->zScope));
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int account_find(zf_db *pDb, const char *zUsername, int64_t *pId){
  static const char zSql[] = "SELECT id FROM account WHERE username=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zUsername);
  rc = db_step(pStmt);
  if( rc==1 ) *pId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Username of account id into z; ZF_ENOTFOUND. */
static int account_username(zf_db *pDb, int64_t id, char *z, size_t n){
  static const char zSql[] = "SELECT username FROM account WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(z, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* Checks the rules and hashes a new password for account id (no writes). */
static int account_password_prepare(zf_db *pDb, int64_t id, const char *zPassword,
                                    const char *zField, char *zHash, zf_error *e){
  char zUsername[64];
  int rc = account_username(pDb, id, zUsername, sizeof zUsername);
  if( rc ) return err_set(e, rc, 0, "账号不存在");
  rc = auth_password_rule(zUsername, zPassword, zField, e);
  if( rc ) return rc;
  rc = auth_password_hash(zPassword, zHash);
  return rc ? err_set(e, rc, 0, "密码处理失败") : ZF_OK;
}

/* Stores a prepared hash, ends sessions, audits; inside a transaction. */
static int account_password_write(zf_db *pDb, const char *zActor, int64_t id, const char *zHash,
                               int byAdmin, int64_t keepSession){
  static const char zSql[] =
    "UPDATE account SET password_hash=?, must_change_password=?, password_changed_at=?,"
    " updated_at=? WHERE id=?";
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zSql, "sdssi", zHash, byAdmin, zNow, zNow, id);
  if( rc==ZF_OK ) rc = auth_end_sessions(pDb, id, keepSession, byAdmin ? "password_reset" : "password_changed");
  if( rc==ZF_OK ){
    rc = account_audit(pDb, zActor, byAdmin ? "account.password_reset" : "account.password_change",
                       id, json_pack("{s:s}", "password", "changed"));
  }
  return rc;
}

/* Sets disabled, ends sessions when disabling, audits; inside a transaction. */
static int account_disabled_write(zf_db *pDb, const char *zActor, int64_t id, int disabled){
  static const char zSql[] = "UPDATE account SET disabled=?, updated_at=? WHERE id=?";
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zSql, "dsi", disabled, zNow, id);
  if( rc==ZF_OK && db_changes(pDb)==0 ) rc = ZF_ENOTFOUND;
  if( rc==ZF_OK && disabled ) rc = auth_end_sessions(pDb, id, 0, "disabled");
  if( rc==ZF_OK ){
    rc = account_audit(pDb, zActor, disabled ? "account.disable" : "account.enable", id,
                       json_pack("{s:b}", "disabled", disabled));
  }
  return rc;
}

int account_set_password(zf_db *pDb, const char *zActor, int64_t id, const char *zPassword,
                         int byAdmin, int64_t keepSession, zf_error *e){
  char zHash[AUTH_HASH_MAX];
  int rc = account_password_prepare(pDb, id, zPassword, byAdmin ? "password" : "new_password",
                                    zHash, e);
  if( rc ) return rc;
  rc = db_begin(pDb);
  if( rc==ZF_OK ){
    rc = account_password_write(pDb, zActor, id, zHash, byAdmin, keepSession);
    if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  }
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

int account_set_disabled(zf_db *pDb, const char *zActor, int64_t id, int disabled, zf_error *e){
  int rc = db_begin(pDb);
  if( rc==ZF_OK ){
    rc = account_disabled_write(pDb, zActor, id, disabled);
    if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  }
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, 0, "账号不存在");
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

#define ACCOUNT_COLS "a.id, a.username, a.display_name, a.scope, r.name, a.disabled," \
  " a.created_at, a.updated_at, a.last_login_at, a.must_change_password"

static json_t *account_row_json(zf_db *pDb, zf_stmt *pStmt){
  static const char zRoles[] = "SELECT role FROM account_role WHERE account_id=? ORDER BY role";
  int64_t id = db_column_int64(pStmt, 0);
  json_t *p = json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:s,s:s,s:b}",
    "id", (json_int_t)id, "username", db_text(pStmt, 1), "display_name", db_text(pStmt, 2),
    "scope", db_text(pStmt, 3), "scope_name", db_text(pStmt, 4),
    "disabled", db_column_int(pStmt, 5), "created_at", db_text(pStmt, 6),
    "updated_at", db_text(pStmt, 7), "must_change_password", db_column_int(pStmt, 9));
  json_t *pRoles = json_array();
  zf_stmt *pR;
  json_object_set_new(p, "last_login_at", db_column_type(pStmt, 8)==DB_NULL
                      ? json_null() : json_string(db_text(pStmt, 8)));
  pR = db_stmt(pDb, zRoles);
  if( pR ){
    db_bind(pR, "i", id);
    while( db_step(pR)==1 ) json_array_append_new(pRoles, json_string(db_text(pR, 0)));
    db_reset(pR);
  }
  json_object_set_new(p, "roles", pRoles);
  return p;
}

json_t *account_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT " ACCOUNT_COLS " FROM account a JOIN region r ON r.code=a.scope WHERE a.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    /* account_row_json uses another statement; copy this row's id first is
    ** not needed: distinct cached statements do not disturb each other. */
    p = account_row_json(pDb, pStmt);
  }
  db_reset(pStmt);
  return p;
}

/* Escapes % _ and \ for a LIKE ... ESCAPE '\' pattern "%q%". */
static void account_like(const char *zIn, char *zOut, size_t n){
  size_t j = 0;
  if( n<4 ) return;
  zOut[j++] = '%';
  for(; *zIn && j+3<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}

/*
** ROUTE: GET /api/v1/users
** Accounts inside the caller's scope, by id, filtered by ?q= (username or
** name fragment), ?role=, ?disabled=true|false; cursor = last id seen.
*/
int account_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT " ACCOUNT_COLS " FROM account a JOIN region r ON r.code=a.scope"
    " WHERE r.path LIKE ? || '%'"
    " AND (? IS NULL OR a.username LIKE ? ESCAPE '\\' OR a.display_name LIKE ? ESCAPE '\\')"
    " AND (? IS NULL OR EXISTS(SELECT 1 FROM account_role x WHERE x.account_id=a.id AND x.role=?))"
    " AND (? IS NULL OR a.disabled=?)"
    " AND a.id>? ORDER BY a.id LIMIT ?";
  const char *zQ = http_query(r, "q"), *zRole = http_query(r, "role");
  const char *zDisabled = http_query(r, "disabled");
  char zLike[256] = "";
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, n = 0, rc, disabled = -1;
  int64_t cursor, last = 0;
  rc = http_page(r, &limit, &cursor);
  if( rc ) return rc;
  if( zRole && auth_role_find(zRole)<0 ) return http_fail(r, ZF_EINVAL, "role", "未知角色：%.32s", zRole);
  if( zDisabled ){
    if( strcmp(zDisabled, "true")==0 ) disabled = 1;
    else if( strcmp(zDisabled, "false")==0 ) disabled = 0;
    else return http_fail(r, ZF_EINVAL, "disabled", "参数 disabled 应为 true 或 false");
  }
  if( zQ ) account_like(zQ, zLike, sizeof zLike);
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ssssss", r->who.zScopePath, zQ ? zLike : 0, zLike, zLike, zRole, zRole);
  if( disabled<0 ) db_bind_null(pStmt, 7); else db_bind_int(pStmt, 7, disabled);
  db_bind_int(pStmt, 8, disabled);
  db_bind_int64(pStmt, 9, cursor);
  db_bind_int(pStmt, 10, limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ) break;
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, account_row_json(r->pDb, pStmt));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    rc==1 ? json_sprintf("%lld", (long long)last) : json_null()));
}

/* Collects the strings of a JSON array into az (at most nMax). */
static int account_strings(json_t *pArr, const char **az, int nMax){
  size_t i;
  int n = 0;
  for(i=0; i<json_array_size(pArr) && n<nMax; i++) az[n++] = json_string_value(json_array_get(pArr, i));
  return n;
}

/*
** ROUTE: POST /api/v1/users
** Creates an account in the caller's scope; 201 with the USER.
*/
int account_create_handler(zf_req *r){
  const char *azRole[10];
  account_new nu;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.zUsername = json_str(r->pBody, "username");
  nu.zPassword = json_str(r->pBody, "password");
  nu.zDisplay = json_str(r->pBody, "display_name");
  nu.zScope = json_str(r->pBody, "scope");
  nu.nRole = account_strings(json_object_get(r->pBody, "roles"), azRole, 10);
  nu.azRole = azRole;
  nu.mustChangePassword = 1;
  rc = account_create(r->pDb, &r->who, &nu, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, account_json(r->pDb, id));
}

/* Loads account {id} if it is inside the caller's scope. */
static int account_lookup_or_reply(zf_req *r, int64_t *pId, char *zScope, size_t n){
  static const char zSql[] = "SELECT scope FROM account WHERE id=?";
  const char *zId = http_param(r, "id");
  zf_stmt *pStmt;
  char *zEnd;
  int rc;
  *pId = strtoll(zId ? zId : "", &zEnd, 10);
  if( zId==0 || *zEnd || *pId<=0 ) return http_fail(r, ZF_ENOTFOUND, "id", "账号不存在：%.20s", zId ? zId : "");
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", *pId);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zScope, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  if( rc!=1 ) return http_fail(r, ZF_ENOTFOUND, "id", "账号不存在：%.20s", zId);
  if( !auth_in_scope(r->pDb, &r->who, zScope) ){
    return http_fail(r, ZF_ESCOPE, "id", "该账号不在您的管辖范围内");
  }
  return ZF_OK;
}

/* ROUTE: GET /api/v1/users/{id} */
int account_get_handler(zf_req *r){
  char zScope[16];
  int64_t id;
  int rc = account_lookup_or_reply(r, &id, zScope, sizeof zScope);
  if( rc ) return rc;
  return http_reply(r, 200, account_json(r->pDb, id));
}

/*
** Checks every field of a PATCH before writing anything; fills *pMask with
** the new roles (when given) and zHash with the new password's hash.
*/
static int account_patch_check(zf_req *r, int64_t id, unsigned *pMask, char *zHash){
  json_t *pRoles = json_object_get(r->pBody, "roles");
  json_t *pDisabled = json_object_get(r->pBody, "disabled");
  const char *zNewScope = json_str(r->pBody, "scope");
  const char *zPassword = json_str(r->pBody, "password");
  int rc;
  *pMask = 0;
  if( pDisabled && json_is_true(pDisabled) && id==r->who.accountId ){
    return http_fail(r, ZF_EINVAL, "disabled", "不能停用自己的账号");
  }
  if( pRoles ){
    const char *azRole[10];
    int nRole = account_strings(pRoles, azRole, 10);
    *pMask = account_roles_check(azRole, nRole, &r->err);
    if( *pMask==0 ) return ZF_EINVAL;
    if( id==r->who.accountId && (r->who.roles & (1u<<ROLE_ADMIN)) && !(*pMask & (1u<<ROLE_ADMIN)) ){
      return http_fail(r, ZF_EINVAL, "roles", "不能移除自己的系统管理员角色");
    }
  }
  if( zNewScope ){
    rc = account_scope_check(r->pDb, &r->who, zNewScope, &r->err);
    if( rc ) return rc;
  }
  if( zPassword ){
    rc = account_password_prepare(r->pDb, id, zPassword, "password", zHash, &r->err);
    if( rc ) return rc;
  }
  return ZF_OK;
}

/* Writes display name, scope and roles with one "account.update" entry. */
static int account_patch_fields(zf_req *r, int64_t id, json_t *pOld, unsigned mask){
  static const char zName[] = "UPDATE account SET display_name=?, updated_at=? WHERE id=?";
  static const char zScope[] = "UPDATE account SET scope=?, updated_at=? WHERE id=?";
  json_t *pBefore = json_object(), *pAfter = json_object();
  const char *zDisplay = json_str(r->pBody, "display_name");
  const char *zNewScope = json_str(r->pBody, "scope");
  char zNow[24];
  int rc = ZF_OK;
  clock_now_iso(zNow);
  if( zDisplay ){
    json_object_set(pBefore, "display_name", json_object_get(pOld, "display_name"));
    json_object_set_new(pAfter, "display_name", json_string(zDisplay));
    rc = db_exec(r->pDb, zName, "ssi", zDisplay, zNow, id);
  }
  if( rc==ZF_OK && zNewScope ){
    json_object_set(pBefore, "scope", json_object_get(pOld, "scope"));
    json_object_set_new(pAfter, "scope", json_string(zNewScope));
    rc = db_exec(r->pDb, zScope, "ssi", zNewScope, zNow, id);
  }
  if( rc==ZF_OK && mask ){
    json_object_set(pBefore, "roles", json_object_get(pOld, "roles"));
    json_object_set_new(pAfter, "roles", account_roles_json(mask));
    rc = account_write_roles(r->pDb, id, mask);
  }
  if( rc==ZF_OK && json_object_size(pAfter)>0 ){
    rc = account_audit(r->pDb, r->who.zUsername, "account.update", id,
                       json_pack("{s:O,s:O}", "before", pBefore, "after", pAfter));
  }
  json_decref(pBefore);
  json_decref(pAfter);
  return rc;
}

/*
** ROUTE: PATCH /api/v1/users/{id}
** Changes display name, roles, scope; disables/enables; resets password.
** All fields are checked first and written in one transaction: a bad field
** changes nothing.
*/
int account_patch_handler(zf_req *r){
  json_t *pOld, *pDisabled = json_object_get(r->pBody, "disabled");
  char zScope[16], zHash[AUTH_HASH_MAX];
  unsigned mask;
  int64_t id;
  int rc = account_lookup_or_reply(r, &id, zScope, sizeof zScope);
  if( rc ) return rc;
  rc = account_patch_check(r, id, &mask, zHash);
  if( rc ) return rc;
  /* Read the "before" state inside the write transaction, so that a
  ** concurrent change cannot slip between the read and the write. */
  rc = db_begin(r->pDb);
  if( rc ) return http_fail(r, rc, 0, 0);
  pOld = account_json(r->pDb, id);
  if( pOld==0 ){
    db_rollback(r->pDb);
    return ZF_EINTERNAL;
  }
  rc = account_patch_fields(r, id, pOld, mask);
  if( rc==ZF_OK && pDisabled
   && json_is_true(pDisabled)!=json_is_true(json_object_get(pOld, "disabled")) ){
    rc = account_disabled_write(r->pDb, r->who.zUsername, id, json_is_true(pDisabled));
  }
  if( rc==ZF_OK && json_str(r->pBody, "password") ){
    rc = account_password_write(r->pDb, r->who.zUsername, id, zHash, 1, 0);
  }
  if( rc==ZF_OK ) rc = db_commit(r->pDb); else db_rollback(r->pDb);
  json_decref(pOld);
  if( rc ) return http_fail(r, rc, 0, 0);
  return http_reply(r, 200, account_json(r->pDb, id));
}
