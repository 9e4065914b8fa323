/*
** auditlog.h — reading the audit chain over HTTP (supervisors, leaders,
** administrators): the list with filters and the chain check.
*/
#ifndef ZF_AUDITLOG_H
#define ZF_AUDITLOG_H
#include "core/http.h"

int auditlog_list_handler(zf_req *r);
int auditlog_verify_handler(zf_req *r);

#endif
