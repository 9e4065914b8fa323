/*
** calendar_api.h — HTTP handlers of the working-day calendar (工作日历):
** GET /api/v1/calendar/add (public deadline calculator), GET
** /api/v1/calendar (a year's arrangement, public), GET
** /api/v1/calendar/versions and POST /api/v1/calendar/years (add or
** replace a year, PERM_RULES_ADMIN). Arithmetic: core/calendar.h.
*/
#ifndef ZF_CALENDAR_API_H
#define ZF_CALENDAR_API_H
#include "core/http.h"
#include "core/calendar.h"

extern const json_field calendar_year_body[];

int calendar_add_handler(zf_req *r);
int calendar_year_get_handler(zf_req *r);
int calendar_versions_handler(zf_req *r);
int calendar_year_post_handler(zf_req *r);

#endif
