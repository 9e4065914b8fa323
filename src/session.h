/*
** session.h — signing in and out, the current account (/me), changing
** one's own password, the role list for the interface, and reading the
** security log (failed logins and refused requests).
*/
#ifndef ZF_SESSION_H
#define ZF_SESSION_H
#include "core/http.h"

extern const json_field session_login_body[];
extern const json_field session_password_body[];

int session_login_handler(zf_req *r);
int session_logout_handler(zf_req *r);
int session_me_handler(zf_req *r);
int session_password_handler(zf_req *r);
int session_roles_handler(zf_req *r);
int session_seclog_handler(zf_req *r);

/* The ME JSON of docs/api.md for a signed-in account. */
json_t *session_me_json(const zf_who *pWho);

#endif
