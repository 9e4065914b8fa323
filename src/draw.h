/*
** draw.h — verifiable double-random draws (双随机抽查): a unit freezes a
** pool of enterprises, the officers (and experts) who may inspect them with
** their remaining workload, the pairs that must not meet (回避, last
** inspector) and a commitment SHA-256(seed) to a fresh secret seed; then it
** draws with the published deterministic algorithm "zhifa-draw-1"
** (docs/draw-algorithm.md), which creates the scheduled inspections and
** reveals the seed, so that anyone can re-run the draw from the published
** document (`zhifa draw verify FILE`, the public page's 验证 button).
** A re-draw never replaces a draw: it is a new draw with a reason, linked
** to the old one, which is marked superseded.
**
** Plan clauses 14 (双随机、一公开: 随机抽取检查对象、随机选派执法检查人员,
** 抽查情况及查处结果及时向社会公开) and 15 (执法+专家). RULES.md
** "Planning and double-random inspection": ≥ draw.min_officers certified
** inspectors per enterprise, 回避 on any conflict, never the same inspector
** twice in a row, the per-officer monthly cap, results published within
** publicity.draw_workdays working days.
**
** Sources: draw_algo.c (the pure algorithm, serialisations, document
** verification — no database), draw.c (parameters, pool, freeze,
** re-draw), draw_run.c (draw, JSON, documents, demo, the verify verb),
** draw_api.c (HTTP); draw_int.h is shared by draw.c and draw_run.c.
** Tables: src/sql/0009_draw.sql. Web: web/src/views/draw/ (drawAlgo.js is
** the JavaScript port of the algorithm), web/src/views/public/.
*/
#ifndef ZF_DRAW_H
#define ZF_DRAW_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/http.h"

#define DRAW_ALGORITHM "zhifa-draw-1"
#define DRAW_SEED_BYTES 32

/* ---- the pure algorithm (draw_algo.c) ---------------------------------- */

