/*
** routes.h — the one route table of zhifa (routes.c) and its size.
*/
#ifndef ZF_ROUTES_H
#define ZF_ROUTES_H
#include "core/http.h"

#define ZF_VERSION "0.1.0"

extern const zf_route zf_routes[];
extern const int zf_nroutes;

/* Routes whose bodies are files streamed to disk (see zf_upload). */
extern const zf_upload zf_uploads[];
extern const int zf_nuploads;

/* The kinds of background job the worker runs (job.h). */
#include "job.h"
extern const job_kind zf_job_kinds[];
extern const int zf_njob_kinds;

#endif
