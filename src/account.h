/*
** account.h — accounts: create, change, disable, list; their JSON form;
** the CLI's `user add|passwd|disable`; linking an account to a person. Every change is audited in the same
** transaction. Accounts are never deleted (plan clause 13: 全过程记录).
*/
#ifndef ZF_ACCOUNT_H
#define ZF_ACCOUNT_H
#include "core/http.h"

/* What a new account needs. roles: array of role keys. */
typedef struct account_new {
  const char *zUsername;
  const char *zPassword;
  const char *zDisplay;
  const char *const *azRole;
  int nRole;
  const char *zScope;
  int mustChangePassword;
} account_new;

/*
** Creates an account. pActor is who asks (NULL for the command line: no
** scope limit, actor "cli"). *pId gets the new id. Errors name the field.
*/
int account_create(zf_db *pDb, const zf_who *pActor, const account_new *pNew,
                   int64_t *pId, zf_error *e);

/* Sets a new password (rules checked). byAdmin: user must change it at next
** login, and every session of the account ends. */
int account_set_password(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zPassword,
                         int byAdmin, int64_t keepSession, zf_error *e);

/* Disables (disabled=1) or re-enables an account; disabling ends sessions. */
int account_set_disabled(zf_db *pDb, const zf_who *pActor, int64_t id, int disabled, zf_error *e);

/* 1 when zUsername is reserved (an actor name the code writes: cli, system …). */
int account_reserved(const char *zUsername);

/*
** Links account id to person personId (0: unlinks). The account's previous
** person, if any, is unlinked. pActor NULL = command line / demo (no scope
** limit, actor "cli"); an actor never links its own account (403). Errors
** name person_id: unknown or left (400), out of scope (403), linked to
** another account (409). Audited as account.person in one transaction.
*/
int account_link_person(zf_db *pDb, const zf_who *pActor, int64_t id, int64_t personId,
                        zf_error *e);

/* Looks an account up by username; ZF_ENOTFOUND. */
int account_find(zf_db *pDb, const char *zUsername, int64_t *pId);

/* The USER JSON of docs/api.md, or NULL when absent. */
json_t *account_json(zf_db *pDb, int64_t id);

extern const json_field account_create_body[];
extern const json_field account_patch_body[];
extern const json_field account_person_body[];

int account_list_handler(zf_req *r);
int account_create_handler(zf_req *r);
int account_get_handler(zf_req *r);
int account_patch_handler(zf_req *r);
int account_person_handler(zf_req *r);

#endif
