/*
** auth.h — who is asking and what they may do: roles and permissions,
** argon2id passwords, session tokens, login throttling, region scope.
**
** Roles are those of DESIGN.md; the role → permission matrix (auth.c) is
** the single place that says which role may do what. Routes name one
** permission each; PERM_UNDECLARED is denied everywhere (deny by default).
*/
#ifndef ZF_AUTH_H
#define ZF_AUTH_H
#include <stdint.h>
#include "db.h"

enum zf_role {
  ROLE_ADMIN, ROLE_LEADER, ROLE_BRIGADE, ROLE_OFFICER, ROLE_LEGAL,
  ROLE_STREET, ROLE_ASSISTANT, ROLE_EXPERT, ROLE_SUPERVISOR, ROLE_DEPARTMENT,
  ROLE_COUNT
};

enum zf_perm {
  PERM_UNDECLARED = 0,  /* a route that forgot to say: always refused */
  PERM_PUBLIC,          /* no session needed */
  PERM_SIGNED_IN,       /* any valid session */
  PERM_USER_ADMIN,      /* accounts: create, change, disable */
  PERM_AUDIT_READ,      /* browse and verify the audit chain */
  PERM_CATALOG_EDIT,    /* catalog and checklist drafts: create, edit, void */
  PERM_CATALOG_PUBLISH, /* publish a catalog or checklist version */
  PERM_RULES_ADMIN,     /* rule sets, benchmarks, calendar years: draft, edit, publish, void */
  PERM_ORG_READ,        /* units and the powers granted to streets */
  PERM_ORG_ADMIN,       /* create / change / void units; grant and revoke powers */
  PERM_STAFF_READ,      /* persons, certificates, training, experts, ratio */
  PERM_STAFF_ADMIN,     /* keep staff records; sees identity numbers and phones whole */
  PERM_ENTERPRISE_READ,    /* the enterprise ledger: list, search, detail, history, export */
  PERM_ENTERPRISE_WRITE,   /* the enterprise ledger: create, change, close, import */
  PERM_ENTERPRISE_CONTACT, /* see enterprise contacts' phone numbers unmasked */
  PERM_RISK_READ,       /* risk grades, their explanation, charts, key-enterprise list */
  PERM_RISK_ADMIN,      /* override a grade, add / remove key enterprises, recompute */
  PERM_PLAN_READ,       /* annual plans, their budget, coverage and progress */
  PERM_PLAN_EDIT,       /* draft, edit, submit and adjust a unit's plan */
  PERM_PLAN_APPROVE,    /* record the government's approval, publish, approve adjustments */
  PERM_DRAW_READ,       /* draws of the account's scope, with their inputs */
  PERM_DRAW_RUN,        /* freeze a pool, commit a seed, draw, re-draw, publish */
  PERM_INSPECTION_READ, /* scheduled and past inspections in scope */
  PERM_INSPECTION_SCHEDULE, /* schedule, reschedule, cancel an inspection; joint inspections */
  PERM_HAZARD_READ,     /* hazards, their timeline, transfers of the bureau */
  PERM_HAZARD_WRITE,    /* record hazards, order, re-inspect, propose a case, transfer */
  PERM_TRANSFER_ANSWER, /* another department: sign for and answer transfers to its unit */
  PERM_EVIDENCE_WRITE,  /* upload and void evidence files, record and void audio-video records */
  PERM_COUNT
};

typedef struct zf_role_info {
  const char *zKey;     /* "officer" */
  const char *zName;    /* 持证执法人员 */
  const char *zNameEn;
} zf_role_info;

const zf_role_info *auth_role(int role);
int auth_role_find(const char *zKey);            /* -1 when unknown */
const char *auth_perm_name(int perm);            /* "user.admin" */
int auth_allows(unsigned roleMask, int perm);    /* 1 when permitted */

/*
** Separation of duties (三员分立): the roles that read business data
** (enterprises, plans, draws, inspections, hazards, transfers, evidence —
** every role but admin) are never combined with admin in one account.
** AUTH_BUSINESS_ROLES is that set; auth_roles_separated() is 1 when a role
** mask obeys the rule.
*/
#define AUTH_BUSINESS_ROLES (~(1u<<ROLE_ADMIN) & ((1u<<ROLE_COUNT) - 1))
int auth_roles_separated(unsigned roleMask);

