/*
** routes.h — the one route table of zhifa (routes.c) and its size.
*/
#ifndef ZF_ROUTES_H
#define ZF_ROUTES_H
#include "core/http.h"

#define ZF_VERSION "0.1.0"

extern const zf_route zf_routes[];
extern const int zf_nroutes;

#endif
