/*
** draw_int.h — what draw.c (freezing) and draw_run.c (drawing, documents,
** demo) share inside the draw module: the resolved parameters of a draw and
** the frozen inputs being built. Not for other modules (use draw.h).
*/
#ifndef ZF_DRAW_INT_H
#define ZF_DRAW_INT_H
#include "draw.h"

#define DRAW_MAX_CODES 40          /* sectors / regions / hazards in one filter */
#define DRAW_MAX_OFFICERS 2000     /* officers of one unit subtree considered */

/* The parameters of a draw, checked and resolved (unit, scope, codes). */
typedef struct draw_spec {
  int64_t unitId;
  int unitActive;
  char zUnitName[128], zRegion[16], zPath[128];
  char zName[404], zFrom[11], zTo[11];
  char azSector[DRAW_MAX_CODES][24]; int nSector;
  char azRegion[DRAW_MAX_CODES][24]; int nRegion;
  char azHazard[DRAW_MAX_CODES][24]; int nHazard;
  int64_t hazardMask;
  int64_t planId, quotaId, sampleCount, ratioBp;
  int stratifySector, stratifyStreet, officersPer, expertsPer;
  char zExpertField[164], zItemCode[44];
} draw_spec;

/* A draw being frozen: the algorithm's input and what the page shows. */
typedef struct draw_frozen {
  draw_input in;
  int excludedKey, excludedRecent;   /* enterprises matching the filters left out */
  int64_t cap;                       /* draw.officer_monthly_cap */
  int64_t capacity, expertCapacity;  /* sums of the pools' capacities */
  json_t *pIneligible;               /* officers left out, with the reason */
} draw_frozen;

void draw_frozen_free(draw_frozen *f);
int draw_spec_resolve(zf_db *pDb, const zf_who *pActor, const draw_new *p, draw_spec *s, zf_error *e);
int draw_build(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e);
/* Builds and stores a frozen draw inside the caller's transaction, with
** its audit entry "draw.freeze". */
int draw_freeze(zf_db *pDb, const char *zActor, const draw_spec *s, const draw_new *pNew,
                   int64_t supersedes, const char *zReason, int64_t *pId, zf_error *e);
/* Last inspectors of every enterprise of a scope (?1 before date, ?2 path). */
extern const char draw_last_sql[];

#endif
