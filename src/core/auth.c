/*
** auth.c — roles, the permission matrix, passwords, sessions, throttling
** and scope.
**
** Passwords: argon2id via libsodium crypto_pwhash_str (interactive limits).
** Sessions: 256 random bits, sent as base64url in the cookie, stored only as
** their BLAKE2b-256 hash; idle and absolute limits from auth_config.
** Passwords must have ≥ 10 characters of at least three classes (lower,
** upper, digit, other), not be the username, nor a common password.
**
** Throttling (login and the old password of a password change) is built so
** that an attacker cannot use it to lock others out. Every failure is
** stored under three keys for loginWindow seconds: the account ("u:"), the
** client address ("a:") and the pair ("p:address account").
**  - Account backoff: once an account has loginMaxFailures failures in the
**    window, each further attempt on it, from any address, must come
**    2^(failures − limit + 1) seconds (2, 4, 8 …) after its latest failure, at most
**    AUTH_BACKOFF_CAP seconds; earlier attempts get 429 and are not
**    counted. The wait is short and grows only with real (counted)
**    failures, so the owner with the right password gets in after at most
**    a minute; it is not a lock the attacker controls.
**  - Address limit: once an address has loginMaxFailures failures in the
**    window, it may not try again any account it failed on in the window
**    until that failure (or the address's count) leaves the window. An
**    account the address has not failed on is still checked, so a colleague
**    behind the same NAT logs in with the right password; a wrong one is
**    counted and blocks that account for the address too. A single address
**    thus gets at most loginMaxFailures guesses per account per window, and
**    cannot keep an account in backoff: it is blocked from it far longer
**    than the backoff lasts. Guessing one password across many accounts is
**    slowed by the per-account rule and shows in the security log.
** A successful login clears the account's and the pair's failures.
**
** The security log (security_event) counts failed logins and refused
** requests per minute for the audit roles (GET /api/v1/security-log); it
** is operational data kept apart from the legal audit chain, whose every
** entry costs a serialised chained write.
*/
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
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


const char *auth_actor(const zf_who *p){ return p && p->zUsername[0] ? p->zUsername : "cli"; }

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

int auth_roles_separated(unsigned roleMask){
  return !((roleMask & (1u<<ROLE_ADMIN)) && (roleMask & AUTH_BUSINESS_ROLES));
}

/* ---- passwords ------------------------------------------------------ */

/* Common passwords (compared without case) that pass the length and class
** rules and are still the first an attacker tries. */
static const char *const auth_common_passwords[] = {
  "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd",
  "p@ssw0rd1", "p@ssw0rd123", "p@ssword1", "p@ssword123", "passw0rd!", "password@123",
  "password#123", "password!123", "admin@123", "admin@1234", "admin@12345", "admin@123456",
  "admin123!@#", "admin12345!", "administrator1", "root@123456", "root@12345", "qwerty123",
  "qwerty@123", "qwerty@1234", "qwe123!@#", "qwe@123456", "1qaz2wsx", "1qaz@wsx", "1qaz2wsx3edc",
  "1qaz@wsx3edc", "1qaz!qaz", "2wsx@wsx", "1q2w3e4r5t", "1q2w3e4r!", "1q2w3e4r5t6y", "a123456789",
  "aa123456789", "aa@123456", "abc@123456", "abc123456789", "abcd@1234", "abcd@12345", "abcd1234!",
  "zxcvbnm123", "zxcvbnm@123", "iloveyou123", "iloveyou1!", "woaini1314", "woaini@1314",
  "welcome@123", "welcome123!", "welcome1234", "changeme123", "changeme@123", "test@123456",
  "test@12345", "huawei@123", "huawei12#$", "sangfor@123", "zhifa@2026", "zhifa@123",
  "zhifa123456", "qingyunpu@123", "yjgl@123456", "123456789a", "123456789a!", "12345678@a",
  "1234567890a", "a1234567890", "a1b2c3d4e5", "a1b2c3d4e5f6", 0
};

int auth_password_common(const char *zPassword){
  int i;
  for(i=0; auth_common_passwords[i]; i++){
    if( strcasecmp(auth_common_passwords[i], zPassword)==0 ) return 1;
  }
  return 0;
}