/* A growable byte buffer (serialisations, messages). */
typedef struct draw_buf { char *z; size_t n, nAlloc; int oom; } draw_buf;
void draw_buf_append(draw_buf *b, const char *z, size_t n);
void draw_buf_printf(draw_buf *b, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
void draw_buf_free(draw_buf *b);

/* One enterprise of the pool: the four fields of its pool line. */
typedef struct draw_ent {
  int64_t id;
  char *zUscc, *zSector, *zRegion;   /* owned by the input */
} draw_ent;

/* One person of the officer or expert pool. zInfo: certificate number
** (officers) or field (experts); zName: the name. */
typedef struct draw_person {
  int64_t id;
  int64_t capacity;                  /* inspections this person may still take */
  char *zInfo, *zName;               /* owned by the input */
} draw_person;

/* An (enterprise, person) pair that must not meet. */
typedef struct draw_pair { int64_t entId, personId; } draw_pair;

typedef struct draw_params {
  int64_t sampleSize;                /* enterprises to draw, 1..pool size */
  int stratifySector, stratifyStreet;
  int officersPer;                   /* officers per enterprise, >= 1 */
  int expertsPer;                    /* experts per enterprise, >= 0 */
} draw_params;

/* Every input of a draw. Arrays sorted ascending (pool and persons by id,
** pairs by enterprise then person), without duplicates. */
typedef struct draw_input {
  draw_params par;
  draw_ent *aPool; int nPool;
  draw_person *aOfficer; int nOfficer;
  draw_person *aExpert; int nExpert;
  draw_pair *aExcl; int nExcl;
  unsigned char seed[DRAW_SEED_BYTES];
  int hasSeed;
  char *zPoolText;                   /* when set, the pool's strings point into it */
} draw_input;

/* The result: n rows in draw order; row i is enterprise aEnt[i] with
** officers aOfficer[i*k .. i*k+k-1] and experts aExpert[i*m ..], each
** ascending. On a failure, failEnt names the enterprise that could not be
** staffed and the counts say why. */
typedef struct draw_result {
  int n, k, m;
  int64_t *aEnt, *aOfficer, *aExpert;
  int64_t failEnt;
  int failExpert;                    /* 1: the experts were short, 0: officers */
  int failPool, failExcluded, failFull, failAvail, failNeed;
} draw_result;

void draw_input_free(draw_input *p);
void draw_result_free(draw_result *p);

/*
** Checks that the input is well-formed (sorted, unique, sizes in range,
** seed present); ZF_EINVAL with a message naming the part otherwise.
*/
int draw_input_check(const draw_input *p, zf_error *e);

/*
** Runs zhifa-draw-1 on p (checked). ZF_OK with *pOut filled; ZF_EPROCEDURE
** when some drawn enterprise cannot get enough officers or experts
** (pOut->failEnt and counts say which and why; rows are not usable).
*/
int draw_algo_run(const draw_input *p, draw_result *pOut, zf_error *e);

/* The canonical serialisations of docs/draw-algorithm.md. */
void draw_ser_params(const draw_params *p, draw_buf *b);
void draw_ser_pool(const draw_input *p, draw_buf *b);
void draw_ser_persons(const draw_person *a, int n, draw_buf *b);
void draw_ser_pairs(const draw_pair *a, int n, draw_buf *b);
void draw_ser_result(const draw_result *r, draw_buf *b);
/* SHA-256 of the inputs (params, pool, officers, experts, exclusions). */
void draw_inputs_hash(const draw_input *p, char zHex[65]);

/* Lowercase hex SHA-256 of n bytes. */
void draw_sha256_hex(const void *p, size_t n, char zHex[65]);
/* Parses 64 hex digits into 32 bytes; 0 on success. */
int draw_hex32(const char *z, unsigned char out[32]);

/* Parses the canonical text forms back (inputs stored at freeze). 0 on
** success, -1 on a malformed line. */
int draw_parse_pool(const char *z, draw_input *p);
int draw_parse_persons(const char *z, draw_person **pa, int *pn);
int draw_parse_pairs(const char *z, draw_pair **pa, int *pn);

/*
** Verifies a published document (docs/draw-algorithm.md): the pool hash,
** the inputs hash, SHA-256(seed) = commitment, and every result row against
** a re-run. ZF_OK when everything matches; otherwise ZF_EINVAL (malformed)
** or ZF_ECONFLICT (a mismatch) with the first difference in zWhy.
*/
int draw_verify_document(json_t *pDoc, char *zWhy, size_t nWhy);

/* ---- the domain (draw.c, draw_run.c) ----------------------------------------------- */

/* What a new draw asks for. */
typedef struct draw_new {
  const char *zName;                 /* 2–100 characters */
  int64_t unitId;                    /* 0: the actor's person's unit */
  const char *zFrom, *zTo;           /* inspection window YYYY-MM-DD */
  json_t *pSectors;                  /* array of sector codes ("trade" = trade.*), or NULL */
  json_t *pRegions;                  /* array of region codes inside the unit's area, or NULL */
  json_t *pHazards;                  /* array of hazard_kind codes (any of), or NULL */
  int64_t planId, quotaId;           /* 0: none (plan tables: migration 0008) */
  int64_t sampleCount;               /* > 0, or 0 when by ratio */
  int64_t ratioBp;                   /* ratio in 1/100 of a percent, 1..9999, or 0 */
  int stratifySector, stratifyStreet;
  int officersPer;                   /* 0: draw.min_officers */
  int expertsPer;                    /* 0: no experts */
  const char *zExpertField;          /* expert field (专业领域), NULL: any */
  const char *zItemCode;             /* catalog item (street powers), NULL: any */
} draw_new;

/*
** What the pool and the officers would be, without saving anything: a JSON
** object {"pool_size","sample_size","officers","officer_capacity","needed",
** "experts","expert_capacity","ineligible":[{person_id,name,reason}]}. The
** same checks as draw_create; a refusal fills e.
*/
int draw_preview(zf_db *pDb, const zf_who *pActor, const draw_new *pNew, json_t **ppOut,
                 zf_error *e);

/*
** Creates and freezes a draw in one transaction: computes and stores the
** pool, officer and expert pools, exclusions, a fresh secret seed and its
** commitment; audit "draw.freeze". Refusals (nothing saved): bad fields
** (400 naming them), unit outside scope (403), empty pool, sample larger
** than the pool, too few eligible officers / workload (422 with numbers).
*/
int draw_create(zf_db *pDb, const zf_who *pActor, const draw_new *pNew, int64_t *pId,
                zf_error *e);

/*
** Draws a frozen draw: runs the algorithm, re-checks the assigned officers
** (certificate, conflicts recorded since the freeze), and in one
** transaction creates the scheduled inspections, reveals the seed, stores
** the result and marks the draw published; audit "draw.run". A failure
** names the enterprise and why; nothing is written.
*/
int draw_run(zf_db *pDb, const zf_who *pActor, int64_t id, zf_error *e);

/*
** Re-draw: a new frozen draw with the old one's parameters and the reason
** (2–200 characters); the old draw is marked superseded (its seed revealed
** if it had not been), its inspections not yet started are cancelled with
** the reason. One transaction; audit "draw.redraw".
*/
int draw_redraw(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason,
                int64_t *pNewId, zf_error *e);

/* The DRAW JSON (docs/api.md): parameters, status, hashes, commitment, the
** seed once revealed, publication due date, links; withPeople adds the
** officer/expert pools and the result rows with names. NULL when absent. */
json_t *draw_json(zf_db *pDb, int64_t id, int withPeople);

/* The published document (docs/draw-algorithm.md) of draw id: the seed
** only once revealed. NULL when absent. */
json_t *draw_document(zf_db *pDb, int64_t id);

/* Region path of draw id into zPath; ZF_ENOTFOUND. */
int draw_region_path(zf_db *pDb, int64_t id, char *zPath, size_t n);

/* The plan a draw carries out (0 = none): a published plan of the unit or
** a unit above it for the window's year (zFrom); quotaId one of its
** double-random quotas. ZF_EINVAL / ZF_EPROCEDURE naming plan_id or
** quota_id. */
int draw_plan_check(zf_db *pDb, int64_t unitId, int64_t planId, int64_t quotaId, const char *zFrom,
                    zf_error *e);

/* Demo: one published draw for the demo district (工贸 pool, 30 enterprises,
** two officers each) and one re-draw with a reason. */
int draw_demo(zf_db *pDb, int scale, zf_error *e);

/* `zhifa draw verify FILE`: prints OK or the first difference; returns the
** process exit status (0 OK, 1 mismatch, 2 unreadable). */
int draw_verify_file(const char *zPath);

/* ---- HTTP (draw_api.c) ------------------------------------------------- */
extern const json_field draw_create_body[];
extern const json_field draw_redraw_body[];
int draw_list_handler(zf_req *r);
int draw_preview_handler(zf_req *r);
int draw_create_handler(zf_req *r);
int draw_get_handler(zf_req *r);
int draw_run_handler(zf_req *r);
int draw_redraw_handler(zf_req *r);
int draw_document_handler(zf_req *r);
int draw_public_list_handler(zf_req *r);
int draw_public_get_handler(zf_req *r);
int draw_public_document_handler(zf_req *r);

#endif
