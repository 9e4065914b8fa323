/*
** auth.c — roles, the permission matrix, passwords, sessions, throttling
** and scope.
**
** Passwords: argon2id via libsodium crypto_pwhash_str (interactive limits).
** Sessions: 256 random bits, sent as base64url in the cookie, stored only as
** their BLAKE2b-256 hash; idle and absolute limits from auth_config.
** Throttling: failures are counted per account and per client address in a
** sliding window; at the limit every attempt, even a correct one, gets 429
** until the oldest counted failure leaves the window.
*/
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "clock.h"
#include "json.h"
#include "log.h"

zf_auth_config auth_config = { 1800, 43200, 5, 900 };

static const zf_role_info auth_roles[ROLE_COUNT] = {
  [ROLE_ADMIN]      = {"admin", "系统管理员", "Administrator"},
  [ROLE_LEADER]     = {"leader", "局领导", "Bureau leader"},
  [ROLE_BRIGADE]    = {"brigade", "大队/中队负责人", "Brigade leader"},
  [ROLE_OFFICER]    = {"officer", "持证执法人员", "Enforcement officer"},
  [ROLE_LEGAL]      = {"legal", "法制审核人员", "Legal reviewer"},
  [ROLE_STREET]     = {"street", "街道/镇/集聚区执法人员", "Sub-district staff"},
  [ROLE_ASSISTANT]  = {"assistant", "安监员", "Technical inspector"},
  [ROLE_EXPERT]     = {"expert", "专家", "Expert"},
  [ROLE_SUPERVISOR] = {"supervisor", "纪检监察/考核办", "Supervisor"},
  [ROLE_DEPARTMENT] = {"department", "其他部门", "Other department"},
};

#define R(x) (1u<<(x))