/* Number of character classes in z: lower, upper, digit, other. */
static int auth_password_classes(const char *z){
  int lower = 0, upper = 0, digit = 0, other = 0;
  for(; *z; z++){
    unsigned char c = (unsigned char)*z;
    if( c>='a' && c<='z' ) lower = 1;
    else if( c>='A' && c<='Z' ) upper = 1;
    else if( c>='0' && c<='9' ) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

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

/* Password rules: ≥ 10 characters, ≤ 128, three classes of four, not the
** username (any case), not a common password. */
int auth_password_rule(const char *zUsername, const char *zPassword, const char *zField,
                       zf_error *e){
  size_t n = json_utf8_len(zPassword);
  if( n<10 ) return err_set(e, ZF_EINVAL, zField, "密码至少需要 10 个字符");
  if( n>128 ) return err_set(e, ZF_EINVAL, zField, "密码不能超过 128 个字符");
  if( zUsername && strcasecmp(zUsername, zPassword)==0 ){
    return err_set(e, ZF_EINVAL, zField, "密码不能与用户名相同");
  }
  if( auth_password_classes(zPassword)<3 ){
    return err_set(e, ZF_EINVAL, zField, "密码须包含小写字母、大写字母、数字、符号（含汉字）中的至少三类");
  }
  if( auth_password_common(zPassword) ){
    return err_set(e, ZF_EINVAL, zField, "密码过于常见，容易被猜中，请换一个");
  }
  return ZF_OK;
}

/* ---- throttling ----------------------------------------------------- */

/* The three failure keys of an attempt: account, address, pair. */
typedef struct auth_keys { char zUser[80], zAddr[80], zPair[160]; } auth_keys;

static void auth_keys_make(auth_keys *k, const char *zUsername, const char *zClient){
  snprintf(k->zUser, sizeof k->zUser, "u:%s", zUsername);
  snprintf(k->zAddr, sizeof k->zAddr, "a:%s", zClient);
  snprintf(k->zPair, sizeof k->zPair, "p:%s %s", zClient, zUsername);
}

/* Failures of zKey inside the window: the count, *pLast the latest time. */
static int auth_failures(zf_db *pDb, const char *zKey, int64_t now, int64_t *pLast){
  static const char zSql[] =
    "SELECT count(*), max(at) FROM login_failure WHERE key=? AND at>?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = 0;
  *pLast = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "si", zKey, now - auth_config.loginWindow);
  if( db_step(pStmt)==1 ){
    n = db_column_int(pStmt, 0);
    *pLast = db_column_int64(pStmt, 1);
  }
  db_reset(pStmt);
  return n;
}

/* Seconds until zKey has fewer than loginMaxFailures failures in the
** window, 0 when it has fewer now. */
static int64_t auth_over_limit(zf_db *pDb, const char *zKey, int64_t now){
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

/* The account backoff after n counted failures: 2^(n − limit + 1)
** seconds (2, 4, 8 …), at most AUTH_BACKOFF_CAP and never beyond the
** window. */
static int64_t auth_backoff(int n){
  int k = n - auth_config.loginMaxFailures + 1;
  int64_t wait = k>=6 ? AUTH_BACKOFF_CAP : (int64_t)1<<k;
  if( wait>AUTH_BACKOFF_CAP ) wait = AUTH_BACKOFF_CAP;
  if( wait>auth_config.loginWindow ) wait = auth_config.loginWindow;
  return wait;
}

/*
** Seconds the attempt of k must wait (0: go ahead): the longer of the
** account's backoff and the address limit (for an account the address has
** failed on).
*/
static int64_t auth_throttle_wait(zf_db *pDb, const auth_keys *k, int64_t now){
  int64_t last, wait = 0, pairWait = 0, addrWait;
  int n = auth_failures(pDb, k->zUser, now, &last);
  if( n>=auth_config.loginMaxFailures ) wait = last + auth_backoff(n) - now;
  addrWait = auth_over_limit(pDb, k->zAddr, now);
  if( addrWait>0 && auth_failures(pDb, k->zPair, now, &last)>0 ){
    pairWait = last + auth_config.loginWindow - now;
    if( pairWait>addrWait ) pairWait = addrWait;
    if( pairWait<1 ) pairWait = 1;
  }
  return wait>pairWait ? wait : pairWait;
}

/* Sets the 429 of a throttled attempt. */
static int auth_throttle_error(int64_t wait, int64_t *pRetryAfter, zf_error *e){
  *pRetryAfter = wait;
  if( wait<60 ){
    return err_set(e, ZF_ETHROTTLE, 0, "尝试次数过多，请 %lld 秒后再试", (long long)wait);
  }
  return err_set(e, ZF_ETHROTTLE, 0, "尝试次数过多，请 %lld 分钟后再试", (long long)((wait + 59)/60));
}

/* Counts one failure under the three keys; audits "session.throttled"
** when the account or the address reaches the limit. */
static int auth_record_failure(zf_db *pDb, const auth_keys *k, const char *zUsername,
                               const char *zClient, int64_t now){
  static const char zIns[] = "INSERT INTO login_failure(key, at) VALUES(?,?)";
  static const char zPrune[] = "DELETE FROM login_failure WHERE at<=?";
  int64_t last;
  int rc = db_begin(pDb);
  if( rc ) return rc;
  rc = db_exec(pDb, zPrune, "i", now - auth_config.loginWindow);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "si", k->zUser, now);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "si", k->zAddr, now);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "si", k->zPair, now);
  if( rc==ZF_OK && (auth_failures(pDb, k->zUser, now, &last)==auth_config.loginMaxFailures
                 || auth_failures(pDb, k->zAddr, now, &last)==auth_config.loginMaxFailures) ){
    json_t *pChange = json_pack("{s:s,s:s}", "account", zUsername, "client", zClient);
    rc = audit_append(pDb, zUsername, "session.throttled", "account", zUsername, "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) return db_commit(pDb);
  db_rollback(pDb);
  return rc;
}

/* ---- security log ---------------------------------------------------- */

void auth_seclog(zf_db *pDb, const char *zKind, const char *zAccount, const char *zClient,
                 const char *zMethod, const char *zRoute){
  static const char zSql[] =
    "INSERT INTO security_event(minute, kind, account, client, method, route, count, first_at, last_at)"
    " VALUES(?,?,?,?,?,?,1,?,?) ON CONFLICT(minute, kind, account, client, method, route)"
    " DO UPDATE SET count=count+1, last_at=excluded.last_at";
  char zNow[24], zMinute[24];
  if( pDb==0 || db_in_tx(pDb) ) return;
  clock_now_iso(zNow);
  snprintf(zMinute, sizeof zMinute, "%.16sZ", zNow);    /* 2026-12-05T10:35Z */
  if( db_exec(pDb, zSql, "ssssssss", zMinute, zKind, zAccount ? zAccount : "",
              zClient ? zClient : "", zMethod ? zMethod : "", zRoute ? zRoute : "", zNow, zNow)!=ZF_OK ){
    log_warn("security log: cannot record %s from %s", zKind, zClient ? zClient : "?");
  }
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
  static const char zClear[] = "DELETE FROM login_failure WHERE key=? OR key=?";
  static const char zStamp[] = "UPDATE account SET last_login_at=? WHERE id=?";
  /* A valid hash of a random password, checked when the account does not
  ** exist so that the answer takes as long as for a real account. */
  static char zDummy[crypto_pwhash_STRBYTES];
  auth_keys k;
  char zHash[65], zNow[24];
  unsigned char aRaw[32];
  int64_t now = clock_now(), wait, accountId = 0;
  int disabled = 1, ok, rc;
  zf_stmt *pStmt;
  char zStored[crypto_pwhash_STRBYTES] = "";

  *pRetryAfter = 0;
  auth_keys_make(&k, zUsername, zClient);
  wait = auth_throttle_wait(pDb, &k, now);
  if( wait>0 ) return auth_throttle_error(wait, pRetryAfter, e);

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
    /* counted at the time of the answer, after the slow hash */
    rc = auth_record_failure(pDb, &k, zUsername, zClient, clock_now());
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
  if( rc==ZF_OK ) rc = db_exec(pDb, zClear, "ss", k.zUser, k.zPair);
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

int auth_password_verify(zf_db *pDb, const zf_who *pWho, const char *zPassword,
                         const char *zClient, const char *zField, int64_t *pRetryAfter,
                         zf_error *e){
  static const char zSql[] = "SELECT password_hash FROM account WHERE id=?";
  zf_stmt *pStmt;
  int64_t now = clock_now(), wait;
  auth_keys k;
  int ok = 0, rc;
  *pRetryAfter = 0;
  auth_keys_make(&k, pWho->zUsername, zClient);
  wait = auth_throttle_wait(pDb, &k, now);
  if( wait>0 ) return auth_throttle_error(wait, pRetryAfter, e);
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", pWho->accountId);
  if( db_step(pStmt)==1 ) ok = auth_password_check(db_text(pStmt, 0), zPassword);
  db_reset(pStmt);
  if( ok ) return ZF_OK;
  rc = auth_record_failure(pDb, &k, pWho->zUsername, zClient, clock_now());
  if( rc ) return rc;
  return err_set(e, ZF_EINVAL, zField, "原密码不正确");
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