/* The signed-in account behind a request. */
typedef struct zf_who {
  int64_t accountId;
  char zUsername[64];
  char zDisplay[128];
  unsigned roles;             /* bit (1<<role) */
  char zScope[16];            /* region code */
  char zScopeName[96];
  char zScopePath[128];       /* "/360000/360100/360104/" */
  int mustChangePassword;
  int64_t sessionId;
  char zMemo[1024];           /* a rendering of this account kept with the
                              ** cached session (e.g. /me's JSON), or "" */
} zf_who;

/* An actor known by name only — a service (the scheduler "system", the
** demo loader "demo") or a unit test's stand-in — with the whole province
** as its scope: a compound literal valid in the enclosing block. */
#define ZF_WHO(zName) (&(const zf_who){.zUsername = zName, .zScopePath = "/"})

/* The name an audit entry records for actor p: its username, or "cli" for
** NULL, which domain functions take to mean the command line. */
const char *auth_actor(const zf_who *p);

/* Tunables, set once at start-up (serve flags), read by every thread. */
typedef struct zf_auth_config {
  int64_t sessionIdle;        /* seconds, default 1800 */
  int64_t sessionMax;         /* seconds, default 43200 */
  int loginMaxFailures;       /* failures per account / per address before
                              ** backoff and address limits start, default 5 */
  int64_t loginWindow;        /* seconds a failure counts, default 900 */
} zf_auth_config;
extern zf_auth_config auth_config;

/* Passwords (hash text fits AUTH_HASH_MAX bytes = crypto_pwhash_STRBYTES) */
#define AUTH_HASH_MAX 128
int auth_password_hash(const char *zPassword, char *zOut /* 128 */);
int auth_password_check(const char *zHash, const char *zPassword);  /* 1 match */
int auth_password_rule(const char *zUsername, const char *zPassword, const char *zField,
                       zf_error *e);
/* 1 when zPassword is on the shipped list of common passwords (any case). */
int auth_password_common(const char *zPassword);

/* Longest backoff between attempts on one account, seconds. */
#define AUTH_BACKOFF_CAP 60

/*
** Login: throttling, password check, new session. On success zToken (44
** bytes + NUL) holds the cookie value and pWho the account. Writes the
** session and an audit entry. ZF_ETHROTTLE sets *pRetryAfter (seconds).
*/
int auth_login(zf_db *pDb, const char *zUsername, const char *zPassword,
               const char *zClient, char zToken[64], zf_who *pWho,
               int64_t *pRetryAfter, zf_error *e);

/*
** Checks the password of a signed-in account (e.g. the old password of a
** password change) under the same throttle as a login: ZF_OK when it
** matches, ZF_ETHROTTLE (with *pRetryAfter) while throttled, ZF_EINVAL on
** zField when it does not match (the failure is counted).
*/
int auth_password_verify(zf_db *pDb, const zf_who *pWho, const char *zPassword,
                         const char *zClient, const char *zField, int64_t *pRetryAfter,
                         zf_error *e);

/*
** The security log: failed logins and refused requests (401, 403, 429),
** counted per minute, kind, account, client and route. zKind is one of
** login_failed, throttled, unauthenticated, forbidden, out_of_scope, csrf,
** password_failed. Best effort: a failure to write is logged, not returned.
*/
void auth_seclog(zf_db *pDb, const char *zKind, const char *zAccount, const char *zClient,
                 const char *zMethod, const char *zRoute);

/* Resolves a cookie token to a live session (idle/absolute limits). */
int auth_session(zf_db *pDb, const char *zToken, zf_who *pWho);
/* Loads an account into pWho (no session). ZF_ENOTFOUND if absent. */
int auth_load_account(zf_db *pDb, int64_t accountId, zf_who *pWho);
/* Ends the session of zToken (reason "logout"), audited. */
int auth_logout(zf_db *pDb, const zf_who *pWho);
/* Ends every open session of an account except keepSessionId (0: all).
** Caller is in a transaction. */
int auth_end_sessions(zf_db *pDb, int64_t accountId, int64_t keepSessionId,
                      const char *zReason);

/*
** The session cache. auth_session() answers most requests from memory: an
** entry is trusted for AUTH_CACHE_TTL seconds, then re-read from the
** database (which also refreshes last_seen). Changes made through this
** process forget the account's entries at once (auth_cache_forget);
** changes made by another process (the CLI) take effect within the TTL.
*/
#define AUTH_CACHE_TTL 5
void auth_cache_forget(int64_t accountId);
/* Stores a rendering (e.g. /me JSON) with pWho's cached session. */
void auth_cache_memo(const zf_who *pWho, const char *zMemo);

/* 1 when region zCode lies in the subtree rooted at pWho's scope. */
int auth_in_scope(zf_db *pDb, const zf_who *pWho, const char *zCode);

#endif