/* The permission matrix: for each permission, the roles that hold it. */
static const struct { const char *zName; unsigned roles; } auth_perms[PERM_COUNT] = {
  [PERM_UNDECLARED] = {"undeclared", 0},
  [PERM_PUBLIC]     = {"public", 0},
  [PERM_SIGNED_IN]  = {"signed_in", 0},
  [PERM_USER_ADMIN] = {"user.admin", R(ROLE_ADMIN)},
  [PERM_AUDIT_READ] = {"audit.read", R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_SUPERVISOR)},
  /* the legal office (法制) drafts the catalog, the brigade the checklists;
  ** the bureau leader publishes (plan clause 4) */
  [PERM_CATALOG_EDIT]    = {"catalog.edit", R(ROLE_LEGAL) | R(ROLE_BRIGADE)},
  [PERM_CATALOG_PUBLISH] = {"catalog.publish", R(ROLE_LEADER)},
  [PERM_RULES_ADMIN] = {"rules.admin", R(ROLE_ADMIN) | R(ROLE_LEGAL)},
  /* org and staff: reading for the bureau's own roles, street staff (in
  ** their area) and oversight; units and grants are changed by the
  ** administrator and the bureau leadership; staff records are kept by the
  ** administrator, the brigade and the street offices (inside their
  ** scope), who therefore see identity numbers and phones unmasked. */
  [PERM_ORG_READ]   = {"org.read", R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                       | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_SUPERVISOR)},
  [PERM_ORG_ADMIN]  = {"org.admin", R(ROLE_ADMIN) | R(ROLE_LEADER)},
  [PERM_STAFF_READ] = {"staff.read", R(ROLE_ADMIN) | R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                       | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_SUPERVISOR)},
  [PERM_STAFF_ADMIN] = {"staff.admin", R(ROLE_ADMIN) | R(ROLE_BRIGADE) | R(ROLE_STREET)},
  /* The ledger is read by every enforcement role and by oversight
  ** (supervisor, read-only); not by admin (no enforcement powers), experts
  ** (they see the enterprise of the inspection they are drawn for) or
  ** other departments (they see what is transferred to them). */
  [PERM_ENTERPRISE_READ] = {"enterprise.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                            | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_ASSISTANT) | R(ROLE_SUPERVISOR)},
  /* Kept by the brigade and its officers, and by street staff inside their
  ** own area (scope is enforced on every write). */
  [PERM_ENTERPRISE_WRITE] = {"enterprise.write", R(ROLE_BRIGADE) | R(ROLE_OFFICER) | R(ROLE_STREET)},
  /* Phone numbers of principals and safety managers: the roles that call
  ** enterprises (leadership, brigade, officers, street staff, assistants).
  ** Legal reviewers and supervisors see them masked (138****5678). */
  [PERM_ENTERPRISE_CONTACT] = {"enterprise.contact", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                               | R(ROLE_STREET) | R(ROLE_ASSISTANT)},
  /* Planning and targeting (plan clauses 14, 15): read by every enforcement
  ** role and oversight; grades are overridden and key enterprises chosen by
  ** the brigade and leadership; plans are drafted by the brigade and the
  ** streets (each its own unit's), and the district government's approval
  ** is recorded by leadership; draws are run by the brigade and streets. */
  [PERM_RISK_READ]   = {"risk.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                        | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_SUPERVISOR)},
  [PERM_RISK_ADMIN]  = {"risk.admin", R(ROLE_LEADER) | R(ROLE_BRIGADE)},
  [PERM_PLAN_READ]   = {"plan.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                        | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_SUPERVISOR)},
  [PERM_PLAN_EDIT]   = {"plan.edit", R(ROLE_BRIGADE) | R(ROLE_STREET)},
  [PERM_PLAN_APPROVE] = {"plan.approve", R(ROLE_LEADER)},
  [PERM_DRAW_READ]   = {"draw.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                        | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_SUPERVISOR)},
  [PERM_DRAW_RUN]    = {"draw.run", R(ROLE_BRIGADE) | R(ROLE_STREET)},
  [PERM_INSPECTION_READ] = {"inspection.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                            | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_ASSISTANT) | R(ROLE_SUPERVISOR)},
  [PERM_INSPECTION_SCHEDULE] = {"inspection.schedule", R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                                | R(ROLE_STREET)},
  /* Hazards (plan clause 12): read like inspections; recorded and carried
  ** through rectification by the enforcement roles; other departments see
  ** only the transfers to their own unit (transfer.answer). */
  [PERM_HAZARD_READ] = {"hazard.read", R(ROLE_LEADER) | R(ROLE_BRIGADE) | R(ROLE_OFFICER)
                        | R(ROLE_LEGAL) | R(ROLE_STREET) | R(ROLE_ASSISTANT) | R(ROLE_SUPERVISOR)},
  [PERM_HAZARD_WRITE] = {"hazard.write", R(ROLE_BRIGADE) | R(ROLE_OFFICER) | R(ROLE_STREET)},
  [PERM_TRANSFER_ANSWER] = {"transfer.answer", R(ROLE_DEPARTMENT)},
  [PERM_EVIDENCE_WRITE] = {"evidence.write", R(ROLE_BRIGADE) | R(ROLE_OFFICER) | R(ROLE_STREET)
                           | R(ROLE_ASSISTANT)},
};

const zf_role_info *auth_role(int role){
  return role>=0 && role<ROLE_COUNT ? &auth_roles[role] : 0;
}

int auth_role_find(const char *zKey){
  int i;
  for(i=0; zKey && i<ROLE_COUNT; i++) if( strcmp(auth_roles[i].zKey, zKey)==0 ) return i;
  return -1;
}

const char *auth_perm_name(int perm){
  return perm>=0 && perm<PERM_COUNT ? auth_perms[perm].zName : "undeclared";
}

/* Deny by default: undeclared or unknown permissions are never allowed. */
int auth_allows(unsigned roleMask, int perm){
  if( perm<=PERM_UNDECLARED || perm>=PERM_COUNT ) return 0;
  if( perm==PERM_PUBLIC || perm==PERM_SIGNED_IN ) return 1;
  return (roleMask & auth_perms[perm].roles)!=0;
}

/* ---- passwords ------------------------------------------------------ */

int auth_password_hash(const char *zPassword, char *zOut){
  if( crypto_pwhash_str(zOut, zPassword, strlen(zPassword),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE)!=0 ){
    log_error("crypto_pwhash_str failed (out of memory?)");
    return ZF_EINTERNAL;
  }
  return ZF_OK;
}

int auth_password_check(const char *zHash, const char *zPassword){
  return crypto_pwhash_str_verify(zHash, zPassword, strlen(zPassword))==0;
}

/* Password rules: ≥ 10 characters, ≤ 128, not the username (any case). */
int auth_password_rule(const char *zUsername, const char *zPassword, const char *zField,
                       zf_error *e){
  size_t n = json_utf8_len(zPassword);
  if( n<10 ) return err_set(e, ZF_EINVAL, zField, "密码至少需要 10 个字符");
  if( n>128 ) return err_set(e, ZF_EINVAL, zField, "密码不能超过 128 个字符");
  if( zUsername && strcasecmp(zUsername, zPassword)==0 ){
    return err_set(e, ZF_EINVAL, zField, "密码不能与用户名相同");
  }
  return ZF_OK;
}

/* ---- throttling ----------------------------------------------------- */

/*
** Seconds until key is no longer throttled, 0 when it is not throttled now.
** Throttled = at least loginMaxFailures failures inside the window.
*/
static int64_t auth_throttled(zf_db *pDb, const char *zKey, int64_t now){
  static const char zSql[] =
    "SELECT at FROM login_failure WHERE key=? AND at>? ORDER BY at DESC LIMIT 1 OFFSET ?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t wait = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "sid", zKey, now - auth_config.loginWindow, auth_config.loginMaxFailures - 1);
  if( db_step(pStmt)==1 ){
    wait = db_column_int64(pStmt, 0) + auth_config.loginWindow - now;
    if( wait<1 ) wait = 1;
  }
  db_reset(pStmt);
  return wait;
}

static int auth_record_failure(zf_db *pDb, const char *zUserKey, const char *zAddrKey,
                               int64_t now){
  static const char zIns[] = "INSERT INTO login_failure(key, at) VALUES(?,?)";
  static const char zPrune[] = "DELETE FROM login_failure WHERE at<=?";
  int rc = db_begin(pDb);
  if( rc ) return rc;
  rc = db_exec(pDb, zPrune, "i", now - auth_config.loginWindow);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "si", zUserKey, now);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "si", zAddrKey, now);
  if( rc==ZF_OK && (auth_throttled(pDb, zUserKey, now) || auth_throttled(pDb, zAddrKey, now)) ){
    json_t *pChange = json_pack("{s:s,s:s}", "account", zUserKey + 2, "client", zAddrKey + 2);
    rc = audit_append(pDb, zUserKey + 2, "session.throttled", "account", zUserKey + 2, "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

/* ---- sessions ------------------------------------------------------- */

static void auth_token_hash(const char *zToken, char zHex[65]){
  unsigned char aHash[32];
  crypto_generichash(aHash, sizeof aHash, (const unsigned char*)zToken, strlen(zToken), 0, 0);
  sodium_bin2hex(zHex, 65, aHash, sizeof aHash);
}

static int auth_load_roles(zf_db *pDb, zf_who *pWho){
  static const char zSql[] = "SELECT role FROM account_role WHERE account_id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", pWho->accountId);
  pWho->roles = 0;
  while( (rc = db_step(pStmt))==1 ){
    int r = auth_role_find(db_text(pStmt, 0));
    if( r>=0 ) pWho->roles |= 1u<<r;
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

static void auth_fill_who(zf_stmt *pStmt, int i, zf_who *pWho){
  snprintf(pWho->zUsername, sizeof pWho->zUsername, "%s", db_text(pStmt, i));
  snprintf(pWho->zDisplay, sizeof pWho->zDisplay, "%s", db_text(pStmt, i+1));
  snprintf(pWho->zScope, sizeof pWho->zScope, "%s", db_text(pStmt, i+2));
  snprintf(pWho->zScopeName, sizeof pWho->zScopeName, "%s", db_text(pStmt, i+3));
  snprintf(pWho->zScopePath, sizeof pWho->zScopePath, "%s", db_text(pStmt, i+4));
  pWho->mustChangePassword = db_column_int(pStmt, i+5);
}

#define AUTH_WHO_COLS "a.username, a.display_name, a.scope, r.name, r.path, a.must_change_password"

int auth_load_account(zf_db *pDb, int64_t accountId, zf_who *pWho){
  static const char zSql[] =
    "SELECT " AUTH_WHO_COLS " FROM account a JOIN region r ON r.code=a.scope WHERE a.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  memset(pWho, 0, sizeof *pWho);
  db_bind(pStmt, "i", accountId);
  rc = db_step(pStmt);
  if( rc==1 ){
    pWho->accountId = accountId;
    auth_fill_who(pStmt, 0, pWho);
  }
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 ) return ZF_ENOTFOUND;
  return auth_load_roles(pDb, pWho);
}

int auth_login(zf_db *pDb, const char *zUsername, const char *zPassword,
               const char *zClient, char zToken[64], zf_who *pWho,
               int64_t *pRetryAfter, zf_error *e){
  static const char zFind[] =
    "SELECT id, password_hash, disabled FROM account WHERE username=?";
  static const char zNew[] =
    "INSERT INTO session(token_hash, account_id, created_at, last_seen, client)"
    " VALUES(?,?,?,?,?)";
  static const char zClear[] = "DELETE FROM login_failure WHERE key=?";
  static const char zStamp[] = "UPDATE account SET last_login_at=? WHERE id=?";
  /* A valid hash of a random password, checked when the account does not
  ** exist so that the answer takes as long as for a real account. */
  static char zDummy[crypto_pwhash_STRBYTES];
  char zUserKey[96], zAddrKey[96], zHash[65], zNow[24];
  unsigned char aRaw[32];
  int64_t now = clock_now(), wait, accountId = 0;
  int disabled = 1, ok, rc;
  zf_stmt *pStmt;
  char zStored[crypto_pwhash_STRBYTES] = "";

  *pRetryAfter = 0;
  snprintf(zUserKey, sizeof zUserKey, "u:%s", zUsername);
  snprintf(zAddrKey, sizeof zAddrKey, "a:%s", zClient);
  wait = auth_throttled(pDb, zUserKey, now);
  if( wait==0 ) wait = auth_throttled(pDb, zAddrKey, now);
  if( wait>0 ){
    *pRetryAfter = wait;
    return err_set(e, ZF_ETHROTTLE, 0, "登录失败次数过多，请 %lld 分钟后再试",
                   (long long)((wait + 59)/60));
  }

  pStmt = db_stmt(pDb, zFind);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zUsername);
  if( db_step(pStmt)==1 ){
    accountId = db_column_int64(pStmt, 0);
    snprintf(zStored, sizeof zStored, "%s", db_text(pStmt, 1));
    disabled = db_column_int(pStmt, 2);
  }
  db_reset(pStmt);
  if( accountId==0 ){
    if( zDummy[0]==0 ){
      char zRand[33];
      randombytes_buf(zRand, 16);
      sodium_bin2hex(zRand, sizeof zRand, (unsigned char*)zRand, 16);
      auth_password_hash(zRand, zDummy);
    }
    auth_password_check(zDummy, zPassword);
    ok = 0;
  }else{
    ok = auth_password_check(zStored, zPassword) && !disabled;
  }
  if( !ok ){
    rc = auth_record_failure(pDb, zUserKey, zAddrKey, now);
    if( rc ) return rc;
    return err_set(e, ZF_ELOGIN, 0, "用户名或密码错误，或账号已停用");
  }

  randombytes_buf(aRaw, sizeof aRaw);
  sodium_bin2base64(zToken, 64, aRaw, sizeof aRaw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  auth_token_hash(zToken, zHash);
  clock_iso(now, zNow);
  rc = db_begin(pDb);
  if( rc ) return rc;
  rc = db_exec(pDb, zNew, "siiis", zHash, accountId, now, now, zClient);
  if( rc==ZF_OK ) rc = db_exec(pDb, zClear, "s", zUserKey);
  if( rc==ZF_OK ){
    pWho->sessionId = db_last_id(pDb);
    rc = db_exec(pDb, zStamp, "si", zNow, accountId);
  }
  if( rc==ZF_OK ){
    int64_t sessionId = pWho->sessionId;
    rc = auth_load_account(pDb, accountId, pWho);
    pWho->sessionId = sessionId;
  }
  if( rc==ZF_OK ){
    char zId[24];
    json_t *pChange = json_pack("{s:s,s:I}", "client", zClient, "session", (json_int_t)pWho->sessionId);
    snprintf(zId, sizeof zId, "%lld", (long long)accountId);
    rc = audit_append(pDb, zUsername, "session.login", "account", zId, pWho->zScope, pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  sodium_memzero(aRaw, sizeof aRaw);
  return rc;
}

/* Ends one session (no audit: idle/absolute expiry is bookkeeping). */
static void auth_expire(zf_db *pDb, int64_t sessionId, int64_t now, const char *zReason){
  static const char zSql[] =
    "UPDATE session SET ended_at=?, end_reason=? WHERE id=? AND ended_at IS NULL";
  /* the cache is keyed by token, not session: a stale entry for this
  ** session fails the same timeout check and comes back here */
  db_exec(pDb, zSql, "isi", now, zReason, sessionId);
}

/* ---- session cache --------------------------------------------------- */

#define AUTH_CACHE_SLOTS 1024   /* direct-mapped by the token hash */

typedef struct auth_cache_entry {
  unsigned char aKey[32];     /* BLAKE2b of the token; all zero = empty */
  int64_t created, seen;      /* session times as in the database */
  int64_t cachedAt;           /* when this entry was read from the database */
  zf_who who;
} auth_cache_entry;

static auth_cache_entry *auth_cache;
static pthread_mutex_t auth_cache_mutex = PTHREAD_MUTEX_INITIALIZER;

static auth_cache_entry *auth_cache_slot(const unsigned char *aKey){
  unsigned i = ((unsigned)aKey[0] | (unsigned)aKey[1]<<8) % AUTH_CACHE_SLOTS;
  if( auth_cache==0 ){
    auth_cache = calloc(AUTH_CACHE_SLOTS, sizeof *auth_cache);
    if( auth_cache==0 ) return 0;
  }
  return &auth_cache[i];
}

/* Copies a fresh entry for aKey into pWho; 0 when absent or stale. */
static int auth_cache_get(const unsigned char *aKey, int64_t now, zf_who *pWho,
                          int64_t *pCreated, int64_t *pSeen){
  auth_cache_entry *p;
  int hit = 0;
  pthread_mutex_lock(&auth_cache_mutex);
  p = auth_cache_slot(aKey);
  if( p && memcmp(p->aKey, aKey, 32)==0 && now - p->cachedAt < AUTH_CACHE_TTL ){
    *pWho = p->who;
    *pCreated = p->created;
    *pSeen = p->seen;
    hit = 1;
  }
  pthread_mutex_unlock(&auth_cache_mutex);
  return hit;
}

static void auth_cache_put(const unsigned char *aKey, int64_t now, const zf_who *pWho,
                           int64_t created, int64_t seen){
  auth_cache_entry *p;
  pthread_mutex_lock(&auth_cache_mutex);
  p = auth_cache_slot(aKey);
  if( p ){
    memcpy(p->aKey, aKey, 32);
    p->created = created;
    p->seen = seen;
    p->cachedAt = now;
    p->who = *pWho;
    p->who.zMemo[0] = 0;
  }
  pthread_mutex_unlock(&auth_cache_mutex);
}

void auth_cache_forget(int64_t accountId){
  int i;
  pthread_mutex_lock(&auth_cache_mutex);
  for(i=0; auth_cache && i<AUTH_CACHE_SLOTS; i++){
    if( auth_cache[i].who.accountId==accountId ) memset(&auth_cache[i], 0, sizeof auth_cache[i]);
  }
  pthread_mutex_unlock(&auth_cache_mutex);
}

void auth_cache_memo(const zf_who *pWho, const char *zMemo){
  int i;
  if( strlen(zMemo)>=sizeof pWho->zMemo ) return;
  pthread_mutex_lock(&auth_cache_mutex);
  for(i=0; auth_cache && i<AUTH_CACHE_SLOTS; i++){
    if( auth_cache[i].who.sessionId==pWho->sessionId && auth_cache[i].who.accountId==pWho->accountId ){
      strcpy(auth_cache[i].who.zMemo, zMemo);
    }
  }
  pthread_mutex_unlock(&auth_cache_mutex);
}

/* Seconds between last_seen refreshes: a minute, or half the idle limit
** when that is shorter (a write per request would cost an fsync each). */
static int64_t auth_touch_interval(void){
  return auth_config.sessionIdle < 120 ? auth_config.sessionIdle/2 : 60;
}

/* The database half of auth_session(): read, check, refresh, cache. */
static int auth_session_db(zf_db *pDb, const unsigned char *aKey, int64_t now, zf_who *pWho){
  static const char zSql[] =
    "SELECT s.id, s.account_id, s.created_at, s.last_seen, s.ended_at, a.disabled, "
    AUTH_WHO_COLS
    " FROM session s JOIN account a ON a.id=s.account_id JOIN region r ON r.code=a.scope"
    " WHERE s.token_hash=?";
  static const char zTouch[] = "UPDATE session SET last_seen=? WHERE id=?";
  zf_stmt *pStmt;
  char zHash[65];
  int64_t created, seen;
  int ended, disabled, rc;
  sodium_bin2hex(zHash, sizeof zHash, aKey, 32);
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zHash);
  rc = db_step(pStmt);
  if( rc!=1 ){
    db_reset(pStmt);
    return rc<0 ? -rc : ZF_EAUTH;
  }
  memset(pWho, 0, sizeof *pWho);
  pWho->sessionId = db_column_int64(pStmt, 0);
  pWho->accountId = db_column_int64(pStmt, 1);
  created = db_column_int64(pStmt, 2);
  seen = db_column_int64(pStmt, 3);
  ended = db_column_type(pStmt, 4)!=DB_NULL;
  disabled = db_column_int(pStmt, 5);
  auth_fill_who(pStmt, 6, pWho);
  db_reset(pStmt);
  if( ended || disabled ) return ZF_EAUTH;
  if( now - seen > auth_config.sessionIdle ){
    auth_expire(pDb, pWho->sessionId, now, "idle");
    return ZF_EAUTH;
  }
  if( now - created > auth_config.sessionMax ){
    auth_expire(pDb, pWho->sessionId, now, "absolute");
    return ZF_EAUTH;
  }
  if( now - seen >= auth_touch_interval() ){
    if( db_exec(pDb, zTouch, "ii", now, pWho->sessionId)==ZF_OK ) seen = now;
  }
  rc = auth_load_roles(pDb, pWho);
  if( rc==ZF_OK ) auth_cache_put(aKey, now, pWho, created, seen);
  return rc;
}

/*
** Resolves a cookie token: from the session cache when its entry is fresh
** and no timeout or last_seen refresh is due, else from the database.
*/
int auth_session(zf_db *pDb, const char *zToken, zf_who *pWho){
  unsigned char aKey[32];
  int64_t now = clock_now(), created, seen;
  if( zToken==0 || strlen(zToken)!=43 ) return ZF_EAUTH;
  crypto_generichash(aKey, sizeof aKey, (const unsigned char*)zToken, 43, 0, 0);
  if( auth_cache_get(aKey, now, pWho, &created, &seen)
   && now - seen < auth_touch_interval()
   && now - seen <= auth_config.sessionIdle
   && now - created <= auth_config.sessionMax ){
    return ZF_OK;
  }
  return auth_session_db(pDb, aKey, now, pWho);
}

int auth_end_sessions(zf_db *pDb, int64_t accountId, int64_t keepSessionId,
                      const char *zReason){
  static const char zSql[] =
    "UPDATE session SET ended_at=?, end_reason=?"
    " WHERE account_id=? AND id<>? AND ended_at IS NULL";
  auth_cache_forget(accountId);
  return db_exec(pDb, zSql, "isii", clock_now(), zReason, accountId, keepSessionId);
}

int auth_logout(zf_db *pDb, const zf_who *pWho){
  static const char zSql[] =
    "UPDATE session SET ended_at=?, end_reason='logout' WHERE id=? AND ended_at IS NULL";
  char zId[24];
  json_t *pChange;
  int rc = db_begin(pDb);
  if( rc ) return rc;
  rc = db_exec(pDb, zSql, "ii", clock_now(), pWho->sessionId);
  auth_cache_forget(pWho->accountId);
  if( rc==ZF_OK ){
    snprintf(zId, sizeof zId, "%lld", (long long)pWho->accountId);
    pChange = json_pack("{s:I}", "session", (json_int_t)pWho->sessionId);
    rc = audit_append(pDb, pWho->zUsername, "session.logout", "account", zId, pWho->zScope, pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

/* ---- scope ---------------------------------------------------------- */

int auth_in_scope(zf_db *pDb, const zf_who *pWho, const char *zCode){
  static const char zSql[] = "SELECT path FROM region WHERE code=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int in = 0;
  if( pStmt==0 || zCode==0 ) return 0;
  db_bind(pStmt, "s", zCode);
  if( db_step(pStmt)==1 ){
    const char *zPath = db_text(pStmt, 0);
    in = strncmp(zPath, pWho->zScopePath, strlen(pWho->zScopePath))==0;
  }
  db_reset(pStmt);
  return in;
}
