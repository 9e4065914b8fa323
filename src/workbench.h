/*
** workbench.h — the 工作台's counts (workbench.c): what waits for the
** signed-in account in its scope.
*/
#ifndef ZF_WORKBENCH_H
#define ZF_WORKBENCH_H
#include "core/http.h"

int workbench_handler(zf_req *r);

#endif
