/*
** notify.h — notifications for accounts (通知): a generic row per
** recipient (kind, title, body, the entity it is about), listed by the
** signed-in account and marked read. Written inside the caller's
** transaction by the module whose event it reports (hazard.c: a major
** hazard notifies the leaders). Table notification (0011_hazard.sql).
*/
#ifndef ZF_NOTIFY_H
#define ZF_NOTIFY_H
#include <stdint.h>
#include "core/db.h"

/* One notification for accountId. Inside the caller's transaction. */
int notify_account(zf_db *pDb, int64_t accountId, const char *zKind, const char *zTitle,
                   const char *zBody, const char *zEntity, int64_t entityId);

/* The same for every enabled account holding role zRole whose scope
** contains region path zPath. Returns how many were notified, -1 on error. */
int notify_role_in_scope(zf_db *pDb, const char *zRole, const char *zPath, const char *zKind,
                         const char *zTitle, const char *zBody, const char *zEntity,
                         int64_t entityId);

#endif
