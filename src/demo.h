/*
** demo.h — creating databases: `zhifa init` (an empty deployment with one
** administrator) and `zhifa demo` (the demo district 青云谱区 with one
** account per role).
*/
#ifndef ZF_DEMO_H
#define ZF_DEMO_H
#include "core/db.h"

/* Migrates a new database, loads the region tree and creates `admin`
** scoped to zScope. mustChange: admin must change the password. */
int demo_init(zf_db *pDb, const char *zScope, const char *zAdminPassword, int mustChange,
              zf_error *e);

/* Loads shipped reference data the database lacks (idempotent); called
** after migrations by init, migrate and serve. */
int demo_reference(zf_db *pDb, zf_error *e);

/* Fills an initialised database with the demo district; every demo
** account gets zPassword. scale: 0 district (~3,000 enterprises), 1
** province (500,000 enterprises across Jiangxi, for benchmarks). */
int demo_fill(zf_db *pDb, const char *zPassword, int scale, zf_error *e);

/* The demo accounts, for printing the logins. */
typedef struct demo_account { const char *zUser, *zName, *zRoles, *zScope; } demo_account;
extern const demo_account demo_accounts[];

#endif
